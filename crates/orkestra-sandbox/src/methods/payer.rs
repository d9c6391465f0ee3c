//! The payer data a method needs, checked with the catalog and the core validators: the
//! document types the method takes in the country and the number's check digits, the
//! email and phone where Orkestra or the catalog ask for them, and boleto's address.

use orkestra_core::catalog::{
    method_document_types, payer_field_is_optional, payer_fields, Country, DocumentType, Market,
    PayerField,
};
use orkestra_core::methods::{spec, OptionsKind};
use orkestra_core::validate::{document, email, phone, Phone};
use orkestra_core::{ErrorCode, PaymentMethod};

use super::{Method, Request};
use crate::error::SandboxError;

pub fn check(market: Market, method: Method, r: &Request) -> Result<(), SandboxError> {
    let Some(country) = market.country() else {
        // SEPA and crypto ask the payer for nothing (catalog `market_payer_fields`).
        return Ok(());
    };
    let core = method.method;
    let pse = core == PaymentMethod::Pse;
    let fields = payer_fields(country, core);
    let optional = |field| payer_field_is_optional(country, core, field);
    let types = method_document_types(country, core);
    let skipped = r.customer.document.trim().is_empty() && optional(PayerField::Document);
    if !types.is_empty() && !skipped {
        check_document(country, types, r)?;
    }
    // PSE: Orkestra requires the email (orkestra-api.md 4.5). Elsewhere it is checked when
    // the catalog asks for it and it is given.
    let asked = fields.contains(&PayerField::Email);
    match given(&r.customer.email_address) {
        None if pse => {
            return Err(SandboxError::invalid(
                r.customer_at("emailAddress"),
                "INVALID_FIELD",
                "emailAddress is required for PSE",
            ))
        }
        Some(address) if asked || pse => {
            email(address).map_err(|code| {
                SandboxError::invalid(
                    r.customer_at("emailAddress"),
                    "INVALID_EMAIL",
                    code.as_str(),
                )
            })?;
        }
        _ => {}
    }
    // Wallets check their phone themselves (with the operator); PSE requires one.
    let wallet = spec(core).options == OptionsKind::Wallet;
    if !wallet && (pse || fields.contains(&PayerField::Phone)) {
        phone_of(country, r, pse)?;
    }
    if fields.contains(&PayerField::Address) {
        check_address(country, r)?;
    }
    Ok(())
}

/// The customer's phone, parsed as a mobile of `country`; `None` when absent and not
/// `required`.
pub fn phone_of(
    country: Country,
    r: &Request,
    required: bool,
) -> Result<Option<Phone>, SandboxError> {
    let field = r.customer_at("phoneNumber");
    match given(&r.customer.phone_number) {
        None if required => Err(SandboxError::invalid(
            field,
            "INVALID_FIELD",
            format!("phoneNumber is required for {}", r.tx.payment_method),
        )),
        None => Ok(None),
        Some(number) => phone(country, number).map(Some).map_err(|code| {
            SandboxError::invalid(field, "INVALID_PHONE", phone_message(country, code))
        }),
    }
}

fn phone_message(country: Country, code: ErrorCode) -> String {
    match code {
        ErrorCode::NotMobile => format!("not a mobile number of {country}"),
        ErrorCode::WrongCountryCode => format!("not a number of {country}"),
        other => other.as_str().to_owned(),
    }
}

fn given(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

fn check_document(
    country: Country,
    types: &[DocumentType],
    r: &Request,
) -> Result<(), SandboxError> {
    let names: Vec<&str> = types.iter().map(|t| t.as_str()).collect();
    let kind = DocumentType::from_str_exact(r.customer.document_type.trim())
        .filter(|t| types.contains(t))
        .ok_or_else(|| {
            SandboxError::invalid(
                r.customer_at("documentType"),
                "INVALID_DOCUMENT",
                format!(
                    "{} in {country} takes documentType {}",
                    r.tx.payment_method,
                    names.join(", ")
                ),
            )
        })?;
    let number = &r.customer.document;
    match document(country, kind, number) {
        Ok(_) => Ok(()),
        Err(code) => {
            // A valid number of another accepted type (a CNPJ sent as CPF) is a wrong
            // type, not a wrong number. A bad check digit is the number's fault.
            let other_type = code != ErrorCode::InvalidCheckDigit
                && types
                    .iter()
                    .any(|t| *t != kind && document(country, *t, number).is_ok());
            Err(if other_type {
                SandboxError::invalid(
                    r.customer_at("documentType"),
                    "INVALID_DOCUMENT",
                    "documentType does not match the document",
                )
            } else {
                SandboxError::invalid(r.customer_at("document"), "INVALID_DOCUMENT", code.as_str())
            })
        }
    }
}

/// Boleto's `livingAddress` (orkestra-api.md 4.2): street, city, state and postal code,
/// in the market's country; in Brazil an 8-digit CEP.
fn check_address(country: Country, r: &Request) -> Result<(), SandboxError> {
    let address = r.customer.living_address.as_ref().ok_or_else(|| {
        SandboxError::invalid(
            r.customer_at("livingAddress"),
            "INVALID_FIELD",
            format!("livingAddress is required for {}", r.tx.payment_method),
        )
    })?;
    for (name, value) in [
        ("street", &address.street),
        ("city", &address.city),
        ("state", &address.state),
        ("postalCode", &address.postal_code),
    ] {
        if value.trim().is_empty() {
            return Err(SandboxError::invalid(
                r.customer_at(&format!("livingAddress.{name}")),
                "INVALID_FIELD",
                format!("{name} is required"),
            ));
        }
    }
    if !address
        .country
        .trim()
        .eq_ignore_ascii_case(country.alpha2())
    {
        return Err(SandboxError::invalid(
            r.customer_at("livingAddress.country"),
            "INVALID_FIELD",
            format!("the address must be in {country}"),
        ));
    }
    if country == Country::BR {
        let cep: String = address
            .postal_code
            .chars()
            .filter(|c| !matches!(c, '-' | '.' | ' '))
            .collect();
        if cep.len() != 8 || !cep.bytes().all(|b| b.is_ascii_digit()) {
            return Err(SandboxError::invalid(
                r.customer_at("livingAddress.postalCode"),
                "INVALID_FIELD",
                "a CEP has 8 digits",
            ));
        }
    }
    Ok(())
}
