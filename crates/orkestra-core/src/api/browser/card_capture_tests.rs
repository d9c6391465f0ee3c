//! A card typed on Orkestra's payment page (`cardCapture: orkestra`): our form asks only
//! what the charge's customer needs, and a card typed here anyway is refused on its field.

use super::*;
use crate::error::{ErrorCode, FieldError};
use crate::market::{Country, Market};
use crate::methods::{CardCapture, PaymentMethod};

const TODAY: (u16, u8) = (2026, 11);
const CARD_INPUTS: [FormField; 4] = [
    FormField::CardNumber,
    FormField::CardExpiry,
    FormField::CardCvv,
    FormField::Installments,
];

fn card_payer(card: CardInput) -> SubmitTransaction {
    SubmitTransaction {
        payer: PayerInput {
            name: "Maria da Silva".into(),
            document: "529.982.247-25".into(),
            email: "maria@example.com".into(),
            ..Default::default()
        },
        details: MethodInput::Card(card),
        ..SubmitTransaction::new(PaymentMethod::Card)
    }
}

#[test]
fn on_orkestras_page_our_card_form_asks_no_card_input_in_any_market() {
    for country in [
        Country::BR,
        Country::CL,
        Country::CO,
        Country::MX,
        Country::PE,
    ] {
        let market = Market::Country(country);
        let direct = form_fields(market, PaymentMethod::Card, CardCapture::Direct);
        let on_page = form_fields(market, PaymentMethod::Card, CardCapture::Orkestra);
        assert!(
            CARD_INPUTS.iter().all(|f| !on_page.contains(f)),
            "{country}: {on_page:?}"
        );
        assert!(direct.contains(&FormField::CardNumber), "{country}");
        // What is left is the customer's part of the direct form, in the same order.
        let customer: Vec<FormField> = direct
            .iter()
            .copied()
            .filter(|f| !CARD_INPUTS.contains(f))
            .filter(|f| on_page.contains(f))
            .collect();
        assert_eq!(customer, on_page, "{country}");
        // Other methods do not care where cards are typed.
        assert_eq!(
            form_fields(market, PaymentMethod::Pix, CardCapture::Orkestra),
            form_fields(market, PaymentMethod::Pix, CardCapture::Direct)
        );
    }
}

#[test]
fn on_orkestras_page_a_card_leg_holds_no_card_and_a_typed_card_is_refused() {
    let market = Market::Country(Country::BR);
    let payer = card_payer(CardInput::default())
        .validate(market, TODAY, CardCapture::Orkestra)
        .expect("a customer without a card");
    assert_eq!(payer.details, ValidDetails::CardOnPage);
    assert!(payer.card().is_none());
    assert_eq!(payer.document.expect("the CPF").digits(), "52998224725");

    let typed = CardInput {
        number: "4111 1111 1111 1111".into(),
        expiry: "12/30".into(),
        cvv: "123".into(),
        ..CardInput::default()
    };
    let errors = card_payer(typed.clone())
        .validate(market, TODAY, CardCapture::Orkestra)
        .unwrap_err();
    assert_eq!(
        errors,
        [FieldError::new("card", ErrorCode::CardOnOrkestraPage)]
    );
    // The same card is what the direct mode takes.
    let direct = card_payer(typed)
        .validate(market, TODAY, CardCapture::Direct)
        .expect("a valid card");
    assert_eq!(direct.card().expect("card").number.last4(), "1111");
}

#[test]
fn the_card_page_next_action_is_written_and_read_back() {
    let action = NextAction::CardPage {
        url: "https://pay.orkestra.example/p/abc".into(),
    };
    let json = serde_json::to_string(&action).unwrap();
    assert_eq!(
        json,
        r#"{"type":"card_page","url":"https://pay.orkestra.example/p/abc"}"#
    );
    assert_eq!(serde_json::from_str::<NextAction>(&json).unwrap(), action);
    assert!(serde_json::from_str::<NextAction>(r#"{"type":"card_page"}"#).is_err());
}

#[test]
fn card_capture_reads_its_two_names_and_defaults_to_orkestras_page() {
    assert_eq!(CardCapture::default(), CardCapture::Orkestra);
    for mode in [CardCapture::Orkestra, CardCapture::Direct] {
        assert_eq!(CardCapture::parse(mode.as_str()), Some(mode));
        let json = serde_json::to_string(&mode).unwrap();
        assert_eq!(json, format!("\"{}\"", mode.as_str()));
    }
    assert_eq!(CardCapture::parse("Direct"), None);
}
