//! The issuer's 3-D Secure challenge (`/_sandbox/3ds/{id}`), standing in for the card
//! issuer. A card sent with its data (`threeDSecure.challengeUrl`) reaches it without a
//! query and in English; a card typed on the payment page reaches it with the page's
//! `lang` and `frame`, speaks that language (the payment page's texts), carries the query
//! on to its post and, in a frame, ends on the payment page's result view.

use axum::extract::{Form, Path, Query, State};
use axum::response::Response;
use orkestra_core::api::orkestra::{WireMethod, WireTransactionStatus};
use server_kit::html::escape;

use crate::error::SandboxError;
use crate::instructions::Instructions;
use crate::machine::card_page::{self, PagePayment};
use crate::machine::transactions::{transition, Outcome};
use crate::routes::pages::{back, bad_outcome, load, page, status_note, Choice};
use crate::routes::pay::{self, Framing};
use crate::state::AppState;

/// `GET /_sandbox/3ds/{id}`: the issuer's challenge.
pub async fn show(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Query(framing): Query<Framing>,
) -> Result<Response, SandboxError> {
    let t = load(&state, id, WireMethod::is_card).await?;
    let pending = t.row.status == WireTransactionStatus::Pending;
    // Decided on the payment page: its result view, in the payer's language (with the
    // link back to the store when not framed), as the payment page itself shows it.
    if let (false, Some(page)) = (pending, &t.instructions.page) {
        let payment = page_payment(&state, &page.token).await?;
        return Ok(pay::finished(&state, &payment, &framing));
    }
    let lang = framing.lang();
    let texts = lang.texts();
    let body = if pending && challenged(&t.instructions) {
        let query = if framing.lang.is_some() || framing.in_frame() {
            framing.query()
        } else {
            String::new()
        };
        let card = t
            .instructions
            .card
            .as_ref()
            .map(|c| format!("{} •••• {}", c.brand, c.last4))
            .unwrap_or_default();
        let [before, between, after] = texts.confirm;
        format!(
            r#"<p id="what">{before}<strong><bdi>{amount}</bdi></strong>{between}<strong><bdi>{card}</bdi></strong>{after}</p>
<p>{issuer}</p>
<form method="post" action="/_sandbox/3ds/{id}{query}" aria-describedby="what">
  <button type="submit" name="outcome" value="complete">{complete}</button>
  <button type="submit" name="outcome" value="fail" class="secondary">{fail}</button>
</form>"#,
            amount = escape(&t.amount),
            card = escape(&card),
            query = escape(&query),
            issuer = texts.issuer,
            complete = texts.complete,
            fail = texts.fail,
        )
    } else {
        status_note(&t.row)
    };
    Ok(page(&state, lang, texts.challenge, &body))
}

/// A challenge waits: one sent with the card (`threeDSecure`), or one met on the
/// payment page.
fn challenged(instructions: &Instructions) -> bool {
    instructions.three_d_secure.is_some()
        || instructions.page.as_ref().is_some_and(|p| p.challenged)
}

/// `POST /_sandbox/3ds/{id}?lang=…&frame=1`, `outcome=complete|fail`: the payment page's
/// last step (the result view in a frame, `303` to the `returnUrl` otherwise), or `303`
/// to the card's `returnUrl`.
pub async fn submit(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Query(framing): Query<Framing>,
    Form(choice): Form<Choice>,
) -> Result<Response, SandboxError> {
    let t = load(&state, id, WireMethod::is_card).await?;
    if !challenged(&t.instructions) {
        return Err(SandboxError::not_found("3-D Secure challenge"));
    }
    match choice.outcome.as_str() {
        "complete" => transition(&state, id, Outcome::Paid, None).await?,
        "fail" => transition(&state, id, Outcome::Failed, Some("AUTHENTICATION_FAILED")).await?,
        _ => return Err(bad_outcome("complete or fail")),
    };
    if let Some(page) = &t.instructions.page {
        let payment = page_payment(&state, &page.token).await?;
        return Ok(pay::done(&state, &payment, &framing));
    }
    back(&t.instructions)
}

/// The payment page a card met its challenge on.
async fn page_payment(state: &AppState, token: &str) -> Result<PagePayment, SandboxError> {
    card_page::find(state, token)
        .await?
        .ok_or_else(|| SandboxError::not_found("payment page"))
}
