//! `wire_body!`: a body's struct, its serde keys and its page reader, from one declaration;
//! `read_by_text!`: the reader of a closed set, beside the set.

/// Implements [`FromWire`](crate::wire::FromWire) for closed sets written as a text, each
/// read by the parser its serde `Deserialize` agrees with (`wire/closed_tests.rs` checks
/// every member, and texts that are none). Invoked beside each set, so `wire` itself knows
/// no domain type.
macro_rules! read_by_text {
    ($($set:ty => $parse:expr),* $(,)?) => {
        $(
            impl $crate::wire::FromWire for $set {
                fn from_wire<V: $crate::wire::Value>(v: &V) -> Option<Self> {
                    $parse(v.text()?.as_str())
                }
            }
        )*
    };
}

/// Declares a browser-API body once. Each field names its JSON key; the macro writes the
/// struct with `#[serde(rename = key)]` on each field (the proxy writes and reads it with
/// serde) and a [`FromWire`](crate::wire::FromWire) reader of the same keys (the page reads
/// it with that). A field may add:
/// - serde attributes of its own (`skip_serializing_if`), kept as they are;
/// - `or <expr>`: what the field is when its key is absent, for a field serde fills then
///   (`#[serde(default…)]`, written beside it; `wire_tests.rs` holds the two to agree).
///
/// `closed` before the struct refuses unknown keys, in serde (`deny_unknown_fields`) and in
/// the reader alike.
///
/// ```ignore
/// wire_body! {
///     #[derive(Debug, Serialize, Deserialize)]
///     pub struct Bank {
///         pub code: String = "code",
///         #[serde(default)]
///         pub name: String = "name" or String::new(),
///     }
/// }
/// ```
macro_rules! wire_body {
    (closed $($rest:tt)*) => {
        wire_body!(@body [true] [#[serde(deny_unknown_fields)]] $($rest)*);
    };
    (@body [$closed:literal] [$(#[$deny:meta])?]
        $(#[$attr:meta])*
        pub struct $name:ident {
            $(
                $(#[$field_attr:meta])*
                pub $field:ident : $ty:ty = $key:literal $(or $missing:expr)?
            ),* $(,)?
        }
    ) => {
        $(#[$attr])*
        $(#[$deny])?
        pub struct $name {
            $(
                $(#[$field_attr])*
                #[serde(rename = $key)]
                pub $field: $ty,
            )*
        }

        impl $crate::wire::FromWire for $name {
            fn from_wire<V: $crate::wire::Value>(v: &V) -> Option<Self> {
                if !$crate::wire::object(v, &[$($key),*], $closed) {
                    return None;
                }
                Some($name {
                    $( $field: wire_body!(@field v, $key $(, $missing)?)?, )*
                })
            }
        }
    };
    (@field $v:ident, $key:literal) => {
        $crate::wire::field($v, $key)
    };
    (@field $v:ident, $key:literal, $missing:expr) => {
        $crate::wire::defaulted($v, $key, $missing)
    };
    ($($rest:tt)*) => {
        wire_body!(@body [false] [] $($rest)*);
    };
}
