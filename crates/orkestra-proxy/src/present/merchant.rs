//! A session as the merchant sees it: the API's answers and the webhooks' bodies.

use orkestra_core::api::merchant::{
    ChargeRefund, ChargeView, CheckoutSession, PayerView, TransactionListItem, TransactionView,
};
use orkestra_core::split::refund_progress;

use crate::model::{Charge, Inconsistent, Leg, Order, Session};
use crate::time::rfc3339;

/// The page of one charge.
pub fn page_url(public_url: &str, token: &str) -> String {
    format!("{public_url}/pay/{token}")
}

pub fn checkout_session(order: &Order, public_url: &str) -> Result<CheckoutSession, Inconsistent> {
    let session = &order.session;
    let spec = &session.spec;
    let charges = order
        .charges
        .iter()
        .map(|c| charge_view(order, c, public_url))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(CheckoutSession {
        id: session.id.clone(),
        url: page_url(public_url, &session.token),
        status: session.status,
        merchant_order_id: spec.merchant_order_id.clone(),
        country: spec.market.country(),
        currency: session.currency(),
        amount: spec.amount.get().to_decimal_string(),
        customer: spec.customer.clone(),
        return_url: spec.return_url.clone(),
        cancel_url: spec.cancel_url.clone(),
        embed_origins: spec.embed_origins.clone(),
        webhook_url: spec.webhook_url.clone(),
        metadata: spec.metadata.clone(),
        locale: spec.locale,
        card_capture: spec.card_capture(),
        expires_at: rfc3339(session.expires_at),
        created_at: rfc3339(session.created_at),
        transactions: order
            .legs
            .iter()
            .map(|l| transaction_view(session, l))
            .collect(),
        paid_amount: order.paid()?.to_decimal_string(),
        charges,
    })
}

/// One payer's share as the merchant sees it.
pub fn charge_view(
    order: &Order,
    charge: &Charge,
    public_url: &str,
) -> Result<ChargeView, Inconsistent> {
    let balance = order.balance(charge)?;
    let refunding: Vec<&Leg> = order
        .legs_of(charge)
        .filter(|l| l.auto_refund.is_some())
        .collect();
    let refunded = refunding
        .iter()
        .try_fold(
            orkestra_core::money::Money::zero(order.session.currency()),
            |sum, l| sum.checked_add(l.amount.get()),
        )
        .map_err(|_| Inconsistent {
            charge_id: charge.id.clone(),
            error: orkestra_core::split::LegError::Inconsistent,
        })?;
    Ok(ChargeView {
        id: charge.id.clone(),
        url: page_url(public_url, &charge.token),
        reference: charge.reference.clone(),
        status: charge.status,
        amount: balance.total().to_decimal_string(),
        paid_amount: balance.paid().to_decimal_string(),
        pending_amount: balance.in_flight().to_decimal_string(),
        remaining_amount: balance.remaining().to_decimal_string(),
        refund: refund_progress(refunding.iter().filter_map(|l| l.auto_refund)).map(|status| {
            ChargeRefund {
                status,
                amount: refunded.to_decimal_string(),
            }
        }),
    })
}

/// One attempt as the merchant sees it (in a session, in the transaction list).
pub fn transaction_view(session: &Session, leg: &Leg) -> TransactionView {
    TransactionView {
        id: leg.id.clone(),
        orkestra_id: leg.orkestra_id.map(|id| id.to_string()),
        orkestra_order_id: session
            .orkestra_order_id
            .filter(|_| leg.orkestra_id.is_some())
            .map(|id| id.to_string()),
        method: leg.method,
        amount: leg.amount.get().to_decimal_string(),
        status: leg.status,
        payer: PayerView {
            name: leg.payer.name.clone(),
            document_type: leg
                .payer
                .document_type
                .map_or(String::new(), |d| d.as_str().to_owned()),
            document: leg.payer.document_masked.clone(),
            email: leg.payer.email_masked.clone(),
        },
        created_at: rfc3339(leg.created_at),
        updated_at: rfc3339(leg.updated_at),
        charge_id: Some(leg.charge_id.clone()),
        auto_refund: leg.auto_refund,
        failure_code: leg.failure_code.clone(),
    }
}

/// A leg in the merchant's transaction list.
pub fn list_item(session: &Session, leg: &Leg) -> TransactionListItem {
    TransactionListItem {
        session_id: session.id.clone(),
        merchant_order_id: session.merchant_order_id().to_owned(),
        currency: session.currency(),
        transaction: transaction_view(session, leg),
    }
}
