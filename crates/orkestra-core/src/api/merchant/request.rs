//! `POST /v1/checkout-sessions` as the merchant sends it, and the rules that turn it into
//! a [`CheckoutSessionSpec`].

use serde::{de, Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

use super::appearance::Appearance;
use super::customer::CustomerInput;
use super::spec::{ChargeSpec, CheckoutSessionSpec, Submerchant};
use super::urls::{check_http_url, check_origin};
use super::{
    DEFAULT_EXPIRES_IN_MINUTES, MAX_CHARGES, MAX_EMBED_ORIGINS, MAX_EXPIRES_IN_MINUTES,
    MAX_MERCHANT_ORDER_ID, MAX_METADATA_BYTES, MIN_EXPIRES_IN_MINUTES,
};
use crate::api::locale::Locale;
use crate::catalog::{Country, Market};
use crate::error::{ErrorCode, FieldError};
use crate::methods::CardCapture;
use crate::money::{Amount, Currency, Money, PositiveMoney};
use crate::validate;

/// `POST /v1/checkout-sessions`, as sent. Strings stay strings until [`validate`](Self::validate).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateCheckoutSession {
    #[serde(default)]
    pub merchant_order_id: String,
    #[serde(default)]
    pub country: String,
    #[serde(default)]
    pub currency: String,
    #[serde(default)]
    pub amount: Option<Amount>,
    #[serde(default)]
    pub customer: Option<CustomerInput>,
    #[serde(default)]
    pub return_url: Option<String>,
    /// Where a payer who cancels on the hosted page is sent (signed like `return_url`);
    /// without it, `return_url`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cancel_url: Option<String>,
    #[serde(default)]
    pub embed_origins: Vec<String>,
    #[serde(default)]
    pub webhook_url: Option<String>,
    #[serde(default)]
    pub metadata: Map<String, Value>,
    #[serde(default)]
    pub locale: Option<String>,
    #[serde(default)]
    pub expires_in_minutes: Option<u32>,
    #[serde(default)]
    pub appearance: Option<Appearance>,
    /// Submerchant split: each seller's share, in the session's currency; together at
    /// most the amount (the rest is the platform's).
    #[serde(default)]
    pub submerchants: Vec<SubmerchantShare>,
    /// Instant conversion: the currency Orkestra settles the receivables in.
    #[serde(default)]
    pub settlement_currency: Option<String>,
    /// Where the payer types a card: `orkestra` (on Orkestra's payment page, in a frame of
    /// ours: no card data reaches the proxy) or `direct` (our page's own card form, through
    /// the proxy: PCI DSS SAQ D). Absent: the proxy's `PROXY_CARD_CAPTURE`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub card_capture: Option<String>,
    /// Several payers: one charge each, whose amounts add up to `amount`. Absent or empty:
    /// one charge of the whole amount, paid on the session's `url`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub charges: Vec<ChargeInput>,
}

/// One payer's share of an order, as the merchant sends it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ChargeInput {
    #[serde(default)]
    pub amount: Option<Amount>,
    /// The merchant's label for this payer (`guest-2`), echoed back; at most 64 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// Pre-fills this payer's form instead of the session's `customer`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer: Option<CustomerInput>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SubmerchantShare {
    pub id: String,
    pub amount: Amount,
}

impl CreateCheckoutSession {
    /// Checks every field and reports every failure, each against its field.
    pub fn validate(&self) -> Result<CheckoutSessionSpec, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut fail = |field: &str, code: ErrorCode| errors.push(FieldError::new(field, code));

        let merchant_order_id = self.merchant_order_id.trim().to_owned();
        if merchant_order_id.is_empty() {
            fail("merchantOrderId", ErrorCode::Required);
        } else if merchant_order_id.len() > MAX_MERCHANT_ORDER_ID {
            fail("merchantOrderId", ErrorCode::TooLong);
        } else if !merchant_order_id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.:".contains(&b))
        {
            fail("merchantOrderId", ErrorCode::InvalidFormat);
        }

        let currency = match self.currency.as_str() {
            "" => {
                fail("currency", ErrorCode::Required);
                None
            }
            code => Currency::from_code(code).or_else(|| {
                fail("currency", ErrorCode::UnsupportedCurrency);
                None
            }),
        };
        // SEPA (EUR) and crypto (USDT/USDC) sessions belong to no country: their market
        // follows from the currency.
        let borderless = currency.and_then(|c| Market::of(None, c));
        let country = match self.country.as_str() {
            "" if borderless.is_some() => None,
            "" => {
                fail("country", ErrorCode::Required);
                None
            }
            code => Country::from_alpha2(code).or_else(|| {
                fail("country", ErrorCode::UnsupportedCountry);
                None
            }),
        };
        if let (Some(country), Some(currency)) = (country, currency) {
            if country.currency() != currency {
                fail("currency", ErrorCode::CurrencyMismatch);
            }
        }
        let market = match (country, currency) {
            (Some(country), _) => Some(Market::Country(country)),
            (None, Some(currency)) => Market::of(None, currency),
            (None, None) => None,
        };
        let amount = match (&self.amount, currency) {
            (None, _) => {
                fail("amount", ErrorCode::Required);
                None
            }
            (_, None) => None,
            (Some(text), Some(currency)) => {
                match text.in_currency(currency).and_then(PositiveMoney::new) {
                    Ok(amount) => Some(amount),
                    Err(code) => {
                        fail("amount", code);
                        None
                    }
                }
            }
        };

