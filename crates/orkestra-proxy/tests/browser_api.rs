//! The browser API's edges: a cross-origin request (simple or preflighted) from an origin
//! the session does not list is granted no CORS access (what a session's `embedOrigins` get
//! is in tests/embedding.rs); and nothing it answers, errors included, may be stored by a
//! cache.

mod common;

use common::Stack;
use reqwest::Method;
use serde_json::json;

const EVIL: &str = "https://evil.example";

/// The CORS headers a response carries, by name: none is the answer wanted.
fn cors_headers(response: &reqwest::Response) -> Vec<String> {
    response
        .headers()
        .keys()
        .filter(|name| name.as_str().starts_with("access-control-"))
        .map(|name| format!("{name}: {:?}", response.headers()[name]))
        .collect()
}

#[tokio::test]
async fn a_request_from_an_unlisted_origin_simple_or_preflighted_gets_no_cors_grant() {
    let stack = Stack::start().await;
    let (session, token) = stack.new_session("order-cors").await;
    let base = format!("{}/api/pay/{token}", stack.proxy_url());

    for origin in [EVIL, "http://127.0.0.1:8081.evil.example", "null"] {
        // Simple requests: a GET, and a POST with a content type a form may send.
        let read = stack
            .http
            .get(&base)
            .header("Origin", origin)
            .send()
            .await
            .unwrap();
        assert_eq!(
            cors_headers(&read),
            Vec::<String>::new(),
            "GET from {origin}"
        );
        let post = stack
            .http
            .post(format!("{base}/transactions"))
            .header("Origin", origin)
            .header("Content-Type", "text/plain")
            .header("Idempotency-Key", "key-cors-00001")
            .body(r#"{"method":"PIX"}"#)
            .send()
            .await
            .unwrap();
        assert_eq!(post.status(), 400, "not JSON, so not taken");
        assert_eq!(
            cors_headers(&post),
            Vec::<String>::new(),
            "POST from {origin}"
        );

        // The preflight a browser sends before a JSON POST with an Idempotency-Key.
        for path in ["/transactions", "/cancel", "", "/events"] {
            let preflight = stack
                .http
                .request(Method::OPTIONS, format!("{base}{path}"))
                .header("Origin", origin)
                .header("Access-Control-Request-Method", "POST")
                .header(
                    "Access-Control-Request-Headers",
                    "content-type,idempotency-key",
                )
                .send()
                .await
                .unwrap();
            assert!(
                !preflight.status().is_success(),
                "preflight of {path} from {origin}: {}",
                preflight.status()
            );
            assert_eq!(
                cors_headers(&preflight),
                Vec::<String>::new(),
                "preflight of {path} from {origin}"
            );
        }
    }
    // Nothing was submitted.
    let view = stack.merchant_get(session["id"].as_str().unwrap()).await;
    assert_eq!(view["transactions"], json!([]));
}

/// What is asked, the method, the URL, the JSON body, the `Idempotency-Key`, the status.
type Case<'a> = (
    &'a str,
    Method,
    String,
    Option<&'a str>,
    Option<&'a str>,
    u16,
);

#[tokio::test]
async fn every_browser_api_answer_errors_included_is_no_store() {
    let stack = Stack::start().await;
    let (_, token) = stack.new_session("order-no-store").await;
    let base = format!("{}/api/pay/{token}", stack.proxy_url());
    let pix = json!({"method": "PIX", "payer": {"name": "Maria da Silva",
                     "document": "529.982.247-25", "email": "maria@example.com"}})
    .to_string();
    let invalid = pix.replace("247-25", "247-26");
    let other = common::pix_payment(None).to_string();
    let otp = json!({"otp": "123456"}).to_string();
    let (submit, unknown) = (
        format!("{base}/transactions"),
        format!("{}/api/pay/pt_unknown", stack.proxy_url()),
    );
    let cases: [Case; 13] = [
        (
            "the page session",
            Method::GET,
            base.clone(),
            None,
            None,
            200,
        ),
        (
            "a submit",
            Method::POST,
            submit.clone(),
            Some(&pix),
            Some("key-nostore-01"),
            201,
        ),
        (
            "its replay",
            Method::POST,
            submit.clone(),
            Some(&pix),
            Some("key-nostore-01"),
            200,
        ),
        (
            "an invalid submit",
            Method::POST,
            submit.clone(),
            Some(&invalid),
            Some("key-nostore-02"),
            422,
        ),
        (
            "a submit without a key",
            Method::POST,
            submit.clone(),
            Some(&invalid),
            None,
            422,
        ),
        (
            "a second payment meanwhile",
            Method::POST,
            submit.clone(),
            Some(&other),
            Some("key-nostore-03"),
            409,
        ),
        (
            "malformed JSON",
            Method::POST,
            submit.clone(),
            Some("{"),
            Some("key-nostore-04"),
            400,
        ),
        ("an unknown token", Method::GET, unknown, None, None, 404),
        (
            "an unknown path",
            Method::GET,
            format!("{base}/nothing-here"),
            None,
            None,
            404,
        ),
        (
            "an unknown API path",
            Method::GET,
            format!("{}/api/nothing", stack.proxy_url()),
            None,
            None,
            404,
        ),
        ("a wrong method", Method::DELETE, submit, None, None, 405),
        (
            "banks of a session without PSE",
            Method::GET,
            format!("{base}/banks"),
            None,
            None,
            404,
        ),
        (
            "a code for an unknown transaction",
            Method::POST,
            format!("{base}/transactions/tx_unknown/otp"),
            Some(&otp),
            Some("key-nostore-05"),
            404,
        ),
    ];
    for (what, method, url, body, key, status) in cases {
        let mut request = stack.http.request(method, &url);
        if let Some(key) = key {
            request = request.header("Idempotency-Key", key);
        }
        if let Some(body) = body {
            request = request
                .header("Content-Type", "application/json")
                .body(body.to_owned());
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status().as_u16(), status, "{what}: {url}");
        assert_eq!(
            response
                .headers()
                .get("cache-control")
                .map(|v| v.to_str().unwrap().to_owned()),
            Some("no-store".to_owned()),
            "{what} ({status})"
        );
    }
    // The live status stream too.
    let stream = stack
        .http
        .get(format!("{base}/events"))
        .send()
        .await
        .unwrap();
    assert_eq!(stream.status(), 200);
    assert_eq!(stream.headers()["cache-control"], "no-store");
}
