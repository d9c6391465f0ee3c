//! Per-(market, method) rules beyond what the payer enters: amount limits, default expiry,
//! how a refund goes back, and the mobile-money operators to pick from.
//!
//! Facts come from the checkout fact sheet (`payment-methods.md`, sections 4, 5.3 and 8)
//! and from the Orkestra API notes (`orkestra-api.md`); each value cites its section.
//! Where the sheet is silent the choice is ours and says so.
//!
//! Pairs a market does not offer (PIX in Mexico) have no limits and no expiry here:
//! [`Market::check`] rejects them before these rules matter.

use std::sync::OnceLock;

use super::country::Country;
use super::market::Market;
use super::method::PaymentMethod;
use crate::error::ErrorCode;
use crate::money::{Currency, Money};
use crate::validate::phone::{self, Operator};

/// The smallest and largest amount one charge of a (market, method) may have, both
/// inclusive. `None` where the fact sheet states no bound: the PSP then decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AmountLimits {
    pub min: Option<Money>,
    pub max: Option<Money>,
}

impl AmountLimits {
    /// No known bound.
    pub const NONE: AmountLimits = AmountLimits {
        min: None,
        max: None,
    };

    /// `CurrencyMismatch` when a bound exists in another currency than `amount`'s;
    /// `AmountBelowMinimum` under `min`; `AmountAboveMaximum` over `max`.
    pub fn check(&self, amount: Money) -> Result<(), ErrorCode> {
        if let Some(min) = self.min {
            if min.currency() != amount.currency() {
                return Err(ErrorCode::CurrencyMismatch);
            }
            if amount.minor() < min.minor() {
                return Err(ErrorCode::AmountBelowMinimum);
            }
        }
        if let Some(max) = self.max {
            if max.currency() != amount.currency() {
                return Err(ErrorCode::CurrencyMismatch);
            }
            if amount.minor() > max.minor() {
                return Err(ErrorCode::AmountAboveMaximum);
            }
        }
        Ok(())
    }
}

/// `units` whole major units of `currency`. Only called with the small constants below,
/// which fit `i64` in every currency.
fn major(currency: Currency, units: u64) -> Money {
    Money::from_minor(currency, units * currency.scale()).expect("limit constants fit in i64")
}

/// Limits in whole major units of the country's currency.
fn limits(country: Country, min: Option<u64>, max: Option<u64>) -> AmountLimits {
    let currency = country.currency();
    AmountLimits {
        min: min.map(|units| major(currency, units)),
        max: max.map(|units| major(currency, units)),
    }
}

/// The amount limits of `method` in `market`, only where the fact sheet states them;
/// [`AmountLimits::NONE`] elsewhere and for pairs the market does not offer.
pub fn amount_limits(market: Market, method: PaymentMethod) -> AmountLimits {
    if !market.offers(method) {
        return AmountLimits::NONE;
    }
    let Market::Country(country) = market else {
        // SEPA and crypto: the sheet states no limits (§4.12, §4.13).
        return AmountLimits::NONE;
    };
    match (country, method) {
        // §4.3 and §8 "MX · Cash (OXXO)": MXN 10.00 to MXN 10,000.00 per voucher (Worldpay).
        (Country::MX, PaymentMethod::Cash) => limits(country, Some(10), Some(10_000)),
        // §4.7 and §8 "CO · Cash (Efecty)": min COP 1,000; no maximum stated.
        (Country::CO, PaymentMethod::Cash) => limits(country, Some(1_000), None),
        // §4.7 "Ecuador": Pichincha, Guayaquil and Banco del Barrio take up to USD 10,000,
        // the other networks (Facilito, Farmacias 911, Mi Comisariato, Tía, Western Union)
        // up to USD 500. The charge's cap is the largest network's; the page greys out the
        // networks whose cap is below the amount.
        (Country::EC, PaymentMethod::Cash) => limits(country, None, Some(10_000)),
        // §4.7 "Egypt" (Fawry at EBANX): EGP 1 to EGP 100,000.
        (Country::EG, PaymentMethod::Cash) => limits(country, Some(1), Some(100_000)),
        // §4.5: "minimum ~COP 1,500–1,600 (Yuno/Solidgate)". We take the higher figure so
        // that no PSP of the sheet rejects an amount we let through.
        (Country::CO, PaymentMethod::Pse) => limits(country, Some(1_600), None),
        // §4.6 (88pay ⚠️): Nequi COP 1,000 to 3,000,000 per transaction.
        (Country::CO, PaymentMethod::Nequi) => limits(country, Some(1_000), Some(3_000_000)),
        // §4.6 (88pay ⚠️): Daviplata COP 1,000 to 2,000,000.
        (Country::CO, PaymentMethod::Daviplata) => limits(country, Some(1_000), Some(2_000_000)),
        // Everything else: the sheet states no limits.
        _ => AmountLimits::NONE,
    }
}

