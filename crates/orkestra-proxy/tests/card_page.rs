//! Cards typed on Orkestra's payment page (`cardCapture: orkestra`), over real HTTP against
//! the sandbox's emulation of that page: the leg goes to Orkestra without card data and
//! comes back as a `card_page` next action on Orkestra's origin; a card sent to the proxy
//! anyway is refused on its field and starts nothing; the payer pays on Orkestra's page and
//! the notification settles the session; a leg waiting there may be withdrawn; a payment
//! page on another origin is never passed on; the proxy's default is this mode. Nothing
//! the proxy logs, at trace level, holds the card.

mod common;

use std::time::Duration;

use common::{token_of, Captured, Stack, CARD_OK};
use orkestra_core::methods::CardCapture;
use serde_json::{json, Value};

const CARD_DIGITS: &str = "4111111111111111";

fn customer_only() -> Value {
    json!({
        "method": "CARD",
        "payer": {"name": "Maria da Silva", "document": "529.982.247-25", "email": "maria@example.com"}
    })
}

async fn session_on_page(stack: &Stack, order: &str) -> (Value, String) {
    let mut body = stack.session_body(order);
    body["cardCapture"] = json!("orkestra");
    let response = stack.create_session(&body).await;
    assert_eq!(response.status(), 201);
    let session: Value = response.json().await.unwrap();
    assert_eq!(session["cardCapture"], "orkestra");
    let token = token_of(&session);
    (session, token)
}

/// The card page's address from the submit's answer.
fn card_page_url(answer: &Value) -> String {
    let action = &answer["transactions"][0]["nextAction"];
    assert_eq!(action["type"], "card_page", "{answer}");
    action["url"].as_str().unwrap().to_owned()
}

/// The payer on Orkestra's page (its form as the browser posts it, outside a frame).
async fn pay_on_page(url: &str, number: &str) -> reqwest::Response {
    let form = [
        ("number", number),
        ("expiry", "12/34"),
        ("cvv", "737"),
        ("name", "Maria da Silva"),
        ("card_type", "credit"),
        ("installments", "1"),
        ("lang", "en"),
    ];
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    client.post(url).form(&form).send().await.unwrap()
}

