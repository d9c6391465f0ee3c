//! Embedding, on the real proxy and sandbox: the hosted page's signed way back to the
//! merchant (`GET /pay/{token}/return`), checked as the README tells merchants to check it;
//! CORS on the browser API for exactly the session's `embedOrigins`; the iframe loader.

mod common;

use std::time::Duration;

use common::{token_of, Backend, Stack};
use hmac::{Hmac, Mac};
use reqwest::header::{HeaderMap, LOCATION};
use serde_json::{json, Value};
use sha2::Sha256;

const WAIT: Duration = Duration::from_secs(15);
const SHOP: &str = "http://127.0.0.1:8081";
/// The replay window the README asks merchants to enforce.
const TOLERANCE_SECONDS: i64 = 300;

fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

/// The merchant's check, written from the README (not from the proxy's code).
fn verify(secret: &str, params: &Params, now: i64) -> bool {
    let Ok(t) = params.t.parse::<i64>() else {
        return false;
    };
    if (now - t).abs() > TOLERANCE_SECONDS {
        return false;
    }
    let Ok(given) = hex::decode(&params.signature) else {
        return false;
    };
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(
        format!(
            "{}.return.{}.{}",
            params.t, params.session_id, params.outcome
        )
        .as_bytes(),
    );
    mac.verify_slice(&given).is_ok()
}

#[derive(Debug, Clone)]
struct Params {
    session_id: String,
    outcome: String,
    t: String,
    signature: String,
}

/// The `Location` of a way back, split into the merchant's URL and our four parameters.
fn read_location(location: &str) -> (String, Params) {
    let (base, query) = location.split_once('?').expect("a query");
    let mut theirs = Vec::new();
    let mut get = std::collections::HashMap::new();
    for pair in query.split('&') {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        if k.starts_with("orkestra_") {
            get.insert(k.to_owned(), v.to_owned());
        } else {
            theirs.push(pair.to_owned());
        }
    }
    let url = if theirs.is_empty() {
        base.to_owned()
    } else {
        format!("{base}?{}", theirs.join("&"))
    };
    let params = Params {
        session_id: get["orkestra_session_id"].clone(),
        outcome: get["orkestra_outcome"].clone(),
        t: get["orkestra_t"].clone(),
        signature: get["orkestra_signature"].clone(),
    };
    (url, params)
}

fn no_redirects() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

async fn way_back(stack: &Stack, token: &str) -> reqwest::Response {
    no_redirects()
        .get(format!("{}/pay/{token}/return", stack.proxy_url()))
        .send()
        .await
        .unwrap()
}

async fn session_with(stack: &Stack, order: &str, extra: Value) -> (Value, String) {
    let mut body = stack.session_body(order);
    for (k, v) in extra.as_object().unwrap() {
        body[k] = v.clone();
    }
    let response = stack.create_session(&body).await;
    assert_eq!(response.status(), 201);
    let session: Value = response.json().await.unwrap();
    let token = session["url"]
        .as_str()
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap()
        .to_owned();
    (session, token)
}

