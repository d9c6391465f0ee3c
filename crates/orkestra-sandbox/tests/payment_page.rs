//! Orkestra's payment page over real HTTP: a card leg created without card data answers
//! `paymentPage.url`; the page speaks the payer's language; a card posted there is decided
//! by the magic numbers, notified like any other, and shown in the frame or answered with
//! `303` to the `returnUrl` (its 3-D Secure step: `payment_page_3ds.rs`); bad input re-renders with field errors and echoes no number;
//! a second or concurrent submission never charges again; the page can be framed.

mod common;

use std::time::Duration;

use common::payment_page::{card, open, open_in, order, post, transaction, RETURN_URL};
use common::{start, start_with, App};
use serde_json::json;

fn paid_hooks(app: &App, id: &str) -> usize {
    app.hooks
        .lock()
        .unwrap()
        .iter()
        .filter(|h| h["referenceId"] == id && h["status"] == "PAID")
        .count()
}

#[tokio::test]
async fn a_card_leg_without_card_data_is_pending_with_an_unguessable_page_url() {
    let app = start().await;
    let (tx, url) = open(&app, "pp-create").await;
    assert_eq!(tx["status"], "PENDING");
    assert!(
        tx.get("card").is_none() && tx.get("threeDSecure").is_none(),
        "{tx}"
    );
    let token = url
        .strip_prefix(&format!("{}/_sandbox/pay/", app.url))
        .unwrap();
    assert_eq!(token.len(), 43, "{url}");
    let (_, again) = open(&app, "pp-create-2").await;
    assert_ne!(url, again);
    // The order's GET shows it too while pending.
    let (_, found) = app.get("/v1/orders?merchantOrderId=pp-create").await;
    let shown = serde_json::to_string(&found).unwrap();
    assert!(shown.contains(&url), "{shown}");

    // The installments are the payer's choice; a returnUrl is required.
    let mut body = order("pp-bad", "BRL", 10.0, "CREDIT_CARD");
    let options = "charges[0].transactions[0].creditCard.options";
    body["charges"][0]["transactions"][0]["creditCard"]["options"]["installments"] = json!(3);
    app.refuse(&body, &format!("{options}.installments")).await;
    body["charges"][0]["transactions"][0]["creditCard"]["options"] = json!({});
    app.refuse(&body, &format!("{options}.returnUrl")).await;
    let (status, _) = app
        .page(&format!("{}/_sandbox/pay/not-a-token", app.url))
        .await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn the_page_speaks_the_payers_language_and_asks_for_the_card() {
    let app = start().await;
    let (_, url) = open(&app, "pp-lang").await;
    let (status, html) = app.page(&format!("{url}?lang=pt-BR&frame=1")).await;
    assert_eq!(status, 200);
    for expected in [
        r#"<html lang="pt-BR" dir="ltr">"#,
        "<main>",
        "<h1>Pagamento com cartão</h1>",
        "Número do cartão",
        "BRL 150.00",
        "ACME &lt;Store&gt;",
        r#"data-testid="payment-page-form""#,
        r#"autocomplete="cc-number""#,
        r#"autocomplete="cc-exp""#,
        r#"autocomplete="cc-csc""#,
        r#"autocomplete="cc-name""#,
        r#"inputmode="numeric""#,
        r#"<label for="pp-number">"#,
        r#"data-testid="pp-credit""#,
        r#"data-testid="pp-debit""#,
        r#"data-testid="pp-installments""#,
        r#"<option value="12">12 parcelas</option>"#,
        r#"<input type="hidden" name="frame" value="1">"#,
        r#"<input type="hidden" name="lang" value="pt-BR">"#,
        r#"data-testid="pp-submit""#,
        r#"<script src="/_sandbox/payment-page.js" defer></script>"#,
    ] {
        assert!(html.contains(expected), "{expected} in {html}");
    }
    assert!(!html.contains("<style"), "no inline style: {html}");
    let (_, html) = app.page(&format!("{url}?lang=ar")).await;
    assert!(html.contains(r#"<html lang="ar" dir="rtl">"#), "{html}");
    assert!(html.contains("رقم البطاقة"));
    assert!(!html.contains(r#"name="frame""#), "redirect mode: {html}");
    let (_, html) = app.page(&format!("{url}?lang=de")).await;
    assert!(html.contains(r#"<html lang="en" dir="ltr">"#) && html.contains("Card number"));

    // Mexico: no credit/debit choice, its four MSI plans and a single payment.
    let (_, url) = open_in(&app, "pp-mx", "MXN", "CREDIT_CARD").await;
    let (_, html) = app.page(&format!("{url}?lang=es")).await;
    assert!(!html.contains("pp-debit"), "{html}");
    assert_eq!(html.matches("<option").count(), 5, "{html}");
    assert!(html.contains("Número de tarjeta"));
}

#[tokio::test]
async fn the_page_may_be_framed_and_says_so_in_its_headers() {
    let app = start().await;
    let (_, url) = open(&app, "pp-headers").await;
    let response = app.client.get(&url).send().await.unwrap();
    let headers = response.headers();
    let csp = headers["content-security-policy"].to_str().unwrap();
    for directive in [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "form-action 'self' https://shop.example",
        "frame-ancestors *",
    ] {
        assert!(csp.contains(directive), "{directive} in {csp}");
    }
    assert!(headers.get("x-frame-options").is_none());
    assert_eq!(headers["referrer-policy"], "no-referrer");
    assert_eq!(headers["cache-control"], "no-store");
    assert_eq!(headers["x-content-type-options"], "nosniff");

    let script = app
        .client
        .get(format!("{}/_sandbox/payment-page.js", app.url))
        .send()
        .await
        .unwrap();
    assert!(script.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/javascript"));
    let script = script.text().await.unwrap();
    assert!(script.contains("orkestraPaymentPage") && script.contains("ResizeObserver"));
    assert!(script.contains("window.parent === window"));
    let (status, css) = app
        .page(&format!("{}/_sandbox/payment-page.css", app.url))
        .await;
    assert_eq!(status, 200);
    assert!(css.contains("margin-inline"));

    let app = start_with(|c| c.frame_ancestors = "'self' https://checkout.example".into()).await;
    let (_, url) = open(&app, "pp-ancestors").await;
    let response = app.client.get(&url).send().await.unwrap();
    let csp = response.headers()["content-security-policy"]
        .to_str()
        .unwrap();
    assert!(
        csp.contains("frame-ancestors 'self' https://checkout.example"),
        "{csp}"
    );
}

#[tokio::test]
async fn an_approved_card_is_paid_notified_and_shown_in_the_frame_once() {
    let app = start().await;
    let (_, url) = open(&app, "pp-paid").await;
    let (status, html, location) = post(&app, &url, &card(&[])).await;
    assert_eq!(status, 200, "{html}");
    assert_eq!(location, None, "a frame never goes to the returnUrl");
    assert!(
        html.contains(r#"data-testid="pp-result" data-status="PAID""#),
        "{html}"
    );
    assert!(html.contains("Payment approved — continue in the checkout."));
    assert!(
        !html.contains(RETURN_URL),
        "no way out of the frame: {html}"
    );
    let hook = app.hook("pp-paid", "PAID").await;
    let paid = &hook["transactions"][0];
    assert_eq!(paid["card"]["brand"], "visa");
    assert_eq!(paid["card"]["last4"], "1111");
    assert_eq!(paid["card"]["installments"], 3);
    let code = paid["card"]["authorizationCode"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        paid.get("paymentPage").is_none(),
        "only while pending: {paid}"
    );
    let found = transaction(&app, "pp-paid").await;
    assert!(found.get("paymentPage").is_none(), "{found}");

    // A second submission, another card: nothing charged again, the result shown.
    let (status, html, _) = post(&app, &url, &card(&[("number", "5555555555554444")])).await;
    assert_eq!(status, 200);
    assert!(html.contains(r#"data-status="PAID""#));
    // Redirect mode: back to the store.
    let (status, _, location) = post(&app, &url, &card(&[("frame", "")])).await;
    assert_eq!(status, 303);
    assert_eq!(location.as_deref(), Some(RETURN_URL));
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(paid_hooks(&app, "pp-paid"), 1);
    let found = transaction(&app, "pp-paid").await;
    assert_eq!(found["card"]["last4"], "1111");
    assert_eq!(found["card"]["authorizationCode"], code.as_str());
    // Shown again later: the result, with a way back when not framed.
    let (_, html) = app.page(&url).await;
    assert!(html.contains(r#"data-status="PAID""#) && html.contains(RETURN_URL));
}

#[tokio::test]
async fn in_redirect_mode_the_last_step_answers_303_to_the_return_url() {
    let app = start().await;
    let (_, url) = open(&app, "pp-redirect").await;
    let (status, _, location) = post(&app, &url, &card(&[("frame", "")])).await;
    assert_eq!(status, 303);
    assert_eq!(location.as_deref(), Some(RETURN_URL));
    app.hook("pp-redirect", "PAID").await;
}

#[tokio::test]
async fn a_declining_number_fails_with_its_reason_in_words() {
    let app = start().await;
    let (_, url) = open(&app, "pp-declined").await;
    let fields = card(&[("number", "4000000000009995"), ("lang", "es")]);
    let (status, html, _) = post(&app, &url, &fields).await;
    assert_eq!(status, 200);
    assert!(html.contains(r#"data-status="FAILED""#), "{html}");
    assert!(
        html.contains("Tarjeta rechazada: fondos insuficientes."),
        "{html}"
    );
    let hook = app.hook("pp-declined", "FAILED").await;
    assert_eq!(
        hook["transactions"][0]["statusReason"],
        "INSUFFICIENT_FUNDS"
    );
    assert_eq!(hook["transactions"][0]["card"]["last4"], "9995");
}

#[tokio::test]
async fn installments_outside_the_countrys_options_are_a_field_error() {
    let app = start().await;
    let (_, url) = open(&app, "pp-installments").await;
    let (status, html, _) = post(&app, &url, &card(&[("installments", "13")])).await;
    assert_eq!(status, 422);
    assert!(html.contains(
        r#"id="pp-installments" data-testid="pp-installments" name="installments" aria-invalid="true" aria-describedby="pp-installments-error""#
    ), "{html}");
    assert!(html.contains(r#"id="pp-installments-error""#));
    assert!(html.contains(r#"role="alert""#) && html.contains(r#"data-testid="pp-errors""#));
    assert!(html.contains(r##"<a href="#pp-installments">"##));
    assert_eq!(
        transaction(&app, "pp-installments").await["status"],
        "PENDING"
    );
}

#[tokio::test]
async fn an_invalid_number_is_a_field_error_and_never_echoed() {
    let app = start().await;
    let (_, url) = open(&app, "pp-invalid").await;
    let fields = card(&[
        ("number", "4111 1111 1111 1112"),
        ("cvv", "9876"),
        ("expiry", "0530"),
        ("lang", "pt-BR"),
    ]);
    let (status, html, _) = post(&app, &url, &fields).await;
    assert_eq!(status, 422);
    assert!(
        html.contains("Número de cartão inválido. Confira os dígitos."),
        "{html}"
    );
    assert!(html.contains(r#"aria-invalid="true" aria-describedby="pp-number-error""#));
    assert!(!html.contains("1112") && !html.contains("9876"), "{html}");
    assert!(
        html.contains(r#"value="0530""#),
        "the expiry is kept: {html}"
    );
    assert!(html.contains(r#"value="Ana Souza""#));
    assert_eq!(transaction(&app, "pp-invalid").await["status"], "PENDING");
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(app.hooks.lock().unwrap().is_empty());
}

#[tokio::test]
async fn the_lost_number_changes_nothing_and_the_payer_may_try_again() {
    let app = start().await;
    let (_, url) = open(&app, "pp-lost").await;
    let (status, html, _) = post(&app, &url, &card(&[("number", "4000000000000010")])).await;
    assert_eq!(status, 503);
    assert!(html.contains("Nothing was charged") && html.contains("pp-errors"));
    assert!(!html.contains("4000000000000010"));
    assert_eq!(transaction(&app, "pp-lost").await["status"], "PENDING");
    let (status, _, _) = post(&app, &url, &card(&[])).await;
    assert_eq!(status, 200);
    app.hook("pp-lost", "PAID").await;
}

#[tokio::test]
async fn two_submissions_at_once_charge_once() {
    let app = start().await;
    let (_, url) = open(&app, "pp-race").await;
    let first = card(&[]);
    let second = card(&[("number", "5555555555554444")]);
    let (a, b) = tokio::join!(post(&app, &url, &first), post(&app, &url, &second));
    assert_eq!((a.0, b.0), (200, 200));
    assert!(a.1.contains(r#"data-status="PAID""#) && b.1.contains(r#"data-status="PAID""#));
    app.hook("pp-race", "PAID").await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(paid_hooks(&app, "pp-race"), 1);
}

#[tokio::test]
async fn nothing_stored_holds_the_number_or_the_security_code() {
    let app = start().await;
    let (_, url) = open(&app, "pp-pan").await;
    let fields = card(&[("number", "378282246310005"), ("cvv", "8461")]);
    let (status, html, _) = post(&app, &url, &fields).await;
    assert_eq!(status, 200, "{html}");
    app.hook("pp-pan", "PAID").await;
    let mut stored = Vec::new();
    for entry in std::fs::read_dir(app.dir.path()).unwrap() {
        stored.extend(std::fs::read(entry.unwrap().path()).unwrap());
    }
    let text = String::from_utf8_lossy(&stored);
    assert!(
        text.contains(r#""last4":"0005""#),
        "the card's tail is kept"
    );
    assert!(!text.contains("378282246310005"));
    assert!(!text.contains("8461"));
}
