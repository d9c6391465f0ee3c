//! The merchant API: what a merchant's server sends to the proxy with its secret, and what
//! it gets back. This is the product's public API; field names are camelCase and stable.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::locale::Locale;
use super::orkestra::{Beneficiary, ReceivingBankAccount};
use crate::catalog::{Country, Market, PaymentMethod};
use crate::error::{ErrorCode, FieldError};
use crate::money::{Currency, Money, PositiveMoney};
use crate::validate;

/// Limits that keep a session row small and a page fast; documented in the OpenAPI text.
pub const MAX_MERCHANT_ORDER_ID: usize = 64;
pub const MAX_EMBED_ORIGINS: usize = 10;
pub const MAX_URL: usize = 2048;
pub const MAX_METADATA_BYTES: usize = 4096;
pub const DEFAULT_EXPIRES_IN_MINUTES: u32 = 60;
pub const MIN_EXPIRES_IN_MINUTES: u32 = 5;
pub const MAX_EXPIRES_IN_MINUTES: u32 = 7 * 24 * 60;
/// Most charges (payers) one order may have.
pub const MAX_CHARGES: usize = 10;

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
    pub amount: String,
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
    pub amount: String,
    /// The merchant's label for this payer (`guest-2`), echoed back; at most 64 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// Pre-fills this payer's form instead of the session's `customer`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer: Option<CustomerInput>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SubmerchantShare {
    pub id: String,
    pub amount: String,
}

/// How the page looks, from the merchant. Applied by the page as CSS custom properties
/// through the CSSOM, so the CSP needs no 'unsafe-inline'; every value is checked here
/// (and again by the page) so nothing but a color, a length or a font name gets through.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Appearance {
    /// `#rgb` or `#rrggbb`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub color_primary: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub color_background: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub color_text: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub color_danger: Option<String>,
    /// A font family list of names: letters, digits, spaces, commas, hyphens, quotes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub font_family: Option<String>,
    /// `0` to `32px` or `2rem`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub border_radius: Option<String>,
    /// `2px` to `16px` or `1rem`: the base of every gap and padding.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spacing_unit: Option<String>,
    /// `light`, `dark` or `auto` (the payer's system setting; the default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scheme: Option<String>,
}

impl Appearance {
    /// Each bad value with its field name (relative: `colorPrimary`, …).
    pub fn errors(&self) -> Vec<(&'static str, ErrorCode)> {
        let mut errors = Vec::new();
        for (name, value) in [
            ("colorPrimary", &self.color_primary),
            ("colorBackground", &self.color_background),
            ("colorText", &self.color_text),
            ("colorDanger", &self.color_danger),
        ] {
            if value.as_deref().is_some_and(|v| !is_hex_color(v)) {
                errors.push((name, ErrorCode::InvalidFormat));
            }
        }
        if let Some(font) = &self.font_family {
            let ok = !font.trim().is_empty()
                && font.len() <= 100
                && font
                    .chars()
                    .all(|c| c.is_alphanumeric() || " ,-_'\"".contains(c));
            if !ok {
                errors.push(("fontFamily", ErrorCode::InvalidFormat));
            }
        }
        if self
            .border_radius
            .as_deref()
            .is_some_and(|v| !is_length(v, 0, 32))
        {
            errors.push(("borderRadius", ErrorCode::InvalidFormat));
        }
        if self
            .spacing_unit
            .as_deref()
            .is_some_and(|v| !is_length(v, 2, 16))
        {
            errors.push(("spacingUnit", ErrorCode::InvalidFormat));
        }
        if self
            .scheme
            .as_deref()
            .is_some_and(|v| !matches!(v, "light" | "dark" | "auto"))
        {
            errors.push(("scheme", ErrorCode::InvalidFormat));
        }
        errors
    }
}

