use std::fmt;

use super::currency::Currency;
use super::decimal::{parse_minor, Decimals};
use crate::error::ErrorCode;

/// A non-negative amount of one currency in integer minor units (at most `i64::MAX`, so it
/// fits any database).
///
/// Fields are private: every `Money` went through a constructor that checked the bound, and
/// arithmetic is checked, so an amount can neither wrap nor silently change currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Money {
    currency: Currency,
    minor: u64,
}

impl Money {
    /// `AmountOverflow` above `i64::MAX`.
    pub fn from_minor(currency: Currency, minor: u64) -> Result<Money, ErrorCode> {
        if minor > i64::MAX as u64 {
            return Err(ErrorCode::AmountOverflow);
        }
        Ok(Money { currency, minor })
    }

    pub fn zero(currency: Currency) -> Money {
        Money { currency, minor: 0 }
    }

    pub fn currency(&self) -> Currency {
        self.currency
    }

    pub fn minor(&self) -> u64 {
        self.minor
    }

    pub fn is_zero(&self) -> bool {
        self.minor == 0
    }

    /// Our public API's form: a decimal string in major units with exactly the currency's
    /// exponent digits ("150.00" for BRL, "1500" for CLP, "1.000000" for USDT).
    ///
    /// Rejects, with the code in brackets: empty (`Required`); a leading `-`
    /// (`AmountNegative`, when the rest is a valid amount); `+`, exponent notation,
    /// whitespace anywhere, non-ASCII digits, a leading or trailing `.`, leading zeros such
    /// as "0150.00" ("0.50" is fine) and too few decimals (`AmountFormat`); too many
    /// decimals (`AmountTooManyDecimals`); more than `i64::MAX` minor units
    /// (`AmountOverflow`).
    pub fn parse_exact(s: &str, currency: Currency) -> Result<Money, ErrorCode> {
        let minor = parse_minor(s, currency.exponent(), Decimals::Exact)?;
        Money::from_minor(currency, minor)
    }

    /// What our APIs take: a decimal string in major units with at most the currency's
    /// decimals ("85000" and "85000.5" COP, "25" USDT); more, zeros included
    /// ("25.500" BRL), is `AmountTooManyDecimals`. Otherwise the same rejections as
    /// [`Money::parse_exact`].
    pub fn parse_at_most(s: &str, currency: Currency) -> Result<Money, ErrorCode> {
        let minor = parse_minor(s, currency.exponent(), Decimals::AtMost)?;
        Money::from_minor(currency, minor)
    }

    /// The upstream wire's form: a JSON number's text in major units ("150", "150.5",
    /// "150.50", "150.500"). Fewer decimals are allowed; extra decimals only if they are
    /// zeros, because anything else would be a fraction of a minor unit we cannot hold.
    /// Otherwise the same rejections as [`Money::parse_exact`].
    pub fn parse_lenient(s: &str, currency: Currency) -> Result<Money, ErrorCode> {
        let minor = parse_minor(s, currency.exponent(), Decimals::Lenient)?;
        Money::from_minor(currency, minor)
    }

    /// Always exactly the exponent's digits: "150.00", "1500", "0.000001".
    pub fn to_decimal_string(&self) -> String {
        let exponent = usize::from(self.currency.exponent());
        if exponent == 0 {
            return self.minor.to_string();
        }
        let scale = self.currency.scale();
        format!(
            "{}.{:0width$}",
            self.minor / scale,
            self.minor % scale,
            width = exponent
        )
    }

    /// `CurrencyMismatch` across currencies, `AmountOverflow` above `i64::MAX`.
    pub fn checked_add(self, other: Money) -> Result<Money, ErrorCode> {
        let other = self.same_currency(other)?;
        let sum = self
            .minor
            .checked_add(other)
            .ok_or(ErrorCode::AmountOverflow)?;
        Money::from_minor(self.currency, sum)
    }

    /// `CurrencyMismatch` across currencies, `AmountNegative` when the result would be
    /// below zero.
    pub fn checked_sub(self, other: Money) -> Result<Money, ErrorCode> {
        let other = self.same_currency(other)?;
        let difference = self
            .minor
            .checked_sub(other)
            .ok_or(ErrorCode::AmountNegative)?;
        Ok(Money {
            currency: self.currency,
            minor: difference,
        })
    }

