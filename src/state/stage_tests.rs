use super::*;

const EMV: &str = "00020126330014br.gov.bcb.pix011112345678909520400005303986540510.505802BR5912LOJA EXEMPLO6009SAO PAULO62130509PEDIDO12363045119";

fn session(status: &str, transactions: &str) -> PageSession {
    serde_json::from_str(&format!(
        r#"{{"status":"{status}","country":"BR","currency":"BRL","amount":"150.00",
        "locale":"pt-BR","merchantName":"Loja","expiresAt":"2030-01-01T00:00:00Z",
        "methods":["PIX"],"transactions":[{transactions}]}}"#
    ))
    .expect("a valid PageSession")
}

fn tx(id: &str, status: &str, emv: Option<&str>) -> String {
    let action = emv.map_or(String::new(), |emv| {
        format!(r#","nextAction":{{"type":"pix_qr_code","emv":"{emv}","expiresAt":"2030-01-01T00:15:00Z"}}"#)
    });
    format!(r#"{{"id":"{id}","method":"PIX","amount":"150.00","status":"{status}"{action}}}"#)
}

#[test]
fn an_open_session_without_attempts_shows_the_form() {
    assert_eq!(Stage::of(&session("open", ""), None), Stage::Form);
}

#[test]
fn a_pending_attempt_with_a_valid_code_shows_the_code() {
    let s = session("pending", &tx("t1", "pending", Some(EMV)));
    let Stage::AwaitingPix { emv, .. } = Stage::of(&s, None) else {
        panic!("expected the Pix code");
    };
    assert_eq!(emv, EMV);
    assert_eq!(status_attr(&s), "pending");
}

#[test]
fn a_code_with_a_wrong_checksum_is_never_shown() {
    let bad = EMV.replace("5119", "5118");
    let s = session("pending", &tx("t1", "pending", Some(&bad)));
    assert_eq!(Stage::of(&s, None), Stage::InvalidCode);
}

#[test]
fn an_attempt_without_a_code_yet_is_still_being_created() {
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
    assert_eq!(Stage::of(&s, Some("t1")), Stage::Form);
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
}

#[test]
fn other_methods_are_unavailable_here() {
    let mut s = session("open", "");
    s.methods = vec![PaymentMethod::Card];
    assert_eq!(Stage::of(&s, None), Stage::Unavailable);
}

#[test]
fn a_snapshot_that_knows_fewer_attempts_is_stale() {
    let old = session("open", "");
    let new = session("pending", &tx("t1", "creating", None));
    assert!(is_newer(&old, &new));
    assert!(!is_newer(&new, &old));
}
