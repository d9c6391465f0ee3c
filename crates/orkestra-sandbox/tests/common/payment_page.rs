//! What the payment page's black-box tests share: a card leg on the page, the form as
//! the page posts it, and the order's transaction as the API shows it.

use serde_json::{json, Value};

use super::App;

pub const RETURN_URL: &str = "https://shop.example/back?order=1";

pub fn order(id: &str, currency: &str, amount: f64, method: &str) -> Value {
    let customer = match currency {
        "BRL" => {
            json!({"firstName": "Ana", "lastName": "Souza", "documentType": "CPF", "document": "529.982.247-25"})
        }
        _ => {
            json!({"firstName": "Ana", "lastName": "Pérez", "documentType": "INE", "document": "1234567890123"})
        }
    };
    json!({
        "merchantOrderId": id, "softDescriptor": "ACME <Store>", "amount": amount, "currency": currency,
        "charges": [{"customer": customer, "transactions": [{
            "paymentMethod": method, "creditCard": {"options": {"returnUrl": RETURN_URL}}}]}]
    })
}

/// A Brazilian BRL 150.00 card leg on the payment page: its transaction and page URL.
pub async fn open(app: &App, id: &str) -> (Value, String) {
    open_in(app, id, "BRL", "CREDIT_CARD").await
}

pub async fn open_in(app: &App, id: &str, currency: &str, method: &str) -> (Value, String) {
    let created = app.create(&order(id, currency, 150.00, method)).await;
    let tx = created["charges"][0]["transactions"][0].clone();
    let url = tx["paymentPage"]["url"].as_str().unwrap().to_owned();
    (tx, url)
}

/// The form as the page posts it, in a frame, with `changes` over a good Visa.
pub fn card(changes: &[(&'static str, &'static str)]) -> Vec<(&'static str, &'static str)> {
    let mut fields = vec![
        ("number", "4111 1111 1111 1111"),
        ("expiry", "12/34"),
        ("cvv", "737"),
        ("name", "Ana Souza"),
        ("card_type", "credit"),
        ("installments", "3"),
        ("lang", "en"),
        ("frame", "1"),
    ];
    for (name, value) in changes {
        fields.retain(|(n, _)| n != name);
        if !value.is_empty() {
            fields.push((name, value));
        }
    }
    fields
}

pub async fn post(app: &App, url: &str, fields: &[(&str, &str)]) -> (u16, String, Option<String>) {
    let response = app.client.post(url).form(fields).send().await.unwrap();
    let status = response.status().as_u16();
    let location = response
        .headers()
        .get("location")
        .map(|l| l.to_str().unwrap().to_owned());
    (status, response.text().await.unwrap(), location)
}

/// The order's (only) transaction as `GET /v1/orders?merchantOrderId=` shows it now.
pub async fn transaction(app: &App, merchant_order_id: &str) -> Value {
    let (status, order) = app
        .get(&format!("/v1/orders?merchantOrderId={merchant_order_id}"))
        .await;
    assert_eq!(status, 200, "{order}");
    order["charges"][0]["transactions"][0].clone()
}