#[tokio::test]
async fn a_paid_payer_goes_back_to_the_return_url_with_a_result_the_merchant_verifies() {
    let stack = Stack::start().await;
    let (session, token) = session_with(
        &stack,
        "order-return-paid",
        json!({"returnUrl": "https://shop.example/return?order=7", "cancelUrl": "https://shop.example/basket"}),
    )
    .await;
    let id = session["id"].as_str().unwrap();
    assert_eq!(stack.pay_pix(&token, "key-return-paid").await.status(), 201);
    let orkestra_id = stack.merchant_get(id).await["transactions"][0]["orkestraId"]
        .as_str()
        .unwrap()
        .to_owned();
    stack.simulate(&orkestra_id, "paid").await;
    stack.wait_for_status(id, "paid", WAIT).await;

    let response = way_back(&stack, &token).await;
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()["cache-control"], "no-store");
    assert_eq!(response.headers()["referrer-policy"], "no-referrer");
    let (url, params) = read_location(response.headers()[LOCATION].to_str().unwrap());
    assert_eq!(
        url, "https://shop.example/return?order=7",
        "the merchant's own query is kept"
    );
    assert_eq!(params.session_id, id);
    assert_eq!(params.outcome, "paid");
    let t: i64 = params.t.parse().unwrap();
    assert!((unix_now() - t).abs() <= 5, "signed now: {t}");
    assert!(
        verify(common::WEBHOOK_SECRET, &params, unix_now()),
        "{params:?}"
    );

    // Tampered: another outcome, another session, another key.
    let mut tampered = params.clone();
    tampered.outcome = "cancelled".into();
    assert!(!verify(common::WEBHOOK_SECRET, &tampered, unix_now()));
    let mut other = params.clone();
    other.session_id = "cs_other".into();
    assert!(!verify(common::WEBHOOK_SECRET, &other, unix_now()));
    assert!(!verify("sk_someone_else", &params, unix_now()));
    // Stale: the same link replayed after the tolerance is refused.
    assert!(!verify(
        common::WEBHOOK_SECRET,
        &params,
        t + TOLERANCE_SECONDS + 1
    ));
    // Signed for the return only: not a valid webhook signature of anything with that text.
    let mut mac = Hmac::<Sha256>::new_from_slice(common::WEBHOOK_SECRET.as_bytes()).unwrap();
    mac.update(format!("{}.{}.{}", params.t, params.session_id, params.outcome).as_bytes());
    assert_ne!(hex::encode(mac.finalize().into_bytes()), params.signature);
}

#[tokio::test]
async fn a_payer_who_cancels_goes_back_to_the_cancel_url_with_a_signed_cancelled() {
    let stack = Stack::start().await;
    let (session, token) = session_with(
        &stack,
        "order-return-cancel",
        json!({"cancelUrl": "https://shop.example/basket#pay"}),
    )
    .await;
    let cancel = stack
        .http
        .post(format!("{}/api/pay/{token}/cancel", stack.proxy_url()))
        .header("Idempotency-Key", "key-return-cancel")
        .send()
        .await
        .unwrap();
    assert_eq!(cancel.status(), 200);
    let response = way_back(&stack, &token).await;
    assert_eq!(response.status(), 303);
    let location = response.headers()[LOCATION].to_str().unwrap().to_owned();
    assert!(
        location.starts_with("https://shop.example/basket?orkestra_session_id="),
        "{location}"
    );
    assert!(
        location.ends_with("#pay"),
        "the fragment stays last: {location}"
    );
    let (_, params) = read_location(location.trim_end_matches("#pay"));
    assert_eq!(params.outcome, "cancelled");
    assert_eq!(params.session_id, session["id"]);
    assert!(verify(common::WEBHOOK_SECRET, &params, unix_now()));
}

async fn press_cancel(stack: &Stack, token: &str, query: &str) -> reqwest::Response {
    no_redirects()
        .post(format!("{}/pay/{token}/cancel{query}", stack.proxy_url()))
        .header("content-type", "application/x-www-form-urlencoded")
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn the_pages_cancel_form_cancels_and_takes_the_way_back_or_stays_in_its_iframe() {
    let stack = Stack::start().await;
    let (session, token) = session_with(
        &stack,
        "order-cancel-form",
        json!({"cancelUrl": "https://shop.example/basket"}),
    )
    .await;
    let response = press_cancel(&stack, &token, "").await;
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()[LOCATION], format!("/pay/{token}/return"));
    let id = session["id"].as_str().unwrap();
    assert_eq!(stack.merchant_get(id).await["status"], "cancelled");
    let (url, params) = read_location(
        way_back(&stack, &token).await.headers()[LOCATION]
            .to_str()
            .unwrap(),
    );
    assert_eq!(
        (url.as_str(), params.outcome.as_str()),
        ("https://shop.example/basket", "cancelled")
    );
    // Pressed again (a double click): the same answer, nothing else happens.
    assert_eq!(
        press_cancel(&stack, &token, "").await.headers()[LOCATION],
        format!("/pay/{token}/return")
    );

    // In an iframe the page comes back to itself, and tells the merchant.
    let (_, framed) = session_with(&stack, "order-cancel-form-framed", json!({})).await;
    let response = press_cancel(&stack, &framed, "?stay").await;
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()[LOCATION], format!("/pay/{framed}"));

    // A paid session is not cancelled: the page is shown again, paid.
    let (paid, paid_token) = session_with(&stack, "order-cancel-form-paid", json!({})).await;
    assert_eq!(
        stack
            .pay_pix(&paid_token, "key-cancel-form-paid")
            .await
            .status(),
        201
    );
    let paid_id = paid["id"].as_str().unwrap();
    let orkestra_id = stack.merchant_get(paid_id).await["transactions"][0]["orkestraId"]
        .as_str()
        .unwrap()
        .to_owned();
    stack.simulate(&orkestra_id, "paid").await;
    stack.wait_for_status(paid_id, "paid", WAIT).await;
    let response = press_cancel(&stack, &paid_token, "").await;
    assert_eq!(response.headers()[LOCATION], format!("/pay/{paid_token}"));
    assert_eq!(stack.merchant_get(paid_id).await["status"], "paid");
    assert_eq!(press_cancel(&stack, "pt_unknown", "").await.status(), 404);
}

