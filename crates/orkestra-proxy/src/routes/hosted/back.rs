//! The hosted page's way back to the merchant (`GET /pay/{token}/return`): a `303` to the
//! session's `returnUrl` (its `cancelUrl` once cancelled) carrying the session id, the
//! order's status and a signature the merchant verifies with its webhook signing secret.
//! And the page's cancel button (`POST /pay/{token}/cancel`, a plain form), which cancels
//! and then takes that way back.
//!
//! The page only navigates here; the outcome is read from the database and signed here, so
//! nothing a browser sends or changes can make a payment look paid to the merchant.

use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use orkestra_core::api::merchant::{CheckoutSessionSpec, OrderStatus};

use crate::error::AppError;
use crate::routes::browser::session::cancel_for;
use crate::signing::signed_hex;
use crate::state::AppState;
use crate::time::now_ms;

/// The text the signature covers, after `"<t>."`: `return.<session id>.<outcome>`. The
/// `return.` prefix keeps a return's signature from ever being a webhook's, whose text is
/// a JSON body (`{…`) under the same key.
pub fn signed_text(session_id: &str, outcome: &str) -> String {
    format!("return.{session_id}.{outcome}")
}

/// `url` with the signed result added to its query (before any `#fragment`).
pub fn signed_location(
    url: &str,
    session_id: &str,
    outcome: &str,
    t: i64,
    signature: &str,
) -> String {
    let (base, fragment) = match url.split_once('#') {
        Some((base, fragment)) => (base, Some(fragment)),
        None => (url, None),
    };
    let separator = match base.contains('?') {
        true if base.ends_with('?') || base.ends_with('&') => "",
        true => "&",
        false => "?",
    };
    // Ids, statuses, digits and hex: nothing to percent-encode.
    let mut location = format!(
        "{base}{separator}orkestra_session_id={session_id}&orkestra_outcome={outcome}\
         &orkestra_t={t}&orkestra_signature={signature}"
    );
    if let Some(fragment) = fragment {
        location.push('#');
        location.push_str(fragment);
    }
    location
}

/// Where the payer goes for this status: the cancel URL for a cancelled order when there
/// is one, else the return URL.
fn target(request: &CheckoutSessionSpec, status: OrderStatus) -> Option<&str> {
    let cancel = (status == OrderStatus::Cancelled)
        .then_some(request.cancel_url.as_deref())
        .flatten();
    cancel.or(request.return_url.as_deref())
}

pub async fn back_to_merchant(
    State(state): State<AppState>,
    Path(token): Path<String>,
) -> Result<Response, AppError> {
    let (session, _) = state
        .store
        .charge_by_token(&token)
        .await?
        .ok_or(AppError::NotFound)?;
    let status = session.status;
    let url = target(&session.spec, status).ok_or(AppError::NotFound)?;
    let outcome = status.as_str();
    let t = now_ms() / 1000;
    let signature = signed_hex(state.keys.current(), t, &signed_text(&session.id, outcome));
    let location = signed_location(url, &session.id, outcome, t, &signature);
    let Ok(location) = HeaderValue::from_str(&location) else {
        // Stored URLs were checked on the way in (no spaces or control characters).
        return Err(AppError::NotFound);
    };
    let mut response = StatusCode::SEE_OTHER.into_response();
    let headers = response.headers_mut();
    headers.insert(header::LOCATION, location);
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    Ok(response)
}

/// The cancel button's form: the same as the browser API's `POST /api/pay/{token}/cancel`,
/// then `303` to the way back. A page in an iframe (`?stay`) is sent back to itself
/// instead, and tells the merchant. Refused (a payment in flight, a paid charge), the page
/// is shown again as it now is.
pub async fn cancel_and_return(
    State(state): State<AppState>,
    Path(token): Path<String>,
    RawQuery(query): RawQuery,
) -> Response {
    // Cancelling is one intent per page, however often the button is pressed.
    let cancelled = cancel_for(&state, &token).await;
    let stay = query.as_deref() == Some("stay");
    let to = match cancelled {
        Ok(_) if !stay => format!("/pay/{token}/return"),
        Ok(_) => format!("/pay/{token}"),
        Err(AppError::NotFound) => return StatusCode::NOT_FOUND.into_response(),
        Err(err) => {
            tracing::info!(error = %err, "the hosted page's cancel was refused");
            format!("/pay/{token}")
        }
    };
    match HeaderValue::from_str(&to) {
        Ok(location) => (StatusCode::SEE_OTHER, [(header::LOCATION, location)]).into_response(),
        Err(_) => StatusCode::NOT_FOUND.into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_result_joins_the_merchants_own_query_and_keeps_the_fragment() {
        let at = |url| signed_location(url, "cs_1", "paid", 7, "ab");
        assert_eq!(
            at("https://shop.example/return"),
            "https://shop.example/return?orkestra_session_id=cs_1&orkestra_outcome=paid&orkestra_t=7&orkestra_signature=ab"
        );
        assert_eq!(
            at("https://shop.example/r?order=9#done"),
            "https://shop.example/r?order=9&orkestra_session_id=cs_1&orkestra_outcome=paid&orkestra_t=7&orkestra_signature=ab#done"
        );
        assert!(at("https://shop.example/r?")
            .starts_with("https://shop.example/r?orkestra_session_id="));
    }

    #[test]
    fn a_cancelled_order_goes_to_the_cancel_url_and_everything_else_to_the_return_url() {
        let mut request: CheckoutSessionSpec = serde_json::from_str(
            r#"{"merchantOrderId":"o","country":"BR","currency":"BRL","amount":"1.00",
                "returnUrl":"https://shop.example/return","cancelUrl":"https://shop.example/basket"}"#,
        )
        .unwrap();
        assert_eq!(
            target(&request, OrderStatus::Cancelled),
            Some("https://shop.example/basket")
        );
        assert_eq!(
            target(&request, OrderStatus::Paid),
            Some("https://shop.example/return")
        );
        request.cancel_url = None;
        assert_eq!(
            target(&request, OrderStatus::Cancelled),
            Some("https://shop.example/return")
        );
        request.return_url = None;
        assert_eq!(target(&request, OrderStatus::Expired), None);
    }
}
