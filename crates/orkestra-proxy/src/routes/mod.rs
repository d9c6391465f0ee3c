//! The HTTP surface: thin handlers that parse, call one flow, and present. [`app`] is the
//! whole router, for the server and for tests.

pub mod browser;
pub mod context;
mod cors;
pub mod extract;
pub mod hosted;
mod integrity;
pub mod live;
pub mod merchant;
mod notifications;
mod openapi;
mod ops;
mod rate_limit;

use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderValue};
use axum::routing::{get, post};
use axum::Router;
use tower_http::compression::CompressionLayer;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::SetResponseHeaderLayer;

use crate::limits::MAX_BODY_BYTES;
use crate::state::AppState;

pub fn app(state: AppState) -> Router {
    let no_store = SetResponseHeaderLayer::overriding(
        header::CACHE_CONTROL,
        HeaderValue::from_static("no-store"),
    );
    let api = Router::new()
        .route("/v1/checkout-sessions", post(merchant::sessions::create))
        .route("/v1/checkout-sessions/{id}", get(merchant::sessions::get))
        .route(
            "/v1/checkout-sessions/{id}/cancel",
            post(merchant::sessions::cancel),
        )
        .route(
            "/v1/checkout-sessions/{id}/transactions",
            post(merchant::sessions::create_transaction),
        )
        .route("/v1/transactions", get(merchant::transactions::list))
        .route(
            "/v1/transactions/{id}/refunds",
            post(merchant::refunds::create).get(merchant::refunds::list),
        )
        .route("/v1/payouts", post(merchant::payouts::create))
        .route("/v1/payouts/batch", post(merchant::payouts::create_batch))
        .route("/v1/payouts/{id}", get(merchant::payouts::get))
        .route("/v1/events", get(merchant::events::list))
        .route("/v1/events/{id}", get(merchant::events::get))
        .route("/v1/events/{id}/resend", post(merchant::events::resend))
        .route(
            "/v1/webhook-signing-secret",
            get(merchant::events::signing_secret),
        )
        .route("/api/pay/{token}", get(browser::session::get))
        .route(
            "/api/pay/{token}/transactions",
            post(browser::payment::submit),
        )
        .route("/api/pay/{token}/cancel", post(browser::session::cancel))
        .route("/api/pay/{token}/banks", get(browser::session::banks))
        .route(
            "/api/pay/{token}/transactions/{id}/otp",
            post(browser::payment::otp),
        )
        .route(
            "/api/pay/{token}/transactions/{id}/cancel",
            post(browser::payment::withdraw),
        )
        .route("/api/pay/{token}/events", get(browser::events::events))
        .route("/openapi.json", get(openapi::document))
        // The hosted page's ways back to the merchant (navigations, not JSON), limited
        // like the API they stand for.
        .route("/pay/{token}/return", get(hosted::back::back_to_merchant))
        .route("/pay/{token}/cancel", post(hosted::back::cancel_and_return))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            rate_limit::per_ip,
        ))
        // Outside the rate limit, so a 429 reaches an inline page as a 429.
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            cors::browser_api,
        ))
        // Added after the per-IP limit: Orkestra sends every notification from few
        // addresses, and dropping them would only make it retry.
        .route("/webhooks/orkestra", post(notifications::order))
        .route("/webhooks/orkestra/refunds", post(notifications::refund))
        .route("/webhooks/orkestra/payouts", post(notifications::payout))
        .layer(no_store);
    // Asset names carry a content hash (Trunk; languages carry theirs in `?v=`), so they
    // can be cached for good. `cargo xtask build` writes a brotli (quality 11) and a gzip
    // -9 copy next to each file (`x.wasm.br`, `x.wasm.gz`): a browser that takes brotli
    // gets that one, else gzip (tower-http prefers brotli at equal weight). The page is
    // about 135 KB with brotli, 160 KB with gzip and 400 KB without, which is seconds on
    // a slow mobile network.
    let assets = Router::new()
        .nest_service(
            "/assets",
            ServeDir::new(&state.config.assets_dir)
                .precompressed_br()
                .precompressed_gzip(),
        )
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=31536000, immutable"),
        ));
    // The iframe loader for merchants without a bundler (`docs/embedding.md`), at a fixed
    // address, so cached briefly. Any origin may load it: it is public, the same for every
    // session, and a cross-origin `<script type="module">` is fetched with CORS.
    let loader = Router::new()
        .route_service(
            "/checkout.js",
            ServeFile::new(state.config.assets_dir.join("checkout.js")),
        )
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=300"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::ACCESS_CONTROL_ALLOW_ORIGIN,
            HeaderValue::from_static("*"),
        ));
    Router::new()
        .route("/healthz", get(ops::healthz))
        .route("/readyz", get(ops::readyz))
        .route("/metrics", get(ops::metrics))
        // The hosted page's HTML carries its session, so it is compressed per request:
        // brotli (quality 4, tower-http's default for brotli on the fly) to a browser that
        // takes it, else gzip, with `Vary: accept-encoding`.
        .route(
            "/pay/{token}",
            get(hosted::page::page).layer(CompressionLayer::new()),
        )
        .route("/integrity.json", get(integrity::manifest))
        .route("/checkout/{name}", get(integrity::versioned_loader))
        .merge(api)
        .merge(assets)
        .merge(loader)
        // A path nothing serves: an empty 404 (a handler's 404 is our JSON error).
        .fallback(|| async { axum::http::StatusCode::NOT_FOUND })
        // Whatever has no cache policy of its own (that 404) is not stored either.
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            context::context,
        ))
        .with_state(state)
}