#[tokio::test]
async fn a_session_with_nowhere_to_return_to_has_no_way_back() {
    let stack = Stack::start().await;
    let (_, token) = session_with(&stack, "order-return-none", json!({"returnUrl": null})).await;
    assert_eq!(way_back(&stack, &token).await.status(), 404);
    assert_eq!(way_back(&stack, "pt_unknown").await.status(), 404);
    // An open session cancelled nowhere: a cancel URL alone serves a cancelled order only.
    let (_, token) = session_with(
        &stack,
        "order-return-cancel-only",
        json!({"returnUrl": null, "cancelUrl": "https://shop.example/basket"}),
    )
    .await;
    assert_eq!(way_back(&stack, &token).await.status(), 404);
}

#[tokio::test]
async fn a_bad_cancel_url_is_refused_on_its_field() {
    let stack = Stack::start().await;
    let mut body = stack.session_body("order-bad-cancel-url");
    body["cancelUrl"] = json!("javascript:alert(1)");
    let response = stack.create_session(&body).await;
    assert_eq!(response.status(), 422);
    let error: Value = response.json().await.unwrap();
    assert_eq!(
        error["error"]["fields"][0],
        json!({"field": "cancelUrl", "code": "invalid_format"})
    );
}

async fn with_origin(
    stack: &Stack,
    method: reqwest::Method,
    path: &str,
    origin: &str,
) -> HeaderMap {
    let response = stack
        .http
        .request(method, format!("{}{path}", stack.proxy_url()))
        .header("Origin", origin)
        .send()
        .await
        .unwrap();
    response.headers().clone()
}

