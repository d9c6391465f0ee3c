//! What payers type or paste into a number, read as the ASCII the validators parse.
//!
//! The Arabic page shows amounts in Arabic-Indic digits, and Arabic and Persian keyboards
//! type them; a number copied from a PDF, a spreadsheet or a chat arrives with en dashes,
//! no-break spaces or direction marks between its digits. Each validator of a typed number
//! starts here, so the page and the proxy read the same thing.

use std::borrow::Cow;

/// `input` with Arabic-Indic (U+0660–0669) and Eastern Arabic-Indic (U+06F0–06F9) digits
/// as ASCII digits, the Arabic decimal and thousands separators as `.` and `,`, every
/// Unicode dash as `-`, every non-ASCII space as ` `, and invisible formatting characters
/// (zero-width spaces and joiners, direction marks, soft hyphens, byte-order marks)
/// dropped. Everything else is kept, so a letter or a symbol is still refused by the
/// validator that follows.
pub fn normalize(input: &str) -> Cow<'_, str> {
    if input.is_ascii() {
        return Cow::Borrowed(input);
    }
    Cow::Owned(input.chars().filter_map(ascii_equivalent).collect())
}

/// The ASCII character `c` stands for in a typed number, `None` to drop it, or `c` itself.
fn ascii_equivalent(c: char) -> Option<char> {
    let digit = |zero: u32| char::from_digit(u32::from(c) - zero, 10);
    match c {
        '\u{0660}'..='\u{0669}' => digit(0x0660),
        '\u{06F0}'..='\u{06F9}' => digit(0x06F0),
        '\u{066B}' => Some('.'),
        '\u{066C}' => Some(','),
        // Hyphen, non-breaking hyphen, figure dash, en dash, em dash, horizontal bar; the
        // minus sign; the small and full-width hyphen-minus.
        '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE58}' | '\u{FE63}' | '\u{FF0D}' => Some('-'),
        // Soft hyphen, Arabic letter mark, zero-width space/non-joiner/joiner, the
        // left-to-right and right-to-left marks, embeddings and overrides, word joiner
        // and invisible operators, isolates, byte-order mark.
        '\u{00AD}'
        | '\u{061C}'
        | '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{2069}'
        | '\u{FEFF}' => None,
        c if c.is_whitespace() => Some(' '),
        c => Some(c),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_arabic_indic_digit_sets_become_ascii() {
        assert_eq!(normalize("٠١٢٣٤٥٦٧٨٩"), "0123456789");
        assert_eq!(normalize("۰۱۲۳۴۵۶۷۸۹"), "0123456789");
        assert_eq!(normalize("١٢٣.٤٥٦.٧٨٩-٠٩"), "123.456.789-09");
        assert_eq!(normalize("٤٠٫٥٠"), "40.50");
        assert_eq!(normalize("١٬٠٠٠"), "1,000");
    }

    #[test]
    fn unicode_dashes_and_spaces_become_their_ascii_separators() {
        for dash in [
            '\u{2010}', '\u{2011}', '\u{2012}', '\u{2013}', '\u{2014}', '\u{2015}', '\u{2212}',
            '\u{FE58}', '\u{FE63}', '\u{FF0D}',
        ] {
            assert_eq!(normalize(&format!("123{dash}45")), "123-45", "{dash:?}");
        }
        for space in ['\u{00A0}', '\u{2007}', '\u{2009}', '\u{202F}', '\u{3000}'] {
            assert_eq!(normalize(&format!("123{space}45")), "123 45", "{space:?}");
        }
    }

    #[test]
    fn invisible_marks_are_dropped() {
        assert_eq!(
            normalize("\u{200F}+20\u{200B}100\u{2066}123\u{2069}4567\u{FEFF}"),
            "+201001234567"
        );
        assert_eq!(normalize("12\u{00AD}34\u{061C}"), "1234");
    }

    #[test]
    fn everything_else_is_kept_for_the_validator_to_judge() {
        assert!(matches!(normalize("123.456-7/8 (9)"), Cow::Borrowed(_)));
        assert_eq!(normalize("ÑAÑO800101AB3"), "ÑAÑO800101AB3");
        assert_eq!(normalize("१२३"), "१२३");
        assert_eq!(normalize("12x٣"), "12x3");
    }
}
