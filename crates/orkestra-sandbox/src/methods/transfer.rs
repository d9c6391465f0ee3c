//! Push transfers: SPEI's CLABE, a bank account in each country's own format, and SEPA's
//! IBAN. Each account is a virtual one per transaction (its number embeds the id), as
//! collection PSPs hand out, so a transfer is matched to its transaction by the account.

use orkestra_core::api::orkestra::{BankTransferResult, SpeiResult};
use orkestra_core::catalog::Country;

use super::gen;

/// Who the payer transfers to.
pub const BENEFICIARY: &str = "ORKESTRA SANDBOX";

/// STP (bank 646), the usual SPEI collection bank (fact sheet 4.4), plaza 180.
pub fn stp_clabe(id: i64) -> String {
    gen::clabe("646", "180", &gen::padded(id, 11))
}

pub fn spei(id: i64, expires_at: String) -> SpeiResult {
    SpeiResult {
        clabe: stp_clabe(id),
        reference: gen::padded(id, 7),
        bank_name: "STP".into(),
        beneficiary: BENEFICIARY.into(),
        expires_at,
    }
}

/// The reference the payer writes in the transfer's concept or note.
fn reference(id: i64) -> String {
    format!("ORK{}", gen::padded(id, 8))
}

pub fn bank_transfer(country: Country, id: i64, expires_at: String) -> BankTransferResult {
    let (bank_name, account_type, account_number, bic) = account(country, id);
    BankTransferResult {
        bank_name,
        beneficiary: BENEFICIARY.into(),
        account_type: account_type.into(),
        account_number,
        bic,
        reference: reference(id),
        expires_at,
    }
}

/// (bank, account type, number, BIC) per country: the formats of the fact sheet (4.8,
/// 4.11, 6), each with its check digits; a plain account number where a country's has
/// none.
fn account(country: Country, id: i64) -> (String, &'static str, String, Option<String>) {
    let plain = |bank: &str, len: usize| {
        (
            bank.to_owned(),
            "ACCOUNT",
            format!("{}{}", gen::digits(id, 0xACC, len - 8), gen::padded(id, 8)),
            None,
        )
    };
    match country {
        // A CBU at Banco Macro (285), branch 0590.
        Country::AR => (
            "Banco Macro".into(),
            "CBU",
            gen::cbu("285", "0590", &gen::padded(id, 13)),
            None,
        ),
        // The same CLABE flow as SPEI (fact sheet 4.4: "Mexico Bank Transfer" ❓).
        Country::MX => ("STP".into(), "CLABE", stp_clabe(id), None),
        // A CCI at BCP (002), branch 193.
        Country::PE => (
            "Banco de Crédito del Perú".into(),
            "CCI",
            gen::cci("002", "193", &gen::padded(id, 12)),
            None,
        ),
        // A virtual NUBAN at Wema Bank (035), as Nigerian collection PSPs issue them.
        Country::NG => (
            "Wema Bank".into(),
            "NUBAN",
            gen::nuban("035", &gen::padded(id, 9)),
            None,
        ),
        // An Egyptian IBAN (29 characters): bank 0019, branch 0005, 17-digit account.
        Country::EG => (
            "Orkestra Sandbox Bank Egypt".into(),
            "IBAN",
            gen::iban("EG", &format!("00190005{}", gen::padded(id, 17))),
            None,
        ),
        // UEMOA (BCEAO) IBAN-style numbers: bank (country + 3 digits), branch,
        // 12-digit account, RIB key. Not in the SWIFT registry (fact sheet 6).
        Country::BF | Country::CI | Country::SN => {
            let bank = format!("{}010", country.alpha2());
            let account = gen::padded(id, 12);
            let key = gen::rib_key(&bank, "01001", &account);
            (
                format!("Orkestra Sandbox Bank {}", country.alpha2()),
                "IBAN",
                gen::iban(country.alpha2(), &format!("{bank}01001{account}{key}")),
                None,
            )
        }
        Country::CL => plain("Banco de Chile", 12),
        Country::CO => plain("Bancolombia", 11),
        // Everyone else: a collection account without a public check digit.
        other => plain(&format!("Orkestra Sandbox Bank {}", other.alpha2()), 13),
    }
}

/// Commerzbank's BLZ and BIC (the DE example IBAN's bank), with a 10-digit account per
/// transaction.
const SEPA_BLZ: &str = "37040044";
const SEPA_BIC: &str = "COBADEFFXXX";

pub fn sepa(id: i64, expires_at: String) -> BankTransferResult {
    BankTransferResult {
        bank_name: "Commerzbank".into(),
        beneficiary: BENEFICIARY.into(),
        account_type: "IBAN".into(),
        account_number: gen::iban("DE", &format!("{SEPA_BLZ}{}", gen::padded(id, 10))),
        bic: Some(SEPA_BIC.into()),
        reference: gen::rf_reference(&format!("ORK{}", gen::padded(id, 8))),
        expires_at,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use orkestra_core::validate;

    #[test]
    fn every_bank_transfer_country_gets_an_account_valid_for_its_type() {
        for country in Country::ALL {
            if !country.offers(orkestra_core::PaymentMethod::BankTransfer) {
                continue;
            }
            let t = bank_transfer(country, 4242, "later".into());
            let n = &t.account_number;
            match t.account_type.as_str() {
                "CBU" => assert!(validate::cbu(n).is_ok(), "{n}"),
                "CLABE" => assert!(validate::clabe(n).is_ok(), "{n}"),
                "NUBAN" => assert!(validate::nuban("035", n).is_ok(), "{n}"),
                "IBAN" if country == Country::EG => assert!(validate::iban(n).is_ok(), "{n}"),
                "IBAN" => {
                    assert_eq!(n.len(), 28, "{n}");
                    assert_eq!(&n[..2], country.alpha2());
                    let rearranged = format!("{}{}", &n[4..], &n[..4]);
                    assert_eq!(gen::mod97(&rearranged), 1, "{n}");
                }
                "CCI" => assert_eq!(n.len(), 20),
                "ACCOUNT" => assert!(n.bytes().all(|b| b.is_ascii_digit()), "{n}"),
                other => panic!("{country}: {other}"),
            }
            assert_eq!(t.reference, "ORK00004242");
        }
    }

    #[test]
    fn spei_and_sepa_accounts_pass_the_core_validators() {
        let s = spei(7, "later".into());
        let clabe = validate::clabe(&s.clabe).unwrap();
        assert_eq!(clabe.bank_code(), "646");
        assert_eq!(s.reference, "0000007");
        let t = sepa(7, "later".into());
        let iban = validate::iban(&t.account_number).unwrap();
        assert_eq!(iban.country_code(), "DE");
        assert_eq!(t.bic.as_deref(), Some("COBADEFFXXX"));
        let r = &t.reference;
        assert_eq!(gen::mod97(&format!("{}{}", &r[4..], &r[..4])), 1, "{r}");
    }
}
