//! `/v1/payouts`: cash-out to a PIX key (docs 5.1), a CLABE (docs 5.2) or a bank account,
//! one at a time or in batches; also the alternative payouts of refunds.
//!
//! A payout is `PENDING` when created and becomes `PAID` or `FAILED` later: by time
//! (`SANDBOX_PAYOUT_SETTLE_SECONDS`, see `settle`), or at once through
//! `POST /_sandbox/payouts/{id}/simulate`. Receiving keys ending in `0000` or `9999` fail
//! (the magic values in the README). Every change posts the payout notification.
//!
//! Keys and documents are personal data: responses and logs carry only the masked
//! account (`***3456`).

use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use orkestra_core::api::orkestra::{
    AmountUnits, Beneficiary, Payout, PayoutBatchItem, PayoutBatchResponse, PayoutRequest,
    PayoutStatus, ReceivingBankAccount, UpstreamError, WireAmount,
};
use orkestra_core::catalog::document_types;
use orkestra_core::money::{Currency, PositiveMoney};
use orkestra_core::validate::{clabe, document, email, BrDocument, Phone};
use orkestra_core::{Country, DocumentType};
use serde::Deserialize;
use serde_json::Value;

use crate::amounts::{self, minor, positive};
use crate::auth::Authenticated;
use crate::error::SandboxError;
use crate::simulate::{SimulateRequest, SimulateResponse};
use crate::time::{now_ms, rfc3339};
use crate::{refunds, webhooks, AppState};

/// The most payouts one batch may carry.
pub const MAX_BATCH: usize = 100;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PayoutRow {
    pub id: i64,
    pub reference_id: Option<String>,
    pub request_json: String,
    pub amount_minor: i64,
    pub currency: String,
    pub payment_method: String,
    pub status: String,
    pub status_reason: Option<String>,
    pub receiving_account: String,
    pub beneficiary_name: String,
    pub refund_id: Option<i64>,
    pub created_at: i64,
}

pub async fn payout_by_id(
    conn: &mut sqlx::SqliteConnection,
    id: i64,
) -> sqlx::Result<Option<PayoutRow>> {
    sqlx::query_as(
        "SELECT id, reference_id, request_json, amount_minor, currency, payment_method, status, \
         status_reason, receiving_account, beneficiary_name, refund_id, created_at \
         FROM payouts WHERE id = ?",
    )
    .bind(id)
    .fetch_optional(conn)
    .await
}

async fn payout_by_reference(
    conn: &mut sqlx::SqliteConnection,
    reference_id: &str,
) -> sqlx::Result<Option<PayoutRow>> {
    sqlx::query_as(
        "SELECT id, reference_id, request_json, amount_minor, currency, payment_method, status, \
         status_reason, receiving_account, beneficiary_name, refund_id, created_at \
         FROM payouts WHERE reference_id = ?",
    )
    .bind(reference_id)
    .fetch_optional(conn)
    .await
}

/// The wire object, as returned and as posted in the payout notification.
pub fn wire(row: &PayoutRow, units: AmountUnits) -> Payout {
    let currency = Currency::from_code(&row.currency).unwrap_or(Currency::BRL);
    Payout {
        id: row.id,
        reference_id: row.reference_id.clone(),
        amount: amounts::wire(currency, row.amount_minor, units),
        currency,
        payment_method: row.payment_method.clone(),
        status: match row.status.as_str() {
            "PAID" => PayoutStatus::Paid,
            "FAILED" => PayoutStatus::Failed,
            _ => PayoutStatus::Pending,
        },
        status_reason: row.status_reason.clone(),
        receiving_account: row.receiving_account.clone(),
        beneficiary_name: row.beneficiary_name.clone(),
        refund_id: row.refund_id,
        created_at: Some(rfc3339(row.created_at)),
    }
}

/// A payout request that passed every check, ready to be stored.
pub struct CheckedPayout {
    /// The request with its amount normalised: what idempotency compares.
    pub request_json: String,
    pub reference_id: Option<String>,
    pub amount: PositiveMoney,
    pub currency: Currency,
    pub payment_method: String,
    /// `***` and the key's last four characters.
    pub receiving_account: String,
    /// The key's last four characters (normalised): the magic values.
    pub account_tail: String,
    pub beneficiary_name: String,
}

