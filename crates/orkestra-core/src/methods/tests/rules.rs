//! Limits, expiry, refund routes and the per-country lists of the methods' own inputs.

use super::master_table::MASTER_TABLE;
use crate::error::ErrorCode;
use crate::market::{AmountLimits, Country, Market, RefundRoute};
use crate::methods::rules::{amount_limits, default_expiry_minutes, refund_route};
use crate::methods::{cash_networks, installment_options, mobile_operators, PaymentMethod};
use crate::money::{Currency, Money};
use crate::validate::phone::{self, Operator};

fn offered_pairs() -> Vec<(Market, PaymentMethod)> {
    Market::ALL
        .into_iter()
        .flat_map(|m| m.methods().iter().map(move |method| (m, *method)))
        .collect()
}

fn money(currency: Currency, s: &str) -> Money {
    Money::parse_exact(s, currency).unwrap()
}

#[test]
fn every_cash_country_has_networks_and_only_those() {
    for country in Country::ALL {
        assert_eq!(
            !cash_networks(country).is_empty(),
            country.offers(PaymentMethod::Cash),
            "{country}"
        );
    }
}

#[test]
fn installments_start_with_a_single_payment_and_grow() {
    for country in Country::ALL {
        let options = installment_options(country);
        assert_eq!(options[0], 1, "{country}");
        assert!(options.windows(2).all(|w| w[0] < w[1]), "{country}");
    }
    assert_eq!(installment_options(Country::MX), [1, 3, 6, 9, 12]);
    assert_eq!(installment_options(Country::CO).len(), 36);
}

#[test]
fn the_catalog_offers_a_pair_per_row_of_the_master_table_and_sepa_and_crypto() {
    // One per row of the master table (§8), and the Eurozone's and the World's.
    assert_eq!(offered_pairs().len(), MASTER_TABLE.len() + 2);
}

#[test]
fn every_offered_pair_has_limits_in_the_markets_currency_with_min_below_max() {
    for (market, method) in offered_pairs() {
        let l = amount_limits(market, method);
        for bound in [l.min, l.max].into_iter().flatten() {
            assert!(
                market.currencies().contains(&bound.currency()),
                "{market:?} {method}"
            );
            assert!(!bound.is_zero(), "{market:?} {method}");
        }
        if let (Some(min), Some(max)) = (l.min, l.max) {
            assert_eq!(min.currency(), max.currency(), "{market:?} {method}");
            assert!(min.minor() < max.minor(), "{market:?} {method}");
        }
    }
}

#[test]
fn every_offered_pair_has_an_expiry_exactly_when_asynchronous() {
    for (market, method) in offered_pairs() {
        let expiry = default_expiry_minutes(market, method);
        if method.is_synchronous() {
            assert_eq!(expiry, None, "{market:?} {method}");
        } else {
            assert!(expiry.is_some_and(|m| m > 0), "{market:?} {method}");
        }
    }
}

#[test]
fn pairs_not_offered_have_no_limits_and_no_expiry() {
    for market in Market::ALL {
        for method in PaymentMethod::ALL {
            if !market.offers(method) {
                assert_eq!(amount_limits(market, method), AmountLimits::NONE);
                assert_eq!(default_expiry_minutes(market, method), None);
            }
        }
    }
}

