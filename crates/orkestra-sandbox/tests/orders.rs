//! Orders beyond their payment methods, over real HTTP: the order options (submerchant
//! split, instant conversion) stored and echoed in the order notification as in the order,
//! and a pending transaction cancelled by the merchant, which frees its part of the charge.

mod common;

use common::{pix_order, start};
use serde_json::json;

#[tokio::test]
async fn the_submerchant_split_and_instant_conversion_are_echoed_in_the_order_notification() {
    let app = start().await;
    let mut body = pix_order("order-options");
    body["submerchants"] =
        json!([{"id": "seller-1", "amount": 100.00}, {"id": "seller-2", "amount": 30.00}]);
    body["instantConversion"] = json!({"settlementCurrency": "USD"});
    let order = app.create(&body).await;
    assert_eq!(order["submerchants"], body["submerchants"], "{order}");
    assert_eq!(order["instantConversion"], body["instantConversion"]);
    let (status, read) = app.get(&format!("/v1/orders/{}", order["id"])).await;
    assert_eq!(status, 200);
    assert_eq!(read["submerchants"], body["submerchants"]);

    let tx = &order["charges"][0]["transactions"][0]["id"];
    assert_eq!(app.simulate(tx, "paid").await.0, 200);
    let hook = app.hook("order-options", "PAID").await;
    assert_eq!(hook["submerchants"], body["submerchants"], "{hook}");
    assert_eq!(
        hook["instantConversion"], body["instantConversion"],
        "{hook}"
    );

    // An order without them has neither in its notification.
    let plain = app.create(&pix_order("order-no-options")).await;
    let tx = &plain["charges"][0]["transactions"][0]["id"];
    assert_eq!(app.simulate(tx, "paid").await.0, 200);
    let hook = app.hook("order-no-options", "PAID").await;
    assert!(hook.get("submerchants").is_none(), "{hook}");
    assert!(hook.get("instantConversion").is_none(), "{hook}");
}

#[tokio::test]
async fn a_pending_transaction_cancelled_by_the_merchant_is_notified_and_frees_its_amount() {
    let app = start().await;
    let order = app.create(&pix_order("order-cancel-tx")).await;
    let tx = order["charges"][0]["transactions"][0]["id"].clone();
    let path = format!("/v1/transactions/{tx}/cancel");

    let (status, cancelled) = app.post(&path, &json!({})).await;
    assert_eq!(status, 200, "{cancelled}");
    assert_eq!(cancelled["status"], "CANCELLED");
    assert_eq!(cancelled["statusReason"], "CANCELLED_BY_MERCHANT");
    let hook = app.hook("order-cancel-tx", "CANCELLED").await;
    assert_eq!(hook["transactions"][0]["status"], "CANCELLED", "{hook}");
    // Again: the same answer, and no second notification.
    let (status, again) = app.post(&path, &json!({})).await;
    assert_eq!(status, 200);
    assert_eq!(again["id"], tx);
    let notified = |status: &str| {
        app.hooks
            .lock()
            .unwrap()
            .iter()
            .filter(|h| h["referenceId"] == "order-cancel-tx" && h["status"] == status)
            .count()
    };
    assert_eq!(notified("CANCELLED"), 1);
    // It is no longer pending: it cannot be settled, and its amount is open again.
    assert_eq!(app.simulate(&tx, "paid").await.0, 409);
    let (status, added) = app
        .post(
            &format!("/v1/orders/{}/transactions", order["id"]),
            &json!({"transaction": {"paymentMethod": "PIX"}}),
        )
        .await;
    assert_eq!(status, 201, "{added}");
    assert_eq!(added["amount"], 150.0);

    // A paid transaction cannot be cancelled; an unknown one is not found.
    assert_eq!(app.simulate(&added["id"], "paid").await.0, 200);
    let (status, error) = app
        .post(
            &format!("/v1/transactions/{}/cancel", added["id"]),
            &json!({}),
        )
        .await;
    assert_eq!(status, 409, "{error}");
    assert_eq!(error["code"], "TRANSACTION_NOT_PENDING");
    assert_eq!(
        app.post("/v1/transactions/999999/cancel", &json!({}))
            .await
            .0,
        404
    );
    // Orkestra's credentials are required.
    let anonymous = app
        .client
        .post(format!("{}{path}", app.url))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), 401);
}
