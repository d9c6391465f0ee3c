//! Boleto: a FEBRABAN barcode and digitable line with valid check digits, due on the
//! São Paulo date of the transaction's `expiresAt`, and a printable page.

use orkestra_core::api::orkestra::BoletoResult;
use orkestra_core::money::Money;
use orkestra_core::validate::{due_date_factor, BoletoCode};

use super::{gen, Request};
use crate::error::SandboxError;

/// The bank the sandbox's boletos are drawn on (Banco do Brasil's code).
pub const BANK: &str = "001";

/// São Paulo has been UTC−3 all year since 2019.
const SAO_PAULO: i64 = -3;

/// The due-date factor and `YYYY-MM-DD` due date; `400` for an amount the barcode cannot
/// hold or a due date the factor cannot express.
pub fn check(r: &Request, expires_at: i64) -> Result<(u16, String), SandboxError> {
    if r.amount.minor() > 9_999_999_999 {
        return Err(SandboxError::invalid(
            r.at("amount"),
            "AMOUNT_ABOVE_MAXIMUM",
            "a boleto holds at most R$ 99,999,999.99",
        ));
    }
    let (year, month, day) = gen::local_date(expires_at, SAO_PAULO);
    let factor = due_date_factor(year, month, day).map_err(|_| {
        SandboxError::invalid(
            r.at("boleto.expiresAt"),
            "INVALID_FIELD",
            "the due date is out of the boleto's range",
        )
    })?;
    Ok((factor, format!("{year:04}-{month:02}-{day:02}")))
}

/// The free field: the transaction id (13 digits) and 12 digits derived from it, where a
/// bank would put its agreement and "nosso número".
pub fn code(id: i64, amount: Money, factor: u16) -> BoletoCode {
    let free_field = format!("{}{}", gen::padded(id, 13), gen::digits(id, 0xB01E, 12));
    BoletoCode::build(BANK, factor, amount.minor(), &free_field)
        .expect("checked amount, 3-digit bank and 25-digit free field")
}

pub fn instructions(
    id: i64,
    amount: Money,
    factor: u16,
    due_date: &str,
    base: &str,
) -> BoletoResult {
    let code = code(id, amount, factor);
    BoletoResult {
        digitable_line: code.digitable_line(),
        barcode: code.barcode().to_owned(),
        due_date: due_date.to_owned(),
        url: format!("{base}/_sandbox/boleto/{id}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use orkestra_core::money::Currency;
    use orkestra_core::validate::boleto_line;

    #[test]
    fn generated_boletos_read_back_through_the_core_validator() {
        let amount = Money::from_minor(Currency::BRL, 15_051).unwrap();
        let result = instructions(42, amount, 1402, "2026-03-31", "http://sandbox");
        let parsed = boleto_line(&result.digitable_line).unwrap();
        assert_eq!(parsed.barcode(), result.barcode);
        assert_eq!(parsed.bank_code(), BANK);
        assert_eq!(parsed.amount_cents(), 15_051);
        assert_eq!(parsed.due_factor(), 1402);
        assert!(parsed.free_field().starts_with("0000000000042"));
        assert_eq!(result.url, "http://sandbox/_sandbox/boleto/42");
        assert_ne!(
            instructions(43, amount, 1402, "2026-03-31", "").barcode,
            result.barcode
        );
    }
}