#[test]
fn the_sheets_limits() {
    let mx = amount_limits(Country::MX.into(), PaymentMethod::Cash);
    assert_eq!(mx.min, Some(money(Currency::MXN, "10.00")));
    assert_eq!(mx.max, Some(money(Currency::MXN, "10000.00")));

    let co = amount_limits(Country::CO.into(), PaymentMethod::Cash);
    assert_eq!(co.min, Some(money(Currency::COP, "1000.00")));
    assert_eq!(co.max, None);

    let ec = amount_limits(Country::EC.into(), PaymentMethod::Cash);
    assert_eq!(ec.min, None);
    assert_eq!(ec.max, Some(money(Currency::USD, "10000.00")));

    let eg = amount_limits(Country::EG.into(), PaymentMethod::Cash);
    assert_eq!(eg.min, Some(money(Currency::EGP, "1.00")));
    assert_eq!(eg.max, Some(money(Currency::EGP, "100000.00")));

    let pse = amount_limits(Country::CO.into(), PaymentMethod::Pse);
    assert_eq!(pse.min, Some(money(Currency::COP, "1600.00")));
    assert_eq!(pse.max, None);

    let nequi = amount_limits(Country::CO.into(), PaymentMethod::Nequi);
    assert_eq!(nequi.min, Some(money(Currency::COP, "1000.00")));
    assert_eq!(nequi.max, Some(money(Currency::COP, "3000000.00")));

    let davi = amount_limits(Country::CO.into(), PaymentMethod::Daviplata);
    assert_eq!(davi.min, Some(money(Currency::COP, "1000.00")));
    assert_eq!(davi.max, Some(money(Currency::COP, "2000000.00")));
}

#[test]
fn methods_without_stated_limits_have_none() {
    for (market, method) in [
        (Market::Country(Country::BR), PaymentMethod::Pix),
        (Market::Country(Country::BR), PaymentMethod::Boleto),
        (Market::Country(Country::BR), PaymentMethod::Card),
        (Market::Country(Country::MX), PaymentMethod::Spei),
        (Market::Country(Country::KE), PaymentMethod::MobileMoney),
        (Market::Country(Country::ZA), PaymentMethod::Cash),
        (Market::Eurozone, PaymentMethod::Sepa),
        (Market::World, PaymentMethod::Crypto),
    ] {
        assert_eq!(amount_limits(market, method), AmountLimits::NONE);
    }
}

#[test]
fn check_takes_the_bounds_inclusively() {
    let oxxo = amount_limits(Country::MX.into(), PaymentMethod::Cash);
    assert_eq!(oxxo.check(money(Currency::MXN, "10.00")), Ok(()));
    assert_eq!(oxxo.check(money(Currency::MXN, "10000.00")), Ok(()));
    assert_eq!(oxxo.check(money(Currency::MXN, "500.50")), Ok(()));
    assert_eq!(
        oxxo.check(money(Currency::MXN, "9.99")),
        Err(ErrorCode::AmountBelowMinimum)
    );
    assert_eq!(
        oxxo.check(money(Currency::MXN, "10000.01")),
        Err(ErrorCode::AmountAboveMaximum)
    );
    assert_eq!(
        oxxo.check(money(Currency::USD, "100.00")),
        Err(ErrorCode::CurrencyMismatch)
    );

    let efecty = amount_limits(Country::CO.into(), PaymentMethod::Cash);
    assert_eq!(
        efecty.check(money(Currency::COP, "999.99")),
        Err(ErrorCode::AmountBelowMinimum)
    );
    assert_eq!(efecty.check(money(Currency::COP, "50000000.00")), Ok(()));

    let ec = amount_limits(Country::EC.into(), PaymentMethod::Cash);
    assert_eq!(ec.check(money(Currency::USD, "0.01")), Ok(()));
    assert_eq!(
        ec.check(money(Currency::USD, "10000.01")),
        Err(ErrorCode::AmountAboveMaximum)
    );
    assert_eq!(
        ec.check(money(Currency::EUR, "1.00")),
        Err(ErrorCode::CurrencyMismatch)
    );

    assert_eq!(
        AmountLimits::NONE.check(money(Currency::USDT, "1.000000")),
        Ok(())
    );
}

