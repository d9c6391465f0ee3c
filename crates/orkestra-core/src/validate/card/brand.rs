use std::fmt;

use serde::{Deserialize, Serialize};

/// A card scheme, told apart by the first digits of the number (the IIN), from the fact
/// sheet's table 3.1.
///
/// Local schemes (Elo, Hipercard, Naranja, Cabal, Carnet, …) sit inside ranges that look
/// like Visa, Mastercard, Diners or Discover, so detection takes the longest matching
/// prefix: `401178…` is Elo, `4…` otherwise Visa. The local ranges come from PSP API copies
/// and public code, not from the schemes (fact sheet 9, item 9): the orchestrator's BIN
/// lookup, when there is one, has the last word.
///
/// CMR (Falabella), Mach and Redcompra are in the table too but have no public IIN range
/// (Redcompra is issued on Visa/Mastercard debit BINs), so they cannot be detected here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CardBrand {
    Visa,
    Mastercard,
    Amex,
    Diners,
    Discover,
    /// Brazil.
    Elo,
    /// Brazil.
    Hipercard,
    /// Brazil.
    Hiper,
    /// Argentina (Naranja X).
    Naranja,
    /// Argentina.
    Cabal,
    /// Argentina.
    TarjetaShopping,
    /// Argentina.
    Argencard,
    /// Argentina.
    Cencosud,
    /// Colombia.
    Codensa,
    /// Mexico.
    Carnet,
}

impl CardBrand {
    pub const ALL: [CardBrand; 15] = [
        CardBrand::Visa,
        CardBrand::Mastercard,
        CardBrand::Amex,
        CardBrand::Diners,
        CardBrand::Discover,
        CardBrand::Elo,
        CardBrand::Hipercard,
        CardBrand::Hiper,
        CardBrand::Naranja,
        CardBrand::Cabal,
        CardBrand::TarjetaShopping,
        CardBrand::Argencard,
        CardBrand::Cencosud,
        CardBrand::Codensa,
        CardBrand::Carnet,
    ];

    /// The serde string.
    pub fn as_str(self) -> &'static str {
        match self {
            CardBrand::Visa => "visa",
            CardBrand::Mastercard => "mastercard",
            CardBrand::Amex => "amex",
            CardBrand::Diners => "diners",
            CardBrand::Discover => "discover",
            CardBrand::Elo => "elo",
            CardBrand::Hipercard => "hipercard",
            CardBrand::Hiper => "hiper",
            CardBrand::Naranja => "naranja",
            CardBrand::Cabal => "cabal",
            CardBrand::TarjetaShopping => "tarjeta_shopping",
            CardBrand::Argencard => "argencard",
            CardBrand::Cencosud => "cencosud",
            CardBrand::Codensa => "codensa",
            CardBrand::Carnet => "carnet",
        }
    }

    /// The name printed on the card, for the brand badge next to the number field.
    pub fn display_name(self) -> &'static str {
        match self {
            CardBrand::Visa => "Visa",
            CardBrand::Mastercard => "Mastercard",
            CardBrand::Amex => "American Express",
            CardBrand::Diners => "Diners Club",
            CardBrand::Discover => "Discover",
            CardBrand::Elo => "Elo",
            CardBrand::Hipercard => "Hipercard",
            CardBrand::Hiper => "Hiper",
            CardBrand::Naranja => "Naranja",
            CardBrand::Cabal => "Cabal",
            CardBrand::TarjetaShopping => "Tarjeta Shopping",
            CardBrand::Argencard => "Argencard",
            CardBrand::Cencosud => "Cencosud",
            CardBrand::Codensa => "Codensa",
            CardBrand::Carnet => "Carnet",
        }
    }

    /// The numbers of digits a card of this brand can have, shortest first.
    ///
    /// Lengths from braintree/credit-card-type plus the fact sheet's notes: Visa also
    /// issued 13-digit cards, older Hipercards have 19 digits.
    pub fn valid_lengths(self) -> &'static [usize] {
        match self {
            CardBrand::Visa => &[13, 16, 18, 19],
            CardBrand::Amex => &[15],
            CardBrand::Diners => &[14, 16, 19],
            CardBrand::Discover | CardBrand::Hipercard => &[16, 19],
            CardBrand::Mastercard
            | CardBrand::Elo
            | CardBrand::Hiper
            | CardBrand::Naranja
            | CardBrand::Cabal
            | CardBrand::TarjetaShopping
            | CardBrand::Argencard
            | CardBrand::Cencosud
            | CardBrand::Codensa
            | CardBrand::Carnet => &[16],
        }
    }

    /// The longest valid number, so the page can stop accepting digits.
    pub fn max_length(self) -> usize {
        self.valid_lengths().last().copied().unwrap_or(19)
    }

    /// Digits of the security code: 4 for the American Express CID, 3 for every other.
    pub fn cvv_length(self) -> usize {
        match self {
            CardBrand::Amex => 4,
            CardBrand::Visa
            | CardBrand::Mastercard
            | CardBrand::Diners
            | CardBrand::Discover
            | CardBrand::Elo
            | CardBrand::Hipercard
            | CardBrand::Hiper
            | CardBrand::Naranja
            | CardBrand::Cabal
            | CardBrand::TarjetaShopping
            | CardBrand::Argencard
            | CardBrand::Cencosud
            | CardBrand::Codensa
            | CardBrand::Carnet => 3,
        }
    }
}

