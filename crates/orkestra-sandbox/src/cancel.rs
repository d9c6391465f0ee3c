//! `POST /v1/transactions/{id}/cancel`: the merchant withdraws a pending transaction (a
//! payer who will pay the rest of a charge another way). Orkestra's docs name no such call;
//! the README records this choice. Idempotent: a cancelled transaction is answered as it
//! is, so a client may retry.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use orkestra_core::api::orkestra::Transaction;

use crate::auth::Authenticated;
use crate::error::SandboxError;
use crate::webhooks::{transition, Outcome};
use crate::{db, view, AppState};

pub async fn cancel(
    _: Authenticated,
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Json<Transaction>, SandboxError> {
    let status = |state: AppState| async move {
        Ok::<_, SandboxError>(
            db::transaction_by_id(&state.db, id)
                .await?
                .ok_or_else(|| SandboxError::not_found("transaction"))?
                .status,
        )
    };
    // The change and its order notification; when it was no longer pending, it may have
    // been cancelled meanwhile by a concurrent call (a retry), which is the same answer.
    let cancelled = status(state.clone()).await? == "CANCELLED"
        || transition(&state, id, Outcome::Cancelled, None)
            .await?
            .is_some()
        || status(state.clone()).await? == "CANCELLED";
    if !cancelled {
        return Err(SandboxError::new(
            StatusCode::CONFLICT,
            "TRANSACTION_NOT_PENDING",
            "only a pending transaction can be cancelled",
        ));
    }
    tracing::info!(transaction_id = id, "transaction cancelled");
    Ok(Json(view::transaction(&state, id).await?))
}
