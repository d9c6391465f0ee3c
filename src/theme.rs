//! The merchant's look: their `appearance` applied as CSS custom properties on the root
//! element through the CSSOM (`style.setProperty`), which the CSP allows, unlike inline
//! `style` attributes or injected `<style>`. Every value is checked first, and the text
//! colour on the primary colour is picked for contrast.

use orkestra_core::api::merchant::Appearance;

/// The custom properties to set: (property, value), only for values that pass the
/// checks of `Appearance::errors`.
pub fn properties(appearance: &Appearance) -> Vec<(&'static str, String)> {
    let bad: Vec<&str> = appearance
        .errors()
        .into_iter()
        .map(|(name, _)| name)
        .collect();
    let mut out = Vec::new();
    for (name, property, value) in [
        (
            "colorPrimary",
            "--ork-color-primary",
            &appearance.color_primary,
        ),
        (
            "colorBackground",
            "--ork-color-surface",
            &appearance.color_background,
        ),
        ("colorText", "--ork-color-text", &appearance.color_text),
        (
            "colorDanger",
            "--ork-color-danger",
            &appearance.color_danger,
        ),
        ("fontFamily", "--ork-font", &appearance.font_family),
        ("borderRadius", "--ork-radius", &appearance.border_radius),
        ("spacingUnit", "--ork-space", &appearance.spacing_unit),
    ] {
        if let Some(value) = value.as_ref().filter(|_| !bad.contains(&name)) {
            out.push((property, value.trim().to_owned()));
        }
    }
    if let Some(primary) = appearance
        .color_primary
        .as_deref()
        .filter(|_| !bad.contains(&"colorPrimary"))
        .and_then(rgb)
    {
        let on = if luminance(primary) > 0.4 {
            "#000000"
        } else {
            "#ffffff"
        };
        out.push(("--ork-color-on-primary", on.to_owned()));
    }
    out
}

/// `light`, `dark`, or `None` to follow the payer's system (`auto`).
pub fn scheme(appearance: &Appearance) -> Option<&'static str> {
    match appearance.scheme.as_deref() {
        Some("light") => Some("light"),
        Some("dark") => Some("dark"),
        _ => None,
    }
}

/// The channels of `#rgb` or `#rrggbb`, each 0..=1.
fn rgb(color: &str) -> Option<[f64; 3]> {
    let hex = color.trim().strip_prefix('#')?;
    let digit = |i: usize, len: usize| -> Option<f64> {
        let part = hex.get(i * len..(i + 1) * len)?;
        let v = u8::from_str_radix(part, 16).ok()?;
        Some(
            if len == 1 {
                f64::from(v * 17)
            } else {
                f64::from(v)
            } / 255.0,
        )
    };
    let len = match hex.len() {
        3 => 1,
        6 => 2,
        _ => return None,
    };
    Some([digit(0, len)?, digit(1, len)?, digit(2, len)?])
}

/// Relative luminance, with WCAG's sRGB curve approximated by a square (no `powf` in
/// the page): close enough to pick black or white text.
fn luminance([r, g, b]: [f64; 3]) -> f64 {
    0.2126 * r * r + 0.7152 * g * g + 0.0722 * b * b
}

/// Applies `appearance` to the page's root: `<html>`, or the mount element inline.
pub fn apply(appearance: &Appearance) {
    let Some(root) = crate::embed::root() else {
        return;
    };
    if let Some(scheme) = scheme(appearance) {
        let _ = root.set_attribute("data-scheme", scheme);
    }
    let Ok(root) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(root) else {
        return;
    };
    let style = root.style();
    for (property, value) in properties(appearance) {
        let _ = style.set_property(property, &value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn good_values_become_custom_properties() {
        let appearance = Appearance {
            color_primary: Some("#0a7".into()),
            font_family: Some("Inter, sans-serif".into()),
            border_radius: Some("4px".into()),
            scheme: Some("dark".into()),
            ..Default::default()
        };
        let props = properties(&appearance);
        assert!(props.contains(&("--ork-color-primary", "#0a7".into())));
        assert!(props.contains(&("--ork-font", "Inter, sans-serif".into())));
        assert!(props.contains(&("--ork-radius", "4px".into())));
        assert_eq!(scheme(&appearance), Some("dark"));
    }

    #[test]
    fn bad_values_are_never_applied() {
        let appearance = Appearance {
            color_primary: Some("red; background: url(x)".into()),
            border_radius: Some("99px".into()),
            font_family: Some("x}body{".into()),
            scheme: Some("neon".into()),
            ..Default::default()
        };
        assert_eq!(properties(&appearance), []);
        assert_eq!(scheme(&appearance), None);
    }

    #[test]
    fn text_on_the_primary_colour_keeps_its_contrast() {
        let on = |color: &str| {
            properties(&Appearance {
                color_primary: Some(color.into()),
                ..Default::default()
            })
            .into_iter()
            .find(|(p, _)| *p == "--ork-color-on-primary")
            .map(|(_, v)| v)
        };
        assert_eq!(on("#ffeb3b").as_deref(), Some("#000000"));
        assert_eq!(on("#1d4ed8").as_deref(), Some("#ffffff"));
    }
}
