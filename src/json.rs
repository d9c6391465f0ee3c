//! JSON into the page without serde's readers: the browser's `JSON.parse` reads a body, and
//! orkestra-core's readers (`orkestra_core::wire`, declared with each body) walk the value
//! it returns through [`Js`]. This module knows no API body and imports nothing of the
//! page: `api`, `boot` and `live` use it. serde's derived visitors and serde_json's writer were about 30 KB of the
//! page's wasm (README, "Page size"); these are a few.

use js_sys::{Array, Object, Reflect};
use orkestra_core::wire::Value;
use wasm_bindgen::{JsCast, JsValue};

/// `JSON.parse`'s value, as orkestra-core's readers see a JSON value (a wrapper: the
/// trait and `JsValue` both come from other crates).
pub struct Js(pub JsValue);

/// `text` parsed by the browser, or `None` if it is not JSON.
pub fn parse(text: &str) -> Option<Js> {
    js_sys::JSON::parse(text).ok().map(Js)
}

impl Value for Js {
    fn get(&self, key: &str) -> Self {
        // `Reflect.get` throws on a primitive: only objects are looked into.
        Js(if self.0.is_object() {
            Reflect::get(&self.0, &JsValue::from_str(key)).unwrap_or(JsValue::NULL)
        } else {
            JsValue::NULL
        })
    }

    fn text(&self) -> Option<String> {
        self.0.as_string()
    }

    fn number(&self) -> Option<f64> {
        self.0.as_f64()
    }

    fn boolean(&self) -> Option<bool> {
        self.0.as_bool()
    }

    fn items(&self) -> Option<Vec<Self>> {
        Array::is_array(&self.0).then(|| {
            self.0
                .unchecked_ref::<Array>()
                .to_vec()
                .into_iter()
                .map(Js)
                .collect()
        })
    }

    fn keys(&self) -> Option<Vec<String>> {
        if !self.0.is_object() || Array::is_array(&self.0) {
            return None;
        }
        let keys = Object::keys(self.0.unchecked_ref::<Object>());
        Some(keys.iter().filter_map(|k| k.as_string()).collect())
    }

    /// `null`, or a missing key's `undefined`.
    fn is_null(&self) -> bool {
        self.0.is_null() || self.0.is_undefined()
    }
}
