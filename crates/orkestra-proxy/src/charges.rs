//! Charges and their legs: a session is an order of one or more charges (one per payer),
//! and each charge is paid by one or more legs (transactions), e.g. part card, part PIX.
//! This file holds the rules that derive a charge's and an order's status from the legs,
//! and the automatic refund of the paid legs of a charge that ends partly paid.
//!
//! The money rules themselves (what is paid, in flight, left; whether a new leg fits) are
//! orkestra-core's [`ChargeBalance`], which the page runs too.

use orkestra_core::api::merchant::{OrderStatus, TransactionStatus};
use orkestra_core::api::orkestra::{Refund, RefundRequest, RefundStatus};
use orkestra_core::catalog::{refund_route, PaymentMethod, RefundRoute};
use orkestra_core::money::{Money, PositiveMoney};
use orkestra_core::split::{ChargeBalance, LegState};
use sqlx::AnyConnection;

use crate::db::{self, ChargeRow, SessionRow, TransactionRow};
use crate::error::AppError;
use crate::time::now_ms;
use crate::{events, outbox, views, AppState};

pub fn tx_status(t: &TransactionRow) -> TransactionStatus {
    TransactionStatus::parse(&t.status).unwrap_or(TransactionStatus::Creating)
}

pub fn method(t: &TransactionRow) -> PaymentMethod {
    serde_json::from_value(serde_json::Value::String(t.method.clone()))
        .unwrap_or(PaymentMethod::Pix)
}

fn leg_state(t: &TransactionRow) -> LegState {
    match tx_status(t) {
        TransactionStatus::Paid => LegState::Paid,
        TransactionStatus::Creating | TransactionStatus::Pending => LegState::InFlight,
        TransactionStatus::Failed | TransactionStatus::Expired | TransactionStatus::Cancelled => {
            LegState::Released
        }
    }
}

pub fn is_in_flight(t: &TransactionRow) -> bool {
    leg_state(t) == LegState::InFlight
}

/// The legs of `charge` among an order's transactions.
pub fn legs_of<'a>(charge: &ChargeRow, txs: &'a [TransactionRow]) -> Vec<&'a TransactionRow> {
    txs.iter()
        .filter(|t| t.charge_id.as_deref() == Some(charge.id.as_str()))
        .collect()
}

fn money(session: &SessionRow, minor: i64) -> Money {
    let currency = views::currency(session);
    Money::from_minor(currency, u64::try_from(minor).unwrap_or(0))
        .unwrap_or_else(|_| Money::zero(currency))
}

/// The charge's balance from its legs. Legs were only ever accepted through
/// [`ChargeBalance::next_leg`], so they fit; a row that does not (edited by hand) counts
/// as nothing rather than failing every read.
pub fn balance(
    session: &SessionRow,
    charge: &ChargeRow,
    legs: &[&TransactionRow],
) -> ChargeBalance {
    let total = PositiveMoney::new(money(session, charge.amount_minor))
        .or_else(|_| PositiveMoney::new(money(session, 1)))
        .expect("one minor unit is a positive amount");
    let amounts = legs
        .iter()
        .map(|t| (leg_state(t), money(session, t.amount_minor)));
    ChargeBalance::new(total, amounts)
        .or_else(|_| ChargeBalance::new(total, []))
        .expect("a charge without legs has a balance")
}

pub fn charge_status(row: &ChargeRow) -> OrderStatus {
    OrderStatus::parse(&row.status).unwrap_or(OrderStatus::Open)
}

pub fn order_status(row: &SessionRow) -> OrderStatus {
    OrderStatus::parse(&row.status).unwrap_or(OrderStatus::Open)
}

/// A charge's status follows its legs: paid only when its paid legs add up to its amount,
/// partly paid once some are, pending while a leg is in flight, failed when its last leg
/// failed or expired, open before any leg and after the payer withdrew the last one. Paid,
/// expired and cancelled are final.
pub fn derive_charge_status(
    session: &SessionRow,
    charge: &ChargeRow,
    legs: &[&TransactionRow],
) -> OrderStatus {
    let current = charge_status(charge);
    if current.is_final() {
        return current;
    }
    let balance = balance(session, charge, legs);
    if balance.is_paid() {
        OrderStatus::Paid
    } else if balance.paid().minor() > 0 {
        OrderStatus::PartiallyPaid
    } else if legs.iter().any(|t| is_in_flight(t)) {
        OrderStatus::Pending
    } else if legs
        .last()
        .is_none_or(|t| tx_status(t) == TransactionStatus::Cancelled)
    {
        OrderStatus::Open
    } else {
        OrderStatus::Failed
    }
}

