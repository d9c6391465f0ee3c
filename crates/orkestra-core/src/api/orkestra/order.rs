//! What Orkestra answers about orders and their transactions, and what it notifies.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::amount::WireAmount;
use super::request::{Customer, InstantConversion, Submerchant};
use crate::money::Currency;

/// Order status, exactly the documented enum of the order webhook.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum OrderStatus {
    Pending,
    Paid,
    Failed,
    Cancelled,
}

/// Transaction status: the order enum plus `EXPIRED` (our choice; the docs name none).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum WireTransactionStatus {
    Pending,
    Paid,
    Failed,
    Cancelled,
    Expired,
}

impl WireTransactionStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "PENDING",
            Self::Paid => "PAID",
            Self::Failed => "FAILED",
            Self::Cancelled => "CANCELLED",
            Self::Expired => "EXPIRED",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [
            Self::Pending,
            Self::Paid,
            Self::Failed,
            Self::Cancelled,
            Self::Expired,
        ]
        .into_iter()
        .find(|status| status.as_str() == s)
    }
}

/// An order as Orkestra returns it from create and get.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Order {
    pub id: i64,
    pub merchant_order_id: String,
    pub status: OrderStatus,
    pub amount: WireAmount,
    pub currency: Currency,
    #[serde(default)]
    pub allows_third_party_payments: bool,
    #[serde(default)]
    pub metadata: Map<String, Value>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub submerchants: Vec<Submerchant>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instant_conversion: Option<InstantConversion>,
    pub charges: Vec<Charge>,
    #[serde(default)]
    pub created_at: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Charge {
    pub id: i64,
    pub status: OrderStatus,
    pub amount: WireAmount,
    pub customer: Customer,
    pub transactions: Vec<Transaction>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Transaction {
    pub id: i64,
    #[serde(default)]
    pub charge_id: Option<i64>,
    pub payment_method: String,
    pub status: WireTransactionStatus,
    pub amount: WireAmount,
    #[serde(default)]
    pub paid_amount: Option<WireAmount>,
    #[serde(default)]
    pub reference_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pix: Option<PixResult>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub boleto: Option<BoletoResult>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub card: Option<CardResult>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub three_d_secure: Option<ThreeDSecureResult>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_page: Option<PaymentPageResult>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spei: Option<SpeiResult>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pse: Option<PseResult>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub voucher: Option<VoucherResult>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wallet: Option<WalletResult>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bank_transfer: Option<BankTransferResult>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub crypto: Option<CryptoResult>,
    /// Why a transaction failed, as a stable upper-case code.
    #[serde(default)]
    pub status_reason: Option<String>,
}

/// PIX payment instructions: the EMV "Copia e Cola" payload the QR code encodes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PixResult {
    pub qr_code: String,
    pub expires_at: String,
}

/// A boleto: the 47-digit digitable line (linha digitável) and the 44-digit barcode, both
/// with valid check digits, and the due date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BoletoResult {
    pub digitable_line: String,
    pub barcode: String,
    /// `YYYY-MM-DD`.
    pub due_date: String,
    /// A printable page for the boleto.
    pub url: String,
}

/// What the card authorisation said; the number is never echoed, only its brand and last
/// four digits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CardResult {
    pub brand: String,
    pub last4: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub installments: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authorization_code: Option<String>,
}

/// A 3-D Secure challenge: the transaction stays PENDING until the payer completes it at
/// `challengeUrl`, which sends them back to the card options' `returnUrl`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ThreeDSecureResult {
    pub challenge_url: String,
}

/// A card leg created without card data: the payer types the card on Orkestra's payment
/// page at `url` (in a frame, or by redirect). The transaction stays PENDING until the
/// page's outcome, which arrives as a notification like every other method's.
/// `paymentPage.url` is our name: the docs promise the page (S1) but name no field, and
/// Orkestra.gg calls its counterpart `checkoutUrl` (G2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PaymentPageResult {
    pub url: String,
}

/// SPEI: the CLABE to transfer to (18 digits, valid check digit) and the reference.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SpeiResult {
    pub clabe: String,
    pub reference: String,
    pub bank_name: String,
    pub beneficiary: String,
    pub expires_at: String,
}

/// PSE: the bank page to send the payer to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PseResult {
    pub redirect_url: String,
    pub bank_code: String,
}

/// A cash voucher: what the payer shows at the counter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VoucherResult {
    pub reference: String,
    /// Digits a counter scanner reads (rendered as a barcode).
    pub barcode: String,
    /// The network(s) where it can be paid, e.g. `["OXXO"]`.
    pub networks: Vec<String>,
    pub expires_at: String,
}

/// A push to the payer's phone (Nequi, Daviplata, mobile money).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WalletResult {
    /// Masked, e.g. `+57 *** *** 4567`.
    pub phone_number: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operator: Option<String>,
    /// The payer must type a one-time code (`POST /v1/transactions/{id}/otp`).
    pub otp_required: bool,
    pub expires_at: String,
}

/// A bank account to transfer to, in the country's own format.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BankTransferResult {
    pub bank_name: String,
    pub beneficiary: String,
    /// `NUBAN`, `CBU`, `IBAN`, `ACCOUNT`, … : how to read `accountNumber`.
    pub account_type: String,
    pub account_number: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bic: Option<String>,
    pub reference: String,
    pub expires_at: String,
}

/// A stablecoin deposit address for one network; the exact amount in token units.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CryptoResult {
    pub token: String,
    pub network: String,
    pub address: String,
    /// Decimal string with the token's six decimals, e.g. `"25.000000"`.
    pub amount: String,
    pub expires_at: String,
}

/// `POST /v1/transactions/{id}/otp`: the one-time code a wallet sent the payer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OtpRequest {
    pub otp: String,
}

/// The order notification Orkestra posts to the merchant (here: the proxy).
/// `id` is the order's id; `referenceId` is the `merchantOrderId`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderWebhook {
    pub id: i64,
    pub reference_id: String,
    /// The amount expected.
    pub amount: WireAmount,
    /// The amount actually paid so far.
    pub paid_amount: WireAmount,
    pub currency: Currency,
    #[serde(default)]
    pub allows_third_party_payments: bool,
    pub status: OrderStatus,
    #[serde(default)]
    pub metadata: Map<String, Value>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub submerchants: Vec<Submerchant>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instant_conversion: Option<InstantConversion>,
    #[serde(default)]
    pub charges: Vec<Charge>,
    #[serde(default)]
    pub transactions: Vec<Transaction>,
}

/// Errors from Orkestra (our sandbox's choice; the docs show only a `message`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UpstreamError {
    #[serde(default)]
    pub code: Option<String>,
    #[serde(default)]
    pub message: Option<String>,
    #[serde(default)]
    pub field: Option<String>,
}
