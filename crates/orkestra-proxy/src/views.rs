//! Rows → what the merchant sees ([`CheckoutSession`], its [`ChargeView`]s) and what a
//! payer's page sees ([`PageSession`], their charge only). Amounts are printed from integer
//! minor units by orkestra-core.

use orkestra_core::api::browser::{NextAction, PageCharge, PageSession, PageTransaction};
use orkestra_core::api::locale::Locale;
use orkestra_core::api::merchant::{
    ChargeRefund, ChargeView, CheckoutSession, CreateCheckoutSession, PayerView, TransactionStatus,
    TransactionView,
};
use orkestra_core::catalog::{amount_limits, Country, Market, PaymentMethod};
use orkestra_core::money::{Currency, Money};

use crate::charges;
use crate::db::{ChargeRow, SessionRow, TransactionRow};
use crate::time::rfc3339;

/// The methods a session's payer may choose from: every one the catalog offers there
/// that takes the session's amount (an OXXO voucher is at most MXN 10,000).
pub fn supported_methods(market: Market, amount: Option<Money>) -> Vec<PaymentMethod> {
    market
        .methods()
        .iter()
        .copied()
        .filter(|m| amount.is_none_or(|a| amount_limits(market, *m).check(a).is_ok()))
        .collect()
}

/// Where the session's payer pays: its country, or the Eurozone/World for SEPA and crypto
/// sessions (stored with no country).
pub fn market(row: &SessionRow) -> Market {
    Market::of(Country::from_alpha2(&row.country), currency(row)).unwrap_or(Market::World)
}

pub fn currency(row: &SessionRow) -> Currency {
    Currency::from_code(&row.currency).unwrap_or(Currency::BRL)
}

pub fn amount_text(currency: Currency, minor: i64) -> String {
    Money::from_minor(currency, u64::try_from(minor).unwrap_or(0))
        .map(|m| m.to_decimal_string())
        .unwrap_or_default()
}

pub fn checkout_session(
    row: &SessionRow,
    charges: &[ChargeRow],
    txs: &[TransactionRow],
    public_url: &str,
) -> CheckoutSession {
    let request: CreateCheckoutSession =
        serde_json::from_str(&row.request_json).unwrap_or_default();
    let currency = currency(row);
    let charge_views: Vec<ChargeView> = charges
        .iter()
        .map(|c| charge_view(row, c, txs, public_url))
        .collect();
    let paid: u64 = charges
        .iter()
        .map(|c| {
            charges::balance(row, c, &charges::legs_of(c, txs))
                .paid()
                .minor()
        })
        .sum();
    CheckoutSession {
        id: row.id.clone(),
        url: format!("{public_url}/pay/{}", row.token),
        status: charges::order_status(row),
        merchant_order_id: row.merchant_order_id.clone(),
        country: Country::from_alpha2(&row.country),
        currency,
        amount: amount_text(currency, row.amount_minor),
        customer: request.customer,
        return_url: request.return_url,
        cancel_url: request.cancel_url,
        embed_origins: request.embed_origins,
        webhook_url: request.webhook_url,
        metadata: request.metadata,
        locale: row.locale.as_deref().and_then(Locale::from_tag),
        expires_at: rfc3339(row.expires_at),
        created_at: rfc3339(row.created_at),
        transactions: txs.iter().map(|t| transaction_view(row, t)).collect(),
        paid_amount: amount_text(currency, i64::try_from(paid).unwrap_or(i64::MAX)),
        charges: charge_views,
    }
}

/// One payer's share as the merchant sees it.
pub fn charge_view(
    row: &SessionRow,
    charge: &ChargeRow,
    txs: &[TransactionRow],
    public_url: &str,
) -> ChargeView {
    let legs = charges::legs_of(charge, txs);
    let balance = charges::balance(row, charge, &legs);
    let refunded: u64 = legs
        .iter()
        .filter(|t| t.auto_refund.is_some())
        .map(|t| u64::try_from(t.amount_minor).unwrap_or(0))
        .sum();
    ChargeView {
        id: charge.id.clone(),
        url: format!("{public_url}/pay/{}", charge.token),
        reference: charge.reference.clone(),
        status: charges::charge_status(charge),
        amount: balance.total().to_decimal_string(),
        paid_amount: balance.paid().to_decimal_string(),
        pending_amount: balance.in_flight().to_decimal_string(),
        remaining_amount: balance.remaining().to_decimal_string(),
        refund: charges::refund_status(&legs).map(|status| ChargeRefund {
            status: status.to_owned(),
            amount: amount_text(currency(row), i64::try_from(refunded).unwrap_or(0)),
        }),
    }
}

