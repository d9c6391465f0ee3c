//! Every closed set the bodies carry reads as serde reads it (their readers are written
//! with `read_by_text!` beside each set).

use super::FromWire;
use crate::api::locale::Locale;
use crate::api::merchant::{OrderStatus, SessionStatus, TransactionStatus};
use crate::error::ErrorCode;
use crate::market::Country;
use crate::methods::{CardCapture, PaymentMethod};
use crate::money::Currency;
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
    agrees(&TransactionStatus::ALL);
    agrees(&Currency::ALL);
    agrees(&Country::ALL);
    agrees(&PaymentMethod::ALL);
    agrees(&CardCapture::ALL);
    agrees(&Locale::ALL);
    agrees(&ErrorCode::ALL);
}