    fn same_currency(self, other: Money) -> Result<u64, ErrorCode> {
        if self.currency == other.currency {
            Ok(other.minor)
        } else {
            Err(ErrorCode::CurrencyMismatch)
        }
    }
}

/// For logs and test failures ("BRL 150.00"); a payer sees amounts formatted by `Intl`.
impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.currency, self.to_decimal_string())
    }
}

/// Money that is > 0 by construction: what a charge, a line item or a refund must be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PositiveMoney(Money);

impl PositiveMoney {
    /// `AmountZero` for a zero amount.
    pub fn new(m: Money) -> Result<Self, ErrorCode> {
        if m.is_zero() {
            Err(ErrorCode::AmountZero)
        } else {
            Ok(PositiveMoney(m))
        }
    }

    pub fn get(self) -> Money {
        self.0
    }
}

impl From<PositiveMoney> for Money {
    fn from(m: PositiveMoney) -> Money {
        m.0
    }
}

impl TryFrom<Money> for PositiveMoney {
    type Error = ErrorCode;

    fn try_from(m: Money) -> Result<Self, Self::Error> {
        PositiveMoney::new(m)
    }
}

impl fmt::Display for PositiveMoney {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode::*;
    use proptest::prelude::*;

    fn brl(minor: u64) -> Money {
        Money::from_minor(Currency::BRL, minor).unwrap()
    }

    #[test]
    fn parse_exact_reads_the_currencys_exact_decimals() {
        let cases = [
            ("150.00", Currency::BRL, 15_000),
            ("0.50", Currency::BRL, 50),
            ("0.00", Currency::BRL, 0),
            ("1500", Currency::CLP, 1_500),
            ("0", Currency::XOF, 0),
            ("1.000000", Currency::USDT, 1_000_000),
            ("0.000001", Currency::USDC, 1),
            ("150.00", Currency::COP, 15_000),
        ];
        for (s, currency, minor) in cases {
            let m = Money::parse_exact(s, currency).unwrap();
            assert_eq!((m.currency(), m.minor()), (currency, minor), "{s}");
        }
    }

    #[test]
    fn parse_exact_rejects_everything_but_the_canonical_form() {
        let cases = [
            ("", Currency::BRL, Required),
            ("-150.00", Currency::BRL, AmountNegative),
            ("-0.00", Currency::BRL, AmountNegative),
            ("-", Currency::BRL, AmountFormat),
            ("+150.00", Currency::BRL, AmountFormat),
            ("1.5e2", Currency::BRL, AmountFormat),
            ("1e2", Currency::CLP, AmountFormat),
            ("15E2", Currency::CLP, AmountFormat),
            (" 150.00", Currency::BRL, AmountFormat),
            ("150.00 ", Currency::BRL, AmountFormat),
            ("150 .00", Currency::BRL, AmountFormat),
            ("1 500", Currency::CLP, AmountFormat),
            ("1\u{a0}500", Currency::CLP, AmountFormat),
            ("١٥٠٠", Currency::CLP, AmountFormat),
            ("１５００", Currency::CLP, AmountFormat),
            (".50", Currency::BRL, AmountFormat),
            ("150.", Currency::BRL, AmountFormat),
            ("1500.", Currency::CLP, AmountFormat),
            ("150.0", Currency::BRL, AmountFormat),
            ("150", Currency::BRL, AmountFormat),
            ("150.000", Currency::BRL, AmountTooManyDecimals),
            ("1500.00", Currency::CLP, AmountTooManyDecimals),
            ("1.0000000", Currency::USDT, AmountTooManyDecimals),
            ("0150.00", Currency::BRL, AmountFormat),
            ("00.50", Currency::BRL, AmountFormat),
            ("00", Currency::CLP, AmountFormat),
            ("1,50", Currency::BRL, AmountFormat),
            ("1,500.00", Currency::BRL, AmountFormat),
            ("1.2.3", Currency::BRL, AmountFormat),
            ("0x10", Currency::CLP, AmountFormat),
            ("NaN", Currency::BRL, AmountFormat),
            ("Infinity", Currency::BRL, AmountFormat),
            ("99999999999999999999", Currency::CLP, AmountOverflow),
            ("92233720368547758.08", Currency::BRL, AmountOverflow),
        ];
        for (s, currency, code) in cases {
            assert_eq!(
                Money::parse_exact(s, currency),
                Err(code),
                "{s:?} {currency}"
            );
        }
    }

