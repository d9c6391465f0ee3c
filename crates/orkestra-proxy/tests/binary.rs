//! The `orkestra-proxy` binary as it is deployed: a process configured by its environment,
//! stopped by SIGTERM. A request in flight when it is told to stop gets its answer, then
//! the process exits; the Orkestra credentials can come from a file; amounts can travel in
//! minor units. Runs on SQLite, and on PostgreSQL with `PROXY_TEST_BACKEND=postgres`.

mod common;

use std::time::{Duration, Instant};

use common::{Stack, CARD_SLOW, ORKESTRA_PASSWORD, ORKESTRA_USER};
use orkestra_core::api::orkestra::AmountUnits;
use serde_json::Value;

const WAIT: Duration = Duration::from_secs(20);

#[tokio::test]
async fn on_sigterm_a_payment_in_flight_gets_its_answer_and_then_the_proxy_exits() {
    let mut stack = Stack::start().await;
    let mut proxy = stack.spawn_proxy_binary(|_| {}).await;
    let (session, token) = stack.new_session("order-sigterm").await;
    let id = session["id"].as_str().unwrap().to_owned();

    // The slow card keeps the sandbox's answer back for 1.5 s.
    let submit = {
        let (http, url) = (stack.http.clone(), stack.proxy_url());
        let body = common::card_payment(CARD_SLOW, None);
        tokio::spawn(async move {
            let response = http
                .post(format!("{url}/api/pay/{token}/transactions"))
                .header("Idempotency-Key", "key-sigterm-01")
                .json(&body)
                .send()
                .await
                .expect("an answer, not a dropped connection");
            let status = response.status().as_u16();
            (
                status,
                response.json::<Value>().await.unwrap(),
                Instant::now(),
            )
        })
    };
    // Stop once the attempt is stored and its call to Orkestra is out.
    let deadline = tokio::time::Instant::now() + WAIT;
    while stack.merchant_get(&id).await["transactions"]
        .as_array()
        .is_none_or(|t| t.is_empty())
    {
        assert!(tokio::time::Instant::now() < deadline, "no attempt started");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    proxy.terminate();
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(
        proxy.is_running(),
        "the proxy waits for the request in flight"
    );

    let (status, page, answered_at) = submit.await.unwrap();
    assert_eq!(status, 201, "{page}");
    assert_eq!(page["status"], "paid", "{page}");
    assert_eq!(page["transactions"][0]["status"], "paid", "{page}");
    let exit = proxy.exit_status(Duration::from_secs(10)).await;
    let exited_at = Instant::now();
    assert!(
        exit.is_some_and(|s| s.success()),
        "the proxy exits cleanly after the request ({exit:?}): {}",
        proxy.log_text()
    );
    assert!(answered_at <= exited_at);
    // Nothing listens any more.
    let refused = stack
        .http
        .get(format!("{}/healthz", stack.proxy_url()))
        .send()
        .await;
    assert!(refused.is_err(), "{refused:?}");
    assert!(proxy.log_text().contains("orkestra proxy listening"));
}

#[tokio::test]
async fn orkestra_credentials_read_from_a_credentials_file_pay_a_session() {
    let mut stack = Stack::start().await;
    let file = stack.data_path("orkestra-credentials");
    std::fs::write(&file, format!("{ORKESTRA_USER}:{ORKESTRA_PASSWORD}\n")).unwrap();
    let proxy = stack
        .spawn_proxy_binary(|command| {
            command
                .env_remove("ORKESTRA_USERNAME")
                .env_remove("ORKESTRA_PASSWORD")
                .env("ORKESTRA_CREDENTIALS_FILE", &file);
        })
        .await;
    let (session, token) = stack.new_session("order-credentials-file").await;
    let id = session["id"].as_str().unwrap().to_owned();
    let response = stack.pay_pix(&token, "key-cred-file-1").await;
    assert_eq!(response.status(), 201, "{}", proxy.log_text());
    let orkestra_id = stack.merchant_get(&id).await["transactions"][0]["orkestraId"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(stack.simulate(&orkestra_id, "paid").await.status(), 200);
    stack.wait_for_status(&id, "paid", WAIT).await;
    assert!(!proxy.log_text().contains(ORKESTRA_PASSWORD));
    drop(proxy);

    // A file with a password Orkestra does not know: the proxy runs, Orkestra refuses it.
    std::fs::write(&file, format!("{ORKESTRA_USER}:not-the-password")).unwrap();
    let proxy = stack
        .spawn_proxy_binary(|command| {
            command
                .env_remove("ORKESTRA_PASSWORD")
                .env("ORKESTRA_CREDENTIALS_FILE", &file);
        })
        .await;
    let (_, token) = stack.new_session("order-credentials-wrong").await;
    let refused = stack.pay_pix(&token, "key-cred-file-2").await;
    assert_eq!(refused.status(), 502);
    let error: Value = refused.json().await.unwrap();
    assert_eq!(error["error"]["code"], "upstream_rejected");
    drop(proxy);

    // A file that is missing or not `username:password` stops the start, naming the variable.
    for (name, contents) in [("missing", None), ("no-colon", Some("just-a-password"))] {
        let path = stack.data_path(name);
        if let Some(contents) = contents {
            std::fs::write(&path, contents).unwrap();
        }
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_orkestra-proxy"))
            .env_clear()
            .env("ORKESTRA_CREDENTIALS_FILE", &path)
            .env("ORKESTRA_MERCHANT_SECRET", common::MERCHANT_SECRET)
            .env("ORKESTRA_WEBHOOK_PASSWORD", common::WEBHOOK_PASSWORD)
            .env("PROXY_ADDR", "127.0.0.1:0")
            .env("PROXY_DATABASE", stack.data_path("unused.db"))
            .output()
            .unwrap();
        assert!(!output.status.success(), "{name}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.contains("ORKESTRA_CREDENTIALS_FILE"),
            "{name}: {stderr}"
        );
    }
}

#[tokio::test]
async fn with_minor_amount_units_on_both_sides_a_session_is_paid() {
    let mut stack = Stack::start().await;
    stack.stop_sandbox().await;
    stack
        .start_sandbox_with(|config| config.amount_units = AmountUnits::Minor)
        .await;
    let proxy = stack
        .spawn_proxy_binary(|command| {
            command.env("ORKESTRA_AMOUNT_UNITS", "minor");
        })
        .await;
    let (session, token) = stack.new_session("order-minor-units").await;
    let id = session["id"].as_str().unwrap().to_owned();
    let response = stack.pay_pix(&token, "key-minor-0001").await;
    assert_eq!(response.status(), 201, "{}", proxy.log_text());
    let page: Value = response.json().await.unwrap();
    let emv = page["transactions"][0]["nextAction"]["emv"]
        .as_str()
        .unwrap();
    let code = orkestra_core::pix::BrCode::parse(emv).unwrap();
    assert_eq!(
        code.amount.as_deref(),
        Some("150.00"),
        "R$ 150.00 in the QR code"
    );

    let view = stack.merchant_get(&id).await;
    let order_id = view["transactions"][0]["orkestraOrderId"].as_str().unwrap();
    let order = stack.sandbox_get(&format!("/v1/orders/{order_id}")).await;
    assert_eq!(
        order["amount"], 15000,
        "minor units on Orkestra's wire: {order}"
    );
    let orkestra_id = view["transactions"][0]["orkestraId"].as_str().unwrap();
    assert_eq!(stack.simulate(orkestra_id, "paid").await.status(), 200);
    let paid = stack.wait_for_status(&id, "paid", WAIT).await;
    assert_eq!(paid["paidAmount"], "150.00", "{paid}");
    assert_eq!(paid["amount"], "150.00");
    let (_, body) = stack
        .merchant
        .wait_for_event("checkout_session.paid", WAIT)
        .await;
    let event: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(event["data"]["paidAmount"], "150.00");
}