/// Checks a payout request the way Orkestra's docs describe it (5.1 PIX, 5.2 SPEI) plus a
/// generic `BANK_TRANSFER`. Field paths are those of the request body
/// (`receivingBankAccount.key`, `beneficiary.document`, …), which a refund's body shares.
pub fn check(request: &PayoutRequest, units: AmountUnits) -> Result<CheckedPayout, SandboxError> {
    if let Some(reference) = &request.reference_id {
        if reference.trim().is_empty() || reference.len() > 100 {
            return Err(SandboxError::invalid(
                "referenceId",
                "INVALID_FIELD",
                "referenceId must have 1 to 100 characters",
            ));
        }
    }
    let amount = positive(&request.amount, request.currency, units, "amount")?;
    let account = &request.receiving_bank_account;
    let (key, country) = match request.payment_method.as_str() {
        "PIX" => {
            need_currency(request.currency, Currency::BRL, "PIX")?;
            let key = pix_key(&account.key)?;
            check_pix_account_document(account)?;
            (key, Some(Country::BR))
        }
        "SPEI" => {
            need_currency(request.currency, Currency::MXN, "SPEI")?;
            let key = clabe(&account.key).map_err(|code| {
                SandboxError::invalid(
                    "receivingBankAccount.key",
                    "INVALID_CLABE",
                    format!("the key must be an 18-digit CLABE: {}", code.as_str()),
                )
            })?;
            check_optional_account_document(account, Country::MX)?;
            (key.digits().to_owned(), Some(Country::MX))
        }
        "BANK_TRANSFER" => {
            let key = generic_account(&account.key)?;
            let country = country_of(request.currency);
            if let Some(country) = country {
                check_optional_account_document(account, country)?;
            }
            (key, country)
        }
        other => {
            return Err(SandboxError::invalid(
                "paymentMethod",
                "UNSUPPORTED_PAYMENT_METHOD",
                format!("payouts go by PIX, SPEI or BANK_TRANSFER, not {other}"),
            ))
        }
    };
    check_beneficiary(&request.beneficiary, &request.payment_method, country)?;

    let mut normalised = request.clone();
    normalised.amount = WireAmount::from_money(amount.get(), units);
    let request_json = serde_json::to_string(&normalised)
        .map_err(|_| SandboxError::invalid("", "INVALID_REQUEST", "unserialisable"))?;
    let tail: String = {
        let chars: Vec<char> = key.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
        chars[chars.len().saturating_sub(4)..].iter().collect()
    };
    Ok(CheckedPayout {
        request_json,
        reference_id: request.reference_id.clone(),
        amount,
        currency: request.currency,
        payment_method: request.payment_method.clone(),
        receiving_account: format!("***{}", last_chars(&key, 4)),
        account_tail: tail,
        beneficiary_name: format!(
            "{} {}",
            request.beneficiary.first_name.trim(),
            request.beneficiary.last_name.trim()
        ),
    })
}

fn last_chars(s: &str, n: usize) -> String {
    let chars: Vec<char> = s.chars().collect();
    chars[chars.len().saturating_sub(n)..].iter().collect()
}

fn need_currency(given: Currency, wanted: Currency, method: &str) -> Result<(), SandboxError> {
    if given == wanted {
        Ok(())
    } else {
        Err(SandboxError::invalid(
            "currency",
            "UNSUPPORTED_CURRENCY",
            format!("{method} payouts are in {} only", wanted.code()),
        ))
    }
}

