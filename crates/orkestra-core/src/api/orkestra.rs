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

use crate::catalog::PaymentMethod;
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

/// A `paymentMethod` on Orkestra's wire: the docs name PIX, BOLETO, CREDIT_CARD, DEBIT_CARD,
/// SPEI and PSE; the others are our catalog's names. Cards are one catalog method ([`PaymentMethod::Card`]) but two
/// wire names, because in Brazil the payer says whether the card is credit or debit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WireMethod {
    Pix,
    Boleto,
    CreditCard,
    DebitCard,
    Spei,
    Pse,
    Cash,
    BankTransfer,
    Nequi,
    Daviplata,
    MobileMoney,
    Sepa,
    Crypto,
}

impl WireMethod {
    pub const ALL: [WireMethod; 13] = [
        WireMethod::Pix,
        WireMethod::Boleto,
        WireMethod::CreditCard,
        WireMethod::DebitCard,
        WireMethod::Spei,
        WireMethod::Pse,
        WireMethod::Cash,
        WireMethod::BankTransfer,
        WireMethod::Nequi,
        WireMethod::Daviplata,
        WireMethod::MobileMoney,
        WireMethod::Sepa,
        WireMethod::Crypto,
    ];

    pub fn wire(self) -> &'static str {
        match self {
            WireMethod::Pix => "PIX",
            WireMethod::Boleto => "BOLETO",
            WireMethod::CreditCard => "CREDIT_CARD",
            WireMethod::DebitCard => "DEBIT_CARD",
            WireMethod::Spei => "SPEI",
            WireMethod::Pse => "PSE",
            WireMethod::Cash => "CASH",
            WireMethod::BankTransfer => "BANK_TRANSFER",
            WireMethod::Nequi => "NEQUI",
            WireMethod::Daviplata => "DAVIPLATA",
            WireMethod::MobileMoney => "MOBILE_MONEY",
            WireMethod::Sepa => "SEPA",
            WireMethod::Crypto => "CRYPTO",
        }
    }

    pub fn from_wire(s: &str) -> Option<WireMethod> {
        WireMethod::ALL.into_iter().find(|m| m.wire() == s)
    }

    /// The catalog's method, whose markets, limits and expiry apply.
    pub fn catalog(self) -> PaymentMethod {
        match self {
            WireMethod::Pix => PaymentMethod::Pix,
            WireMethod::Boleto => PaymentMethod::Boleto,
            WireMethod::CreditCard | WireMethod::DebitCard => PaymentMethod::Card,
            WireMethod::Spei => PaymentMethod::Spei,
            WireMethod::Pse => PaymentMethod::Pse,
            WireMethod::Cash => PaymentMethod::Cash,
            WireMethod::BankTransfer => PaymentMethod::BankTransfer,
            WireMethod::Nequi => PaymentMethod::Nequi,
            WireMethod::Daviplata => PaymentMethod::Daviplata,
            WireMethod::MobileMoney => PaymentMethod::MobileMoney,
            WireMethod::Sepa => PaymentMethod::Sepa,
            WireMethod::Crypto => PaymentMethod::Crypto,
        }
    }

    pub fn is_card(self) -> bool {
        matches!(self, WireMethod::CreditCard | WireMethod::DebitCard)
    }

    /// The wire method of a catalog method; a card is a debit card when the payer says so.
    pub fn of(method: PaymentMethod, debit_card: bool) -> WireMethod {
        match method {
            PaymentMethod::Card if debit_card => WireMethod::DebitCard,
            PaymentMethod::Card => WireMethod::CreditCard,
            PaymentMethod::Pix => WireMethod::Pix,
            PaymentMethod::Boleto => WireMethod::Boleto,
            PaymentMethod::Spei => WireMethod::Spei,
            PaymentMethod::Pse => WireMethod::Pse,
            PaymentMethod::Cash => WireMethod::Cash,
            PaymentMethod::BankTransfer => WireMethod::BankTransfer,
            PaymentMethod::Nequi => WireMethod::Nequi,
            PaymentMethod::Daviplata => WireMethod::Daviplata,
            PaymentMethod::MobileMoney => WireMethod::MobileMoney,
            PaymentMethod::Sepa => WireMethod::Sepa,
            PaymentMethod::Crypto => WireMethod::Crypto,
        }
    }

    /// Whether the docs require the payer's `firstName`/`lastName` on the charge (they do
    /// for PIX, boleto, cards, SPEI and PSE, and say nothing for the others, whose payers
    /// enter only a phone, an email or nothing).
    pub fn needs_payer_name(self) -> bool {
        matches!(
            self,
            WireMethod::Pix
                | WireMethod::Boleto
                | WireMethod::CreditCard
                | WireMethod::DebitCard
                | WireMethod::Spei
                | WireMethod::Pse
        )
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
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CardOptions {
    pub card: CardData,
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
    fn every_wire_name_round_trips_and_maps_to_the_catalog() {
        for m in WireMethod::ALL {
            assert_eq!(WireMethod::from_wire(m.wire()), Some(m));
            assert_eq!(WireMethod::of(m.catalog(), m == WireMethod::DebitCard), m);
        }
        assert_eq!(WireMethod::from_wire("CARD"), None);
        assert_eq!(WireMethod::CreditCard.catalog(), PaymentMethod::Card);
        assert_eq!(WireMethod::DebitCard.catalog(), PaymentMethod::Card);
        for core in PaymentMethod::ALL {
            assert!(
                WireMethod::ALL.iter().any(|m| m.catalog() == core),
                "{core}"
            );
        }
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
