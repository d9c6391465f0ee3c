//! A payment attempt (a leg) on a charge, from the page or (host-to-host) from the
//! merchant's server: the same checks, the same idempotency. The same `Idempotency-Key`
//! always means the same attempt, however often it is sent: a double click, a retry, a
//! reload, a crash half way.
//!
//! The leg is stored first (`creating`), under the session's lock with every rule of the
//! charge checked, then created at Orkestra, then its answer recorded. A call that never
//! reached Orkestra leaves nothing behind; one that may have arrived leaves the leg
//! `creating`, for a retry under the same key to finish or the reconciler to settle.

use orkestra_core::api::browser::{Payer, SubmitTransactionBody};
use orkestra_core::api::error::ApiErrorCode;
use orkestra_core::api::merchant::{OrderStatus, TransactionStatus};
use orkestra_core::catalog::{amount_limits, PaymentMethod};
use orkestra_core::error::{ErrorCode, FieldError};
use orkestra_core::money::{Money, PositiveMoney};
use orkestra_core::split::LegError;

use super::settle::{change_legs, settle};
use super::{close, in_progress, refuse_if_closed};
use crate::error::AppError;
use crate::ids;
use crate::model::{Charge, Leg, Order, Outcome, PayerSummary, Session};
use crate::present::merchant::page_url;
use crate::state::AppState;
use crate::store::legs::NewLeg;
use crate::time::now_ms;
use crate::upstream::{order, transaction, Answer};

/// What the payer (or the merchant's server) submitted, checked.
struct Attempt {
    key: String,
    request_hash: String,
    method: PaymentMethod,
    payer: Payer,
    /// The leg's amount as asked; `None` is the whole remainder.
    amount: Option<Money>,
}

/// Makes (or replays) the attempt `key` on `charge`. Returns whether this call made it.
pub async fn submit(
    state: &AppState,
    session: &Session,
    charge: &Charge,
    key: String,
    body: &SubmitTransactionBody,
) -> Result<bool, AppError> {
    // A replay of an attempt already made answers with it, whatever happened to the
    // session since (a card paid while the payer's retry was on its way).
    let request_hash = state.keys.request_hash(body);
    if let Some(existing) = state.store.leg_by_key(&session.id, &key).await? {
        if existing.request_hash == request_hash && existing.status != TransactionStatus::Creating {
            return Ok(false);
        }
    }
    if session.expires_at <= now_ms() {
        // Expires it now unless a leg is in flight (then the sweeper does, once it
        // settles); either way no new leg starts after the session's time.
        close::close_order(state, &session.id, OrderStatus::Expired).await?;
        return Err(AppError::Conflict(
            ApiErrorCode::SessionExpired,
            "this checkout session has expired",
        ));
    }
    refuse_if_closed(session.status)?;
    refuse_if_closed(charge.status)?;
    let submission = body.parse().map_err(AppError::Validation)?;
    let payer = submission
        .validate(
            session.market(),
            server_kit::clock::year_month(),
            session.spec.card_capture(),
        )
        .map_err(AppError::Validation)?;
    let amount = match &submission.amount {
        None => None,
        Some(amount) => Some(
            amount
                .in_currency(session.currency())
                .map_err(|code| AppError::Validation(vec![FieldError::new("amount", code)]))?,
        ),
    };
    // A method whose form asks no name (mobile money, Nequi, crypto…) sends the
    // merchant's `customer.name` when there is one (see `upstream::transaction`).
    let attempt = Attempt {
        key,
        request_hash,
        method: payer.method,
        payer,
        amount,
    };
    make(state, session, charge, attempt)
        .await
        .map_err(upstream_field_error)
}

