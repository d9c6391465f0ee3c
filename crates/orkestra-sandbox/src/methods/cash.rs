//! Cash vouchers (OXXO, Efecty, PagoEfectivo, Servipag, Fawry…): a reference and a
//! barcode valid at the country's networks (`cash_networks` of the catalog).

use orkestra_core::api::orkestra::VoucherResult;
use orkestra_core::catalog::{cash_networks, Country};
use orkestra_core::money::Money;
use orkestra_core::validate;

use super::{gen, Request};
use crate::error::SandboxError;
use crate::time::rfc3339;

/// Ecuador's small networks take up to USD 500 (fact sheet 4.7); the banks up to the
/// method's USD 10,000.
const EC_SMALL_NETWORKS: [&str; 2] = ["FACILITO", "WESTERN_UNION"];
const EC_SMALL_CAP_CENTS: u64 = 50_000;

/// The networks the voucher is valid at: the chosen one (`cash.network`), or all the
/// country's that take the amount.
pub fn check(country: Country, r: &Request) -> Result<Vec<String>, SandboxError> {
    let all = cash_networks(country);
    let takes = |network: &str| {
        !(country == Country::EC
            && EC_SMALL_NETWORKS.contains(&network)
            && r.amount.minor() > EC_SMALL_CAP_CENTS)
    };
    match r.tx.cash.as_ref().and_then(|c| c.network.as_deref()) {
        Some(network) if !all.contains(&network) => Err(SandboxError::invalid(
            r.at("cash.network"),
            "INVALID_FIELD",
            format!("cash in {country} is paid at {}", all.join(", ")),
        )),
        Some(network) if !takes(network) => Err(SandboxError::invalid(
            r.at("cash.network"),
            "AMOUNT_ABOVE_MAXIMUM",
            format!("{network} takes up to USD 500"),
        )),
        Some(network) => Ok(vec![network.to_owned()]),
        None => Ok(all
            .iter()
            .filter(|n| takes(n))
            .map(|n| (*n).to_owned())
            .collect()),
    }
}

/// The reference is 13 digits (the id last) and a Luhn digit; the barcode is the
/// reference, the amount in minor units (12 digits), the expiry date (`YYYYMMDD`, UTC)
/// and a Luhn digit over all of it.
pub fn voucher(id: i64, amount: Money, networks: &[String], expires_at: i64) -> VoucherResult {
    let body = format!("9{}{}", gen::digits(id, 0xCA54, 4), gen::padded(id, 8));
    let reference = format!("{body}{}", validate::luhn_check_digit(&body));
    let (y, m, d) = gen::local_date(expires_at, 0);
    let data = format!("{reference}{:012}{y:04}{m:02}{d:02}", amount.minor());
    VoucherResult {
        reference,
        barcode: format!("{data}{}", validate::luhn_check_digit(&data)),
        networks: networks.to_vec(),
        expires_at: rfc3339(expires_at),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use orkestra_core::money::Currency;

    fn luhn_ok(digits: &str) -> bool {
        let (body, last) = digits.split_at(digits.len() - 1);
        validate::luhn_check_digit(body).to_string() == last
    }

    #[test]
    fn references_and_barcodes_carry_luhn_digits_and_the_amount() {
        let amount = Money::from_minor(Currency::MXN, 15_000).unwrap();
        let v = voucher(77, amount, &["OXXO".into()], 1_764_032_400_000);
        assert_eq!(v.reference.len(), 14);
        assert!(v.reference.ends_with(&format!(
            "{}",
            validate::luhn_check_digit(&v.reference[..13])
        )));
        assert!(luhn_ok(&v.reference));
        assert!(luhn_ok(&v.barcode));
        assert_eq!(v.barcode.len(), 14 + 12 + 8 + 1);
        assert_eq!(&v.barcode[14..26], "000000015000");
        assert_eq!(&v.barcode[26..34], "20251125");
        assert_eq!(v.networks, ["OXXO"]);
        assert_ne!(voucher(78, amount, &[], 0).reference, v.reference);
    }
}
