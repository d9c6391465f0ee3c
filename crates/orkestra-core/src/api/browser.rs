//! The browser API: what the payment page reads and sends, scoped to one session by the
//! unguessable token in its URL. Amounts and methods only ever come from the server.

use serde::{Deserialize, Serialize};

use super::locale::Locale;
use super::merchant::{Appearance, CustomerInput, OrderStatus, SessionStatus, TransactionStatus};
use crate::catalog::{
    cash_networks, installment_options, market_payer_fields, method_document_types,
    mobile_operators, payer_field_is_optional, Country, DocumentType, Market,
    PayerField as CatalogField, PaymentMethod,
};
use crate::error::{ErrorCode, FieldError};
use crate::methods::{spec, DetailsKind};
use crate::money::Currency;
use crate::validate::{
    self, BrDocument, CardNumber, Cvv, Document, Email, Expiry, Network, Operator, PersonName,
    Phone,
};

/// `GET /api/pay/{token}`: everything the page needs to render, and nothing secret.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PageSession {
    /// The merchant's id of the session (`cs_…`), which the page names in every message
    /// it posts to an embedding merchant (`docs/embedding.md`).
    #[serde(default)]
    pub session_id: String,
    pub status: SessionStatus,
    /// Absent for SEPA and crypto sessions, whose market follows from the currency.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<Country>,
    pub currency: Currency,
    /// Decimal string in major units with the currency's digits, e.g. "150.00".
    pub amount: String,
    pub locale: Locale,
    pub merchant_name: String,
    pub expires_at: String,
    pub methods: Vec<PaymentMethod>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer: Option<CustomerInput>,
    pub transactions: Vec<PageTransaction>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub return_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cancel_url: Option<String>,
    /// The origins allowed to embed the page: the page talks to an embedding window only
    /// when its origin is one of these.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub embed_origins: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub appearance: Option<Appearance>,
    /// This payer's charge: what is paid, in flight and left. `amount` above is the
    /// charge's amount (each payer sees only their share); `transactions` are its legs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub charge: Option<PageCharge>,
}

/// The payer's charge on the page. Amounts are decimal strings in major units.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PageCharge {
    pub id: String,
    pub status: OrderStatus,
    pub amount: String,
    pub paid_amount: String,
    pub pending_amount: String,
    /// What a new leg without an `amount` would take.
    pub remaining_amount: String,
    /// Position of this payer in the order (0-based) and how many payers it has.
    pub index: u32,
    pub count: u32,
}

impl PageSession {
    /// Where the payer pays: their country, or the Eurozone/World for SEPA and crypto.
    pub fn market(&self) -> Option<Market> {
        Market::of(self.country, self.currency)
    }

