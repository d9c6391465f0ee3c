use super::country::Country;
use crate::money::Currency;

/// Where a payer's charge is settled: a country, the Eurozone (SEPA) or the World (crypto).
///
/// SEPA and crypto are not tied to one country's payers, so they are markets of their own
/// rather than methods bolted onto some country.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Market {
    Country(Country),
    Eurozone,
    World,
}

/// Backing storage for [`Market::currencies`] of a country: a `'static` one-element slice
/// per currency, indexed by the currency's position in [`Currency::ALL`].
static CURRENCY_SLOTS: [Currency; 24] = Currency::ALL;

impl Market {
    /// The 24 countries, then the Eurozone and the World.
    pub const ALL: [Market; 26] = {
        let mut all = [Market::World; 26];
        let mut i = 0;
        while i < Country::ALL.len() {
            all[i] = Market::Country(Country::ALL[i]);
            i += 1;
        }
        all[24] = Market::Eurozone;
        all
    };

    /// The market of a charge in `currency`, for a payer of `country` when there is one:
    /// EUR without a country is the Eurozone, a stablecoin the World.
    pub fn of(country: Option<Country>, currency: Currency) -> Option<Market> {
        match country {
            Some(country) => Some(Market::Country(country)),
            None => [Market::Eurozone, Market::World]
                .into_iter()
                .find(|m| m.currencies().contains(&currency)),
        }
    }

    pub fn country(self) -> Option<Country> {
        match self {
            Market::Country(c) => Some(c),
            Market::Eurozone | Market::World => None,
        }
    }

    /// The market's position in [`Market::ALL`].
    pub const fn index(self) -> usize {
        match self {
            Market::Country(c) => c as usize,
            Market::Eurozone => Country::ALL.len(),
            Market::World => Country::ALL.len() + 1,
        }
    }

    /// The currencies a charge in this market may be in.
    pub fn currencies(self) -> &'static [Currency] {
        match self {
            Market::Country(c) => {
                let currency = c.currency();
                CURRENCY_SLOTS
                    .iter()
                    .position(|slot| *slot == currency)
                    .map_or(&[], |i| &CURRENCY_SLOTS[i..=i])
            }
            Market::Eurozone => &[Currency::EUR],
            Market::World => &[Currency::USDT, Currency::USDC],
        }
    }

    /// The checkout language when the merchant does not choose one. The Eurozone follows
    /// the browser, so it has none; the World defaults to English.
    pub fn default_locale(self) -> Option<&'static str> {
        match self {
            Market::Country(c) => Some(c.default_locale()),
            Market::Eurozone => None,
            Market::World => Some("en"),
        }
    }
}

impl From<Country> for Market {
    fn from(c: Country) -> Market {
        Market::Country(c)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_holds_26_distinct_markets_each_at_its_index() {
        let all = Market::ALL;
        for (i, m) in all.iter().enumerate() {
            assert_eq!(m.index(), i, "{m:?}");
        }
        for (i, m) in all.iter().enumerate() {
            assert!(!all[i + 1..].contains(m), "{m:?} twice");
        }
        assert_eq!(all[24], Market::Eurozone);
        assert_eq!(all[25], Market::World);
        for c in Country::ALL {
            assert!(all.contains(&Market::Country(c)));
        }
    }

    #[test]
    fn a_country_market_charges_only_in_the_countrys_currency() {
        for c in Country::ALL {
            let m = Market::from(c);
            assert_eq!(m.currencies(), &[c.currency()], "{c}");
            assert_eq!(m.country(), Some(c));
            assert_eq!(m.default_locale(), Some(c.default_locale()));
        }
    }

    #[test]
    fn the_eurozone_pays_by_sepa_in_euros() {
        assert_eq!(Market::Eurozone.currencies(), &[Currency::EUR]);
        assert_eq!(Market::Eurozone.country(), None);
        assert_eq!(Market::Eurozone.default_locale(), None);
    }

    #[test]
    fn the_world_pays_in_stablecoins() {
        assert_eq!(
            Market::World.currencies(),
            &[Currency::USDT, Currency::USDC]
        );
        assert_eq!(Market::World.country(), None);
        assert_eq!(Market::World.default_locale(), Some("en"));
    }

    #[test]
    fn every_currency_is_charged_in_some_market() {
        for cur in Currency::ALL {
            assert!(
                Market::ALL.iter().any(|m| m.currencies().contains(&cur)),
                "{cur}"
            );
        }
    }
}