#[tokio::test]
async fn a_card_typed_on_orkestras_page_never_reaches_the_proxy_and_pays_the_session() {
    let logs = Captured::install("trace");
    let stack = Stack::start().await;
    let (session, token) = session_on_page(&stack, "card-page-1").await;
    let page = stack.page(&token).await;
    assert_eq!(page["cardCapture"], "orkestra");

    // A card typed into the proxy anyway is refused on its field, and starts nothing.
    let typed = stack
        .submit(
            &token,
            "key-typed-card",
            &common::card_payment(CARD_OK, None),
        )
        .await;
    assert_eq!(typed.status(), 422);
    let error: Value = typed.json().await.unwrap();
    assert_eq!(error["error"]["fields"][0]["field"], "card", "{error}");
    assert_eq!(error["error"]["fields"][0]["code"], "card_on_orkestra_page");
    assert_eq!(
        stack.merchant_get(session["id"].as_str().unwrap()).await["transactions"],
        json!([])
    );

    let answer = stack
        .submit(&token, "key-card-page", &customer_only())
        .await;
    assert_eq!(answer.status(), 201);
    let answer: Value = answer.json().await.unwrap();
    let url = card_page_url(&answer);
    assert!(
        url.starts_with(&format!("{}/", stack.sandbox_url())),
        "{url}"
    );
    // The hosted page may frame Orkestra's page, and nothing else.
    let hosted = stack
        .http
        .get(session["url"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    let csp = hosted.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        csp.ends_with(&format!("; frame-src {}", stack.sandbox_url())),
        "{csp}"
    );

    // The payer pays there; Orkestra sends them back to the hosted page and notifies.
    let paid = pay_on_page(&url, "4111 1111 1111 1111").await;
    assert_eq!(paid.status(), 303);
    assert_eq!(paid.headers()["location"], session["url"].as_str().unwrap());
    let id = session["id"].as_str().unwrap();
    let done = stack
        .wait_for_status(id, "paid", Duration::from_secs(10))
        .await;
    assert_eq!(done["transactions"][0]["status"], "paid");
    assert_eq!(done["transactions"][0]["method"], "CARD");

    let log = logs.text();
    assert!(
        log.contains("card-page-1") || log.contains(id),
        "the test's own log is captured"
    );
    for needle in [CARD_DIGITS, "4111 1111 1111 1111"] {
        assert!(
            !log.contains(needle),
            "the card number is in the proxy's log"
        );
    }
}

#[tokio::test]
async fn a_leg_waiting_on_orkestras_page_may_be_withdrawn_to_pay_another_way() {
    let stack = Stack::start().await;
    let (session, token) = session_on_page(&stack, "card-page-2").await;
    let answer: Value = stack
        .submit(&token, "key-first-leg", &customer_only())
        .await
        .json()
        .await
        .unwrap();
    let url = card_page_url(&answer);
    let leg = answer["transactions"][0]["id"].as_str().unwrap().to_owned();
    // Cards go first: nothing else starts while the card leg waits.
    let pix = stack.pay_pix(&token, "key-second-leg").await;
    assert_eq!(pix.status(), 409);
    let withdrawn = stack
        .http
        .post(format!(
            "{}/api/pay/{token}/transactions/{leg}/cancel",
            stack.proxy_url()
        ))
        .header("Idempotency-Key", "key-withdraw-card")
        .send()
        .await
        .unwrap();
    assert_eq!(
        withdrawn.status(),
        200,
        "{}",
        withdrawn.text().await.unwrap()
    );
    let id = session["id"].as_str().unwrap();
    assert_eq!(
        stack.merchant_get(id).await["transactions"][0]["status"],
        "cancelled"
    );
    // Orkestra's page no longer takes the card.
    let late = pay_on_page(&url, "4111 1111 1111 1111").await;
    assert_ne!(late.status(), 503);
    assert_eq!(
        stack.merchant_get(id).await["transactions"][0]["status"],
        "cancelled"
    );
    assert_eq!(stack.pay_pix(&token, "key-third-leg").await.status(), 201);
}

#[tokio::test]
async fn a_payment_page_on_another_origin_is_not_passed_on() {
    let mut stack = Stack::start().await;
    stack
        .restart_proxy_with(|c| c.orkestra.page_origin = "https://pay.orkestra.example".into())
        .await;
    let (_, token) = session_on_page(&stack, "card-page-3").await;
    let answer = stack
        .submit(&token, "key-first-leg", &customer_only())
        .await;
    assert_eq!(answer.status(), 502, "{}", answer.text().await.unwrap());
    let page = stack.page(&token).await;
    let legs = page["transactions"].as_array().unwrap();
    assert!(legs.iter().all(|l| l["nextAction"].is_null()), "{page}");
}

#[tokio::test]
async fn orkestras_page_is_the_default_and_a_session_may_ask_for_the_direct_form() {
    let mut stack = Stack::start().await;
    stack
        .restart_proxy_with(|c| c.card_capture = CardCapture::default())
        .await;
    let (session, token) = stack.new_session("card-page-4").await;
    assert_eq!(session["cardCapture"], "orkestra");
    assert_eq!(stack.page(&token).await["cardCapture"], "orkestra");

    let mut body = stack.session_body("card-page-5");
    body["cardCapture"] = json!("direct");
    let direct: Value = stack.create_session(&body).await.json().await.unwrap();
    assert_eq!(direct["cardCapture"], "direct");
    let paid = stack
        .submit(
            &token_of(&direct),
            "key-first-leg",
            &common::card_payment(CARD_OK, None),
        )
        .await;
    assert_eq!(paid.status(), 201);

    body["merchantOrderId"] = json!("card-page-6");
    body["cardCapture"] = json!("iframe");
    let wrong = stack.create_session(&body).await;
    assert_eq!(wrong.status(), 422);
    let error: Value = wrong.json().await.unwrap();
    assert_eq!(
        error["error"]["fields"][0]["field"], "cardCapture",
        "{error}"
    );
}
