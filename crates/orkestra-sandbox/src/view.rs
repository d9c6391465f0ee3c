//! Rows → Orkestra's wire objects, and the rule that derives order and charge status from
//! their transactions.

use orkestra_core::api::orkestra::{
    AmountUnits, Charge, Customer, Order, OrderStatus, OrderWebhook, PixResult, Transaction,
    WireTransactionStatus,
};
use orkestra_core::money::Currency;

use crate::db::{self, ChargeRow, OrderRow, TransactionRow};
use crate::error::SandboxError;
use crate::methods::Instructions;
use crate::time::rfc3339;
use crate::{amounts, AppState};

/// A charge is paid when its paid transactions cover its amount; otherwise it is pending
/// while any transaction is, and takes the outcome of its latest attempt when none is.
/// A failed attempt can be followed by another one: the status moves back to PENDING.
pub fn derive_status(amount_minor: i64, transactions: &[&TransactionRow]) -> OrderStatus {
    let paid: i64 = transactions
        .iter()
        .filter(|t| t.status == "PAID")
        .map(|t| t.paid_minor)
        .sum();
    if paid >= amount_minor {
        return OrderStatus::Paid;
    }
    if transactions.iter().any(|t| t.status == "PENDING") {
        return OrderStatus::Pending;
    }
    match transactions.last().map(|t| t.status.as_str()) {
        Some("FAILED") => OrderStatus::Failed,
        Some("EXPIRED") | Some("CANCELLED") => OrderStatus::Cancelled,
        _ => OrderStatus::Pending,
    }
}

pub struct OrderView {
    pub order: Order,
    pub transactions: Vec<Transaction>,
    pub paid_minor: i64,
}

pub async fn load(
    db: &mut sqlx::SqliteConnection,
    row: OrderRow,
    units: AmountUnits,
) -> Result<OrderView, SandboxError> {
    let charges = db::charges_of(&mut *db, row.id).await?;
    let transactions = db::transactions_of(&mut *db, row.id).await?;
    Ok(build(row, &charges, &transactions, units))
}

pub fn build(
    row: OrderRow,
    charges: &[ChargeRow],
    txs: &[TransactionRow],
    units: AmountUnits,
) -> OrderView {
    let currency = Currency::from_code(&row.currency).unwrap_or(Currency::BRL);
    let wire = |minor: i64| amounts::wire(currency, minor, units);
    let wire_tx = |t: &TransactionRow| {
        let mut tx = Transaction {
            id: t.id,
            charge_id: Some(t.charge_id),
            payment_method: t.payment_method.clone(),
            status: WireTransactionStatus::parse(&t.status)
                .unwrap_or(WireTransactionStatus::Pending),
            amount: wire(t.amount_minor),
            paid_amount: Some(wire(t.paid_minor)),
            reference_id: t.reference_id.clone(),
            pix: t.pix_qr_code.as_ref().map(|code| PixResult {
                qr_code: code.clone(),
                expires_at: rfc3339(t.expires_at.unwrap_or_default()),
            }),
            status_reason: t.status_reason.clone(),
            boleto: None,
            card: None,
            three_d_secure: None,
            spei: None,
            pse: None,
            voucher: None,
            wallet: None,
            bank_transfer: None,
            crypto: None,
        };
        Instructions::parse(t.instructions.as_deref()).apply(&mut tx);
        tx
    };
    let wire_charges: Vec<Charge> = charges
        .iter()
        .map(|c| {
            let own: Vec<&TransactionRow> = txs.iter().filter(|t| t.charge_id == c.id).collect();
            Charge {
                id: c.id,
                status: derive_status(c.amount_minor, &own),
                amount: wire(c.amount_minor),
                customer: serde_json::from_str::<Customer>(&c.customer)
                    .unwrap_or_else(|_| Customer::new("", "", "", "")),
                transactions: own.into_iter().map(wire_tx).collect(),
            }
        })
        .collect();
    let all: Vec<&TransactionRow> = txs.iter().collect();
    let paid_minor = txs
        .iter()
        .filter(|t| t.status == "PAID")
        .map(|t| t.paid_minor)
        .sum();
    // The order options are echoed as they were sent (the stored request keeps them).
    let request: serde_json::Value = serde_json::from_str(&row.request_json).unwrap_or_default();
    let option = |name: &str| request.get(name).cloned().unwrap_or_default();
    let order = Order {
        id: row.id,
        merchant_order_id: row.merchant_order_id,
        status: derive_status(row.amount_minor, &all),
        amount: wire(row.amount_minor),
        currency,
        allows_third_party_payments: row.allows_third_party,
        metadata: serde_json::from_str(&row.metadata).unwrap_or_default(),
        submerchants: serde_json::from_value(option("submerchants")).unwrap_or_default(),
        instant_conversion: serde_json::from_value(option("instantConversion")).ok(),
        charges: wire_charges,
        created_at: Some(rfc3339(row.created_at)),
    };
    OrderView {
        transactions: txs.iter().map(wire_tx).collect(),
        order,
        paid_minor,
    }
}

/// One transaction as the API shows it, with its instructions.
pub async fn transaction(state: &AppState, id: i64) -> Result<Transaction, SandboxError> {
    let row = db::transaction_by_id(&state.db, id)
        .await?
        .ok_or_else(|| SandboxError::not_found("transaction"))?;
    let order = db::order_by_id(&state.db, row.order_id)
        .await?
        .ok_or_else(|| SandboxError::not_found("order"))?;
    let view = load(
        &mut *state.db.acquire().await?,
        order,
        state.config.amount_units,
    )
    .await?;
    view.transactions
        .into_iter()
        .find(|t| t.id == id)
        .ok_or_else(|| SandboxError::not_found("transaction"))
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
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tx(status: &str, paid: i64) -> TransactionRow {
        TransactionRow {
            id: 1,
            order_id: 1,
            charge_id: 1,
            payment_method: "PIX".into(),
            status: status.into(),
            amount_minor: 100,
            paid_minor: paid,
            reference_id: None,
            pix_qr_code: None,
            expires_at: None,
            status_reason: None,
            instructions: None,
        }
    }

    #[test]
    fn an_order_is_paid_only_when_paid_transactions_cover_it() {
        assert_eq!(derive_status(100, &[&tx("PAID", 100)]), OrderStatus::Paid);
        assert_eq!(derive_status(100, &[&tx("PAID", 50)]), OrderStatus::Pending);
    }

    #[test]
    fn a_new_attempt_after_a_failure_makes_the_order_pending_again() {
        let failed = tx("FAILED", 0);
        assert_eq!(derive_status(100, &[&failed]), OrderStatus::Failed);
        assert_eq!(
            derive_status(100, &[&failed, &tx("PENDING", 0)]),
            OrderStatus::Pending
        );
    }

    #[test]
    fn an_expired_attempt_cancels_the_order() {
        assert_eq!(
            derive_status(100, &[&tx("EXPIRED", 0)]),
            OrderStatus::Cancelled
        );
    }
}
