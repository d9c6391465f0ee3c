//! Refund and payout requests on Orkestra's wire.

use orkestra_core::api::orkestra::{
    AmountUnits, Beneficiary, PayoutRequest, ReceivingBankAccount, RefundRequest, WireAmount,
    WireMethod,
};
use orkestra_core::catalog::PaymentMethod;
use orkestra_core::money::Money;

/// A refund of Orkestra's transaction `transaction_id`, total when `amount` is `None`.
/// `reference` makes it idempotent at Orkestra.
pub fn refund_request(
    transaction_id: i64,
    reference: String,
    amount: Option<Money>,
    reason: Option<String>,
    bank_account: Option<ReceivingBankAccount>,
    beneficiary: Option<Beneficiary>,
    units: AmountUnits,
) -> RefundRequest {
    RefundRequest {
        transaction_id,
        reference_id: reference,
        amount: amount.map(|m| WireAmount::from_money(m, units)),
        reason,
        receiving_bank_account: bank_account,
        beneficiary,
    }
}

/// A payout by `method` (PIX, SPEI, bank transfer), idempotent by `reference`.
pub fn payout_request(
    reference: String,
    method: PaymentMethod,
    amount: Money,
    bank_account: ReceivingBankAccount,
    beneficiary: Beneficiary,
    units: AmountUnits,
) -> PayoutRequest {
    PayoutRequest {
        reference_id: Some(reference),
        amount: WireAmount::from_money(amount, units),
        currency: amount.currency(),
        payment_method: WireMethod::of(method, false).wire().to_owned(),
        receiving_bank_account: bank_account,
        beneficiary,
    }
}