/// A PIX key, normalised: a CPF or CNPJ (digits), an email, a `+55` mobile number (E.164)
/// or a random key (EVP, a UUID, lower-case).
fn pix_key(input: &str) -> Result<String, SandboxError> {
    let invalid = |message: &str| {
        SandboxError::invalid(
            "receivingBankAccount.key",
            "INVALID_PIX_KEY",
            message.to_owned(),
        )
    };
    let key = input.trim();
    if key.is_empty() {
        return Err(invalid("the PIX key is required"));
    }
    if key.starts_with('+') {
        let phone = Phone::parse_e164(key)
            .map_err(|_| invalid("a phone key is a Brazilian mobile number as +55…"))?;
        if phone.country() != Country::BR {
            return Err(invalid("a phone key is a Brazilian mobile number as +55…"));
        }
        return Ok(phone.e164());
    }
    if key.contains('@') {
        return email(key)
            .map(|e| e.as_str().to_owned())
            .map_err(|_| invalid("not a valid email key"));
    }
    if is_uuid(key) {
        return Ok(key.to_ascii_lowercase());
    }
    BrDocument::parse(key)
        .map(|d| d.digits().to_owned())
        .map_err(|_| {
            invalid("a PIX key is a CPF, a CNPJ, an email, a +55 phone or a random key (UUID)")
        })
}

fn is_uuid(s: &str) -> bool {
    s.len() == 36
        && s.char_indices().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => c == '-',
            _ => c.is_ascii_hexdigit(),
        })
}

/// Docs 5.1: the document tied to a PIX key, CPF or CNPJ, is required.
fn check_pix_account_document(account: &ReceivingBankAccount) -> Result<(), SandboxError> {
    let document_type = account.document_type.as_deref().ok_or_else(|| {
        SandboxError::invalid(
            "receivingBankAccount.documentType",
            "INVALID_FIELD",
            "documentType (CPF or CNPJ) is required for PIX",
        )
    })?;
    let number = account.document.as_deref().ok_or_else(|| {
        SandboxError::invalid(
            "receivingBankAccount.document",
            "INVALID_FIELD",
            "document is required for PIX",
        )
    })?;
    check_document(
        Country::BR,
        &[DocumentType::Cpf, DocumentType::Cnpj],
        document_type,
        number,
        "receivingBankAccount",
    )
}

/// Where the account's document is given, it must be valid for the country.
fn check_optional_account_document(
    account: &ReceivingBankAccount,
    country: Country,
) -> Result<(), SandboxError> {
    match (&account.document_type, &account.document) {
        (Some(t), Some(d)) => check_document(
            country,
            document_types(country),
            t,
            d,
            "receivingBankAccount",
        ),
        (None, None) => Ok(()),
        (None, Some(_)) => Err(SandboxError::invalid(
            "receivingBankAccount.documentType",
            "INVALID_FIELD",
            "documentType is required with document",
        )),
        (Some(_), None) => Err(SandboxError::invalid(
            "receivingBankAccount.document",
            "INVALID_FIELD",
            "document is required with documentType",
        )),
    }
}

fn check_document(
    country: Country,
    allowed: &[DocumentType],
    document_type: &str,
    number: &str,
    field: &str,
) -> Result<(), SandboxError> {
    let kind = DocumentType::from_str_exact(document_type)
        .filter(|k| allowed.contains(k))
        .ok_or_else(|| {
            let names: Vec<&str> = allowed.iter().map(|k| k.as_str()).collect();
            SandboxError::invalid(
                format!("{field}.documentType"),
                "INVALID_DOCUMENT",
                format!("documentType must be one of {}", names.join(", ")),
            )
        })?;
    document(country, kind, number).map_err(|code| {
        SandboxError::invalid(
            format!("{field}.document"),
            "INVALID_DOCUMENT",
            format!("not a valid {}: {}", kind.as_str(), code.as_str()),
        )
    })?;
    Ok(())
}

/// A generic account number or key: 4 to 34 letters and digits once spaces and `-` are
/// removed (34 is an IBAN's maximum).
fn generic_account(input: &str) -> Result<String, SandboxError> {
    let key: String = input
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect();
    if (4..=34).contains(&key.len()) && key.bytes().all(|b| b.is_ascii_alphanumeric()) {
        Ok(key.to_ascii_uppercase())
    } else {
        Err(SandboxError::invalid(
            "receivingBankAccount.key",
            "INVALID_ACCOUNT",
            "the account must have 4 to 34 letters and digits",
        ))
    }
}

