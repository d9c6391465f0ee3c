//! Refunds and payouts through the merchant API.

use serde::{Deserialize, Serialize};

use crate::api::orkestra::{Beneficiary, ReceivingBankAccount};
use crate::catalog::PaymentMethod;
use crate::money::{Amount, Currency};

/// `POST /v1/transactions/{id}/refunds`, with an `Idempotency-Key` header. Total when
/// `amount` is absent. Boleto, cash vouchers and crypto cannot be reversed: their refunds
/// go out as a payout to `bankAccount` and `beneficiary`, which are then required.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateRefund {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<Amount>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bank_account: Option<ReceivingBankAccount>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub beneficiary: Option<Beneficiary>,
}

/// A refund as the merchant sees it. `id` is Orkestra's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RefundView {
    pub id: String,
    pub transaction_id: String,
    pub amount: String,
    pub currency: Currency,
    /// `pending`, `refunded` or `failed`.
    pub status: String,
    /// `original_method` or `alternative_payout`.
    pub route: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failure_code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
}

/// `POST /v1/payouts`: pay a supplier, partner or user (PIX, SPEI, bank transfer).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreatePayout {
    /// The merchant's reference: a repeat returns the payout already made.
    pub reference_id: String,
    pub method: PaymentMethod,
    pub currency: Currency,
    pub amount: Amount,
    pub bank_account: ReceivingBankAccount,
    pub beneficiary: Beneficiary,
}

/// `POST /v1/payouts/batch`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreatePayoutBatch {
    pub payouts: Vec<CreatePayout>,
}

/// A payout as the merchant sees it. `id` is Orkestra's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PayoutView {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference_id: Option<String>,
    pub method: String,
    pub amount: String,
    pub currency: Currency,
    /// `pending`, `paid` or `failed`.
    pub status: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failure_code: Option<String>,
    /// Masked.
    pub account: String,
    pub beneficiary_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
}

/// One item of a batch: the payout, or why that item was refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PayoutBatchResult {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payout: Option<PayoutView>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<crate::api::error::ErrorBody>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PayoutBatchView {
    pub results: Vec<PayoutBatchResult>,
}
