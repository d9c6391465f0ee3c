//! How the page looks, from the merchant.

use serde::{Deserialize, Serialize};

use crate::error::ErrorCode;

wire_body! {
    closed
    /// How the page looks, from the merchant. Applied by the page as CSS custom properties
    /// through the CSSOM, so the CSP needs no 'unsafe-inline'; every value is checked here
    /// (and again by the page) so nothing but a color, a length or a font name gets through.
    #[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
    pub struct Appearance {
        /// `#rgb` or `#rrggbb`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub color_primary: Option<String> = "colorPrimary",
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub color_background: Option<String> = "colorBackground",
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub color_text: Option<String> = "colorText",
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub color_danger: Option<String> = "colorDanger",
        /// A font family list of names: letters, digits, spaces, commas, hyphens, quotes.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub font_family: Option<String> = "fontFamily",
        /// `0` to `32px` or `2rem`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub border_radius: Option<String> = "borderRadius",
        /// `2px` to `16px` or `1rem`: the base of every gap and padding.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub spacing_unit: Option<String> = "spacingUnit",
        /// `light`, `dark` or `auto` (the payer's system setting; the default).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub scheme: Option<String> = "scheme",
    }
}

impl Appearance {
    /// Each bad value with its field name (relative: `colorPrimary`, …).
    pub fn errors(&self) -> Vec<(&'static str, ErrorCode)> {
        let mut errors = Vec::new();
        for (name, value) in [
            ("colorPrimary", &self.color_primary),
            ("colorBackground", &self.color_background),
            ("colorText", &self.color_text),
            ("colorDanger", &self.color_danger),
        ] {
            if value.as_deref().is_some_and(|v| !is_hex_color(v)) {
                errors.push((name, ErrorCode::InvalidFormat));
            }
        }
        if let Some(font) = &self.font_family {
            let ok = !font.trim().is_empty()
                && font.len() <= 100
                && font
                    .chars()
                    .all(|c| c.is_alphanumeric() || " ,-_'\"".contains(c));
            if !ok {
                errors.push(("fontFamily", ErrorCode::InvalidFormat));
            }
        }
        if self
            .border_radius
            .as_deref()
            .is_some_and(|v| !is_length(v, 0, 32))
        {
            errors.push(("borderRadius", ErrorCode::InvalidFormat));
        }
        if self
            .spacing_unit
            .as_deref()
            .is_some_and(|v| !is_length(v, 2, 16))
        {
            errors.push(("spacingUnit", ErrorCode::InvalidFormat));
        }
        if self
            .scheme
            .as_deref()
            .is_some_and(|v| !matches!(v, "light" | "dark" | "auto"))
        {
            errors.push(("scheme", ErrorCode::InvalidFormat));
        }
        errors
    }
}

/// `#rgb` or `#rrggbb`.
pub fn is_hex_color(value: &str) -> bool {
    value
        .strip_prefix('#')
        .is_some_and(|hex| matches!(hex.len(), 3 | 6) && hex.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// `0`, or a number of `px` between `min` and `max` (a `rem` counts as 16 px).
///
/// Read in millionths of a pixel with integers, not `f32`: float parsing was 4.6 KB of the
/// page's wasm, which checks a merchant's appearance again before applying it.
pub fn is_length(value: &str, min: u32, max: u32) -> bool {
    let (number, scale) = if let Some(n) = value.strip_suffix("px") {
        (n, 1)
    } else if let Some(n) = value.strip_suffix("rem") {
        (n, 16)
    } else if value == "0" {
        return min == 0;
    } else {
        return false;
    };
    let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.len() + fraction.len() == 0 || whole.len() > 6 || !digits(whole) || !digits(fraction) {
        return false;
    }
    let mut micros = whole
        .bytes()
        .fold(0u64, |n, b| n * 10 + u64::from(b - b'0'))
        * 1_000_000;
    let mut place = 100_000;
    for b in fraction.bytes() {
        // Beyond a millionth only whether anything is left matters (32.0000001px > 32px).
        if place == 0 {
            micros += u64::from(b != b'0');
            continue;
        }
        micros += u64::from(b - b'0') * place;
        place /= 10;
    }
    let px = micros * scale;
    (u64::from(min) * 1_000_000..=u64::from(max) * 1_000_000).contains(&px)
}
