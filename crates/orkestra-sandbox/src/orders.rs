//! `/v1/orders`: create an order (cash-in), read it, and add a transaction to it.

use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::Json;
use orkestra_core::api::orkestra::{
    AddTransactionRequest, Customer, Order, OrderRequest, Transaction, WireAmount,
};
use orkestra_core::money::{Currency, Money, PositiveMoney};
use orkestra_core::PaymentMethod;

use crate::amounts::{minor, positive};
use crate::auth::Authenticated;
use crate::error::SandboxError;
use crate::methods::{self, Checked};
use crate::time::now_ms;
use crate::webhooks::{transition, Outcome};
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
    // Stored for idempotency, so without the card data (number and security code).
    let request_json = serde_json::to_string(&redacted(&request))
        .map_err(|_| SandboxError::invalid("", "INVALID_REQUEST", "unserialisable"))?;

    // Idempotency on merchantOrderId: the same request again returns the same order; a
    // different request under the same id is refused rather than silently merged.
    if let Some(found) = existing_order(&state, &request.merchant_order_id, &request_json).await? {
        return Ok(found);
    }

    let charge_amounts = split(
        amount,
        request.charges.iter().map(|c| c.amount.as_ref()),
        request.currency,
        units,
        "charges",
    )?;
    let now = now_ms();
    let mut plans: Vec<Vec<(Checked, PositiveMoney)>> = Vec::new();
    for (i, (charge, charge_amount)) in request.charges.iter().zip(&charge_amounts).enumerate() {
        let customer_field = format!("charges[{i}].customer");
        // Only the methods whose docs require it (`WireMethod::needs_payer_name`).
        let named = charge.transactions.iter().any(|t| {
            methods::Method::from_wire(&t.payment_method).is_some_and(|m| m.needs_payer_name())
        });
        if named {
            check_customer(&charge.customer, &customer_field)?;
        }
        // A charge may start without transactions (an order with a charge per payer is
        // created before the payers pay, a split charge before its first leg): they are
        // added later (`add_transaction`).
        if charge.transactions.is_empty() {
            plans.push(Vec::new());
            continue;
        }
        let tx_amounts = split(
            *charge_amount,
            charge.transactions.iter().map(|t| t.amount.as_ref()),
            request.currency,
            units,
            &format!("charges[{i}].transactions"),
        )?;
        let mut checked = Vec::new();
        for (j, (tx, tx_amount)) in charge.transactions.iter().zip(tx_amounts).enumerate() {
            let field = format!("charges[{i}].transactions[{j}]");
            let plan = methods::check(
                &state.config,
                &methods::Request {
                    tx,
                    currency: request.currency,
                    amount: tx_amount.get(),
                    customer: &charge.customer,
                    field: &field,
                    customer_field: &customer_field,
                    now,
                },
            )?;
            checked.push((plan, tx_amount));
        }
        plans.push(checked);
    }

    if plans.iter().flatten().any(|(plan, _)| plan.is_lost()) {
        return Err(lost());
    }
    let mut db_tx = state.db.begin().await?;
    let inserted: Result<i64, sqlx::Error> = sqlx::query_scalar(
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
    .await;
    let order_id = match inserted {
        Ok(id) => id,
        // The same merchantOrderId created meanwhile (a client's retry racing its first
        // attempt): answer as a repeat.
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
            drop(db_tx);
            return existing_order(&state, &request.merchant_order_id, &request_json)
                .await?
                .ok_or_else(|| SandboxError::not_found("order"));
        }
        Err(e) => return Err(e.into()),
    };
    let mut decided = Vec::new();
    let mut slow = false;
    for ((charge, charge_amount), checked) in
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
        for ((plan, tx_amount), tx) in checked.iter().zip(&charge.transactions) {
            let id = insert_transaction(
                &mut db_tx,
                &state,
                order_id,
                charge_id,
                plan,
                tx.reference_id.as_deref(),
                *tx_amount,
                now,
            )
            .await?;
            if let Some(outcome) = plan.immediate_outcome() {
                decided.push((id, outcome));
            }
            slow |= plan.is_slow();
        }
    }
    db_tx.commit().await?;
    decide(&state, decided, slow).await?;
    let row = db::order_by_id(&state.db, order_id)
        .await?
        .ok_or_else(|| SandboxError::not_found("order"))?;
    tracing::info!(order_id, merchant_order_id = %row.merchant_order_id, "order created");
    let view = view::load(&mut *state.db.acquire().await?, row, units).await?;
    Ok((StatusCode::CREATED, Json(view.order)))
}

