//! `GET /v1/transactions`: the merchant's transactions, newest first, filtered by session
//! and status, 50 per page by default (at most 100).

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::Json;
use orkestra_core::api::merchant::{TransactionList, TransactionStatus};
use orkestra_core::error::{ErrorCode, FieldError};
use serde::Deserialize;

use crate::error::AppError;
use crate::present::merchant::list_item;
use crate::routes::extract::Merchant;
use crate::state::AppState;
use crate::store::legs::LegFilter;

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ListQuery {
    #[serde(default)]
    session_id: Option<String>,
    #[serde(default)]
    status: Option<String>,
    /// A transaction id from `nextBefore`: list the ones created before it.
    #[serde(default)]
    before: Option<String>,
    #[serde(default)]
    limit: Option<u32>,
}

pub async fn list(
    _: Merchant,
    State(state): State<AppState>,
    query: Result<Query<ListQuery>, QueryRejection>,
) -> Result<Json<TransactionList>, AppError> {
    let Query(query) = query.map_err(|e| AppError::MalformedJson(e.body_text()))?;
    let limit = query.limit.unwrap_or(50).clamp(1, 100);
    let status = match query.status.as_deref() {
        None => None,
        Some(text) => Some(TransactionStatus::parse(text).ok_or_else(|| {
            AppError::Validation(vec![FieldError::new("status", ErrorCode::InvalidFormat)])
        })?),
    };
    let legs = state
        .store
        .list_legs(LegFilter {
            session_id: query.session_id.as_deref(),
            status,
            before: query.before.as_deref(),
            // One more than asked: whether there is a next page.
            limit: i64::from(limit) + 1,
        })
        .await?;
    let more = legs.len() > limit as usize;
    let data: Vec<_> = legs
        .iter()
        .take(limit as usize)
        .map(|(session, leg)| list_item(session, leg))
        .collect();
    let next_before = if more {
        data.last().map(|item| item.transaction.id.clone())
    } else {
        None
    };
    Ok(Json(TransactionList { data, next_before }))
}
