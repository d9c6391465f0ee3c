//! Amounts on Orkestra's wire: the one converter between our integer minor units and
//! Orkestra's JSON numbers.

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::value::RawValue;

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
