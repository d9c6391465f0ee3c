//! Building the application from its configuration, and serving it with its workers.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use secrecy::SecretString;
use tokio::net::TcpListener;
use tokio::sync::watch;

use crate::assets::PageShell;
use crate::config::Config;
use crate::health::Readiness;
use crate::limits::{Limits, RateLimiter};
use crate::metrics::Metrics;
use crate::routes::app;
use crate::routes::live::{Listener, PeerAddr};
use crate::signing::Keys;
use crate::state::{AppState, Shared};
use crate::store::{Hub, Store};
use crate::upstream::Orkestra;
use crate::workers;

/// The signing keys: the configured webhook secret (and the one being retired), or the
/// one kept in the database, made at the first start; and the internal hashing key.
async fn keys(store: &Store, config: &Config) -> anyhow::Result<Keys> {
    let made = |name: &'static str| {
        let store = store.clone();
        async move {
            store
                .write(move |c| {
                    Box::pin(async move {
                        c.setting_or(name, crate::ids::secret(), crate::time::now_ms())
                            .await
                    })
                })
                .await
        }
    };
    let current = match &config.webhook_signing_secret {
        Some(secret) => secret.clone(),
        None => SecretString::from(made("webhook_signing_secret").await?),
    };
    Ok(Keys {
        webhook: current,
        webhook_previous: config.webhook_signing_secret_previous.clone(),
        internal: SecretString::from(made("request_hash_key").await?),
    })
}

pub struct Application {
    listener: TcpListener,
    state: AppState,
    stop: watch::Sender<bool>,
}

impl Application {
    pub async fn build(config: Config) -> anyhow::Result<Self> {
        let listener = server_kit::bind(&config.address).await?;
        Self::build_with_listener(config, listener).await
    }

    /// For tests that bind their ports up front (so two servers can know each other's
    /// address before either starts); `config.address` is then ignored.
    pub async fn build_with_listener(
        config: Config,
        listener: TcpListener,
    ) -> anyhow::Result<Self> {
        config.check()?;
        let (stop, stopping) = watch::channel(false);
        let store = Store::connect(&config, Hub::new(stopping)).await?;
        let keys = keys(&store, &config).await?;
        let metrics = Arc::new(Metrics::new());
        let state = AppState::new(Shared {
            store,
            keys,
            orkestra: Orkestra::new(config.orkestra.clone(), metrics.clone())?,
            metrics,
            readiness: Readiness::default(),
            page: PageShell::load(&config.assets_dir),
            limits: Limits {
                per_ip: RateLimiter::new(config.rate_limit_per_ip),
                per_session_submit: RateLimiter::new(config.rate_limit_submits_per_session),
            },
            config: Arc::new(config),
        });
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

    /// Serves until `shutdown` resolves (server-kit's start-up, from the listener that
    /// serves live status streams itself). In-flight requests finish; live status streams
    /// are told to reconnect and closed, so shutdown does not wait on them. The workers
    /// stop with the server, and with a start that fails half way.
    pub async fn run_until_stopped(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        let mut background = server_kit::Workers::default();
        background
            .spawn(workers::outbox::run(self.state.clone()))
            .spawn(workers::expiry::run(self.state.clone()))
            .spawn(workers::reconcile::run(self.state.clone()));
        if let Some(url) = &self.state.config.database_url {
            // Status changes made by other replicas reach this one's pages through it.
            background.spawn(workers::listener::run(
                url.clone(),
                self.state.store.hub().clone(),
            ));
        }
        let stop = self.stop;
        let mut stopping = stop.subscribe();
        tokio::spawn(async move {
            shutdown.await;
            let _ = stop.send(true);
        });
        let (listener, streams) = Listener::new(self.listener, self.state.clone())?;
        let result = server_kit::serve_with_connect_info::<_, PeerAddr>(
            listener,
            app(self.state),
            background,
            async move {
                let _ = stopping.wait_for(|s| *s).await;
            },
        )
        .await;
        streams.ended(Duration::from_secs(2)).await;
        result
    }
}
