//! The browser API (`/api/pay/{token}/...`): what the payment page reads and sends. The
//! token in the path is the capability; amounts and methods only come from the server.

use std::convert::Infallible;
use std::time::Duration;

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::Json;
use futures::Stream;
use hmac::{Hmac, Mac};
use orkestra_core::api::browser::{Bank, PageSession, SubmitTransactionBody};
use orkestra_core::api::error::ApiErrorCode;
use orkestra_core::api::merchant::OrderStatus;
use orkestra_core::catalog::PaymentMethod;
use orkestra_core::error::{ErrorCode, FieldError};
use orkestra_core::money::{Currency, Money};
use secrecy::ExposeSecret;
use sha2::Sha256;
use tokio::sync::broadcast::error::RecvError;

use crate::error::{ApiJson, AppError};
use crate::payments::{self, Attempt};
use crate::time::now_ms;
use crate::{charges, db, views, AppState};

pub async fn get(
    State(state): State<AppState>,
    Path(token): Path<String>,
) -> Result<Json<PageSession>, AppError> {
    Ok(Json(load(&state, &token).await?))
}

pub(crate) async fn load(state: &AppState, token: &str) -> Result<PageSession, AppError> {
    // One read transaction: the session's status and its transactions from the same
    // moment (a notification committing in between would show a failed attempt on a
    // session still pending).
    let mut conn = state.db.begin().await?;
    let charge = db::charge_by_token(&mut *conn, token)
        .await?
        .ok_or(AppError::NotFound)?;
    let row = db::session_by_id(&mut *conn, &charge.session_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let charges = db::charges_of(&mut *conn, &row.id).await?;
    let txs = db::transactions_of(&mut *conn, &row.id).await?;
    conn.commit().await?;
    let charge = charges
        .iter()
        .find(|c| c.id == charge.id)
        .unwrap_or(&charge);
    Ok(views::page_session(
        &row,
        charge,
        charges.len(),
        &txs,
        &state.config.merchant_name,
    ))
}

/// The session and the charge a page token opens; `404` for an unknown token.
pub(crate) async fn charge_of(
    state: &AppState,
    token: &str,
) -> Result<(db::SessionRow, db::ChargeRow), AppError> {
    db::by_token(&state.db, token)
        .await?
        .ok_or(AppError::NotFound)
}

/// Counts a payment submit (or a one-time code) against the session's per-minute limit.
pub(crate) fn count_submit(state: &AppState, token: &str) -> Result<(), AppError> {
    state
        .limits
        .per_session_submit
        .check(token)
        .map_err(AppError::RateLimited)
}

/// `GET /api/pay/{token}/banks`: the PSE banks, for sessions that offer PSE.
pub async fn banks(
    State(state): State<AppState>,
    Path(token): Path<String>,
) -> Result<Json<Vec<Bank>>, AppError> {
    let (session, _) = charge_of(&state, &token).await?;
    if !views::market(&session).offers(PaymentMethod::Pse) {
        return Err(AppError::NotFound);
    }
    Ok(Json(state.orkestra.pse_banks().await?))
}

/// `POST /api/pay/{token}/transactions` with an `Idempotency-Key` header: the same key
/// always means the same payment attempt, however often it is sent.
pub async fn submit(
    State(state): State<AppState>,
    Path(token): Path<String>,
    headers: HeaderMap,
    ApiJson(body): ApiJson<SubmitTransactionBody>,
) -> Result<(StatusCode, Json<PageSession>), AppError> {
    let key = idempotency_key(&headers)?;
    count_submit(&state, &token)?;
    let (session, charge) = charge_of(&state, &token).await?;
    let created = submit_to(&state, &session, &charge, key, &body).await?;
    let page = load(&state, &token).await?;
    Ok((
        if created {
            StatusCode::CREATED
        } else {
            StatusCode::OK
        },
        Json(page),
    ))
}

/// `POST /api/pay/{token}/cancel` with an `Idempotency-Key` header: the payer abandons
/// the payment. The whole order is cancelled (a share of it cannot be paid alone), and the
/// paid legs of every charge not paid in full are refunded automatically. Refused while a
/// leg is in flight and for a payer whose charge is paid; cancelling again answers the
/// cancelled session.
pub async fn cancel(
    State(state): State<AppState>,
    Path(token): Path<String>,
    headers: HeaderMap,
) -> Result<Json<PageSession>, AppError> {
    idempotency_key(&headers)?;
    let (session, charge) = charge_of(&state, &token).await?;
    if charges::charge_status(&charge) == OrderStatus::Paid {
        payments::closed_error(OrderStatus::Paid)?;
    }
    close(&state, &session, OrderStatus::Cancelled).await?;
    Ok(Json(load(&state, &token).await?))
}

/// Closes an order for the merchant or a payer (`cancelled`) or by time (`expired`), with
/// the answers both APIs give: a cancelled order again is no error.
pub(crate) async fn close(
    state: &AppState,
    session: &db::SessionRow,
    status: OrderStatus,
) -> Result<(), AppError> {
    if charges::close_order(state, &session.id, status).await? {
        return Ok(());
    }
    let now = db::session_by_id(&state.db, &session.id)
        .await?
        .ok_or(AppError::NotFound)?;
    match charges::order_status(&now) {
        current if current == status => Ok(()),
        OrderStatus::Open | OrderStatus::Failed | OrderStatus::Pending | OrderStatus::PartiallyPaid => {
            Err(AppError::Conflict(
                ApiErrorCode::TransactionInProgress,
                "a payment for this session is in progress; it can be cancelled once it has settled or failed",
            ))
        }
        other => payments::closed_error(other),
    }
}

/// One payment attempt (a leg) on a charge, from the page or (host-to-host) from the
/// merchant's server: the same checks, the same idempotency. Returns whether it was
/// created now.
pub(crate) async fn submit_to(
    state: &AppState,
    session: &db::SessionRow,
    charge: &db::ChargeRow,
    key: String,
    body: &SubmitTransactionBody,
) -> Result<bool, AppError> {
    // A replay of an attempt already made answers with it, whatever happened to the
    // session since (a card paid while the payer's retry was on its way).
    let hash = request_hash(state, body);
    if let Some(existing) = db::transaction_by_key(&state.db, &session.id, &key).await? {
        if existing.request_hash == hash && existing.status != "creating" {
            return Ok(false);
        }
    }
    if session.expires_at <= now_ms() {
        // Expires it now unless a leg is in flight (then the sweeper does, once it settles);
        // either way no new leg starts after the session's time.
        charges::close_order(state, &session.id, OrderStatus::Expired).await?;
        return Err(AppError::Conflict(
            ApiErrorCode::SessionExpired,
            "this checkout session has expired",
        ));
    }
    payments::closed_error(charges::order_status(session))?;
    payments::closed_error(charges::charge_status(charge))?;
    let market = views::market(session);
    let payer = body
        .parse()
        .and_then(|submission| submission.validate(market, server_kit::clock::year_month()))
        .map_err(AppError::Validation)?;
    let method = payer.method;
    let currency = Currency::from_code(&session.currency).ok_or(AppError::NotFound)?;
    let amount = match body.amount.as_deref() {
        None => None,
        Some(text) => Some(
            Money::parse_exact(text, currency)
                .map_err(|code| AppError::Validation(vec![FieldError::new("amount", code)]))?,
        ),
    };
    // A method whose form asks no name (mobile money, Nequi, crypto…) sends the merchant's
    // `customer.name` when there is one; Orkestra's docs require a name only for the
    // methods whose forms ask for it (see the sandbox's README). The leg's amount is
    // checked against the charge and the method's limits under the session's lock.
    let attempt = Attempt {
        key,
        request_hash: hash,
        method,
        payer,
        amount,
    };
    payments::submit(state, session, charge, attempt)
        .await
        .map_err(upstream_field_error)
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

pub(crate) fn idempotency_key(headers: &HeaderMap) -> Result<String, AppError> {
    let key = headers
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .trim();
    let code = if key.is_empty() {
        ErrorCode::Required
    } else if key.len() < 8
        || key.len() > 100
        || !key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        ErrorCode::InvalidFormat
    } else {
        return Ok(key.to_owned());
    };
    Err(AppError::Validation(vec![FieldError::new(
        "Idempotency-Key",
        code,
    )]))
}

/// Tells a replay (same key, same body) from a key reused for another request, without
/// storing what the payer typed: a keyed hash cannot be reversed by trying every CPF (or
/// every one-time code).
pub(crate) fn request_hash(state: &AppState, body: &impl serde::Serialize) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(
        state
            .config
            .webhook_signing_secret
            .expose_secret()
            .as_bytes(),
    )
    .expect("HMAC takes keys of any length");
    mac.update(serde_json::to_string(body).unwrap_or_default().as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

/// `GET /api/pay/{token}/events`: Server-Sent Events, one `session` event with the whole
/// page session on connect and after every change; `reconnect` when the server stops.
pub async fn events(
    State(state): State<AppState>,
    Path(token): Path<String>,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, AppError> {
    let (row, _) = charge_of(&state, &token).await?;
    let feed = Feed {
        rx: state.hub.subscribe(&row.id),
        shutdown: state.hub.shutdown_signal(),
        state,
        token,
        first: true,
    };
    let stream = futures::stream::unfold(Some(feed), |feed| async move {
        let mut feed = feed?;
        if !std::mem::take(&mut feed.first) {
            tokio::select! {
                received = feed.rx.recv() => {
                    if let Err(RecvError::Closed) = received { return None; }
                }
                _ = feed.shutdown.wait_for(|stopping| *stopping) => {
                    let bye = Event::default().event("reconnect").data("the server is restarting");
                    return Some((Ok(bye), None));
                }
            }
        }
        let event = match load(&feed.state, &feed.token).await {
            Ok(page) => Event::default()
                .event("session")
                .json_data(page)
                .unwrap_or_default(),
            Err(_) => Event::default().event("reconnect").data("try again"),
        };
        Some((Ok(event), Some(feed)))
    });
    Ok(Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(15))))
}

struct Feed {
    state: AppState,
    token: String,
    rx: tokio::sync::broadcast::Receiver<()>,
    shutdown: tokio::sync::watch::Receiver<bool>,
    first: bool,
}