    /// The attempt the page shows: the newest one.
    pub fn current_transaction(&self) -> Option<&PageTransaction> {
        self.transactions.last()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PageTransaction {
    pub id: String,
    pub method: PaymentMethod,
    pub amount: String,
    pub status: TransactionStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_action: Option<NextAction>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failure_code: Option<String>,
}

/// What the payer has to do after submitting, per method. Amounts in these are decimal
/// strings in major units, like every amount the page gets.
///
/// Written as an internally tagged object (`{"type":"pix_qr_code",…}`). Read through
/// [`NextActionFields`]: serde's derive for internally tagged enums buffers the whole object
/// and then re-reads it once per variant, which compiled to the page's largest function
/// (20.8 KB of wasm); one flat struct and a match read the same JSON the same way.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", try_from = "NextActionFields")]
pub enum NextAction {
    /// Scan the QR code or paste the "Pix Copia e Cola" code into a banking app.
    #[serde(rename_all = "camelCase")]
    PixQrCode { emv: String, expires_at: String },
    /// Pay the boleto at a bank, a lotérica or in a banking app by its digitable line.
    #[serde(rename_all = "camelCase")]
    Boleto {
        digitable_line: String,
        barcode: String,
        due_date: String,
        url: String,
    },
    /// Go to the card issuer's 3-D Secure page; it sends the payer back here.
    #[serde(rename_all = "camelCase")]
    ThreeDsChallenge { url: String },
    /// Go to the bank's page (PSE); it sends the payer back here.
    #[serde(rename_all = "camelCase")]
    BankRedirect { url: String },
    /// Transfer the exact amount to this account with this reference (SPEI, bank
    /// transfers, SEPA). `account_type` says how to read `account_number` (CLABE, CBU,
    /// IBAN, NUBAN, ACCOUNT).
    #[serde(rename_all = "camelCase")]
    BankTransfer {
        bank_name: String,
        beneficiary: String,
        account_type: String,
        account_number: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        bic: Option<String>,
        reference: String,
        expires_at: String,
    },
    /// Pay in cash at one of `networks` with this reference or barcode.
    #[serde(rename_all = "camelCase")]
    CashVoucher {
        reference: String,
        barcode: String,
        networks: Vec<String>,
        expires_at: String,
    },
    /// Approve the payment in the wallet app on this (masked) phone.
    #[serde(rename_all = "camelCase")]
    ApproveOnPhone {
        phone: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        operator: Option<String>,
        expires_at: String,
    },
    /// Type the one-time code the wallet sent to this (masked) phone.
    #[serde(rename_all = "camelCase")]
    EnterOtp {
        phone: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        operator: Option<String>,
        expires_at: String,
    },
    /// Send exactly `amount` of `token` on `network` to `address`.
    #[serde(rename_all = "camelCase")]
    CryptoTransfer {
        token: String,
        network: String,
        address: String,
        amount: String,
        expires_at: String,
    },
}

/// The kinds of [`NextAction`], as their `type` tags.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
enum NextActionKind {
    PixQrCode,
    Boleto,
    ThreeDsChallenge,
    BankRedirect,
    BankTransfer,
    CashVoucher,
    ApproveOnPhone,
    EnterOtp,
    CryptoTransfer,
}

/// A next action's object as read: its `type` and every key with a text or list-of-texts
/// value. Read by hand rather than derived: the derive for twenty optional fields was 9 KB
/// of the page's wasm, this one loop and one value reader. Keys of no interest and values of
/// another shape are kept out, so an unknown key never fails the read; a known key whose
/// value is not a text reads as missing.
struct NextActionFields {
    kind: Option<NextActionKind>,
    entries: Vec<(String, FieldValue)>,
}

enum FieldValue {
    Text(String),
    List(Vec<String>),
    Other,
}

impl NextActionFields {
    fn take(&mut self, key: &str) -> Option<FieldValue> {
        let i = self.entries.iter().position(|(k, _)| k == key)?;
        Some(self.entries.swap_remove(i).1)
    }

    fn text(&mut self, key: &str) -> Option<String> {
        match self.take(key)? {
            FieldValue::Text(t) => Some(t),
            FieldValue::List(_) | FieldValue::Other => None,
        }
    }

    fn list(&mut self, key: &str) -> Option<Vec<String>> {
        match self.take(key)? {
            FieldValue::List(l) => Some(l),
            FieldValue::Text(_) | FieldValue::Other => None,
        }
    }
}

impl<'de> Deserialize<'de> for NextActionFields {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Fields;
        impl<'de> serde::de::Visitor<'de> for Fields {
            type Value = NextActionFields;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a next action object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Self::Value, A::Error> {
                let mut fields = NextActionFields {
                    kind: None,
                    entries: Vec::new(),
                };
                while let Some(key) = map.next_key::<String>()? {
                    if key == "type" {
                        fields.kind = Some(map.next_value()?);
                    } else {
                        let value = map.next_value()?;
                        fields.entries.push((key, value));
                    }
                }
                Ok(fields)
            }
        }
        d.deserialize_map(Fields)
    }
}

impl<'de> Deserialize<'de> for FieldValue {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Value;
        impl<'de> serde::de::Visitor<'de> for Value {
            type Value = FieldValue;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_str<E>(self, v: &str) -> Result<FieldValue, E> {
                Ok(FieldValue::Text(v.to_owned()))
            }
            fn visit_string<E>(self, v: String) -> Result<FieldValue, E> {
                Ok(FieldValue::Text(v))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<FieldValue, A::Error> {
                let mut texts = Vec::new();
                let mut all_texts = true;
                while let Some(item) = seq.next_element::<FieldValue>()? {
                    match item {
                        FieldValue::Text(t) => texts.push(t),
                        FieldValue::List(_) | FieldValue::Other => all_texts = false,
                    }
                }
                Ok(if all_texts {
                    FieldValue::List(texts)
                } else {
                    FieldValue::Other
                })
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<FieldValue, A::Error> {
                while map
                    .next_entry::<serde::de::IgnoredAny, serde::de::IgnoredAny>()?
                    .is_some()
                {}
                Ok(FieldValue::Other)
            }
            fn visit_bool<E>(self, _: bool) -> Result<FieldValue, E> {
                Ok(FieldValue::Other)
            }
            fn visit_i64<E>(self, _: i64) -> Result<FieldValue, E> {
                Ok(FieldValue::Other)
            }
            fn visit_u64<E>(self, _: u64) -> Result<FieldValue, E> {
                Ok(FieldValue::Other)
            }
            fn visit_f64<E>(self, _: f64) -> Result<FieldValue, E> {
                Ok(FieldValue::Other)
            }
            fn visit_unit<E>(self) -> Result<FieldValue, E> {
                Ok(FieldValue::Other)
            }
            fn visit_none<E>(self) -> Result<FieldValue, E> {
                Ok(FieldValue::Other)
            }
        }
        d.deserialize_any(Value)
    }
}

impl TryFrom<NextActionFields> for NextAction {
    /// Which kind lacked a field; serde turns it into its error.
    type Error = &'static str;

