//! Cash vouchers (OXXO, Efecty, PagoEfectivo, Fawry…): the code to show at the counter,
//! its barcode, where to pay and until when.

use orkestra_core::methods::cash_network_name;
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
        places: networks.iter().map(|n| cash_network_name(n)).collect(),
        expires_at: Some(expires_at),
        print: true,
        ..Sheet::default()
    }
}
