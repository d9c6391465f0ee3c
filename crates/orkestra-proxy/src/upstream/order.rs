//! Orkestra's orders from our sessions, and Orkestra's answers (transactions, refunds,
//! payouts) read back into our domain.

use orkestra_core::api::merchant::{CheckoutSessionSpec, TransactionStatus};
use orkestra_core::api::orkestra::{
    AmountUnits, ChargeRequest, Customer, InstantConversion, Order, OrderRequest,
    Payout as WirePayout, Refund as WireRefund, Submerchant, Transaction, TransactionRequest,
    WireAmount, WireTransactionStatus,
};
use orkestra_core::money::Money;

use super::{Answer, UpstreamError, UpstreamOrder};
use crate::model::{Outcome, Payout, Refund};

/// Orkestra's soft descriptor holds at most 22 characters.
const SOFT_DESCRIPTOR: usize = 22;

/// Orkestra's order for a session: what the merchant asked, with these charges.
fn order_request(
    session_id: &str,
    spec: &CheckoutSessionSpec,
    merchant_name: &str,
    units: AmountUnits,
    charges: Vec<ChargeRequest>,
) -> OrderRequest {
    OrderRequest {
        merchant_order_id: spec.merchant_order_id.clone(),
        soft_descriptor: Some(merchant_name.chars().take(SOFT_DESCRIPTOR).collect()),
        amount: WireAmount::from_money(spec.amount.get(), units),
        currency: spec.currency(),
        allows_third_party_payments: false,
        // Checked when the session was created; echoed by Orkestra's notifications.
        submerchants: spec
            .submerchants
            .iter()
            .map(|share| Submerchant {
                id: share.id.clone(),
                amount: WireAmount::from_money(share.amount.get(), units),
            })
            .collect(),
        instant_conversion: spec.settlement_currency.map(|currency| InstantConversion {
            settlement_currency: currency.code().to_owned(),
        }),
        metadata: [(
            "checkoutSessionId".to_owned(),
            serde_json::Value::String(session_id.to_owned()),
        )]
        .into_iter()
        .collect(),
        charges,
    }
}

/// Our status for Orkestra's transaction, and its failure code (its status reason, lower
/// case) unless it was paid.
pub fn outcome(upstream: &Transaction) -> Outcome {
    let status = match upstream.status {
        WireTransactionStatus::Pending => TransactionStatus::Pending,
        WireTransactionStatus::Paid => TransactionStatus::Paid,
        WireTransactionStatus::Failed => TransactionStatus::Failed,
        WireTransactionStatus::Cancelled => TransactionStatus::Cancelled,
        WireTransactionStatus::Expired => TransactionStatus::Expired,
    };
    let failure_code = upstream
        .status_reason
        .as_deref()
        .filter(|_| status != TransactionStatus::Paid)
        .map(str::to_ascii_lowercase);
    Outcome {
        status,
        failure_code,
    }
}

/// Orkestra's transaction read into our domain.
pub fn answer(tx: &Transaction) -> Answer {
    Answer {
        orkestra_id: tx.id,
        reference: tx.reference_id.clone(),
        outcome: outcome(tx),
        next_action: super::transaction::next_action(tx),
    }
}

/// Orkestra's order read into our domain.
pub fn upstream_order(order: &Order) -> UpstreamOrder {
    UpstreamOrder {
        id: order.id,
        charge_ids: order.charges.iter().map(|c| c.id).collect(),
        transactions: order
            .charges
            .iter()
            .flat_map(|c| &c.transactions)
            .map(answer)
            .collect(),
    }
}

/// The order of a session paid in one go by its only payer: the order with the
/// transaction in it.
pub fn order_with_payment(
    session_id: &str,
    spec: &CheckoutSessionSpec,
    merchant_name: &str,
    units: AmountUnits,
    customer: Customer,
    transaction: TransactionRequest,
) -> OrderRequest {
    let charges = vec![ChargeRequest {
        amount: None,
        customer,
        transactions: vec![transaction],
    }];
    order_request(session_id, spec, merchant_name, units, charges)
}

/// The order of a split charge or of several payers: its charges and no transactions
/// (the same body whoever comes first, so concurrent first legs get the same order);
/// each leg is then added to its charge. Charges carry their amount when there are
/// several.
pub fn order_of_charges(
    session_id: &str,
    spec: &CheckoutSessionSpec,
    merchant_name: &str,
    units: AmountUnits,
) -> OrderRequest {
    let several = spec.charges.len() > 1;
    let charges = spec
        .charges
        .iter()
        .map(|c| ChargeRequest {
            amount: several.then(|| WireAmount::from_money(c.amount.get(), units)),
            customer: Customer::new("", "", "", ""),
            transactions: Vec::new(),
        })
        .collect();
    order_request(session_id, spec, merchant_name, units, charges)
}

fn money(
    amount: &WireAmount,
    currency: orkestra_core::money::Currency,
    units: AmountUnits,
    what: &str,
) -> Result<Money, UpstreamError> {
    amount.to_money(currency, units).map_err(|code| {
        UpstreamError::Rejected(
            format!("{what} has an amount we cannot read ({})", code.as_str()),
            None,
        )
    })
}

/// A refund from Orkestra (an answer or a notification), read into our domain.
pub fn refund(wire: WireRefund, units: AmountUnits) -> Result<Refund, UpstreamError> {
    Ok(Refund {
        id: wire.id,
        transaction_id: wire.transaction_id,
        amount: money(&wire.amount, wire.currency, units, "a refund")?,
        reference_id: wire.reference_id,
        status: wire.status,
        route: wire.route,
        failure_code: wire.status_reason.as_deref().map(str::to_ascii_lowercase),
        created_at: wire.created_at,
    })
}

/// A payout from Orkestra (an answer or a notification), read into our domain.
pub fn payout(wire: WirePayout, units: AmountUnits) -> Result<Payout, UpstreamError> {
    Ok(Payout {
        id: wire.id,
        amount: money(&wire.amount, wire.currency, units, "a payout")?,
        reference_id: wire.reference_id,
        method: wire.payment_method,
        status: wire.status,
        failure_code: wire.status_reason.as_deref().map(str::to_ascii_lowercase),
        account: wire.receiving_account,
        beneficiary_name: wire.beneficiary_name,
        created_at: wire.created_at,
    })
}
