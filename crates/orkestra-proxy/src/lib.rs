//! The merchant backend proxy of Orkestra Checkout: the only place the Orkestra API
//! credentials live. It serves the merchant API (`/v1`), the hosted page (`/pay/{token}`)
//! and its browser API (`/api/pay/{token}`), receives Orkestra's notifications
//! (`/webhooks/orkestra`) and forwards signed webhooks to the merchant.

mod browser;
mod charges;
pub mod config;
mod cors;
mod db;
mod error;
mod events;
mod hosted;
mod ids;
mod inbound;
mod legs;
mod merchant;
mod methods;
mod money_out;
mod openapi;
mod otp;
pub mod outbox;
mod payments;
mod rate_limit;
mod reconcile;
mod return_url;
mod time;
mod upstream;
mod views;

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderValue};
use axum::routing::{get, post};
use axum::Router;
use tokio::net::TcpListener;
use tokio::sync::{watch, Notify};
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::SetResponseHeaderLayer;

pub use config::Config;

/// Request bodies above this are refused before any parsing (413).
pub const MAX_BODY_BYTES: usize = 64 * 1024;

#[derive(Clone)]
pub struct AppState {
    /// SQLite or PostgreSQL (see `db`): `config.backend()` says which.
    pub db: sqlx::AnyPool,
    pub config: Arc<Config>,
    pub orkestra: upstream::Orkestra,
    pub hub: events::Hub,
    pub outbox: Arc<Notify>,
    pub page: Arc<hosted::PageShell>,
    pub limits: Arc<rate_limit::Limits>,
}

pub fn app(state: AppState) -> Router {
    let no_store = SetResponseHeaderLayer::overriding(
        header::CACHE_CONTROL,
        HeaderValue::from_static("no-store"),
    );
    let api = Router::new()
        .route("/v1/checkout-sessions", post(merchant::create_session))
        .route("/v1/checkout-sessions/{id}", get(merchant::get_session))
        .route(
            "/v1/checkout-sessions/{id}/cancel",
            post(merchant::cancel_session),
        )
        .route(
            "/v1/checkout-sessions/{id}/transactions",
            post(merchant::create_transaction),
        )
        .route("/v1/transactions", get(merchant::list_transactions))
        .route(
            "/v1/transactions/{id}/refunds",
            post(money_out::create_refund).get(money_out::list_refunds),
        )
        .route("/v1/payouts", post(money_out::create_payout))
        .route("/v1/payouts/batch", post(money_out::create_payout_batch))
        .route("/v1/payouts/{id}", get(money_out::get_payout))
        .route("/api/pay/{token}", get(browser::get))
        .route("/api/pay/{token}/transactions", post(browser::submit))
        .route("/api/pay/{token}/cancel", post(browser::cancel))
        .route("/api/pay/{token}/banks", get(browser::banks))
        .route("/api/pay/{token}/transactions/{id}/otp", post(otp::submit))
        .route(
            "/api/pay/{token}/transactions/{id}/cancel",
            post(legs::cancel),
        )
        .route("/api/pay/{token}/events", get(browser::events))
        .route("/openapi.json", get(openapi::document))
        // The hosted page's ways back to the merchant (navigations, not JSON), limited
        // like the API they stand for.
        .route("/pay/{token}/return", get(return_url::back_to_merchant))
        .route("/pay/{token}/cancel", post(return_url::cancel_and_return))
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
        .route("/webhooks/orkestra", post(inbound::receive))
        .route(
            "/webhooks/orkestra/refunds",
            post(money_out::refund_notification),
        )
        .route(
            "/webhooks/orkestra/payouts",
            post(money_out::payout_notification),
        )
        .layer(no_store);
    // Asset names carry a content hash (Trunk; languages carry theirs in `?v=`), so they
    // can be cached for good. `cargo xtask build` writes a gzip -9 copy next to each file
    // (`x.wasm.gz`), sent to browsers that accept gzip: the page is about 190 KB that way
    // instead of 470 KB, which is seconds on a slow mobile network.
    let assets = Router::new()
        .nest_service(
            "/assets",
            ServeDir::new(&state.config.assets_dir).precompressed_gzip(),
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
        .route("/healthz", get(|| async { "ok" }))
        .route("/pay/{token}", get(hosted::page))
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
        .with_state(state)
}

pub struct Application {
    listener: TcpListener,
    state: AppState,
    stop: watch::Sender<bool>,
}

impl Application {
    pub async fn build(config: Config) -> anyhow::Result<Self> {
        let listener = TcpListener::bind(&config.address).await?;
        Self::build_with_listener(config, listener).await
    }

    /// For tests that bind their ports up front (so two servers can know each other's
    /// address before either starts); `config.address` is then ignored.
    pub async fn build_with_listener(
        config: Config,
        listener: TcpListener,
    ) -> anyhow::Result<Self> {
        config.check()?;
        let db = db::connect(&config).await?;
        let (stop, stopping) = watch::channel(false);
        let state = AppState {
            db,
            orkestra: upstream::Orkestra::new(config.orkestra.clone())?,
            page: Arc::new(hosted::PageShell::load(&config.assets_dir)),
            limits: Arc::new(rate_limit::Limits {
                per_ip: rate_limit::RateLimiter::new(config.rate_limit_per_ip),
                per_session_submit: rate_limit::RateLimiter::new(
                    config.rate_limit_submits_per_session,
                ),
            }),
            config: Arc::new(config),
            hub: events::Hub::new(stopping),
            outbox: Arc::new(Notify::new()),
        };
        Ok(Application {
            listener,
            state,
            stop,
        })
    }

    pub fn address(&self) -> SocketAddr {
        self.listener
            .local_addr()
            .expect("a bound listener has an address")
    }

    /// Serves until `shutdown` resolves. In-flight requests finish; live status streams
    /// are told to reconnect and closed, so shutdown does not wait on them.
    pub async fn run_until_stopped(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        let mut workers = vec![
            tokio::spawn(outbox::deliver_forever(self.state.clone())),
            tokio::spawn(payments::expire_forever(self.state.clone())),
            tokio::spawn(reconcile::reconcile_forever(self.state.clone())),
        ];
        if let Some(url) = &self.state.config.database_url {
            // Status changes made by other replicas reach this one's pages through it.
            workers.push(tokio::spawn(events::listen_forever(
                url.clone(),
                self.state.hub.clone(),
            )));
        }
        let stop = self.stop;
        let mut stopping = stop.subscribe();
        tokio::spawn(async move {
            shutdown.await;
            let _ = stop.send(true);
        });
        let service = app(self.state).into_make_service_with_connect_info::<SocketAddr>();
        let result = axum::serve(self.listener, service)
            .with_graceful_shutdown(async move {
                let _ = stopping.wait_for(|s| *s).await;
            })
            .await;
        for worker in workers {
            worker.abort();
        }
        Ok(result?)
    }
}
