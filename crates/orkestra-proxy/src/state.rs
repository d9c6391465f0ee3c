//! What every request and worker of a replica shares.

use std::sync::Arc;

use crate::assets::PageShell;
use crate::config::Config;
use crate::limits::Limits;
use crate::signing::Keys;
use crate::store::Store;
use crate::upstream::Orkestra;

/// Cloned for every request (and every middleware), so one reference count: the parts
/// themselves live in [`Shared`].
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

pub struct Shared {
    pub store: Store,
    pub keys: Keys,
    pub config: Arc<Config>,
    pub orkestra: Orkestra,
    pub page: PageShell,
    pub limits: Limits,
}

impl std::ops::Deref for AppState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
    }
}

impl AppState {
    pub fn new(shared: Shared) -> AppState {
        AppState(Arc::new(shared))
    }
}
