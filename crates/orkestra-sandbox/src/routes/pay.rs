//! Orkestra's payment page (`/_sandbox/pay/{token}`): `GET` shows the card form, `POST`
//! decides the card, then shows the result in the checkout's frame (`frame=1`) or sends a
//! payer who came by redirect back to the `returnUrl` with `303 See Other`. A card that
//! meets 3-D Secure goes on to `/_sandbox/3ds/{id}` in the same window. No auth: the
//! random token in the URL is the page's only key.

use axum::extract::{Form, Path, Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::error::SandboxError;
use crate::machine::card_page::{self, PagePayment, Submitted};
use crate::payment_page::form::{self, Fields, Offer};
use crate::payment_page::texts::Lang;
use crate::payment_page::view::{self, Page, Posted};
use crate::payment_page::{origin, policy, SCRIPT, STYLE};
use crate::state::AppState;

/// The query the checkout appends to `paymentPage.url`.
#[derive(Debug, Default, Deserialize)]
pub struct Framing {
    pub lang: Option<String>,
    pub frame: Option<String>,
}

impl Framing {
    pub fn lang(&self) -> Lang {
        Lang::parse(self.lang.as_deref())
    }

    pub fn in_frame(&self) -> bool {
        self.frame.as_deref() == Some("1")
    }

    /// The same query again, for the next step's URL.
    pub fn query(&self) -> String {
        let frame = if self.in_frame() { "&frame=1" } else { "" };
        format!("?lang={}{frame}", self.lang().tag())
    }
}

/// `GET /_sandbox/pay/{token}?lang=…&frame=1`.
pub async fn show(
    State(state): State<AppState>,
    Path(token): Path<String>,
    Query(framing): Query<Framing>,
) -> Result<Response, SandboxError> {
    let payment = match pending(&state, &token, &framing, finished).await? {
        Ok(payment) => payment,
        Err(answer) => return Ok(answer),
    };
    Ok(form_page(
        &state,
        &payment,
        &framing,
        &token,
        StatusCode::OK,
        &Posted::default(),
    ))
}

/// `POST /_sandbox/pay/{token}`: `number`, `expiry`, `cvv`, `name`, `card_type`
/// (`credit`|`debit`, Brazil), `installments`, and the `lang` and `frame` it was shown with.
pub async fn submit(
    State(state): State<AppState>,
    Path(token): Path<String>,
    Form(fields): Form<Fields>,
) -> Result<Response, SandboxError> {
    let framing = Framing {
        lang: fields.lang.clone(),
        frame: fields.frame.clone(),
    };
    // Decided already (a second submission): shown, never authorised again.
    let payment = match pending(&state, &token, &framing, done).await? {
        Ok(payment) => payment,
        Err(answer) => return Ok(answer),
    };
    let offer = Offer::of(payment.method, payment.page.country);
    let (status, posted) = match form::check(&fields, &offer) {
        Err(problems) => {
            let posted = Posted {
                fields: Some(&fields),
                problems: &problems,
                notice: None,
            };
            let status = StatusCode::UNPROCESSABLE_ENTITY;
            return Ok(form_page(
                &state, &payment, &framing, &token, status, &posted,
            ));
        }
        Ok(entered) => match card_page::submit(&state, &payment, &entered).await? {
            Submitted::Challenge => return Ok(challenge(&payment, &framing)),
            Submitted::Settled => {
                let settled = card_page::find(&state, &token)
                    .await?
                    .ok_or_else(|| SandboxError::not_found("payment page"))?;
                return Ok(done(&state, &settled, &framing));
            }
            Submitted::Lost => (
                StatusCode::SERVICE_UNAVAILABLE,
                Posted {
                    fields: Some(&fields),
                    problems: &[],
                    notice: Some(framing.lang().texts().lost),
                },
            ),
        },
    };
    Ok(form_page(
        &state, &payment, &framing, &token, status, &posted,
    ))
}

/// The payment whose form may be shown or posted; otherwise what to answer instead: not
/// found, on to its open challenge, or `decided` for one no longer pending.
async fn pending(
    state: &AppState,
    token: &str,
    framing: &Framing,
    decided: fn(&AppState, &PagePayment, &Framing) -> Response,
) -> Result<Result<PagePayment, Response>, SandboxError> {
    let Some(payment) = card_page::find(state, token).await? else {
        return Ok(Err(not_found(state, framing.lang())));
    };
    if payment.in_challenge() {
        return Ok(Err(challenge(&payment, framing)));
    }
    if !payment.is_pending() {
        return Ok(Err(decided(state, &payment, framing)));
    }
    Ok(Ok(payment))
}

/// The card form, as first shown or as posted with its problems.
fn form_page(
    state: &AppState,
    payment: &PagePayment,
    framing: &Framing,
    token: &str,
    status: StatusCode,
    posted: &Posted,
) -> Response {
    let offer = Offer::of(payment.method, payment.page.country);
    let html = view::form(&page(payment, framing), token, &offer, posted);
    respond(state, status, html, Some(&payment.return_url))
}

/// After the last step: the result in a frame (never the merchant's page inside it), or
/// `303` to the `returnUrl` for a payer who came by redirect.
pub fn done(state: &AppState, payment: &PagePayment, framing: &Framing) -> Response {
    if framing.in_frame() {
        finished(state, payment, framing)
    } else {
        Redirect::to(&payment.return_url).into_response()
    }
}

/// The result view (with the link back to the store when not framed).
pub fn finished(state: &AppState, payment: &PagePayment, framing: &Framing) -> Response {
    let html = view::result(
        &page(payment, framing),
        payment.status,
        payment.status_reason.as_deref(),
        Some(&payment.return_url),
    );
    respond(state, StatusCode::OK, html, None)
}

/// On to the 3-D Secure step, in the same window, keeping the language and the frame.
fn challenge(payment: &PagePayment, framing: &Framing) -> Response {
    Redirect::to(&format!("/_sandbox/3ds/{}{}", payment.id, framing.query())).into_response()
}

fn not_found(state: &AppState, lang: Lang) -> Response {
    respond(state, StatusCode::NOT_FOUND, view::not_found(lang), None)
}

fn page<'a>(payment: &'a PagePayment, framing: &Framing) -> Page<'a> {
    Page {
        lang: framing.lang(),
        frame: framing.in_frame(),
        amount: &payment.amount,
        merchant: payment.soft_descriptor.as_deref(),
    }
}