#[tokio::test]
async fn the_browser_api_answers_cors_for_exactly_the_sessions_embed_origins() {
    let stack = Stack::start().await;
    let (session, token) = stack.new_session("order-cors").await;
    let (_, other_token) = session_with(
        &stack,
        "order-cors-other",
        json!({"embedOrigins": ["https://other.example"]}),
    )
    .await;
    let get = reqwest::Method::GET;

    let allowed = with_origin(&stack, get.clone(), &format!("/api/pay/{token}"), SHOP).await;
    assert_eq!(allowed["access-control-allow-origin"], SHOP);
    assert!(allowed.get_all("vary").iter().any(|v| v == "origin"));
    assert!(allowed.get("access-control-allow-credentials").is_none());

    for (path, origin, why) in [
        (
            format!("/api/pay/{token}"),
            "https://evil.example",
            "an unlisted origin",
        ),
        (
            format!("/api/pay/{token}"),
            "http://127.0.0.1:8082",
            "another port",
        ),
        (
            format!("/api/pay/{other_token}"),
            SHOP,
            "another session's origin",
        ),
        ("/api/pay/pt_unknown".to_owned(), SHOP, "an unknown token"),
        (
            format!("/v1/checkout-sessions/{}", session["id"].as_str().unwrap()),
            SHOP,
            "the merchant API",
        ),
        (format!("/pay/{token}"), SHOP, "the hosted page"),
    ] {
        let headers = with_origin(&stack, get.clone(), &path, origin).await;
        assert!(
            headers.get("access-control-allow-origin").is_none(),
            "{why}: {headers:?}"
        );
    }

    // The live status stream (the response's headers come before its never-ending body).
    let stream = with_origin(
        &stack,
        get.clone(),
        &format!("/api/pay/{token}/events"),
        SHOP,
    )
    .await;
    assert_eq!(stream["access-control-allow-origin"], SHOP);
    assert_eq!(stream["content-type"], "text/event-stream");

    // A submit's preflight: allowed with the headers the page sends, refused for others.
    let preflight = |origin: &'static str| {
        stack
            .http
            .request(
                reqwest::Method::OPTIONS,
                format!("{}/api/pay/{token}/transactions", stack.proxy_url()),
            )
            .header("Origin", origin)
            .header("Access-Control-Request-Method", "POST")
            .header(
                "Access-Control-Request-Headers",
                "content-type,idempotency-key",
            )
            .send()
    };
    let ok = preflight(SHOP).await.unwrap();
    assert_eq!(ok.status(), 204);
    assert_eq!(ok.headers()["access-control-allow-origin"], SHOP);
    assert_eq!(ok.headers()["access-control-allow-methods"], "GET, POST");
    assert_eq!(
        ok.headers()["access-control-allow-headers"],
        "content-type, idempotency-key"
    );
    let refused = preflight("https://evil.example").await.unwrap();
    assert_eq!(refused.status(), 403);
    assert!(refused
        .headers()
        .get("access-control-allow-origin")
        .is_none());

    // And the submit itself, from the allowed origin, is answered readable to it.
    let submit = stack
        .http
        .post(format!("{}/api/pay/{token}/transactions", stack.proxy_url()))
        .header("Origin", SHOP)
        .header("Idempotency-Key", "key-cors-submit")
        .json(&json!({"method": "PIX", "payer": {"name": "Maria da Silva", "document": "529.982.247-25", "email": "maria@example.com"}}))
        .send()
        .await
        .unwrap();
    assert_eq!(submit.status(), 201);
    assert_eq!(submit.headers()["access-control-allow-origin"], SHOP);
    // An OPTIONS that is no preflight is still not a method the API has.
    let plain = stack
        .http
        .request(
            reqwest::Method::OPTIONS,
            format!("{}/api/pay/{token}", stack.proxy_url()),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(plain.status(), 405);
}

#[tokio::test]
async fn the_iframe_loader_is_served_to_any_origin_and_cached_briefly() {
    let stack = Stack::start().await;
    // The test proxy's assets directory is the stack's temporary directory.
    std::fs::write(
        stack.dir.path().join("checkout.js"),
        "export const loader = 1;\n",
    )
    .unwrap();
    let response = stack
        .http
        .get(format!("{}/checkout.js", stack.proxy_url()))
        .header("Origin", SHOP)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "text/javascript");
    assert_eq!(response.headers()["cache-control"], "public, max-age=300");
    assert_eq!(response.headers()["access-control-allow-origin"], "*");
    assert_eq!(response.headers()["x-content-type-options"], "nosniff");
    assert_eq!(response.text().await.unwrap(), "export const loader = 1;\n");
}