/// `#rgb` or `#rrggbb`.
pub fn is_hex_color(value: &str) -> bool {
    value
        .strip_prefix('#')
        .is_some_and(|hex| matches!(hex.len(), 3 | 6) && hex.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// `0`, or a number of `px` between `min` and `max` (a `rem` counts as 16 px).
///
/// Read in millionths of a pixel with integers, not `f32`: float parsing was 4.6 KB of the
/// page's wasm, which checks a merchant's appearance again before applying it.
pub fn is_length(value: &str, min: u32, max: u32) -> bool {
    let (number, scale) = if let Some(n) = value.strip_suffix("px") {
        (n, 1)
    } else if let Some(n) = value.strip_suffix("rem") {
        (n, 16)
    } else if value == "0" {
        return min == 0;
    } else {
        return false;
    };
    let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.len() + fraction.len() == 0 || whole.len() > 6 || !digits(whole) || !digits(fraction) {
        return false;
    }
    let mut micros = whole
        .bytes()
        .fold(0u64, |n, b| n * 10 + u64::from(b - b'0'))
        * 1_000_000;
    let mut place = 100_000;
    for b in fraction.bytes() {
        // Beyond a millionth only whether anything is left matters (32.0000001px > 32px).
        if place == 0 {
            micros += u64::from(b != b'0');
            continue;
        }
        micros += u64::from(b - b'0') * place;
        place /= 10;
    }
    let px = micros * scale;
    (u64::from(min) * 1_000_000..=u64::from(max) * 1_000_000).contains(&px)
}

/// What the merchant already knows about the payer; the page pre-fills it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CustomerInput {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document: Option<String>,
}

/// A checkout session request that passed every rule.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckoutSessionSpec {
    pub merchant_order_id: String,
    pub market: Market,
    pub amount: PositiveMoney,
    pub customer: Option<CustomerInput>,
    pub return_url: Option<String>,
    pub embed_origins: Vec<String>,
    pub webhook_url: Option<String>,
    pub metadata: Map<String, Value>,
    pub locale: Option<Locale>,
    pub expires_in_minutes: u32,
    /// One per payer, at least one; their amounts add up to `amount`.
    pub charges: Vec<ChargeSpec>,
}

/// A checked charge: its amount, and the merchant's label and pre-fill for its payer.
#[derive(Debug, Clone, PartialEq)]
pub struct ChargeSpec {
    pub amount: PositiveMoney,
    pub reference: Option<String>,
    pub customer: Option<CustomerInput>,
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
        let amount = match (self.amount.as_str(), currency) {
            ("", _) => {
                fail("amount", ErrorCode::Required);
                None
            }
            (_, None) => None,
            (text, Some(currency)) => {
                match Money::parse_exact(text, currency).and_then(PositiveMoney::new) {
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
                match Money::parse_exact(&share.amount, currency).and_then(PositiveMoney::new) {
                    Ok(money) => shares.push(money.get()),
                    Err(code) => fail(&format!("submerchants[{i}].amount"), code),
                }
            }
        }
        if let (Some(amount), Some(currency)) = (amount, currency) {
            let total = shares
                .iter()
                .try_fold(Money::zero(currency), |sum, m| sum.checked_add(*m));
            if total.map_or(true, |t| t.minor() > amount.get().minor()) {
                fail("submerchants", ErrorCode::AmountAboveMaximum);
            }
        }
        if let Some(code) = &self.settlement_currency {
            if Currency::from_code(code).is_none() {
                fail("settlementCurrency", ErrorCode::UnsupportedCurrency);
            }
        }
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
            match Money::parse_exact(&charge.amount, currency).and_then(PositiveMoney::new) {
                Ok(money) => charges.push(ChargeSpec {
                    amount: money,
                    reference: charge.reference.as_ref().map(|r| r.trim().to_owned()),
                    customer: charge.customer.clone(),
                }),
                Err(_) if charge.amount.is_empty() => {
                    fail(&format!("charges[{i}].amount"), ErrorCode::Required)
                }
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
                embed_origins: self.embed_origins.clone(),
                webhook_url: self.webhook_url.clone(),
                metadata: self.metadata.clone(),
                locale,
                expires_in_minutes,
                charges,
            }),
            _ => Err(errors),
        }
    }
}

/// An absolute http(s) URL without spaces or credentials. We do not resolve it: the proxy
/// only ever redirects a payer to it or posts to it.
pub fn check_http_url(url: &str) -> Result<(), ErrorCode> {
    if url.len() > MAX_URL {
        return Err(ErrorCode::TooLong);
    }
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or(ErrorCode::InvalidFormat)?;
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if authority.is_empty()
        || authority.contains('@')
        || url.chars().any(|c| c.is_whitespace() || c.is_control())
    {
        return Err(ErrorCode::InvalidFormat);
    }
    Ok(())
}