    #[test]
    fn parse_lenient_accepts_unpadded_and_zero_padded_json_numbers() {
        let cases = [
            ("150", Currency::BRL, 15_000),
            ("150.5", Currency::BRL, 15_050),
            ("150.50", Currency::BRL, 15_050),
            ("150.500", Currency::BRL, 15_050),
            ("0.1", Currency::USDT, 100_000),
            ("1500", Currency::CLP, 1_500),
            ("1500.0", Currency::CLP, 1_500),
            ("1500.000", Currency::UGX, 1_500),
            ("0", Currency::BRL, 0),
        ];
        for (s, currency, minor) in cases {
            let m = Money::parse_lenient(s, currency).unwrap();
            assert_eq!(m.minor(), minor, "{s}");
        }
    }

    #[test]
    fn parse_lenient_rejects_fractions_of_a_minor_unit_and_malformed_text() {
        let cases = [
            ("150.505", Currency::BRL, AmountTooManyDecimals),
            ("1500.5", Currency::CLP, AmountTooManyDecimals),
            ("0.0000001", Currency::USDT, AmountTooManyDecimals),
            ("", Currency::BRL, Required),
            ("-150", Currency::BRL, AmountNegative),
            ("-0", Currency::BRL, AmountNegative),
            ("1.5e2", Currency::BRL, AmountFormat),
            ("1E+2", Currency::BRL, AmountFormat),
            ("0150", Currency::BRL, AmountFormat),
            (".5", Currency::BRL, AmountFormat),
            ("150.", Currency::BRL, AmountFormat),
            (" 150", Currency::BRL, AmountFormat),
            ("+150", Currency::BRL, AmountFormat),
            ("92233720368547758.08", Currency::BRL, AmountOverflow),
        ];
        for (s, currency, code) in cases {
            assert_eq!(
                Money::parse_lenient(s, currency),
                Err(code),
                "{s:?} {currency}"
            );
        }
    }

    #[test]
    fn to_decimal_string_always_writes_the_exponents_digits() {
        assert_eq!(brl(15_000).to_decimal_string(), "150.00");
        assert_eq!(brl(5).to_decimal_string(), "0.05");
        assert_eq!(brl(0).to_decimal_string(), "0.00");
        let clp = Money::from_minor(Currency::CLP, 1_500).unwrap();
        assert_eq!(clp.to_decimal_string(), "1500");
        let usdt = Money::from_minor(Currency::USDT, 1).unwrap();
        assert_eq!(usdt.to_decimal_string(), "0.000001");
        let max = Money::from_minor(Currency::BRL, i64::MAX as u64).unwrap();
        assert_eq!(max.to_decimal_string(), "92233720368547758.07");
    }

    #[test]
    fn display_puts_the_code_before_the_amount() {
        assert_eq!(brl(15_000).to_string(), "BRL 150.00");
    }

    #[test]
    fn from_minor_caps_amounts_at_i64_max() {
        assert!(Money::from_minor(Currency::BRL, i64::MAX as u64).is_ok());
        assert_eq!(
            Money::from_minor(Currency::BRL, i64::MAX as u64 + 1),
            Err(AmountOverflow)
        );
        assert_eq!(
            Money::from_minor(Currency::BRL, u64::MAX),
            Err(AmountOverflow)
        );
    }

    #[test]
    fn zero_is_zero() {
        let z = Money::zero(Currency::XAF);
        assert!(z.is_zero());
        assert_eq!((z.currency(), z.minor()), (Currency::XAF, 0));
    }

    #[test]
    fn adding_or_subtracting_across_currencies_is_a_mismatch() {
        let clp = Money::from_minor(Currency::CLP, 1).unwrap();
        assert_eq!(brl(1).checked_add(clp), Err(CurrencyMismatch));
        assert_eq!(brl(1).checked_sub(clp), Err(CurrencyMismatch));
    }

    #[test]
    fn subtracting_below_zero_is_negative() {
        assert_eq!(brl(1).checked_sub(brl(2)), Err(AmountNegative));
        assert_eq!(brl(2).checked_sub(brl(2)), Ok(brl(0)));
    }