/// A page with its headers: the policy (see `payment_page::policy`); no referrer, since
/// the URL is the page's key; never cached, since it holds a payment's state; and no
/// `X-Frame-Options`, which would forbid the checkout's frame.
fn respond(
    state: &AppState,
    status: StatusCode,
    html: String,
    return_url: Option<&str>,
) -> Response {
    let csp = policy(
        &state.config.frame_ancestors,
        return_url.and_then(origin).as_deref(),
    );
    let mut response = (status, axum::response::Html(html)).into_response();
    let headers = response.headers_mut();
    if let Ok(csp) = HeaderValue::from_str(&csp) {
        headers.insert(header::CONTENT_SECURITY_POLICY, csp);
    }
    secure(headers);
    response
}

/// The headers every sandbox page for a payer carries.
pub fn secure(headers: &mut axum::http::HeaderMap) {
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
}

/// `GET /_sandbox/payment-page.js`.
pub async fn script() -> Response {
    asset("text/javascript; charset=utf-8", SCRIPT)
}

/// `GET /_sandbox/payment-page.css`.
pub async fn style() -> Response {
    asset("text/css; charset=utf-8", STYLE)
}

fn asset(content_type: &'static str, body: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "public, max-age=300"),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        ],
        body,
    )
        .into_response()
}
