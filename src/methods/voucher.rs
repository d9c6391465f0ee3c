//! Cash vouchers (OXXO, Efecty, PagoEfectivo, Fawry…): the code to show at the counter,
//! its barcode, where to pay and until when.

use orkestra_core::money::Currency;

use super::sheet::Sheet;
use crate::context::Lang;
use crate::i18n::Key;

pub fn sheet(
    lang: Lang,
    amount: (String, Currency),
    reference: String,
    barcode: String,
    networks: Vec<String>,
    expires_at: String,
) -> Sheet {
    Sheet {
        testid: "voucher",
        hint: Some(Key::VoucherHint),
        amount: Some(amount),
        copies: vec![("voucher-reference", lang.t(Key::PaymentCode), reference)],
        barcode: Some((barcode, Key::VoucherBarcode)),
        places: networks.iter().map(|n| network_name(n)).collect(),
        expires_at: Some(expires_at),
        print: true,
        ..Sheet::default()
    }
}

/// A cash network's code as its customers know it.
pub fn network_name(code: &str) -> String {
    let name = match code {
        "OXXO" => "OXXO",
        "PAYNET" => "Paynet",
        "EFECTY" => "Efecty",
        "BALOTO" => "Baloto",
        "SU_RED" => "SuRed",
        "PAGOEFECTIVO" => "PagoEfectivo",
        "SERVIPAG" => "Servipag",
        "SENCILLITO" => "Sencillito",
        "BANCO_PICHINCHA" => "Banco Pichincha",
        "BANCO_GUAYAQUIL" => "Banco Guayaquil",
        "BANCO_DEL_BARRIO" => "Banco del Barrio",
        "FACILITO" => "Facilito",
        "WESTERN_UNION" => "Western Union",
        "FAWRY" => "Fawry",
        other => return other.replace('_', " "),
    };
    name.to_owned()
}
