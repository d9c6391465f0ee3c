//! Domain types into what the merchant sees ([`merchant`], [`money_out`]) and what a payer's
//! page sees ([`page`]). Amounts are printed from integer minor units by orkestra-core.

pub mod events;
pub mod merchant;
pub mod money_out;
pub mod page;
