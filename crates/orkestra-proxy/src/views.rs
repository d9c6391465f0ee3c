//! Rows → what the merchant sees ([`CheckoutSession`]) and what the page sees
//! ([`PageSession`]). Amounts are printed from integer minor units by orkestra-core.

use orkestra_core::api::browser::{NextAction, PageSession, PageTransaction};
use orkestra_core::api::locale::Locale;
use orkestra_core::api::merchant::{
    CheckoutSession, CreateCheckoutSession, PayerView, SessionStatus, TransactionStatus,
    TransactionView,
};
use orkestra_core::catalog::{amount_limits, Country, Market, PaymentMethod};
use orkestra_core::money::{Currency, Money};

use crate::db::{SessionRow, TransactionRow};
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

pub fn session_status(row: &SessionRow) -> SessionStatus {
    SessionStatus::parse(&row.status).unwrap_or(SessionStatus::Open)
}

fn tx_status(row: &TransactionRow) -> TransactionStatus {
    TransactionStatus::parse(&row.status).unwrap_or(TransactionStatus::Creating)
}

fn method(row: &TransactionRow) -> PaymentMethod {
    serde_json::from_value(serde_json::Value::String(row.method.clone()))
        .unwrap_or(PaymentMethod::Pix)
}

pub fn checkout_session(
    row: &SessionRow,
    txs: &[TransactionRow],
    public_url: &str,
) -> CheckoutSession {
    let request: CreateCheckoutSession =
        serde_json::from_str(&row.request_json).unwrap_or_default();
    let currency = currency(row);
    CheckoutSession {
        id: row.id.clone(),
        url: format!("{public_url}/pay/{}", row.token),
        status: session_status(row),
        merchant_order_id: row.merchant_order_id.clone(),
        country: Country::from_alpha2(&row.country),
        currency,
        amount: amount_text(currency, row.amount_minor),
        customer: request.customer,
        return_url: request.return_url,
        embed_origins: request.embed_origins,
        webhook_url: request.webhook_url,
        metadata: request.metadata,
        locale: row.locale.as_deref().and_then(Locale::from_tag),
        expires_at: rfc3339(row.expires_at),
        created_at: rfc3339(row.created_at),
        transactions: txs.iter().map(|t| transaction_view(row, t)).collect(),
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
        method: method(t),
        amount: amount_text(currency(row), t.amount_minor),
        status: tx_status(t),
        payer: PayerView {
            name: t.payer_name.clone(),
            document_type: t.payer_document_type.clone(),
            document: t.payer_document_masked.clone(),
            email: t.payer_email_masked.clone(),
        },
        created_at: rfc3339(t.created_at),
        updated_at: rfc3339(t.updated_at),
    }
}

pub fn page_session(row: &SessionRow, txs: &[TransactionRow], merchant_name: &str) -> PageSession {
    let request: CreateCheckoutSession =
        serde_json::from_str(&row.request_json).unwrap_or_default();
    let country = Country::from_alpha2(&row.country);
    let currency = currency(row);
    let market = Market::of(country, currency);
    PageSession {
        status: session_status(row),
        country,
        currency,
        amount: amount_text(currency, row.amount_minor),
        locale: row
            .locale
            .as_deref()
            .and_then(Locale::from_tag)
            .unwrap_or_else(|| country.map_or(Locale::En, Locale::for_country)),
        merchant_name: merchant_name.to_owned(),
        expires_at: rfc3339(row.expires_at),
        methods: market
            .map(|m| {
                let amount =
                    Money::from_minor(currency, u64::try_from(row.amount_minor).unwrap_or(0));
                supported_methods(m, amount.ok())
            })
            .unwrap_or_default(),
        customer: request.customer,
        transactions: txs
            .iter()
            .map(|t| PageTransaction {
                id: t.id.clone(),
                method: method(t),
                amount: amount_text(currency, t.amount_minor),
                status: tx_status(t),
                next_action: t
                    .next_action
                    .as_deref()
                    .and_then(|json| serde_json::from_str::<NextAction>(json).ok()),
                failure_code: t.failure_code.clone(),
            })
            .collect(),
        return_url: request.return_url,
        appearance: request.appearance,
    }
}

/// A session's status follows its transactions: paid once paid transactions cover the
/// amount, pending while one is in flight, failed when the last attempt failed (the payer
/// may still try again), open before any attempt. Expired and cancelled are final.
pub fn derive_status(row: &SessionRow, txs: &[TransactionRow]) -> SessionStatus {
    let current = session_status(row);
    if matches!(
        current,
        SessionStatus::Expired | SessionStatus::Cancelled | SessionStatus::Paid
    ) {
        return current;
    }
    let paid: i64 = txs
        .iter()
        .filter(|t| tx_status(t) == TransactionStatus::Paid)
        .map(|t| t.amount_minor)
        .sum();
    if paid >= row.amount_minor {
        SessionStatus::Paid
    } else if txs.iter().any(|t| !tx_status(t).is_final()) {
        SessionStatus::Pending
    } else if txs.is_empty() {
        SessionStatus::Open
    } else {
        SessionStatus::Failed
    }
}