/// An order's status follows its charges: paid when every charge is, partly paid once
/// any money is, pending while a leg is in flight, failed when a payer's last leg failed,
/// open otherwise. Paid, expired and cancelled are final. With one charge and one leg at
/// a time this is what a session's status always was.
pub fn derive_order_status(session: &SessionRow, charges: &[OrderStatus]) -> OrderStatus {
    let current = order_status(session);
    if current.is_final() {
        return current;
    }
    let any = |s: OrderStatus| charges.contains(&s);
    if !charges.is_empty() && charges.iter().all(|s| *s == OrderStatus::Paid) {
        OrderStatus::Paid
    } else if any(OrderStatus::Paid) || any(OrderStatus::PartiallyPaid) {
        OrderStatus::PartiallyPaid
    } else if any(OrderStatus::Pending) {
        OrderStatus::Pending
    } else if any(OrderStatus::Failed) {
        OrderStatus::Failed
    } else {
        OrderStatus::Open
    }
}

/// The automatic refund of a charge, from its legs' `auto_refund`: none, `pending` while
/// one is still to be asked of Orkestra, `failed` when one failed or needs bank details,
/// `refunded` when all settled, `requested` otherwise.
pub fn refund_status(legs: &[&TransactionRow]) -> Option<&'static str> {
    let states: Vec<&str> = legs
        .iter()
        .filter_map(|t| t.auto_refund.as_deref())
        .collect();
    if states.is_empty() {
        None
    } else if states.iter().any(|s| matches!(*s, "failed" | "manual")) {
        Some("failed")
    } else if states.iter().all(|s| *s == "refunded") {
        Some("refunded")
    } else if states.contains(&"pending") {
        Some("pending")
    } else {
        Some("requested")
    }
}

/// Ends an order (the merchant or a payer cancelled it, or its time is up): every charge
/// not paid takes `status`, and the paid legs of those charges are marked for an
/// automatic refund, all in one transaction with the merchant's webhook. Returns false,
/// changing nothing, while a leg is in flight or when the order was already final.
pub async fn close_order(
    state: &AppState,
    session_id: &str,
    status: OrderStatus,
) -> Result<bool, AppError> {
    let (mut conn, session) = crate::payments::begin_change(state, session_id).await?;
    let txs = db::transactions_of(&mut *conn, session_id).await?;
    if order_status(&session).is_final() || txs.iter().any(is_in_flight) {
        conn.commit().await?;
        return Ok(false);
    }
    let now = now_ms();
    let charges = db::charges_of(&mut *conn, session_id).await?;
    let mut refunds_failed = Vec::new();
    for charge in &charges {
        if charge_status(charge) == OrderStatus::Paid {
            continue;
        }
        db::set_charge_status(&mut conn, charge, status.as_str(), now).await?;
        for leg in legs_of(charge, &txs) {
            if tx_status(leg) != TransactionStatus::Paid || leg.auto_refund.is_some() {
                continue;
            }
            // Boleto, vouchers, transfers and crypto go back only as a payout to an
            // account the payer names: the merchant has to do that one.
            let mark = match refund_route(method(leg)) {
                RefundRoute::Original => "pending",
                RefundRoute::AlternativePayout => {
                    refunds_failed.push(charge.id.clone());
                    "manual"
                }
            };
            sqlx::query("UPDATE transactions SET auto_refund = $1, updated_at = $2 WHERE id = $3")
                .bind(mark)
                .bind(now)
                .bind(&leg.id)
                .execute(&mut *conn)
                .await?;
        }
    }
    db::set_status(
        &mut *conn,
        db::Statused::Sessions,
        session_id,
        status.as_str(),
        now,
    )
    .await?;
    outbox::enqueue_order(&mut conn, state, session_id).await?;
    refunds_failed.dedup();
    for charge_id in refunds_failed {
        outbox::enqueue_charge(
            &mut conn,
            state,
            session_id,
            &charge_id,
            "charge.refund_failed",
        )
        .await?;
    }
    events::commit_and_publish(state, conn, session_id).await?;
    tracing::info!(session_id, status = status.as_str(), "order closed");
    let state = state.clone();
    tokio::spawn(async move { request_refunds(&state).await });
    Ok(true)
}

/// The reference of a leg's automatic refund: Orkestra answers a repeat with the refund
/// already made, so asking twice (a retry, two replicas) refunds once.
fn refund_reference(tx_id: &str) -> String {
    format!("auto-{tx_id}")
}

