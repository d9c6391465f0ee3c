//! The Luhn (mod 10) check: every card brand we take uses it (fact sheet 3.1), and so does
//! the South African ID number (fact sheet 2.10).

/// The Luhn sum of `digits` (ASCII digits) where the rightmost digit is doubled when
/// `double_last` is set: set it to compute a check digit for a body, unset it to check a
/// whole number.
fn luhn_sum(digits: &[u8], double_last: bool) -> u32 {
    digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &b)| {
            let d = u32::from(b - b'0');
            if (i % 2 == 0) == double_last {
                let doubled = d * 2;
                if doubled > 9 {
                    doubled - 9
                } else {
                    doubled
                }
            } else {
                d
            }
        })
        .sum()
}

/// Whether a whole number (ASCII digits, check digit last) passes Luhn.
pub(crate) fn is_valid(digits: &[u8]) -> bool {
    !digits.is_empty() && luhn_sum(digits, false).is_multiple_of(10)
}

/// The check digit to append to `body` (ASCII digits), as an ASCII digit.
#[cfg(test)]
pub(crate) fn check_digit(body: &[u8]) -> u8 {
    b'0' + u8::try_from(luhn_check_digit(body)).unwrap_or(0)
}

/// The Luhn (mod 10) check digit of `body`, a string of ASCII digits: weights 2, 1, 2, 1…
/// from the rightmost digit, the digits of each product summed, (10 − sum mod 10) mod 10.
/// Cards use it, and so do the boleto's field digits and cash-voucher references.
pub fn luhn_check_digit(body: impl AsRef<[u8]>) -> u32 {
    (10 - luhn_sum(body.as_ref(), true) % 10) % 10
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_fact_sheets_test_pans_pass() {
        // payment-methods.md 3.1 "Test PANs (Luhn-valid, synthetic)".
        for pan in [
            "4111111111111111",
            "5555555555554444",
            "378282246310005",
            "6062825624254001",
            "5067000000000009",
            "5895620000000002",
            "6042010000000006",
        ] {
            assert!(is_valid(pan.as_bytes()), "{pan}");
        }
    }

    #[test]
    fn changing_the_last_digit_fails() {
        assert!(!is_valid(b"4111111111111112"));
        assert!(!is_valid(b"378282246310004"));
        assert!(!is_valid(b""));
    }

    #[test]
    fn the_check_digit_of_a_known_body_matches_python_stdnum() {
        // python-stdnum 2.2 luhn.calc_check_digit.
        assert_eq!(check_digit(b"400000000000000"), b'2');
        assert_eq!(check_digit(b"400000000000000000"), b'6');
        assert_eq!(check_digit(b"384100000000000"), b'7');
        assert_eq!(check_digit(b"800101500908"), b'7');
    }

    proptest! {
        #[test]
        fn a_body_with_its_check_digit_passes_and_any_other_last_digit_fails(
            body in "[0-9]{1,18}",
            other in 0u8..10,
        ) {
            let check = check_digit(body.as_bytes());
            let mut number = body.into_bytes();
            number.push(check);
            prop_assert!(is_valid(&number));
            let wrong = b'0' + other;
            prop_assume!(wrong != check);
            *number.last_mut().unwrap() = wrong;
            prop_assert!(!is_valid(&number));
        }
    }
}
