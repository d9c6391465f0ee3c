//! `GET /v1/pse/banks`: the banks a PSE payer picks from.

use axum::Json;
use serde::Serialize;

use crate::auth::Authenticated;
use crate::methods::pse::BANKS;

#[derive(Debug, Serialize)]
pub struct PseBank {
    pub code: &'static str,
    pub name: &'static str,
}

pub async fn list(_: Authenticated) -> Json<Vec<PseBank>> {
    Json(
        BANKS
            .iter()
            .map(|(code, name)| PseBank { code, name })
            .collect(),
    )
}
