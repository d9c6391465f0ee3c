//! The browser API's bodies as the page reads them: one declaration of each body serves the
//! proxy (serde) and the page (a reader over any JSON value, here).
//!
//! The page reads `JSON.parse`'s value rather than running serde over the text: measured,
//! serde's readers in the wasm cost 8.0 KB gzip more than these, and serde-wasm-bindgen
//! more again (docs/page-idioms.md, "JSON"). So each body is declared once with
//! `wire_body!`, which writes the struct with its serde attributes (each field's key) and
//! its [`FromWire`] reader from the same lines. A reader accepts what serde accepts and
//! refuses what serde refuses, on the same texts (the page's `wire_tests.rs`), with the
//! differences a parsed value cannot avoid: a key written twice is read at its last value
//! (`JSON.parse` keeps that one; serde refuses the object), a lone UTF-16 surrogate in a
//! text is replaced by the browser (serde_json refuses it), and a whole number written
//! `2.0` is read as 2 (`JSON.parse` cannot tell them apart). The proxy writes none of these.
//!
//! The page writes what it sends with the body's own serde `Serialize`, through
//! [`to_json`], a writer of the few shapes a body has.
//!
//! What the reader needs from a JSON value is [`Value`]: the page implements it over
//! `JSON.parse`'s `JsValue`; serde_json's value implements it here, for tests and for serde
//! (which reads `NextAction` through its one reader over it).
//! The closed sets (statuses, currency, country…) get their readers beside them, from
//! `read_by_text!`: this module knows no domain type, and every module may use it.

#[macro_use]
mod body;
#[cfg(test)]
mod closed_tests;
mod write;

pub use write::{to_json, Unsupported};

/// A JSON value, as a reader sees it. A missing key reads as `null`.
pub trait Value: Sized {
    /// The value at `key`; `null` when this is not an object or has no such key.
    fn get(&self, key: &str) -> Self;
    fn text(&self) -> Option<String>;
    fn number(&self) -> Option<f64>;
    fn boolean(&self) -> Option<bool>;
    /// The items of an array; `None` for anything else.
    fn items(&self) -> Option<Vec<Self>>;
    /// The keys of an object (not an array); `None` for anything else.
    fn keys(&self) -> Option<Vec<String>>;
    /// `null`, or missing.
    fn is_null(&self) -> bool;
}

/// A type read from a JSON value the way its serde `Deserialize` reads it: `None` where
/// serde fails.
pub trait FromWire: Sized {
    fn from_wire<V: Value>(v: &V) -> Option<Self>;
}

impl FromWire for String {
    fn from_wire<V: Value>(v: &V) -> Option<Self> {
        v.text()
    }
}

/// serde's `u32`: a whole number in range. (`JSON.parse` cannot tell `3.0` from `3`, so
/// the page takes both where serde_json refuses the first; no proxy writes it.)
impl FromWire for u32 {
    fn from_wire<V: Value>(v: &V) -> Option<Self> {
        let n = v.number()?;
        (n.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(&n)).then_some(n as u32)
    }
}

/// `null` or missing is `None`; anything else must read.
impl<T: FromWire> FromWire for Option<T> {
    fn from_wire<V: Value>(v: &V) -> Option<Self> {
        if v.is_null() {
            Some(None)
        } else {
            T::from_wire(v).map(Some)
        }
    }
}

/// An array whose every item reads.
impl<T: FromWire> FromWire for Vec<T> {
    fn from_wire<V: Value>(v: &V) -> Option<Self> {
        v.items()?.iter().map(T::from_wire).collect()
    }
}

/// The field `key` of the object `v`.
pub fn field<V: Value, T: FromWire>(v: &V, key: &str) -> Option<T> {
    T::from_wire(&v.get(key))
}

/// A field serde fills with `missing` when its key is absent (`#[serde(default)]`): a
/// present key, `null` included, must read.
pub fn defaulted<V: Value, T: FromWire>(v: &V, key: &str, missing: T) -> Option<T> {
    if v.keys()?.iter().any(|k| k == key) {
        field(v, key)
    } else {
        Some(missing)
    }
}

/// Whether `v` is an object, with no key outside `known` when it is `closed`
/// (`#[serde(deny_unknown_fields)]`).
pub fn object<V: Value>(v: &V, known: &[&str], closed: bool) -> bool {
    v.keys()
        .is_some_and(|keys| !closed || keys.iter().all(|k| known.contains(&k.as_str())))
}

impl Value for serde_json::Value {
    fn get(&self, key: &str) -> Self {
        serde_json::Value::get(self, key)
            .cloned()
            .unwrap_or(serde_json::Value::Null)
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
    use serde_json::json;

    #[test]
    fn whole_numbers_are_integers_in_range() {
        let n = |v: serde_json::Value| u32::from_wire(&v);
        assert_eq!(n(json!(3)), Some(3));
        assert_eq!(n(json!(0)), Some(0));
        assert_eq!(n(json!(u32::MAX)), Some(u32::MAX));
        assert_eq!(n(json!(u64::from(u32::MAX) + 1)), None);
        assert_eq!(n(json!(-1)), None);
        assert_eq!(n(json!(1.5)), None);
        assert_eq!(n(json!("3")), None);
    }

    #[test]
    fn options_lists_and_defaults_read_as_serde_reads_them() {
        let v = json!({"a": null, "b": ["x", "y"], "c": ["x", 1]});
        assert_eq!(field::<_, Option<String>>(&v, "a"), Some(None));
        assert_eq!(field::<_, Option<String>>(&v, "missing"), Some(None));
        assert_eq!(field::<_, Option<u32>>(&v, "b"), None);
        assert_eq!(
            field::<_, Vec<String>>(&v, "b"),
            Some(vec!["x".to_owned(), "y".to_owned()])
        );
        assert_eq!(field::<_, Vec<String>>(&v, "c"), None);
        assert_eq!(
            defaulted(&v, "missing", vec!["d".to_owned()]),
            Some(vec!["d".to_owned()])
        );
        // Present as `null`: serde's `default` does not apply, and a list cannot be null.
        assert_eq!(defaulted::<_, Vec<String>>(&v, "a", Vec::new()), None);
        assert!(object(&v, &["a"], false));
        assert!(!object(&v, &["a"], true));
        assert!(!object(&json!([]), &[], false));
    }
}
