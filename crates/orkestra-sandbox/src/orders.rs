//! `/v1/orders`: create an order (cash-in), read it, and add a transaction to it.

use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use orkestra_core::api::orkestra::{
    AddTransactionRequest, Customer, Order, OrderRequest, Transaction, TransactionRequest,
    WireAmount,
};
use orkestra_core::money::{Currency, Money, PositiveMoney};
use orkestra_core::validate::BrDocument;

use crate::auth::Authenticated;
use crate::error::SandboxError;
use crate::time::{now_ms, parse_rfc3339};
use crate::{db, pix, view, AppState};

pub async fn create(
    _: Authenticated,
    State(state): State<AppState>,
    body: Result<Json<OrderRequest>, JsonRejection>,
) -> Result<(StatusCode, Json<Order>), SandboxError> {
    let Json(request) = body?;
    let units = state.config.amount_units;
    let amount = positive(&request.amount, request.currency, units, "amount")?;
    if request.merchant_order_id.trim().is_empty() || request.merchant_order_id.len() > 100 {
        return Err(SandboxError::invalid(
            "merchantOrderId",
            "INVALID_FIELD",
            "merchantOrderId must have 1 to 100 characters",
        ));
    }
    if request.charges.is_empty() {
        return Err(SandboxError::invalid(
            "charges",
            "INVALID_FIELD",
            "an order needs at least one charge",
        ));
    }
    let request_json = serde_json::to_string(&request)
        .map_err(|_| SandboxError::invalid("", "INVALID_REQUEST", "unserialisable"))?;

    // Idempotency on merchantOrderId: the same request again returns the same order; a
    // different request under the same id is refused rather than silently merged.
    if let Some(existing) = db::order_by_merchant_id(&state.db, &request.merchant_order_id).await? {
        if existing.request_json != request_json {
            return Err(SandboxError::new(
                StatusCode::CONFLICT,
                "DUPLICATE_MERCHANT_ORDER_ID",
                "another order already uses this merchantOrderId",
            ));
        }
        let view = view::load(&mut *state.db.acquire().await?, existing, units).await?;
        return Ok((StatusCode::OK, Json(view.order)));
    }

    let charge_amounts = split(
        amount,
        request.charges.iter().map(|c| c.amount.as_ref()),
        request.currency,
        units,
        "charges",
    )?;
    let mut plans = Vec::new();
    for (i, (charge, charge_amount)) in request.charges.iter().zip(&charge_amounts).enumerate() {
        check_customer(&charge.customer, &format!("charges[{i}].customer"))?;
        if charge.transactions.is_empty() {
            return Err(SandboxError::invalid(
                format!("charges[{i}].transactions"),
                "INVALID_FIELD",
                "a charge needs at least one transaction",
            ));
        }
        let tx_amounts = split(
            *charge_amount,
            charge.transactions.iter().map(|t| t.amount.as_ref()),
            request.currency,
            units,
            &format!("charges[{i}].transactions"),
        )?;
        for (j, tx) in charge.transactions.iter().enumerate() {
            check_method(
                tx,
                request.currency,
                &format!("charges[{i}].transactions[{j}]"),
            )?;
            if tx.payment_method == "PIX" {
                check_br_document(&charge.customer, &format!("charges[{i}].customer"))?;
            }
        }
        plans.push(tx_amounts);
    }

    let now = now_ms();
    let mut db_tx = state.db.begin().await?;
    let order_id: i64 = sqlx::query_scalar(
        "INSERT INTO orders (merchant_order_id, request_json, currency, amount_minor, allows_third_party, metadata, created_at) \
         VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(&request.merchant_order_id)
    .bind(&request_json)
    .bind(request.currency.code())
    .bind(minor(amount))
    .bind(request.allows_third_party_payments)
    .bind(serde_json::Value::Object(request.metadata.clone()).to_string())
    .bind(now)
    .fetch_one(&mut *db_tx)
    .await?;
    for ((charge, charge_amount), tx_amounts) in
        request.charges.iter().zip(&charge_amounts).zip(&plans)
    {
        let charge_id: i64 = sqlx::query_scalar(
            "INSERT INTO charges (order_id, amount_minor, customer) VALUES (?, ?, ?) RETURNING id",
        )
        .bind(order_id)
        .bind(minor(*charge_amount))
        .bind(serde_json::to_string(&charge.customer).unwrap_or_default())
        .fetch_one(&mut *db_tx)
        .await?;
        for (tx, tx_amount) in charge.transactions.iter().zip(tx_amounts) {
            insert_transaction(&mut db_tx, &state, order_id, charge_id, tx, *tx_amount, now)
                .await?;
        }
    }
    db_tx.commit().await?;
    let row = db::order_by_id(&state.db, order_id)
        .await?
        .ok_or_else(|| SandboxError::not_found("order"))?;
    tracing::info!(order_id, merchant_order_id = %row.merchant_order_id, "order created");
    let view = view::load(&mut *state.db.acquire().await?, row, units).await?;
    Ok((StatusCode::CREATED, Json(view.order)))
}

pub async fn get(
    _: Authenticated,
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Json<Order>, SandboxError> {
    let row = db::order_by_id(&state.db, id)
        .await?
        .ok_or_else(|| SandboxError::not_found("order"))?;
    Ok(Json(
        view::load(
            &mut *state.db.acquire().await?,
            row,
            state.config.amount_units,
        )
        .await?
        .order,
    ))
}

/// A new attempt on an existing charge, e.g. after a failed or expired one.
pub async fn add_transaction(
    _: Authenticated,
    State(state): State<AppState>,
    Path(order_id): Path<i64>,
    body: Result<Json<AddTransactionRequest>, JsonRejection>,
) -> Result<(StatusCode, Json<Transaction>), SandboxError> {
    let Json(request) = body?;
    let units = state.config.amount_units;
    let order = db::order_by_id(&state.db, order_id)
        .await?
        .ok_or_else(|| SandboxError::not_found("order"))?;
    let currency =
        Currency::from_code(&order.currency).ok_or_else(|| SandboxError::not_found("currency"))?;
    let charges = db::charges_of(&state.db, order_id).await?;
    let charge = match request.charge_id {
        Some(id) => charges.iter().find(|c| c.id == id),
        None if charges.len() == 1 => charges.first(),
        None => {
            return Err(SandboxError::invalid(
                "chargeId",
                "INVALID_FIELD",
                "chargeId is required when the order has several charges",
            ))
        }
    }
    .ok_or_else(|| SandboxError::not_found("charge"))?;
    let tx = &request.transaction;
    check_method(tx, currency, "transaction")?;
    let all = db::transactions_of(&state.db, order_id).await?;
    if let Some(reference) = &tx.reference_id {
        if let Some(found) = all
            .iter()
            .find(|t| t.reference_id.as_deref() == Some(reference))
        {
            let view = view::build(order, &charges, &all, units);
            let wire = view
                .transactions
                .into_iter()
                .find(|t| t.id == found.id)
                .ok_or_else(|| SandboxError::not_found("transaction"))?;
            return Ok((StatusCode::OK, Json(wire)));
        }
    }
    let paid: i64 = all
        .iter()
        .filter(|t| t.charge_id == charge.id && t.status == "PAID")
        .map(|t| t.paid_minor)
        .sum();
    let pending: i64 = all
        .iter()
        .filter(|t| t.charge_id == charge.id && t.status == "PENDING")
        .map(|t| t.amount_minor)
        .sum();
    let open = charge.amount_minor - paid - pending;
    let amount = match &tx.amount {
        Some(a) => positive(a, currency, units, "amount")?,
        None => PositiveMoney::new(
            Money::from_minor(currency, u64::try_from(open).unwrap_or(0))
                .map_err(|_| SandboxError::invalid("amount", "INVALID_AMOUNT", "bad amount"))?,
        )
        .map_err(|_| {
            SandboxError::new(
                StatusCode::CONFLICT,
                "CHARGE_ALREADY_COVERED",
                "the charge is already paid or pending in full",
            )
        })?,
    };
    if minor(amount) > open {
        return Err(SandboxError::new(
            StatusCode::CONFLICT,
            "AMOUNT_EXCEEDS_OPEN_BALANCE",
            "the amount is more than what is left to pay on the charge",
        ));
    }
    let mut db_tx = state.db.begin().await?;
    let id = insert_transaction(
        &mut db_tx,
        &state,
        order_id,
        charge.id,
        tx,
        amount,
        now_ms(),
    )
    .await?;
    db_tx.commit().await?;
    let all = db::transactions_of(&state.db, order_id).await?;
    let view = view::build(order, &charges, &all, units);
    let wire = view
        .transactions
        .into_iter()
        .find(|t| t.id == id)
        .ok_or_else(|| SandboxError::not_found("transaction"))?;
    Ok((StatusCode::CREATED, Json(wire)))
}

async fn insert_transaction(
    db_tx: &mut sqlx::Transaction<'_, sqlx::Sqlite>,
    state: &AppState,
    order_id: i64,
    charge_id: i64,
    tx: &TransactionRequest,
    amount: PositiveMoney,
    now: i64,
) -> Result<i64, SandboxError> {
    let expires_at = match tx.pix.as_ref().and_then(|p| p.expires_at.as_deref()) {
        Some(text) => parse_rfc3339(text).ok_or_else(|| {
            SandboxError::invalid(
                "pix.expiresAt",
                "INVALID_FIELD",
                "expiresAt must be an ISO 8601 date-time",
            )
        })?,
        None => now + state.config.pix_default_expiry.as_millis() as i64,
    };
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO transactions (order_id, charge_id, payment_method, status, amount_minor, reference_id, expires_at, created_at, updated_at) \
         VALUES (?, ?, ?, 'PENDING', ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(order_id)
    .bind(charge_id)
    .bind(&tx.payment_method)
    .bind(minor(amount))
    .bind(&tx.reference_id)
    .bind(expires_at)
    .bind(now)
    .bind(now)
    .fetch_one(&mut **db_tx)
    .await?;
    sqlx::query("UPDATE transactions SET pix_qr_code = ? WHERE id = ?")
        .bind(pix::copy_and_paste(id, amount.get()))
        .bind(id)
        .execute(&mut **db_tx)
        .await?;
    Ok(id)
}

fn minor(amount: PositiveMoney) -> i64 {
    i64::try_from(amount.get().minor()).unwrap_or(i64::MAX)
}

fn positive(
    amount: &WireAmount,
    currency: Currency,
    units: orkestra_core::api::orkestra::AmountUnits,
    field: &str,
) -> Result<PositiveMoney, SandboxError> {
    amount
        .to_money(currency, units)
        .and_then(PositiveMoney::new)
        .map_err(|code| {
            SandboxError::invalid(
                field,
                "INVALID_AMOUNT",
                format!("{field}: {}", code.as_str()),
            )
        })
}

/// Shares of a total: parts without an amount are allowed only when there is exactly one
/// part (it takes the total); given amounts must add up to the total exactly.
fn split<'a>(
    total: PositiveMoney,
    parts: impl ExactSizeIterator<Item = Option<&'a WireAmount>>,
    currency: Currency,
    units: orkestra_core::api::orkestra::AmountUnits,
    field: &str,
) -> Result<Vec<PositiveMoney>, SandboxError> {
    let parts: Vec<_> = parts.collect();
    if let [None] = parts.as_slice() {
        return Ok(vec![total]);
    }
    let mut amounts = Vec::new();
    let mut sum = Money::zero(currency);
    for (i, part) in parts.into_iter().enumerate() {
        let amount = part.ok_or_else(|| {
            SandboxError::invalid(
                format!("{field}[{i}].amount"),
                "INVALID_AMOUNT",
                "each of several parts needs an amount",
            )
        })?;
        let amount = positive(amount, currency, units, &format!("{field}[{i}].amount"))?;
        sum = sum
            .checked_add(amount.get())
            .map_err(|_| SandboxError::invalid(field, "INVALID_AMOUNT", "overflow"))?;
        amounts.push(amount);
    }
    if sum != total.get() {
        return Err(SandboxError::invalid(
            field,
            "AMOUNT_MISMATCH",
            "the parts' amounts must add up to the total",
        ));
    }
    Ok(amounts)
}

fn check_customer(customer: &Customer, field: &str) -> Result<(), SandboxError> {
    if customer.first_name.trim().is_empty() {
        return Err(SandboxError::invalid(
            format!("{field}.firstName"),
            "INVALID_FIELD",
            "firstName is required",
        ));
    }
    if customer.last_name.trim().is_empty() {
        return Err(SandboxError::invalid(
            format!("{field}.lastName"),
            "INVALID_FIELD",
            "lastName is required",
        ));
    }
    Ok(())
}

/// The methods this sandbox emulates so far, with the customer data each one needs.
fn check_method(
    tx: &TransactionRequest,
    currency: Currency,
    field: &str,
) -> Result<(), SandboxError> {
    match tx.payment_method.as_str() {
        "PIX" if currency == Currency::BRL => Ok(()),
        "PIX" => Err(SandboxError::invalid(
            format!("{field}.paymentMethod"),
            "UNSUPPORTED_CURRENCY",
            "PIX takes BRL only",
        )),
        other => Err(SandboxError::invalid(
            format!("{field}.paymentMethod"),
            "UNSUPPORTED_PAYMENT_METHOD",
            format!("payment method {other} is not available"),
        )),
    }
}

/// PIX needs a valid CPF or CNPJ whose type matches `documentType`.
fn check_br_document(customer: &Customer, field: &str) -> Result<(), SandboxError> {
    let document = BrDocument::parse(&customer.document).map_err(|code| {
        SandboxError::invalid(
            format!("{field}.document"),
            "INVALID_DOCUMENT",
            code.as_str(),
        )
    })?;
    let expected = match document {
        BrDocument::Cpf(_) => "CPF",
        BrDocument::Cnpj(_) => "CNPJ",
    };
    if customer.document_type != expected {
        return Err(SandboxError::invalid(
            format!("{field}.documentType"),
            "INVALID_DOCUMENT",
            "documentType does not match the document",
        ));
    }
    Ok(())
}
