//! The page's requests written by the bodies' own serde `Serialize` (what the proxy reads
//! them with), into compact JSON as serde_json writes it, by a serializer that knows only
//! what a browser-API body holds: objects, texts, whole numbers, booleans and null.
//! serde_json's writer (with its float formatting) was the larger part of the page's
//! wasm before (README, "Page size"); this is what a body needs of it. A value of another
//! shape (a map, a float, a list) is an error, which the tests meet first: no body sent
//! by the page has one.

use serde::ser::{self, Impossible, Serialize};

/// `value` as compact JSON, or `None` if it holds what this writer does not write.
pub fn to_json<T: Serialize + ?Sized>(value: &T) -> Option<String> {
    let mut out = String::new();
    value.serialize(&mut Json { out: &mut out }).ok()?;
    Some(out)
}

/// What this writer refuses: a value no browser-API body sends.
#[derive(Debug)]
pub struct Unsupported;

impl std::fmt::Display for Unsupported {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("not a value of a browser-API body")
    }
}

impl std::error::Error for Unsupported {}

impl ser::Error for Unsupported {
    fn custom<T: std::fmt::Display>(_: T) -> Self {
        Unsupported
    }
}

struct Json<'a> {
    out: &'a mut String,
}

/// An object being written: `{` already out, a comma before every field but the first.
pub struct Object<'a, 'b> {
    json: &'b mut Json<'a>,
    first: bool,
}

type Refused = Impossible<(), Unsupported>;

/// Serializer methods for what this writer refuses.
macro_rules! refused {
    ($($method:ident($($arg:ty),*) -> $ok:ty;)*) => {
        $(
            fn $method(self, $(_: $arg),*) -> Result<$ok, Unsupported> {
                Err(Unsupported)
            }
        )*
    };
}

/// Serializer methods for the narrower integers, each written as its widest kind.
macro_rules! widened {
    ($($method:ident: $ty:ty),* => $wide:ident) => {
        $(
            fn $method(self, v: $ty) -> Result<(), Unsupported> {
                self.$wide(v.into())
            }
        )*
    };
}

impl<'a, 'b> ser::Serializer for &'b mut Json<'a> {
    type Ok = ();
    type Error = Unsupported;
    type SerializeSeq = Refused;
    type SerializeTuple = Refused;
    type SerializeTupleStruct = Refused;
    type SerializeTupleVariant = Refused;
    type SerializeMap = Refused;
    type SerializeStruct = Object<'a, 'b>;
    type SerializeStructVariant = Refused;

    fn serialize_bool(self, v: bool) -> Result<(), Unsupported> {
        self.out.push_str(if v { "true" } else { "false" });
        Ok(())
    }

    widened! { serialize_i8: i8, serialize_i16: i16, serialize_i32: i32 => serialize_i64 }
    widened! { serialize_u8: u8, serialize_u16: u16, serialize_u32: u32 => serialize_u64 }

    // No body sends these: floats (serde_json's float printing is what this avoids), bytes,
    // lists, maps, or enums with data.
    refused! {
        serialize_f32(f32) -> ();
        serialize_f64(f64) -> ();
        serialize_bytes(&[u8]) -> ();
        serialize_seq(Option<usize>) -> Refused;
        serialize_tuple(usize) -> Refused;
        serialize_tuple_struct(&'static str, usize) -> Refused;
        serialize_tuple_variant(&'static str, u32, &'static str, usize) -> Refused;
        serialize_map(Option<usize>) -> Refused;
        serialize_struct_variant(&'static str, u32, &'static str, usize) -> Refused;
    }

    fn serialize_i64(self, v: i64) -> Result<(), Unsupported> {
        if v < 0 {
            self.out.push('-');
        }
        self.serialize_u64(v.unsigned_abs())
    }

    /// Digit by digit: no formatting machinery for a number.
    fn serialize_u64(self, v: u64) -> Result<(), Unsupported> {
        let mut digits = [0u8; 20];
        let (mut n, mut at) = (v, digits.len());
        loop {
            at -= 1;
            digits[at] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        digits[at..]
            .iter()
            .for_each(|&d| self.out.push(char::from(d)));
        Ok(())
    }

    fn serialize_char(self, v: char) -> Result<(), Unsupported> {
        self.serialize_str(v.encode_utf8(&mut [0; 4]))
    }

    fn serialize_str(self, v: &str) -> Result<(), Unsupported> {
        quote(self.out, v);
        Ok(())
    }

    fn serialize_none(self) -> Result<(), Unsupported> {
        self.serialize_unit()
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), Unsupported> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<(), Unsupported> {
        self.out.push_str("null");
        Ok(())
    }

    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Unsupported> {
        self.serialize_unit()
    }

    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<(), Unsupported> {
        self.serialize_str(variant)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), Unsupported> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<(), Unsupported> {
        Err(Unsupported)
    }

    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Object<'a, 'b>, Unsupported> {
        self.out.push('{');
        Ok(Object {
            json: self,
            first: true,
        })
    }
}

impl ser::SerializeStruct for Object<'_, '_> {
    type Ok = ();
    type Error = Unsupported;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Unsupported> {
        if !self.first {
            self.json.out.push(',');
        }
        self.first = false;
        quote(self.json.out, key);
        self.json.out.push(':');
        value.serialize(&mut *self.json)
    }

    fn end(self) -> Result<(), Unsupported> {
        self.json.out.push('}');
        Ok(())
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Serialize;

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
            assert_eq!(to_json(text), Some(serde_json::to_string(text).unwrap()));
        }
    }

    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Body {
        a_text: String,
        #[serde(skip_serializing_if = "String::is_empty")]
        empty: String,
        n: u8,
        big: u64,
        negative: i32,
        yes: bool,
        none: Option<String>,
        some: Option<Inner>,
        unit: Kind,
    }

    #[derive(Serialize)]
    struct Inner {
        x: u32,
    }

    #[derive(Serialize)]
    #[serde(rename_all = "SCREAMING_SNAKE_CASE")]
    enum Kind {
        BankTransfer,
    }

    #[test]
    fn a_body_is_written_as_serde_json_writes_it() {
        let body = Body {
            a_text: "é\"".to_owned(),
            empty: String::new(),
            n: 0,
            big: u64::MAX,
            negative: i32::MIN,
            yes: true,
            none: None,
            some: Some(Inner { x: 10 }),
            unit: Kind::BankTransfer,
        };
        assert_eq!(to_json(&body), Some(serde_json::to_string(&body).unwrap()));
    }

    #[test]
    fn what_no_body_holds_is_refused() {
        assert_eq!(to_json(&1.5), None);
        assert_eq!(to_json(&vec![1]), None);
        assert_eq!(to_json(&std::collections::BTreeMap::from([("a", 1)])), None);
    }
}