/// The one catalog country paying in `currency` whose documents we know, if any.
fn country_of(currency: Currency) -> Option<Country> {
    let mut countries = Country::ALL
        .into_iter()
        .filter(|c| c.currency() == currency && !document_types(*c).is_empty());
    match (countries.next(), countries.next()) {
        (Some(one), None) => Some(one),
        _ => None,
    }
}

fn check_beneficiary(
    beneficiary: &Beneficiary,
    method: &str,
    country: Option<Country>,
) -> Result<(), SandboxError> {
    for (value, name) in [
        (&beneficiary.first_name, "firstName"),
        (&beneficiary.last_name, "lastName"),
    ] {
        if value.trim().is_empty() || value.len() > 100 {
            return Err(SandboxError::invalid(
                format!("beneficiary.{name}"),
                "INVALID_FIELD",
                format!("{name} must have 1 to 100 characters"),
            ));
        }
    }
    if !matches!(beneficiary.kind.as_str(), "INDIVIDUAL" | "BUSINESS") {
        return Err(SandboxError::invalid(
            "beneficiary.type",
            "INVALID_FIELD",
            "type must be INDIVIDUAL or BUSINESS",
        ));
    }
    match (method, country) {
        ("PIX", _) => check_document(
            Country::BR,
            &[DocumentType::Cpf, DocumentType::Cnpj],
            &beneficiary.document_type,
            &beneficiary.document,
            "beneficiary",
        )?,
        ("SPEI", _) => check_document(
            Country::MX,
            &[DocumentType::Rfc, DocumentType::Curp],
            &beneficiary.document_type,
            &beneficiary.document,
            "beneficiary",
        )?,
        (_, Some(country))
            if DocumentType::from_str_exact(&beneficiary.document_type)
                .is_some_and(|k| document_types(country).contains(&k)) =>
        {
            check_document(
                country,
                document_types(country),
                &beneficiary.document_type,
                &beneficiary.document,
                "beneficiary",
            )?
        }
        _ => {
            if beneficiary.document.trim().is_empty() {
                return Err(SandboxError::invalid(
                    "beneficiary.document",
                    "INVALID_FIELD",
                    "document is required",
                ));
            }
            if beneficiary.document_type.trim().is_empty() {
                return Err(SandboxError::invalid(
                    "beneficiary.documentType",
                    "INVALID_FIELD",
                    "documentType is required",
                ));
            }
        }
    }
    if let Some(address) = &beneficiary.email_address {
        email(address).map_err(|code| {
            SandboxError::invalid("beneficiary.emailAddress", "INVALID_FIELD", code.as_str())
        })?;
    }
    if let Some(phone) = &beneficiary.phone_number {
        Phone::parse_e164(phone).map_err(|code| {
            SandboxError::invalid(
                "beneficiary.phoneNumber",
                "INVALID_FIELD",
                format!("phoneNumber must be E.164: {}", code.as_str()),
            )
        })?;
    }
    Ok(())
}