/// Asks Orkestra to refund every leg marked `pending`. Run after an order closes and
/// every few seconds, so a refund whose call failed (Orkestra down, a restart) is asked
/// again until Orkestra answers.
pub async fn request_refunds(state: &AppState) {
    let due: sqlx::Result<Vec<TransactionRow>> =
        sqlx::query_as("SELECT * FROM transactions WHERE auto_refund = 'pending' LIMIT 50")
            .fetch_all(&state.db)
            .await;
    for leg in due.unwrap_or_default() {
        if let Err(err) = request_refund(state, &leg).await {
            tracing::warn!(transaction_id = %leg.id, error = %err, "automatic refund not requested yet");
        }
    }
}

async fn request_refund(state: &AppState, leg: &TransactionRow) -> Result<(), AppError> {
    let Some(orkestra_id) = leg.orkestra_id.as_deref().and_then(|id| id.parse().ok()) else {
        return record_refund(state, leg, "failed", None).await;
    };
    let request = RefundRequest {
        transaction_id: orkestra_id,
        reference_id: refund_reference(&leg.id),
        amount: None,
        reason: Some("checkout ended partly paid".into()),
        receiving_bank_account: None,
        beneficiary: None,
    };
    let answer: Result<(Refund, bool), _> = state
        .orkestra
        .post_referenced(&state.config.orkestra.paths.refunds, &request)
        .await?;
    match answer {
        Ok((refund, _)) => {
            let mark = match refund.status {
                RefundStatus::Pending => "requested",
                RefundStatus::Refunded => "refunded",
                RefundStatus::Failed => "failed",
            };
            tracing::info!(transaction_id = %leg.id, refund_id = refund.id, "automatic refund requested");
            record_refund(state, leg, mark, Some(refund.id.to_string())).await
        }
        Err(rejection) => {
            tracing::warn!(transaction_id = %leg.id, code = ?rejection.code, "automatic refund refused");
            record_refund(state, leg, "failed", None).await
        }
    }
}

/// Moves a leg's automatic refund forward (never back) and, when that settles its
/// charge's refund, tells the merchant: `charge.refunded` or `charge.refund_failed`.
pub async fn record_refund(
    state: &AppState,
    leg: &TransactionRow,
    mark: &str,
    refund_id: Option<String>,
) -> Result<(), AppError> {
    let (mut conn, _) = crate::payments::begin_change(state, &leg.session_id).await?;
    let allowed_from: &[&str] = match mark {
        "requested" => &["pending"],
        _ => &["pending", "requested"],
    };
    let before = charge_refund(&mut conn, leg).await?;
    let mut changed = 0;
    for from in allowed_from {
        changed += sqlx::query(
            "UPDATE transactions SET auto_refund = $1, refund_id = COALESCE($2, refund_id), updated_at = $3 \
             WHERE id = $4 AND auto_refund = $5",
        )
        .bind(mark)
        .bind(refund_id.clone())
        .bind(now_ms())
        .bind(&leg.id)
        .bind(*from)
        .execute(&mut *conn)
        .await?
        .rows_affected();
    }
    let after = charge_refund(&mut conn, leg).await?;
    if changed > 0 && before != after {
        if let (Some(kind), Some(charge_id)) = (
            match after {
                Some("refunded") => Some("charge.refunded"),
                Some("failed") => Some("charge.refund_failed"),
                _ => None,
            },
            leg.charge_id.as_deref(),
        ) {
            outbox::enqueue_charge(&mut conn, state, &leg.session_id, charge_id, kind).await?;
        }
    }
    events::commit_and_publish(state, conn, &leg.session_id).await?;
    Ok(())
}

async fn charge_refund(
    conn: &mut AnyConnection,
    leg: &TransactionRow,
) -> Result<Option<&'static str>, AppError> {
    let txs = db::transactions_of(&mut *conn, &leg.session_id).await?;
    let legs: Vec<&TransactionRow> = txs
        .iter()
        .filter(|t| t.charge_id.is_some() && t.charge_id == leg.charge_id)
        .collect();
    Ok(refund_status(&legs))
}

/// Orkestra's refund notification for one of our legs: an automatic refund settles.
pub async fn refund_settled(
    state: &AppState,
    leg: &TransactionRow,
    refund: &Refund,
) -> Result<(), AppError> {
    if refund.reference_id != refund_reference(&leg.id) || leg.auto_refund.is_none() {
        return Ok(());
    }
    let mark = match refund.status {
        RefundStatus::Pending => return Ok(()),
        RefundStatus::Refunded => "refunded",
        RefundStatus::Failed => "failed",
    };
    record_refund(state, leg, mark, Some(refund.id.to_string())).await
}
