use super::*;

fn filled(name: &str, document: &str, email: &str) -> PayerForm {
    let mut form = PayerForm::default();
    form.set(PayerField::Name, name.into());
    form.set(PayerField::Document, document.into());
    form.set(PayerField::Email, email.into());
    form
}

#[test]
fn the_merchants_customer_prefills_the_form_without_messages() {
    let customer = CustomerInput {
        name: Some("Maria da Silva".into()),
        email: None,
        document: Some("529.982.247-25".into()),
    };
    let form = PayerForm::prefilled(Some(&customer));
    assert_eq!(form.value(PayerField::Name), "Maria da Silva");
    assert_eq!(form.value(PayerField::Email), "");
    assert!(FIELDS.iter().all(|f| form.error(*f).is_none()));
    assert_eq!(PayerForm::prefilled(None), PayerForm::default());
}

#[test]
fn leaving_an_empty_untouched_field_shows_nothing() {
    let mut form = PayerForm::default();
    form.blur(PayerField::Name);
    assert_eq!(form.error(PayerField::Name), None);
}

#[test]
fn leaving_a_wrong_field_shows_the_rule_that_failed() {
    let mut form = filled("Maria da Silva", "529.982.247-26", "maria@");
    form.blur(PayerField::Document);
    assert_eq!(
        form.error(PayerField::Document),
        Some(ErrorCode::InvalidCheckDigit)
    );
    assert_eq!(
        form.error(PayerField::Email),
        None,
        "only the field left is checked"
    );
}

#[test]
fn typing_follows_a_shown_message_but_never_adds_one() {
    let mut form = filled("", "529.982.247-26", "");
    form.set(PayerField::Email, "m".into());
    assert_eq!(form.error(PayerField::Email), None);
    form.blur(PayerField::Document);
    form.set(PayerField::Document, "529.982.247-25".into());
    assert_eq!(form.error(PayerField::Document), None);
}

#[test]
fn submit_shows_every_message_and_points_at_the_first_field() {
    let mut form = filled("Maria da Silva", "", "maria@");
    assert!(!form.is_valid());
    assert_eq!(
        form.submit(Country::BR),
        Err(SubmitBlocked::Field(PayerField::Document))
    );
    assert_eq!(form.error(PayerField::Document), Some(ErrorCode::Required));
    assert_eq!(form.error(PayerField::Email), Some(ErrorCode::InvalidEmail));
    assert_eq!(form.error(PayerField::Name), None);
}

#[test]
fn a_valid_form_submits_what_was_typed() {
    let mut form = filled("Maria da Silva", "529.982.247-25", "maria@example.com");
    assert!(form.is_valid());
    let request = form.submit(Country::BR).expect("valid");
    assert_eq!(request.method, Some(PaymentMethod::Pix));
    assert_eq!(request.payer.document, "529.982.247-25");
}

#[test]
fn pix_is_only_for_brazil() {
    let mut form = filled("Maria da Silva", "529.982.247-25", "maria@example.com");
    assert_eq!(form.submit(Country::MX), Err(SubmitBlocked::Unsupported));
}

#[test]
fn server_field_errors_land_under_their_fields() {
    let mut form = filled("Maria da Silva", "529.982.247-25", "maria@example.com");
    let first = form.show(&[
        FieldError::new("payer.email", ErrorCode::InvalidEmail),
        FieldError::new("payer.document", ErrorCode::RepeatedDigits),
        FieldError::new("amount", ErrorCode::AmountZero),
    ]);
    assert_eq!(first, Some(PayerField::Document));
    assert_eq!(
        form.error(PayerField::Document),
        Some(ErrorCode::RepeatedDigits)
    );
    assert_eq!(field_for_path("payer.name"), Some(PayerField::Name));
    assert_eq!(field_for_path("name"), None);
}
