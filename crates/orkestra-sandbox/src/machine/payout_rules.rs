//! What a payout request must be (docs 5.1 PIX, 5.2 SPEI, and a generic
//! `BANK_TRANSFER`): the rules a payout, or a refund's alternative payout, is checked by
//! before it is stored. Keys and documents are personal data: what is kept of the key is
//! its mask (`***3456`) and its last four characters (the magic values).

use orkestra_core::api::orkestra::{
    AmountUnits, Beneficiary, PayoutRequest, ReceivingBankAccount, WireAmount,
};
use orkestra_core::catalog::document_types;
use orkestra_core::money::{Currency, PositiveMoney};
use orkestra_core::validate::{clabe, document, email, BrDocument, Phone};
use orkestra_core::{Country, DocumentType};

use crate::amounts::positive;
use crate::error::SandboxError;

/// A payout request that passed every check, ready to be stored.
pub struct CheckedPayout {
    /// The request with its amount normalised: what idempotency compares.
    pub request_json: String,
    pub reference_id: Option<String>,
    pub amount: PositiveMoney,
    pub currency: Currency,
    pub payment_method: String,
    /// `***` and the key's last four characters.
    pub receiving_account: String,
    /// The key's last four characters (normalised): the magic values.
    pub account_tail: String,
    pub beneficiary_name: String,
}

/// Checks a payout request the way Orkestra's docs describe it (5.1 PIX, 5.2 SPEI) plus a
/// generic `BANK_TRANSFER`. Field paths are those of the request body
/// (`receivingBankAccount.key`, `beneficiary.document`, …), which a refund's body shares.
pub fn check(request: &PayoutRequest, units: AmountUnits) -> Result<CheckedPayout, SandboxError> {
    if let Some(reference) = &request.reference_id {
        if reference.trim().is_empty() || reference.len() > 100 {
            return Err(SandboxError::invalid(
                "referenceId",
                "INVALID_FIELD",
                "referenceId must have 1 to 100 characters",
            ));
        }
    }
    let amount = positive(&request.amount, request.currency, units, "amount")?;
    let account = &request.receiving_bank_account;
    let (key, country) = match request.payment_method.as_str() {
        "PIX" => {
            need_currency(request.currency, Currency::BRL, "PIX")?;
            let key = pix_key(&account.key)?;
            check_pix_account_document(account)?;
            (key, Some(Country::BR))
        }
        "SPEI" => {
            need_currency(request.currency, Currency::MXN, "SPEI")?;
            let key = clabe(&account.key).map_err(|code| {
                SandboxError::invalid(
                    "receivingBankAccount.key",
                    "INVALID_CLABE",
                    format!("the key must be an 18-digit CLABE: {}", code.as_str()),
                )
            })?;
            check_optional_account_document(account, Country::MX)?;
            (key.digits().to_owned(), Some(Country::MX))
        }
        "BANK_TRANSFER" => {
            let key = generic_account(&account.key)?;
            let country = country_of(request.currency);
            if let Some(country) = country {
                check_optional_account_document(account, country)?;
            }
            (key, country)
        }
        other => {
            return Err(SandboxError::invalid(
                "paymentMethod",
                "UNSUPPORTED_PAYMENT_METHOD",
                format!("payouts go by PIX, SPEI or BANK_TRANSFER, not {other}"),
            ))
        }
    };
    check_beneficiary(&request.beneficiary, &request.payment_method, country)?;

    let mut normalised = request.clone();
    normalised.amount = WireAmount::from_money(amount.get(), units);
    let request_json = serde_json::to_string(&normalised)
        .map_err(|_| SandboxError::invalid("", "INVALID_REQUEST", "unserialisable"))?;
    let tail: String = {
        let chars: Vec<char> = key.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
        chars[chars.len().saturating_sub(4)..].iter().collect()
    };
    Ok(CheckedPayout {
        request_json,
        reference_id: request.reference_id.clone(),
        amount,
        currency: request.currency,
        payment_method: request.payment_method.clone(),
        receiving_account: format!("***{}", last_chars(&key, 4)),
        account_tail: tail,
        beneficiary_name: format!(
            "{} {}",
            request.beneficiary.first_name.trim(),
            request.beneficiary.last_name.trim()
        ),
    })
}

fn last_chars(s: &str, n: usize) -> String {
    let chars: Vec<char> = s.chars().collect();
    chars[chars.len().saturating_sub(n)..].iter().collect()
}

