use super::*;

#[test]
fn next_actions_are_tagged_by_type() {
    let action = NextAction::PixQrCode {
        emv: "000201".into(),
        expires_at: "2026-01-01T00:00:00Z".into(),
    };
    let json = serde_json::to_value(&action).unwrap();
    assert_eq!(json["type"], "pix_qr_code");
    assert_eq!(json["expiresAt"], "2026-01-01T00:00:00Z");
    assert_eq!(action.expires_at(), Some("2026-01-01T00:00:00Z"));
}

fn s(v: &str) -> String {
    v.to_owned()
}

/// Every kind written and read back gives itself: the flat reader and the tagged writer
/// agree on every field name.
#[test]
fn every_next_action_reads_back_as_written() {
    let all = [
        NextAction::PixQrCode {
            emv: s("000201"),
            expires_at: s("2030"),
        },
        NextAction::Boleto {
            digitable_line: s("1"),
            barcode: s("2"),
            due_date: s("2030-01-01"),
            url: s("u"),
        },
        NextAction::ThreeDsChallenge {
            url: s("https://acs.example"),
        },
        NextAction::BankRedirect {
            url: s("https://bank.example"),
        },
        NextAction::BankTransfer {
            bank_name: s("B"),
            beneficiary: s("O"),
            account_type: s("IBAN"),
            account_number: s("DE89"),
            bic: Some(s("X")),
            reference: s("R"),
            expires_at: s("2030"),
        },
        NextAction::BankTransfer {
            bank_name: s("B"),
            beneficiary: s("O"),
            account_type: s("CLABE"),
            account_number: s("0021"),
            bic: None,
            reference: s("R"),
            expires_at: s("2030"),
        },
        NextAction::CashVoucher {
            reference: s("R"),
            barcode: s("B"),
            networks: vec![s("OXXO"), s("7E")],
            expires_at: s("2030"),
        },
        NextAction::ApproveOnPhone {
            phone: s("+22**"),
            operator: None,
            expires_at: s("2030"),
        },
        NextAction::EnterOtp {
            phone: s("+57**"),
            operator: Some(s("DAVIPLATA")),
            expires_at: s("2030"),
        },
        NextAction::CryptoTransfer {
            token: s("USDT"),
            network: s("TRON"),
            address: s("T"),
            amount: s("10.000000"),
            expires_at: s("2030"),
        },
    ];
    for action in all {
        let json = serde_json::to_string(&action).unwrap();
        assert_eq!(
            serde_json::from_str::<NextAction>(&json).unwrap(),
            action,
            "{json}"
        );
    }
}

/// An unknown kind, a missing tag or a missing field is not a next action; unknown keys
/// and key order don't matter.
#[test]
fn malformed_next_actions_are_rejected() {
    let read = |t: &str| serde_json::from_str::<NextAction>(t).ok();
    assert_eq!(read(r#"{"type":"unknown_kind","url":"u"}"#), None);
    assert_eq!(read(r#"{"url":"u"}"#), None);
    assert_eq!(read(r#"{"type":"bank_redirect"}"#), None);
    assert_eq!(read(r#"{"type":"pix_qr_code","emv":"0"}"#), None);
    assert_eq!(
        read(r#"{"expiresAt":"2030","new":{"x":[1]},"emv":"0","type":"pix_qr_code"}"#),
        Some(NextAction::PixQrCode {
            emv: s("0"),
            expires_at: s("2030")
        })
    );
}
