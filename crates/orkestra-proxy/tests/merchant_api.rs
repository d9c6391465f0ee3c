//! The merchant API over real HTTP: creating and reading checkout sessions, and the errors
//! a merchant's integration gets for bad input.

mod common;

use common::{Stack, MERCHANT_SECRET};
use serde_json::{json, Value};

async fn error_of(response: reqwest::Response) -> (u16, Value) {
    let status = response.status().as_u16();
    let body: Value = response.json().await.unwrap();
    (status, body["error"].clone())
}

#[tokio::test]
async fn creating_a_session_returns_its_payment_url_and_open_status() {
    let stack = Stack::start().await;
    let response = stack.create_session(&stack.session_body("order-1")).await;
    assert_eq!(response.status(), 201);
    assert_eq!(response.headers()["cache-control"], "no-store");
    let session: Value = response.json().await.unwrap();
    assert_eq!(session["status"], "open");
    assert_eq!(session["amount"], "150.00");
    assert_eq!(session["currency"], "BRL");
    assert!(session["id"].as_str().unwrap().starts_with("cs_"));
    let url = session["url"].as_str().unwrap();
    assert!(
        url.starts_with(&format!("{}/pay/pt_", stack.proxy_url())),
        "{url}"
    );
    assert!(session["expiresAt"].as_str().unwrap().ends_with('Z'));

    let fetched = stack.merchant_get(session["id"].as_str().unwrap()).await;
    assert_eq!(fetched["id"], session["id"]);
    assert_eq!(fetched["transactions"], json!([]));
}

#[tokio::test]
async fn bad_input_is_refused_with_a_stable_code_and_the_field() {
    let stack = Stack::start().await;
    let cases = [
        ("amount", json!("150.001"), "amount_too_many_decimals"),
        ("amount", json!("-150.00"), "amount_negative"),
        ("amount", json!("1.5e2"), "amount_format"),
        ("amount", json!("0.00"), "amount_zero"),
        ("currency", json!("MXN"), "currency_mismatch"),
        ("country", json!("XX"), "unsupported_country"),
        ("currency", json!("SLL"), "unsupported_currency"),
    ];
    for (i, (field, value, code)) in cases.into_iter().enumerate() {
        let mut body = stack.session_body(&format!("bad-{i}"));
        body[field] = value.clone();
        let (status, error) = error_of(stack.create_session(&body).await).await;
        assert_eq!(status, 422, "{field}={value}");
        assert_eq!(error["code"], code, "{field}={value}: {error}");
        assert_eq!(error["field"], field, "{field}={value}");
    }
}

#[tokio::test]
async fn malformed_json_and_unknown_fields_are_client_errors() {
    let stack = Stack::start().await;
    let response = stack
        .http
        .post(format!("{}/v1/checkout-sessions", stack.proxy_url()))
        .bearer_auth(MERCHANT_SECRET)
        .header("content-type", "application/json")
        .body("{\"merchantOrderId\": ")
        .send()
        .await
        .unwrap();
    let (status, error) = error_of(response).await;
    assert_eq!(
        (status, error["code"].as_str()),
        (400, Some("malformed_json"))
    );

    let mut body = stack.session_body("unknown-field");
    body["price"] = json!("1.00");
    let (status, error) = error_of(stack.create_session(&body).await).await;
    assert_eq!(
        (status, error["code"].as_str()),
        (400, Some("malformed_json"))
    );
}

#[tokio::test]
async fn a_wrong_or_missing_secret_is_refused() {
    let stack = Stack::start().await;
    for auth in [
        Some("Bearer wrong"),
        Some(&format!("Basic {MERCHANT_SECRET}") as &str),
        None,
    ] {
        let mut request = stack
            .http
            .post(format!("{}/v1/checkout-sessions", stack.proxy_url()))
            .json(&stack.session_body("order-auth"));
        if let Some(auth) = auth {
            request = request.header("authorization", auth);
        }
        let (status, error) = error_of(request.send().await.unwrap()).await;
        assert_eq!(status, 401);
        assert_eq!(error["code"], "unauthorized");
    }
}

