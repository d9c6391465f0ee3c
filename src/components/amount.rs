//! An amount of money as the payer reads it.

use leptos::prelude::*;
use orkestra_core::money::Currency;

use crate::context::intl_tag;
use crate::format;
use crate::kit::dom::{Dom, El};

/// `amount` (a decimal string in major units, as the server sends it) formatted by the
/// browser's `Intl` for the page's language: "R$ 150,00", "150,00 $US", "150.00 USDT".
/// Kept left-to-right inside Arabic text.
///
/// ```ignore
/// <Amount amount="150.00" currency=Currency::BRL/>
/// ```
#[component]
pub fn Amount(
    #[prop(into)] amount: String,
    currency: Currency,
    #[prop(optional)] testid: Option<&'static str>,
) -> Dom {
    amount_el(&amount, currency, testid).view()
}

/// [`Amount`] as a drawn element, for views built with [`crate::kit::dom`].
pub fn amount_el(amount: &str, currency: Currency, testid: Option<&str>) -> El {
    El::with(
        "bdi",
        "amount",
        &format::money_in(intl_tag(), amount, currency),
    )
    .attr_if("data-testid", testid)
}
