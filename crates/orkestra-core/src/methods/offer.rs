//! Which methods each market offers, derived from the specs' `markets` once, at compile
//! time, in [`PaymentMethod::ALL`]'s order.

use super::{spec, PaymentMethod};
use crate::catalog::{Country, Market};
use crate::error::ErrorCode;
use crate::money::Currency;

const METHODS: usize = PaymentMethod::ALL.len();
const MARKETS: usize = Market::ALL.len();

/// Each market's methods, in `ALL`'s order, and how many there are.
static OFFERS: [([PaymentMethod; METHODS], usize); MARKETS] = {
    let mut table = [([PaymentMethod::ALL[0]; METHODS], 0); MARKETS];
    let mut m = 0;
    while m < MARKETS {
        let mut i = 0;
        while i < METHODS {
            let method = PaymentMethod::ALL[i];
            if lists(spec(method).markets, Market::ALL[m]) {
                let (methods, len) = &mut table[m];
                methods[*len] = method;
                *len += 1;
            }
            i += 1;
        }
        m += 1;
    }
    table
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
    let (methods, len) = &OFFERS[market.index()];
    &methods[..*len]
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