    fn try_from(mut f: NextActionFields) -> Result<Self, Self::Error> {
        const MISSING: &str = "the next action has no type or misses a field";
        let kind = f.kind.ok_or(MISSING)?;
        let mut req = |key: &str| f.text(key).ok_or(MISSING);
        Ok(match kind {
            NextActionKind::PixQrCode => NextAction::PixQrCode {
                emv: req("emv")?,
                expires_at: req("expiresAt")?,
            },
            NextActionKind::Boleto => NextAction::Boleto {
                digitable_line: req("digitableLine")?,
                barcode: req("barcode")?,
                due_date: req("dueDate")?,
                url: req("url")?,
            },
            NextActionKind::ThreeDsChallenge => NextAction::ThreeDsChallenge { url: req("url")? },
            NextActionKind::BankRedirect => NextAction::BankRedirect { url: req("url")? },
            NextActionKind::BankTransfer => NextAction::BankTransfer {
                bank_name: req("bankName")?,
                beneficiary: req("beneficiary")?,
                account_type: req("accountType")?,
                account_number: req("accountNumber")?,
                reference: req("reference")?,
                expires_at: req("expiresAt")?,
                bic: f.text("bic"),
            },
            NextActionKind::CashVoucher => NextAction::CashVoucher {
                reference: req("reference")?,
                barcode: req("barcode")?,
                expires_at: req("expiresAt")?,
                networks: f.list("networks").ok_or(MISSING)?,
            },
            NextActionKind::ApproveOnPhone => NextAction::ApproveOnPhone {
                phone: req("phone")?,
                expires_at: req("expiresAt")?,
                operator: f.text("operator"),
            },
            NextActionKind::EnterOtp => NextAction::EnterOtp {
                phone: req("phone")?,
                expires_at: req("expiresAt")?,
                operator: f.text("operator"),
            },
            NextActionKind::CryptoTransfer => NextAction::CryptoTransfer {
                token: req("token")?,
                network: req("network")?,
                address: req("address")?,
                amount: req("amount")?,
                expires_at: req("expiresAt")?,
            },
        })
    }
}

impl NextAction {
    /// When the instructions stop being valid, for the countdown; `None` for redirects.
    pub fn expires_at(&self) -> Option<&str> {
        match self {
            NextAction::PixQrCode { expires_at, .. }
            | NextAction::BankTransfer { expires_at, .. }
            | NextAction::CashVoucher { expires_at, .. }
            | NextAction::ApproveOnPhone { expires_at, .. }
            | NextAction::EnterOtp { expires_at, .. }
            | NextAction::CryptoTransfer { expires_at, .. } => Some(expires_at),
            NextAction::Boleto { .. }
            | NextAction::ThreeDsChallenge { .. }
            | NextAction::BankRedirect { .. } => None,
        }
    }
}

/// `POST /api/pay/{token}/transactions`, sent with an `Idempotency-Key` header. Only what
/// the payer typed: the amount and currency come from the session on the server.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SubmitTransaction {
    pub method: Option<PaymentMethod>,
    #[serde(default)]
    pub payer: PayerInput,
    /// Cards only. Never logged: `Debug` hides it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub card: Option<CardInput>,
    /// PSE: the bank's code from the bank list.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub bank: String,
    /// PSE: `NATURAL` or `JURIDICA`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub person_type: String,
    /// Mobile money: the operator the payer picked (`MTN`, `ORANGE`…).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub operator: String,
    /// Crypto: the network (`TRON`, `ETHEREUM`…). Cash: the network chosen, optional.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub network: String,
    /// Splitting the charge: this leg's amount, a decimal string in the session's
    /// currency. Absent: the whole remainder (what no paid or pending leg covers).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<String>,
}

impl std::fmt::Debug for SubmitTransaction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SubmitTransaction")
            .field("method", &self.method)
            .field("card", &self.card.as_ref().map(|_| "[redacted]"))
            .finish_non_exhaustive()
    }
}

/// The payer's data as typed. Which fields a method needs comes from the catalog
/// ([`market_payer_fields`]); the rest stay empty.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PayerInput {
    #[serde(default)]
    pub name: String,
    /// One of the method's document types; may be left empty for Brazil, where the
    /// number tells CPF from CNPJ, and when the method takes a single type.
    #[serde(default)]
    pub document_type: String,
    #[serde(default)]
    pub document: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub address: AddressInput,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AddressInput {
    #[serde(default)]
    pub street: String,
    #[serde(default)]
    pub number: String,
    #[serde(default)]
    pub district: String,
    #[serde(default)]
    pub city: String,
    #[serde(default)]
    pub state: String,
    #[serde(default)]
    pub postal_code: String,
}

#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CardInput {
    #[serde(default)]
    pub number: String,
    /// `MM/YY` or `MM/YYYY`.
    #[serde(default)]
    pub expiry: String,
    #[serde(default)]
    pub cvv: String,
    /// 1 for a single payment.
    #[serde(default = "one")]
    pub installments: u8,
    /// Brazil asks: the number does not tell a debit card from a credit card.
    #[serde(default)]
    pub debit: bool,
}

fn one() -> u8 {
    1
}

/// A card that passed every rule. The number and CVV leave this type only through their
/// `expose_digits`, on the way to Orkestra.
#[derive(Clone, PartialEq, Eq)]
pub struct ValidCard {
    pub number: CardNumber,
    pub expiry: Expiry,
    pub cvv: Cvv,
    pub installments: u8,
    pub debit: bool,
}

impl std::fmt::Debug for ValidCard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "ValidCard({} {})",
            self.number.brand().as_str(),
            self.number.last4()
        )
    }
}

/// A submission that passed every rule of its market and method: the payer fields the
/// method needs are `Some`, the others `None`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Payer {
    pub method: PaymentMethod,
    pub name: Option<PersonName>,
    pub document: Option<Document>,
    pub email: Option<Email>,
    pub phone: Option<Phone>,
    pub address: Option<AddressInput>,
    pub card: Option<ValidCard>,
    pub bank: Option<String>,
    pub person_type: Option<&'static str>,
    pub operator: Option<Operator>,
    pub crypto_network: Option<Network>,
    pub cash_network: Option<String>,
}

/// Every input of every payment form, named as in error paths.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FormField {
    Method,
    Name,
    DocumentType,
    Document,
    Email,
    Phone,
    Street,
    Number,
    District,
    City,
    State,
    PostalCode,
    CardNumber,
    CardExpiry,
    CardCvv,
    Installments,
    Bank,
    PersonType,
    Operator,
    Network,
}

