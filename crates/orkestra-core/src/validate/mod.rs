//! Parse, don't validate: each function turns what a payer typed into a type that can only
//! hold a valid value, or into one [`ErrorCode`].
//!
//! The page calls these as the payer types and the proxy calls them again on the request,
//! so both sides reject exactly the same inputs. Types holding personal data mask
//! themselves in `Debug` and `Display`; the raw value has a named accessor.

mod ar_document;
mod boleto;
mod br_document;
pub mod card;
mod cbu;
mod clabe;
mod cnpj;
mod co_document;
mod cpf;
mod crypto;
mod curp;
mod document;
mod document_parts;
mod ec_document;
mod eg_national_id;
mod email;
mod iban;
mod iban_national;
mod mask;
mod normalize;
mod nuban;
mod otp;
mod pe_document;
mod person_name;
pub mod phone;
mod rfc;
mod rut;
mod za_id;

pub use ar_document::{cuil, cuit, Cuit};
pub use boleto::{boleto_barcode, boleto_line, due_date_factor, BoletoCode};
pub use br_document::BrDocument;
pub use card::{
    brand_of_prefix, card_number, cvv, expiry, luhn_check_digit, CardBrand, CardNumber, Cvv, Expiry,
};
pub use cbu::{cbu, cbu_check_digit, Cbu};
pub use clabe::{clabe, clabe_check_digit, Clabe};
pub use cnpj::{cnpj, Cnpj};
pub use co_document::{nit, Nit};
pub use cpf::{cpf, Cpf};
pub use crypto::{crypto_address, crypto_address_from_bytes, CryptoAddress, Network};
pub use curp::{curp, Curp};
pub use document::{document, Document};
pub use ec_document::{ec_cedula, ec_ruc, EcCedula, EcRuc};
pub use eg_national_id::{eg_national_id, EgNationalId};
pub use email::{email, Email};
pub use iban::{iban, iban_length, mod97_10, Iban};
pub use normalize::normalize;
pub use nuban::{nuban, nuban_check_digit, Nuban};
pub use otp::otp;
pub use pe_document::{pe_dni, pe_ruc, PeDni, PeRuc};
pub use person_name::{person_name, PersonName};
pub use phone::{phone, Operator, Phone};
pub use rfc::{rfc, Rfc};
pub use rut::{rut, Rut};
pub use za_id::{za_id, ZaIdNumber};

use crate::error::ErrorCode;

/// Drops the separators payers type inside document numbers ("123.456.789-09",
/// "12.ABC.345/01DE-35", spaces from a copy-paste, their Unicode look-alikes) and
/// upper-cases ASCII letters; Arabic-Indic digits are read as digits ([`normalize`]).
///
/// `Required` when nothing but separators is left.
fn compact_document(input: &str) -> Result<String, ErrorCode> {
    let compact: String = normalize(input)
        .chars()
        .filter(|c| !matches!(c, '.' | '-' | '/') && !c.is_whitespace())
        .map(|c| c.to_ascii_uppercase())
        .collect();
    if compact.is_empty() {
        Err(ErrorCode::Required)
    } else {
        Ok(compact)
    }
}

/// Drops the spaces, `-` and `.` payers type inside account numbers (and their Unicode
/// look-alikes, [`normalize`]) and checks that exactly `len` digits are left: `Required`
/// when nothing is, `InvalidFormat` otherwise.
fn account_digits(input: &str, len: usize) -> Result<String, ErrorCode> {
    let digits: String = normalize(input)
        .chars()
        .filter(|c| !matches!(c, '.' | '-') && !c.is_whitespace())
        .collect();
    if digits.is_empty() {
        return Err(ErrorCode::Required);
    }
    if digits.len() != len || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(ErrorCode::InvalidFormat);
    }
    Ok(digits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compacting_drops_dots_dashes_slashes_and_spaces() {
        assert_eq!(compact_document(" 123.456.789-09 ").unwrap(), "12345678909");
        assert_eq!(
            compact_document("12.abc.345/01de-35").unwrap(),
            "12ABC34501DE35"
        );
        assert_eq!(compact_document("123\t456\u{a0}789").unwrap(), "123456789");
    }

    #[test]
    fn compacting_reads_unicode_separators_and_arabic_indic_digits() {
        assert_eq!(compact_document("123.456.789–09").unwrap(), "12345678909");
        assert_eq!(compact_document("١٢٣\u{202f}٤٥٦—۷۸۹").unwrap(), "123456789");
        assert_eq!(account_digits("0121\u{2011}2345", 8).unwrap(), "01212345");
    }

    #[test]
    fn compacting_nothing_but_separators_is_required() {
        for input in ["", "   ", "..-/", "\n"] {
            assert_eq!(
                compact_document(input),
                Err(ErrorCode::Required),
                "{input:?}"
            );
        }
    }
}
