//! Which methods each market offers, derived from the specs' `markets` once, at compile
//! time, in [`PaymentMethod::ALL`]'s order.

use super::{spec, PaymentMethod};
use crate::error::ErrorCode;
use crate::market::{Country, Market};
use crate::money::Currency;

const MARKETS: usize = Market::ALL.len();

/// How many (market, method) pairs the specs offer.
const PAIRS: usize = {
    let mut pairs = 0;
    let mut m = 0;
    while m < PaymentMethod::ALL.len() {
        pairs += spec(PaymentMethod::ALL[m]).markets.len();
        m += 1;
    }
    pairs
};

/// Every market's methods one after the other (market by market, each in `ALL`'s order),
/// and where each market's run starts: `OFFERS[STARTS[i]..STARTS[i + 1]]` is the methods of
/// `Market::ALL[i]`. Flat, because the page downloads this table.
static OFFERS: ([PaymentMethod; PAIRS], [usize; MARKETS + 1]) = {
    let mut offers = [PaymentMethod::ALL[0]; PAIRS];
    let mut starts = [0; MARKETS + 1];
    let mut len = 0;
    let mut m = 0;
    while m < MARKETS {
        starts[m] = len;
        let mut i = 0;
        while i < PaymentMethod::ALL.len() {
            let method = PaymentMethod::ALL[i];
            if lists(spec(method).markets, Market::ALL[m]) {
                offers[len] = method;
                len += 1;
            }
            i += 1;
        }
        m += 1;
    }
    starts[MARKETS] = len;
    (offers, starts)
};

const fn lists(markets: &[Market], market: Market) -> bool {
    let mut i = 0;
    while i < markets.len() {
        if markets[i].index() == market.index() {
            return true;
        }
        i += 1;
    }
    false
}

/// The methods offered in `market`, in the master table's order (section 8).
fn methods_of(market: Market) -> &'static [PaymentMethod] {
    let (offers, starts) = &OFFERS;
    let i = market.index();
    &offers[starts[i]..starts[i + 1]]
}

impl Market {
    pub fn methods(self) -> &'static [PaymentMethod] {
        methods_of(self)
    }

    pub fn offers(self, method: PaymentMethod) -> bool {
        self.methods().contains(&method)
    }

    /// Whether a charge with this method and currency can be made here: `UnsupportedMethod`
    /// or `UnsupportedCurrency` otherwise. The method is checked first because a wrong
    /// method is usually the root cause (e.g. PIX in Mexico, where MXN is fine).
    pub fn check(self, method: PaymentMethod, currency: Currency) -> Result<(), ErrorCode> {
        if !self.offers(method) {
            return Err(ErrorCode::UnsupportedMethod);
        }
        if !self.currencies().contains(&currency) {
            return Err(ErrorCode::UnsupportedCurrency);
        }
        Ok(())
    }
}

impl Country {
    /// The methods offered, in the master table's order (section 8). Brazil's "Cash" row
    /// is [`PaymentMethod::Boleto`].
    pub fn methods(self) -> &'static [PaymentMethod] {
        methods_of(Market::Country(self))
    }

    pub fn offers(self, method: PaymentMethod) -> bool {
        self.methods().contains(&method)
    }
}
