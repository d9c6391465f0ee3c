//! JSON in and out of the page without serde: the browser's `JSON.parse` reads a body, and
//! the browser API's hand-written readers (`wire`) walk the value it returns through
//! [`Value`]; the page's requests are written with [`Writer`]. This module knows no API
//! body: `wire` uses it, never the other way. serde's derived visitors and serde_json's
//! writer were about 30 KB of the page's wasm (README, "Page size"); these are a few.

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

/// What the readers ask of a parsed JSON value. The page's is `JSON.parse`'s result; the
/// host tests read serde_json's `Value` through the same readers.
pub trait Value: Sized {
    /// The value of `key` in an object; null when the key is missing or this is no object.
    fn get(&self, key: &str) -> Self;
    fn text(&self) -> Option<String>;
    fn number(&self) -> Option<f64>;
    fn boolean(&self) -> Option<bool>;
    /// An array's items; `None` for anything else.
    fn items(&self) -> Option<Vec<Self>>;
    /// A non-array object's keys; `None` for anything else.
    fn keys(&self) -> Option<Vec<String>>;
    /// `null`, or (in the browser) a missing key's `undefined`.
    fn is_null(&self) -> bool;
}

/// `text` parsed by the browser, or `None` if it is not JSON.
pub fn parse(text: &str) -> Option<JsValue> {
    js_sys::JSON::parse(text).ok()
}

impl Value for JsValue {
    fn get(&self, key: &str) -> Self {
        // `Reflect.get` throws on a primitive: only objects are looked into.
        if self.is_object() {
            Reflect::get(self, &JsValue::from_str(key)).unwrap_or(JsValue::NULL)
        } else {
            JsValue::NULL
        }
    }

    fn text(&self) -> Option<String> {
        self.as_string()
    }

    fn number(&self) -> Option<f64> {
        self.as_f64()
    }

    fn boolean(&self) -> Option<bool> {
        self.as_bool()
    }

    fn items(&self) -> Option<Vec<Self>> {
        Array::is_array(self).then(|| self.unchecked_ref::<Array>().to_vec())
    }

    fn keys(&self) -> Option<Vec<String>> {
        if !self.is_object() || Array::is_array(self) {
            return None;
        }
        let keys = Object::keys(self.unchecked_ref::<Object>());
        Some(keys.iter().filter_map(|k| k.as_string()).collect())
    }

    fn is_null(&self) -> bool {
        self.is_null() || self.is_undefined()
    }
}

/// An optional value: `Some(None)` for null or missing, `None` when it is there but not
/// what `read` takes (serde's `Option<T>` fails the whole read then, and so do the readers).
pub fn optional<V: Value, T>(value: V, read: impl FnOnce(&V) -> Option<T>) -> Option<Option<T>> {
    if value.is_null() {
        Some(None)
    } else {
        read(&value).map(Some)
    }
}

/// Every item of an array through `read`, or `None` if it is no array or one item fails.
pub fn list<V: Value, T>(value: &V, read: impl Fn(&V) -> Option<T>) -> Option<Vec<T>> {
    value.items()?.iter().map(read).collect()
}

/// A whole number in `0..=max` (JSON has one number type; the wire's counts are integers).
pub fn whole(value: &impl Value, max: u32) -> Option<u32> {
    let n = value.number()?;
    (n.fract() == 0.0 && (0.0..=f64::from(max)).contains(&n)).then_some(n as u32)
}

/// Whether an object has no key outside `known` (serde's `deny_unknown_fields`).
pub fn only_keys(value: &impl Value, known: &[&str]) -> bool {
    value
        .keys()
        .is_some_and(|keys| keys.iter().all(|k| known.contains(&k.as_str())))
}

/// A compact JSON object, written key by key in the order serde_json writes a struct.
pub struct Writer {
    out: String,
}

impl Default for Writer {
    fn default() -> Self {
        Writer::new()
    }
}

impl Writer {
    pub fn new() -> Writer {
        Writer {
            out: String::from("{"),
        }
    }

    fn key(&mut self, key: &str) -> &mut Self {
        if self.out.len() > 1 {
            self.out.push(',');
        }
        quote(&mut self.out, key);
        self.out.push(':');
        self
    }

    pub fn text(&mut self, key: &str, value: &str) -> &mut Self {
        self.key(key);
        quote(&mut self.out, value);
        self
    }

    /// A text only when it is not empty (serde's `skip_serializing_if = "String::is_empty"`).
    pub fn text_if_any(&mut self, key: &str, value: &str) -> &mut Self {
        if !value.is_empty() {
            self.text(key, value);
        }
        self
    }

    /// JSON that is already written (a nested object, a number, `true`, `null`).
    pub fn raw(&mut self, key: &str, json: &str) -> &mut Self {
        self.key(key);
        self.out.push_str(json);
        self
    }

    pub fn finish(&mut self) -> String {
        self.out.push('}');
        std::mem::take(&mut self.out)
    }
}

/// `text` as a JSON string, escaped as serde_json escapes it (and `JSON.stringify`).
fn quote(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if c < ' ' => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                let b = c as usize;
                out.push_str("\\u00");
                out.push(char::from(HEX[b >> 4]));
                out.push(char::from(HEX[b & 0xf]));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// serde_json's `Value` read the way the page reads `JSON.parse`'s: the host tests run the
/// readers on it.
#[cfg(test)]
impl Value for serde_json::Value {
    fn get(&self, key: &str) -> Self {
        self.get(key).cloned().unwrap_or(serde_json::Value::Null)
    }

    fn text(&self) -> Option<String> {
        self.as_str().map(str::to_owned)
    }

    fn number(&self) -> Option<f64> {
        self.as_f64()
    }

    fn boolean(&self) -> Option<bool> {
        self.as_bool()
    }

    fn items(&self) -> Option<Vec<Self>> {
        self.as_array().cloned()
    }

    fn keys(&self) -> Option<Vec<String>> {
        self.as_object().map(|o| o.keys().cloned().collect())
    }

    fn is_null(&self) -> bool {
        serde_json::Value::is_null(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_are_escaped_as_serde_json_escapes_them() {
        let all_controls: String = (0u8..0x20).map(char::from).collect();
        for text in [
            "plain",
            "",
            "quote \" and backslash \\",
            "new\nline\ttab\r",
            &all_controls,
            "ção, 日本, \u{7f}, \u{2028}, 😀",
        ] {
            let mut out = String::new();
            quote(&mut out, text);
            assert_eq!(out, serde_json::to_string(text).unwrap());
        }
    }

    #[test]
    fn an_object_is_written_compactly_in_key_order() {
        let json = Writer::new()
            .text("a", "x")
            .text_if_any("empty", "")
            .raw("n", "3")
            .text_if_any("b", "y")
            .finish();
        assert_eq!(json, r#"{"a":"x","n":3,"b":"y"}"#);
        assert_eq!(Writer::new().finish(), "{}");
    }

    #[test]
    fn whole_numbers_are_integers_in_range() {
        let n = |v: serde_json::Value| whole(&v, 10);
        assert_eq!(n(serde_json::json!(3)), Some(3));
        assert_eq!(n(serde_json::json!(0)), Some(0));
        assert_eq!(n(serde_json::json!(11)), None);
        assert_eq!(n(serde_json::json!(-1)), None);
        assert_eq!(n(serde_json::json!(1.5)), None);
        assert_eq!(n(serde_json::json!("3")), None);
    }
}
