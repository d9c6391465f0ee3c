//! The browser API (`/api/pay/{token}/...`): what the payment page reads and sends. The
//! token in the path is the capability; amounts and methods only come from the server.

pub mod events;
pub mod payment;
pub mod session;

use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;

use crate::error::AppError;
use crate::flows::sessions;
use crate::present::page::page_session;
use crate::snapshots::Snapshot;
use crate::state::AppState;

/// The page of `token` as it now stands: its snapshot when one is kept (no change to its
/// session announced since), else read, serialised and kept.
pub async fn page(state: &AppState, token: &str) -> Result<PageBody, AppError> {
    let snapshots = state.store.hub().snapshots();
    if let Some(body) = snapshots.body(token) {
        return Ok(PageBody(body));
    }
    let read_at = snapshots.epoch();
    let (order, charge_id) = sessions::order_by_token(state, token).await?;
    let charge = order.charge(&charge_id).ok_or(AppError::NotFound)?;
    let page = page_session(&order, charge, &state.config.merchant_name)?;
    let body = Bytes::from(serde_json::to_vec(&page).map_err(anyhow::Error::from)?);
    let snapshot = Snapshot::new(
        order.session.id,
        body.clone(),
        &order.session.spec.embed_origins,
    );
    snapshots.keep(token, snapshot, read_at);
    Ok(PageBody(body))
}

/// A page session, serialised: the browser API's answer.
pub struct PageBody(pub Bytes);

impl IntoResponse for PageBody {
    fn into_response(self) -> Response {
        (
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            )],
            self.0,
        )
            .into_response()
    }
}

/// Counts a payment submit (or a one-time code) against the session's per-minute limit.
pub fn count_submit(state: &AppState, token: &str) -> Result<(), AppError> {
    state
        .limits
        .per_session_submit
        .check(token)
        .map_err(AppError::RateLimited)
}