        if let Some(customer) = &self.customer {
            if let Some(name) = customer.name.as_deref().filter(|s| !s.trim().is_empty()) {
                if let Err(code) = validate::person_name(name) {
                    fail("customer.name", code);
                }
            }
            if let Some(email) = customer.email.as_deref().filter(|s| !s.trim().is_empty()) {
                if let Err(code) = validate::email(email) {
                    fail("customer.email", code);
                }
            }
            if let (Some(document), Some(Country::BR)) = (customer.document.as_deref(), country) {
                if let Err(code) = validate::BrDocument::parse(document) {
                    fail("customer.document", code);
                }
            }
        }

        for (field, url) in [
            ("returnUrl", &self.return_url),
            ("cancelUrl", &self.cancel_url),
            ("webhookUrl", &self.webhook_url),
        ] {
            if let Some(url) = url {
                if let Err(code) = check_http_url(url) {
                    fail(field, code);
                }
            }
        }
        if self.embed_origins.len() > MAX_EMBED_ORIGINS {
            fail("embedOrigins", ErrorCode::TooLong);
        }
        for (i, origin) in self.embed_origins.iter().enumerate() {
            if let Err(code) = check_origin(origin) {
                fail(&format!("embedOrigins[{i}]"), code);
            }
        }
        if serde_json::to_string(&self.metadata).map_or(true, |s| s.len() > MAX_METADATA_BYTES) {
            fail("metadata", ErrorCode::TooLong);
        }
        let locale = match self.locale.as_deref() {
            None => None,
            Some(tag) => Locale::from_tag(tag).or_else(|| {
                fail("locale", ErrorCode::InvalidFormat);
                None
            }),
        };
        let mut shares = Vec::new();
        for (i, share) in self.submerchants.iter().enumerate() {
            let id = share.id.trim();
            if id.is_empty() || id.len() > MAX_MERCHANT_ORDER_ID {
                fail(&format!("submerchants[{i}].id"), ErrorCode::InvalidFormat);
            }
            if let Some(currency) = currency {
                match share
                    .amount
                    .in_currency(currency)
                    .and_then(PositiveMoney::new)
                {
                    Ok(money) => shares.push(Submerchant {
                        id: id.to_owned(),
                        amount: money,
                    }),
                    Err(code) => fail(&format!("submerchants[{i}].amount"), code),
                }
            }
        }
        if let (Some(amount), Some(currency)) = (amount, currency) {
            let total = shares.iter().try_fold(Money::zero(currency), |sum, s| {
                sum.checked_add(s.amount.get())
            });
            if total.map_or(true, |t| t.minor() > amount.get().minor()) {
                fail("submerchants", ErrorCode::AmountAboveMaximum);
            }
        }
        let settlement_currency = match self.settlement_currency.as_deref() {
            None => None,
            Some(code) => Currency::from_code(code).or_else(|| {
                fail("settlementCurrency", ErrorCode::UnsupportedCurrency);
                None
            }),
        };
        let card_capture = match self.card_capture.as_deref() {
            None => None,
            Some(mode) => CardCapture::parse(mode).or_else(|| {
                fail("cardCapture", ErrorCode::InvalidFormat);
                None
            }),
        };
        if let Some(appearance) = &self.appearance {
            for (field, code) in appearance.errors() {
                fail(&format!("appearance.{field}"), code);
            }
        }
        let mut charges = Vec::new();
        if self.charges.len() > MAX_CHARGES {
            fail("charges", ErrorCode::TooLong);
        }
        for (i, charge) in self.charges.iter().enumerate() {
            let Some(currency) = currency else { break };
            let money = match &charge.amount {
                None => Err(ErrorCode::Required),
                Some(text) => text.in_currency(currency).and_then(PositiveMoney::new),
            };
            match money {
                Ok(money) => charges.push(ChargeSpec {
                    amount: money,
                    reference: charge.reference.as_ref().map(|r| r.trim().to_owned()),
                    customer: charge.customer.clone(),
                }),
                Err(code) => fail(&format!("charges[{i}].amount"), code),
            }
            if charge
                .reference
                .as_deref()
                .is_some_and(|r| r.trim().is_empty() || r.len() > MAX_MERCHANT_ORDER_ID)
            {
                fail(&format!("charges[{i}].reference"), ErrorCode::InvalidFormat);
            }
            if let Some(customer) = &charge.customer {
                let field = format!("charges[{i}].customer");
                if let Some(name) = customer.name.as_deref().filter(|s| !s.trim().is_empty()) {
                    if let Err(code) = validate::person_name(name) {
                        fail(&format!("{field}.name"), code);
                    }
                }
                if let Some(email) = customer.email.as_deref().filter(|s| !s.trim().is_empty()) {
                    if let Err(code) = validate::email(email) {
                        fail(&format!("{field}.email"), code);
                    }
                }
            }
        }
        if let (Some(amount), false) = (amount, self.charges.is_empty()) {
            // The charges must add up to the order exactly: no payer pays a share that
            // does not exist, and no part of the order is left to nobody.
            let sum = charges.iter().try_fold(0u128, |sum, c| {
                Some(sum + u128::from(c.amount.get().minor()))
            });
            if charges.len() == self.charges.len() && sum != Some(u128::from(amount.get().minor()))
            {
                fail(
                    "charges",
                    if sum > Some(u128::from(amount.get().minor())) {
                        ErrorCode::AmountAboveMaximum
                    } else {
                        ErrorCode::AmountBelowMinimum
                    },
                );
            }
        }
        if let (Some(amount), true) = (amount, self.charges.is_empty()) {
            charges.push(ChargeSpec {
                amount,
                reference: None,
                customer: None,
            });
        }
        let expires_in_minutes = self
            .expires_in_minutes
            .unwrap_or(DEFAULT_EXPIRES_IN_MINUTES);
        if !(MIN_EXPIRES_IN_MINUTES..=MAX_EXPIRES_IN_MINUTES).contains(&expires_in_minutes) {
            fail("expiresInMinutes", ErrorCode::InvalidFormat);
        }

