//! [`CheckoutSessionSpec`]: a checkout session request that passed every rule. It is what
//! the proxy stores: serialised in the request's own form (the merchant API's JSON, every
//! value normalised) and read back through the same rules, so a stored session is parsed
//! exactly as a new one is and cannot hold anything a request could not.

use serde::{de, Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

use super::appearance::Appearance;
use super::request::{ChargeInput, CreateCheckoutSession, CustomerInput, SubmerchantShare};
use crate::api::locale::Locale;
use crate::catalog::Market;
use crate::money::{Amount, Currency, Money, PositiveMoney};

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