impl FormField {
    pub const ALL: [FormField; 20] = [
        FormField::Method,
        FormField::Name,
        FormField::DocumentType,
        FormField::Document,
        FormField::Email,
        FormField::Phone,
        FormField::Street,
        FormField::Number,
        FormField::District,
        FormField::City,
        FormField::State,
        FormField::PostalCode,
        FormField::CardNumber,
        FormField::CardExpiry,
        FormField::CardCvv,
        FormField::Installments,
        FormField::Bank,
        FormField::PersonType,
        FormField::Operator,
        FormField::Network,
    ];

    pub fn path(self) -> &'static str {
        match self {
            FormField::Method => "method",
            FormField::Name => "payer.name",
            FormField::DocumentType => "payer.documentType",
            FormField::Document => "payer.document",
            FormField::Email => "payer.email",
            FormField::Phone => "payer.phone",
            FormField::Street => "payer.address.street",
            FormField::Number => "payer.address.number",
            FormField::District => "payer.address.district",
            FormField::City => "payer.address.city",
            FormField::State => "payer.address.state",
            FormField::PostalCode => "payer.address.postalCode",
            FormField::CardNumber => "card.number",
            FormField::CardExpiry => "card.expiry",
            FormField::CardCvv => "card.cvv",
            FormField::Installments => "card.installments",
            FormField::Bank => "bank",
            FormField::PersonType => "personType",
            FormField::Operator => "operator",
            FormField::Network => "network",
        }
    }

    pub fn from_path(path: &str) -> Option<FormField> {
        FormField::ALL.into_iter().find(|f| f.path() == path)
    }
}

/// The PSE person types, as PSE's bank pages name them.
pub use crate::methods::PERSON_TYPES;

/// The inputs `method` asks for in `market`, in form order. The payer fields come from the
/// catalog; the method's own inputs follow.
pub fn form_fields(market: Market, method: PaymentMethod) -> Vec<FormField> {
    let mut fields = Vec::new();
    let country = market.country();
    for field in market_payer_fields(market, method) {
        match field {
            CatalogField::FullName => fields.push(FormField::Name),
            CatalogField::Document => {
                let types = country.map_or(&[][..], |c| method_document_types(c, method));
                // Brazil's number tells its type; one type needs no choice.
                if types.len() > 1 && country != Some(Country::BR) {
                    fields.push(FormField::DocumentType);
                }
                fields.push(FormField::Document);
            }
            CatalogField::Email => fields.push(FormField::Email),
            CatalogField::Phone => fields.push(FormField::Phone),
            CatalogField::Address => fields.extend([
                FormField::PostalCode,
                FormField::Street,
                FormField::Number,
                FormField::District,
                FormField::City,
                FormField::State,
            ]),
        }
    }
    match spec(method).details {
        DetailsKind::Card => {
            if !fields.contains(&FormField::Name) {
                // The holder's name is printed on the card and checked by some issuers.
                fields.insert(0, FormField::Name);
            }
            fields.extend([
                FormField::CardNumber,
                FormField::CardExpiry,
                FormField::CardCvv,
            ]);
            if country.is_some_and(|c| installment_options(c).len() > 1) {
                fields.push(FormField::Installments);
            }
        }
        DetailsKind::Pse => fields.extend([FormField::PersonType, FormField::Bank]),
        DetailsKind::MobileMoney => fields.insert(0, FormField::Operator),
        DetailsKind::Crypto => fields.insert(0, FormField::Network),
        // The cash network is optional and no input of the form: the page lists the
        // networks beside the method's name.
        DetailsKind::Cash | DetailsKind::None => {}
    }
    fields
}

/// What one input holds once its rule passed, so [`SubmitTransaction::validate`] keeps what
/// [`SubmitTransaction::check_field`] parsed instead of parsing it again.
enum Parsed {
    /// Checked, and nothing to keep (or an optional input left empty).
    Nothing,
    Name(PersonName),
    Document(Document),
    Email(Email),
    Phone(Phone),
    PostalCode(String),
    CardNumber(CardNumber),
    Expiry(Expiry),
    /// `None` only when no brand is known yet (then 3 or 4 digits pass).
    Cvv(Option<Cvv>),
    Bank(String),
    PersonType(&'static str),
    Operator(Operator),
    Network(Network),
    CashNetwork(Option<String>),
}

impl SubmitTransaction {
    /// One field's rule, so the page can check a field on blur with the same code the proxy
    /// runs on submit. `today` is (year, month) for card expiry.
    pub fn check_field(
        &self,
        market: Market,
        field: FormField,
        today: (u16, u8),
    ) -> Result<(), ErrorCode> {
        self.parse_field(market, field, today).map(drop)
    }

