//! The events API (`/v1/events`): the webhooks sent or being sent, with their delivery,
//! and resending one. And the secret they are signed with.

use super::list::{list_filter, list_query, PageSize};
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::Json;
use orkestra_core::api::merchant::{EventDetail, EventList, SigningSecret};
use secrecy::ExposeSecret;
use serde::Deserialize;

use crate::error::AppError;
use crate::model::Delivery;
use crate::present::events::{event_detail, event_view};
use crate::routes::extract::FullMerchant;
use crate::state::AppState;
use crate::store::outbox::EventFilter;
use crate::time::now_ms;

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ListQuery {
    #[serde(default, rename = "type")]
    kind: Option<String>,
    #[serde(default)]
    session_id: Option<String>,
    /// `pending`, `delivered` or `dead`.
    #[serde(default)]
    status: Option<String>,
    /// An event id from `nextBefore`: list the ones queued before it.
    #[serde(default)]
    before: Option<String>,
    #[serde(default)]
    limit: Option<u32>,
}

/// `GET /v1/events`: newest first, 50 a page by default (at most 100).
pub async fn list(
    _: FullMerchant,
    State(state): State<AppState>,
    query: Result<Query<ListQuery>, QueryRejection>,
) -> Result<Json<EventList>, AppError> {
    let query = list_query(query)?;
    let page = PageSize::new(query.limit);
    let delivery = list_filter("status", query.status.as_deref(), Delivery::parse)?;
    let events = state
        .store
        .events(EventFilter {
            kind: query.kind.as_deref(),
            session_id: query.session_id.as_deref(),
            delivery,
            before: query.before.as_deref(),
            limit: page.rows_to_read(),
        })
        .await?;
    let (events, more) = page.cut(events);
    let data: Vec<_> = events.iter().map(event_view).collect();
    let next_before = more.then(|| data.last().map(|e| e.id.clone())).flatten();
    Ok(Json(EventList { data, next_before }))
}

/// `GET /v1/events/{id}`: the event, its delivery attempts and the body as sent.
pub async fn get(
    _: FullMerchant,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<EventDetail>, AppError> {
    let (event, attempts) = state.store.event(&id).await?.ok_or(AppError::NotFound)?;
    Ok(Json(
        event_detail(&event, &attempts).map_err(|why| AppError::Internal(anyhow::anyhow!(why)))?,
    ))
}

/// `POST /v1/events/{id}/resend`: sent again at once, whatever its state (`202`).
pub async fn resend(
    _: FullMerchant,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<StatusCode, AppError> {
    let event = id.clone();
    let resent = state
        .store
        .write(move |c| Box::pin(async move { c.resend_event(&event, now_ms()).await }))
        .await?;
    if !resent {
        return Err(AppError::NotFound);
    }
    tracing::info!(event_id = %id, "webhook resent on the merchant's request");
    Ok(StatusCode::ACCEPTED)
}

/// `GET /v1/webhook-signing-secret`: what webhooks and the signed return are signed with
/// (the proxy's own when the configuration sets none), for the merchant's verification.
pub async fn signing_secret(_: FullMerchant, State(state): State<AppState>) -> Json<SigningSecret> {
    let keys = &state.keys;
    Json(SigningSecret {
        secret: keys.webhook.expose_secret().to_owned(),
        previous: keys
            .webhook_previous
            .as_ref()
            .map(|k| k.expose_secret().to_owned()),
    })
}
