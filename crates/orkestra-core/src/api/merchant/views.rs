//! What the merchant gets back: sessions, charges, transactions, and the webhooks' bodies.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::customer::CustomerInput;
use super::status::{AutoRefund, OrderStatus, RefundProgress, TransactionStatus};
use crate::api::locale::Locale;
use crate::catalog::{Country, PaymentMethod};
use crate::methods::CardCapture;
use crate::money::Currency;

/// One payer's share of an order, as the merchant sees it. Amounts are decimal strings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChargeView {
    pub id: String,
    /// This payer's payment page.
    pub url: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    pub status: OrderStatus,
    pub amount: String,
    /// What paid legs cover.
    pub paid_amount: String,
    /// What legs in flight reserve.
    pub pending_amount: String,
    /// What no leg covers yet.
    pub remaining_amount: String,
    /// Set when the charge ended (cancelled, expired) partly paid and its paid legs are
    /// refunded automatically.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refund: Option<ChargeRefund>,
}

/// The automatic refund of a charge that ended partly paid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChargeRefund {
    pub status: RefundProgress,
    pub amount: String,
}

/// `charge.*` webhooks: the charge that changed and its order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChargeEvent {
    pub charge: ChargeView,
    pub session: CheckoutSession,
}

/// A checkout session as the merchant sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CheckoutSession {
    pub id: String,
    /// The hosted payment page for this session (its first charge's); also what the
    /// iframe loads.
    pub url: String,
    /// The order's status: `partially_paid` once some but not all of it is paid.
    pub status: OrderStatus,
    pub merchant_order_id: String,
    /// Absent for SEPA and crypto sessions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<Country>,
    pub currency: Currency,
    pub amount: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer: Option<CustomerInput>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub return_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cancel_url: Option<String>,
    pub embed_origins: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub webhook_url: Option<String>,
    pub metadata: Map<String, Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<Locale>,
    /// Where the payer types a card (`orkestra` or `direct`).
    pub card_capture: CardCapture,
    pub expires_at: String,
    pub created_at: String,
    pub transactions: Vec<TransactionView>,
    /// What paid legs cover, over every charge.
    #[serde(default)]
    pub paid_amount: String,
    /// One per payer, in the order the merchant gave them.
    #[serde(default)]
    pub charges: Vec<ChargeView>,
}

/// One payment attempt within a session, with our id and Orkestra's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TransactionView {
    pub id: String,
    /// Orkestra's transaction id; absent while the proxy is still creating it upstream.
    pub orkestra_id: Option<String>,
    pub orkestra_order_id: Option<String>,
    pub method: PaymentMethod,
    pub amount: String,
    pub status: TransactionStatus,
    pub payer: PayerView,
    pub created_at: String,
    pub updated_at: String,
    /// The charge (payer) this leg pays.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub charge_id: Option<String>,
    /// For a paid leg of a charge that ended partly paid: `pending`, `requested`,
    /// `refunded`, `failed` or `manual` (its method needs bank details to refund).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auto_refund: Option<AutoRefund>,
    /// Why the attempt failed, expired or was declined: Orkestra's reason, lower case
    /// (`card_declined`, `insufficient_funds`…), or ours (`not_received`,
    /// `upstream_rejected`). Absent while it has not failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failure_code: Option<String>,
}

/// The payer as stored: documents and emails masked, never in full.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PayerView {
    pub name: String,
    pub document_type: String,
    pub document: String,
    pub email: String,
}

/// `GET /v1/transactions`: a page of transactions, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TransactionList {
    pub data: Vec<TransactionListItem>,
    /// Pass as `before` for the next page; absent on the last one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_before: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TransactionListItem {
    pub session_id: String,
    pub merchant_order_id: String,
    pub currency: Currency,
    #[serde(flatten)]
    pub transaction: TransactionView,
}

/// The body the proxy posts to a session's `webhookUrl`, signed (see the README).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MerchantEvent<T = CheckoutSession> {
    /// Unique per event; a redelivery carries the same id, so merchants can de-duplicate.
    pub id: String,
    /// `checkout_session.<status>`, e.g. `checkout_session.paid`.
    #[serde(rename = "type")]
    pub kind: String,
    pub created_at: String,
    pub data: T,
}
