use std::fmt;

use crate::error::ErrorCode;
use crate::validate::normalize;

/// How far ahead an expiry date may lie. Cards are issued for 3 to 5 years, some for 10;
/// anything beyond 20 is a typing mistake ("12/62" for "12/26").
const MAX_YEARS_AHEAD: u32 = 20;

/// A card's expiry month, valid through the last day of that month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Expiry {
    year: u16,
    month: u8,
}

impl Expiry {
    /// The four-digit year.
    pub fn year(self) -> u16 {
        self.year
    }

    /// 1 to 12.
    pub fn month(self) -> u8 {
        self.month
    }

    /// "MM/YY", as printed on the card.
    pub fn formatted(self) -> String {
        format!("{:02}/{:02}", self.month, self.year % 100)
    }

    /// "MM/YYYY": the orchestrator's `card.expiresAt` (orkestra-api.md 4.3).
    pub fn mm_yyyy(self) -> String {
        format!("{:02}/{:04}", self.month, self.year)
    }
}

impl fmt::Display for Expiry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.formatted())
    }
}

/// Parses an expiry date typed as "MM/YY" or "MM/YYYY" (spaces around the slash and a
/// one-digit month are fine; Arabic-Indic digits are read as digits: [`normalize`]) and
/// checks it against `today`, given as (year, month) by the caller because this crate has
/// no clock.
///
/// A card is good through the end of its expiry month, so the current month passes.
/// A two-digit year is read in the century that puts it nearest to today.
///
/// `Required` when empty; `InvalidFormat` for any other shape or a month outside 1–12;
/// `Expired` before the current month; `ExpiryTooFar` more than 20 years ahead.
pub fn expiry(input: &str, today: (u16, u8)) -> Result<Expiry, ErrorCode> {
    let s = normalize(input);
    let s = s.trim();
    if s.is_empty() {
        return Err(ErrorCode::Required);
    }
    let (month, year) = s.split_once('/').ok_or(ErrorCode::InvalidFormat)?;
    let (month, year) = (month.trim(), year.trim());
    let all_digits = |part: &str| part.bytes().all(|b| b.is_ascii_digit());
    if !(1..=2).contains(&month.len())
        || !matches!(year.len(), 2 | 4)
        || !all_digits(month)
        || !all_digits(year)
    {
        return Err(ErrorCode::InvalidFormat);
    }
    let two_digit_year = year.len() == 2;
    let month: u8 = month.parse().map_err(|_| ErrorCode::InvalidFormat)?;
    let year: u32 = year.parse().map_err(|_| ErrorCode::InvalidFormat)?;
    if !(1..=12).contains(&month) {
        return Err(ErrorCode::InvalidFormat);
    }
    let year = if two_digit_year {
        nearest_year_ending_in(year, u32::from(today.0))
    } else {
        year
    };

    let now = u32::from(today.0) * 12 + u32::from(today.1);
    let then = year * 12 + u32::from(month);
    if then < now {
        return Err(ErrorCode::Expired);
    }
    if then - now > MAX_YEARS_AHEAD * 12 {
        return Err(ErrorCode::ExpiryTooFar);
    }
    let year = u16::try_from(year).map_err(|_| ErrorCode::ExpiryTooFar)?;
    Ok(Expiry { year, month })
}

/// The year ending in the two digits `yy` closest to `this_year`: "30" is 2030 in 2026 and
/// "01" is 2101 in 2099.
fn nearest_year_ending_in(yy: u32, this_year: u32) -> u32 {
    let century = this_year - this_year % 100;
    [century.saturating_sub(100), century, century + 100]
        .into_iter()
        .map(|c| c + yy)
        .min_by_key(|&y| y.abs_diff(this_year))
        .unwrap_or(century + yy)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use ErrorCode::*;

    const TODAY: (u16, u8) = (2026, 5);

    #[test]
    fn both_year_forms_parse_and_print_for_the_card_and_the_wire() {
        let e = expiry("09/30", TODAY).unwrap();
        assert_eq!((e.year(), e.month()), (2030, 9));
        assert_eq!(e.formatted(), "09/30");
        assert_eq!(e.mm_yyyy(), "09/2030");
        assert_eq!(e.to_string(), "09/30");
        assert_eq!(expiry("09/2030", TODAY), Ok(e));
        assert_eq!(expiry(" 9 / 2030 ", TODAY), Ok(e));
    }

    #[test]
    fn arabic_indic_digits_are_read_as_digits() {
        assert_eq!(expiry("١٢/٣٠", TODAY), expiry("12/30", TODAY));
        assert_eq!(expiry("۰۷ / ۲۰۲۹", TODAY), expiry("07/2029", TODAY));
        assert!(expiry("١٢/٣٠", TODAY).is_ok());
    }

    #[test]
    fn the_current_month_is_still_good_and_the_one_before_is_expired() {
        assert!(expiry("05/26", TODAY).is_ok());
        assert_eq!(expiry("04/26", TODAY), Err(Expired));
        assert_eq!(expiry("12/2025", TODAY), Err(Expired));
        assert_eq!(expiry("01/27", (2026, 12)).map(|e| e.year()), Ok(2027));
    }

    #[test]
    fn twenty_years_ahead_is_the_limit() {
        assert!(expiry("05/2046", TODAY).is_ok());
        assert_eq!(expiry("06/2046", TODAY), Err(ExpiryTooFar));
        assert_eq!(expiry("12/62", TODAY), Err(ExpiryTooFar));
    }

    #[test]
    fn a_two_digit_year_is_read_in_the_nearest_century() {
        assert_eq!(nearest_year_ending_in(30, 2026), 2030);
        assert_eq!(nearest_year_ending_in(99, 2026), 1999);
        assert_eq!(nearest_year_ending_in(1, 2099), 2101);
        assert_eq!(expiry("01/01", (2099, 6)).map(|e| e.year()), Ok(2101));
        assert_eq!(expiry("12/99", TODAY), Err(Expired));
        assert_eq!(expiry("12/00", (2099, 6)).map(|e| e.year()), Ok(2100));
        assert_eq!(expiry("12/0000", TODAY), Err(Expired));
    }

    #[test]
    fn months_out_of_range_and_other_shapes_are_format_errors() {
        for input in [
            "00/30", "13/30", "1/3", "12/203", "12-30", "1230", "12/30/1", "ab/30", "12/3a",
            "+1/30", "123/30",
        ] {
            assert_eq!(expiry(input, TODAY), Err(InvalidFormat), "{input}");
        }
        assert_eq!(expiry("", TODAY), Err(Required));
        assert_eq!(expiry("  ", TODAY), Err(Required));
    }

    proptest! {
        #[test]
        fn every_month_from_now_to_twenty_years_ahead_parses_in_both_forms(
            ahead in 0u32..=240,
            this_year in 2000u16..2200,
            this_month in 1u8..=12,
        ) {
            let total = u32::from(this_year) * 12 + u32::from(this_month) - 1 + ahead;
            let year = u16::try_from(total / 12).unwrap();
            let month = u8::try_from(total % 12 + 1).unwrap();
            let today = (this_year, this_month);
            let want = Expiry { year, month };
            prop_assert_eq!(expiry(&want.mm_yyyy(), today), Ok(want));
            prop_assert_eq!(expiry(&want.formatted(), today), Ok(want));
        }

        #[test]
        fn parsing_never_panics(input in "\\PC{0,12}", y in any::<u16>(), m in any::<u8>()) {
            let _ = expiry(&input, (y, m));
        }
    }
}
