//! Payouts through the merchant API: paying a supplier, partner or user by PIX, SPEI or
//! bank transfer. Orkestra keeps them; the merchant API answers from its responses.

use orkestra_core::api::merchant::CreatePayout;
use orkestra_core::api::orkestra::PayoutBatchRequest;
use orkestra_core::catalog::PaymentMethod;
use orkestra_core::error::{ErrorCode, FieldError};
use orkestra_core::money::{Currency, PositiveMoney};

use super::refunds::refused;
use crate::error::AppError;
use crate::model::Payout;
use crate::state::AppState;
use crate::upstream::money_out;

/// Most payouts one batch may carry (Orkestra's batch takes as many; the limit keeps one
/// request within the body limit and a reasonable time).
pub const MAX_BATCH: usize = 100;
/// Longest `referenceId` a merchant may give.
const MAX_REFERENCE: usize = 64;

/// Asks Orkestra for a payout, idempotent on `referenceId`. Returns it, and whether
/// Orkestra made it now (false: a repeat).
pub async fn create(state: &AppState, body: &CreatePayout) -> Result<(Payout, bool), AppError> {
    let request = request(state, body, "").map_err(AppError::Validation)?;
    let (payout, created) = state
        .orkestra
        .create_payout(&request)
        .await?
        .map_err(|rejection| refused(rejection, ""))?;
    tracing::info!(payout_id = payout.id, "payout requested");
    Ok((payout, created))
}

/// Several payouts, each accepted or refused on its own, in the request's order. Items
/// that fail our own checks never reach Orkestra.
pub async fn create_batch(
    state: &AppState,
    payouts: &[CreatePayout],
) -> Result<Vec<Result<Payout, AppError>>, AppError> {
    if payouts.is_empty() || payouts.len() > MAX_BATCH {
        return Err(AppError::Validation(vec![FieldError::new(
            "payouts",
            if payouts.is_empty() {
                ErrorCode::Required
            } else {
                ErrorCode::TooLong
            },
        )]));
    }
    let mut checked = Vec::with_capacity(payouts.len());
    let mut upstream = Vec::new();
    for (i, item) in payouts.iter().enumerate() {
        match request(state, item, &format!("payouts[{i}].")) {
            Ok(request) => {
                upstream.push(request);
                checked.push(None);
            }
            Err(fields) => checked.push(Some(AppError::Validation(fields))),
        }
    }
    let mut answered = if upstream.is_empty() {
        Vec::new()
    } else {
        state
            .orkestra
            .create_payouts(&PayoutBatchRequest { payouts: upstream })
            .await?
    }
    .into_iter();
    Ok(checked
        .into_iter()
        .enumerate()
        .map(|(index, refused_here)| match refused_here {
            Some(error) => Err(error),
            None => match answered.next().flatten() {
                Some(Ok(payout)) => Ok(payout),
                Some(Err(rejection)) => Err(refused(rejection, &format!("payouts[{index}]."))),
                None => Err(AppError::UpstreamRejected(
                    "Orkestra did not answer for this payout".into(),
                    None,
                )),
            },
        })
        .collect())
}

/// A payout by Orkestra's id; `NotFound` for an id that is not an int64 or that Orkestra
/// does not have.
pub async fn get(state: &AppState, id: &str) -> Result<Payout, AppError> {
    // Orkestra's ids are int64s: anything else names no payout (and is not sent on).
    if id.is_empty() || !id.bytes().all(|b| b.is_ascii_digit()) {
        return Err(AppError::NotFound);
    }
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    state.orkestra.payout(id).await?.ok_or(AppError::NotFound)
}

/// The currency a payout by `method` must be in, when the rail takes one currency only;
/// `Err` for methods that pay nothing out.
fn payout_currency(method: PaymentMethod) -> Result<Option<Currency>, ErrorCode> {
    match method {
        PaymentMethod::Pix => Ok(Some(Currency::BRL)),
        PaymentMethod::Spei => Ok(Some(Currency::MXN)),
        PaymentMethod::BankTransfer => Ok(None),
        PaymentMethod::Card
        | PaymentMethod::Boleto
        | PaymentMethod::Pse
        | PaymentMethod::Cash
        | PaymentMethod::Nequi
        | PaymentMethod::Daviplata
        | PaymentMethod::MobileMoney
        | PaymentMethod::Sepa
        | PaymentMethod::Crypto => Err(ErrorCode::UnsupportedMethod),
    }
}

fn request(
    state: &AppState,
    body: &CreatePayout,
    prefix: &str,
) -> Result<orkestra_core::api::orkestra::PayoutRequest, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut fail =
        |field: &str, code| errors.push(FieldError::new(format!("{prefix}{field}"), code));
    let reference = body.reference_id.trim();
    if reference.is_empty() {
        fail("referenceId", ErrorCode::Required);
    } else if reference.len() > MAX_REFERENCE {
        fail("referenceId", ErrorCode::TooLong);
    }
    match payout_currency(body.method) {
        Err(code) => fail("method", code),
        Ok(Some(currency)) if currency != body.currency => {
            fail("currency", ErrorCode::CurrencyMismatch)
        }
        Ok(_) => {}
    }
    let amount = body
        .amount
        .in_currency(body.currency)
        .and_then(PositiveMoney::new);
    if let Err(code) = amount {
        fail("amount", code);
    }
    if body.bank_account.key.trim().is_empty() {
        fail("bankAccount.key", ErrorCode::Required);
    }
    if body.method == PaymentMethod::Spei {
        if let Err(code) = orkestra_core::validate::clabe(&body.bank_account.key) {
            fail("bankAccount.key", code);
        }
    }
    for (field, value) in [
        ("firstName", &body.beneficiary.first_name),
        ("lastName", &body.beneficiary.last_name),
        ("document", &body.beneficiary.document),
        ("documentType", &body.beneficiary.document_type),
    ] {
        if value.trim().is_empty() {
            fail(&format!("beneficiary.{field}"), ErrorCode::Required);
        }
    }
    if !matches!(body.beneficiary.kind.as_str(), "INDIVIDUAL" | "BUSINESS") {
        fail("beneficiary.type", ErrorCode::InvalidFormat);
    }
    match amount {
        Ok(amount) if errors.is_empty() => Ok(money_out::payout_request(
            reference.to_owned(),
            body.method,
            amount.get(),
            body.bank_account.clone(),
            body.beneficiary.clone(),
            state.orkestra.units(),
        )),
        _ => Err(errors),
    }
}