#[tokio::test]
async fn the_same_merchant_order_id_returns_the_same_session_and_a_different_request_conflicts() {
    let stack = Stack::start().await;
    let first: Value = stack
        .create_session(&stack.session_body("order-dup"))
        .await
        .json()
        .await
        .unwrap();
    let again = stack.create_session(&stack.session_body("order-dup")).await;
    assert_eq!(again.status(), 200);
    let again: Value = again.json().await.unwrap();
    assert_eq!(again["id"], first["id"]);

    let mut changed = stack.session_body("order-dup");
    changed["amount"] = json!("999.00");
    let (status, error) = error_of(stack.create_session(&changed).await).await;
    assert_eq!(
        (status, error["code"].as_str()),
        (409, Some("merchant_order_id_conflict"))
    );
}

/// Sessions made at the same moment are stored together (SQLite's writer takes a batch's
/// new sessions in two statements): each is answered as if it came alone, repeats of one
/// `merchantOrderId` among them included, and each comes with its charges.
#[tokio::test]
async fn sessions_made_at_once_are_each_answered_as_if_alone() {
    let stack = Stack::start().await;
    let stack = &stack;
    let split = |n: usize| {
        let mut body = stack.session_body(&format!("order-at-once-{n}"));
        body["charges"] = json!([{"amount": "100.00"}, {"amount": "50.00"}]);
        body
    };
    let mut changed = stack.session_body("order-at-once-dup");
    changed["amount"] = json!("999.00");
    // Ten of one merchantOrderId (one of them asking for another amount) among sixty.
    let bodies: Vec<Value> = (0..50)
        .map(split)
        .chain((0..9).map(|_| stack.session_body("order-at-once-dup")))
        .chain([changed])
        .collect();
    let answers = futures::future::join_all(bodies.iter().map(|body| async move {
        let response = stack.create_session(body).await;
        let status = response.status().as_u16();
        (status, response.json::<Value>().await.unwrap())
    }))
    .await;

    for (status, session) in &answers[..50] {
        assert_eq!(*status, 201, "{session}");
        let id = session["id"].as_str().unwrap();
        let stored = stack.merchant_get(id).await;
        assert_eq!(stored["charges"].as_array().unwrap().len(), 2, "{stored}");
        assert_eq!(stored["charges"][1]["amount"], "50.00");
        assert_eq!(stored["status"], "open");
    }
    // Of the same request nine times, one made the session and the others got it back;
    // the one with another amount got a conflict unless it came first.
    let same: Vec<&(u16, Value)> = answers[50..59].iter().collect();
    let (changed_status, changed_body) = &answers[59];
    let made = same.iter().filter(|(status, _)| *status == 201).count();
    match changed_status {
        409 => {
            assert_eq!(changed_body["error"]["code"], "merchant_order_id_conflict");
            assert_eq!(made, 1, "{same:?}");
            let id = &same.iter().find(|(s, _)| *s == 201).unwrap().1["id"];
            assert!(same
                .iter()
                .all(|(s, b)| (*s == 201 || *s == 200) && b["id"] == *id));
        }
        201 => {
            assert_eq!(made, 0, "{same:?}");
            assert!(same
                .iter()
                .all(|(s, b)| *s == 409 && b["error"]["code"] == "merchant_order_id_conflict"));
        }
        other => panic!("{other}: {changed_body}"),
    }
}

