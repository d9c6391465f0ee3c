//! The sandbox over real HTTP: pending PIX transactions move on by time, without the
//! simulate control, and each change reaches the notification receiver.

mod common;

use common::{receiver, time_in};

use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{json, Value};

async fn start(config: orkestra_sandbox::Config) -> String {
    let app = orkestra_sandbox::Application::build(config).await.unwrap();
    let url = format!("http://{}", app.address());
    tokio::spawn(app.run_until_stopped(std::future::pending()));
    url
}

fn order(merchant_order_id: &str, expires_at: Option<&str>) -> Value {
    json!({
        "merchantOrderId": merchant_order_id, "amount": 150.00, "currency": "BRL",
        "charges": [{
            "customer": {"firstName": "Maria", "lastName": "Silva", "documentType": "CPF", "document": "52998224725"},
            "transactions": [{"paymentMethod": "PIX", "pix": {"allowsAmountChange": false, "expiresAt": expires_at}}]
        }]
    })
}

async fn wait_for(seen: &Arc<Mutex<Vec<Value>>>, status: &str) -> Value {
    for _ in 0..100 {
        if let Some(hook) = seen.lock().unwrap().iter().find(|h| h["status"] == status) {
            return hook.clone();
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("no {status} notification: {:?}", seen.lock().unwrap());
}

#[tokio::test]
async fn with_auto_settle_a_pending_pix_is_paid_by_time_and_notified() {
    let dir = tempfile::tempdir().unwrap();
    let (hook_url, seen) = receiver().await;
    let mut config = orkestra_sandbox::Config::for_tests(dir.path().join("s.db").to_string_lossy());
    config.webhook_url = Some(hook_url);
    config.auto_settle_after = Some(Duration::from_secs(1));
    let url = start(config.clone()).await;
    let created = reqwest::Client::new()
        .post(format!("{url}/v1/orders"))
        .basic_auth(&config.username, Some(&config.password))
        .json(&order("auto-1", None))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
    let hook = wait_for(&seen, "PAID").await;
    assert_eq!(hook["referenceId"], "auto-1");
    assert_eq!(hook["paidAmount"], json!(150.00));
}

#[tokio::test]
async fn a_pix_past_its_expires_at_expires_by_itself() {
    let dir = tempfile::tempdir().unwrap();
    let (hook_url, seen) = receiver().await;
    let mut config = orkestra_sandbox::Config::for_tests(dir.path().join("s.db").to_string_lossy());
    config.webhook_url = Some(hook_url);
    let url = start(config.clone()).await;
    let soon = time_in(Duration::from_secs(1));
    let created = reqwest::Client::new()
        .post(format!("{url}/v1/orders"))
        .basic_auth(&config.username, Some(&config.password))
        .json(&order("expire-1", Some(&soon)))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
    let hook = wait_for(&seen, "CANCELLED").await;
    assert_eq!(hook["transactions"][0]["status"], "EXPIRED");
}
