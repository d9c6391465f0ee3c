//! JSON from the server into the shared models without a JSON parser in the wasm: the
//! browser's `JSON.parse` reads the text, and this small serde `Deserializer` walks the
//! resulting JS value. Its error has no message on purpose: the page only needs to know
//! that a body is not what it expected, and serde's messages (`invalid type: floating point
//! …, expected …`) pull float and `fmt` code into the bundle (see README, "Page size").
//!
//! Covers what serde derives ask of a self-describing format: objects (structs and maps,
//! unknown keys ignored), arrays, strings, numbers, booleans, `null`/missing as `None`,
//! unit enum variants as strings, and internally tagged enums (`#[serde(tag = "…")]`).
//! Externally tagged enums with data (`{"Variant": …}`) are not supported.

use std::fmt;

use js_sys::{Array, Object, Reflect};
use serde::de::{self, DeserializeOwned, DeserializeSeed, IntoDeserializer, Visitor};
use serde::forward_to_deserialize_any;
use wasm_bindgen::{JsCast, JsValue};

/// `text` as a `T`, or `None` if it is not JSON or not a `T`.
pub fn from_json<T: DeserializeOwned>(text: &str) -> Option<T> {
    let value = js_sys::JSON::parse(text).ok()?;
    T::deserialize(Value(value)).ok()
}

/// "Not the expected JSON", without saying more.
#[derive(Debug)]
pub struct Error;

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("unexpected JSON")
    }
}

impl std::error::Error for Error {}

impl de::Error for Error {
    fn custom<T: fmt::Display>(_message: T) -> Self {
        Error
    }
}

/// A value that `JSON.parse` returned.
struct Value(JsValue);

/// Integers beyond this are not exact in a JS number: they go to serde as floats.
const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;

impl<'de> de::Deserializer<'de> for Value {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let value = self.0;
        if value.is_null() || value.is_undefined() {
            visitor.visit_unit()
        } else if let Some(b) = value.as_bool() {
            visitor.visit_bool(b)
        } else if let Some(n) = value.as_f64() {
            if n.fract() != 0.0 || n.abs() > MAX_SAFE_INTEGER {
                visitor.visit_f64(n)
            } else if n < 0.0 {
                visitor.visit_i64(n as i64)
            } else {
                visitor.visit_u64(n as u64)
            }
        } else if let Some(s) = value.as_string() {
            visitor.visit_string(s)
        } else if Array::is_array(&value) {
            visitor.visit_seq(Seq {
                items: value.unchecked_into(),
                next: 0,
            })
        } else if value.is_object() {
            visitor.visit_map(Map {
                keys: Object::keys(value.unchecked_ref::<Object>()),
                object: value,
                next: 0,
                value: JsValue::UNDEFINED,
            })
        } else {
            Err(Error)
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        if self.0.is_null() || self.0.is_undefined() {
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    /// Unit variants, as their names.
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        let name = self.0.as_string().ok_or(Error)?;
        visitor.visit_enum(IntoDeserializer::<Error>::into_deserializer(name))
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        unit unit_struct seq tuple tuple_struct map struct identifier
    }
}

struct Seq {
    items: Array,
    next: u32,
}

impl<'de> de::SeqAccess<'de> for Seq {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        if self.next >= self.items.length() {
            return Ok(None);
        }
        let item = self.items.get(self.next);
        self.next += 1;
        seed.deserialize(Value(item)).map(Some)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.length().saturating_sub(self.next) as usize)
    }
}

struct Map {
    object: JsValue,
    keys: Array,
    next: u32,
    /// The value of the key last returned.
    value: JsValue,
}

impl<'de> de::MapAccess<'de> for Map {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        if self.next >= self.keys.length() {
            return Ok(None);
        }
        let key = self.keys.get(self.next);
        self.next += 1;
        self.value = Reflect::get(&self.object, &key).map_err(|_| Error)?;
        seed.deserialize(Value(key)).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        seed.deserialize(Value(std::mem::replace(
            &mut self.value,
            JsValue::UNDEFINED,
        )))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.keys.length().saturating_sub(self.next) as usize)
    }
}