    fn parse_field(
        &self,
        market: Market,
        field: FormField,
        today: (u16, u8),
    ) -> Result<Parsed, ErrorCode> {
        let method = self.method.ok_or(ErrorCode::Required)?;
        let country = market.country();
        let payer = &self.payer;
        let required = |value: &str, max: usize| -> Result<Parsed, ErrorCode> {
            let value = value.trim();
            if value.is_empty() {
                Err(ErrorCode::Required)
            } else if value.chars().count() > max {
                Err(ErrorCode::TooLong)
            } else {
                Ok(Parsed::Nothing)
            }
        };
        let left_empty = |field: CatalogField, value: &str| {
            value.trim().is_empty()
                && country.is_some_and(|c| payer_field_is_optional(c, method, field))
        };
        Ok(match field {
            FormField::Method => {
                if !market.offers(method) {
                    return Err(ErrorCode::UnsupportedMethod);
                }
                Parsed::Nothing
            }
            FormField::Name => Parsed::Name(validate::person_name(&payer.name)?),
            FormField::DocumentType => {
                self.document_type(market, method)?;
                Parsed::Nothing
            }
            FormField::Document if left_empty(CatalogField::Document, &payer.document) => {
                Parsed::Nothing
            }
            FormField::Document => {
                let country = country.ok_or(ErrorCode::UnsupportedDocumentType)?;
                let kind = self.document_type(market, method)?;
                Parsed::Document(validate::document(country, kind, &payer.document)?)
            }
            FormField::Email if left_empty(CatalogField::Email, &payer.email) => Parsed::Nothing,
            FormField::Email => Parsed::Email(validate::email(&payer.email)?),
            FormField::Phone if left_empty(CatalogField::Phone, &payer.phone) => Parsed::Nothing,
            FormField::Phone => {
                let country = country.ok_or(ErrorCode::UnsupportedCountry)?;
                Parsed::Phone(validate::phone(country, &payer.phone)?)
            }
            FormField::Street => required(&payer.address.street, 120)?,
            FormField::Number => required(&payer.address.number, 20)?,
            FormField::District => required(&payer.address.district, 80)?,
            FormField::City => required(&payer.address.city, 80)?,
            FormField::State => {
                let state = payer.address.state.trim();
                required(state, 2)?;
                if state.len() != 2 || !state.bytes().all(|b| b.is_ascii_alphabetic()) {
                    return Err(ErrorCode::InvalidFormat);
                }
                Parsed::Nothing
            }
            FormField::PostalCode => Parsed::PostalCode(postal_code(&payer.address.postal_code)?),
            FormField::CardNumber => {
                Parsed::CardNumber(validate::card_number(&self.card_input().number)?)
            }
            FormField::CardExpiry => {
                Parsed::Expiry(validate::expiry(&self.card_input().expiry, today)?)
            }
            FormField::CardCvv => {
                let card = self.card_input();
                let brand = validate::card_number(&card.number)
                    .map(|n| n.brand())
                    .ok()
                    .or_else(|| validate::brand_of_prefix(&card.number));
                match brand {
                    Some(brand) => Parsed::Cvv(Some(validate::cvv(&card.cvv, brand)?)),
                    // Without a brand, the length cannot be judged: 3 or 4 digits pass.
                    None => {
                        let cvv = card.cvv.trim();
                        if cvv.is_empty() {
                            return Err(ErrorCode::Required);
                        }
                        if !(3..=4).contains(&cvv.len()) || !cvv.bytes().all(|b| b.is_ascii_digit())
                        {
                            return Err(ErrorCode::InvalidFormat);
                        }
                        Parsed::Cvv(None)
                    }
                }
            }
            FormField::Installments => {
                let options = country.map_or(&[1u8][..], installment_options);
                if !options.contains(&self.card_input().installments) {
                    return Err(ErrorCode::InvalidFormat);
                }
                Parsed::Nothing
            }
            FormField::Bank => {
                let bank = self.bank.trim();
                if bank.is_empty() {
                    return Err(ErrorCode::Required);
                }
                if bank.len() > 10 || !bank.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(ErrorCode::InvalidFormat);
                }
                Parsed::Bank(bank.to_owned())
            }
            FormField::PersonType => match self.person_type.as_str() {
                "" => return Err(ErrorCode::Required),
                // PSE's bank pages take a company only by its tax id.
                "JURIDICA"
                    if self.document_type(market, method).ok() != Some(DocumentType::Nit) =>
                {
                    return Err(ErrorCode::UnsupportedDocumentType)
                }
                t => Parsed::PersonType(
                    PERSON_TYPES
                        .into_iter()
                        .find(|p| *p == t)
                        .ok_or(ErrorCode::InvalidFormat)?,
                ),
            },
            FormField::Operator => Parsed::Operator(self.operator(country)?),
            FormField::Network => match spec(method).details {
                DetailsKind::Crypto => Parsed::Network(self.crypto_network()?),
                DetailsKind::Cash
                | DetailsKind::None
                | DetailsKind::Card
                | DetailsKind::Pse
                | DetailsKind::MobileMoney => Parsed::CashNetwork(self.cash_network(country)?),
            },
        })
    }

