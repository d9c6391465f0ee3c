//! `GET /integrity.json` and `GET /checkout/{hash}.js`: the values a merchant pins the
//! payment page's scripts by (`docs/security.md`, "Script integrity").

use axum::extract::{Path, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;

use crate::integrity;
use crate::state::AppState;

/// The loader's versioned address and every page asset, each with its `integrity` value.
pub async fn manifest(State(state): State<AppState>) -> Response {
    let dir = state.config.assets_dir.clone();
    let listed = tokio::task::spawn_blocking(move || {
        (
            integrity::loader(&dir).map(|(pinned, _)| pinned),
            integrity::assets(&dir),
        )
    })
    .await;
    let Ok((loader, assets)) = listed else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let mut response =
        Json(serde_json::json!({ "loader": loader, "assets": assets })).into_response();
    // Changes only with a deploy; a merchant's monitor (11.6.1) should see it soon after.
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=300"),
    );
    response
}

/// The loader at the address named by its content: the same bytes forever, so cached for
/// good; another name (an older build's) is not found, and the merchant's pin then fails
/// loudly instead of running code nobody reviewed.
pub async fn versioned_loader(State(state): State<AppState>, Path(name): Path<String>) -> Response {
    let dir = state.config.assets_dir.clone();
    let Ok(Some((pinned, bytes))) =
        tokio::task::spawn_blocking(move || integrity::loader(&dir)).await
    else {
        return StatusCode::NOT_FOUND.into_response();
    };
    if pinned.path != format!("/checkout/{name}") {
        return StatusCode::NOT_FOUND.into_response();
    }
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/javascript"),
            ),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=31536000, immutable"),
            ),
            (
                header::ACCESS_CONTROL_ALLOW_ORIGIN,
                HeaderValue::from_static("*"),
            ),
        ],
        bytes,
    )
        .into_response()
}