/// In the browser (`cargo xtask test --layer wasm`): the same text must give the same value
/// as serde_json, which the servers use.
#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use orkestra_core::api::browser::PageSession;
    use orkestra_core::api::error::ErrorResponse;
    use wasm_bindgen_test::wasm_bindgen_test;

    use super::from_json;

    const SESSION: &str = r#"{"status":"open","country":"BR","currency":"BRL","amount":"150.00",
        "locale":"pt-BR","merchantName":"Loja \"Ç\" \u00e9","expiresAt":"2030-01-01T00:00:00Z",
        "methods":["CARD","PIX","BOLETO"],"customer":{"name":"Maria","email":null},
        "returnUrl":null,"somethingNew":{"nested":[1,2.5,-3,true,null]},
        "transactions":[{"id":"t1","method":"PIX","amount":"150.00","status":"pending",
        "nextAction":{"type":"pix_qr_code","emv":"000201","expiresAt":"2030-01-01T00:15:00Z"}},
        {"id":"t2","method":"BOLETO","amount":"150.00","status":"failed","failureCode":"x"}]}"#;

    #[wasm_bindgen_test]
    fn a_session_reads_as_serde_json_reads_it() {
        let expected: PageSession = serde_json::from_str(SESSION).expect("serde_json");
        assert_eq!(from_json::<PageSession>(SESSION), Some(expected));
    }

    #[wasm_bindgen_test]
    fn an_error_body_reads_as_serde_json_reads_it() {
        let text = r#"{"error":{"code":"validation_failed","message":"x",
            "fields":[{"field":"payer.document","code":"invalid_check_digit"}]}}"#;
        let expected: ErrorResponse = serde_json::from_str(text).expect("serde_json");
        assert_eq!(from_json::<ErrorResponse>(text), Some(expected));
    }

    /// Every kind of instructions, and ones that are not: the same answer as serde_json.
    #[wasm_bindgen_test]
    fn next_actions_read_as_serde_json_reads_them() {
        use orkestra_core::api::browser::NextAction;
        for text in [
            r#"{"type":"pix_qr_code","emv":"000201","expiresAt":"2030-01-01T00:15:00Z"}"#,
            r#"{"type":"boleto","digitableLine":"1","barcode":"2","dueDate":"2030-01-01","url":"u"}"#,
            r#"{"type":"three_ds_challenge","url":"https://bank.example/3ds"}"#,
            r#"{"type":"bank_redirect","url":"https://bank.example/pse"}"#,
            r#"{"type":"bank_transfer","bankName":"B","beneficiary":"O","accountType":"IBAN",
                "accountNumber":"DE89","bic":null,"reference":"R","expiresAt":"2030"}"#,
            r#"{"type":"bank_transfer","bankName":"B","beneficiary":"O","accountType":"CLABE",
                "accountNumber":"0021","bic":"X","reference":"R","expiresAt":"2030"}"#,
            r#"{"type":"cash_voucher","reference":"R","barcode":"B","networks":["OXXO","7E"],
                "expiresAt":"2030"}"#,
            r#"{"type":"approve_on_phone","phone":"+22**","expiresAt":"2030"}"#,
            r#"{"type":"enter_otp","phone":"+57**","operator":"NEQUI","expiresAt":"2030"}"#,
            r#"{"type":"crypto_transfer","token":"USDT","network":"TRON","address":"T",
                "amount":"10.00","expiresAt":"2030"}"#,
            r#"{"expiresAt":"2030","emv":"000201","type":"pix_qr_code"}"#,
            r#"{"type":"unknown_kind","url":"u"}"#,
            r#"{"type":"bank_redirect"}"#,
            r#"{"url":"u"}"#,
        ] {
            let expected = serde_json::from_str::<NextAction>(text).ok();
            assert_eq!(from_json::<NextAction>(text), expected, "{text}");
        }
    }

    #[wasm_bindgen_test]
    fn what_is_not_the_type_is_none() {
        assert_eq!(from_json::<PageSession>("<html>"), None);
        assert_eq!(from_json::<PageSession>(r#"{"status":"open"}"#), None);
        assert_eq!(
            from_json::<PageSession>(&SESSION.replace("\"BRL\"", "\"XYZ\"")),
            None
        );
        assert_eq!(
            from_json::<PageSession>(&SESSION.replace("\"150.00\"", "150")),
            None
        );
        assert_eq!(from_json::<u8>("256"), None);
        assert_eq!(from_json::<u32>("1.5"), None);
        assert_eq!(from_json::<i64>("-3"), Some(-3));
        assert_eq!(from_json::<f64>("2.5"), Some(2.5));
        assert_eq!(from_json::<Option<String>>("null"), Some(None));
    }
}