/// The hosted page's HTML carries its session as the browser API serves it, in a JSON data
/// block: not a script, so the CSP allows no more inline code than before.
#[tokio::test]
async fn the_hosted_page_carries_its_session_in_a_data_block_the_csp_does_not_run() {
    let stack = Stack::start().await;
    let (_, token) = stack.new_session("order-data-block").await;
    let page = stack
        .http
        .get(format!("{}/pay/{token}?locale=fr", stack.proxy_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    let csp = page.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    let html = page.text().await.unwrap();
    assert!(html.contains(r#"<html lang="fr" dir="ltr">"#), "{html}");
    let block = r#"<script type="application/json" id="orkestra-page">"#;
    let data = html.split_once(block).expect("a data block").1;
    let data: Value = serde_json::from_str(data.split_once("</script>").unwrap().0).unwrap();
    let api: Value = stack
        .http
        .get(format!("{}/api/pay/{token}", stack.proxy_url()))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(data["session"], api);
    assert_eq!(data["locale"], "fr", "the payer's ?locale= wins");
    // The session's amount as the page writes it in French for Brazil (fr has no Brazilian
    // variant: plain fr), so the page makes no Intl.NumberFormat for its first screen.
    assert_eq!(data["money"]["tag"], "fr");
    assert_eq!(data["money"]["currency"], "BRL");
    assert_eq!(data["money"]["amounts"]["150.00"], "150,00\u{a0}R$");
    // The test's index.html has one inline script: only it is allowed, not the data block.
    let script_src = csp.split(';').find(|d| d.contains("script-src")).unwrap();
    assert_eq!(script_src.matches("'sha256-").count(), 1, "{csp}");
}

/// The page's wasm chunk (the instructions' code, `dist/chunks.txt`) is preloaded by a
/// hosted page that opens on the instructions, and only by such a page: a fresh one
/// fetches it when the form is sent.
#[tokio::test]
async fn a_page_reopened_on_its_pix_code_preloads_the_instructions_chunk() {
    let mut stack = Stack::without_proxy(Backend::from_env()).await;
    std::fs::write(
        stack.dir.path().join("chunks.txt"),
        "page-0123456789abcdef.wasm\n",
    )
    .unwrap();
    stack.start_proxy().await;
    let (_, token) = stack.new_session("order-chunk-preload").await;
    let preload = r#"<link rel="preload" as="fetch" crossorigin href="/assets/page-0123456789abcdef.wasm" type="application/wasm">"#;
    let hosted = |token: String| {
        let stack = &stack;
        async move {
            let page = stack
                .http
                .get(format!("{}/pay/{token}", stack.proxy_url()))
                .send()
                .await
                .unwrap();
            assert_eq!(page.status(), 200);
            page.text().await.unwrap()
        }
    };
    let fresh = hosted(token.clone()).await;
    assert!(!fresh.contains("page-0123456789abcdef"), "{fresh}");
    assert_eq!(
        stack.pay_pix(&token, "key-chunk-preload").await.status(),
        201
    );
    let reopened = hosted(token).await;
    let head = reopened.split_once("</head>").expect("a head").0;
    assert_eq!(head.matches(preload).count(), 1, "{reopened}");
}

/// A top-level tab (`Sec-Fetch-Dest: document`), and a frame whose loader named an origin
/// the session allows, get the first screen's form drawn into the HTML, its Pay button
/// disabled until the page runs; another frame, a client that does not say, and a session
/// past its first screen get the summary and the loading notice alone.
#[tokio::test]
async fn a_fresh_page_in_a_tab_comes_with_its_form_drawn() {
    let mut stack = Stack::without_proxy(Backend::from_env()).await;
    // The page's texts as `cargo xtask build` writes them, from the repository's locales.
    let locales = stack.dir.path().join("locales");
    std::fs::create_dir_all(&locales).unwrap();
    for tag in ["en", "pt-BR"] {
        let source = std::fs::read_to_string(format!(
            "{}/../../locales/{tag}.txt",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap();
        let entries: Vec<(&str, &str)> = source
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .filter_map(|l| l.split_once(" = "))
            .collect();
        let (keys, texts): (Vec<&str>, Vec<&str>) = entries.into_iter().unzip();
        std::fs::write(locales.join(format!("{tag}.txt")), texts.join("\n") + "\n").unwrap();
        std::fs::write(locales.join("keys.list"), keys.join("\n") + "\n").unwrap();
    }
    stack.start_proxy().await;
    // Cards typed on Orkestra's page, the product's default: the card form asks here for
    // the holder's name and CPF alone, which the server draws.
    let mut body = stack.session_body("order-drawn-form");
    body["cardCapture"] = json!("orkestra");
    let created = stack.create_session(&body).await;
    assert_eq!(created.status(), 201);
    let token = token_of(&created.json().await.unwrap());
    let hosted = |token: String, dest: Option<&'static str>| {
        let stack = &stack;
        async move {
            let (dest, query) = match dest {
                Some(dest) => dest
                    .split_once('?')
                    .map_or((Some(dest), ""), |(d, q)| (Some(d), q)),
                None => (None, ""),
            };
            let mut request = stack
                .http
                .get(format!("{}/pay/{token}?{query}", stack.proxy_url()));
            if let Some(dest) = dest {
                request = request.header("sec-fetch-dest", dest);
            }
            let page = request.send().await.unwrap();
            assert_eq!(page.status(), 200);
            page.text().await.unwrap()
        }
    };
    let tab = hosted(token.clone(), Some("document")).await;
    let body = tab.split_once("<body").expect("a body").1;
    assert!(
        body.contains(r#"<main class="page" data-drawn="server">"#),
        "{body}"
    );
    assert!(body.contains(r#"data-testid="pay-form""#), "{body}");
    assert!(body.contains(r#"pay-form__submit" disabled="">"#), "{body}");
    assert!(
        body.contains(r#"id="payer-name" name="payer-name""#),
        "{body}"
    );
    assert!(!body.contains("notice--loading"), "{body}");
    // Nothing but the cancel form can be sent before the page runs.
    assert_eq!(body.matches("<form").count(), 2, "{body}");
    assert!(
        body.contains(&format!(r#"action="/pay/{token}/cancel""#)),
        "{body}"
    );
    // Framed by its loader for an origin the session allows: embedded, so cancelling stays
    // in the frame.
    let framed = hosted(
        token.clone(),
        Some("iframe?embed=http%3A%2F%2F127.0.0.1%3A8081"),
    )
    .await;
    assert!(framed.contains(r#"data-testid="pay-form""#), "{framed}");
    assert!(
        framed.contains(&format!(r#"action="/pay/{token}/cancel?stay""#)),
        "{framed}"
    );
    for other in [
        Some("iframe"),
        Some("iframe?embed=https%3A%2F%2Fevil.example"),
        None,
    ] {
        let page = hosted(token.clone(), other).await;
        assert!(page.contains("notice--loading"), "{other:?}: {page}");
        assert!(!page.contains(r#"data-testid="pay-form""#), "{other:?}");
        // The notice for code that never comes, hidden, under every drawn header.
        assert!(
            page.contains(r#"<div class="notice" role="alert" id="load-failed" hidden=""><p>"#),
            "{other:?}: {page}"
        );
    }
    // Cards typed in the page: their inputs are drawn too, in a form that posts nowhere.
    let mut body = stack.session_body("order-drawn-card");
    body["cardCapture"] = json!("direct");
    let created = stack.create_session(&body).await;
    assert_eq!(created.status(), 201);
    let card = hosted(token_of(&created.json().await.unwrap()), Some("document")).await;
    for drawn in [
        r#"id="card-number" name="card-number" type="text" autocomplete="cc-number""#,
        r#"<span class="brand" data-testid="card-brand" aria-live="polite"></span>"#,
        r#"autocomplete="cc-exp""#,
        r#"autocomplete="cc-csc""#,
        r#"name="card-type" value="credit" checked"#,
        r#"<option value="1" selected="">"#,
    ] {
        assert!(card.contains(drawn), "{drawn}: {card}");
    }
    let form = &card[card.find(r#"<form class="pay-form""#).unwrap()..];
    let form = &form[..form.find("</form>").unwrap()];
    assert!(!form.contains("action="), "{form}");
    assert!(
        form.contains(
            r#"<button type="submit" class="button button--primary pay-form__submit" disabled="">"#
        ),
        "{form}"
    );
    // The merchant's prefill is drawn in, as the page's form starts with it: escaped.
    let mut body = stack.session_body("order-drawn-prefill");
    body["cardCapture"] = json!("orkestra");
    body["customer"] = json!({"name": "Ana \"<b>\" d'Avila"});
    let created = stack.create_session(&body).await;
    assert_eq!(created.status(), 201);
    let prefilled = hosted(token_of(&created.json().await.unwrap()), Some("document")).await;
    assert!(
        prefilled.contains(r#"value="Ana &quot;&lt;b&gt;&quot; d&#39;Avila""#),
        "{prefilled}"
    );
    assert_eq!(stack.pay_pix(&token, "key-drawn-form").await.status(), 201);
    let reopened = hosted(token, Some("document")).await;
    assert!(
        !reopened.contains(r#"data-testid="pay-form""#),
        "{reopened}"
    );
}