/// A web origin as browsers send it in `Origin` and `event.origin`: scheme, host and
/// optional port, nothing else (no path, no trailing slash, no wildcard).
pub fn check_origin(origin: &str) -> Result<(), ErrorCode> {
    check_http_url(origin)?;
    let authority = origin
        .split_once("://")
        .map(|(_, rest)| rest)
        .unwrap_or_default();
    let valid_host = |host: &str| {
        !host.is_empty()
            && host
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
    };
    let ok = match authority.rsplit_once(':') {
        Some((host, port)) => {
            valid_host(host) && !port.is_empty() && port.parse::<u16>().is_ok_and(|p| p > 0)
        }
        None => valid_host(authority),
    };
    if ok {
        Ok(())
    } else {
        Err(ErrorCode::InvalidFormat)
    }
}

/// Where a checkout session is in its life. `open` until a payment is attempted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SessionStatus {
    Open,
    Pending,
    Paid,
    Failed,
    Expired,
    Cancelled,
}

impl SessionStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            SessionStatus::Open => "open",
            SessionStatus::Pending => "pending",
            SessionStatus::Paid => "paid",
            SessionStatus::Failed => "failed",
            SessionStatus::Expired => "expired",
            SessionStatus::Cancelled => "cancelled",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [
            Self::Open,
            Self::Pending,
            Self::Paid,
            Self::Failed,
            Self::Expired,
            Self::Cancelled,
        ]
        .into_iter()
        .find(|status| status.as_str() == s)
    }

    /// A final session never changes again; the page stops listening.
    pub fn is_final(self) -> bool {
        matches!(self, Self::Paid | Self::Expired | Self::Cancelled)
    }
}

/// Where one payment attempt (a transaction, a "leg") is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TransactionStatus {
    /// Stored by the proxy, not yet confirmed by Orkestra.
    Creating,
    Pending,
    Paid,
    Failed,
    Expired,
    Cancelled,
}

impl TransactionStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Creating => "creating",
            Self::Pending => "pending",
            Self::Paid => "paid",
            Self::Failed => "failed",
            Self::Expired => "expired",
            Self::Cancelled => "cancelled",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [
            Self::Creating,
            Self::Pending,
            Self::Paid,
            Self::Failed,
            Self::Expired,
            Self::Cancelled,
        ]
        .into_iter()
        .find(|status| status.as_str() == s)
    }

    pub fn is_final(self) -> bool {
        matches!(
            self,
            Self::Paid | Self::Failed | Self::Expired | Self::Cancelled
        )
    }
}

/// Where an order (a checkout session) or one of its charges is in its life, as the
/// merchant sees it. The page still gets a [`SessionStatus`] for its charge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrderStatus {
    /// Nothing attempted yet.
    Open,
    /// A payment is in flight and nothing is paid yet.
    Pending,
    /// Some money is paid, not all (other legs or other payers may be in flight).
    PartiallyPaid,
    /// Paid legs add up to the amount (of every charge, for an order).
    Paid,
    /// The last attempt failed or expired and nothing is paid; the payer may try again.
    Failed,
    Expired,
    Cancelled,
}

impl OrderStatus {
    pub const ALL: [OrderStatus; 7] = [
        Self::Open,
        Self::Pending,
        Self::PartiallyPaid,
        Self::Paid,
        Self::Failed,
        Self::Expired,
        Self::Cancelled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Pending => "pending",
            Self::PartiallyPaid => "partially_paid",
            Self::Paid => "paid",
            Self::Failed => "failed",
            Self::Expired => "expired",
            Self::Cancelled => "cancelled",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|status| status.as_str() == s)
    }

    /// A final order or charge never changes again.
    pub fn is_final(self) -> bool {
        matches!(self, Self::Paid | Self::Expired | Self::Cancelled)
    }

    /// What the page (which knows [`SessionStatus`] only) shows for a charge: a partly
    /// paid charge is pending while a leg is in flight, failed when its last leg failed
    /// or expired (the payer replaces it), open otherwise.
    pub fn for_page(self, leg_in_flight: bool, last_leg_failed: bool) -> SessionStatus {
        match self {
            Self::Open => SessionStatus::Open,
            Self::Pending => SessionStatus::Pending,
            Self::PartiallyPaid if leg_in_flight => SessionStatus::Pending,
            Self::PartiallyPaid if last_leg_failed => SessionStatus::Failed,
            Self::PartiallyPaid => SessionStatus::Open,
            Self::Paid => SessionStatus::Paid,
            Self::Failed => SessionStatus::Failed,
            Self::Expired => SessionStatus::Expired,
            Self::Cancelled => SessionStatus::Cancelled,
        }
    }
}

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
    /// `pending` (being asked of Orkestra), `requested` (Orkestra took every refund),
    /// `refunded` (every refund settled), `failed` (a refund failed, or a leg's method
    /// cannot be refunded without the payer's bank details: refund it by hand).
    pub status: String,
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
    pub auto_refund: Option<String>,
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

