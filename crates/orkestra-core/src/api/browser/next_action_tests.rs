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
        NextAction::CardPage {
            url: s("https://pay.orkestra.example/card"),
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
    let mut kinds: Vec<NextActionKind> = all.iter().map(NextAction::kind).collect();
    kinds.dedup();
    assert_eq!(
        kinds,
        NextActionKind::ALL,
        "one example of each kind, in order"
    );
    for action in all {
        assert_eq!(
            serde_json::to_value(&action).unwrap()["type"],
            action.kind().tag()
        );
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

/// What serde's own derive for an internally tagged enum reads: the reference the one
/// reader (which serde now reads `NextAction` through too) is held to. Compared as the
/// JSON each writes, so it needs no conversion to `NextAction`.
#[derive(serde::Deserialize, serde::Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum Derived {
    #[serde(rename_all = "camelCase")]
    PixQrCode {
        emv: String,
        expires_at: String,
    },
    #[serde(rename_all = "camelCase")]
    Boleto {
        digitable_line: String,
        barcode: String,
        due_date: String,
        url: String,
    },
    ThreeDsChallenge {
        url: String,
    },
    BankRedirect {
        url: String,
    },
    CardPage {
        url: String,
    },
    #[serde(rename_all = "camelCase")]
    BankTransfer {
        bank_name: String,
        beneficiary: String,
        account_type: String,
        account_number: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        bic: Option<String>,
        reference: String,
        expires_at: String,
    },
    #[serde(rename_all = "camelCase")]
    CashVoucher {
        reference: String,
        barcode: String,
        networks: Vec<String>,
        expires_at: String,
    },
    #[serde(rename_all = "camelCase")]
    ApproveOnPhone {
        phone: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        operator: Option<String>,
        expires_at: String,
    },
    #[serde(rename_all = "camelCase")]
    EnterOtp {
        phone: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        operator: Option<String>,
        expires_at: String,
    },
    #[serde(rename_all = "camelCase")]
    CryptoTransfer {
        token: String,
        network: String,
        address: String,
        amount: String,
        expires_at: String,
    },
}

/// Every kind of instructions, and texts that are none: the reader and serde's derive
/// agree on each, read or refused.
#[test]
fn next_actions_read_as_serdes_derive_reads_them() {
    let mut read = 0;
    for text in [
        r#"{"type":"pix_qr_code","emv":"000201","expiresAt":"2030-01-01T00:15:00Z"}"#,
        r#"{"type":"boleto","digitableLine":"1","barcode":"2","dueDate":"2030-01-01","url":"u"}"#,
        r#"{"type":"three_ds_challenge","url":"https://bank.example/3ds"}"#,
        r#"{"type":"bank_redirect","url":"https://bank.example/pse"}"#,
        r#"{"type":"card_page","url":"https://pay.example/card"}"#,
        r#"{"type":"bank_transfer","bankName":"B","beneficiary":"O","accountType":"IBAN",
            "accountNumber":"DE89","bic":null,"reference":"R","expiresAt":"2030"}"#,
        r#"{"type":"bank_transfer","bankName":"B","beneficiary":"O","accountType":"CLABE",
            "accountNumber":"0021","bic":"X","reference":"R","expiresAt":"2030"}"#,
        r#"{"type":"bank_transfer","bankName":"B","beneficiary":"O","accountType":"CLABE",
            "accountNumber":"0021","bic":7,"reference":"R","expiresAt":"2030"}"#,
        r#"{"type":"bank_transfer","bankName":"B","beneficiary":"O","accountType":"CLABE",
            "accountNumber":"0021","reference":"R","expiresAt":"2030"}"#,
        r#"{"type":"cash_voucher","reference":"R","barcode":"B","networks":["OXXO","7E"],
            "expiresAt":"2030"}"#,
        r#"{"type":"cash_voucher","reference":"R","barcode":"B","networks":["OXXO",7],
            "expiresAt":"2030"}"#,
        r#"{"type":"cash_voucher","reference":"R","barcode":"B","networks":"OXXO",
            "expiresAt":"2030"}"#,
        r#"{"type":"cash_voucher","reference":"R","barcode":"B","networks":[],"expiresAt":"2030"}"#,
        r#"{"type":"approve_on_phone","phone":"+22**","expiresAt":"2030"}"#,
        r#"{"type":"approve_on_phone","phone":"+22**","operator":"MTN","expiresAt":"2030"}"#,
        r#"{"type":"enter_otp","phone":"+57**","operator":"NEQUI","expiresAt":"2030"}"#,
        r#"{"type":"enter_otp","phone":"+57**","operator":{"x":1},"expiresAt":"2030"}"#,
        r#"{"type":"crypto_transfer","token":"USDT","network":"TRON","address":"T",
            "amount":"10.00","expiresAt":"2030"}"#,
        r#"{"expiresAt":"2030","emv":"000201","type":"pix_qr_code"}"#,
        r#"{"expiresAt":"2030","emv":"000201","type":"pix_qr_code","new":{"x":[1]}}"#,
        r#"{"type":"pix_qr_code","emv":5,"expiresAt":"2030"}"#,
        r#"{"type":"pix_qr_code","emv":"0"}"#,
        r#"{"type":"PIX_QR_CODE","emv":"0","expiresAt":"2030"}"#,
        r#"{"type":3,"url":"u"}"#,
        r#"{"type":"unknown_kind","url":"u"}"#,
        r#"{"type":"bank_redirect"}"#,
        r#"{"url":"u"}"#,
        r#""pix_qr_code""#,
        "[]",
    ] {
        let value: serde_json::Value = serde_json::from_str(text).expect("JSON");
        let written = |v: serde_json::Result<serde_json::Value>| v.expect("written");
        let derived = serde_json::from_value::<Derived>(value.clone())
            .ok()
            .map(|d| written(serde_json::to_value(d)));
        let ours = NextAction::from_wire(&value).map(|a| written(serde_json::to_value(a)));
        assert_eq!(ours, derived, "{text}");
        read += usize::from(derived.is_some());
    }
    // Both outcomes are met: the list is not all refusals.
    assert_eq!(read, 16);
}
