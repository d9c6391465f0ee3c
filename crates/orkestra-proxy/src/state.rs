//! What every request and worker of a replica shares.

use std::sync::Arc;

use secrecy::ExposeSecret;

use crate::assets::PageShell;
use crate::config::Config;
use crate::limits::Limits;
use crate::store::Store;
use crate::upstream::Orkestra;

#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub config: Arc<Config>,
    pub orkestra: Orkestra,
    pub page: Arc<PageShell>,
    pub limits: Arc<Limits>,
}

impl AppState {
    /// The key of everything the proxy signs or hashes ([`crate::signing`]).
    pub fn signing_key(&self) -> &[u8] {
        self.config
            .webhook_signing_secret
            .expose_secret()
            .as_bytes()
    }
}
