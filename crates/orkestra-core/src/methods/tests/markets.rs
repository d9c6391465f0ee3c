//! Which market offers which method: the master table, checked independently of the specs.

use super::master_table::MASTER_TABLE;
use crate::error::ErrorCode;
use crate::market::{Country, Market};
use crate::methods::PaymentMethod;
use crate::money::Currency;
use PaymentMethod::*;

#[test]
fn methods_are_exactly_the_master_tables_rows() {
    for c in Country::ALL {
        let expected: Vec<PaymentMethod> = MASTER_TABLE
            .iter()
            .filter(|(country, _, _)| *country == c)
            .map(|(_, m, _)| *m)
            .collect();
        assert_eq!(c.methods(), expected.as_slice(), "{c}");
    }
}

#[test]
fn every_country_offers_something_and_nothing_twice() {
    for c in Country::ALL {
        let methods = c.methods();
        assert!(!methods.is_empty(), "{c}");
        for (i, m) in methods.iter().enumerate() {
            assert!(!methods[i + 1..].contains(m), "{c} lists {m} twice");
        }
    }
}

#[test]
fn sepa_and_crypto_belong_to_no_country() {
    for c in Country::ALL {
        assert!(!c.offers(Sepa) && !c.offers(Crypto), "{c}");
    }
}

#[test]
fn pix_and_boleto_are_brazilian_and_spei_mexican() {
    for c in Country::ALL {
        assert_eq!(c.offers(Pix), c == Country::BR);
        assert_eq!(c.offers(Boleto), c == Country::BR);
        assert_eq!(c.offers(Spei), c == Country::MX);
        assert_eq!(c.offers(Pse), c == Country::CO);
    }
}

#[test]
fn each_market_lists_its_methods_in_the_master_tables_order() {
    for c in Country::ALL {
        assert_eq!(Market::Country(c).methods(), c.methods(), "{c}");
    }
    assert_eq!(Market::Eurozone.methods(), &[Sepa]);
    assert_eq!(Market::World.methods(), &[Crypto]);
}

#[test]
fn check_names_the_method_before_the_currency() {
    let br = Market::Country(Country::BR);
    assert_eq!(br.check(Pix, Currency::BRL), Ok(()));
    assert_eq!(
        br.check(Pix, Currency::USD),
        Err(ErrorCode::UnsupportedCurrency)
    );
    assert_eq!(
        br.check(Spei, Currency::USD),
        Err(ErrorCode::UnsupportedMethod)
    );
    assert_eq!(Market::World.check(Crypto, Currency::USDC), Ok(()));
    assert_eq!(
        Market::Eurozone.check(Sepa, Currency::USD),
        Err(ErrorCode::UnsupportedCurrency)
    );
}
