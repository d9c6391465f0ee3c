use super::*;
use orkestra_core::catalog::PaymentMethod;

const EMV: &str = "00020126330014br.gov.bcb.pix011112345678909520400005303986540510.505802BR5912LOJA EXEMPLO6009SAO PAULO62130509PEDIDO12363045119";
const BARCODE: &str = "34191140200000123451090000012345678901234567";

fn session(status: &str, transactions: &str) -> PageSession {
    serde_json::from_str(&format!(
        r#"{{"status":"{status}","country":"BR","currency":"BRL","amount":"150.00",
        "locale":"pt-BR","merchantName":"Loja","expiresAt":"2030-01-01T00:00:00Z",
        "methods":["CARD","PIX","BOLETO"],"transactions":[{transactions}]}}"#
    ))
    .expect("a valid PageSession")
}

fn tx(id: &str, status: &str, emv: Option<&str>) -> String {
    let action = emv.map_or(String::new(), |emv| {
        format!(r#","nextAction":{{"type":"pix_qr_code","emv":"{emv}","expiresAt":"2030-01-01T00:15:00Z"}}"#)
    });
    format!(r#"{{"id":"{id}","method":"PIX","amount":"150.00","status":"{status}"{action}}}"#)
}

fn with_action(method: &str, action: &str) -> String {
    format!(
        r#"{{"id":"t1","method":"{method}","amount":"150.00","status":"pending","nextAction":{action}}}"#
    )
}

#[test]
fn an_open_session_without_attempts_offers_its_methods() {
    let s = session("open", "");
    assert_eq!(Stage::of(&s, None), Stage::Choose);
    assert_eq!(
        s.offered_methods(),
        [
            PaymentMethod::Card,
            PaymentMethod::Pix,
            PaymentMethod::Boleto
        ]
    );
    assert_eq!(s.initial_method(), Some(PaymentMethod::Card));
}

#[test]
fn a_pending_attempt_with_a_valid_code_shows_the_code() {
    let s = session("pending", &tx("t1", "pending", Some(EMV)));
    let Stage::Action(NextAction::PixQrCode { emv, .. }) = Stage::of(&s, None) else {
        panic!("expected the Pix code");
    };
    assert_eq!(emv, EMV);
    assert_eq!(status_attr(&s), "pending");
    assert_eq!(
        s.initial_method(),
        Some(PaymentMethod::Pix),
        "a retry starts on the same method"
    );
}

#[test]
fn a_code_with_a_wrong_checksum_is_never_shown() {
    let bad = EMV.replace("5119", "5118");
    let s = session("pending", &tx("t1", "pending", Some(&bad)));
    assert_eq!(Stage::of(&s, None), Stage::InvalidCode);
}

#[test]
fn a_boleto_is_shown_only_when_its_barcode_checks_out() {
    let boleto = |barcode: &str| {
        with_action(
            "BOLETO",
            &format!(
                r#"{{"type":"boleto","digitableLine":"x","barcode":"{barcode}","dueDate":"2026-03-31","url":"https://example.com/b.pdf"}}"#
            ),
        )
    };
    let s = session("pending", &boleto(BARCODE));
    assert!(matches!(
        Stage::of(&s, None),
        Stage::Action(NextAction::Boleto { .. })
    ));
    let s = session("pending", &boleto(&BARCODE.replace("3419114", "3419214")));
    assert_eq!(Stage::of(&s, None), Stage::InvalidCode);
}

#[test]
fn every_other_instruction_is_shown_as_sent() {
    let s = session(
        "pending",
        &with_action(
            "CARD",
            r#"{"type":"three_ds_challenge","url":"https://acs.example/c"}"#,
        ),
    );
    assert_eq!(
        Stage::of(&s, None),
        Stage::Action(NextAction::ThreeDsChallenge {
            url: "https://acs.example/c".into()
        })
    );
}

#[test]
fn an_attempt_without_instructions_yet_is_still_being_created() {
    assert_eq!(
        Stage::of(&session("pending", &tx("t1", "creating", None)), None),
        Stage::Creating
    );
    assert_eq!(
        Stage::of(&session("pending", &tx("t1", "pending", None)), None),
        Stage::Creating
    );
}

#[test]
fn a_paid_session_is_paid_whatever_the_attempt_says() {
    let s = session("paid", &tx("t1", "pending", Some(EMV)));
    assert_eq!(Stage::of(&s, None), Stage::Paid);
    assert_eq!(status_attr(&s), "paid");
}

#[test]
fn an_ended_attempt_offers_a_retry_until_dismissed() {
    let s = session("failed", &tx("t1", "expired", Some(EMV)));
    assert_eq!(
        Stage::of(&s, None),
        Stage::AttemptEnded(TransactionStatus::Expired)
    );
    assert_eq!(Stage::of(&s, Some("t1")), Stage::Choose);
    // A later attempt is not hidden by an older dismissal.
    let s = session(
        "failed",
        &[tx("t1", "failed", None), tx("t2", "failed", None)].join(","),
    );
    assert_eq!(
        Stage::of(&s, Some("t1")),
        Stage::AttemptEnded(TransactionStatus::Failed)
    );
}

#[test]
fn a_closed_session_cannot_be_retried() {
    let s = session("expired", &tx("t1", "expired", None));
    assert_eq!(
        Stage::of(&s, Some("t1")),
        Stage::Closed(SessionStatus::Expired)
    );
    let s = session("cancelled", "");
    assert_eq!(Stage::of(&s, None), Stage::Closed(SessionStatus::Cancelled));
}

#[test]
fn methods_the_market_does_not_offer_are_left_out() {
    let mut s = session("open", "");
    s.methods = vec![PaymentMethod::Spei, PaymentMethod::Pix, PaymentMethod::Pix];
    assert_eq!(s.offered_methods(), [PaymentMethod::Pix]);
    s.methods = vec![PaymentMethod::Spei];
    assert_eq!(Stage::of(&s, None), Stage::Unavailable);
    assert_eq!(s.initial_method(), None);
}

#[test]
fn sepa_and_crypto_sessions_have_no_country() {
    let mut s = session("open", "");
    s.country = None;
    s.currency = orkestra_core::money::Currency::EUR;
    s.methods = vec![PaymentMethod::Sepa];
    assert_eq!(s.offered_methods(), [PaymentMethod::Sepa]);
    s.currency = orkestra_core::money::Currency::USDT;
    s.methods = vec![PaymentMethod::Crypto];
    assert_eq!(Stage::of(&s, None), Stage::Choose);
}

#[test]
fn a_snapshot_that_knows_fewer_attempts_is_stale() {
    let old = session("open", "");
    let new = session("pending", &tx("t1", "creating", None));
    assert!(is_newer(&old, &new));
    assert!(!is_newer(&new, &old));
}

/// A session whose charge has this balance (paid, pending, left of 150.00).
fn split(status: &str, transactions: &str, paid: &str, pending: &str, left: &str) -> PageSession {
    let mut s = session(status, transactions);
    s.charge = Some(PageCharge {
        id: "ch_1".into(),
        status: orkestra_core::api::merchant::OrderStatus::PartiallyPaid,
        amount: "150.00".into(),
        paid_amount: paid.into(),
        pending_amount: pending.into(),
        remaining_amount: left.into(),
        index: 0,
        count: 1,
    });
    s
}

#[test]
fn a_paid_leg_that_leaves_part_of_the_charge_goes_back_to_the_form() {
    let card = r#"{"id":"t1","method":"CARD","amount":"50.00","status":"paid"}"#;
    let s = split("pending", card, "50.00", "0.00", "100.00");
    assert_eq!(Stage::of(&s, None), Stage::Choose);
    assert_eq!(status_attr(&s), "pending", "the session's, not the leg's");
    assert_eq!(
        remaining(&s).map(|m| m.to_decimal_string()).as_deref(),
        Some("100.00")
    );
    let (paid, pending) = progress(&s).expect("something is paid");
    assert_eq!((paid.minor(), pending.minor()), (5_000, 0));
}

#[test]
fn the_last_leg_paid_is_paid_even_before_the_sessions_status_says_so() {
    let both = format!(
        r#"{{"id":"t1","method":"CARD","amount":"50.00","status":"paid"}},{}"#,
        tx("t2", "paid", None)
    );
    let s = split("pending", &both, "150.00", "0.00", "0.00");
    assert_eq!(Stage::of(&s, None), Stage::Paid);
}

#[test]
fn a_charge_with_nothing_paid_or_pending_shows_no_balance() {
    let s = split("open", "", "0.00", "0.00", "150.00");
    assert_eq!(progress(&s), None);
    assert_eq!(Stage::of(&s, None), Stage::Choose);
}