#[tokio::test]
async fn the_hosted_page_may_be_framed_only_by_the_sessions_embed_origins() {
    let stack = Stack::start().await;
    let (_, token) = stack.new_session("order-csp").await;
    let response = stack
        .http
        .get(format!("{}/pay/{token}", stack.proxy_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let csp = response.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        csp.contains("frame-ancestors 'self' http://127.0.0.1:8081"),
        "{csp}"
    );
    assert!(
        csp.contains("script-src 'self' 'wasm-unsafe-eval' 'sha256-"),
        "{csp}"
    );
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    assert_eq!(response.headers()["x-content-type-options"], "nosniff");

    let unknown = stack
        .http
        .get(format!("{}/pay/pt_nope", stack.proxy_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), 404);
}

#[tokio::test]
async fn the_hosted_page_goes_out_in_brotli_or_gzip_as_the_browser_takes_them() {
    let stack = Stack::start().await;
    let (_, token) = stack.new_session("order-coding").await;
    let url = format!("{}/pay/{token}", stack.proxy_url());
    let get = |accept: &'static str| {
        let request = stack.http.get(&url).header("accept-encoding", accept);
        async move { request.send().await.unwrap() }
    };
    let plain = get("identity").await;
    assert!(plain.headers().get("content-encoding").is_none());
    assert_eq!(plain.headers()["vary"], "accept-encoding");
    let page = plain.text().await.unwrap();
    assert!(page.contains("orkestra-page"), "{page}");

    let brotli = get("gzip, deflate, br, zstd").await;
    assert_eq!(brotli.headers()["content-encoding"], "br");
    let body = brotli.bytes().await.unwrap();
    let mut decoded = Vec::new();
    brotli::BrotliDecompress(&mut &body[..], &mut decoded).unwrap();

    let gzip = get("gzip, deflate").await;
    assert_eq!(gzip.headers()["content-encoding"], "gzip");
    let body = gzip.bytes().await.unwrap();
    let mut unzipped = String::new();
    std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&body[..]), &mut unzipped)
        .unwrap();
    // The same page each way.
    assert_eq!(String::from_utf8(decoded).unwrap(), unzipped);
    assert_eq!(unzipped, page);
}