const HOUR: u32 = 60;
const DAY: u32 = 24 * HOUR;

/// Our choice for cash vouchers where the sheet gives no validity: Orkestra's own voucher
/// default, the boleto's "usually 3 days" (orkestra-api.md), which also leaves room for the
/// 1–2 business days cash networks take to confirm (§4.7 Efecty).
const VOUCHER_DEFAULT: u32 = 3 * DAY;

/// Our choice for mobile-money pushes where the sheet gives no provider-specific window:
/// Flutterwave's aggregated 10 minutes (§5.3), the upper end of the "5–10 min" hard window
/// the sheet recommends waiting for; it covers MTN MoMo's 5 minutes and M-Pesa's ~90 s.
const MOBILE_PUSH: u32 = 10;

/// How long, in minutes, an unpaid charge of `method` in `market` stays payable when the
/// merchant sets no expiry. `None` for cards (synchronous: nothing to wait for) and for
/// pairs the market does not offer.
pub fn default_expiry_minutes(market: Market, method: PaymentMethod) -> Option<u32> {
    if !market.offers(method) {
        return None;
    }
    let minutes = match method {
        PaymentMethod::Card => return None,
        // orkestra-api.md: `pix.expiresAt` defaults to the account's setting, "usually 1
        // hour" (§4.1 of the sheet: PSP defaults vary from 1 h to 24 h).
        PaymentMethod::Pix => HOUR,
        // orkestra-api.md: `boleto.expiresAt` "usually 3 days" (§4.2: calendar days).
        PaymentMethod::Boleto => 3 * DAY,
        // §4.4 shows an expiry but gives no value. Our choice: 24 hours; SPEI settles in
        // seconds, 24/7, so a day is plenty for the payer to send it.
        PaymentMethod::Spei => DAY,
        // §4.5 gives no session validity; confirmation takes 35–100 min, or T+1 for
        // smaller banks. Our choice: 24 hours, so a slow bank's approval still lands in time.
        PaymentMethod::Pse => DAY,
        PaymentMethod::Cash => match market {
            // §4.3 and §8: Stripe's default is 5 days (1–7 configurable).
            Market::Country(Country::MX) => 5 * DAY,
            // §4.7 and §8: SafetyPay's session timeout is 36 h by default.
            Market::Country(Country::EC) => 36 * HOUR,
            // §4.7 and §8: Fawry at EBANX expires after 7 days.
            Market::Country(Country::EG) => 7 * DAY,
            // Efecty (CO), Servipag/Sencillito (CL), PagoEfectivo (PE, "validity set by
            // the merchant") and South African retailer cash: the sheet gives no value.
            _ => VOUCHER_DEFAULT,
        },
        // The sheet shows an expiry countdown for transfers (§6, §8) but gives no value.
        // Our choice: 3 days. Several rails are not instant (RTGS/EFT in Africa, ACH in
        // Colombia), so a transfer sent on a Friday must still arrive before expiry.
        PaymentMethod::BankTransfer => 3 * DAY,
        // §4.6: the Nequi push "expires after a limited time ❓" and Daviplata's OTP has
        // no stated lifetime. Our choice: the same 10 minutes as mobile-money pushes.
        PaymentMethod::Nequi | PaymentMethod::Daviplata => MOBILE_PUSH,
        PaymentMethod::MobileMoney => match market {
            // §5.3: telebirr H5 `timeoutExpress` usually 30 min (telebirr is Ethiopia's
            // main wallet, §5.1).
            Market::Country(Country::ET) => 30,
            _ => MOBILE_PUSH,
        },
        // §4.12 gives no value for SEPA Credit Transfer. Our choice: 3 days, as for bank
        // transfers: a non-instant SCT takes up to one business day, more over a weekend.
        PaymentMethod::Sepa => 3 * DAY,
        // §4.13 shows an "expiry / rate-lock countdown" without a value. Our choice: 1 hour,
        // long enough for on-chain confirmations, short enough to reuse deposit addresses.
        PaymentMethod::Crypto => HOUR,
    };
    Some(minutes)
}

/// How a refund of a charge goes back to the payer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RefundRoute {
    /// Back through the method that paid, to the same card, account or wallet, without
    /// asking the payer for anything.
    Original,
    /// As a payout to a destination the payer supplies (a bank account, a PIX key, a wallet
    /// address): Orkestra's "alternative payout where the method cannot be reversed, e.g.
    /// boleto" (orkestra-api.md).
    AlternativePayout,
}

