//! Money going back out: refunds of a session's transactions and payouts, through the
//! merchant API; and Orkestra's refund and payout notifications, forwarded to the merchant
//! as signed webhooks.
//!
//! Orkestra keeps the state of both (the proxy stores no bank details): the merchant API
//! answers from Orkestra's responses, and the notifications are the merchant's feed.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::Json;
use orkestra_core::api::error::ErrorBody;
use orkestra_core::api::merchant::{
    CreatePayout, CreatePayoutBatch, CreateRefund, PayoutBatchResult, PayoutBatchView, PayoutView,
    RefundView,
};
use orkestra_core::api::orkestra::{
    Payout, PayoutBatchRequest, PayoutRequest, PayoutStatus, Refund, RefundRequest, RefundRoute,
    RefundStatus, WireAmount,
};
use orkestra_core::catalog::PaymentMethod;
use orkestra_core::error::{ErrorCode, FieldError};
use orkestra_core::money::{Currency, Money, PositiveMoney};
use sha2::{Digest, Sha256};

use crate::error::{ApiJson, AppError};
use crate::merchant::Merchant;
use crate::time::now_ms;
use crate::upstream::Rejection;
use crate::{db, outbox, AppState};

/// Most payouts one batch may carry (Orkestra's batch takes as many; the limit keeps one
/// request within the body limit and a reasonable time).
pub const MAX_BATCH: usize = 100;