/// `POST /v1/transactions/{id}/refunds`, with an `Idempotency-Key` header. Total when
/// `amount` is absent. Boleto, cash vouchers and crypto cannot be reversed: their refunds
/// go out as a payout to `bankAccount` and `beneficiary`, which are then required.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateRefund {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<String>,
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
    pub amount: String,
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
    pub error: Option<super::error::ErrorBody>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PayoutBatchView {
    pub results: Vec<PayoutBatchResult>,
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

#[cfg(test)]
mod tests {
    use super::*;

    fn valid() -> CreateCheckoutSession {
        CreateCheckoutSession {
            merchant_order_id: "order-1".into(),
            country: "BR".into(),
            currency: "BRL".into(),
            amount: "150.00".into(),
            embed_origins: vec!["http://127.0.0.1:8081".into()],
            return_url: Some("https://shop.example/return".into()),
            ..Default::default()
        }
    }

    #[test]
    fn charges_must_add_up_to_the_order_and_none_means_one_of_the_whole_amount() {
        let spec = valid().validate().unwrap();
        assert_eq!(spec.charges.len(), 1);
        assert_eq!(spec.charges[0].amount, spec.amount);
        let share = |amount: &str| ChargeInput {
            amount: amount.into(),
            ..Default::default()
        };
        let mut split = valid();
        split.charges = vec![share("50.00"), share("60.00"), share("40.00")];
        assert_eq!(split.validate().unwrap().charges.len(), 3);
        split.charges.pop();
        assert_eq!(
            codes(&split),
            [("charges".to_owned(), ErrorCode::AmountBelowMinimum)]
        );
        split.charges.push(share("40.01"));
        assert_eq!(
            codes(&split),
            [("charges".to_owned(), ErrorCode::AmountAboveMaximum)]
        );
        split.charges[2] = share("");
        assert_eq!(
            codes(&split),
            [("charges[2].amount".to_owned(), ErrorCode::Required)]
        );
    }

    #[test]
    fn a_partly_paid_charge_shows_on_the_page_as_pending_failed_or_open() {
        let partly = OrderStatus::PartiallyPaid;
        assert_eq!(partly.for_page(true, false), SessionStatus::Pending);
        assert_eq!(partly.for_page(false, true), SessionStatus::Failed);
        assert_eq!(partly.for_page(false, false), SessionStatus::Open);
        for status in OrderStatus::ALL {
            assert_eq!(OrderStatus::parse(status.as_str()), Some(status));
            assert_eq!(serde_json::to_value(status).unwrap(), status.as_str());
        }
    }

    fn codes(req: &CreateCheckoutSession) -> Vec<(String, ErrorCode)> {
        req.validate()
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|e| (e.field, e.code))
            .collect()
    }

    #[test]
    fn a_valid_request_becomes_a_spec_in_minor_units() {
        let spec = valid().validate().expect("valid");
        assert_eq!(spec.amount.get().minor(), 15000);
        assert_eq!(spec.market, Market::Country(Country::BR));
        assert_eq!(spec.expires_in_minutes, DEFAULT_EXPIRES_IN_MINUTES);
    }

    #[test]
    fn each_bad_field_is_reported_against_its_name() {
        let mut req = valid();
        req.amount = "150.001".into();
        assert_eq!(
            codes(&req),
            [("amount".into(), ErrorCode::AmountTooManyDecimals)]
        );
        req.amount = "-1.00".into();
        assert_eq!(codes(&req), [("amount".into(), ErrorCode::AmountNegative)]);
        let mut req = valid();
        req.currency = "MXN".into();
        assert_eq!(
            codes(&req),
            [("currency".into(), ErrorCode::CurrencyMismatch)]
        );
        let mut req = valid();
        req.country = "XX".into();
        assert_eq!(
            codes(&req),
            [("country".into(), ErrorCode::UnsupportedCountry)]
        );
        let mut req = valid();
        req.embed_origins = vec!["http://127.0.0.1:8081/".into(), "*".into()];
        assert_eq!(
            codes(&req),
            [
                ("embedOrigins[0]".into(), ErrorCode::InvalidFormat),
                ("embedOrigins[1]".into(), ErrorCode::InvalidFormat)
            ]
        );
    }

    #[test]
    fn a_cancel_url_is_checked_like_the_return_url() {
        let mut req = valid();
        req.cancel_url = Some("https://shop.example/basket?step=pay".into());
        assert_eq!(codes(&req), []);
        req.cancel_url = Some("javascript:alert(1)".into());
        assert_eq!(
            codes(&req),
            [("cancelUrl".into(), ErrorCode::InvalidFormat)]
        );
        req.cancel_url = Some("https://user@shop.example/".into());
        assert_eq!(
            codes(&req),
            [("cancelUrl".into(), ErrorCode::InvalidFormat)]
        );
    }

    #[test]
    fn sepa_and_crypto_sessions_need_no_country() {
        let mut req = valid();
        req.country = String::new();
        req.currency = "EUR".into();
        assert_eq!(req.validate().unwrap().market, Market::Eurozone);
        req.currency = "USDT".into();
        req.amount = "25.000000".into();
        assert_eq!(req.validate().unwrap().market, Market::World);
        req.currency = "BRL".into();
        req.amount = "1.00".into();
        assert_eq!(codes(&req), [("country".into(), ErrorCode::Required)]);
        req.country = "BR".into();
        req.currency = "EUR".into();
        assert_eq!(
            codes(&req),
            [("currency".into(), ErrorCode::CurrencyMismatch)]
        );
    }

    #[test]
    fn appearance_takes_colors_lengths_and_font_names_only() {
        let mut req = valid();
        req.appearance = Some(Appearance {
            color_primary: Some("#0a7".into()),
            color_background: Some("#ffffff".into()),
            font_family: Some("Inter, 'Helvetica Neue', sans-serif".into()),
            border_radius: Some("0.5rem".into()),
            spacing_unit: Some("4px".into()),
            scheme: Some("dark".into()),
            ..Default::default()
        });
        assert!(req.validate().is_ok());
        req.appearance = Some(Appearance {
            color_text: Some("red;background:url(x)".into()),
            font_family: Some("x}body{display:none".into()),
            border_radius: Some("100px".into()),
            spacing_unit: Some("1em".into()),
            scheme: Some("blue".into()),
            ..Default::default()
        });
        let fields: Vec<String> = codes(&req).into_iter().map(|(f, _)| f).collect();
        assert_eq!(
            fields,
            [
                "appearance.colorText",
                "appearance.fontFamily",
                "appearance.borderRadius",
                "appearance.spacingUnit",
                "appearance.scheme"
            ]
        );
    }

    #[test]
    fn several_failures_are_all_reported() {
        let req = CreateCheckoutSession::default();
        let fields: Vec<String> = codes(&req).into_iter().map(|(f, _)| f).collect();
        assert_eq!(fields, ["merchantOrderId", "currency", "country", "amount"]);
    }

    #[test]
    fn unknown_fields_are_rejected_when_deserialising() {
        let json = r#"{"merchantOrderId":"a","amount":"1.00","country":"BR","currency":"BRL","price":"9"}"#;
        assert!(serde_json::from_str::<CreateCheckoutSession>(json).is_err());
    }

    #[test]
    fn origins_are_scheme_host_and_port_only() {
        assert!(check_origin("https://shop.example").is_ok());
        assert!(check_origin("http://127.0.0.1:8081").is_ok());
        assert!(check_origin("https://shop.example/path").is_err());
        assert!(check_origin("https://user@shop.example").is_err());
        assert!(check_origin("javascript:alert(1)").is_err());
        assert!(check_origin("https://shop.example:0").is_err());
    }

    #[test]
    fn lengths_are_read_exactly() {
        for (value, ok) in [
            ("0", true),
            ("32px", true),
            ("32.0px", true),
            ("32.000001px", false),
            ("32.0000001px", false),
            ("2rem", true),
            ("2.0625rem", false),
            ("0.5rem", true),
            (".5rem", true),
            ("5.px", true),
            ("px", false),
            (".px", false),
            ("1.2.3px", false),
            ("-1px", false),
            ("1e1px", false),
            ("12", false),
            ("9999999px", false),
        ] {
            assert_eq!(is_length(value, 0, 32), ok, "{value}");
        }
        assert!(!is_length("0", 2, 16));
        assert!(is_length("1rem", 2, 16));
        assert!(!is_length("1.9px", 2, 16));
    }
}
