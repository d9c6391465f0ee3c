use super::*;
use crate::money::{Currency, Money};

fn brl(minor: u64) -> Money {
    Money::from_minor(Currency::BRL, minor).unwrap()
}

#[test]
fn amounts_go_on_the_wire_as_exact_json_numbers() {
    let amount = WireAmount::from_money(brl(15000), AmountUnits::Major);
    assert_eq!(serde_json::to_string(&amount).unwrap(), "150.00");
    let amount = WireAmount::from_money(brl(15000), AmountUnits::Minor);
    assert_eq!(serde_json::to_string(&amount).unwrap(), "15000");
}

#[test]
fn wire_amounts_come_back_without_floats() {
    let amount: WireAmount = serde_json::from_str("150.1").unwrap();
    assert_eq!(
        amount.to_money(Currency::BRL, AmountUnits::Major).unwrap(),
        brl(15010)
    );
    let amount: WireAmount = serde_json::from_str("\"0.30\"").unwrap();
    assert_eq!(
        amount.to_money(Currency::BRL, AmountUnits::Major).unwrap(),
        brl(30)
    );
    let amount: WireAmount = serde_json::from_str("15000").unwrap();
    assert_eq!(
        amount.to_money(Currency::BRL, AmountUnits::Minor).unwrap(),
        brl(15000)
    );
    assert!(serde_json::from_str::<WireAmount>("1e3").is_err());
    assert!(serde_json::from_str::<WireAmount>("true").is_err());
}

#[test]
fn the_webhook_reads_the_documented_field_names() {
    let json = r#"{"id":12345,"referenceId":"REF123456","amount":200,"paidAmount":200,
        "currency":"BRL","allowsThirdPartyPayments":true,"status":"PAID","metadata":{},
        "charges":[],"transactions":[]}"#;
    let hook: OrderWebhook = serde_json::from_str(json).unwrap();
    assert_eq!(hook.status, OrderStatus::Paid);
    assert_eq!(hook.reference_id, "REF123456");
}
