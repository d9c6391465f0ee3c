//! PSE (Colombia): the payer picks a bank, is sent to its page, approves or rejects there,
//! and comes back to the merchant's `returnUrl`.

use super::{http_url, Request};
use crate::error::SandboxError;

/// The banks `GET /v1/pse/banks` lists: ACH Colombia's three-digit codes, the format of
/// Orkestra's example (`"051"`).
pub const BANKS: [(&str, &str); 12] = [
    ("001", "Banco de Bogotá"),
    ("002", "Banco Popular"),
    ("006", "Banco Itaú"),
    ("007", "Bancolombia"),
    ("013", "BBVA Colombia"),
    ("019", "Scotiabank Colpatria"),
    ("023", "Banco de Occidente"),
    ("032", "Banco Caja Social"),
    ("040", "Banco Agrario"),
    ("051", "Davivienda"),
    ("052", "Banco AV Villas"),
    ("062", "Banco Falabella"),
];

pub fn bank_name(code: &str) -> Option<&'static str> {
    BANKS
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, name)| *name)
}

/// The bank (`customer.bankAccount.bankCode`, required here: the sandbox has no bank
/// picker of its own) and where to send the payer back; `pse.personType` must be
/// `NATURAL` or `JURIDICA`, and a company (`JURIDICA`) pays with its NIT.
pub fn check(r: &Request) -> Result<(String, String), SandboxError> {
    let bank_code = r
        .customer
        .bank_account
        .as_ref()
        .map(|b| b.bank_code.trim())
        .filter(|c| !c.is_empty())
        .ok_or_else(|| {
            SandboxError::invalid(
                r.customer_at("bankAccount.bankCode"),
                "INVALID_FIELD",
                "bankAccount.bankCode is required for PSE (see GET /v1/pse/banks)",
            )
        })?;
    if bank_name(bank_code).is_none() {
        return Err(SandboxError::invalid(
            r.customer_at("bankAccount.bankCode"),
            "UNKNOWN_BANK",
            format!("no PSE bank has code {bank_code} (see GET /v1/pse/banks)"),
        ));
    }
    let options = r.tx.pse.as_ref().ok_or_else(|| {
        SandboxError::invalid(
            r.at("pse"),
            "INVALID_FIELD",
            "pse.personType and pse.returnUrl are required",
        )
    })?;
    match options.person_type.as_str() {
        "NATURAL" => {}
        "JURIDICA" if r.customer.document_type.trim() == "NIT" => {}
        "JURIDICA" => {
            return Err(SandboxError::invalid(
                r.customer_at("documentType"),
                "INVALID_DOCUMENT",
                "a company (JURIDICA) pays with its NIT",
            ))
        }
        _ => {
            return Err(SandboxError::invalid(
                r.at("pse.personType"),
                "INVALID_FIELD",
                "personType is NATURAL or JURIDICA",
            ))
        }
    }
    let return_url = http_url(&options.return_url, r.at("pse.returnUrl"))?;
    Ok((bank_code.to_owned(), return_url))
}