    /// Checks every input the method needs and reports every failure, each against its
    /// field. The proxy runs exactly this on submit.
    pub fn validate(&self, market: Market, today: (u16, u8)) -> Result<Payer, Vec<FieldError>> {
        let Some(method) = self.method.filter(|m| market.offers(*m)) else {
            return Err(vec![FieldError::new(
                FormField::Method.path(),
                if self.method.is_some() {
                    ErrorCode::UnsupportedMethod
                } else {
                    ErrorCode::Required
                },
            )]);
        };
        let fields = form_fields(market, method);
        let mut valid = Payer {
            method,
            name: None,
            document: None,
            email: None,
            phone: None,
            address: None,
            card: None,
            bank: None,
            person_type: None,
            operator: None,
            crypto_network: None,
            cash_network: None,
        };
        let (mut number, mut expiry, mut cvv, mut postal) = (None, None, None, None);
        let mut errors = Vec::new();
        for field in &fields {
            match self.parse_field(market, *field, today) {
                Err(code) => errors.push(FieldError::new(field.path(), code)),
                Ok(Parsed::Nothing) => {}
                Ok(Parsed::Name(name)) => valid.name = Some(name),
                Ok(Parsed::Document(document)) => valid.document = Some(document),
                Ok(Parsed::Email(email)) => valid.email = Some(email),
                Ok(Parsed::Phone(phone)) => valid.phone = Some(phone),
                Ok(Parsed::PostalCode(code)) => postal = Some(code),
                Ok(Parsed::CardNumber(n)) => number = Some(n),
                Ok(Parsed::Expiry(e)) => expiry = Some(e),
                Ok(Parsed::Cvv(c)) => cvv = c,
                Ok(Parsed::Bank(bank)) => valid.bank = Some(bank),
                Ok(Parsed::PersonType(t)) => valid.person_type = Some(t),
                Ok(Parsed::Operator(o)) => valid.operator = Some(o),
                Ok(Parsed::Network(n)) => valid.crypto_network = Some(n),
                Ok(Parsed::CashNetwork(n)) => valid.cash_network = n,
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let trimmed = |s: &str| s.trim().to_owned();
        let address = &self.payer.address;
        valid.address = postal.map(|postal_code| AddressInput {
            street: trimmed(&address.street),
            number: trimmed(&address.number),
            district: trimmed(&address.district),
            city: trimmed(&address.city),
            state: address.state.trim().to_ascii_uppercase(),
            postal_code,
        });
        if let (Some(number), Some(expiry), Some(cvv)) = (number, expiry, cvv) {
            let card = self.card_input();
            valid.card = Some(ValidCard {
                number,
                expiry,
                cvv,
                installments: card.installments.max(1),
                debit: card.debit,
            });
        }
        // A cash network is no form field: an unknown one leaves the voucher valid at all.
        if spec(method).details == DetailsKind::Cash {
            valid.cash_network = self.cash_network(market.country()).ok().flatten();
        }
        Ok(valid)
    }

    fn card_input(&self) -> CardInput {
        self.card.clone().unwrap_or_default()
    }

    /// The document type: the one chosen, or the only one, or (Brazil) the one the number
    /// has.
    fn document_type(
        &self,
        market: Market,
        method: PaymentMethod,
    ) -> Result<DocumentType, ErrorCode> {
        let country = market.country().ok_or(ErrorCode::UnsupportedDocumentType)?;
        let types = method_document_types(country, method);
        let chosen = self.payer.document_type.trim();
        if !chosen.is_empty() {
            let kind =
                DocumentType::from_str_exact(chosen).ok_or(ErrorCode::UnsupportedDocumentType)?;
            return if types.contains(&kind) {
                Ok(kind)
            } else {
                Err(ErrorCode::UnsupportedDocumentType)
            };
        }
        if country == Country::BR {
            return Ok(match BrDocument::parse(&self.payer.document) {
                Ok(BrDocument::Cnpj(_)) => DocumentType::Cnpj,
                _ => DocumentType::Cpf,
            });
        }
        types
            .first()
            .copied()
            .ok_or(ErrorCode::UnsupportedDocumentType)
    }

    fn operator(&self, country: Option<Country>) -> Result<Operator, ErrorCode> {
        if self.operator.is_empty() {
            return Err(ErrorCode::Required);
        }
        let operators = country.map_or(&[][..], mobile_operators);
        operators
            .iter()
            .copied()
            .find(|o| o.as_str() == self.operator)
            .ok_or(ErrorCode::InvalidFormat)
    }

    fn crypto_network(&self) -> Result<Network, ErrorCode> {
        if self.network.is_empty() {
            return Err(ErrorCode::Required);
        }
        Network::ALL
            .into_iter()
            .find(|n| n.as_str() == self.network)
            .ok_or(ErrorCode::InvalidFormat)
    }

    /// The cash network is optional: the voucher is valid at all of the country's.
    fn cash_network(&self, country: Option<Country>) -> Result<Option<String>, ErrorCode> {
        if self.network.is_empty() {
            return Ok(None);
        }
        let networks = country.map_or(&[][..], cash_networks);
        networks
            .iter()
            .find(|n| **n == self.network)
            .map(|n| Some((*n).to_owned()))
            .ok_or(ErrorCode::InvalidFormat)
    }
}

/// A Brazilian CEP: eight digits, typed with or without its hyphen.
fn postal_code(input: &str) -> Result<String, ErrorCode> {
    let digits: String = input
        .chars()
        .filter(|c| *c != '-' && !c.is_whitespace())
        .collect();
    if digits.is_empty() {
        Err(ErrorCode::Required)
    } else if digits.len() == 8 && digits.bytes().all(|b| b.is_ascii_digit()) {
        Ok(digits)
    } else {
        Err(ErrorCode::InvalidFormat)
    }
}

/// `POST /api/pay/{token}/transactions/{id}/otp`: the code the wallet sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SubmitOtp {
    pub otp: String,
}

/// `GET /api/pay/{token}/banks`: the PSE banks the payer picks from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Bank {
    pub code: String,
    pub name: String,
}

/// One event of the live status stream (`GET /api/pay/{token}/events`, Server-Sent Events):
/// the whole page session each time, so a page that missed events is still right.
pub type StatusEvent = PageSession;

#[cfg(test)]
mod tests {
    use super::*;

    const TODAY: (u16, u8) = (2026, 11);

    fn pix(name: &str, document: &str, email: &str) -> SubmitTransaction {
        SubmitTransaction {
            method: Some(PaymentMethod::Pix),
            payer: PayerInput {
                name: name.into(),
                document: document.into(),
                email: email.into(),
                ..Default::default()
            },
            ..Default::default()
        }
    }

    fn br() -> Market {
        Market::Country(Country::BR)
    }

    fn paths(errors: &[FieldError]) -> Vec<&str> {
        errors.iter().map(|e| e.field.as_str()).collect()
    }

