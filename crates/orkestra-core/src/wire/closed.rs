//! The closed sets the bodies carry, each read from its text by the parser its serde
//! `Deserialize` agrees with (the test below checks every member, and texts that are none).

use super::{FromWire, Value};
use crate::api::locale::Locale;
use crate::api::merchant::{OrderStatus, SessionStatus, TransactionStatus};
use crate::error::ErrorCode;
use crate::market::Country;
use crate::methods::{CardCapture, PaymentMethod};
use crate::money::Currency;

macro_rules! read_by_text {
    ($($set:ty => $parse:expr),* $(,)?) => {
        $(
            impl FromWire for $set {
                fn from_wire<V: Value>(v: &V) -> Option<Self> {
                    $parse(v.text()?.as_str())
                }
            }
        )*
    };
}

read_by_text! {
    SessionStatus => SessionStatus::parse,
    OrderStatus => OrderStatus::parse,
    TransactionStatus => TransactionStatus::parse,
    Currency => Currency::from_code,
    Country => Country::from_alpha2,
    PaymentMethod => PaymentMethod::from_str_exact,
    CardCapture => CardCapture::parse,
    // Exactly a tag: `from_tag` also takes a bare language (`pt`), which serde does not.
    Locale => |t: &str| Locale::ALL.into_iter().find(|l| l.tag() == t),
    ErrorCode => |t: &str| ErrorCode::ALL.into_iter().find(|c| c.as_str() == t),
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::de::DeserializeOwned;
    use serde::Serialize;
    use serde_json::{json, Value as Json};

    /// Each member reads back from what serde writes for it, and the reader and serde agree
    /// on texts that are no member: another case, a neighbour's text, a number, null.
    fn agrees<T: FromWire + Serialize + DeserializeOwned + PartialEq + std::fmt::Debug + Copy>(
        all: &[T],
    ) {
        for &member in all {
            let written = serde_json::to_value(member).unwrap();
            assert_eq!(T::from_wire(&written), Some(member), "{written}");
            let text = written.as_str().unwrap();
            for other in [
                json!(text.to_uppercase()),
                json!(text.to_lowercase()),
                json!(format!("{text} ")),
                json!(""),
                json!(1),
                Json::Null,
            ] {
                let serde = serde_json::from_value::<T>(other.clone()).ok();
                assert_eq!(T::from_wire(&other), serde, "{other}");
            }
        }
    }

    #[test]
    fn every_closed_set_reads_as_serde_reads_it() {
        agrees(&SessionStatus::ALL);
        agrees(&OrderStatus::ALL);
        agrees(&[
            TransactionStatus::Creating,
            TransactionStatus::Pending,
            TransactionStatus::Paid,
            TransactionStatus::Failed,
            TransactionStatus::Expired,
            TransactionStatus::Cancelled,
        ]);
        agrees(&Currency::ALL);
        agrees(&Country::ALL);
        agrees(&PaymentMethod::ALL);
        agrees(&[CardCapture::Orkestra, CardCapture::Direct]);
        agrees(&Locale::ALL);
        agrees(&ErrorCode::ALL);
    }
}
