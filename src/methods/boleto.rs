//! Boleto: the digitable line to copy, the barcode to scan, the due date, print and PDF.

use orkestra_core::money::Currency;
use orkestra_core::validate::boleto_line;

use super::sheet::Sheet;
use crate::context::Lang;
use crate::format;
use crate::i18n::Key;

pub fn sheet(
    lang: Lang,
    (amount, currency): (String, Currency),
    digitable_line: String,
    barcode: String,
    due_date: String,
    url: String,
) -> Sheet {
    // The line as FEBRABAN prints it (groups and dots), whatever spacing the server used.
    let line = boleto_line(&digitable_line)
        .map(|b| b.formatted_line())
        .unwrap_or(digitable_line);
    let due = format::day(crate::context::intl_tag(), &due_date).unwrap_or(due_date);
    Sheet {
        testid: "boleto",
        hint: Some(Key::BoletoHint),
        amount: Some((amount, currency)),
        facts: vec![(lang.t(Key::DueDate), due)],
        copies: vec![("boleto-line", lang.t(Key::BoletoLine), line)],
        barcode: Some((barcode, Key::BoletoBarcode)),
        print: true,
        link: Some((url, Key::OpenBoleto)),
        ..Sheet::default()
    }
}
