//! What one payer's page shows: their charge (its amount, its legs), never the others'.

use orkestra_core::api::browser::{PageCharge, PageSession, PageTransaction};
use orkestra_core::api::locale::Locale;
use orkestra_core::api::merchant::TransactionStatus;
use orkestra_core::catalog::{amount_limits, Market, PaymentMethod};
use orkestra_core::money::Money;

use crate::model::{Charge, Inconsistent, Order};
use crate::time::rfc3339;

/// The methods a payer may choose from: every one the catalog offers in the market that
/// takes `amount` (an OXXO voucher is at most MXN 10,000).
pub fn supported_methods(market: Market, amount: Money) -> Vec<PaymentMethod> {
    market
        .methods()
        .iter()
        .copied()
        .filter(|m| amount_limits(market, *m).check(amount).is_ok())
        .collect()
}

pub fn page_session(
    order: &Order,
    charge: &Charge,
    merchant_name: &str,
) -> Result<PageSession, Inconsistent> {
    let session = &order.session;
    let spec = &session.spec;
    let legs: Vec<_> = order.legs_of(charge).collect();
    let balance = order.balance(charge)?;
    // A leg the payer withdrew is no failure: they pay the rest another way.
    let last_failed = legs.last().is_some_and(|l| {
        matches!(
            l.status,
            TransactionStatus::Failed | TransactionStatus::Expired
        )
    });
    // The methods that take what is left (or the whole share while legs are in flight).
    let for_methods = if balance.remaining().minor() > 0 {
        balance.remaining()
    } else {
        balance.total()
    };
    let country = spec.market.country();
    Ok(PageSession {
        session_id: session.id.clone(),
        status: charge
            .status
            .for_page(legs.iter().any(|l| l.is_in_flight()), last_failed),
        country,
        currency: session.currency(),
        amount: balance.total().to_decimal_string(),
        locale: spec
            .locale
            .unwrap_or_else(|| country.map_or(Locale::En, Locale::for_country)),
        merchant_name: merchant_name.to_owned(),
        expires_at: rfc3339(session.expires_at),
        methods: supported_methods(spec.market, for_methods),
        customer: charge.customer.clone().or_else(|| spec.customer.clone()),
        transactions: legs
            .iter()
            .map(|l| PageTransaction {
                id: l.id.clone(),
                method: l.method,
                amount: l.amount.get().to_decimal_string(),
                status: l.status,
                next_action: l.next_action.clone(),
                failure_code: l.failure_code.clone(),
            })
            .collect(),
        return_url: spec.return_url.clone(),
        cancel_url: spec.cancel_url.clone(),
        embed_origins: spec.embed_origins.clone(),
        appearance: spec.appearance.clone(),
        card_capture: spec.card_capture(),
        charge: Some(PageCharge {
            id: charge.id.clone(),
            status: charge.status,
            amount: balance.total().to_decimal_string(),
            paid_amount: balance.paid().to_decimal_string(),
            pending_amount: balance.in_flight().to_decimal_string(),
            remaining_amount: balance.remaining().to_decimal_string(),
            index: u32::try_from(charge.position).unwrap_or(u32::MAX),
            count: u32::try_from(order.charges.len()).unwrap_or(u32::MAX),
        }),
    })
}
