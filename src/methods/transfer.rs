//! SPEI, bank transfers and SEPA: the account to send the exact amount to, with the
//! reference that matches the transfer to this payment.

use orkestra_core::money::Currency;

use super::sheet::Sheet;
use crate::context::Lang;
use crate::i18n::Key;

#[allow(clippy::too_many_arguments)]
pub fn sheet(
    lang: Lang,
    (amount, currency): (String, Currency),
    bank_name: String,
    beneficiary: String,
    account_type: &str,
    account_number: String,
    bic: Option<String>,
    reference: String,
    expires_at: String,
) -> Sheet {
    // CLABE, CBU, CCI and IBAN are what payers call them; other accounts are numbers.
    let account_label = match account_type {
        "CLABE" => "CLABE",
        "CBU" => "CBU / CVU",
        "CVU" => "CVU",
        "CCI" => "CCI",
        "IBAN" => "IBAN",
        _ => lang.t(Key::AccountNumber),
    };
    let mut copies = vec![("transfer-account", account_label, account_number)];
    if let Some(bic) = bic {
        copies.push(("transfer-bic", "BIC / SWIFT", bic));
    }
    copies.extend([
        (
            "transfer-beneficiary",
            lang.t(Key::Beneficiary),
            beneficiary,
        ),
        ("transfer-reference", lang.t(Key::Reference), reference),
        ("transfer-amount", lang.t(Key::ExactAmount), amount.clone()),
    ]);
    Sheet {
        testid: "transfer",
        hint: Some(Key::TransferHint),
        amount: Some((amount, currency)),
        facts: vec![(lang.t(Key::Bank), bank_name)],
        copies,
        warning: Some(Key::AmountWarning),
        expires_at: Some(expires_at),
        ..Sheet::default()
    }
}
