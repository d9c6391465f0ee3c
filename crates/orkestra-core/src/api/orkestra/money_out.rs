//! Refunds and payouts on Orkestra's wire.

use serde::{Deserialize, Serialize};

use super::amount::WireAmount;
use super::order::UpstreamError;
use crate::money::Currency;

/// `POST /v1/refunds`. Total when `amount` is absent. For methods that cannot be reversed
/// (boleto, cash vouchers) the refund goes out as an alternative payout to
/// `receivingBankAccount` and `beneficiary`, which are then required.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RefundRequest {
    pub transaction_id: i64,
    /// The merchant's reference; a repeat returns the refund already made (idempotency).
    pub reference_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<WireAmount>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub receiving_bank_account: Option<ReceivingBankAccount>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub beneficiary: Option<Beneficiary>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum RefundStatus {
    Pending,
    Refunded,
    Failed,
}

/// How the money goes back: through the original method, or as a payout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum RefundRoute {
    OriginalMethod,
    AlternativePayout,
}

/// A refund, as returned and as posted in the refund notification.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Refund {
    pub id: i64,
    pub transaction_id: i64,
    pub order_id: i64,
    pub reference_id: String,
    pub amount: WireAmount,
    pub currency: Currency,
    pub status: RefundStatus,
    pub route: RefundRoute,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_reason: Option<String>,
    /// The payout that carries an `ALTERNATIVE_PAYOUT` refund (its `refundId` points back).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payout_id: Option<i64>,
    #[serde(default)]
    pub created_at: Option<String>,
}

/// `receivingBankAccount` (docs 5.1, 5.2): a PIX key, a CLABE, an account number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReceivingBankAccount {
    pub key: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bank_code: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Beneficiary {
    pub first_name: String,
    pub last_name: String,
    /// `INDIVIDUAL` or `BUSINESS`.
    #[serde(rename = "type")]
    pub kind: String,
    pub document: String,
    pub document_type: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email_address: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone_number: Option<String>,
}

/// `POST /v1/payouts` (docs 5.1, 5.2).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PayoutRequest {
    /// "Custom reference for idempotency" (docs).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference_id: Option<String>,
    pub amount: WireAmount,
    pub currency: Currency,
    pub payment_method: String,
    pub receiving_bank_account: ReceivingBankAccount,
    pub beneficiary: Beneficiary,
}

/// `POST /v1/payouts/batch`: each item is accepted or refused on its own.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PayoutBatchRequest {
    pub payouts: Vec<PayoutRequest>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PayoutBatchResponse {
    /// In request order: the payout, or why that item was refused.
    pub results: Vec<PayoutBatchItem>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PayoutBatchItem {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payout: Option<Payout>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<UpstreamError>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum PayoutStatus {
    Pending,
    Paid,
    Failed,
}

/// A payout, as returned and as posted in the payout notification.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Payout {
    pub id: i64,
    #[serde(default)]
    pub reference_id: Option<String>,
    pub amount: WireAmount,
    pub currency: Currency,
    pub payment_method: String,
    pub status: PayoutStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_reason: Option<String>,
    /// Masked, e.g. `***456`.
    pub receiving_account: String,
    pub beneficiary_name: String,
    /// Set when the payout pays a refund (alternative payout).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refund_id: Option<i64>,
    #[serde(default)]
    pub created_at: Option<String>,
}
