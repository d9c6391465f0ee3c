//! Parse, don't validate: each function turns what a payer typed into a type that can only
//! hold a valid value, or into one [`ErrorCode`].
//!
//! The page calls these as the payer types and the proxy calls them again on the request,
//! so both sides reject exactly the same inputs. Types holding personal data mask
//! themselves in `Debug` and `Display`; the raw value has a named accessor.

mod br_document;
mod cnpj;
mod cpf;
mod email;
mod mask;
mod person_name;

pub use br_document::BrDocument;
pub use cnpj::{cnpj, Cnpj};
pub use cpf::{cpf, Cpf};
pub use email::{email, Email};
pub use person_name::{person_name, PersonName};

use crate::error::ErrorCode;

/// Drops the separators payers type inside document numbers ("123.456.789-09",
/// "12.ABC.345/01DE-35", spaces from a copy-paste) and upper-cases ASCII letters.
///
/// `Required` when nothing but separators is left.
fn compact_document(input: &str) -> Result<String, ErrorCode> {
    let compact: String = input
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
