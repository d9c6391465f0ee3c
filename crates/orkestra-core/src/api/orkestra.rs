//! Orkestra's wire format (upstream), with the field names of its public docs
//! (`merchantOrderId`, `charges[].customer`, `transactions[].paymentMethod`, …).
//! Where the docs are silent, the sandbox's README records what we chose; the proxy keeps
//! those choices configurable (see [`AmountUnits`]).
//!
//! Responses are parsed tolerantly (unknown fields ignored) because Orkestra may add fields;
//! requests are exact.

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::value::RawValue;
use serde_json::{Map, Value};

use crate::error::ErrorCode;
use crate::money::{Currency, Money};

/// How amounts travel on Orkestra's wire. The public docs conflict (decimal major units in
/// webhooks and payouts, large integers in order examples); major units is our default
/// and the proxy can be switched with configuration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AmountUnits {
    /// JSON numbers in major units: `150.00` BRL.
    #[default]
    Major,
    /// JSON integers in minor units: `15000` for 150.00 BRL.
    Minor,
}

impl AmountUnits {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "major" => Some(Self::Major),
            "minor" => Some(Self::Minor),
            _ => None,
        }
    }
}

/// An amount as a JSON number, kept as its exact text so no float ever touches money.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WireAmount(String);

impl WireAmount {
    /// The one place where our integer minor units become Orkestra's wire amounts.
    pub fn from_money(money: Money, units: AmountUnits) -> Self {
        match units {
            AmountUnits::Major => WireAmount(money.to_decimal_string()),
            AmountUnits::Minor => WireAmount(money.minor().to_string()),
        }
    }

    /// And the one place where they come back.
    pub fn to_money(&self, currency: Currency, units: AmountUnits) -> Result<Money, ErrorCode> {
        match units {
            AmountUnits::Major => Money::parse_lenient(&self.0, currency),
            AmountUnits::Minor => {
                if self.0.is_empty() || !self.0.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(ErrorCode::AmountFormat);
                }
                let minor = self
                    .0
                    .parse::<u64>()
                    .map_err(|_| ErrorCode::AmountOverflow)?;
                Money::from_minor(currency, minor)
            }
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Serialize for WireAmount {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let raw = RawValue::from_string(self.0.clone()).map_err(serde::ser::Error::custom)?;
        raw.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for WireAmount {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw: Box<RawValue> = Deserialize::deserialize(deserializer)?;
        let text = raw.get();
        // Tolerate a number sent as a string ("150.00"): some APIs do that.
        let text = text
            .strip_prefix('"')
            .and_then(|t| t.strip_suffix('"'))
            .unwrap_or(text);
        if text.is_empty()
            || !text
                .bytes()
                .all(|b| b.is_ascii_digit() || b == b'.' || b == b'-')
        {
            return Err(D::Error::custom("amount must be a plain decimal number"));
        }
        Ok(WireAmount(text.to_owned()))
    }
}

/// `POST /v1/orders`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderRequest {
    pub merchant_order_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub soft_descriptor: Option<String>,
    pub amount: WireAmount,
    pub currency: Currency,
    #[serde(default)]
    pub allows_third_party_payments: bool,
    #[serde(default)]
    pub metadata: Map<String, Value>,
    pub charges: Vec<ChargeRequest>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChargeRequest {
    /// Absent for a single charge: it is the order's amount.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<WireAmount>,
    pub customer: Customer,
    pub transactions: Vec<TransactionRequest>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Customer {
    pub first_name: String,
    pub last_name: String,
    pub document_type: String,
    pub document: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email_address: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone_number: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TransactionRequest {
    pub payment_method: String,
    /// Absent for a single transaction: it is the charge's amount.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<WireAmount>,
    /// The merchant's reference for this transaction; Orkestra answers a repeat with the
    /// transaction it already has (idempotency).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pix: Option<PixOptions>,
}

/// `POST /v1/orders/{id}/transactions`: a new attempt on an existing charge (our choice of
/// path; the docs describe several transactions per charge but not how to add one).
/// Spelled out rather than `#[serde(flatten)]`: flattening cannot carry exact amounts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AddTransactionRequest {
    /// Needed only when the order has several charges.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub charge_id: Option<i64>,
    pub payment_method: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<WireAmount>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pix: Option<PixOptions>,
}

impl AddTransactionRequest {
    pub fn new(charge_id: Option<i64>, transaction: TransactionRequest) -> Self {
        AddTransactionRequest {
            charge_id,
            payment_method: transaction.payment_method,
            amount: transaction.amount,
            reference_id: transaction.reference_id,
            pix: transaction.pix,
        }
    }

    pub fn transaction(&self) -> TransactionRequest {
        TransactionRequest {
            payment_method: self.payment_method.clone(),
            amount: self.amount.clone(),
            reference_id: self.reference_id.clone(),
            pix: self.pix.clone(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PixOptions {
    #[serde(default)]
    pub allows_amount_change: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<String>,
}

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
    #[serde(default)]
    pub pix: Option<PixResult>,
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

#[cfg(test)]
mod tests {
    use super::*;

    fn brl(minor: u64) -> Money {
        Money::from_minor(Currency::BRL, minor).unwrap()
    }

    #[test]
    fn amounts_go_on_the_wire_as_exact_json_numbers() {
        let amount = WireAmount::from_money(brl(15000), AmountUnits::Major);
        assert_eq!(serde_json::to_string(&amount).unwrap(), "150.00");
        let amount = WireAmount::from_money(brl(15000), AmountUnits::Minor);
        assert_eq!(serde_json::to_string(&amount).unwrap(), "15000");
    }

    #[test]
    fn wire_amounts_come_back_without_floats() {
        let amount: WireAmount = serde_json::from_str("150.1").unwrap();
        assert_eq!(
            amount.to_money(Currency::BRL, AmountUnits::Major).unwrap(),
            brl(15010)
        );
        let amount: WireAmount = serde_json::from_str("\"0.30\"").unwrap();
        assert_eq!(
            amount.to_money(Currency::BRL, AmountUnits::Major).unwrap(),
            brl(30)
        );
        let amount: WireAmount = serde_json::from_str("15000").unwrap();
        assert_eq!(
            amount.to_money(Currency::BRL, AmountUnits::Minor).unwrap(),
            brl(15000)
        );
        assert!(serde_json::from_str::<WireAmount>("1e3").is_err());
        assert!(serde_json::from_str::<WireAmount>("true").is_err());
    }

    #[test]
    fn the_webhook_reads_the_documented_field_names() {
        let json = r#"{"id":12345,"referenceId":"REF123456","amount":200,"paidAmount":200,
            "currency":"BRL","allowsThirdPartyPayments":true,"status":"PAID","metadata":{},
            "charges":[],"transactions":[]}"#;
        let hook: OrderWebhook = serde_json::from_str(json).unwrap();
        assert_eq!(hook.status, OrderStatus::Paid);
        assert_eq!(hook.reference_id, "REF123456");
    }
}
