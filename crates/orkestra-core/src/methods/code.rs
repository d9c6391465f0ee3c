//! A method's code in our APIs (`"BANK_TRANSFER"`): its string, serde and parsing, all
//! from the spec's `code`.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::{spec, PaymentMethod};
use crate::error::ErrorCode;

read_by_text! { PaymentMethod => PaymentMethod::from_str_exact }

impl PaymentMethod {
    /// The serde string.
    pub fn as_str(self) -> &'static str {
        spec(self).code
    }

    pub fn from_str_exact(s: &str) -> Option<PaymentMethod> {
        PaymentMethod::ALL.into_iter().find(|m| m.as_str() == s)
    }

    /// Whether the outcome is known when the create call answers (see
    /// [`super::MethodSpec::is_synchronous`]).
    pub fn is_synchronous(self) -> bool {
        spec(self).is_synchronous()
    }
}

impl fmt::Display for PaymentMethod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for PaymentMethod {
    type Err = ErrorCode;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        PaymentMethod::from_str_exact(s).ok_or(ErrorCode::UnsupportedMethod)
    }
}

impl Serialize for PaymentMethod {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for PaymentMethod {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Code;
        impl serde::de::Visitor<'_> for Code {
            type Value = PaymentMethod;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a payment method code")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<PaymentMethod, E> {
                PaymentMethod::from_str_exact(v).ok_or_else(|| {
                    E::invalid_value(serde::de::Unexpected::Str(v), &"a payment method code")
                })
            }
        }
        deserializer.deserialize_str(Code)
    }
}