/// One attempt as the merchant sees it (in a session, in the transaction list).
pub fn transaction_view(row: &SessionRow, t: &TransactionRow) -> TransactionView {
    TransactionView {
        id: t.id.clone(),
        orkestra_id: t.orkestra_id.clone(),
        orkestra_order_id: row
            .orkestra_order_id
            .clone()
            .filter(|_| t.orkestra_id.is_some()),
        method: charges::method(t),
        amount: amount_text(currency(row), t.amount_minor),
        status: charges::tx_status(t),
        payer: PayerView {
            name: t.payer_name.clone(),
            document_type: t.payer_document_type.clone(),
            document: t.payer_document_masked.clone(),
            email: t.payer_email_masked.clone(),
        },
        created_at: rfc3339(t.created_at),
        updated_at: rfc3339(t.updated_at),
        charge_id: t.charge_id.clone(),
        auto_refund: t.auto_refund.clone(),
    }
}

/// What one payer's page shows: their charge (its amount, its legs), never the others'.
pub fn page_session(
    row: &SessionRow,
    charge: &ChargeRow,
    charge_count: usize,
    txs: &[TransactionRow],
    merchant_name: &str,
) -> PageSession {
    let request: CreateCheckoutSession =
        serde_json::from_str(&row.request_json).unwrap_or_default();
    let country = Country::from_alpha2(&row.country);
    let currency = currency(row);
    let market = Market::of(country, currency);
    let legs = charges::legs_of(charge, txs);
    let balance = charges::balance(row, charge, &legs);
    let status = charges::charge_status(charge);
    // A leg the payer withdrew is no failure: they pay the rest another way.
    let last_failed = legs.last().is_some_and(|t| {
        matches!(
            charges::tx_status(t),
            TransactionStatus::Failed | TransactionStatus::Expired
        )
    });
    // The methods that take what is left (or the whole share while legs are in flight).
    let for_methods = if balance.remaining().minor() > 0 {
        balance.remaining()
    } else {
        balance.total()
    };
    let customer = charge
        .customer_json
        .as_deref()
        .and_then(|json| serde_json::from_str(json).ok())
        .or(request.customer);
    PageSession {
        session_id: row.id.clone(),
        status: status.for_page(legs.iter().any(|t| charges::is_in_flight(t)), last_failed),
        country,
        currency,
        amount: balance.total().to_decimal_string(),
        locale: row
            .locale
            .as_deref()
            .and_then(Locale::from_tag)
            .unwrap_or_else(|| country.map_or(Locale::En, Locale::for_country)),
        merchant_name: merchant_name.to_owned(),
        expires_at: rfc3339(row.expires_at),
        methods: market
            .map(|m| supported_methods(m, Some(for_methods)))
            .unwrap_or_default(),
        customer,
        transactions: legs
            .iter()
            .map(|t| PageTransaction {
                id: t.id.clone(),
                method: charges::method(t),
                amount: amount_text(currency, t.amount_minor),
                status: charges::tx_status(t),
                next_action: t
                    .next_action
                    .as_deref()
                    .and_then(|json| serde_json::from_str::<NextAction>(json).ok()),
                failure_code: t.failure_code.clone(),
            })
            .collect(),
        return_url: request.return_url,
        cancel_url: request.cancel_url,
        embed_origins: request.embed_origins,
        appearance: request.appearance,
        charge: Some(PageCharge {
            id: charge.id.clone(),
            status,
            amount: balance.total().to_decimal_string(),
            paid_amount: balance.paid().to_decimal_string(),
            pending_amount: balance.in_flight().to_decimal_string(),
            remaining_amount: balance.remaining().to_decimal_string(),
            index: u32::try_from(charge.position).unwrap_or(0),
            count: u32::try_from(charge_count).unwrap_or(1),
        }),
    }
}