#[test]
fn the_sheets_expiries() {
    let br = Market::Country(Country::BR);
    assert_eq!(default_expiry_minutes(br, PaymentMethod::Pix), Some(60));
    assert_eq!(
        default_expiry_minutes(br, PaymentMethod::Boleto),
        Some(3 * 24 * 60)
    );
    assert_eq!(default_expiry_minutes(br, PaymentMethod::Card), None);
    assert_eq!(
        default_expiry_minutes(Country::MX.into(), PaymentMethod::Cash),
        Some(5 * 24 * 60)
    );
    assert_eq!(
        default_expiry_minutes(Country::EC.into(), PaymentMethod::Cash),
        Some(36 * 60)
    );
    assert_eq!(
        default_expiry_minutes(Country::EG.into(), PaymentMethod::Cash),
        Some(7 * 24 * 60)
    );
    assert_eq!(
        default_expiry_minutes(Country::ET.into(), PaymentMethod::MobileMoney),
        Some(30)
    );
}

#[test]
fn our_documented_expiry_choices() {
    for c in [Country::CO, Country::CL, Country::PE, Country::ZA] {
        assert_eq!(
            default_expiry_minutes(c.into(), PaymentMethod::Cash),
            Some(3 * 24 * 60),
            "{c}"
        );
    }
    for c in Country::ALL {
        if c.offers(PaymentMethod::MobileMoney) && c != Country::ET {
            assert_eq!(
                default_expiry_minutes(c.into(), PaymentMethod::MobileMoney),
                Some(10),
                "{c}"
            );
        }
    }
    let co = Market::Country(Country::CO);
    assert_eq!(default_expiry_minutes(co, PaymentMethod::Nequi), Some(10));
    assert_eq!(
        default_expiry_minutes(co, PaymentMethod::Daviplata),
        Some(10)
    );
    assert_eq!(
        default_expiry_minutes(co, PaymentMethod::Pse),
        Some(24 * 60)
    );
    assert_eq!(
        default_expiry_minutes(Country::MX.into(), PaymentMethod::Spei),
        Some(24 * 60)
    );
    assert_eq!(
        default_expiry_minutes(Country::NG.into(), PaymentMethod::BankTransfer),
        Some(3 * 24 * 60)
    );
    assert_eq!(
        default_expiry_minutes(Market::Eurozone, PaymentMethod::Sepa),
        Some(3 * 24 * 60)
    );
    assert_eq!(
        default_expiry_minutes(Market::World, PaymentMethod::Crypto),
        Some(60)
    );
}

#[test]
fn refund_routes() {
    use PaymentMethod::*;
    for m in [Card, Pix, Spei, Nequi, Daviplata, MobileMoney, Sepa] {
        assert_eq!(refund_route(m), RefundRoute::Original, "{m}");
    }
    for m in [Boleto, Pse, Cash, BankTransfer, Crypto] {
        assert_eq!(refund_route(m), RefundRoute::AlternativePayout, "{m}");
    }
}

#[test]
fn every_cash_voucher_and_boleto_refunds_by_payout() {
    for (market, method) in offered_pairs() {
        if matches!(method, PaymentMethod::Cash | PaymentMethod::Boleto) {
            assert_eq!(
                refund_route(method),
                RefundRoute::AlternativePayout,
                "{market:?}"
            );
        }
    }
}

#[test]
fn mobile_operators_are_the_phone_modules_for_mobile_money_countries_only() {
    for c in Country::ALL {
        if c.offers(PaymentMethod::MobileMoney) {
            assert!(!mobile_operators(c).is_empty(), "{c}");
            assert_eq!(mobile_operators(c), phone::operators(c).as_slice(), "{c}");
        } else {
            assert!(mobile_operators(c).is_empty(), "{c}");
        }
    }
}

#[test]
fn mobile_operator_vectors() {
    assert_eq!(
        mobile_operators(Country::BJ),
        &[Operator::Mtn, Operator::Moov, Operator::Celtiis]
    );
    assert!(mobile_operators(Country::KE).contains(&Operator::Safaricom));
    assert!(mobile_operators(Country::GH).contains(&Operator::Telecel));
    // Egypt's phones have operators, but Egypt offers no mobile money (§5.1, §8).
    assert!(!phone::operators(Country::EG).is_empty());
    assert_eq!(mobile_operators(Country::EG), &[]);
}
