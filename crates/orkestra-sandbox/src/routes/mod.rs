//! The HTTP API, one file per resource: each handler parses, calls the machine once and
//! answers. Test controls live under `/_sandbox`.

mod banks;
mod orders;
mod pages;
mod pay;
mod payouts;
mod refunds;
mod simulate;
mod three_ds;
mod transactions;

use axum::routing::{get, post};
use axum::Router;

use crate::state::AppState;

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
            post(transactions::simulate),
        )
        .route("/v1/transactions/{id}/otp", post(transactions::submit_otp))
        .route("/v1/transactions/{id}/cancel", post(transactions::cancel))
        .route("/v1/pse/banks", get(banks::list))
        .route(
            "/_sandbox/3ds/{id}",
            get(three_ds::show).post(three_ds::submit),
        )
        .route(
            "/_sandbox/pse/{id}",
            get(pages::pse_bank).post(pages::pse_submit),
        )
        .route("/_sandbox/boleto/{id}", get(pages::boleto))
        .route("/_sandbox/pay/{token}", get(pay::show).post(pay::submit))
        .route("/_sandbox/payment-page.js", get(pay::script))
        .route("/_sandbox/payment-page.css", get(pay::style))
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
