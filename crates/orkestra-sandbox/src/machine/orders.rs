//! Making orders (cash-in) and adding transactions to their charges: every transaction is
//! checked by its method (`methods::check`) before anything is stored, stored `PENDING`
//! with its instructions, and a card decided at once goes through `transactions::transition`
//! like any change. Idempotent on `merchantOrderId` and on a transaction's `referenceId`.

use axum::http::StatusCode;
use orkestra_core::api::orkestra::{
    AddTransactionRequest, Customer, Order, OrderRequest, Transaction, WireMethod,
    WireTransactionStatus,
};
use orkestra_core::money::{Money, PositiveMoney};
use orkestra_core::PaymentMethod;

use super::order_rules::{check_customer, redacted, split};
use super::transactions::{transition, Outcome};
use super::wire;
use crate::amounts::{minor, positive};
use crate::error::SandboxError;
use crate::methods::card::Decision;
use crate::methods::{self, Checked};
use crate::pix;
use crate::state::AppState;
use crate::store::{self, orders, transactions};
use crate::time::now_ms;

/// The new order (`true`), or the one already made under its `merchantOrderId` for the
/// same request (`false`).
pub async fn create(
    state: &AppState,
    request: &OrderRequest,
) -> Result<(bool, Order), SandboxError> {
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
    let request_json = serde_json::to_string(&redacted(request))
        .map_err(|_| SandboxError::invalid("", "INVALID_REQUEST", "unserialisable"))?;

    // Idempotency on merchantOrderId: the same request again returns the same order; a
    // different request under the same id is refused rather than silently merged.
    if let Some(found) = existing_order(state, &request.merchant_order_id, &request_json).await? {
        return Ok((false, found));
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
        if charge
            .transactions
            .iter()
            .any(|t| needs_name(&t.payment_method))
        {
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
    let mut db_tx = store::begin(&state.db).await?;
    let inserted = orders::insert(
        &mut *db_tx,
        orders::NewOrder {
            merchant_order_id: &request.merchant_order_id,
            request_json: &request_json,
            currency: request.currency,
            amount_minor: minor(amount),
            allows_third_party: request.allows_third_party_payments,
            metadata: &request.metadata,
            now,
        },
    )
    .await?;
    let Some(order_id) = inserted else {
        // The same merchantOrderId created meanwhile (a client's retry racing its first
        // attempt): answer as a repeat.
        drop(db_tx);
        let found = existing_order(state, &request.merchant_order_id, &request_json).await?;
        return found
            .map(|order| (false, order))
            .ok_or_else(|| SandboxError::not_found("order"));
    };
    let mut decided = Vec::new();
    let mut slow = false;
    for ((charge, charge_amount), checked) in
        request.charges.iter().zip(&charge_amounts).zip(&plans)
    {
        let charge_id = orders::insert_charge(
            &mut *db_tx,
            order_id,
            minor(*charge_amount),
            &charge.customer,
        )
        .await?;
        for ((plan, tx_amount), tx) in checked.iter().zip(&charge.transactions) {
            let stored = Stored {
                order_id,
                charge_id,
                reference_id: tx.reference_id.as_deref(),
                amount: *tx_amount,
                now,
            };
            let id = insert_transaction(&mut db_tx, state, plan, stored)
                .await?
                .ok_or_else(duplicate_reference)?;
            if let Some(decision) = plan.immediate_outcome() {
                decided.push((id, decision));
            }
            slow |= plan.is_slow();
        }
    }
    db_tx.commit().await?;
    decide(state, decided, slow).await?;
    let row = orders::by_id(&state.db, order_id)
        .await?
        .ok_or_else(|| SandboxError::not_found("order"))?;
    tracing::info!(order_id, merchant_order_id = %row.merchant_order_id, "order created");
    let view = wire::load(&mut *state.db.acquire().await?, row, units).await?;
    Ok((true, view.order))
}

/// A new attempt on an existing charge, e.g. after a failed or expired one: the new
/// transaction (`true`), or the one the order already has under its `referenceId`.
pub async fn add_transaction(
    state: &AppState,
    order_id: i64,
    request: &AddTransactionRequest,
) -> Result<(bool, Transaction), SandboxError> {
    let units = state.config.amount_units;
    let order = orders::by_id(&state.db, order_id)
        .await?
        .ok_or_else(|| SandboxError::not_found("order"))?;
    let currency = order.currency;
    let charges = orders::charges_of(&state.db, order_id).await?;
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
    let all = transactions::of_order(&state.db, order_id).await?;
    if let Some(reference) = &tx.reference_id {
        if let Some(found) = all
            .iter()
            .find(|t| t.reference_id.as_deref() == Some(reference))
        {
            let id = found.id;
            let view = wire::build(order, &charges, &all, units)?;
            return Ok((false, view.transaction(id)?));
        }
    }
    let of_charge = |status| {
        all.iter()
            .filter(move |t| t.charge_id == charge.id && t.status == status)
    };
    let paid: i64 = of_charge(WireTransactionStatus::Paid)
        .map(|t| t.paid_minor)
        .sum();
    let pending: i64 = of_charge(WireTransactionStatus::Pending)
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
    let customer: &Customer = request.customer.as_ref().unwrap_or(&charge.customer);
    if request.customer.is_some() && needs_name(&tx.payment_method) {
        check_customer(customer, "customer")?;
    }
    let now = now_ms();
    let plan = methods::check(
        &state.config,
        &methods::Request {
            tx,
            currency,
            amount: amount.get(),
            customer,
            field: "transaction",
            customer_field: "customer",
            now,
        },
    )?;
    if plan.is_lost() {
        return Err(lost());
    }
    let mut db_tx = store::begin(&state.db).await?;
    if let Some(given) = &request.customer {
        orders::set_customer(&mut *db_tx, charge.id, given).await?;
    }
    let stored = Stored {
        order_id,
        charge_id: charge.id,
        reference_id: tx.reference_id.as_deref(),
        amount,
        now,
    };
    let Some(id) = insert_transaction(&mut db_tx, state, &plan, stored).await? else {
        // The same referenceId added meanwhile (a retry racing its first attempt).
        drop(db_tx);
        let all = transactions::of_order(&state.db, order_id).await?;
        let found = all
            .iter()
            .find(|t| t.reference_id.is_some() && t.reference_id == tx.reference_id)
            .map(|t| t.id)
            .ok_or_else(|| SandboxError::not_found("transaction"))?;
        return Ok((false, super::transactions::current(state, found).await?));
    };
    db_tx.commit().await?;
    let decided: Vec<_> = plan
        .immediate_outcome()
        .map(|d| (id, d))
        .into_iter()
        .collect();
    decide(state, decided, plan.is_slow()).await?;
    let all = transactions::of_order(&state.db, order_id).await?;
    let view = wire::build(order, &charges, &all, units)?;
    Ok((true, view.transaction(id)?))
}

/// Only the methods whose docs require it name the payer (`WireMethod::needs_payer_name`).
fn needs_name(payment_method: &str) -> bool {
    WireMethod::from_wire(payment_method).is_some_and(WireMethod::needs_payer_name)
}

/// The lost magic card's answer: nothing was stored, and the client cannot know that.
fn lost() -> SandboxError {
    SandboxError::new(
        StatusCode::SERVICE_UNAVAILABLE,
        "SERVICE_UNAVAILABLE",
        "the request did not reach the API",
    )
}

fn duplicate_reference() -> SandboxError {
    SandboxError::new(
        StatusCode::CONFLICT,
        "DUPLICATE_REFERENCE_ID",
        "the order already has a transaction with this referenceId",
    )
}

/// Where a checked transaction goes.
struct Stored<'a> {
    order_id: i64,
    charge_id: i64,
    reference_id: Option<&'a str>,
    amount: PositiveMoney,
    now: i64,
}

/// Stores a checked transaction PENDING with its instructions (and, for PIX, its BR Code);
/// `None` when the order already has its `referenceId`.
async fn insert_transaction(
    db_tx: &mut store::Tx,
    state: &AppState,
    plan: &Checked,
    at: Stored<'_>,
) -> Result<Option<i64>, SandboxError> {
    let inserted = transactions::insert(
        &mut **db_tx,
        transactions::NewTransaction {
            order_id: at.order_id,
            charge_id: at.charge_id,
            method: plan.method,
            amount_minor: minor(at.amount),
            reference_id: at.reference_id,
            expires_at: plan.expires_at,
            now: at.now,
        },
    )
    .await?;
    let Some(id) = inserted else {
        return Ok(None);
    };
    let instructions = plan.instructions(id, at.amount.get(), &state.public_url());
    let qr_code = (plan.method.method == PaymentMethod::Pix)
        .then(|| pix::copy_and_paste(id, at.amount.get()));
    transactions::set_instructions(&mut **db_tx, id, qr_code.as_deref(), &instructions).await?;
    Ok(Some(id))
}

/// Cards decided at creation: their outcome goes through `transition`, like any change,
/// so the order notification is queued. Run apart from the request, so a client that
/// hangs up (the slow card's timeout) does not leave the card pending. Then the slow
/// card's wait.
async fn decide(
    state: &AppState,
    decided: Vec<(i64, Decision)>,
    slow: bool,
) -> Result<(), SandboxError> {
    if !decided.is_empty() {
        let state = state.clone();
        tokio::spawn(async move {
            for (id, decision) in decided {
                let (outcome, reason) = match decision {
                    Decision::Paid => (Outcome::Paid, None),
                    Decision::Failed(reason) => (Outcome::Failed, Some(reason)),
                };
                transition(&state, id, outcome, reason).await?;
            }
            Ok::<(), SandboxError>(())
        })
        .await
        .map_err(|_| SandboxError::internal())??;
    }
    if slow {
        tokio::time::sleep(state.config.slow_response).await;
    }
    Ok(())
}

/// The order already created under `merchant_order_id`, when the request is the same;
/// `409 DUPLICATE_MERCHANT_ORDER_ID` when it differs.
async fn existing_order(
    state: &AppState,
    merchant_order_id: &str,
    request_json: &str,
) -> Result<Option<Order>, SandboxError> {
    let Some(existing) = orders::by_merchant_id(&state.db, merchant_order_id).await? else {
        return Ok(None);
    };
    if existing.request_json != request_json {
        return Err(SandboxError::new(
            StatusCode::CONFLICT,
            "DUPLICATE_MERCHANT_ORDER_ID",
            "another order already uses this merchantOrderId",
        ));
    }
    let view = wire::load(
        &mut *state.db.acquire().await?,
        existing,
        state.config.amount_units,
    )
    .await?;
    Ok(Some(view.order))
}
