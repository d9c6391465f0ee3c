//! What every handler and worker shares.

use std::sync::Arc;

use sqlx::SqlitePool;
use tokio::sync::Notify;

use crate::config::Config;

#[derive(Clone)]
pub struct AppState {
    pub db: SqlitePool,
    pub config: Arc<Config>,
    /// Wakes the webhook sender as soon as a notification is queued.
    pub outbox: Arc<Notify>,
}

impl AppState {
    /// Where payers' browsers reach the sandbox (`SANDBOX_PUBLIC_URL`, else the bound
    /// address), for the pages instructions link to.
    pub fn public_url(&self) -> String {
        self.config.public_url.clone().unwrap_or_default()
    }
}
