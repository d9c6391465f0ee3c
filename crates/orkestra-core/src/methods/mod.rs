//! Every payment method, one file each, each a [`MethodSpec`]: its codes, its kind, its
//! form, its markets and the per-country facts about it. [`spec`] is the one exhaustive
//! map from a [`PaymentMethod`] to its spec; everything else (the markets' method lists,
//! payer fields, limits, expiry, refund route, Orkestra's wire names) is read from it.
//!
//! [`rules`] answers the per-(market, method) questions from the specs and [`wire`] gives
//! Orkestra's names; they import this module, so it does not re-export them (the catalog
//! does, for its callers).
//!
//! `docs/adding-a-method.md` lists what else a new method needs (the page's registry, the
//! sandbox's behaviour, the locale files) and which build error or test tells you.

// In the page's build, the server-only fields of a spec are left out (see `contract.rs`):
// the imports and helpers that only they use are then unused there, and only there.
#![cfg_attr(target_arch = "wasm32", allow(unused_imports, dead_code))]

mod code;
mod contract;
mod offer;
pub mod rules;
#[cfg(not(target_arch = "wasm32"))]
pub mod wire;

#[cfg(not(target_arch = "wasm32"))]
pub use contract::WireNames;
pub use contract::{DetailsKind, InstructionKind, MethodName, MethodSpec, OptionsKind, PageTexts};

pub use card::{installment_options, CardCapture, InstalmentPlan};
pub use cash::{network_name as cash_network_name, networks as cash_networks};
pub use mobile_money::operators as mobile_operators;
pub use pse::PERSON_TYPES;

/// Defines [`PaymentMethod`] with one variant per line, its `ALL` (which therefore lists
/// every variant) and [`spec`]. The order of the lines is the order of every market's
/// method list (the master table's, section 8 of the fact sheet).
macro_rules! payment_methods {
    ($($variant:ident => $module:ident,)+) => {
        $(mod $module;)+

        /// How a payer pays. One value per row family of the master table; what each means
        /// in a given country (OXXO, Efecty, Fawry… for `Cash`) is the country's business,
        /// not the method's. Serialised as its spec's `code`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum PaymentMethod {
            $($variant,)+
        }

        impl PaymentMethod {
            /// Every method, in the master table's order.
            pub const ALL: [PaymentMethod; [$(stringify!($variant)),+].len()] =
                [$(PaymentMethod::$variant,)+];
        }

        /// The method's spec.
        pub const fn spec(method: PaymentMethod) -> &'static MethodSpec {
            match method {
                $(PaymentMethod::$variant => &$module::SPEC,)+
            }
        }
    };
}

payment_methods! {
    Card => card,
    Pix => pix,
    Boleto => boleto,
    Spei => spei,
    Pse => pse,
    Cash => cash,
    BankTransfer => bank_transfer,
    Daviplata => daviplata,
    Nequi => nequi,
    MobileMoney => mobile_money,
    Sepa => sepa,
    Crypto => crypto,
}

#[cfg(test)]
mod tests;