/// The lost magic card's answer: nothing was stored, and the client cannot know that.
fn lost() -> SandboxError {
    SandboxError::new(
        StatusCode::SERVICE_UNAVAILABLE,
        "SERVICE_UNAVAILABLE",
        "the request did not reach the API",
    )
}

#[derive(serde::Deserialize)]
pub struct ByReference {
    #[serde(rename = "merchantOrderId")]
    merchant_order_id: String,
}

/// `GET /v1/orders?merchantOrderId=…`: the order created under the merchant's reference,
/// `404` when there is none, so a client whose create call timed out can learn whether it
/// arrived (the docs name no such lookup; see the README).
pub async fn by_reference(
    _: Authenticated,
    State(state): State<AppState>,
    Query(query): Query<ByReference>,
) -> Result<Json<Order>, SandboxError> {
    let row = db::order_by_merchant_id(&state.db, &query.merchant_order_id)
        .await?
        .ok_or_else(|| SandboxError::not_found("order"))?;
    order_view(&state, row).await
}

pub async fn get(
    _: Authenticated,
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Json<Order>, SandboxError> {
    let row = db::order_by_id(&state.db, id)
        .await?
        .ok_or_else(|| SandboxError::not_found("order"))?;
    order_view(&state, row).await
}

/// An order as `GET /v1/orders/{id}` answers it, whichever way it was found.
async fn order_view(state: &AppState, row: db::OrderRow) -> Result<Json<Order>, SandboxError> {
    let mut conn = state.db.acquire().await?;
    Ok(Json(
        view::load(&mut conn, row, state.config.amount_units)
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
    let customer: Customer = match &request.customer {
        Some(customer) => customer.clone(),
        None => {
            serde_json::from_str(&charge.customer).unwrap_or_else(|_| Customer::new("", "", "", ""))
        }
    };
    if request.customer.is_some()
        && methods::Method::from_wire(&tx.payment_method).is_some_and(|m| m.needs_payer_name())
    {
        check_customer(&customer, "customer")?;
    }
    let now = now_ms();
    let plan = methods::check(
        &state.config,
        &methods::Request {
            tx,
            currency,
            amount: amount.get(),
            customer: &customer,
            field: "transaction",
            customer_field: "customer",
            now,
        },
    )?;
    if plan.is_lost() {
        return Err(lost());
    }
    let mut db_tx = state.db.begin().await?;
    if let Some(given) = &request.customer {
        sqlx::query("UPDATE charges SET customer = ? WHERE id = ?")
            .bind(serde_json::to_string(given).unwrap_or_default())
            .bind(charge.id)
            .execute(&mut *db_tx)
            .await?;
    }
    let inserted = insert_transaction(
        &mut db_tx,
        &state,
        order_id,
        charge.id,
        &plan,
        tx.reference_id.as_deref(),
        amount,
        now,
    )
    .await;
    let id = match inserted {
        Ok(id) => id,
        // The same referenceId added meanwhile (a retry racing its first attempt).
        Err(SandboxError { status, .. }) if status == StatusCode::CONFLICT => {
            drop(db_tx);
            let all = db::transactions_of(&state.db, order_id).await?;
            let found = all
                .iter()
                .find(|t| t.reference_id.is_some() && t.reference_id == tx.reference_id)
                .map(|t| t.id)
                .ok_or_else(|| SandboxError::not_found("transaction"))?;
            return Ok((
                StatusCode::OK,
                Json(view::transaction(&state, found).await?),
            ));
        }
        Err(e) => return Err(e),
    };
    db_tx.commit().await?;
    let decided: Vec<_> = plan
        .immediate_outcome()
        .map(|o| (id, o))
        .into_iter()
        .collect();
    decide(&state, decided, plan.is_slow()).await?;
    let all = db::transactions_of(&state.db, order_id).await?;
    let view = view::build(order, &charges, &all, units);
    let wire = view
        .transactions
        .into_iter()
        .find(|t| t.id == id)
        .ok_or_else(|| SandboxError::not_found("transaction"))?;
    Ok((StatusCode::CREATED, Json(wire)))
}

/// Stores a checked transaction PENDING with its instructions (and, for PIX, its BR Code);
/// `409` when the order already has its `referenceId`.
#[allow(clippy::too_many_arguments)]
async fn insert_transaction(
    db_tx: &mut sqlx::Transaction<'_, sqlx::Sqlite>,
    state: &AppState,
    order_id: i64,
    charge_id: i64,
    plan: &Checked,
    reference_id: Option<&str>,
    amount: PositiveMoney,
    now: i64,
) -> Result<i64, SandboxError> {
    let inserted: Result<i64, sqlx::Error> = sqlx::query_scalar(
        "INSERT INTO transactions (order_id, charge_id, payment_method, status, amount_minor, reference_id, expires_at, created_at, updated_at) \
         VALUES (?, ?, ?, 'PENDING', ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(order_id)
    .bind(charge_id)
    .bind(plan.method.wire())
    .bind(minor(amount))
    .bind(reference_id)
    .bind(plan.expires_at)
    .bind(now)
    .bind(now)
    .fetch_one(&mut **db_tx)
    .await;
    let id = match inserted {
        Ok(id) => id,
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
            return Err(SandboxError::new(
                StatusCode::CONFLICT,
                "DUPLICATE_REFERENCE_ID",
                "the order already has a transaction with this referenceId",
            ))
        }
        Err(e) => return Err(e.into()),
    };
    let instructions = plan.instructions(id, amount.get(), &state.public_url());
    let qr_code =
        (plan.method.method == PaymentMethod::Pix).then(|| pix::copy_and_paste(id, amount.get()));
    sqlx::query("UPDATE transactions SET pix_qr_code = ?, instructions = ? WHERE id = ?")
        .bind(qr_code)
        .bind(instructions.to_json())
        .bind(id)
        .execute(&mut **db_tx)
        .await?;
    Ok(id)
}

/// Cards decided at creation: their outcome goes through `transition`, like any change,
/// so the order notification is queued. Run apart from the request, so a client that
/// hangs up (the slow card's timeout) does not leave the card pending. Then the slow
/// card's wait.
async fn decide(
    state: &AppState,
    decided: Vec<(i64, (Outcome, Option<&'static str>))>,
    slow: bool,
) -> Result<(), SandboxError> {
    if !decided.is_empty() {
        let state = state.clone();
        tokio::spawn(async move {
            for (id, (outcome, reason)) in decided {
                transition(&state, id, outcome, reason).await?;
            }
            Ok::<(), SandboxError>(())
        })
        .await
        .map_err(|_| {
            SandboxError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "INTERNAL_ERROR",
                "internal error",
            )
        })??;
    }
    if slow {
        tokio::time::sleep(state.config.slow_response).await;
    }
    Ok(())
}

/// The order already created under `merchant_order_id`: `200` with it when the request
/// is the same, `409 DUPLICATE_MERCHANT_ORDER_ID` when it differs.
async fn existing_order(
    state: &AppState,
    merchant_order_id: &str,
    request_json: &str,
) -> Result<Option<(StatusCode, Json<Order>)>, SandboxError> {
    let Some(existing) = db::order_by_merchant_id(&state.db, merchant_order_id).await? else {
        return Ok(None);
    };
    if existing.request_json != request_json {
        return Err(SandboxError::new(
            StatusCode::CONFLICT,
            "DUPLICATE_MERCHANT_ORDER_ID",
            "another order already uses this merchantOrderId",
        ));
    }
    let view = view::load(
        &mut *state.db.acquire().await?,
        existing,
        state.config.amount_units,
    )
    .await?;
    Ok(Some((StatusCode::OK, Json(view.order))))
}

/// The request without what must never be stored: a card's number becomes its last four
/// digits, its security code dots.
fn redacted(request: &OrderRequest) -> OrderRequest {
    let mut copy = request.clone();
    for charge in &mut copy.charges {
        for tx in &mut charge.transactions {
            if let Some(card) = tx.credit_card.as_mut() {
                let digits: String = card
                    .card
                    .number
                    .chars()
                    .filter(char::is_ascii_digit)
                    .collect();
                card.card.number = format!("•••• {}", &digits[digits.len().saturating_sub(4)..]);
                card.card.security_code = "•••".into();
            }
        }
    }
    copy
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
