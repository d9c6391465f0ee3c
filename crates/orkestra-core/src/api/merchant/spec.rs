//! [`CheckoutSessionSpec`]: a checkout session request that passed every rule. It is what
//! the proxy stores: serialised in the request's own form (the merchant API's JSON, every
//! value normalised) and read back through the same rules, so a stored session is parsed
//! exactly as a new one is and cannot hold anything a request could not (see
//! `request.rs`, where the two forms meet).

use serde_json::{Map, Value};

use super::appearance::Appearance;
use super::customer::CustomerInput;
use crate::api::locale::Locale;
use crate::catalog::Market;
use crate::methods::CardCapture;
use crate::money::{Currency, PositiveMoney};

#[derive(Debug, Clone, PartialEq)]
pub struct CheckoutSessionSpec {
    pub merchant_order_id: String,
    pub market: Market,
    pub amount: PositiveMoney,
    pub customer: Option<CustomerInput>,
    pub return_url: Option<String>,
    pub cancel_url: Option<String>,
    pub embed_origins: Vec<String>,
    pub webhook_url: Option<String>,
    pub metadata: Map<String, Value>,
    pub locale: Option<Locale>,
    pub expires_in_minutes: u32,
    pub appearance: Option<Appearance>,
    /// Each seller's share; together at most the amount.
    pub submerchants: Vec<Submerchant>,
    /// The currency Orkestra settles the receivables in (instant conversion).
    pub settlement_currency: Option<Currency>,
    /// One per payer, at least one; their amounts add up to `amount`.
    pub charges: Vec<ChargeSpec>,
    /// Where the payer types a card, as the merchant asked. The proxy stores every new
    /// session with it said (its `PROXY_CARD_CAPTURE` when the merchant said nothing), so
    /// a later change of that setting leaves open sessions as they were; see
    /// [`card_capture`](Self::card_capture) for sessions stored before it existed.
    pub card_capture: Option<CardCapture>,
}

/// A checked charge: its amount, and the merchant's label and pre-fill for its payer.
#[derive(Debug, Clone, PartialEq)]
pub struct ChargeSpec {
    pub amount: PositiveMoney,
    pub reference: Option<String>,
    pub customer: Option<CustomerInput>,
}

/// A checked submerchant share, in the session's currency.
#[derive(Debug, Clone, PartialEq)]
pub struct Submerchant {
    pub id: String,
    pub amount: PositiveMoney,
}

impl CheckoutSessionSpec {
    pub fn currency(&self) -> Currency {
        self.amount.get().currency()
    }

    /// Where this session's payer types a card. Unsaid only in sessions stored before the
    /// mode existed, when every card was typed in our page: those stay direct.
    pub fn card_capture(&self) -> CardCapture {
        self.card_capture.unwrap_or(CardCapture::Direct)
    }
}