fn need_currency(given: Currency, wanted: Currency, method: &str) -> Result<(), SandboxError> {
    if given == wanted {
        Ok(())
    } else {
        Err(SandboxError::invalid(
            "currency",
            "UNSUPPORTED_CURRENCY",
            format!("{method} payouts are in {} only", wanted.code()),
        ))
    }
}

/// A PIX key, normalised: a CPF or CNPJ (digits), an email, a `+55` mobile number (E.164)
/// or a random key (EVP, a UUID, lower-case).
fn pix_key(input: &str) -> Result<String, SandboxError> {
    let invalid = |message: &str| {
        SandboxError::invalid(
            "receivingBankAccount.key",
            "INVALID_PIX_KEY",
            message.to_owned(),
        )
    };
    let key = input.trim();
    if key.is_empty() {
        return Err(invalid("the PIX key is required"));
    }
    if key.starts_with('+') {
        let phone = Phone::parse_e164(key)
            .map_err(|_| invalid("a phone key is a Brazilian mobile number as +55…"))?;
        if phone.country() != Country::BR {
            return Err(invalid("a phone key is a Brazilian mobile number as +55…"));
        }
        return Ok(phone.e164());
    }
    if key.contains('@') {
        return email(key)
            .map(|e| e.as_str().to_owned())
            .map_err(|_| invalid("not a valid email key"));
    }
    if is_uuid(key) {
        return Ok(key.to_ascii_lowercase());
    }
    BrDocument::parse(key)
        .map(|d| d.digits().to_owned())
        .map_err(|_| {
            invalid("a PIX key is a CPF, a CNPJ, an email, a +55 phone or a random key (UUID)")
        })
}

fn is_uuid(s: &str) -> bool {
    s.len() == 36
        && s.char_indices().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => c == '-',
            _ => c.is_ascii_hexdigit(),
        })
}

/// Docs 5.1: the document tied to a PIX key, CPF or CNPJ, is required.
fn check_pix_account_document(account: &ReceivingBankAccount) -> Result<(), SandboxError> {
    let document_type = account.document_type.as_deref().ok_or_else(|| {
        SandboxError::invalid(
            "receivingBankAccount.documentType",
            "INVALID_FIELD",
            "documentType (CPF or CNPJ) is required for PIX",
        )
    })?;
    let number = account.document.as_deref().ok_or_else(|| {
        SandboxError::invalid(
            "receivingBankAccount.document",
            "INVALID_FIELD",
            "document is required for PIX",
        )
    })?;
    check_document(
        Country::BR,
        &[DocumentType::Cpf, DocumentType::Cnpj],
        document_type,
        number,
        "receivingBankAccount",
    )
}

/// Where the account's document is given, it must be valid for the country.
fn check_optional_account_document(
    account: &ReceivingBankAccount,
    country: Country,
) -> Result<(), SandboxError> {
    match (&account.document_type, &account.document) {
        (Some(t), Some(d)) => check_document(
            country,
            document_types(country),
            t,
            d,
            "receivingBankAccount",
        ),
        (None, None) => Ok(()),
        (None, Some(_)) => Err(SandboxError::invalid(
            "receivingBankAccount.documentType",
            "INVALID_FIELD",
            "documentType is required with document",
        )),
        (Some(_), None) => Err(SandboxError::invalid(
            "receivingBankAccount.document",
            "INVALID_FIELD",
            "document is required with documentType",
        )),
    }
}

fn check_document(
    country: Country,
    allowed: &[DocumentType],
    document_type: &str,
    number: &str,
    field: &str,
) -> Result<(), SandboxError> {
    let kind = DocumentType::from_str_exact(document_type)
        .filter(|k| allowed.contains(k))
        .ok_or_else(|| {
            let names: Vec<&str> = allowed.iter().map(|k| k.as_str()).collect();
            SandboxError::invalid(
                format!("{field}.documentType"),
                "INVALID_DOCUMENT",
                format!("documentType must be one of {}", names.join(", ")),
            )
        })?;
    document(country, kind, number).map_err(|code| {
        SandboxError::invalid(
            format!("{field}.document"),
            "INVALID_DOCUMENT",
            format!("not a valid {}: {}", kind.as_str(), code.as_str()),
        )
    })?;
    Ok(())
}