impl fmt::Display for CardBrand {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.display_name())
    }
}

/// One IIN range: the first `digits` digits of the number lie in `low..=high`.
struct IinRange {
    digits: usize,
    low: u32,
    high: u32,
    brand: CardBrand,
    /// The lengths of the complete numbers the range holds, where another brand issues
    /// numbers of other lengths under the same prefix; empty: every length.
    lengths: &'static [usize],
}

impl IinRange {
    const fn only(self, lengths: &'static [usize]) -> IinRange {
        IinRange { lengths, ..self }
    }
}

const fn range(low: u32, high: u32, digits: usize, brand: CardBrand) -> IinRange {
    IinRange {
        digits,
        low,
        high,
        brand,
        lengths: &[],
    }
}

const fn one(prefix: u32, digits: usize, brand: CardBrand) -> IinRange {
    range(prefix, prefix, digits, brand)
}

/// Fact sheet 3.1, row by row. Order does not matter: the longest match wins, and a test
/// checks that no two ranges of the same length overlap.
const IIN_RANGES: &[IinRange] = {
    use CardBrand::*;
    &[
        // Visa, Mastercard, American Express, Diners, Discover: braintree/credit-card-type.
        one(4, 1, Visa),
        range(51, 55, 2, Mastercard),
        range(2221, 2720, 4, Mastercard),
        one(34, 2, Amex),
        one(37, 2, Amex),
        range(300, 305, 3, Diners),
        one(3095, 4, Diners), // PayU's extra Diners range.
        one(36, 2, Diners),
        range(38, 39, 2, Diners),
        one(6011, 4, Discover),
        range(644, 649, 3, Discover),
        one(65, 2, Discover),
        // Elo (braintree).
        one(401178, 6, Elo),
        one(401179, 6, Elo),
        one(431274, 6, Elo),
        one(438935, 6, Elo),
        one(451416, 6, Elo),
        one(457393, 6, Elo),
        range(457631, 457632, 6, Elo),
        one(504175, 6, Elo),
        range(506699, 506778, 6, Elo),
        range(509000, 509999, 6, Elo),
        one(627780, 6, Elo),
        one(636297, 6, Elo),
        one(636368, 6, Elo),
        range(650031, 650033, 6, Elo),
        range(650035, 650051, 6, Elo),
        range(650405, 650439, 6, Elo),
        range(650485, 650538, 6, Elo),
        range(650541, 650598, 6, Elo),
        range(650700, 650718, 6, Elo),
        range(650720, 650727, 6, Elo),
        range(650901, 650978, 6, Elo),
        range(651652, 651679, 6, Elo),
        range(655000, 655019, 6, Elo),
        range(655021, 655058, 6, Elo),
        // Hipercard (braintree; the older 3841 range from PayU-derived code). Its cards
        // have 16 or 19 digits; a 14-digit 3841… is a Diners card of the 38 range.
        one(606282, 6, Hipercard),
        one(3841, 4, Hipercard).only(&[16, 19]),
        // Hiper (braintree).
        one(637095, 6, Hiper),
        one(63737423, 8, Hiper),
        one(63743358, 8, Hiper),
        one(637568, 6, Hiper),
        one(637599, 6, Hiper),
        one(637609, 6, Hiper),
        one(637612, 6, Hiper),
        // Naranja: only its own 589562. Mercado Pago also tags some Visa (4029xx) and
        // Mastercard (5275xx) BINs as Naranja; those are co-branded cards that run on the
        // international networks, so they stay Visa and Mastercard here.
        one(589562, 6, Naranja),
        // Cabal (Mercado Pago's pattern).
        range(604201, 604400, 6, Cabal),
        one(589657, 6, Cabal),
        one(603522, 6, Cabal),
        one(627170, 6, Cabal),
        // Argentina and Colombia private labels (PayU-derived public code).
        one(603488, 6, TarjetaShopping),
        range(279950, 279959, 6, TarjetaShopping),
        one(501105, 6, Argencard),
        one(532362, 6, Argencard),
        one(603493, 6, Cencosud),
        one(590712, 6, Codensa),
        // Carnet: the prefixes the fact sheet names (from a public Braspag/Cielo plugin).
        one(286900, 6, Carnet),
        one(502275, 6, Carnet),
        one(506199, 6, Carnet),
        range(506200, 506299, 6, Carnet),
        one(588772, 6, Carnet),
        one(604622, 6, Carnet),
        one(606333, 6, Carnet),
        one(627535, 6, Carnet),
        one(636318, 6, Carnet),
        one(636379, 6, Carnet),
        one(639388, 6, Carnet),
        one(639484, 6, Carnet),
        one(639559, 6, Carnet),
    ]
};