/// Stores a checked payout as `PENDING`, inside the caller's database transaction.
pub async fn insert(
    conn: &mut sqlx::SqliteConnection,
    payout: &CheckedPayout,
    refund_id: Option<i64>,
) -> sqlx::Result<i64> {
    let now = now_ms();
    sqlx::query_scalar(
        "INSERT INTO payouts (reference_id, request_json, amount_minor, currency, payment_method, \
         status, receiving_account, account_tail, beneficiary_name, refund_id, created_at, updated_at) \
         VALUES (?, ?, ?, ?, ?, 'PENDING', ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(&payout.reference_id)
    .bind(&payout.request_json)
    .bind(minor(payout.amount))
    .bind(payout.currency.code())
    .bind(&payout.payment_method)
    .bind(&payout.receiving_account)
    .bind(&payout.account_tail)
    .bind(&payout.beneficiary_name)
    .bind(refund_id)
    .bind(now)
    .bind(now)
    .fetch_one(conn)
    .await
}

/// Creates one payout, or returns the one already made under its `referenceId` (`false`).
async fn create_one(
    state: &AppState,
    request: &PayoutRequest,
) -> Result<(bool, Payout), SandboxError> {
    let units = state.config.amount_units;
    let checked = check(request, units)?;
    let mut tx = state.db.begin_with("BEGIN IMMEDIATE").await?;
    if let Some(reference) = &checked.reference_id {
        if let Some(existing) = payout_by_reference(&mut tx, reference).await? {
            if existing.request_json != checked.request_json {
                return Err(SandboxError::new(
                    StatusCode::CONFLICT,
                    "DUPLICATE_REFERENCE_ID",
                    "another payout already uses this referenceId",
                ));
            }
            return Ok((false, wire(&existing, units)));
        }
    }
    let id = insert(&mut tx, &checked, None).await?;
    let row = payout_by_id(&mut tx, id)
        .await?
        .ok_or_else(|| SandboxError::not_found("payout"))?;
    tx.commit().await?;
    tracing::info!(
        payout_id = id,
        method = %row.payment_method,
        account = %row.receiving_account,
        "payout created"
    );
    Ok((true, wire(&row, units)))
}

/// `POST /v1/payouts`: `201` with the new payout, `200` with the same one for a repeat.
pub async fn create(
    _: Authenticated,
    State(state): State<AppState>,
    body: Result<Json<PayoutRequest>, JsonRejection>,
) -> Result<(StatusCode, Json<Payout>), SandboxError> {
    let Json(request) = body?;
    let (created, payout) = create_one(&state, &request).await?;
    let status = if created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(payout)))
}

/// `POST /v1/payouts/batch`: up to 100 payouts, each accepted or refused on its own;
/// `200` with `results[i].payout` or `results[i].error`, in request order.
pub async fn batch(
    _: Authenticated,
    State(state): State<AppState>,
    body: Result<Json<Value>, JsonRejection>,
) -> Result<Json<PayoutBatchResponse>, SandboxError> {
    let Json(body) = body?;
    let items = body
        .get("payouts")
        .and_then(Value::as_array)
        .ok_or_else(|| {
            SandboxError::invalid("payouts", "INVALID_FIELD", "payouts must be an array")
        })?;
    if items.is_empty() || items.len() > MAX_BATCH {
        return Err(SandboxError::invalid(
            "payouts",
            "INVALID_BATCH_SIZE",
            format!("a batch has 1 to {MAX_BATCH} payouts"),
        ));
    }
    let mut results = Vec::with_capacity(items.len());
    for item in items {
        let outcome = match serde_json::from_value::<PayoutRequest>(item.clone()) {
            Ok(request) => create_one(&state, &request).await.map(|(_, p)| p),
            Err(err) => Err(SandboxError::invalid(
                "",
                "INVALID_REQUEST",
                format!("not a payout: {err}"),
            )),
        };
        results.push(match outcome {
            Ok(payout) => PayoutBatchItem {
                payout: Some(payout),
                error: None,
            },
            Err(err) => PayoutBatchItem {
                payout: None,
                error: Some(UpstreamError {
                    code: Some(err.code.to_owned()),
                    message: Some(err.message),
                    field: err.field.filter(|f| !f.is_empty()),
                }),
            },
        });
    }
    Ok(Json(PayoutBatchResponse { results }))
}