async fn make(
    state: &AppState,
    session: &Session,
    charge: &Charge,
    attempt: Attempt,
) -> Result<bool, AppError> {
    let Some(leg) = stored_attempt(state, session, charge, &attempt).await? else {
        return Ok(false);
    };
    match call_upstream(state, session, charge, &leg, &attempt).await {
        Ok(answer) => {
            record_answer(state, &session.id, &leg.id, answer).await?;
            Ok(true)
        }
        Err(AppError::UpstreamRejected(reason, code)) => {
            let failed = Outcome {
                status: TransactionStatus::Failed,
                failure_code: Some("upstream_rejected".into()),
            };
            set_outcome(state, &session.id, &leg.id, failed).await?;
            Err(AppError::UpstreamRejected(reason, code))
        }
        // Orkestra never got the request, so nothing exists there: nothing stays here
        // either, and the session is as it was (a retry under the same key starts afresh).
        Err(AppError::UpstreamUnreached(reason)) => {
            forget(state, &session.id, &leg).await?;
            Err(AppError::UpstreamUnreached(reason))
        }
        // Unavailable (it may have arrived): the leg stays `creating`; a retry with the
        // same key resumes it, and Orkestra's references make that one transaction.
        Err(other) => Err(other),
    }
}

/// The leg to call Orkestra for: one stored now, or one stored before and never
/// confirmed upstream (a crash, a timeout, a double click still in flight), taken over;
/// `None` when the key's attempt is done and the call is a replay.
async fn stored_attempt(
    state: &AppState,
    session: &Session,
    charge: &Charge,
    attempt: &Attempt,
) -> Result<Option<Leg>, AppError> {
    // A leg dropped just as it was taken over is stored again, so this rarely loops.
    for _ in 0..3 {
        let existing = match state.store.leg_by_key(&session.id, &attempt.key).await? {
            Some(existing) => existing,
            None => match insert(state, session, charge, attempt).await? {
                Inserted::New(leg) => return Ok(Some(leg)),
                // The same key stored meanwhile (a double click racing itself).
                Inserted::Existing(existing) => existing,
            },
        };
        if existing.request_hash != attempt.request_hash || existing.charge_id != charge.id {
            return Err(AppError::Conflict(
                ApiErrorCode::IdempotencyKeyReused,
                "this Idempotency-Key was used for a different payment",
            ));
        }
        if existing.status != TransactionStatus::Creating {
            return Ok(None);
        }
        let id = existing.id.clone();
        let claimed = state
            .store
            .write(move |c| Box::pin(async move { c.claim_creating(&id, now_ms()).await }))
            .await?;
        if let Some(claimed) = claimed {
            return Ok(Some(claimed));
        }
    }
    Err(in_progress("this payment attempt is being retried"))
}

enum Inserted {
    New(Leg),
    Existing(Leg),
}

/// Stores a new leg, holding the session's lock so that the checks (the charge still
/// open, cards first, the amount within what is left) and the insert see the same legs,
/// whichever replica the other legs went through.
async fn insert(
    state: &AppState,
    session: &Session,
    charge: &Charge,
    attempt: &Attempt,
) -> Result<Inserted, AppError> {
    let session_id = session.id.clone();
    let charge_id = charge.id.clone();
    let key = attempt.key.clone();
    let request_hash = attempt.request_hash.clone();
    let method = attempt.method;
    let asked = attempt.amount;
    let payer = PayerSummary {
        name: attempt
            .payer
            .name
            .as_ref()
            .map(|n| n.full())
            .unwrap_or_default(),
        document_type: attempt.payer.document.as_ref().map(|d| d.kind()),
        document_masked: attempt
            .payer
            .document
            .as_ref()
            .map(|d| d.masked())
            .unwrap_or_default(),
        email_masked: attempt
            .payer
            .email
            .as_ref()
            .map(|e| e.masked())
            .unwrap_or_default(),
    };
    let public_url = state.config.public_url.clone();
    state
        .store
        .write(move |c| {
            Box::pin(async move {
                // The lock first: a concurrent request with the same key (on this replica
                // or another) has then either committed its leg, found here, or not begun.
                let order = c.lock_order(&session_id).await?;
                if let Some(existing) = c.leg_by_key(&session_id, &key).await? {
                    return Ok(Inserted::Existing(existing));
                }
                let charge = order.charge(&charge_id).ok_or(AppError::NotFound)?;
                refuse_if_closed(order.session.status)?;
                refuse_if_closed(charge.status)?;
                let amount = admit(&order, charge, method, asked)?;
                let id = ids::transaction_id(&session_id, &key);
                let new = NewLeg {
                    id: &id,
                    session_id: &session_id,
                    charge_id: &charge_id,
                    idempotency_key: &key,
                    request_hash: &request_hash,
                    method,
                    amount,
                    payer: &payer,
                    now: now_ms(),
                };
                let leg = match c.insert_leg(new).await {
                    Ok(leg) => leg,
                    Err(err) if err.is_unique_violation() => {
                        return Err(in_progress(
                            "a payment for this session is already in progress",
                        ))
                    }
                    Err(err) => return Err(err.into()),
                };
                c.touch(&session_id);
                settle(c, &order, &public_url).await?;
                Ok(Inserted::New(leg))
            })
        })
        .await
}