/// How a refund of a charge paid by `method` reaches the payer. The same in every market:
/// where a method's refund depends on the country, the conservative answer is given.
pub fn refund_route(method: PaymentMethod) -> RefundRoute {
    // No `_` arm: a new method must be classified here.
    match method {
        // Card schemes refund to the card that paid.
        PaymentMethod::Card => RefundRoute::Original,
        // PIX has a refund ("devolução") of a received payment built into the scheme: it
        // goes back to the paying account.
        PaymentMethod::Pix => RefundRoute::Original,
        // A boleto is paid in cash or from any bank and cannot be reversed: orkestra-api.md
        // names it as the case for an alternative payout.
        PaymentMethod::Boleto => RefundRoute::AlternativePayout,
        // Every SPEI message carries the ordering account's CLABE, so the refund is a SPEI
        // transfer back to it.
        PaymentMethod::Spei => RefundRoute::Original,
        // PSE is a one-time debit approved in the bank's portal; it has no refund message,
        // so PSPs send the money back by transfer to an account the payer gives.
        PaymentMethod::Pse => RefundRoute::AlternativePayout,
        // Cash vouchers (OXXO, Efecty, PagoEfectivo, Fawry, …) are paid over the counter:
        // there is no account to return the money to.
        PaymentMethod::Cash => RefundRoute::AlternativePayout,
        // Transfers are pushed by the payer and cannot be reversed. Some rails identify the
        // sender, others (reference-matched deposits, PagoEfectivo's CIP paid at a bank,
        // African RTGS/EFT collections) do not, so the payer must give an account.
        PaymentMethod::BankTransfer => RefundRoute::AlternativePayout,
        // Wallet payments: the wallet is known by its phone number (Nequi) or document
        // (Daviplata) and can be credited back.
        PaymentMethod::Nequi | PaymentMethod::Daviplata => RefundRoute::Original,
        // The payer's MSISDN is known from the collection; the refund is credited back to
        // that wallet on the same operator.
        PaymentMethod::MobileMoney => RefundRoute::Original,
        // SEPA: a Credit Transfer carries the payer's IBAN and a Direct Debit was pulled
        // from one, so the refund goes back to that IBAN.
        PaymentMethod::Sepa => RefundRoute::Original,
        // The sending address of a deposit is often an exchange's shared hot wallet:
        // sending funds back there could lose them. The payer must give an address (and
        // network).
        PaymentMethod::Crypto => RefundRoute::AlternativePayout,
    }
}

/// The operators a payer of `country` picks from for mobile money, in the fact sheet's
/// order (§5.1, via [`phone::operators`]); empty where the country offers no mobile money
/// (e.g. Egypt, whose phones still have operators).
pub fn mobile_operators(country: Country) -> &'static [Operator] {
    static OPERATORS: OnceLock<Vec<Vec<Operator>>> = OnceLock::new();
    if !country.offers(PaymentMethod::MobileMoney) {
        return &[];
    }
    let all = OPERATORS.get_or_init(|| Country::ALL.into_iter().map(phone::operators).collect());
    Country::ALL
        .iter()
        .position(|c| *c == country)
        .map_or(&[], |i| all[i].as_slice())
}

/// Where a cash voucher of `country` can be paid, as network codes (fact sheet 4.7). The
/// page lists them; a payer may pick one, or leave it to the voucher (valid at all).
/// Empty where the country has no cash method (Brazil's is [`PaymentMethod::Boleto`]).
pub fn cash_networks(country: Country) -> &'static [&'static str] {
    match country {
        Country::MX => &["OXXO", "PAYNET"],
        Country::CO => &["EFECTY", "BALOTO", "SU_RED"],
        Country::PE => &["PAGOEFECTIVO"],
        Country::CL => &["SERVIPAG", "SENCILLITO"],
        Country::EC => &[
            "BANCO_PICHINCHA",
            "BANCO_GUAYAQUIL",
            "BANCO_DEL_BARRIO",
            "FACILITO",
            "WESTERN_UNION",
        ],
        Country::ZA => &["RETAIL_CASH"],
        Country::EG => &["FAWRY"],
        _ => &[],
    }
}

/// The numbers of instalments a card payer may choose in `country`, `1` (a single payment)
/// first (fact sheet 3.2): parcelas 1–12 in Brazil, meses sin intereses 3/6/9/12 in
/// Mexico, cuotas up to 36 in Chile, Colombia and Peru. `[1]` where cards take none.
pub fn installment_options(country: Country) -> &'static [u8] {
    const TO_12: [u8; 12] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
    const TO_36: [u8; 36] = {
        let mut all = [0u8; 36];
        let mut i = 0;
        while i < 36 {
            all[i] = i as u8 + 1;
            i += 1;
        }
        all
    };
    match country {
        Country::BR => &TO_12,
        Country::MX => &[1, 3, 6, 9, 12],
        Country::CL | Country::CO | Country::PE => &TO_36,
        _ => &[1],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn the_catalog_offers_51_pairs() {
        // One per row of the master table (§8).
        assert_eq!(offered_pairs().len(), 51);
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
}
