//! A faithful local emulator of the Orkestra API: orders → charges → transactions, HTTP
//! Basic auth, order notifications delivered at least once, and test controls under
//! `/_sandbox`. The README says where Orkestra's docs were silent and what we chose.

mod amounts;
mod auth;
mod cancel;
mod config;
mod db;
mod error;
mod methods;
mod orders;
mod pages;
mod payouts;
mod pix;
mod refunds;
mod settle;
mod simulate;
mod sweeper;
mod time;
mod view;
mod webhooks;

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;

use axum::routing::{get, post};
use axum::Router;
use tokio::net::TcpListener;
use tokio::sync::Notify;

pub use config::Config;

#[derive(Clone)]
pub struct AppState {
    pub db: sqlx::SqlitePool,
    pub config: Arc<Config>,
    /// Wakes the webhook sender as soon as a notification is queued.
    pub outbox: Arc<Notify>,
}

pub fn app(state: AppState) -> Router {
    Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .route("/v1/orders", post(orders::create).get(orders::by_reference))
        .route("/v1/orders/{id}", get(orders::get))
        .route(
            "/v1/orders/{id}/transactions",
            post(orders::add_transaction),
        )
        .route(
            "/_sandbox/transactions/{id}/simulate",
            post(simulate::simulate),
        )
        .route(
            "/v1/transactions/{id}/otp",
            post(methods::wallet::submit_otp),
        )
        .route("/v1/transactions/{id}/cancel", post(cancel::cancel))
        .route("/v1/pse/banks", get(methods::pse::banks))
        .route(
            "/_sandbox/3ds/{id}",
            get(pages::three_ds).post(pages::three_ds_submit),
        )
        .route(
            "/_sandbox/pse/{id}",
            get(pages::pse_bank).post(pages::pse_submit),
        )
        .route("/_sandbox/boleto/{id}", get(pages::boleto))
        .route("/v1/refunds", post(refunds::create))
        .route("/v1/refunds/{id}", get(refunds::get))
        .route(
            "/v1/transactions/{id}/refunds",
            get(refunds::of_transaction),
        )
        .route("/v1/payouts", post(payouts::create))
        .route("/v1/payouts/batch", post(payouts::batch))
        .route("/v1/payouts/{id}", get(payouts::get))
        .route("/_sandbox/refunds/{id}/simulate", post(refunds::simulate))
        .route("/_sandbox/payouts/{id}/simulate", post(payouts::simulate))
        .with_state(state)
}

pub struct Application {
    listener: TcpListener,
    state: AppState,
}

impl Application {
    pub async fn build(config: Config) -> anyhow::Result<Self> {
        let listener = TcpListener::bind(&config.address).await?;
        Self::build_with_listener(config, listener).await
    }

    /// For tests that bind their ports up front (so two servers can know each other's
    /// address before either starts); `config.address` is then ignored.
    pub async fn build_with_listener(
        mut config: Config,
        listener: TcpListener,
    ) -> anyhow::Result<Self> {
        if config.public_url.is_none() {
            config.public_url = Some(format!("http://{}", listener.local_addr()?));
        }
        let db = db::connect(&config.database).await?;
        let state = AppState {
            db,
            config: Arc::new(config),
            outbox: Arc::new(Notify::new()),
        };
        Ok(Application { listener, state })
    }

    pub fn address(&self) -> SocketAddr {
        self.listener
            .local_addr()
            .expect("a bound listener has an address")
    }

    /// Serves until `shutdown` resolves; the background workers stop with it. Pending
    /// webhooks stay in the database and go out after the next start.
    pub async fn run_until_stopped(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        let workers = [
            tokio::spawn(webhooks::deliver_forever(self.state.clone())),
            tokio::spawn(sweeper::expire_forever(self.state.clone())),
            tokio::spawn(settle::settle_forever(self.state.clone())),
        ];
        let result = axum::serve(self.listener, app(self.state))
            .with_graceful_shutdown(shutdown)
            .await;
        for worker in workers {
            worker.abort();
        }
        Ok(result?)
    }
}