/// The brand of a number whose digits (ASCII) are `digits`: the longest IIN range that the
/// number starts with. `None` when no range matches (yet). A `complete` number leaves out
/// the ranges that hold no number of its length; a number still being typed does not.
pub(super) fn detect(digits: &[u8], complete: bool) -> Option<CardBrand> {
    IIN_RANGES
        .iter()
        .filter(|r| r.digits <= digits.len())
        .filter(|r| !complete || r.lengths.is_empty() || r.lengths.contains(&digits.len()))
        .filter(|r| {
            let prefix = digits[..r.digits]
                .iter()
                .fold(0u32, |n, &b| n * 10 + u32::from(b - b'0'));
            (r.low..=r.high).contains(&prefix)
        })
        .max_by_key(|r| r.digits)
        .map(|r| r.brand)
}

/// The brand to show while the payer is still typing the number.
///
/// Ignores spaces and dashes; `None` for an empty or non-numeric input and while the digits
/// so far match no range. The answer can change as digits arrive: "4011" is Visa until
/// "401178" makes it Elo, "65" is Discover until "650031" makes it Elo, and "3841…" is
/// Hipercard until its fourteen digits make a valid Diners number.
pub fn brand_of_prefix(partial: &str) -> Option<CardBrand> {
    if let Ok(card) = super::card_number(partial) {
        return Some(card.brand());
    }
    let digits = super::strip_card_separators(partial);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    detect(digits.as_bytes(), false)
}

#[cfg(test)]
mod tests {
    use super::*;
    use CardBrand::*;

    #[test]
    fn no_two_ranges_of_the_same_length_overlap() {
        for (i, a) in IIN_RANGES.iter().enumerate() {
            assert!(a.low <= a.high, "{}..{}", a.low, a.high);
            assert_eq!(a.high.to_string().len(), a.digits, "{}", a.high);
            assert_eq!(a.low.to_string().len(), a.digits, "{}", a.low);
            for b in &IIN_RANGES[i + 1..] {
                if a.digits == b.digits {
                    assert!(
                        a.high < b.low || b.high < a.low,
                        "{}..{} and {}..{}",
                        a.low,
                        a.high,
                        b.low,
                        b.high
                    );
                }
            }
        }
    }

    #[test]
    fn every_brand_has_a_range() {
        for brand in CardBrand::ALL {
            assert!(IIN_RANGES.iter().any(|r| r.brand == brand), "{brand}");
        }
    }

