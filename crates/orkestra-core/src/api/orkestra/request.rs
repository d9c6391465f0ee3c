//! What we send Orkestra to create an order or add a transaction to one.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::amount::WireAmount;
use crate::money::Currency;

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
    /// Seller shares; they must add up to at most the order amount.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub submerchants: Vec<Submerchant>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instant_conversion: Option<InstantConversion>,
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
    /// Required for boleto (docs 4.2); the sub-fields are our choice.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub living_address: Option<Address>,
    /// PSE: the payer's bank (docs 4.5, `bankAccount.bankCode`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bank_account: Option<BankAccountRef>,
}

impl Customer {
    /// A customer with only the documented required fields.
    pub fn new(first_name: &str, last_name: &str, document_type: &str, document: &str) -> Self {
        Customer {
            first_name: first_name.into(),
            last_name: last_name.into(),
            document_type: document_type.into(),
            document: document.into(),
            email_address: None,
            phone_number: None,
            living_address: None,
            bank_account: None,
        }
    }
}

/// A postal address (`livingAddress`, `billingAddress`). The docs name the object but not
/// its fields; these are the ones a Brazilian boleto registration needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Address {
    pub street: String,
    #[serde(default)]
    pub number: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub complement: Option<String>,
    #[serde(default)]
    pub district: String,
    pub city: String,
    /// State or province code, e.g. `SP`.
    pub state: String,
    pub postal_code: String,
    /// ISO 3166 alpha-2.
    pub country: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BankAccountRef {
    pub bank_code: String,
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
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub boleto: Option<BoletoOptions>,
    /// For `CREDIT_CARD` and `DEBIT_CARD` alike (the docs' name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credit_card: Option<CardOptions>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pse: Option<PseOptions>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cash: Option<CashOptions>,
    /// Nequi, Daviplata and mobile money: the phone is the customer's `phoneNumber`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wallet: Option<WalletOptions>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub crypto: Option<CryptoOptions>,
    /// When the payment instructions stop being valid, for methods with no options object
    /// of their own (SPEI, bank transfer, SEPA); the account default otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<String>,
}

impl TransactionRequest {
    /// A transaction with only a method; options are filled in by the caller.
    pub fn new(payment_method: &str) -> Self {
        TransactionRequest {
            payment_method: payment_method.into(),
            amount: None,
            reference_id: None,
            pix: None,
            boleto: None,
            credit_card: None,
            pse: None,
            cash: None,
            wallet: None,
            crypto: None,
            expires_at: None,
        }
    }
}

/// `POST /v1/orders/{id}/transactions`: a new attempt on an existing charge (our choice of
/// path and shape; the docs describe several transactions per charge but not how to add
/// one).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AddTransactionRequest {
    /// Needed only when the order has several charges.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub charge_id: Option<i64>,
    pub transaction: TransactionRequest,
    /// The charge's payer, when the charge was created without one (an order with a
    /// charge per payer is created before the payers are known); it replaces the
    /// charge's customer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer: Option<Customer>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PixOptions {
    #[serde(default)]
    pub allows_amount_change: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BoletoOptions {
    /// Due date; the account default ("usually 3 days") when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<String>,
}

/// `creditCard` (docs 4.3). The card data travels only from the proxy to Orkestra: it is
/// never stored or logged on the way.
///
/// Without `card`, the payer types the card on Orkestra's payment page: the transaction
/// is created PENDING with a [`PaymentPageResult`](super::PaymentPageResult), and
/// `options.returnUrl` is where that page sends a payer who was not in a frame. Our
/// choice: the docs promise a payment page for every order but name no field for it.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CardOptions {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub card: Option<CardData>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub options: Option<CardPaymentOptions>,
}

impl std::fmt::Debug for CardOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CardOptions")
            .field("card", &"[redacted]")
            .field("options", &self.options)
            .finish()
    }
}

#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CardData {
    pub number: String,
    /// `MM/YYYY`, as documented.
    pub expires_at: String,
    pub security_code: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub holder: Option<CardHolder>,
    /// ISO 3166 alpha-3, as documented.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issuing_country: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CardHolder {
    pub first_name: String,
    pub last_name: String,
}

/// The docs name an `options` object without its contents; ours carries installments and
/// where a 3-D Secure challenge sends the payer back to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CardPaymentOptions {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub installments: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub return_url: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PseOptions {
    /// `NATURAL` (a person) or `JURIDICA` (a company), as PSE's bank pages ask.
    pub person_type: String,
    /// Where the bank page sends the payer back to.
    pub return_url: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CashOptions {
    /// A network code (`OXXO`, `EFECTY`, …); any network of the country when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub network: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WalletOptions {
    /// The mobile-money operator (`MTN`, `ORANGE`, `MPESA`, …); absent for Nequi/Daviplata.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operator: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CryptoOptions {
    /// `USDT` or `USDC`: the order's currency.
    pub token: String,
    /// `ETHEREUM`, `TRON`, `SOLANA`, `POLYGON`, `BSC`, `ARBITRUM` or `BASE`.
    pub network: String,
}

/// Order options from the docs' overview: shares per seller (submerchant split) and the
/// currency to convert receivables to at once (instant conversion). Stored and echoed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Submerchant {
    pub id: String,
    pub amount: WireAmount,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InstantConversion {
    pub settlement_currency: String,
}
