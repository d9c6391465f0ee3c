//! Binding, the database, and serving with the background workers (server-kit's start-up).

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;

use tokio::net::TcpListener;
use tokio::sync::Notify;

use crate::config::Config;
use crate::state::AppState;
use crate::{routes, store, workers};

pub struct Application {
    listener: TcpListener,
    state: AppState,
}

impl Application {
    pub async fn build(config: Config) -> anyhow::Result<Self> {
        let listener = server_kit::bind(&config.address).await?;
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
        let db = store::connect(&config.database).await?;
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
        let mut background = server_kit::Workers::default();
        background
            .spawn(workers::outbox::deliver_forever(self.state.clone()))
            .spawn(workers::expiry::expire_forever(self.state.clone()))
            .spawn(workers::settle::settle_forever(self.state.clone()));
        server_kit::serve(self.listener, routes::app(self.state), background, shutdown).await
    }
}