/// Whether a leg of `method` for `asked` (the whole remainder when `None`) may start on
/// `charge` now, and its amount.
///
/// Synchronous legs (cards) run first: a card is authorised while the payer waits, and
/// nothing else starts meanwhile; a card does not start while another leg waits for the
/// payer (a PIX code), whose outcome decides what is left.
fn admit(
    order: &Order,
    charge: &Charge,
    method: PaymentMethod,
    asked: Option<Money>,
) -> Result<PositiveMoney, AppError> {
    let legs: Vec<&Leg> = order.legs_of(charge).collect();
    if legs
        .iter()
        .any(|l| l.is_in_flight() && l.method.is_synchronous())
    {
        return Err(in_progress("a card payment for this charge is in progress"));
    }
    if method.is_synchronous() && legs.iter().any(|l| l.is_in_flight()) {
        return Err(in_progress(
            "a payment for this charge is pending; card legs go before the others",
        ));
    }
    let balance = order.balance(charge)?;
    let limits = amount_limits(order.session.market(), method);
    balance
        .next_leg(asked, (limits.min, limits.max))
        .map_err(|err| match err {
            LegError::NothingLeft if balance.in_flight().minor() > 0 => {
                in_progress("a payment for this session is already in progress")
            }
            LegError::NothingLeft => AppError::Conflict(
                ApiErrorCode::SessionPaid,
                "this checkout session is already paid",
            ),
            // A given amount is the payer's to fix; without one, the method does not take
            // what is left (an OXXO voucher is at most MXN 10,000).
            other => AppError::Validation(vec![FieldError::new(
                if asked.is_some() { "amount" } else { "method" },
                other.code(),
            )]),
        })
}

/// Creates the leg upstream. A session paid in one go by its only payer creates
/// Orkestra's order with the transaction in it. A split charge or an order with several
/// payers first creates the order with its charges and no transactions, then adds each
/// leg to its charge with the payer as the charge's customer.
async fn call_upstream(
    state: &AppState,
    session: &Session,
    charge: &Charge,
    leg: &Leg,
    attempt: &Attempt,
) -> Result<Answer, AppError> {
    let units = state.orkestra.units();
    let spec = &session.spec;
    // Another leg may have created the order since this request read the session.
    let current = state
        .store
        .session(&session.id)
        .await?
        .ok_or(AppError::NotFound)?;
    // A 3-D Secure or bank page sends the payer back to the hosted page, which resumes.
    let return_url = page_url(&state.config.public_url, &charge.token);
    let request =
        transaction::transaction(&attempt.payer, session.currency(), &leg.id, &return_url);
    let known = charge.customer.as_ref().or(spec.customer.as_ref());
    let customer = transaction::customer(&attempt.payer, known, session.market());
    let several = spec.charges.len() > 1;
    let merchant_name = &state.config.merchant_name;
    if current.orkestra_order_id.is_none() && !several && leg.amount == charge.amount {
        let request =
            order::order_with_payment(&session.id, spec, merchant_name, units, customer, request);
        let created = state.orkestra.create_order(&request).await?;
        keep_order_ids(state, &session.id, created.id, created.charge_ids.clone()).await?;
        return created.leg(&leg.id).cloned().ok_or_else(|| {
            AppError::UpstreamRejected("the order does not contain our transaction".into(), None)
        });
    }
    let order_id = match current.orkestra_order_id {
        Some(id) => id,
        None => {
            let request = order::order_of_charges(&session.id, spec, merchant_name, units);
            let created = state.orkestra.create_order(&request).await?;
            keep_order_ids(state, &session.id, created.id, created.charge_ids.clone()).await?;
            created.id
        }
    };
    let charge_id = if several {
        Some(orkestra_charge_id(state, session, charge, order_id).await?)
    } else {
        None
    };
    let request = transaction::with_amount(request, leg.amount.get(), units);
    Ok(state
        .orkestra
        .add_transaction(order_id, charge_id, &request, Some(customer))
        .await?)
}

