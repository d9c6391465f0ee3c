//! Wallets: Nequi and mobile money push a prompt to the payer's phone and wait (simulate
//! or time settles them); Daviplata and Orange Money send a one-time code the payer
//! types, submitted with `POST /v1/transactions/{id}/otp`.

use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use orkestra_core::api::orkestra::{OtpRequest, Transaction, WalletResult};
use orkestra_core::catalog::{mobile_operators, Country};
use orkestra_core::methods::{spec, InstructionKind};
use orkestra_core::validate::Operator;
use orkestra_core::PaymentMethod;

use super::{gen, payer, Instructions, Request};
use crate::auth::Authenticated;
use crate::error::SandboxError;
use crate::webhooks::{transition, Outcome};
use crate::{db, simulate, view, AppState};

/// The code that always passes.
pub const MAGIC_OTP: &str = "123456";
/// Wrong codes allowed before the payment fails.
pub const OTP_ATTEMPTS: i64 = 3;

/// How a wallet finds the payer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    /// By the phone number (Nequi).
    Phone,
    /// By the identity document; the phone is optional (Daviplata).
    Document,
    /// By the operator the payer picks and the phone on it (mobile money).
    Operator,
}

#[derive(Debug)]
pub struct Push {
    phone: String,
    operator: Option<Operator>,
    otp: bool,
}

/// The push of a wallet `method` reaching the payer by `reach`. A wallet whose spec's kind
/// is a one-time code sends one; Orange Money does too (fact sheet 5.2).
pub fn check(
    method: PaymentMethod,
    reach: Reach,
    country: Country,
    r: &Request,
) -> Result<Push, SandboxError> {
    let otp = spec(method).kind == InstructionKind::Otp;
    match reach {
        Reach::Phone => {
            let phone = payer::phone_of(country, r, true)?.expect("required");
            Ok(Push {
                phone: phone.masked(),
                operator: None,
                otp,
            })
        }
        Reach::Document => {
            // The wallet is reached by the payer's document; the phone is optional. Without
            // one, the code goes to "the phone registered with the wallet", whose last
            // digits the sandbox makes up from the document.
            let phone = match payer::phone_of(country, r, false)? {
                Some(phone) => phone.masked(),
                None => format!(
                    "+{} ******{}",
                    orkestra_core::validate::phone::calling_code(country),
                    gen::digits(document_seed(&r.customer.document) as i64, 0xDA, 4)
                ),
            };
            Ok(Push {
                phone,
                operator: None,
                otp,
            })
        }
        Reach::Operator => {
            let operators = mobile_operators(country);
            let names: Vec<&str> = operators.iter().map(|o| o.as_str()).collect();
            let field = r.at("wallet.operator");
            let chosen =
                r.tx.wallet
                    .as_ref()
                    .and_then(|w| w.operator.as_deref())
                    .ok_or_else(|| {
                        SandboxError::invalid(
                            field.clone(),
                            "INVALID_FIELD",
                            format!("wallet.operator is required: one of {}", names.join(", ")),
                        )
                    })?;
            let operator = operators
                .iter()
                .copied()
                .find(|o| o.as_str() == chosen)
                .ok_or_else(|| {
                    SandboxError::invalid(
                        field,
                        "INVALID_FIELD",
                        format!("mobile money in {country} is {}", names.join(", ")),
                    )
                })?;
            let phone = payer::phone_of(country, r, true)?.expect("required");
            // The prefix names the network; a number of another one cannot get this
            // operator's prompt (in the sandbox: ported numbers are not emulated).
            if let Some(prefix_operator) = phone.operator() {
                if prefix_operator != operator {
                    return Err(SandboxError::invalid(
                        r.customer_at("phoneNumber"),
                        "INVALID_PHONE",
                        format!(
                            "this number is on {}, not {}",
                            prefix_operator.as_str(),
                            operator.as_str()
                        ),
                    ));
                }
            }
            Ok(Push {
                phone: phone.masked(),
                operator: Some(operator),
                // Orange Money pre-authorises with a one-time code (fact sheet 5.2).
                otp: otp || operator == Operator::Orange,
            })
        }
    }
}

fn document_seed(document: &str) -> u64 {
    document.bytes().fold(0u64, |acc, b| {
        acc.wrapping_mul(31).wrapping_add(u64::from(b))
    })
}

impl Push {
    pub fn result(&self, expires_at: String) -> WalletResult {
        WalletResult {
            phone_number: self.phone.clone(),
            operator: self.operator.map(|o| o.as_str().to_owned()),
            otp_required: self.otp,
            expires_at,
        }
    }
}

/// `POST /v1/transactions/{id}/otp`: the magic code settles the payment (magic amounts
/// still apply); a wrong one answers `400 INVALID_OTP` with the attempts left, and the
/// third fails the payment (`400 OTP_ATTEMPTS_EXCEEDED`, the transaction `FAILED`).
pub async fn submit_otp(
    _: Authenticated,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    body: Result<Json<OtpRequest>, JsonRejection>,
) -> Result<Json<Transaction>, SandboxError> {
    let Json(request) = body?;
    let row = db::transaction_by_id(&state.db, id)
        .await?
        .ok_or_else(|| SandboxError::not_found("transaction"))?;
    let otp_required = Instructions::parse(row.instructions.as_deref())
        .wallet
        .is_some_and(|w| w.otp_required);
    if !otp_required {
        return Err(SandboxError::new(
            StatusCode::CONFLICT,
            "OTP_NOT_REQUIRED",
            "this transaction takes no one-time code",
        ));
    }
    if row.status != "PENDING" {
        return Err(not_pending());
    }
    let otp = request.otp.trim();
    if otp.len() != 6 || !otp.bytes().all(|b| b.is_ascii_digit()) {
        return Err(SandboxError::invalid(
            "otp",
            "INVALID_FIELD",
            "the code has 6 digits",
        ));
    }
    if otp == MAGIC_OTP {
        if simulate::settle(&state, id).await?.is_none() {
            return Err(not_pending());
        }
        return Ok(Json(view::transaction(&state, id).await?));
    }
    let attempts: Option<i64> = sqlx::query_scalar(
        "UPDATE transactions SET otp_attempts = otp_attempts + 1 \
         WHERE id = ? AND status = 'PENDING' RETURNING otp_attempts",
    )
    .bind(id)
    .fetch_optional(&state.db)
    .await?;
    let attempts = attempts.ok_or_else(not_pending)?;
    if attempts >= OTP_ATTEMPTS {
        transition(&state, id, Outcome::Failed, Some("OTP_ATTEMPTS_EXCEEDED")).await?;
        return Err(SandboxError::invalid(
            "otp",
            "OTP_ATTEMPTS_EXCEEDED",
            format!("{OTP_ATTEMPTS} wrong codes: the payment failed"),
        ));
    }
    let left = OTP_ATTEMPTS - attempts;
    Err(SandboxError::invalid(
        "otp",
        "INVALID_OTP",
        format!(
            "wrong code: {left} attempt{} left",
            if left == 1 { "" } else { "s" }
        ),
    ))
}

fn not_pending() -> SandboxError {
    SandboxError::new(
        StatusCode::CONFLICT,
        "TRANSACTION_NOT_PENDING",
        "the transaction is no longer pending",
    )
}