    #[test]
    fn a_valid_pix_payer_passes() {
        let payer = pix("Maria da Silva", "529.982.247-25", "maria@example.com")
            .validate(br(), TODAY)
            .expect("valid payer");
        let document = payer.document.expect("a document");
        assert_eq!(document.digits(), "52998224725");
        assert_eq!(document.kind(), DocumentType::Cpf);
        assert!(payer.card.is_none() && payer.phone.is_none());
    }

    #[test]
    fn every_bad_field_is_named() {
        let errors = pix("", "529.982.247-26", "maria@")
            .validate(br(), TODAY)
            .unwrap_err();
        assert_eq!(
            paths(&errors),
            ["payer.name", "payer.document", "payer.email"]
        );
        assert_eq!(errors[1].code, ErrorCode::InvalidCheckDigit);
    }

    #[test]
    fn a_method_the_market_does_not_offer_is_refused() {
        let mut request = pix("Maria da Silva", "52998224725", "maria@example.com");
        request.method = Some(PaymentMethod::Spei);
        let errors = request.validate(br(), TODAY).unwrap_err();
        assert_eq!(
            errors,
            [FieldError::new("method", ErrorCode::UnsupportedMethod)]
        );
        request.method = None;
        let errors = request.validate(br(), TODAY).unwrap_err();
        assert_eq!(errors, [FieldError::new("method", ErrorCode::Required)]);
    }

    #[test]
    fn a_brazilian_card_needs_holder_number_expiry_cvv_and_takes_parcelas() {
        let fields = form_fields(br(), PaymentMethod::Card);
        assert_eq!(
            fields,
            [
                FormField::Name,
                FormField::Document,
                FormField::CardNumber,
                FormField::CardExpiry,
                FormField::CardCvv,
                FormField::Installments
            ]
        );
        let mut request = pix("Maria da Silva", "52998224725", "");
        request.method = Some(PaymentMethod::Card);
        request.card = Some(CardInput {
            number: "4111 1111 1111 1111".into(),
            expiry: "12/30".into(),
            cvv: "123".into(),
            installments: 3,
            debit: false,
        });
        let payer = request.validate(br(), TODAY).expect("valid card");
        let card = payer.card.expect("card");
        assert_eq!(card.number.last4(), "1111");
        assert_eq!(card.installments, 3);
        assert!(!format!("{card:?}").contains("4111111111111111"));
        assert!(!format!("{request:?}").contains("4111"));

        request.card.as_mut().unwrap().installments = 13;
        request.card.as_mut().unwrap().cvv = "12".into();
        let errors = request.validate(br(), TODAY).unwrap_err();
        assert_eq!(paths(&errors), ["card.cvv", "card.installments"]);
    }

    #[test]
    fn a_colombian_pse_payer_chooses_a_document_type_bank_and_person_type() {
        let co = Market::Country(Country::CO);
        let fields = form_fields(co, PaymentMethod::Pse);
        assert_eq!(
            fields,
            [
                FormField::Name,
                FormField::DocumentType,
                FormField::Document,
                FormField::Email,
                FormField::Phone,
                FormField::PersonType,
                FormField::Bank
            ]
        );
        let request = SubmitTransaction {
            method: Some(PaymentMethod::Pse),
            payer: PayerInput {
                name: "Juan Pérez".into(),
                document_type: "PP".into(),
                document: "1020304050".into(),
                email: "juan@example.com".into(),
                phone: "300 123 4567".into(),
                ..Default::default()
            },
            bank: "1051".into(),
            person_type: "NATURAL".into(),
            ..Default::default()
        };
        let errors = request.validate(co, TODAY).unwrap_err();
        // PSE takes no passport; the number is then not judged against a wrong type.
        assert_eq!(
            errors,
            [
                FieldError::new("payer.documentType", ErrorCode::UnsupportedDocumentType),
                FieldError::new("payer.document", ErrorCode::UnsupportedDocumentType)
            ]
        );
        let request = SubmitTransaction {
            payer: PayerInput {
                document_type: "CC".into(),
                ..request.payer.clone()
            },
            ..request
        };
        let payer = request.validate(co, TODAY).expect("valid PSE payer");
        assert_eq!(payer.person_type, Some("NATURAL"));
        assert_eq!(payer.bank.as_deref(), Some("1051"));
        assert_eq!(payer.phone.expect("phone").e164(), "+573001234567");
    }

    #[test]
    fn mobile_money_needs_an_operator_of_the_country() {
        let gh = Market::Country(Country::GH);
        let mut request = SubmitTransaction {
            method: Some(PaymentMethod::MobileMoney),
            payer: PayerInput {
                phone: "024 123 4567".into(),
                ..Default::default()
            },
            operator: "SAFARICOM".into(),
            ..Default::default()
        };
        let errors = request.validate(gh, TODAY).unwrap_err();
        assert_eq!(
            errors,
            [FieldError::new("operator", ErrorCode::InvalidFormat)]
        );
        request.operator = "MTN".into();
        let payer = request.validate(gh, TODAY).expect("valid");
        assert_eq!(payer.operator, Some(Operator::Mtn));
    }

    #[test]
    fn crypto_needs_a_network_and_sepa_nothing() {
        let mut request = SubmitTransaction {
            method: Some(PaymentMethod::Crypto),
            ..Default::default()
        };
        let errors = request.validate(Market::World, TODAY).unwrap_err();
        assert_eq!(errors, [FieldError::new("network", ErrorCode::Required)]);
        request.network = "TRON".into();
        assert_eq!(
            request
                .validate(Market::World, TODAY)
                .unwrap()
                .crypto_network,
            Some(Network::Tron)
        );
        let sepa = SubmitTransaction {
            method: Some(PaymentMethod::Sepa),
            ..Default::default()
        };
        assert!(sepa.validate(Market::Eurozone, TODAY).is_ok());
    }