        match (market, amount) {
            (Some(market), Some(amount)) if errors.is_empty() => Ok(CheckoutSessionSpec {
                merchant_order_id,
                market,
                amount,
                customer: self.customer.clone(),
                return_url: self.return_url.clone(),
                cancel_url: self.cancel_url.clone(),
                embed_origins: self.embed_origins.clone(),
                webhook_url: self.webhook_url.clone(),
                metadata: self.metadata.clone(),
                locale,
                expires_in_minutes,
                appearance: self.appearance.clone(),
                submerchants: shares,
                settlement_currency,
                charges,
                card_capture,
            }),
            _ => Err(errors),
        }
    }
}

impl CheckoutSessionSpec {
    /// The request this spec is the checked form of: every value as the rules left it
    /// (trimmed, amounts with the currency's decimals). `validate` takes it back to an
    /// equal spec.
    pub fn to_request(&self) -> CreateCheckoutSession {
        let text = |money: PositiveMoney| Some(Amount::from(money.get()));
        // One charge of the whole amount with nothing of its own is the default: left out.
        let default_charge = match self.charges.as_slice() {
            [only] => only.reference.is_none() && only.customer.is_none(),
            _ => false,
        };
        CreateCheckoutSession {
            merchant_order_id: self.merchant_order_id.clone(),
            country: self
                .market
                .country()
                .map_or(String::new(), |c| c.alpha2().to_owned()),
            currency: self.currency().code().to_owned(),
            amount: text(self.amount),
            customer: self.customer.clone(),
            return_url: self.return_url.clone(),
            cancel_url: self.cancel_url.clone(),
            embed_origins: self.embed_origins.clone(),
            webhook_url: self.webhook_url.clone(),
            metadata: self.metadata.clone(),
            locale: self.locale.map(|l| l.tag().to_owned()),
            expires_in_minutes: Some(self.expires_in_minutes),
            appearance: self.appearance.clone(),
            submerchants: self
                .submerchants
                .iter()
                .map(|s| SubmerchantShare {
                    id: s.id.clone(),
                    amount: Amount::from(s.amount.get()),
                })
                .collect(),
            settlement_currency: self.settlement_currency.map(|c| c.code().to_owned()),
            card_capture: self.card_capture.map(|m| m.as_str().to_owned()),
            charges: if default_charge {
                Vec::new()
            } else {
                self.charges
                    .iter()
                    .map(|c| ChargeInput {
                        amount: text(c.amount),
                        reference: c.reference.clone(),
                        customer: c.customer.clone(),
                    })
                    .collect()
            },
        }
    }

    /// The total of the submerchants' shares.
    pub fn submerchant_total(&self) -> Option<Money> {
        self.submerchants
            .iter()
            .try_fold(Money::zero(self.currency()), |sum, s| {
                sum.checked_add(s.amount.get()).ok()
            })
    }
}

impl Serialize for CheckoutSessionSpec {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.to_request().serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for CheckoutSessionSpec {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let request = CreateCheckoutSession::deserialize(deserializer)?;
        request.validate().map_err(|errors| {
            let fields: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
            de::Error::custom(format!("not a valid session: {}", fields.join(", ")))
        })
    }
}
