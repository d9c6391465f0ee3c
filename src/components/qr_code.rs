//! A QR code drawn as inline SVG: one `<path>`, coloured by classes (the CSP forbids
//! inline styles), so it stays sharp at any size and costs no image request.

use leptos::prelude::*;
use qrcodegen::{QrCode as Qr, QrCodeEcc};

use crate::kit::dom::{svg, Dom, El};

/// Modules of white border around the symbol, as the QR standard asks.
const QUIET_ZONE: i32 = 4;

/// The QR code of `data`, labelled for assistive technology.
///
/// ```ignore
/// <QrCode data=emv label="Pix QR code"/>
/// ```
#[component]
pub fn QrCode(
    #[prop(into)] data: String,
    label: &'static str,
    #[prop(default = "pix-qr")] testid: &'static str,
) -> Option<Dom> {
    qr_el(&data, label, testid).map(El::view)
}

/// [`QrCode`] as a drawn element, for views built with [`crate::kit::dom`].
pub fn qr_el(data: &str, label: &str, testid: &str) -> Option<El> {
    qr_path(data).map(|(size, path)| {
        let size = size.to_string();
        symbol("qr", testid, &["0 0 ", &size, " ", &size].concat(), label)
            .child(
                svg("rect")
                    .class("qr__light")
                    .attr("width", &size)
                    .attr("height", &size),
            )
            .child(svg("path").class("qr__dark").attr("d", &path))
    })
}

/// The `<svg>` of a QR code or barcode: a labelled image, coloured by classes (the CSP
/// forbids inline styles).
pub(crate) fn symbol(class: &str, testid: &str, view_box: &str, label: &str) -> El {
    svg("svg")
        .class(class)
        .attr("data-testid", testid)
        .attr("viewBox", view_box)
        .attr("role", "img")
        .attr("aria-label", label)
}

/// The symbol's side (quiet zone included) and an SVG path of its dark modules, one
/// rectangle per horizontal run. `None` if the data is too long for any QR version.
pub fn qr_path(data: &str) -> Option<(i32, String)> {
    let qr = Qr::encode_text(data, QrCodeEcc::Medium).ok()?;
    let modules = qr.size();
    let mut path = String::new();
    for y in 0..modules {
        let mut x = 0;
        while x < modules {
            if !qr.get_module(x, y) {
                x += 1;
                continue;
            }
            let start = x;
            while x < modules && qr.get_module(x, y) {
                x += 1;
            }
            let (left, top, run) = (start + QUIET_ZONE, y + QUIET_ZONE, x - start);
            let (left, top, run) = (left.to_string(), top.to_string(), run.to_string());
            path.push_str(&["M", &left, " ", &top, "h", &run, "v1h-", &run, "z"].concat());
        }
    }
    Some((modules + 2 * QUIET_ZONE, path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_path_covers_the_finder_patterns_inside_the_quiet_zone() {
        let (size, path) = qr_path("000201").expect("encodable");
        // Version 1 (21 modules) plus 4 modules of border on each side.
        assert_eq!(size, 21 + 8);
        // The top-left finder pattern starts with a run of 7 dark modules at (4, 4).
        assert!(path.starts_with("M4 4h7v1h-7z"), "{path}");
    }

    #[test]
    fn data_too_long_for_a_qr_code_draws_nothing() {
        assert!(qr_path(&"9".repeat(8000)).is_none());
    }
}