    #[test]
    fn local_brands_win_over_the_international_ranges_they_sit_in() {
        for (prefix, brand) in [
            ("4111", Visa),
            ("401178", Elo), // inside Visa's 4
            ("4011", Visa),  // not yet Elo
            ("650031", Elo), // inside Discover's 65
            ("6500", Discover),
            ("6504", Discover),
            ("650405", Elo),
            ("3841", Hipercard), // inside Diners' 38, while typing
            ("38", Diners),
            ("532362", Argencard), // inside Mastercard's 51-55
            ("5323", Mastercard),
            ("63737423", Hiper), // an 8-digit range
        ] {
            assert_eq!(brand_of_prefix(prefix), Some(brand), "{prefix}");
        }
        assert_eq!(brand_of_prefix("6373742"), None);
    }

    #[test]
    fn each_row_of_the_fact_sheet_table_is_detected() {
        for (prefix, brand) in [
            ("4", Visa),
            ("51", Mastercard),
            ("55", Mastercard),
            ("2221", Mastercard),
            ("2720", Mastercard),
            ("34", Amex),
            ("37", Amex),
            ("300", Diners),
            ("305", Diners),
            ("3095", Diners),
            ("36", Diners),
            ("39", Diners),
            ("6011", Discover),
            ("644", Discover),
            ("649", Discover),
            ("457632", Elo),
            ("506699", Elo),
            ("506778", Elo),
            ("509999", Elo),
            ("655058", Elo),
            ("606282", Hipercard),
            ("637612", Hiper),
            ("589562", Naranja),
            ("604201", Cabal),
            ("604400", Cabal),
            ("589657", Cabal),
            ("627170", Cabal),
            ("603488", TarjetaShopping),
            ("279955", TarjetaShopping),
            ("501105", Argencard),
            ("603493", Cencosud),
            ("590712", Codensa),
            ("286900", Carnet),
            ("506199", Carnet),
            ("506250", Carnet),
            ("639559", Carnet),
        ] {
            assert_eq!(brand_of_prefix(prefix), Some(brand), "{prefix}");
        }
    }

    #[test]
    fn prefixes_outside_every_range_have_no_brand() {
        for prefix in [
            "", "1", "5", "50", "56", "2220", "2721", "306", "35", "6", "60", "6012", "643",
            "604200", "604401", "506698", "abc", "4x",
        ] {
            assert_eq!(brand_of_prefix(prefix), None, "{prefix:?}");
        }
    }

    #[test]
    fn separators_are_ignored_while_typing() {
        assert_eq!(brand_of_prefix("4011 78"), Some(Elo));
        assert_eq!(brand_of_prefix("6062-82"), Some(Hipercard));
    }

    #[test]
    fn a_3841_number_is_hipercard_at_16_or_19_digits_and_diners_at_14() {
        let complete = |body: &str| format!("{body}{}", super::super::luhn_check_digit(body));
        for (body, brand) in [
            ("3841001234567", Diners),
            ("384140123456789", Hipercard),
            ("384160123456789012", Hipercard),
            ("3812345678901", Diners),
        ] {
            let number = complete(body);
            assert_eq!(
                super::super::card_number(&number).map(|c| c.brand()),
                Ok(brand),
                "{number}"
            );
            assert_eq!(brand_of_prefix(&number), Some(brand), "{number}");
        }
        // Typed so far, 3841 is Hipercard's; 15 digits are no card of either brand.
        assert_eq!(brand_of_prefix("3841 0012 3456 7"), Some(Hipercard));
        let fifteen = complete("38410012345678");
        assert_eq!(
            super::super::card_number(&fifteen).map(|c| c.brand()),
            Err(crate::error::ErrorCode::InvalidLength)
        );
    }

    #[test]
    fn lengths_and_cvv_follow_the_table() {
        assert_eq!(Amex.cvv_length(), 4);
        assert_eq!(Amex.valid_lengths(), &[15]);
        assert_eq!(Visa.cvv_length(), 3);
        assert_eq!(Visa.max_length(), 19);
        assert_eq!(Diners.valid_lengths(), &[14, 16, 19]);
        for brand in CardBrand::ALL {
            assert!(
                brand.valid_lengths().contains(&16) || brand == Amex,
                "{brand}"
            );
            assert!(brand.valid_lengths().windows(2).all(|w| w[0] < w[1]));
        }
    }

    #[test]
    fn serde_uses_the_as_str_names() {
        for brand in CardBrand::ALL {
            let json = serde_json::to_string(&brand).unwrap();
            assert_eq!(json, format!("\"{}\"", brand.as_str()));
            assert_eq!(serde_json::from_str::<CardBrand>(&json).unwrap(), brand);
        }
    }
}
