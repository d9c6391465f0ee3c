//! The use cases: where the proxy's rules live. One file per use case; each takes what
//! a route or a worker parsed, reads and changes the store in units of work, calls
//! Orkestra through `upstream`, and returns domain types for `present`.
//!
//! Every change to a session is one unit of work that locks the session, makes the
//! change, derives the charges' and the order's statuses again ([`settle`]) and queues the
//! merchant's webhooks with it ([`webhooks`]); the pages watching hear of it on commit.

pub mod close;
pub mod notify;
pub mod otp;
pub mod payouts;
pub mod reconcile;
pub mod refunds;
pub mod sessions;
pub mod settle;
pub mod submit;
pub mod webhooks;
pub mod withdraw;

use orkestra_core::api::error::ApiErrorCode;
use orkestra_core::api::merchant::OrderStatus;

use crate::error::AppError;

/// The conflict of paying into a final order or charge.
pub fn refuse_if_closed(status: OrderStatus) -> Result<(), AppError> {
    match status {
        OrderStatus::Paid => Err(AppError::Conflict(
            ApiErrorCode::SessionPaid,
            "this checkout session is already paid",
        )),
        OrderStatus::Expired => Err(AppError::Conflict(
            ApiErrorCode::SessionExpired,
            "this checkout session has expired",
        )),
        OrderStatus::Cancelled => Err(AppError::Conflict(
            ApiErrorCode::SessionCancelled,
            "this checkout session was cancelled",
        )),
        OrderStatus::Open
        | OrderStatus::Pending
        | OrderStatus::PartiallyPaid
        | OrderStatus::Failed => Ok(()),
    }
}

fn in_progress(message: &'static str) -> AppError {
    AppError::Conflict(ApiErrorCode::TransactionInProgress, message)
}
