//! A barcode drawn as inline SVG: Interleaved 2 of 5 (ITF), the symbology of boletos and
//! of many cash vouchers. One `<path>`, coloured by class, like the QR code.

use leptos::prelude::*;

use super::qr_code::symbol;
use crate::kit::dom::{svg, Dom, El};

/// Narrow/wide pattern of each digit: bit 4 is the first element, set = wide.
const PATTERNS: [u8; 10] = [
    0b00110, 0b10001, 0b01001, 0b11000, 0b00101, 0b10100, 0b01100, 0b00011, 0b10010, 0b01010,
];
/// A wide element is three narrow ones (FEBRABAN allows 2.2 to 3).
const WIDE: u32 = 3;
/// Blank modules on each side, so scanners find the edges.
const QUIET: u32 = 10;

/// The symbol's width in modules and an SVG path of its bars (each 1 unit high), for an
/// even number of digits; `None` for anything else (an odd count is padded with a `0`).
pub fn itf_path(digits: &str) -> Option<(u32, String)> {
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let padded = if digits.len() % 2 == 1 {
        ["0", digits].concat()
    } else {
        digits.to_owned()
    };
    let mut path = String::new();
    let mut x = QUIET;
    let mut bar = |x: &mut u32, width: u32, dark: bool| {
        if dark {
            path.push_str(
                &[
                    "M",
                    &x.to_string(),
                    " 0h",
                    &width.to_string(),
                    "v1h-",
                    &width.to_string(),
                    "z",
                ]
                .concat(),
            );
        }
        *x += width;
    };
    // Start: narrow bar, narrow space, narrow bar, narrow space.
    for dark in [true, false, true, false] {
        bar(&mut x, 1, dark);
    }
    let bytes = padded.as_bytes();
    for pair in bytes.chunks(2) {
        let (bars, spaces) = (
            PATTERNS[(pair[0] - b'0') as usize],
            PATTERNS[(pair[1] - b'0') as usize],
        );
        for i in (0..5).rev() {
            bar(&mut x, if bars >> i & 1 == 1 { WIDE } else { 1 }, true);
            bar(&mut x, if spaces >> i & 1 == 1 { WIDE } else { 1 }, false);
        }
    }
    // Stop: wide bar, narrow space, narrow bar.
    bar(&mut x, WIDE, true);
    bar(&mut x, 1, false);
    bar(&mut x, 1, true);
    Some((x + QUIET, path))
}

/// The ITF barcode of `digits`, labelled for assistive technology; nothing if the value
/// cannot be drawn (letters in a voucher reference).
///
/// ```ignore
/// <Barcode digits=barcode label="Boleto barcode"/>
/// ```
#[component]
pub fn Barcode(#[prop(into)] digits: String, label: &'static str) -> Option<Dom> {
    barcode_el(&digits, label).map(El::view)
}

/// [`Barcode`] as a drawn element, for views built with [`crate::kit::dom`].
pub fn barcode_el(digits: &str, label: &str) -> Option<El> {
    itf_path(digits).map(|(width, path)| {
        let width = width.to_string();
        symbol(
            "barcode",
            "barcode",
            &["0 0 ", &width, " 1"].concat(),
            label,
        )
        .attr("preserveAspectRatio", "none")
        .child(
            svg("rect")
                .class("qr__light")
                .attr("width", &width)
                .attr("height", "1"),
        )
        .child(svg("path").class("qr__dark").attr("d", &path))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Rebuilds the narrow/wide sequence from the path, to read the symbol back.
    fn widths(path: &str) -> Vec<u32> {
        path.split('M')
            .filter(|s| !s.is_empty())
            .map(|s| {
                let h = s.split('h').nth(1).unwrap();
                h.split('v').next().unwrap().parse().unwrap()
            })
            .collect()
    }

    #[test]
    fn a_boleto_barcode_has_start_44_digits_and_stop() {
        let (width, path) = itf_path("34191140200000123451090000012345678901234567").unwrap();
        // Start 4 + 22 pairs of (2 wide + 3 narrow) × 2 + stop 5, plus the quiet zones.
        assert_eq!(width, 4 + 22 * 2 * (2 * WIDE + 3) + (WIDE + 2) + 2 * QUIET);
        let bars = widths(&path);
        assert_eq!(bars.len(), 2 + 44 * 5 / 2 * 2 / 2 + 2);
        assert_eq!(&bars[..2], &[1, 1], "the start pattern");
        assert_eq!(&bars[bars.len() - 2..], &[WIDE, 1], "the stop pattern");
        // The first pair "34": the bars are 3 = wide wide narrow narrow narrow.
        assert_eq!(&bars[2..7], &[WIDE, WIDE, 1, 1, 1]);
    }

    #[test]
    fn only_digits_are_drawn_and_odd_counts_are_padded() {
        assert!(itf_path("12A4").is_none());
        assert!(itf_path("").is_none());
        assert_eq!(itf_path("123").unwrap().0, itf_path("0123").unwrap().0);
    }
}
