//! Making refunds: returning a paid transaction's money, in full or in parts, within what
//! is left to refund. A refund goes back through the original method where the method's
//! spec says it can (PIX, cards, SPEI, …); otherwise (boleto, cash vouchers, PSE,
//! transfers, crypto) as an alternative payout to the account the request gives, and the
//! refund's status follows that payout's (`money_out`).

use axum::http::StatusCode;
use orkestra_core::api::orkestra::{
    AmountUnits, PayoutRequest, Refund, RefundRequest, RefundRoute, WireAmount,
    WireTransactionStatus,
};
use orkestra_core::money::Currency;

use super::money_out::{payout_method_for, route_of};
use super::{payout_rules, payouts, wire};
use crate::amounts;
use crate::error::SandboxError;
use crate::state::AppState;
use crate::store::{self, orders, refunds, transactions};
use crate::time::now_ms;

/// The request as idempotency compares it: the amount in its canonical form.
fn canonical(request: &RefundRequest, currency: Currency, units: AmountUnits) -> String {
    let mut normalised = request.clone();
    if let Some(amount) = &request.amount {
        if let Ok(money) = amount.to_money(currency, units) {
            normalised.amount = Some(WireAmount::from_money(money, units));
        }
    }
    serde_json::to_string(&normalised).expect("a refund request is plain data")
}

fn conflict(code: &'static str, message: impl Into<String>) -> SandboxError {
    SandboxError::new(StatusCode::CONFLICT, code, message)
}

/// The new refund (`true`), or the one already made under the request's `referenceId`
/// for the same request (`false`).
pub async fn create(
    state: &AppState,
    request: &RefundRequest,
) -> Result<(bool, Refund), SandboxError> {
    let units = state.config.amount_units;
    if request.reference_id.trim().is_empty() || request.reference_id.len() > 100 {
        return Err(SandboxError::invalid(
            "referenceId",
            "INVALID_FIELD",
            "referenceId must have 1 to 100 characters",
        ));
    }
    // One writer at a time: the funds check and the insert cannot interleave with another
    // refund of the same transaction.
    let mut tx = store::write(&state.db).await?;
    if let Some(existing) = refunds::by_reference(&mut *tx, &request.reference_id).await? {
        if canonical(request, existing.currency, units) != existing.request_json {
            return Err(conflict(
                "DUPLICATE_REFERENCE_ID",
                "another refund already uses this referenceId",
            ));
        }
        return Ok((false, wire::refund(&existing, units)));
    }
    let transaction = transactions::by_id(&mut *tx, request.transaction_id)
        .await?
        .ok_or_else(|| SandboxError::not_found("transaction"))?;
    let order = orders::by_id(&mut *tx, transaction.order_id)
        .await?
        .ok_or_else(|| SandboxError::not_found("order"))?;
    let currency = order.currency;
    if transaction.status != WireTransactionStatus::Paid {
        return Err(conflict(
            "TRANSACTION_NOT_REFUNDABLE",
            format!(
                "only a PAID transaction can be refunded; this one is {}",
                transaction.status.as_str()
            ),
        ));
    }
    let requested = match &request.amount {
        Some(amount) => Some(amounts::minor(amounts::positive(
            amount, currency, units, "amount",
        )?)),
        None => None,
    };
    let committed = refunds::committed(&mut *tx, transaction.id).await?;
    let available = (transaction.paid_minor - committed).max(0);
    let amount_minor = requested.unwrap_or(available);
    if available == 0 || amount_minor > available {
        let left = amounts::wire(currency, available, units);
        return Err(conflict(
            "REFUND_EXCEEDS_AVAILABLE",
            format!(
                "the refund is more than what is left to refund: {} {} available",
                left.as_str(),
                currency.code()
            ),
        ));
    }
    let wire_method = transaction.method.wire();
    let route = route_of(wire_method);
    let payout = match route {
        RefundRoute::OriginalMethod => None,
        RefundRoute::AlternativePayout => {
            let missing = |field: &str| {
                SandboxError::invalid(
                    field,
                    "REQUIRED",
                    format!(
                        "{field} is required: a {wire_method} payment cannot be reversed, so the \
                         refund goes out as a payout"
                    ),
                )
            };
            let account = request
                .receiving_bank_account
                .clone()
                .ok_or_else(|| missing("receivingBankAccount"))?;
            let beneficiary = request
                .beneficiary
                .clone()
                .ok_or_else(|| missing("beneficiary"))?;
            let payout_request = PayoutRequest {
                reference_id: None,
                amount: amounts::wire(currency, amount_minor, units),
                currency,
                payment_method: payout_method_for(currency).to_owned(),
                receiving_bank_account: account,
                beneficiary,
            };
            Some(payout_rules::check(&payout_request, units)?)
        }
    };
    let id = refunds::insert(
        &mut *tx,
        refunds::NewRefund {
            reference_id: &request.reference_id,
            request_json: &canonical(request, currency, units),
            transaction_id: transaction.id,
            order_id: order.id,
            amount_minor,
            currency,
            route,
            reason: request.reason.as_deref(),
            now: now_ms(),
        },
    )
    .await?;
    if let Some(payout) = &payout {
        let payout_id = payouts::insert(&mut tx, payout, Some(id)).await?;
        refunds::set_payout(&mut *tx, id, payout_id).await?;
    }
    let row = refunds::by_id(&mut *tx, id)
        .await?
        .ok_or_else(|| SandboxError::not_found("refund"))?;
    tx.commit().await?;
    tracing::info!(
        refund_id = id,
        transaction_id = transaction.id,
        route = ?route,
        payout_id = row.payout_id,
        "refund created"
    );
    Ok((true, wire::refund(&row, units)))
}
