//! The per-(market, method) questions the page, the proxy and the sandbox ask, answered
//! from the method's spec. A pair the market does not offer (PIX in Mexico) asks for
//! nothing and has no limits and no expiry: [`Market::check`] rejects it before these
//! rules matter.

use super::{spec, PaymentMethod};
use crate::market::{AmountLimits, Country, DocumentType, Market, PayerField, RefundRoute};

/// What the payer enters for `method` in `country`, in a fixed order (name, document,
/// email, phone, address) so every form reads the same. Empty when the country does not
/// offer the method, and for Colombia's bank transfer, whose inputs depend on the PSP.
///
/// From the "Enter" column of the fact sheet's master table (see each method's file for
/// the exceptions). Some fields may be left empty: see [`payer_field_is_optional`].
pub fn payer_fields(country: Country, method: PaymentMethod) -> &'static [PayerField] {
    if !country.offers(method) {
        return &[];
    }
    (spec(method).payer_fields)(country)
}

/// Whether the payer may leave `field` empty (the master table puts these in brackets or
/// marks them "opt."). Always false for a field [`payer_fields`] does not list.
pub fn payer_field_is_optional(country: Country, method: PaymentMethod, field: PayerField) -> bool {
    payer_fields(country, method).contains(&field)
        && (spec(method).optional_fields)(country).contains(&field)
}

/// [`payer_fields`] for any market: SEPA and crypto ask for nothing (see their specs).
pub fn market_payer_fields(market: Market, method: PaymentMethod) -> &'static [PayerField] {
    match market {
        Market::Country(c) => payer_fields(c, method),
        Market::Eurozone | Market::World => &[],
    }
}

/// The document types a method takes in a country: empty when the method asks for no
/// document, otherwise the spec's (usually the country's [`crate::market::document_types`],
/// narrowed where the method is pickier).
pub fn method_document_types(country: Country, method: PaymentMethod) -> &'static [DocumentType] {
    if !payer_fields(country, method).contains(&PayerField::Document) {
        return &[];
    }
    (spec(method).document_types)(country)
}

/// The amount limits of `method` in `market`, only where a source states them;
/// [`AmountLimits::NONE`] elsewhere and for pairs the market does not offer.
pub fn amount_limits(market: Market, method: PaymentMethod) -> AmountLimits {
    if !market.offers(method) {
        return AmountLimits::NONE;
    }
    (spec(method).amount_limits)(market)
}

#[cfg(not(target_arch = "wasm32"))]
/// How long, in minutes, an unpaid charge of `method` in `market` stays payable when the
/// merchant sets no expiry. `None` for cards (synchronous: nothing to wait for) and for
/// pairs the market does not offer.
pub fn default_expiry_minutes(market: Market, method: PaymentMethod) -> Option<u32> {
    if !market.offers(method) {
        return None;
    }
    (spec(method).default_expiry_minutes)(market)
}

#[cfg(not(target_arch = "wasm32"))]
/// How a refund of a charge paid by `method` reaches the payer. The same in every market:
/// where a method's refund depends on the country, the conservative answer is given.
pub fn refund_route(method: PaymentMethod) -> RefundRoute {
    spec(method).refund_route
}