    #[test]
    fn a_boleto_needs_a_full_address_with_a_cep() {
        let mut request = pix("Maria da Silva", "52998224725", "maria@example.com");
        request.method = Some(PaymentMethod::Boleto);
        request.payer.address = AddressInput {
            street: "Avenida Paulista".into(),
            number: "1000".into(),
            district: "Bela Vista".into(),
            city: "São Paulo".into(),
            state: "SPX".into(),
            postal_code: "01310-10".into(),
        };
        let errors = request.validate(br(), TODAY).unwrap_err();
        assert_eq!(
            paths(&errors),
            ["payer.address.postalCode", "payer.address.state"]
        );
        request.payer.address.state = "sp".into();
        request.payer.address.postal_code = "01310-100".into();
        let address = request.validate(br(), TODAY).unwrap().address.unwrap();
        assert_eq!(
            (address.state.as_str(), address.postal_code.as_str()),
            ("SP", "01310100")
        );
    }

    #[test]
    fn optional_fields_may_stay_empty() {
        // Ecuador's cash voucher: the email is optional.
        let request = SubmitTransaction {
            method: Some(PaymentMethod::Cash),
            ..Default::default()
        };
        assert!(request
            .validate(Market::Country(Country::EC), TODAY)
            .is_ok());
    }

    #[test]
    fn every_form_field_has_a_unique_path() {
        for field in FormField::ALL {
            assert_eq!(FormField::from_path(field.path()), Some(field));
        }
    }

    #[test]
    fn every_offered_pair_has_a_form_with_known_fields() {
        for market in Market::ALL {
            for method in market.methods() {
                let fields = form_fields(market, *method);
                let mut seen = std::collections::HashSet::new();
                assert!(
                    fields.iter().all(|f| seen.insert(*f)),
                    "{market:?} {method}"
                );
            }
        }
    }

    #[test]
    fn next_actions_are_tagged_by_type() {
        let action = NextAction::PixQrCode {
            emv: "000201".into(),
            expires_at: "2026-01-01T00:00:00Z".into(),
        };
        let json = serde_json::to_value(&action).unwrap();
        assert_eq!(json["type"], "pix_qr_code");
        assert_eq!(json["expiresAt"], "2026-01-01T00:00:00Z");
        assert_eq!(action.expires_at(), Some("2026-01-01T00:00:00Z"));
    }

    fn s(v: &str) -> String {
        v.to_owned()
    }

    /// Every kind written and read back gives itself: the flat reader and the tagged writer
    /// agree on every field name.
    #[test]
    fn every_next_action_reads_back_as_written() {
        let all = [
            NextAction::PixQrCode {
                emv: s("000201"),
                expires_at: s("2030"),
            },
            NextAction::Boleto {
                digitable_line: s("1"),
                barcode: s("2"),
                due_date: s("2030-01-01"),
                url: s("u"),
            },
            NextAction::ThreeDsChallenge {
                url: s("https://acs.example"),
            },
            NextAction::BankRedirect {
                url: s("https://bank.example"),
            },
            NextAction::BankTransfer {
                bank_name: s("B"),
                beneficiary: s("O"),
                account_type: s("IBAN"),
                account_number: s("DE89"),
                bic: Some(s("X")),
                reference: s("R"),
                expires_at: s("2030"),
            },
            NextAction::BankTransfer {
                bank_name: s("B"),
                beneficiary: s("O"),
                account_type: s("CLABE"),
                account_number: s("0021"),
                bic: None,
                reference: s("R"),
                expires_at: s("2030"),
            },
            NextAction::CashVoucher {
                reference: s("R"),
                barcode: s("B"),
                networks: vec![s("OXXO"), s("7E")],
                expires_at: s("2030"),
            },
            NextAction::ApproveOnPhone {
                phone: s("+22**"),
                operator: None,
                expires_at: s("2030"),
            },
            NextAction::EnterOtp {
                phone: s("+57**"),
                operator: Some(s("DAVIPLATA")),
                expires_at: s("2030"),
            },
            NextAction::CryptoTransfer {
                token: s("USDT"),
                network: s("TRON"),
                address: s("T"),
                amount: s("10.000000"),
                expires_at: s("2030"),
            },
        ];
        for action in all {
            let json = serde_json::to_string(&action).unwrap();
            assert_eq!(
                serde_json::from_str::<NextAction>(&json).unwrap(),
                action,
                "{json}"
            );
        }
    }

    /// An unknown kind, a missing tag or a missing field is not a next action; unknown keys
    /// and key order don't matter.
    #[test]
    fn malformed_next_actions_are_rejected() {
        let read = |t: &str| serde_json::from_str::<NextAction>(t).ok();
        assert_eq!(read(r#"{"type":"unknown_kind","url":"u"}"#), None);
        assert_eq!(read(r#"{"url":"u"}"#), None);
        assert_eq!(read(r#"{"type":"bank_redirect"}"#), None);
        assert_eq!(read(r#"{"type":"pix_qr_code","emv":"0"}"#), None);
        assert_eq!(
            read(r#"{"expiresAt":"2030","new":{"x":[1]},"emv":"0","type":"pix_qr_code"}"#),
            Some(NextAction::PixQrCode {
                emv: s("0"),
                expires_at: s("2030")
            })
        );
    }
}