/// Keeps Orkestra's order id and its charges' ids.
pub async fn keep_order_ids(
    state: &AppState,
    session_id: &str,
    order_id: i64,
    charge_ids: Vec<i64>,
) -> Result<(), AppError> {
    let session_id = session_id.to_owned();
    state
        .store
        .write(move |c| {
            Box::pin(async move {
                c.set_order_ids(&session_id, order_id, &charge_ids).await?;
                Ok(())
            })
        })
        .await
}

/// Orkestra's id of our charge: kept when the order was created, or read back from the
/// order (its charges are in ours' order) when that answer was lost.
async fn orkestra_charge_id(
    state: &AppState,
    session: &Session,
    charge: &Charge,
    order_id: i64,
) -> Result<i64, AppError> {
    let kept = state
        .store
        .order(&session.id)
        .await?
        .and_then(|o| o.charge(&charge.id).and_then(|c| c.orkestra_charge_id));
    if let Some(id) = kept {
        return Ok(id);
    }
    let order = state.orkestra.order(order_id).await?;
    keep_order_ids(state, &session.id, order.id, order.charge_ids.clone()).await?;
    order
        .charge_ids
        .get(charge.position)
        .copied()
        .ok_or_else(|| AppError::UpstreamRejected("the order lacks our charge".into(), None))
}

/// Records Orkestra's answer to the create call (a card declined at once carries its
/// reason in it).
pub async fn record_answer(
    state: &AppState,
    session_id: &str,
    leg_id: &str,
    answer: Answer,
) -> Result<(), AppError> {
    let leg_id = leg_id.to_owned();
    change_legs(state, session_id, move |c, _| {
        Box::pin(async move {
            let (id, action, outcome) = (answer.orkestra_id, answer.next_action, answer.outcome);
            c.record_created(&leg_id, id, action.as_ref(), &outcome, now_ms())
                .await?;
            Ok(())
        })
    })
    .await
}

async fn set_outcome(
    state: &AppState,
    session_id: &str,
    leg_id: &str,
    outcome: Outcome,
) -> Result<(), AppError> {
    let leg_id = leg_id.to_owned();
    change_legs(state, session_id, move |c, _| {
        Box::pin(async move { Ok(c.set_leg_outcome(&leg_id, &outcome, now_ms()).await?) })
    })
    .await
}

/// Drops a leg that never reached Orkestra, unless another request (a double click, a
/// retry) took it over meanwhile: that one's call may have got through.
async fn forget(state: &AppState, session_id: &str, leg: &Leg) -> Result<(), AppError> {
    let (leg_id, updated_at) = (leg.id.clone(), leg.updated_at);
    change_legs(state, session_id, move |c, _| {
        Box::pin(async move {
            c.drop_unconfirmed(&leg_id, updated_at).await?;
            Ok(())
        })
    })
    .await
}

/// Orkestra's refusal of something the payer typed, where its code names the input
/// unambiguously: a field error the page can show (the attempt is recorded as failed; a
/// new key tries again). Everything else stays `upstream_rejected`.
fn upstream_field_error(err: AppError) -> AppError {
    let AppError::UpstreamRejected(_, Some(code)) = &err else {
        return err;
    };
    let (field, code) = match code.as_str() {
        "UNKNOWN_BANK" => ("bank", ErrorCode::InvalidFormat),
        "UNSUPPORTED_NETWORK" => ("network", ErrorCode::InvalidFormat),
        "INVALID_PHONE" => ("payer.phone", ErrorCode::InvalidFormat),
        "INVALID_EMAIL" => ("payer.email", ErrorCode::InvalidEmail),
        "INVALID_DOCUMENT" => ("payer.document", ErrorCode::InvalidFormat),
        "AMOUNT_ABOVE_MAXIMUM" => ("method", ErrorCode::AmountAboveMaximum),
        "AMOUNT_BELOW_MINIMUM" => ("method", ErrorCode::AmountBelowMinimum),
        _ => return err,
    };
    AppError::Validation(vec![FieldError::new(field, code)])
}
