//! [`Submit`]: how the page sends what the payer asks for (a payment, a one-time code, the
//! withdrawal of a leg). Each is one request at a time under an idempotency key, and
//! answers the page session; this is the one place that says so.
//!
//! Leptos' `Action` would give the pending flag too, but it cost 3.6 KB of the page's gzip
//! size for the three submits (README, "Page size"); this is a signal and one task.

use std::future::Future;
use std::pin::Pin;

use leptos::prelude::*;
use orkestra_core::api::browser::PageSession;

use crate::api::{Api, ApiError};
use crate::context::{page, Session};
use crate::idempotency;

/// A request's answer: the page session it leaves, or why there is none.
pub type Answer = Result<PageSession, ApiError>;

/// The request itself, given the page's API and the idempotency key.
pub type Request = Box<dyn FnOnce(Api, String) -> Pin<Box<dyn Future<Output = Answer>>>>;

/// One kind of request the payer makes, with its pending flag (which disables its button).
#[derive(Debug, Clone, Copy)]
pub struct Submit {
    pending: RwSignal<bool>,
    api: StoredValue<Api>,
    session: Session,
}

impl Submit {
    /// For the checkout in context (its token and session).
    pub fn new() -> Submit {
        let page = page();
        Submit {
            pending: RwSignal::new(false),
            api: StoredValue::new(page.api),
            session: page.session,
        }
    }

    /// Whether a request is in flight (tracked: a view follows it).
    pub fn pending(self) -> bool {
        self.pending.get()
    }

    /// Whether a request is in flight, not followed.
    pub fn is_pending(self) -> bool {
        self.pending.get_untracked()
    }

    /// Sends a request, unless one is in flight: under the idempotency key of `intent` (the
    /// same intent keeps its key until the server answers for good, so a retry is never a
    /// second payment), then takes the session it answers into the page and tells `done`
    /// the outcome.
    ///
    /// ```ignore
    /// submit.send(&["withdraw ", &id].concat(),
    ///     Box::new(move |api, key| Box::pin(async move { api.withdraw(&key, &id).await })),
    ///     move |outcome| failed.set(outcome.err().map(|e| e.message_or(Key::ErrRejected))));
    /// ```
    pub fn send(
        self,
        intent: &str,
        request: Request,
        done: impl FnOnce(Result<(), ApiError>) + 'static,
    ) {
        self.run(intent, request, Box::new(done));
    }

    // Not generic: one copy of the task in the wasm for every submit of the page.
    fn run(self, intent: &str, request: Request, done: Box<dyn FnOnce(Result<(), ApiError>)>) {
        if self.is_pending() {
            return;
        }
        self.pending.set(true);
        let api = self.api.get_value();
        let token = api.token().to_owned();
        let key = idempotency::key_for(&token, intent);
        leptos::task::spawn_local(async move {
            let outcome = match request(api, key).await {
                Ok(updated) => {
                    idempotency::forget(&token);
                    self.session.take(updated);
                    Ok(())
                }
                Err(error) => {
                    if error.is_definitive() {
                        idempotency::forget(&token);
                    }
                    Err(error)
                }
            };
            done(outcome);
            self.pending.try_set(false);
        });
    }
}
