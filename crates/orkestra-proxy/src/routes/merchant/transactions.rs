//! `GET /v1/transactions`: the merchant's transactions, newest first, filtered by session
//! and status, 50 per page by default (at most 100).

use super::list::{list_filter, list_query, PageSize};
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::Json;
use orkestra_core::api::merchant::{TransactionList, TransactionStatus};
use serde::Deserialize;

use crate::error::AppError;
use crate::present::merchant::list_item;
use crate::routes::extract::FullMerchant;
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
    _: FullMerchant,
    State(state): State<AppState>,
    query: Result<Query<ListQuery>, QueryRejection>,
) -> Result<Json<TransactionList>, AppError> {
    let query = list_query(query)?;
    let page = PageSize::new(query.limit);
    let status = list_filter("status", query.status.as_deref(), TransactionStatus::parse)?;
    let legs = state
        .store
        .list_legs(LegFilter {
            session_id: query.session_id.as_deref(),
            status,
            before: query.before.as_deref(),
            limit: page.rows_to_read(),
        })
        .await?;
    let (legs, more) = page.cut(legs);
    let data: Vec<_> = legs
        .iter()
        .map(|(session, leg)| list_item(session, leg))
        .collect();
    let next_before = more
        .then(|| data.last().map(|item| item.transaction.id.clone()))
        .flatten();
    Ok(Json(TransactionList { data, next_before }))
}