/// A generic account number or key: 4 to 34 letters and digits once spaces and `-` are
/// removed (34 is an IBAN's maximum).
fn generic_account(input: &str) -> Result<String, SandboxError> {
    let key: String = input
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect();
    if (4..=34).contains(&key.len()) && key.bytes().all(|b| b.is_ascii_alphanumeric()) {
        Ok(key.to_ascii_uppercase())
    } else {
        Err(SandboxError::invalid(
            "receivingBankAccount.key",
            "INVALID_ACCOUNT",
            "the account must have 4 to 34 letters and digits",
        ))
    }
}

/// The one catalog country paying in `currency` whose documents we know, if any.
fn country_of(currency: Currency) -> Option<Country> {
    let mut countries = Country::ALL
        .into_iter()
        .filter(|c| c.currency() == currency && !document_types(*c).is_empty());
    match (countries.next(), countries.next()) {
        (Some(one), None) => Some(one),
        _ => None,
    }
}

fn check_beneficiary(
    beneficiary: &Beneficiary,
    method: &str,
    country: Option<Country>,
) -> Result<(), SandboxError> {
    for (value, name) in [
        (&beneficiary.first_name, "firstName"),
        (&beneficiary.last_name, "lastName"),
    ] {
        if value.trim().is_empty() || value.len() > 100 {
            return Err(SandboxError::invalid(
                format!("beneficiary.{name}"),
                "INVALID_FIELD",
                format!("{name} must have 1 to 100 characters"),
            ));
        }
    }
    if !matches!(beneficiary.kind.as_str(), "INDIVIDUAL" | "BUSINESS") {
        return Err(SandboxError::invalid(
            "beneficiary.type",
            "INVALID_FIELD",
            "type must be INDIVIDUAL or BUSINESS",
        ));
    }
    match (method, country) {
        ("PIX", _) => check_document(
            Country::BR,
            &[DocumentType::Cpf, DocumentType::Cnpj],
            &beneficiary.document_type,
            &beneficiary.document,
            "beneficiary",
        )?,
        ("SPEI", _) => check_document(
            Country::MX,
            &[DocumentType::Rfc, DocumentType::Curp],
            &beneficiary.document_type,
            &beneficiary.document,
            "beneficiary",
        )?,
        (_, Some(country))
            if DocumentType::from_str_exact(&beneficiary.document_type)
                .is_some_and(|k| document_types(country).contains(&k)) =>
        {
            check_document(
                country,
                document_types(country),
                &beneficiary.document_type,
                &beneficiary.document,
                "beneficiary",
            )?
        }
        _ => {
            if beneficiary.document.trim().is_empty() {
                return Err(SandboxError::invalid(
                    "beneficiary.document",
                    "INVALID_FIELD",
                    "document is required",
                ));
            }
            if beneficiary.document_type.trim().is_empty() {
                return Err(SandboxError::invalid(
                    "beneficiary.documentType",
                    "INVALID_FIELD",
                    "documentType is required",
                ));
            }
        }
    }
    if let Some(address) = &beneficiary.email_address {
        email(address).map_err(|code| {
            SandboxError::invalid("beneficiary.emailAddress", "INVALID_FIELD", code.as_str())
        })?;
    }
    if let Some(phone) = &beneficiary.phone_number {
        Phone::parse_e164(phone).map_err(|code| {
            SandboxError::invalid(
                "beneficiary.phoneNumber",
                "INVALID_FIELD",
                format!("phoneNumber must be E.164: {}", code.as_str()),
            )
        })?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pix_keys_of_every_kind_are_recognised() {
        assert_eq!(pix_key("529.982.247-25").unwrap(), "52998224725");
        assert_eq!(pix_key("11.222.333/0001-81").unwrap(), "11222333000181");
        assert_eq!(pix_key("maria@example.com").unwrap(), "maria@example.com");
        assert_eq!(pix_key("+55 11 98765-4321").unwrap(), "+5511987654321");
        assert_eq!(
            pix_key("123E4567-E89B-12D3-A456-426614174000").unwrap(),
            "123e4567-e89b-12d3-a456-426614174000"
        );
        for bad in [
            "",
            "529.982.247-24",
            "maria@",
            "+12025550123",
            "11987654321x",
        ] {
            assert!(pix_key(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn generic_accounts_are_letters_and_digits() {
        assert_eq!(generic_account("0123 4567-89").unwrap(), "0123456789");
        assert!(generic_account("12").is_err());
        assert!(generic_account("12#45").is_err());
    }
}
