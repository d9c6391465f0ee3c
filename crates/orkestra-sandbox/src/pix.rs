//! PIX payment instructions: a dynamic BR Code whose location points at this sandbox.

use orkestra_core::money::Money;
use orkestra_core::pix::BrCode;

/// The "Copia e Cola" payload for one transaction. The txid ties a payment to it, as a
/// PSP's would; the location URL has no scheme, as the BR Code spec requires.
pub fn copy_and_paste(transaction_id: i64, amount: Money) -> String {
    BrCode {
        merchant_name: "ORKESTRA SANDBOX".into(),
        merchant_city: "SAO PAULO".into(),
        amount: Some(amount.to_decimal_string()),
        txid: Some(format!("ORK{transaction_id:012}")),
        key: None,
        location: Some(format!(
            "sandbox.orkestra.local/pix/v2/{transaction_id:016x}"
        )),
        dynamic: true,
    }
    .to_payload()
}
