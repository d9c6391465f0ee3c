//! How card inputs read while the payer types: the number grouped as printed on the card
//! (4-6-5 for American Express), the expiry as `MM/YY`, codes as digits only. Arabic-Indic
//! digits count as digits and are shown as the ASCII ones the card carries.

use orkestra_core::validate::{brand_of_prefix, normalize, CardBrand};

/// At most `max` of the digits in `input`, as ASCII (Arabic-Indic ones included:
/// [`normalize`]).
pub fn digits(input: &str, max: usize) -> String {
    normalize(input)
        .chars()
        .filter(char::is_ascii_digit)
        .take(max)
        .collect()
}

/// The number as typed, digits only, cut at the brand's longest length and grouped:
/// "4111 1111 1111 1111", "3782 822463 10005".
pub fn group_card_number(input: &str) -> String {
    let all = digits(input, 19);
    let brand = brand_of_prefix(&all);
    let number = digits(&all, brand.map_or(19, CardBrand::max_length));
    let groups: &[usize] = match (brand, number.len()) {
        (Some(CardBrand::Amex), _) => &[4, 6, 5],
        (Some(CardBrand::Diners), 14) => &[4, 6, 4],
        _ => &[4, 4, 4, 4, 3],
    };
    let mut out = String::with_capacity(number.len() + 4);
    let mut rest = number.as_str();
    for size in groups {
        if rest.is_empty() {
            break;
        }
        let (head, tail) = rest.split_at((*size).min(rest.len()));
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(head);
        rest = tail;
    }
    out
}

/// "MM/YY" as the payer types it: the slash appears once the month is complete.
pub fn format_expiry(input: &str) -> String {
    let d = digits(input, 4);
    if d.len() > 2 {
        let (month, year) = d.split_at(2);
        [month, "/", year].concat()
    } else {
        d
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn card_numbers_are_grouped_as_printed() {
        assert_eq!(group_card_number("4111111111111111"), "4111 1111 1111 1111");
        assert_eq!(group_card_number("4111-1111 11"), "4111 1111 11");
        assert_eq!(group_card_number("378282246310005"), "3782 822463 10005");
        assert_eq!(group_card_number(""), "");
    }

    #[test]
    fn a_complete_14_digit_3841_number_is_grouped_as_the_diners_card_it_is() {
        assert_eq!(group_card_number("38410012345671"), "3841 001234 5671");
        // Still being typed, it is a Hipercard's.
        assert_eq!(group_card_number("3841001234567"), "3841 0012 3456 7");
    }

    #[test]
    fn card_numbers_stop_at_the_brands_longest_length() {
        // American Express has 15 digits: a 16th is ignored.
        assert_eq!(group_card_number("3782822463100059"), "3782 822463 10005");
        assert_eq!(
            group_card_number("55555555555544449"),
            "5555 5555 5555 4444"
        );
    }

    #[test]
    fn the_expiry_gains_its_slash_after_the_month() {
        assert_eq!(format_expiry("1"), "1");
        assert_eq!(format_expiry("12"), "12");
        assert_eq!(format_expiry("123"), "12/3");
        assert_eq!(format_expiry("12/30"), "12/30");
        assert_eq!(format_expiry("12/3099"), "12/30");
    }

    #[test]
    fn codes_keep_digits_only() {
        assert_eq!(digits("12a3 4", 4), "1234");
        assert_eq!(digits("123456789", 6), "123456");
    }

    #[test]
    fn arabic_indic_digits_are_typed_as_digits() {
        assert_eq!(digits("١٢٣٤٥٦", 6), "123456");
        assert_eq!(digits("۱۲۳", 4), "123");
        assert_eq!(group_card_number("٤١١١١١١١١١١١١١١١"), "4111 1111 1111 1111");
        assert_eq!(format_expiry("١٢٣٠"), "12/30");
    }
}
