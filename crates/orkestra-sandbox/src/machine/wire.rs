//! Rows as Orkestra's wire shows them: orders with their charges and transactions (and the
//! order notification), refunds and payouts. What the API answers and what the
//! notifications carry are the same objects.

use orkestra_core::api::orkestra::{
    AmountUnits, Charge, Order, OrderWebhook, Payout, PixResult, Refund, Transaction,
    WireTransactionStatus,
};

use super::status::derive_status;
use crate::amounts;
use crate::error::SandboxError;
use crate::store::orders::{self, ChargeRow, OrderRow};
use crate::store::payouts::PayoutRow;
use crate::store::refunds::RefundRow;
use crate::store::transactions::{self, TransactionRow};
use crate::time::rfc3339;

pub struct OrderView {
    pub order: Order,
    pub transactions: Vec<Transaction>,
    pub paid_minor: i64,
}

/// The order with everything under it, read in one go on `db`.
pub async fn load(
    db: &mut sqlx::SqliteConnection,
    row: OrderRow,
    units: AmountUnits,
) -> Result<OrderView, SandboxError> {
    let charges = orders::charges_of(&mut *db, row.id).await?;
    let transactions = transactions::of_order(&mut *db, row.id).await?;
    build(row, &charges, &transactions, units)
}

pub fn build(
    row: OrderRow,
    charges: &[ChargeRow],
    txs: &[TransactionRow],
    units: AmountUnits,
) -> Result<OrderView, SandboxError> {
    let currency = row.currency;
    let wire = |minor: i64| amounts::wire(currency, minor, units);
    let wire_tx = |t: &TransactionRow| -> Result<Transaction, SandboxError> {
        let pix = match &t.pix_qr_code {
            None => None,
            Some(code) => Some(PixResult {
                qr_code: code.clone(),
                expires_at: rfc3339(
                    t.expires_at
                        .ok_or_else(|| SandboxError::corrupt("transactions", t.id, "expires_at"))?,
                ),
            }),
        };
        let mut tx = Transaction {
            id: t.id,
            charge_id: Some(t.charge_id),
            payment_method: t.method.wire().to_owned(),
            status: t.status,
            amount: wire(t.amount_minor),
            paid_amount: Some(wire(t.paid_minor)),
            reference_id: t.reference_id.clone(),
            pix,
            status_reason: t.status_reason.clone(),
            boleto: None,
            card: None,
            three_d_secure: None,
            payment_page: None,
            spei: None,
            pse: None,
            voucher: None,
            wallet: None,
            bank_transfer: None,
            crypto: None,
        };
        t.instructions.clone().apply(&mut tx);
        Ok(tx)
    };
    let mut wire_charges = Vec::with_capacity(charges.len());
    for c in charges {
        let own: Vec<&TransactionRow> = txs.iter().filter(|t| t.charge_id == c.id).collect();
        wire_charges.push(Charge {
            id: c.id,
            status: derive_status(c.amount_minor, &own),
            amount: wire(c.amount_minor),
            customer: c.customer.clone(),
            transactions: own.into_iter().map(wire_tx).collect::<Result<_, _>>()?,
        });
    }
    let all: Vec<&TransactionRow> = txs.iter().collect();
    let paid_minor = txs
        .iter()
        .filter(|t| t.status == WireTransactionStatus::Paid)
        .map(|t| t.paid_minor)
        .sum();
    let order = Order {
        id: row.id,
        merchant_order_id: row.merchant_order_id,
        status: derive_status(row.amount_minor, &all),
        amount: wire(row.amount_minor),
        currency,
        allows_third_party_payments: row.allows_third_party,
        metadata: row.metadata,
        // The order options are echoed as they were sent.
        submerchants: row.submerchants,
        instant_conversion: row.instant_conversion,
        charges: wire_charges,
        created_at: Some(rfc3339(row.created_at)),
    };
    Ok(OrderView {
        transactions: txs.iter().map(wire_tx).collect::<Result<_, _>>()?,
        order,
        paid_minor,
    })
}

impl OrderView {
    /// The order notification, in the documented shape (transactions also flattened at
    /// the top level, as the docs show them).
    pub fn webhook(&self, units: AmountUnits) -> OrderWebhook {
        OrderWebhook {
            id: self.order.id,
            reference_id: self.order.merchant_order_id.clone(),
            amount: self.order.amount.clone(),
            paid_amount: amounts::wire(self.order.currency, self.paid_minor, units),
            currency: self.order.currency,
            allows_third_party_payments: self.order.allows_third_party_payments,
            status: self.order.status,
            metadata: self.order.metadata.clone(),
            submerchants: self.order.submerchants.clone(),
            instant_conversion: self.order.instant_conversion.clone(),
            charges: self.order.charges.clone(),
            transactions: self.transactions.clone(),
        }
    }

    /// One of the order's transactions.
    pub fn transaction(self, id: i64) -> Result<Transaction, SandboxError> {
        self.transactions
            .into_iter()
            .find(|t| t.id == id)
            .ok_or_else(|| SandboxError::not_found("transaction"))
    }
}

/// One transaction as the API shows it, with its instructions.
pub async fn transaction(
    db: &mut sqlx::SqliteConnection,
    id: i64,
    units: AmountUnits,
) -> Result<Transaction, SandboxError> {
    let row = transactions::by_id(&mut *db, id)
        .await?
        .ok_or_else(|| SandboxError::not_found("transaction"))?;
    let order = orders::by_id(&mut *db, row.order_id)
        .await?
        .ok_or_else(|| SandboxError::not_found("order"))?;
    load(db, order, units).await?.transaction(id)
}

/// A refund, as returned and as posted in the refund notification.
pub fn refund(row: &RefundRow, units: AmountUnits) -> Refund {
    Refund {
        id: row.id,
        transaction_id: row.transaction_id,
        order_id: row.order_id,
        reference_id: row.reference_id.clone(),
        amount: amounts::wire(row.currency, row.amount_minor, units),
        currency: row.currency,
        status: row.status,
        route: row.route,
        status_reason: row.status_reason.clone(),
        payout_id: row.payout_id,
        created_at: Some(rfc3339(row.created_at)),
    }
}

/// A payout, as returned and as posted in the payout notification.
pub fn payout(row: &PayoutRow, units: AmountUnits) -> Payout {
    Payout {
        id: row.id,
        reference_id: row.reference_id.clone(),
        amount: amounts::wire(row.currency, row.amount_minor, units),
        currency: row.currency,
        payment_method: row.payment_method.clone(),
        status: row.status,
        status_reason: row.status_reason.clone(),
        receiving_account: row.receiving_account.clone(),
        beneficiary_name: row.beneficiary_name.clone(),
        refund_id: row.refund_id,
        created_at: Some(rfc3339(row.created_at)),
    }
}
