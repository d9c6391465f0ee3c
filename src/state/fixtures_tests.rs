//! The end-to-end tests' payer data (`e2e/fixtures.json`) passes every form it is typed
//! into: a wrong fixture fails here in a second, not in a browser minutes later.

use orkestra_core::api::browser::FormField;
use orkestra_core::catalog::{amount_limits, Market};
use orkestra_core::methods::CardCapture;
use orkestra_core::money::{Currency, Money};
use serde_json::Value;

use super::PaymentForm;

const FIXTURES: &str = include_str!("../../e2e/fixtures.json");

fn key(market: Market) -> &'static str {
    match market {
        Market::Country(c) => c.alpha2(),
        Market::Eurozone => "EU",
        Market::World => "WORLD",
    }
}

fn value(payer: &Value, card: &Value, field: FormField) -> Option<String> {
    let name = match field {
        FormField::Name => "name",
        FormField::Document => "document",
        FormField::Email => "email",
        FormField::Phone => "phone",
        FormField::Street => "street",
        FormField::Number => "number",
        FormField::District => "district",
        FormField::City => "city",
        FormField::State => "state",
        FormField::PostalCode => "postalCode",
        FormField::Network => "network",
        FormField::CardNumber => return card["number"].as_str().map(str::to_owned),
        FormField::CardExpiry => return card["expiry"].as_str().map(str::to_owned),
        FormField::CardCvv => return card["cvv"].as_str().map(str::to_owned),
        // Chosen by the form's defaults, or (PSE's bank) from the proxy's list.
        _ => return None,
    };
    payer[name].as_str().map(str::to_owned)
}

#[test]
fn every_market_and_method_accepts_the_e2e_payer() {
    let fixtures: Value = serde_json::from_str(FIXTURES).expect("fixtures.json is JSON");
    for market in Market::ALL {
        let session = &fixtures["sessions"][key(market)];
        let currency = Currency::from_code(session["currency"].as_str().expect("currency"))
            .expect("a known currency");
        assert!(market.currencies().contains(&currency), "{market:?}");
        let amount = Money::parse_exact(session["amount"].as_str().unwrap(), currency)
            .unwrap_or_else(|e| panic!("{market:?} amount: {e:?}"));
        for method in market.methods() {
            assert_eq!(
                amount_limits(market, *method).check(amount),
                Ok(()),
                "{market:?} {method}"
            );
            let mut form = PaymentForm::new(market, *method, (2026, 1), CardCapture::Direct);
            let payer = &fixtures["payers"][key(market)];
            for field in form.fields().to_vec() {
                if let Some(v) = value(payer, &fixtures["card"], field) {
                    form.set(field, v);
                }
            }
            if form.has(FormField::Bank) {
                form.set(FormField::Bank, "1051".into());
            }
            assert!(
                form.submit().is_ok(),
                "{market:?} {method}: {:?}",
                form.fields()
                    .iter()
                    .map(|f| (f.path(), form.error(*f)))
                    .filter(|(_, e)| e.is_some())
                    .collect::<Vec<_>>()
            );
        }
    }
}