/// `POST /v1/transactions/{id}/refunds` with an `Idempotency-Key` header: the same key
/// for the same transaction always means the same refund.
pub async fn create_refund(
    _: Merchant,
    State(state): State<AppState>,
    Path(tx_id): Path<String>,
    headers: HeaderMap,
    ApiJson(body): ApiJson<CreateRefund>,
) -> Result<(StatusCode, Json<RefundView>), AppError> {
    let key = crate::browser::idempotency_key(&headers)?;
    let (session, tx) = db::transaction_with_session(&state.db, &tx_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let currency = Currency::from_code(&session.currency).ok_or(AppError::NotFound)?;
    let Some(orkestra_id) = tx.orkestra_id.as_deref().and_then(|id| id.parse().ok()) else {
        return Err(AppError::Conflict(
            orkestra_core::api::error::ApiErrorCode::TransactionNotRefundable,
            "only a paid transaction can be refunded",
        ));
    };
    let mut errors = Vec::new();
    let amount = match body.amount.as_deref() {
        None => None,
        Some(text) => match Money::parse_exact(text, currency).and_then(PositiveMoney::new) {
            Ok(money) => Some(WireAmount::from_money(
                money.get(),
                state.config.orkestra.amount_units,
            )),
            Err(code) => {
                errors.push(FieldError::new("amount", code));
                None
            }
        },
    };
    if body.reason.as_deref().is_some_and(|r| r.len() > 200) {
        errors.push(FieldError::new("reason", ErrorCode::TooLong));
    }
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let request = RefundRequest {
        transaction_id: orkestra_id,
        reference_id: reference(&[&tx.id, &key]),
        amount,
        reason: body.reason,
        receiving_bank_account: body.bank_account,
        beneficiary: body.beneficiary,
    };
    let (refund, created): (Refund, bool) = state
        .orkestra
        .post_referenced(&state.config.orkestra.paths.refunds, &request)
        .await?
        .map_err(|rejection| refused(rejection, ""))?;
    tracing::info!(transaction_id = %tx.id, refund_id = refund.id, "refund requested");
    Ok((
        created_or_ok(created),
        Json(refund_view(&refund, &tx.id, &state)),
    ))
}

/// `GET /v1/transactions/{id}/refunds`.
pub async fn list_refunds(
    _: Merchant,
    State(state): State<AppState>,
    Path(tx_id): Path<String>,
) -> Result<Json<Vec<RefundView>>, AppError> {
    let (_, tx) = db::transaction_with_session(&state.db, &tx_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let Some(orkestra_id) = tx.orkestra_id.as_deref() else {
        return Ok(Json(Vec::new()));
    };
    let path = format!(
        "{}/{orkestra_id}/refunds",
        state.config.orkestra.paths.transactions
    );
    let refunds: Vec<Refund> = state.orkestra.get_from(&path).await?;
    Ok(Json(
        refunds
            .iter()
            .map(|r| refund_view(r, &tx.id, &state))
            .collect(),
    ))
}

/// `POST /v1/payouts`. Idempotent on `referenceId`.
pub async fn create_payout(
    _: Merchant,
    State(state): State<AppState>,
    ApiJson(body): ApiJson<CreatePayout>,
) -> Result<(StatusCode, Json<PayoutView>), AppError> {
    let request = payout_request(&state, &body, "").map_err(AppError::Validation)?;
    let (payout, created): (Payout, bool) = state
        .orkestra
        .post_referenced(&state.config.orkestra.paths.payouts, &request)
        .await?
        .map_err(|rejection| refused(rejection, ""))?;
    tracing::info!(payout_id = payout.id, "payout requested");
    Ok((created_or_ok(created), Json(payout_view(&payout, &state))))
}

/// `POST /v1/payouts/batch`: each item is accepted or refused on its own, in order.
pub async fn create_payout_batch(
    _: Merchant,
    State(state): State<AppState>,
    ApiJson(body): ApiJson<CreatePayoutBatch>,
) -> Result<Json<PayoutBatchView>, AppError> {
    if body.payouts.is_empty() || body.payouts.len() > MAX_BATCH {
        return Err(AppError::Validation(vec![FieldError::new(
            "payouts",
            if body.payouts.is_empty() {
                ErrorCode::Required
            } else {
                ErrorCode::TooLong
            },
        )]));
    }
    // Items that fail our own checks never reach Orkestra; their slots are kept so the
    // answer lines up with the request.
    let mut results: Vec<Option<PayoutBatchResult>> = Vec::new();
    let mut upstream = Vec::new();
    for (i, item) in body.payouts.iter().enumerate() {
        match payout_request(&state, item, &format!("payouts[{i}].")) {
            Ok(request) => {
                upstream.push(request);
                results.push(None);
            }
            Err(fields) => results.push(Some(PayoutBatchResult {
                payout: None,
                error: Some(ErrorBody {
                    code: fields
                        .first()
                        .map_or("validation_failed".into(), |f| f.code.as_str().into()),
                    message: "the payout has invalid fields".into(),
                    field: fields.first().map(|f| f.field.clone()),
                    fields,
                }),
            })),
        }
    }
    let mut answered = Vec::new().into_iter();
    if !upstream.is_empty() {
        let path = format!("{}/batch", state.config.orkestra.paths.payouts);
        let response: orkestra_core::api::orkestra::PayoutBatchResponse = state
            .orkestra
            .post_to(&path, &PayoutBatchRequest { payouts: upstream })
            .await?;
        answered = response.results.into_iter();
    }
    let results = results
        .into_iter()
        .enumerate()
        .map(|(index, slot)| {
            slot.unwrap_or_else(|| match answered.next() {
                Some(item) => PayoutBatchResult {
                    payout: item.payout.as_ref().map(|p| payout_view(p, &state)),
                    error: item.error.map(|e| {
                        let rejection = Rejection {
                            status: reqwest::StatusCode::BAD_REQUEST,
                            code: e.code,
                            field: e.field,
                            message: e.message.unwrap_or_default(),
                        };
                        error_body(refused(rejection, &format!("payouts[{}].", index)))
                    }),
                },
                None => PayoutBatchResult {
                    payout: None,
                    error: Some(ErrorBody {
                        code: "upstream_rejected".into(),
                        message: "Orkestra did not answer for this payout".into(),
                        field: None,
                        fields: Vec::new(),
                    }),
                },
            })
        })
        .collect();
    Ok(Json(PayoutBatchView { results }))
}

/// `GET /v1/payouts/{id}`.
pub async fn get_payout(
    _: Merchant,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<PayoutView>, AppError> {
    // Orkestra's ids are int64s: anything else names no payout (and is not sent on).
    if id.is_empty() || !id.bytes().all(|b| b.is_ascii_digit()) || id.parse::<i64>().is_err() {
        return Err(AppError::NotFound);
    }
    let path = format!("{}/{id}", state.config.orkestra.paths.payouts);
    let payout: Payout = state
        .orkestra
        .get_from(&path)
        .await
        .map_err(|err| match err {
            AppError::UpstreamRejected(_, Some(code)) if code == "NOT_FOUND" => AppError::NotFound,
            other => other,
        })?;
    Ok(Json(payout_view(&payout, &state)))
}

/// `POST /webhooks/orkestra/refunds`: forwarded to the session's webhook as
/// `refund.<status>`.
pub async fn refund_notification(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<StatusCode, AppError> {
    crate::inbound::authenticate(&state, &headers)?;
    let refund: Refund =
        serde_json::from_slice(&body).map_err(|e| AppError::MalformedJson(e.to_string()))?;
    let found =
        db::transaction_by_orkestra_id(&state.db, &refund.transaction_id.to_string()).await?;
    let Some((session, tx)) = found else {
        tracing::warn!(
            refund_id = refund.id,
            "refund notification for an unknown transaction ignored"
        );
        return Ok(StatusCode::NO_CONTENT);
    };
    let view = refund_view(&refund, &tx.id, &state);
    let url = session.webhook_url.as_deref();
    forward_once(
        &state,
        "refund",
        &view.id,
        &view.status,
        url,
        &session.id,
        &view,
    )
    .await?;
    crate::charges::refund_settled(&state, &tx, &refund).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /webhooks/orkestra/payouts`: forwarded to `PROXY_PAYOUT_WEBHOOK_URL` as
/// `payout.<status>`.
pub async fn payout_notification(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<StatusCode, AppError> {
    crate::inbound::authenticate(&state, &headers)?;
    let payout: Payout =
        serde_json::from_slice(&body).map_err(|e| AppError::MalformedJson(e.to_string()))?;
    let view = payout_view(&payout, &state);
    let url = state.config.payout_webhook_url.as_deref();
    forward_once(&state, "payout", &view.id, &view.status, url, "", &view).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Queues `<resource>.<status>` for the merchant at `url` only when Orkestra's
/// notification is news: it delivers at least once, and a stale `PENDING` copy may arrive
/// after the final status, but the merchant gets each status of a refund or payout once.
async fn forward_once<T: serde::Serialize>(
    state: &AppState,
    resource: &str,
    id: &str,
    status: &str,
    url: Option<&str>,
    session_id: &str,
    data: &T,
) -> Result<(), AppError> {
    let mut conn = crate::payments::begin_write(state).await?;
    if db::record_upstream_status(&mut conn, resource, id, status, now_ms()).await? {
        if let Some(url) = url {
            let kind = format!("{resource}.{status}");
            outbox::enqueue_event(&mut conn, state, session_id, url, &kind, data).await?;
        }
        tracing::info!(resource, id, status, "notification applied");
    } else {
        tracing::info!(
            resource,
            id,
            status,
            "notification already applied; nothing forwarded"
        );
    }
    conn.commit().await?;
    Ok(())
}

fn payout_request(
    state: &AppState,
    body: &CreatePayout,
    prefix: &str,
) -> Result<PayoutRequest, Vec<FieldError>> {
    let mut errors = Vec::new();
    let reference = body.reference_id.trim();
    if reference.is_empty() || reference.len() > 64 {
        errors.push(FieldError::new(
            format!("{prefix}referenceId"),
            if reference.is_empty() {
                ErrorCode::Required
            } else {
                ErrorCode::TooLong
            },
        ));
    }
    let (method, currency_ok) = match body.method {
        PaymentMethod::Pix => ("PIX", body.currency == Currency::BRL),
        PaymentMethod::Spei => ("SPEI", body.currency == Currency::MXN),
        PaymentMethod::BankTransfer => ("BANK_TRANSFER", true),
        _ => {
            errors.push(FieldError::new(
                format!("{prefix}method"),
                ErrorCode::UnsupportedMethod,
            ));
            ("", true)
        }
    };
    if !currency_ok {
        errors.push(FieldError::new(
            format!("{prefix}currency"),
            ErrorCode::CurrencyMismatch,
        ));
    }
    let amount = Money::parse_exact(&body.amount, body.currency).and_then(PositiveMoney::new);
    if let Err(code) = amount {
        errors.push(FieldError::new(format!("{prefix}amount"), code));
    }
    if body.bank_account.key.trim().is_empty() {
        errors.push(FieldError::new(
            format!("{prefix}bankAccount.key"),
            ErrorCode::Required,
        ));
    }
    if body.method == PaymentMethod::Spei {
        if let Err(code) = orkestra_core::validate::clabe(&body.bank_account.key) {
            errors.push(FieldError::new(format!("{prefix}bankAccount.key"), code));
        }
    }
    for (field, value) in [
        ("firstName", &body.beneficiary.first_name),
        ("lastName", &body.beneficiary.last_name),
        ("document", &body.beneficiary.document),
        ("documentType", &body.beneficiary.document_type),
    ] {
        if value.trim().is_empty() {
            errors.push(FieldError::new(
                format!("{prefix}beneficiary.{field}"),
                ErrorCode::Required,
            ));
        }
    }
    if !matches!(body.beneficiary.kind.as_str(), "INDIVIDUAL" | "BUSINESS") {
        errors.push(FieldError::new(
            format!("{prefix}beneficiary.type"),
            ErrorCode::InvalidFormat,
        ));
    }
    match amount {
        Ok(amount) if errors.is_empty() => Ok(PayoutRequest {
            reference_id: Some(reference.to_owned()),
            amount: WireAmount::from_money(amount.get(), state.config.orkestra.amount_units),
            currency: body.currency,
            payment_method: method.to_owned(),
            receiving_bank_account: body.bank_account.clone(),
            beneficiary: body.beneficiary.clone(),
        }),
        _ => Err(errors),
    }
}

/// Orkestra's 4xx about the merchant's request becomes our answer: a field error on our
/// name of the field (`receivingBankAccount.key` is our `bankAccount.key`; `prefix` places
/// a batch item's), a conflict, or `upstream_rejected` for what the merchant cannot fix.
fn refused(rejection: Rejection, prefix: &str) -> AppError {
    use orkestra_core::api::error::ApiErrorCode;
    let code = rejection.code.as_deref().unwrap_or_default();
    let field_error = |field: &str, code: ErrorCode| {
        AppError::Validation(vec![FieldError::new(format!("{prefix}{field}"), code)])
    };
    match code {
        "DUPLICATE_REFERENCE_ID" => AppError::Conflict(
            ApiErrorCode::IdempotencyKeyReused,
            "this reference was used for a different request",
        ),
        "REFUND_EXCEEDS_AVAILABLE" => field_error("amount", ErrorCode::AmountAboveMaximum),
        "TRANSACTION_NOT_REFUNDABLE" => AppError::Conflict(
            ApiErrorCode::TransactionNotRefundable,
            "only a paid transaction can be refunded",
        ),
        _ if rejection.status == reqwest::StatusCode::BAD_REQUEST => match &rejection.field {
            Some(field) if !field.is_empty() => {
                let ours = match field.split_once('.') {
                    Some(("receivingBankAccount", rest)) => format!("bankAccount.{rest}"),
                    _ => match field.as_str() {
                        "receivingBankAccount" => "bankAccount".to_owned(),
                        "paymentMethod" => "method".to_owned(),
                        other => other.to_owned(),
                    },
                };
                let code = match code {
                    "REQUIRED" => ErrorCode::Required,
                    "INVALID_AMOUNT" => ErrorCode::AmountFormat,
                    "AMOUNT_BELOW_MINIMUM" => ErrorCode::AmountBelowMinimum,
                    "AMOUNT_ABOVE_MAXIMUM" => ErrorCode::AmountAboveMaximum,
                    "UNSUPPORTED_CURRENCY" => ErrorCode::UnsupportedCurrency,
                    "UNSUPPORTED_PAYMENT_METHOD" => ErrorCode::UnsupportedMethod,
                    "INVALID_EMAIL" => ErrorCode::InvalidEmail,
                    // INVALID_PIX_KEY, INVALID_CLABE, INVALID_ACCOUNT, INVALID_DOCUMENT,
                    // INVALID_FIELD…: Orkestra's message says more.
                    _ => ErrorCode::InvalidFormat,
                };
                field_error(&ours, code)
            }
            _ => upstream(rejection),
        },
        _ => upstream(rejection),
    }
}

fn upstream(rejection: Rejection) -> AppError {
    AppError::UpstreamRejected(
        format!(
            "HTTP {}: {} {}",
            rejection.status,
            rejection.code.as_deref().unwrap_or_default(),
            rejection.message
        ),
        rejection.code,
    )
}

/// One batch item's refusal, in the error body's shape.
fn error_body(error: AppError) -> ErrorBody {
    match error {
        AppError::Validation(fields) => ErrorBody {
            code: fields
                .first()
                .map_or("validation_failed".into(), |f| f.code.as_str().into()),
            message: "the payout has invalid fields".into(),
            field: fields.first().map(|f| f.field.clone()),
            fields,
        },
        AppError::Conflict(code, message) => ErrorBody {
            code: code.as_str().into(),
            message: message.into(),
            field: None,
            fields: Vec::new(),
        },
        other => ErrorBody {
            code: "upstream_rejected".into(),
            message: other.to_string(),
            field: None,
            fields: Vec::new(),
        },
    }
}

/// `201` when Orkestra created the refund or payout now, `200` for a repeat.
fn created_or_ok(created: bool) -> StatusCode {
    if created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    }
}

/// A stable Orkestra `referenceId` from our own ids: the same inputs, the same refund.
fn reference(parts: &[&str]) -> String {
    let mut hash = Sha256::new();
    for part in parts {
        hash.update(part.as_bytes());
        hash.update([0]);
    }
    format!("rf_{}", &hex::encode(hash.finalize())[..32])
}

fn money_text(amount: &WireAmount, currency: Currency, state: &AppState) -> String {
    amount
        .to_money(currency, state.config.orkestra.amount_units)
        .map(|m| m.to_decimal_string())
        .unwrap_or_default()
}

fn refund_view(refund: &Refund, tx_id: &str, state: &AppState) -> RefundView {
    RefundView {
        id: refund.id.to_string(),
        transaction_id: tx_id.to_owned(),
        amount: money_text(&refund.amount, refund.currency, state),
        currency: refund.currency,
        status: match refund.status {
            RefundStatus::Pending => "pending",
            RefundStatus::Refunded => "refunded",
            RefundStatus::Failed => "failed",
        }
        .into(),
        route: match refund.route {
            RefundRoute::OriginalMethod => "original_method",
            RefundRoute::AlternativePayout => "alternative_payout",
        }
        .into(),
        failure_code: refund.status_reason.as_deref().map(str::to_ascii_lowercase),
        created_at: refund.created_at.clone(),
    }
}

fn payout_view(payout: &Payout, state: &AppState) -> PayoutView {
    PayoutView {
        id: payout.id.to_string(),
        reference_id: payout.reference_id.clone(),
        method: payout.payment_method.clone(),
        amount: money_text(&payout.amount, payout.currency, state),
        currency: payout.currency,
        status: match payout.status {
            PayoutStatus::Pending => "pending",
            PayoutStatus::Paid => "paid",
            PayoutStatus::Failed => "failed",
        }
        .into(),
        failure_code: payout.status_reason.as_deref().map(str::to_ascii_lowercase),
        account: payout.receiving_account.clone(),
        beneficiary_name: payout.beneficiary_name.clone(),
        created_at: payout.created_at.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_transaction_and_key_give_the_same_reference() {
        let a = reference(&["tx_1", "key-1"]);
        assert_eq!(a, reference(&["tx_1", "key-1"]));
        assert_ne!(a, reference(&["tx_1", "key-2"]));
        // No ambiguity from concatenation.
        assert_ne!(reference(&["tx_1k", "ey"]), reference(&["tx_1", "key"]));
        assert_eq!(a.len(), 35);
    }
}