#[tokio::test]
async fn assets_go_out_compressed_to_browsers_that_accept_it_and_cached_for_good() {
    let stack = Stack::start().await;
    // The bytes of the .gz and .br copies are whatever the build wrote: the proxy sends
    // them as they are.
    std::fs::write(stack.data_path("app.js"), "console.log('plain');").unwrap();
    std::fs::write(stack.data_path("app.js.gz"), b"\x1f\x8bgzipped").unwrap();
    std::fs::write(stack.data_path("app.js.br"), b"brotli copy").unwrap();
    let url = format!("{}/assets/app.js", stack.proxy_url());

    let gzipped = stack
        .http
        .get(&url)
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(gzipped.status(), 200);
    assert_eq!(gzipped.headers()["content-encoding"], "gzip");
    assert!(gzipped.headers()["content-type"]
        .to_str()
        .unwrap()
        .contains("javascript"));
    assert_eq!(
        gzipped.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    assert_eq!(&gzipped.bytes().await.unwrap()[..], b"\x1f\x8bgzipped");

    // What Chromium sends: brotli is taken first.
    for accept in ["gzip, deflate, br, zstd", "br"] {
        let brotli = stack
            .http
            .get(&url)
            .header("accept-encoding", accept)
            .send()
            .await
            .unwrap();
        assert_eq!(brotli.headers()["content-encoding"], "br", "{accept}");
        assert_eq!(&brotli.bytes().await.unwrap()[..], b"brotli copy");
    }

    let plain = stack.http.get(&url).send().await.unwrap();
    assert!(plain.headers().get("content-encoding").is_none());
    assert_eq!(plain.text().await.unwrap(), "console.log('plain');");
}

#[tokio::test]
async fn oversized_bodies_are_refused_before_parsing() {
    let stack = Stack::start().await;
    let mut body = stack.session_body("order-big");
    body["metadata"] = json!({ "blob": "x".repeat(100 * 1024) });
    let response = stack.create_session(&body).await;
    assert_eq!(response.status(), 413);
}

#[tokio::test]
async fn too_many_requests_from_one_ip_or_submits_for_one_session_are_refused_with_retry_after() {
    let mut stack = Stack::start().await;
    stack.stop_proxy().await;
    let mut config = stack.proxy_config();
    config.rate_limit_per_ip = 5;
    config.rate_limit_submits_per_session = 2;
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", stack.proxy_port))
        .await
        .unwrap();
    let app = orkestra_proxy::Application::build_with_listener(config, listener)
        .await
        .unwrap();
    tokio::spawn(app.run_until_stopped(std::future::pending()));

    let (_, token) = stack.new_session("order-limits").await;
    // Two submits for one session pass (the second replays the first); the third is refused.
    assert_eq!(stack.pay_pix(&token, "key-limit-0001").await.status(), 201);
    assert_eq!(stack.pay_pix(&token, "key-limit-0001").await.status(), 200);
    let refused = stack.pay_pix(&token, "key-limit-0001").await;
    assert_eq!(refused.status(), 429);
    assert!(
        refused.headers()["retry-after"]
            .to_str()
            .unwrap()
            .parse::<u64>()
            .unwrap()
            >= 1
    );
    let (_, error) = error_of(refused).await;
    assert_eq!(error["code"], "rate_limited");

    // That was 4 API requests from this IP; the 5th passes and the 6th is refused.
    let url = format!("{}/api/pay/{token}", stack.proxy_url());
    assert_eq!(stack.http.get(&url).send().await.unwrap().status(), 200);
    assert_eq!(stack.http.get(&url).send().await.unwrap().status(), 429);
    // Orkestra's notifications are never limited.
    let hook = stack
        .http
        .post(format!("{}/webhooks/orkestra", stack.proxy_url()))
        .basic_auth(common::WEBHOOK_USER, Some(common::WEBHOOK_PASSWORD))
        .json(&json!({"id": 999, "referenceId": "unknown", "amount": 1, "paidAmount": 0, "currency": "BRL", "status": "PENDING"}))
        .send()
        .await
        .unwrap();
    assert_eq!(hook.status(), 204);
}

#[tokio::test]
async fn amounts_may_have_fewer_decimals_than_their_currency_but_not_more() {
    let stack = Stack::start().await;
    let cases = [
        ("CO", "COP", "85000", "85000.00"),
        ("BR", "BRL", "25.5", "25.50"),
        ("", "USDT", "25", "25.000000"),
    ];
    for (i, (country, currency, amount, written)) in cases.into_iter().enumerate() {
        let mut body = stack.session_body(&format!("lenient-{i}"));
        body["country"] = json!(country);
        body["currency"] = json!(currency);
        body["amount"] = json!(amount);
        let response = stack.create_session(&body).await;
        assert_eq!(response.status(), 201, "{currency} {amount}");
        let session: Value = response.json().await.unwrap();
        assert_eq!(session["amount"], written, "answers write every decimal");
    }
    let mut body = stack.session_body("lenient-zeros");
    body["amount"] = json!("25.500");
    let (status, error) = error_of(stack.create_session(&body).await).await;
    assert_eq!(
        (status, error["code"].as_str()),
        (422, Some("amount_too_many_decimals"))
    );
}

#[tokio::test]
async fn every_invalid_field_is_said_in_words_beside_its_code() {
    let stack = Stack::start().await;
    let mut body = stack.session_body("worded");
    body["amount"] = json!("25.500");
    body["returnUrl"] = json!("not a url");
    body["customer"] = json!({"email": "nobody"});
    let (status, error) = error_of(stack.create_session(&body).await).await;
    assert_eq!(status, 422);
    let message = error["message"].as_str().unwrap();
    assert!(
        message.contains("amount: has more decimals than its currency has"),
        "{message}"
    );
    assert!(
        message.contains("customer.email: is not an email address"),
        "{message}"
    );
    assert!(message.contains("returnUrl: "), "{message}");
    let fields: Vec<&str> = error["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields.len(), 3, "{error}");
}
