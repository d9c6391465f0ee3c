//! A method as Orkestra's wire names it (`paymentMethod`), derived from the specs: one
//! name per method, two for cards (credit and debit).

use super::{spec, OptionsKind, PaymentMethod};

/// A `paymentMethod` on Orkestra's wire: the docs name PIX, BOLETO, CREDIT_CARD,
/// DEBIT_CARD, SPEI and PSE; the others are our catalog's names (each spec's
/// [`super::WireNames`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct WireMethod {
    /// The catalog's method, whose markets, limits and expiry apply.
    pub method: PaymentMethod,
    /// A card paid as a debit card (only methods with a debit name can be).
    pub debit: bool,
}

impl WireMethod {
    /// The wire method of a catalog method; a card is a debit card when the payer says so.
    pub fn of(method: PaymentMethod, debit: bool) -> WireMethod {
        WireMethod {
            method,
            debit: debit && spec(method).wire.debit.is_some(),
        }
    }

    /// Every wire method: each method's name, then its debit name if it has one.
    pub fn all() -> impl Iterator<Item = WireMethod> {
        PaymentMethod::ALL.into_iter().flat_map(|method| {
            let debit = spec(method)
                .wire
                .debit
                .map(|_| WireMethod::of(method, true));
            std::iter::once(WireMethod::of(method, false)).chain(debit)
        })
    }

    pub fn wire(self) -> &'static str {
        let names = spec(self.method).wire;
        match names.debit {
            Some(debit) if self.debit => debit,
            Some(_) | None => names.name,
        }
    }

    pub fn from_wire(s: &str) -> Option<WireMethod> {
        WireMethod::all().find(|m| m.wire() == s)
    }

    /// The catalog's method, whose markets, limits and expiry apply.
    pub fn catalog(self) -> PaymentMethod {
        self.method
    }

    /// A credit or debit card: the sandbox's 3-D Secure page takes only these.
    pub fn is_card(self) -> bool {
        spec(self.method).options == OptionsKind::Card
    }

    /// Whether Orkestra's docs require the payer's `firstName`/`lastName` on the charge
    /// (they do for PIX, boleto, cards, SPEI and PSE, and say nothing for the others, whose
    /// payers enter only a phone, an email or nothing).
    pub fn needs_payer_name(self) -> bool {
        spec(self.method).orkestra_needs_name
    }
}