    #[test]
    fn adding_past_i64_max_overflows() {
        let max = brl(i64::MAX as u64);
        assert_eq!(max.checked_add(brl(1)), Err(AmountOverflow));
        assert_eq!(max.checked_add(brl(0)), Ok(max));
    }

    #[test]
    fn positive_money_refuses_zero() {
        assert_eq!(PositiveMoney::new(brl(0)), Err(AmountZero));
        let p = PositiveMoney::new(brl(1)).unwrap();
        assert_eq!(p.get(), brl(1));
        assert_eq!(Money::from(p), brl(1));
        assert_eq!(PositiveMoney::try_from(brl(0)), Err(AmountZero));
    }

    fn any_money() -> impl Strategy<Value = Money> {
        (0..Currency::ALL.len(), 0..=i64::MAX as u64)
            .prop_map(|(i, minor)| Money::from_minor(Currency::ALL[i], minor).unwrap())
    }

    fn any_currency() -> impl Strategy<Value = Currency> {
        (0..Currency::ALL.len()).prop_map(|i| Currency::ALL[i])
    }

    proptest! {
        #[test]
        fn parse_exact_reads_back_what_to_decimal_string_wrote(m in any_money()) {
            let s = m.to_decimal_string();
            prop_assert_eq!(Money::parse_exact(&s, m.currency()), Ok(m));
            prop_assert_eq!(Money::parse_lenient(&s, m.currency()), Ok(m));
        }

        #[test]
        fn parse_lenient_ignores_trailing_zero_decimals(m in any_money(), zeros in 1usize..8) {
            let mut s = m.to_decimal_string();
            if m.currency().exponent() == 0 {
                s.push('.');
            }
            s.push_str(&"0".repeat(zeros));
            prop_assert_eq!(Money::parse_lenient(&s, m.currency()), Ok(m));
            prop_assert_eq!(
                Money::parse_exact(&s, m.currency()),
                Err(AmountTooManyDecimals)
            );
        }

        #[test]
        fn to_decimal_string_has_exactly_the_exponents_decimals(m in any_money()) {
            let s = m.to_decimal_string();
            let decimals = s.split_once('.').map_or(0, |(_, f)| f.len());
            prop_assert_eq!(decimals, usize::from(m.currency().exponent()));
        }

        #[test]
        fn adding_then_subtracting_gives_back_the_original(
            c in any_currency(),
            a in 0..=i64::MAX as u64,
            b in 0..=i64::MAX as u64,
        ) {
            let (ma, mb) = (Money::from_minor(c, a).unwrap(), Money::from_minor(c, b).unwrap());
            match ma.checked_add(mb) {
                Ok(sum) => {
                    prop_assert_eq!(sum.minor(), a + b);
                    prop_assert_eq!(sum.checked_sub(mb), Ok(ma));
                    prop_assert_eq!(sum.checked_sub(ma), Ok(mb));
                    prop_assert_eq!(mb.checked_add(ma), Ok(sum));
                }
                Err(e) => {
                    prop_assert_eq!(e, AmountOverflow);
                    prop_assert!(u128::from(a) + u128::from(b) > i64::MAX as u128);
                }
            }
        }

        #[test]
        fn subtraction_fails_exactly_when_the_result_would_be_negative(
            c in any_currency(),
            a in 0..=i64::MAX as u64,
            b in 0..=i64::MAX as u64,
        ) {
            let (ma, mb) = (Money::from_minor(c, a).unwrap(), Money::from_minor(c, b).unwrap());
            match ma.checked_sub(mb) {
                Ok(d) => {
                    prop_assert!(a >= b);
                    prop_assert_eq!(d.checked_add(mb), Ok(ma));
                }
                Err(e) => {
                    prop_assert_eq!(e, AmountNegative);
                    prop_assert!(a < b);
                }
            }
        }

        #[test]
        fn small_amounts_round_trip_too(c in any_currency(), minor in 0u64..10_000_000) {
            let m = Money::from_minor(c, minor).unwrap();
            prop_assert_eq!(Money::parse_exact(&m.to_decimal_string(), c), Ok(m));
        }

        #[test]
        fn arbitrary_text_never_panics(s in "\\PC{0,30}", c in any_currency()) {
            let _ = Money::parse_exact(&s, c);
            let _ = Money::parse_lenient(&s, c);
        }
    }
}