/// `GET /v1/payouts/{id}`.
pub async fn get(
    _: Authenticated,
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Json<Payout>, SandboxError> {
    let row = payout_by_id(&mut *state.db.acquire().await?, id)
        .await?
        .ok_or_else(|| SandboxError::not_found("payout"))?;
    Ok(Json(wire(&row, state.config.amount_units)))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PayoutOutcome {
    Paid,
    Failed,
}

/// What a payout to a key ending in these four characters ends as, by time.
pub fn magic_outcome(account_tail: &str) -> (PayoutOutcome, Option<&'static str>) {
    match account_tail {
        "0000" => (PayoutOutcome::Failed, Some("ACCOUNT_NOT_FOUND")),
        "9999" => (PayoutOutcome::Failed, Some("ACCOUNT_BLOCKED")),
        _ => (PayoutOutcome::Paid, None),
    }
}

/// Moves a PENDING payout to the outcome's status and queues the payout notification; a
/// refund it carries follows (and its notification is queued after). Runs inside the
/// caller's database transaction; the caller commits and wakes the outbox. `None` when
/// the payout was no longer pending.
pub async fn transition(
    conn: &mut sqlx::SqliteConnection,
    state: &AppState,
    id: i64,
    outcome: PayoutOutcome,
    reason: Option<&str>,
) -> Result<Option<&'static str>, SandboxError> {
    let (status, reason) = match outcome {
        PayoutOutcome::Paid => ("PAID", None),
        PayoutOutcome::Failed => ("FAILED", Some(reason.unwrap_or("REJECTED"))),
    };
    let changed = sqlx::query(
        "UPDATE payouts SET status = ?, status_reason = ?, updated_at = ? \
         WHERE id = ? AND status = 'PENDING'",
    )
    .bind(status)
    .bind(reason)
    .bind(now_ms())
    .bind(id)
    .execute(&mut *conn)
    .await?
    .rows_affected();
    if changed == 0 {
        return Ok(None);
    }
    let row = payout_by_id(&mut *conn, id)
        .await?
        .ok_or_else(|| SandboxError::not_found("payout"))?;
    if let Some(url) = &state.config.payout_webhook_url {
        webhooks::enqueue(&mut *conn, url, &wire(&row, state.config.amount_units)).await?;
    }
    tracing::info!(payout_id = id, status, "payout changed");
    if let Some(refund_id) = row.refund_id {
        refunds::follow_payout(&mut *conn, state, refund_id, status, reason).await?;
    }
    Ok(Some(status))
}

/// `POST /_sandbox/payouts/{id}/simulate`: pays or fails a pending payout at once.
pub async fn simulate(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    body: Result<Json<SimulateRequest<PayoutOutcome>>, JsonRejection>,
) -> Result<Json<SimulateResponse>, SandboxError> {
    let Json(request) = body?;
    let mut tx = state.db.begin_with("BEGIN IMMEDIATE").await?;
    if payout_by_id(&mut tx, id).await?.is_none() {
        return Err(SandboxError::not_found("payout"));
    }
    let status = transition(
        &mut tx,
        &state,
        id,
        request.outcome,
        request.reason.as_deref(),
    )
    .await?;
    tx.commit().await?;
    state.outbox.notify_one();
    match status {
        Some(status) => Ok(Json(SimulateResponse { id, status })),
        None => Err(SandboxError::new(
            StatusCode::CONFLICT,
            "PAYOUT_NOT_PENDING",
            "only a pending payout can be paid or failed",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pix_keys_of_every_kind_are_recognised() {
        assert_eq!(pix_key("529.982.247-25").unwrap(), "52998224725");
        assert_eq!(pix_key("11.222.333/0001-81").unwrap(), "11222333000181");
        assert_eq!(pix_key("maria@example.com").unwrap(), "maria@example.com");
        assert_eq!(pix_key("+55 11 98765-4321").unwrap(), "+5511987654321");
        assert_eq!(
            pix_key("123E4567-E89B-12D3-A456-426614174000").unwrap(),
            "123e4567-e89b-12d3-a456-426614174000"
        );
        for bad in [
            "",
            "529.982.247-24",
            "maria@",
            "+12025550123",
            "11987654321x",
        ] {
            assert!(pix_key(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn magic_tails_fail_and_others_pay() {
        assert_eq!(
            magic_outcome("0000"),
            (PayoutOutcome::Failed, Some("ACCOUNT_NOT_FOUND"))
        );
        assert_eq!(
            magic_outcome("9999"),
            (PayoutOutcome::Failed, Some("ACCOUNT_BLOCKED"))
        );
        assert_eq!(magic_outcome("3456"), (PayoutOutcome::Paid, None));
    }

    #[test]
    fn generic_accounts_are_letters_and_digits() {
        assert_eq!(generic_account("0123 4567-89").unwrap(), "0123456789");
        assert!(generic_account("12").is_err());
        assert!(generic_account("12#45").is_err());
    }
}
