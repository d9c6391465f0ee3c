//! [`Amount`]: an amount as our APIs write it, a decimal string in major units.

use std::fmt;

use serde::{de, Deserialize, Deserializer, Serialize, Serializer};

use super::decimal::check_syntax;
use super::{Currency, Money};
use crate::error::ErrorCode;

/// An amount as the merchant API and the browser API carry it: a decimal string in major
/// units ("150.00", "1500", "1.000000"). Its writing is checked when the body is read (a
/// sign, a letter, a leading zero are refused there, with their [`ErrorCode`] as the serde
/// error's message); it becomes [`Money`] only once its currency is known, because that
/// is a sibling field of the request (or the session's), and only the currency says how
/// many decimals are right.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Amount(Box<str>);

impl Amount {
    /// `text` if it is written as a decimal amount.
    pub fn parse(text: &str) -> Result<Amount, ErrorCode> {
        check_syntax(text)?;
        Ok(Amount(text.into()))
    }

    /// The amount in `currency`: at most its decimals (see [`Money::parse_at_most`]).
    pub fn in_currency(&self, currency: Currency) -> Result<Money, ErrorCode> {
        Money::parse_at_most(&self.0, currency)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl From<Money> for Amount {
    fn from(money: Money) -> Amount {
        Amount(money.to_decimal_string().into())
    }
}

impl fmt::Debug for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Amount({})", self.0)
    }
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for Amount {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Amount {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Amount, D::Error> {
        struct Visitor;
        impl de::Visitor<'_> for Visitor {
            type Value = Amount;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a decimal amount as a string, e.g. \"150.00\"")
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<Amount, E> {
                // The message is the code alone, so the proxy can answer with it as a
                // field error on the path serde was at.
                Amount::parse(text).map_err(|code| E::custom(code.as_str()))
            }
        }
        deserializer.deserialize_str(Visitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_writing_is_checked_when_read_and_the_decimals_in_a_currency() {
        let read = |json: &str| serde_json::from_str::<Amount>(json).map_err(|e| e.to_string());
        let amount = read("\"150.00\"").unwrap();
        assert_eq!(amount.in_currency(Currency::BRL).unwrap().minor(), 15_000);
        assert_eq!(
            amount.in_currency(Currency::CLP),
            Err(ErrorCode::AmountTooManyDecimals)
        );
        // Fewer decimals than the currency has read as they mean; more do not, zeros too.
        let read_in =
            |text: &str, currency| read(&format!("\"{text}\"")).unwrap().in_currency(currency);
        assert_eq!(read_in("85000", Currency::COP).unwrap().minor(), 8_500_000);
        assert_eq!(read_in("25", Currency::USDT).unwrap().minor(), 25_000_000);
        assert_eq!(read_in("25.5", Currency::BRL).unwrap().minor(), 2_550);
        assert_eq!(
            read_in("25.500", Currency::BRL),
            Err(ErrorCode::AmountTooManyDecimals)
        );
        assert!(read("\"-1.00\"")
            .unwrap_err()
            .starts_with("amount_negative"));
        assert!(read("\"1,00\"").unwrap_err().starts_with("amount_format"));
        assert!(read("\"01.00\"").unwrap_err().starts_with("amount_format"));
        assert!(read("\"\"").unwrap_err().starts_with("required"));
        assert!(read("150").is_err(), "a JSON number is not an amount");
        assert_eq!(serde_json::to_string(&amount).unwrap(), "\"150.00\"");
        let money = Money::parse_exact("7.50", Currency::BRL).unwrap();
        assert_eq!(Amount::from(money).as_str(), "7.50");
    }
}
