//! Every payment method over real HTTP: the instructions each one answers with (checked
//! with orkestra-core's validators), its happy path to the PAID order notification, its
//! main failure, the 3-D Secure and PSE pages, the OTP endpoint, the slow card and its
//! idempotent retry, and `400`s with field paths for bad input.

mod common;

use common::{start, start_with, time_in};
use orkestra_sandbox::{Application, Config};

use std::time::{Duration, Instant};

use orkestra_core::catalog::{cash_networks, Country};
use orkestra_core::validate::{self, Network};
use serde_json::{json, Value};

fn person(document_type: &str, document: &str) -> Value {
    json!({"firstName": "Ana", "lastName": "Pérez", "documentType": document_type, "document": document})
}

fn with(mut value: Value, extra: Value) -> Value {
    for (k, v) in extra.as_object().unwrap() {
        value[k] = v.clone();
    }
    value
}

fn order(id: &str, currency: &str, amount: Value, customer: Value, tx: Value) -> Value {
    json!({
        "merchantOrderId": id, "amount": amount, "currency": currency,
        "charges": [{"customer": customer, "transactions": [tx]}]
    })
}

fn tx0(order: &Value) -> &Value {
    &order["charges"][0]["transactions"][0]
}

fn card(number: &str) -> Value {
    json!({"paymentMethod": "CREDIT_CARD", "creditCard": {
        "card": {"number": number, "expiresAt": "12/2034", "securityCode": "737"},
        "options": {"installments": 3, "returnUrl": "https://shop.example/back?order=1"}}})
}

fn brazilian() -> Value {
    person("CPF", "529.982.247-25")
}

fn millis(rfc3339: &Value) -> i64 {
    server_kit::clock::parse_rfc3339(rfc3339.as_str().unwrap()).unwrap()
}

fn now() -> i64 {
    server_kit::clock::now_ms()
}

// ---------------------------------------------------------------------------- cards

#[tokio::test]
async fn an_approved_card_is_paid_at_creation_with_brand_last4_and_authorisation() {
    let app = start().await;
    let created = app
        .create(&order(
            "card-ok",
            "BRL",
            json!(150.00),
            brazilian(),
            card("4111 1111 1111 1111"),
        ))
        .await;
    assert_eq!(created["status"], "PAID");
    let tx = tx0(&created);
    assert_eq!(tx["status"], "PAID");
    assert_eq!(tx["card"]["brand"], "visa");
    assert_eq!(tx["card"]["last4"], "1111");
    assert_eq!(tx["card"]["installments"], 3);
    let code = tx["card"]["authorizationCode"].as_str().unwrap();
    assert_eq!(code.len(), 6);
    assert!(tx.get("threeDSecure").is_none());
    let hook = app.hook("card-ok", "PAID").await;
    assert_eq!(hook["transactions"][0]["card"]["last4"], "1111");
}

#[tokio::test]
async fn declining_cards_fail_at_creation_with_their_reason_and_are_notified() {
    let app = start().await;
    for (number, reason) in [
        ("4000000000000002", "CARD_DECLINED"),
        ("4000000000009995", "INSUFFICIENT_FUNDS"),
        ("4000000000000069", "EXPIRED_CARD"),
        ("4000000000000127", "INCORRECT_CVC"),
    ] {
        let id = format!("declined-{reason}");
        let created = app
            .create(&order(&id, "BRL", json!(80.00), brazilian(), card(number)))
            .await;
        let tx = tx0(&created);
        assert_eq!(tx["status"], "FAILED", "{number}");
        assert_eq!(tx["statusReason"], reason);
        assert!(tx["card"]["authorizationCode"].is_null());
        assert_eq!(created["status"], "FAILED");
        let hook = app.hook(&id, "FAILED").await;
        assert_eq!(hook["transactions"][0]["statusReason"], reason);
    }
}

#[tokio::test]
async fn a_mastercard_in_mexico_pays_with_a_msi_plan_and_no_document() {
    let app = start().await;
    let mut tx = card("5555555555554444");
    tx["creditCard"]["options"]["installments"] = json!(6);
    let created = app
        .create(&order("card-mx", "MXN", json!(1200.00), person("", ""), tx))
        .await;
    assert_eq!(tx0(&created)["card"]["brand"], "mastercard");
    assert_eq!(tx0(&created)["card"]["installments"], 6);
    assert_eq!(tx0(&created)["status"], "PAID");
}

#[tokio::test]
async fn the_3ds_card_waits_for_its_challenge_page_which_settles_and_redirects_back() {
    let app = start().await;
    let created = app
        .create(&order(
            "3ds-ok",
            "BRL",
            json!(99.90),
            brazilian(),
            card("4000000000003220"),
        ))
        .await;
    let tx = tx0(&created);
    assert_eq!(tx["status"], "PENDING");
    assert!(tx["card"]["authorizationCode"].is_null());
    let challenge = tx["threeDSecure"]["challengeUrl"].as_str().unwrap();
    let id = &tx["id"];
    assert_eq!(challenge, format!("{}/_sandbox/3ds/{id}", app.url));

    let (status, html) = app.page(challenge).await;
    assert_eq!(status, 200);
    assert!(html.contains(r#"<html lang="en" dir="ltr">"#));
    assert!(html.contains(&format!(
        r#"<form method="post" action="/_sandbox/3ds/{id}""#
    )));
    assert!(html.contains(
        r#"<button type="submit" name="outcome" value="complete">Complete authentication</button>"#
    ));
    assert!(html.contains(r#"value="fail""#));
    assert!(html.contains("visa •••• 3220"));
    assert!(html.contains("BRL 99.90"));

    let response = app.submit(challenge, "complete").await;
    assert_eq!(response.status().as_u16(), 303);
    assert_eq!(
        response.headers()["location"],
        "https://shop.example/back?order=1"
    );
    let hook = app.hook("3ds-ok", "PAID").await;
    let paid = &hook["transactions"][0];
    assert_eq!(paid["card"]["authorizationCode"].as_str().unwrap().len(), 6);
    assert!(paid.get("threeDSecure").is_none());
    // Done: the page says so and offers no buttons.
    let (_, html) = app.page(challenge).await;
    assert!(!html.contains("<button"), "{html}");
}

#[tokio::test]
async fn a_failed_3ds_challenge_fails_the_card() {
    let app = start().await;
    let created = app
        .create(&order(
            "3ds-ko",
            "BRL",
            json!(99.90),
            brazilian(),
            card("4000000000003220"),
        ))
        .await;
    let challenge = tx0(&created)["threeDSecure"]["challengeUrl"]
        .as_str()
        .unwrap()
        .to_owned();
    let response = app.submit(&challenge, "fail").await;
    assert_eq!(response.status().as_u16(), 303);
    let hook = app.hook("3ds-ko", "FAILED").await;
    assert_eq!(
        hook["transactions"][0]["statusReason"],
        "AUTHENTICATION_FAILED"
    );
}

#[tokio::test]
async fn brazilian_debit_cards_always_meet_a_3ds_challenge() {
    let app = start().await;
    let mut tx = card("4111111111111111");
    tx["paymentMethod"] = json!("DEBIT_CARD");
    tx["creditCard"]["options"]["installments"] = json!(1);
    let created = app
        .create(&order("debit-br", "BRL", json!(20.00), brazilian(), tx))
        .await;
    assert_eq!(tx0(&created)["status"], "PENDING");
    assert!(tx0(&created)["threeDSecure"]["challengeUrl"].is_string());
}

#[tokio::test]
async fn the_slow_card_answers_late_and_a_retry_with_its_reference_id_creates_one_transaction() {
    let app = start().await;
    // An order whose first attempt is declined, then a slow card added with a referenceId.
    let created = app
        .create(&order(
            "slow-1",
            "BRL",
            json!(42.00),
            brazilian(),
            card("4000000000000002"),
        ))
        .await;
    let order_id = &created["id"];
    let mut slow = card("4000000000000119");
    slow["referenceId"] = json!("attempt-2");
    let body = json!({"transaction": slow});
    let path = format!("/v1/orders/{order_id}/transactions");

    let impatient = reqwest::Client::builder()
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let first = impatient
        .post(format!("{}{path}", app.url))
        .basic_auth(&app.config.username, Some(&app.config.password))
        .json(&body)
        .send()
        .await;
    assert!(first.unwrap_err().is_timeout());

    let started = Instant::now();
    let (status, retried) = app.post(&path, &body).await;
    assert_eq!(status, 200, "{retried}");
    assert!(
        started.elapsed() < Duration::from_millis(1000),
        "the retry waits for nothing"
    );
    assert_eq!(retried["status"], "PAID");
    assert_eq!(retried["referenceId"], "attempt-2");
    let (_, read) = app.get(&format!("/v1/orders/{order_id}")).await;
    assert_eq!(
        read["charges"][0]["transactions"].as_array().unwrap().len(),
        2
    );
    assert_eq!(read["status"], "PAID");

    // Without a timeout the slow card does answer, after SANDBOX_SLOW_RESPONSE_MS.
    let started = Instant::now();
    let created = app
        .create(&order(
            "slow-2",
            "BRL",
            json!(42.00),
            brazilian(),
            card("4000000000000119"),
        ))
        .await;
    assert!(started.elapsed() >= Duration::from_millis(1500));
    assert_eq!(tx0(&created)["status"], "PAID");
}

#[tokio::test]
async fn an_order_retried_after_the_slow_cards_timeout_is_the_same_order() {
    let app = start().await;
    let body = order(
        "slow-order",
        "BRL",
        json!(42.00),
        brazilian(),
        card("4000000000000119"),
    );
    let impatient = reqwest::Client::builder()
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let first = impatient
        .post(format!("{}/v1/orders", app.url))
        .basic_auth(&app.config.username, Some(&app.config.password))
        .json(&body)
        .send()
        .await;
    assert!(first.unwrap_err().is_timeout());
    let (status, again) = app.post("/v1/orders", &body).await;
    assert_eq!(status, 200, "{again}");
    assert_eq!(again["status"], "PAID");
    assert_eq!(
        again["charges"][0]["transactions"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    app.hook("slow-order", "PAID").await;
}

#[tokio::test]
async fn the_full_card_number_and_security_code_are_never_stored() {
    let app = start().await;
    app.create(&order(
        "pan",
        "BRL",
        json!(10.00),
        brazilian(),
        card("5555555555554444"),
    ))
    .await;
    app.hook("pan", "PAID").await;
    let mut stored = Vec::new();
    for entry in std::fs::read_dir(app.dir.path()).unwrap() {
        stored.extend(std::fs::read(entry.unwrap().path()).unwrap());
    }
    let text = String::from_utf8_lossy(&stored);
    assert!(
        text.contains("•••• 4444"),
        "the order's request is kept, masked"
    );
    assert!(!text.contains("5555555555554444"));
    assert!(!text.contains("\"securityCode\":\"737\""));
}

#[tokio::test]
async fn bad_card_data_is_refused_with_its_field() {
    let app = start().await;
    let base = "charges[0].transactions[0].creditCard";
    let cases: [(&str, Value, &str); 6] = [
        (
            "number",
            json!({"number": "4111111111111112"}),
            "card.number",
        ),
        ("expired", json!({"expiresAt": "01/2020"}), "card.expiresAt"),
        ("shape", json!({"expiresAt": "12/34"}), "card.expiresAt"),
        ("cvv", json!({"securityCode": "12"}), "card.securityCode"),
        (
            "amex cvv",
            json!({"number": "378282246310005", "securityCode": "737"}),
            "card.securityCode",
        ),
        ("no card", Value::Null, ""),
    ];
    for (name, change, path) in cases {
        let mut tx = card("4111111111111111");
        if change.is_null() {
            tx.as_object_mut().unwrap().remove("creditCard");
        } else {
            tx["creditCard"]["card"] = with(tx["creditCard"]["card"].clone(), change);
        }
        let field = if path.is_empty() {
            base.to_owned()
        } else {
            format!("{base}.{path}")
        };
        let code = app
            .refuse(&order(name, "BRL", json!(10.00), brazilian(), tx), &field)
            .await;
        assert!(
            code == "INVALID_CARD" || code == "INVALID_FIELD",
            "{name}: {code}"
        );
    }
    let mut tx = card("4111111111111111");
    tx["creditCard"]["options"]["installments"] = json!(13);
    app.refuse(
        &order("13x", "BRL", json!(10.00), brazilian(), tx),
        &format!("{base}.options.installments"),
    )
    .await;
    let mut tx = card("4000000000003220");
    tx["creditCard"]["options"]["returnUrl"] = json!("javascript:alert(1)");
    app.refuse(
        &order("3ds-url", "BRL", json!(10.00), brazilian(), tx),
        &format!("{base}.options.returnUrl"),
    )
    .await;
    let mut tx = card("4000000000003220");
    tx["creditCard"]["options"] = json!({"installments": 1});
    app.refuse(
        &order("3ds-no-url", "BRL", json!(10.00), brazilian(), tx),
        &format!("{base}.options.returnUrl"),
    )
    .await;
}

// ---------------------------------------------------------------------------- boleto

fn address() -> Value {
    json!({"livingAddress": {"street": "Av. Paulista", "number": "1000", "district": "Bela Vista",
        "city": "São Paulo", "state": "SP", "postalCode": "01310-100", "country": "BR"}})
}

#[tokio::test]
async fn a_boleto_has_a_valid_digitable_line_and_barcode_and_a_printable_page() {
    let app = start().await;
    let due = "2031-05-20T15:00:00Z";
    let created = app
        .create(&order(
            "boleto-1",
            "BRL",
            json!(1234.56),
            with(brazilian(), address()),
            json!({"paymentMethod": "BOLETO", "boleto": {"expiresAt": due}}),
        ))
        .await;
    let tx = tx0(&created);
    assert_eq!(tx["status"], "PENDING");
    let boleto = &tx["boleto"];
    let line = boleto["digitableLine"].as_str().unwrap();
    assert_eq!(line.len(), 47);
    let parsed = validate::boleto_line(line).unwrap();
    assert_eq!(parsed.barcode(), boleto["barcode"].as_str().unwrap());
    assert_eq!(parsed.amount_cents(), 123_456);
    assert_eq!(boleto["dueDate"], "2031-05-20");
    assert_eq!(
        Ok(parsed.due_factor()),
        validate::due_date_factor(2031, 5, 20)
    );
    assert_eq!(
        validate::boleto_barcode(boleto["barcode"].as_str().unwrap()).unwrap(),
        parsed
    );

    let url = boleto["url"].as_str().unwrap();
    assert_eq!(url, format!("{}/_sandbox/boleto/{}", app.url, tx["id"]));
    let (status, html) = app.page(url).await;
    assert_eq!(status, 200);
    assert!(html.contains(&parsed.formatted_line()), "{html}");
    assert!(html.contains("Ana Pérez"));
    assert!(html.contains("<svg"));

    let (status, settled) = app.simulate(&tx["id"], "paid").await;
    assert_eq!((status, settled["status"].as_str()), (200, Some("PAID")));
    app.hook("boleto-1", "PAID").await;
}

#[tokio::test]
async fn a_boleto_is_due_three_days_ahead_by_default_on_the_sao_paulo_date() {
    let app = start().await;
    let created = app
        .create(&order(
            "boleto-default",
            "BRL",
            json!(50.00),
            with(brazilian(), address()),
            json!({"paymentMethod": "BOLETO"}),
        ))
        .await;
    let in_three_days_in_sao_paulo =
        server_kit::clock::rfc3339(now() + 3 * 86_400_000 - 3 * 3_600_000)[..10].to_owned();
    assert_eq!(
        tx0(&created)["boleto"]["dueDate"],
        in_three_days_in_sao_paulo
    );
}

#[tokio::test]
async fn a_boleto_needs_the_payers_address_and_a_brazilian_document() {
    let app = start().await;
    let tx = json!({"paymentMethod": "BOLETO"});
    app.refuse(
        &order("b-no-address", "BRL", json!(10.00), brazilian(), tx.clone()),
        "charges[0].customer.livingAddress",
    )
    .await;
    let mut customer = with(brazilian(), address());
    customer["livingAddress"]["postalCode"] = json!("1310");
    app.refuse(
        &order("b-cep", "BRL", json!(10.00), customer, tx.clone()),
        "charges[0].customer.livingAddress.postalCode",
    )
    .await;
    let code = app
        .refuse(
            &order(
                "b-doc",
                "BRL",
                json!(10.00),
                with(person("CPF", "52998224724"), address()),
                tx.clone(),
            ),
            "charges[0].customer.document",
        )
        .await;
    assert_eq!(code, "INVALID_DOCUMENT");
    // A valid CNPJ announced as a CPF.
    app.refuse(
        &order(
            "b-type",
            "BRL",
            json!(10.00),
            with(person("CPF", "11.222.333/0001-81"), address()),
            tx,
        ),
        "charges[0].customer.documentType",
    )
    .await;
}

// ---------------------------------------------------------------------------- SPEI

fn mexican() -> Value {
    person("CURP", "GOMC850315HDFRRR07")
}

#[tokio::test]
async fn spei_answers_a_valid_stp_clabe_and_a_seven_digit_reference_valid_for_a_day() {
    let app = start().await;
    let created = app
        .create(&order(
            "spei-1",
            "MXN",
            json!(2500.00),
            mexican(),
            json!({"paymentMethod": "SPEI"}),
        ))
        .await;
    let spei = &tx0(&created)["spei"];
    let clabe = validate::clabe(spei["clabe"].as_str().unwrap()).unwrap();
    assert_eq!(clabe.bank_code(), "646");
    assert_eq!(spei["bankName"], "STP");
    let reference = spei["reference"].as_str().unwrap();
    assert_eq!(reference.len(), 7);
    assert!(reference.bytes().all(|b| b.is_ascii_digit()));
    assert_eq!(spei["beneficiary"], "ORKESTRA SANDBOX");
    let in_a_day = now() + 86_400_000;
    assert!((millis(&spei["expiresAt"]) - in_a_day).abs() < 60_000);

    app.simulate(&tx0(&created)["id"], "paid").await;
    let hook = app.hook("spei-1", "PAID").await;
    assert_eq!(hook["paidAmount"], json!(2500.00));
}

#[tokio::test]
async fn magic_amounts_decide_a_transfer_at_settlement() {
    let app = start().await;
    for (amount, status, reason) in [
        (json!(100.51), "FAILED", Some("INSUFFICIENT_FUNDS")),
        (json!(100.52), "FAILED", Some("REJECTED_BY_PAYER")),
        (json!(100.53), "EXPIRED", Some("EXPIRED")),
    ] {
        let id = format!("magic-{status}-{}", amount);
        let created = app
            .create(&order(
                &id,
                "MXN",
                amount,
                mexican(),
                json!({"paymentMethod": "SPEI"}),
            ))
            .await;
        let (code, settled) = app.simulate(&tx0(&created)["id"], "paid").await;
        assert_eq!((code, settled["status"].as_str()), (200, Some(status)));
        let order_status = if status == "EXPIRED" {
            "CANCELLED"
        } else {
            "FAILED"
        };
        let hook = app.hook(&id, order_status).await;
        assert_eq!(hook["transactions"][0]["statusReason"], json!(reason));
    }
}

// ---------------------------------------------------------------------------- PSE

fn colombian_for_pse() -> Value {
    with(
        person("CC", "1020304050"),
        json!({"emailAddress": "ana@example.co", "phoneNumber": "+57 300 123 4567",
               "bankAccount": {"bankCode": "051"}}),
    )
}

fn pse() -> Value {
    json!({"paymentMethod": "PSE", "pse": {"personType": "NATURAL", "returnUrl": "https://shop.example/pse-back"}})
}

#[tokio::test]
async fn pse_lists_its_banks_and_the_bank_page_approves_and_redirects_back() {
    let app = start().await;
    let (status, banks) = app.get("/v1/pse/banks").await;
    assert_eq!(status, 200);
    let banks = banks.as_array().unwrap();
    assert_eq!(banks.len(), 12);
    assert!(banks
        .iter()
        .any(|b| b["code"] == "051" && b["name"] == "Davivienda"));
    let unauthenticated = reqwest::get(format!("{}/v1/pse/banks", app.url))
        .await
        .unwrap();
    assert_eq!(unauthenticated.status(), 401);

    let created = app
        .create(&order(
            "pse-1",
            "COP",
            json!(150000),
            colombian_for_pse(),
            pse(),
        ))
        .await;
    let tx = tx0(&created);
    assert_eq!(tx["pse"]["bankCode"], "051");
    let redirect = tx["pse"]["redirectUrl"].as_str().unwrap();
    assert_eq!(redirect, format!("{}/_sandbox/pse/{}", app.url, tx["id"]));
    let (status, html) = app.page(redirect).await;
    assert_eq!(status, 200);
    assert!(html.contains("Davivienda"));
    assert!(html.contains(r#"value="approve""#) && html.contains(r#"value="reject""#));
    let response = app.submit(redirect, "approve").await;
    assert_eq!(response.status().as_u16(), 303);
    assert_eq!(
        response.headers()["location"],
        "https://shop.example/pse-back"
    );
    app.hook("pse-1", "PAID").await;
}

#[tokio::test]
async fn the_pse_bank_page_can_reject_the_payment() {
    let app = start().await;
    let created = app
        .create(&order(
            "pse-2",
            "COP",
            json!(150000),
            colombian_for_pse(),
            pse(),
        ))
        .await;
    let redirect = tx0(&created)["pse"]["redirectUrl"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(app.submit(&redirect, "reject").await.status().as_u16(), 303);
    let hook = app.hook("pse-2", "FAILED").await;
    assert_eq!(hook["transactions"][0]["statusReason"], "REJECTED_BY_BANK");
    // A second answer changes nothing and still sends the payer back.
    assert_eq!(
        app.submit(&redirect, "approve").await.status().as_u16(),
        303
    );
    let (_, read) = app.get(&format!("/v1/orders/{}", created["id"])).await;
    assert_eq!(read["status"], "FAILED");
}

#[tokio::test]
async fn pse_needs_a_known_bank_a_person_type_an_email_and_a_colombian_phone() {
    let app = start().await;
    let mut customer = colombian_for_pse();
    customer["bankAccount"]["bankCode"] = json!("999");
    assert_eq!(
        app.refuse(
            &order("p1", "COP", json!(150000), customer, pse()),
            "charges[0].customer.bankAccount.bankCode"
        )
        .await,
        "UNKNOWN_BANK"
    );
    let mut customer = colombian_for_pse();
    customer.as_object_mut().unwrap().remove("emailAddress");
    app.refuse(
        &order("p2", "COP", json!(150000), customer, pse()),
        "charges[0].customer.emailAddress",
    )
    .await;
    let mut customer = colombian_for_pse();
    customer["phoneNumber"] = json!("+57 601 234 5678");
    assert_eq!(
        app.refuse(
            &order("p3", "COP", json!(150000), customer, pse()),
            "charges[0].customer.phoneNumber"
        )
        .await,
        "INVALID_PHONE"
    );
    let mut tx = pse();
    tx["pse"]["personType"] = json!("EMPRESA");
    app.refuse(
        &order("p4", "COP", json!(150000), colombian_for_pse(), tx),
        "charges[0].transactions[0].pse.personType",
    )
    .await;
    // PSE takes no passport (catalog: CC, CE, NIT, TI).
    let customer = with(
        colombian_for_pse(),
        json!({"documentType": "PP", "document": "AB123456"}),
    );
    app.refuse(
        &order("p5", "COP", json!(150000), customer, pse()),
        "charges[0].customer.documentType",
    )
    .await;
    // Under the catalog's COP 1,600 minimum.
    assert_eq!(
        app.refuse(
            &order("p6", "COP", json!(1000), colombian_for_pse(), pse()),
            "charges[0].transactions[0].amount"
        )
        .await,
        "AMOUNT_BELOW_MINIMUM"
    );
}

// ---------------------------------------------------------------------------- cash

#[tokio::test]
async fn cash_vouchers_carry_a_reference_a_barcode_and_the_countrys_networks() {
    let app = start().await;
    let cases: [(&str, Value, Country, Value); 7] = [
        ("MXN", json!(500.00), Country::MX, person("", "")),
        ("COP", json!(50000), Country::CO, person("CC", "1020304050")),
        (
            "CLP",
            json!(15000),
            Country::CL,
            person("RUT", "12.345.678-5"),
        ),
        ("PEN", json!(80.00), Country::PE, person("DNI", "10117410")),
        ("USD", json!(40.00), Country::EC, person("", "")),
        ("EGP", json!(900.00), Country::EG, person("", "")),
        ("ZAR", json!(300.00), Country::ZA, person("", "")),
    ];
    for (currency, amount, country, customer) in cases {
        let id = format!("cash-{currency}");
        let created = app
            .create(&order(
                &id,
                currency,
                amount,
                customer,
                json!({"paymentMethod": "CASH"}),
            ))
            .await;
        let voucher = &tx0(&created)["voucher"];
        let networks: Vec<&str> = voucher["networks"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n.as_str().unwrap())
            .collect();
        assert_eq!(networks, cash_networks(country), "{currency}");
        let reference = voucher["reference"].as_str().unwrap();
        assert_eq!(reference.len(), 14);
        let barcode = voucher["barcode"].as_str().unwrap();
        assert!(barcode.starts_with(reference));
        assert!(barcode.bytes().all(|b| b.is_ascii_digit()));
        assert!(millis(&voucher["expiresAt"]) > now());
    }
    // A chosen network narrows the voucher; another country's is refused.
    let created = app
        .create(&order(
            "oxxo",
            "MXN",
            json!(500.00),
            person("", ""),
            json!({"paymentMethod": "CASH", "cash": {"network": "OXXO"}}),
        ))
        .await;
    assert_eq!(tx0(&created)["voucher"]["networks"], json!(["OXXO"]));
    app.simulate(&tx0(&created)["id"], "paid").await;
    app.hook("oxxo", "PAID").await;
    app.refuse(
        &order(
            "efecty-mx",
            "MXN",
            json!(500.00),
            person("", ""),
            json!({"paymentMethod": "CASH", "cash": {"network": "EFECTY"}}),
        ),
        "charges[0].transactions[0].cash.network",
    )
    .await;
    // OXXO takes up to MXN 10,000; Ecuador's small networks up to USD 500.
    assert_eq!(
        app.refuse(
            &order(
                "oxxo-max",
                "MXN",
                json!(10000.01),
                person("", ""),
                json!({"paymentMethod": "CASH"})
            ),
            "charges[0].transactions[0].amount"
        )
        .await,
        "AMOUNT_ABOVE_MAXIMUM"
    );
    let created = app
        .create(&order(
            "ec-big",
            "USD",
            json!(900.00),
            person("", ""),
            json!({"paymentMethod": "CASH"}),
        ))
        .await;
    assert_eq!(
        tx0(&created)["voucher"]["networks"],
        json!(["BANCO_PICHINCHA", "BANCO_GUAYAQUIL", "BANCO_DEL_BARRIO"])
    );
}

#[tokio::test]
async fn a_cash_voucher_expires_at_its_expires_at() {
    let app = start().await;
    let created = app
        .create(&order("cash-expiry", "MXN", json!(500.00), person("", ""),
            json!({"paymentMethod": "CASH", "cash": {"expiresAt": time_in(Duration::from_secs(1))}})))
        .await;
    assert_eq!(tx0(&created)["status"], "PENDING");
    let hook = app.hook("cash-expiry", "CANCELLED").await;
    assert_eq!(hook["transactions"][0]["status"], "EXPIRED");
    let (status, _) = app.simulate(&tx0(&created)["id"], "paid").await;
    assert_eq!(status, 409);
}

// ---------------------------------------------------------------------------- wallets

fn nequi_payer() -> Value {
    with(
        person("CC", "1020304050"),
        json!({"emailAddress": "ana@example.co", "phoneNumber": "3991111111"}),
    )
}

#[tokio::test]
async fn nequi_pushes_to_the_phone_and_waits_and_a_52_amount_is_rejected_by_the_payer() {
    let app = start().await;
    let created = app
        .create(&order(
            "nequi-1",
            "COP",
            json!(25000),
            nequi_payer(),
            json!({"paymentMethod": "NEQUI"}),
        ))
        .await;
    let wallet = &tx0(&created)["wallet"];
    assert_eq!(wallet["otpRequired"], false);
    assert_eq!(wallet["phoneNumber"], "+57 ******1111");
    assert!(wallet.get("operator").is_none());
    let in_ten_minutes = now() + 600_000;
    assert!((millis(&wallet["expiresAt"]) - in_ten_minutes).abs() < 60_000);
    // Pending until the payer approves (here: simulate).
    let (_, read) = app.get(&format!("/v1/orders/{}", created["id"])).await;
    assert_eq!(read["status"], "PENDING");
    app.simulate(&tx0(&created)["id"], "paid").await;
    app.hook("nequi-1", "PAID").await;

    let created = app
        .create(&order(
            "nequi-2",
            "COP",
            json!(25000.52),
            nequi_payer(),
            json!({"paymentMethod": "NEQUI"}),
        ))
        .await;
    let (_, settled) = app.simulate(&tx0(&created)["id"], "paid").await;
    assert_eq!(settled["status"], "FAILED");
    let hook = app.hook("nequi-2", "FAILED").await;
    assert_eq!(hook["transactions"][0]["statusReason"], "REJECTED_BY_PAYER");
    // No one-time code for a push.
    let (status, error) = app.otp(&tx0(&created)["id"], "123456").await;
    assert_eq!(
        (status, error["code"].as_str()),
        (409, Some("OTP_NOT_REQUIRED"))
    );
}

#[tokio::test]
async fn a_wallet_push_expires_after_its_configured_lifetime() {
    let app =
        start_with(|c| c.expiry_overrides = vec![("NEQUI".into(), Duration::from_secs(1))]).await;
    let created = app
        .create(&order(
            "nequi-expiry",
            "COP",
            json!(25000),
            nequi_payer(),
            json!({"paymentMethod": "NEQUI"}),
        ))
        .await;
    let expires = millis(&tx0(&created)["wallet"]["expiresAt"]);
    assert!(expires - now() <= 1_000);
    let hook = app.hook("nequi-expiry", "CANCELLED").await;
    assert_eq!(hook["transactions"][0]["status"], "EXPIRED");
}

fn daviplata() -> Value {
    json!({"paymentMethod": "DAVIPLATA"})
}

#[tokio::test]
async fn daviplata_is_paid_with_the_magic_one_time_code() {
    let app = start().await;
    let created = app
        .create(&order(
            "davi-1",
            "COP",
            json!(30000),
            person("CC", "1020304050"),
            daviplata(),
        ))
        .await;
    let tx = tx0(&created);
    assert_eq!(tx["wallet"]["otpRequired"], true);
    assert!(tx["wallet"]["phoneNumber"]
        .as_str()
        .unwrap()
        .starts_with("+57 ******"));
    let (status, paid) = app.otp(&tx["id"], "123456").await;
    assert_eq!(status, 200, "{paid}");
    assert_eq!(paid["status"], "PAID");
    assert_eq!(paid["id"], tx["id"]);
    app.hook("davi-1", "PAID").await;
    let (status, error) = app.otp(&tx["id"], "123456").await;
    assert_eq!(
        (status, error["code"].as_str()),
        (409, Some("TRANSACTION_NOT_PENDING"))
    );
}

#[tokio::test]
async fn three_wrong_codes_fail_the_daviplata_payment() {
    let app = start().await;
    let created = app
        .create(&order(
            "davi-2",
            "COP",
            json!(30000),
            person("TI", "1020304050"),
            daviplata(),
        ))
        .await;
    let id = &tx0(&created)["id"];
    let (status, error) = app.otp(id, "12345").await;
    assert_eq!(
        (status, error["code"].as_str(), error["field"].as_str()),
        (400, Some("INVALID_FIELD"), Some("otp"))
    );
    for left in ["2 attempts left", "1 attempt left"] {
        let (status, error) = app.otp(id, "654321").await;
        assert_eq!((status, error["code"].as_str()), (400, Some("INVALID_OTP")));
        assert!(error["message"].as_str().unwrap().contains(left), "{error}");
    }
    let (status, error) = app.otp(id, "000000").await;
    assert_eq!(
        (status, error["code"].as_str()),
        (400, Some("OTP_ATTEMPTS_EXCEEDED"))
    );
    let hook = app.hook("davi-2", "FAILED").await;
    assert_eq!(
        hook["transactions"][0]["statusReason"],
        "OTP_ATTEMPTS_EXCEEDED"
    );
    // Even the right code is too late now.
    let (status, _) = app.otp(id, "123456").await;
    assert_eq!(status, 409);
}

#[tokio::test]
async fn daviplata_takes_cc_ce_and_ti_only() {
    let app = start().await;
    app.refuse(
        &order(
            "davi-nit",
            "COP",
            json!(30000),
            person("NIT", "900123456-8"),
            daviplata(),
        ),
        "charges[0].customer.documentType",
    )
    .await;
}

fn ghanaian(phone: &str) -> Value {
    with(person("", ""), json!({"phoneNumber": phone}))
}

fn momo(operator: &str) -> Value {
    json!({"paymentMethod": "MOBILE_MONEY", "wallet": {"operator": operator}})
}

#[tokio::test]
async fn mobile_money_pushes_to_the_operator_of_the_phone_and_a_51_amount_lacks_funds() {
    let app = start().await;
    let created = app
        .create(&order(
            "momo-gh",
            "GHS",
            json!(120.00),
            ghanaian("024 123 4567"),
            momo("MTN"),
        ))
        .await;
    let wallet = &tx0(&created)["wallet"];
    assert_eq!(wallet["operator"], "MTN");
    assert_eq!(wallet["otpRequired"], false);
    assert_eq!(wallet["phoneNumber"], "+233 *****4567");
    app.simulate(&tx0(&created)["id"], "paid").await;
    app.hook("momo-gh", "PAID").await;

    let created = app
        .create(&order(
            "momo-51",
            "KES",
            json!(1000.51),
            ghanaian("0712345678"),
            momo("SAFARICOM"),
        ))
        .await;
    let (_, settled) = app.simulate(&tx0(&created)["id"], "paid").await;
    assert_eq!(settled["status"], "FAILED");
    let hook = app.hook("momo-51", "FAILED").await;
    assert_eq!(
        hook["transactions"][0]["statusReason"],
        "INSUFFICIENT_FUNDS"
    );
}

#[tokio::test]
async fn orange_money_in_cote_divoire_takes_a_one_time_code() {
    let app = start().await;
    // XOF is four countries' currency: the phone's calling code says which.
    let created = app
        .create(&order(
            "om-ci",
            "XOF",
            json!(5000),
            ghanaian("+225 07 01 23 45 67"),
            momo("ORANGE"),
        ))
        .await;
    let wallet = &tx0(&created)["wallet"];
    assert_eq!(wallet["operator"], "ORANGE");
    assert_eq!(wallet["otpRequired"], true);
    assert!(wallet["phoneNumber"].as_str().unwrap().starts_with("+225 "));
    let (status, paid) = app.otp(&tx0(&created)["id"], "123456").await;
    assert_eq!((status, paid["status"].as_str()), (200, Some("PAID")));
    app.hook("om-ci", "PAID").await;
}

#[tokio::test]
async fn mobile_money_checks_the_operator_and_the_phone() {
    let app = start().await;
    let field = "charges[0].transactions[0].wallet.operator";
    app.refuse(
        &order(
            "m1",
            "GHS",
            json!(10.00),
            ghanaian("0241234567"),
            json!({"paymentMethod": "MOBILE_MONEY"}),
        ),
        field,
    )
    .await;
    // Orange is not a Ghanaian wallet.
    app.refuse(
        &order(
            "m2",
            "GHS",
            json!(10.00),
            ghanaian("0241234567"),
            momo("ORANGE"),
        ),
        field,
    )
    .await;
    // A Telecel number cannot get MTN's prompt.
    let phone = "charges[0].customer.phoneNumber";
    assert_eq!(
        app.refuse(
            &order(
                "m3",
                "GHS",
                json!(10.00),
                ghanaian("0201234567"),
                momo("MTN")
            ),
            phone
        )
        .await,
        "INVALID_PHONE"
    );
    // A landline, and no phone at all.
    app.refuse(
        &order(
            "m4",
            "GHS",
            json!(10.00),
            ghanaian("0302123456"),
            momo("MTN"),
        ),
        phone,
    )
    .await;
    app.refuse(
        &order("m5", "GHS", json!(10.00), person("", ""), momo("MTN")),
        phone,
    )
    .await;
    // XOF without an international number: which country?
    app.refuse(
        &order(
            "m6",
            "XOF",
            json!(5000),
            ghanaian("0701234567"),
            momo("ORANGE"),
        ),
        phone,
    )
    .await;
}

// ---------------------------------------------------------------------------- bank transfers

/// MOD 97-10 for IBANs the SWIFT registry does not list (BCEAO countries), which
/// `validate::iban` therefore refuses.
fn mod97_ok(iban: &str) -> bool {
    let rearranged = format!("{}{}", &iban[4..], &iban[..4]);
    orkestra_core::validate::mod97_10(rearranged.bytes()) == 1
}

#[tokio::test]
async fn bank_transfers_answer_an_account_valid_for_its_type() {
    let app = start().await;
    let cases: [(&str, Value, Value, &str); 9] = [
        (
            "ARS",
            json!(15000.00),
            person("CUIT", "20-12345678-6"),
            "CBU",
        ),
        ("MXN", json!(800.00), mexican(), "CLABE"),
        ("NGN", json!(25000.00), person("", ""), "NUBAN"),
        ("EGP", json!(900.00), person("", ""), "IBAN"),
        (
            "XOF",
            json!(10000),
            with(person("", ""), json!({"phoneNumber": "+221 77 123 45 67"})),
            "IBAN",
        ),
        ("CLP", json!(20000), person("", ""), "ACCOUNT"),
        ("COP", json!(90000), person("", ""), "ACCOUNT"),
        ("PEN", json!(120.00), person("", ""), "CCI"),
        ("KES", json!(3000.00), person("", ""), "ACCOUNT"),
    ];
    for (currency, amount, customer, kind) in cases {
        let id = format!("transfer-{currency}");
        let created = app
            .create(&order(
                &id,
                currency,
                amount,
                customer,
                json!({"paymentMethod": "BANK_TRANSFER"}),
            ))
            .await;
        let t = &tx0(&created)["bankTransfer"];
        assert_eq!(t["accountType"], kind, "{currency}");
        let number = t["accountNumber"].as_str().unwrap();
        match currency {
            "ARS" => assert!(validate::cbu(number).is_ok(), "{number}"),
            "MXN" => assert!(validate::clabe(number).is_ok(), "{number}"),
            "NGN" => assert!(validate::nuban("035", number).is_ok(), "{number}"),
            "EGP" => assert_eq!(validate::iban(number).unwrap().country_code(), "EG"),
            "XOF" => {
                assert!(number.starts_with("SN"), "the phone says Senegal: {number}");
                assert!(mod97_ok(number), "{number}");
            }
            "PEN" => assert_eq!(number.len(), 20),
            _ => assert!(number.bytes().all(|b| b.is_ascii_digit())),
        }
        assert_eq!(t["beneficiary"], "ORKESTRA SANDBOX");
        assert!(t["reference"].as_str().unwrap().starts_with("ORK"));
        let in_three_days = now() + 3 * 86_400_000;
        assert!((millis(&t["expiresAt"]) - in_three_days).abs() < 60_000);
    }
    let (_, first) = app.get("/v1/orders/1").await;
    app.simulate(&tx0(&first)["id"], "paid").await;
    app.hook("transfer-ARS", "PAID").await;
}

#[tokio::test]
async fn sepa_answers_a_valid_german_iban_a_bic_and_an_rf_reference() {
    let app = start().await;
    let created = app
        .create(&order(
            "sepa-1",
            "EUR",
            json!(49.99),
            person("", ""),
            json!({"paymentMethod": "SEPA"}),
        ))
        .await;
    let t = &tx0(&created)["bankTransfer"];
    assert_eq!(t["accountType"], "IBAN");
    let iban = validate::iban(t["accountNumber"].as_str().unwrap()).unwrap();
    assert_eq!(iban.country_code(), "DE");
    assert_eq!(t["bic"], "COBADEFFXXX");
    let reference = t["reference"].as_str().unwrap();
    assert!(reference.starts_with("RF"));
    assert!(mod97_ok(reference), "{reference}");
    app.simulate(&tx0(&created)["id"], "paid").await;
    app.hook("sepa-1", "PAID").await;
    // SEPA is euros only.
    assert_eq!(
        app.refuse(
            &order(
                "sepa-usd",
                "USD",
                json!(49.99),
                person("", ""),
                json!({"paymentMethod": "SEPA"})
            ),
            "charges[0].transactions[0].paymentMethod"
        )
        .await,
        "UNSUPPORTED_CURRENCY"
    );
}

// ---------------------------------------------------------------------------- crypto

#[tokio::test]
async fn crypto_answers_a_valid_address_on_each_network_and_the_exact_amount() {
    let app = start().await;
    let cases = [
        ("USDT", "ETHEREUM", Network::Ethereum),
        ("USDT", "TRON", Network::Tron),
        ("USDT", "SOLANA", Network::Solana),
        ("USDT", "POLYGON", Network::Polygon),
        ("USDT", "BNB_CHAIN", Network::BnbChain),
        ("USDC", "ETHEREUM", Network::Ethereum),
        ("USDC", "SOLANA", Network::Solana),
        ("USDC", "POLYGON", Network::Polygon),
        ("USDC", "ARBITRUM", Network::Ethereum),
        ("USDC", "BASE", Network::Ethereum),
    ];
    for (token, network, format) in cases {
        let id = format!("crypto-{token}-{network}");
        let created = app
            .create(&order(
                &id,
                token,
                json!(25.5),
                person("", ""),
                json!({"paymentMethod": "CRYPTO", "crypto": {"token": token, "network": network}}),
            ))
            .await;
        let c = &tx0(&created)["crypto"];
        let address = c["address"].as_str().unwrap();
        let parsed = validate::crypto_address(format, address)
            .unwrap_or_else(|e| panic!("{id} {address}: {e}"));
        assert_eq!(parsed.as_str(), address, "canonical form (EIP-55 casing)");
        assert_eq!(c["amount"], "25.500000");
        assert_eq!(
            (c["token"].as_str(), c["network"].as_str()),
            (Some(token), Some(network))
        );
        let in_an_hour = now() + 3_600_000;
        assert!((millis(&c["expiresAt"]) - in_an_hour).abs() < 60_000);
    }
    let (_, first) = app.get("/v1/orders/1").await;
    app.simulate(&tx0(&first)["id"], "paid").await;
    app.hook("crypto-USDT-ETHEREUM", "PAID").await;
}

#[tokio::test]
async fn crypto_refuses_usdc_on_tron_and_a_token_other_than_the_currency() {
    let app = start().await;
    let tx = |token: &str, network: &str| json!({"paymentMethod": "CRYPTO", "crypto": {"token": token, "network": network}});
    assert_eq!(
        app.refuse(
            &order(
                "usdc-tron",
                "USDC",
                json!(10),
                person("", ""),
                tx("USDC", "TRON")
            ),
            "charges[0].transactions[0].crypto.network"
        )
        .await,
        "UNSUPPORTED_NETWORK"
    );
    app.refuse(
        &order(
            "usdt-base",
            "USDT",
            json!(10),
            person("", ""),
            tx("USDT", "BASE"),
        ),
        "charges[0].transactions[0].crypto.network",
    )
    .await;
    app.refuse(
        &order(
            "token",
            "USDT",
            json!(10),
            person("", ""),
            tx("USDC", "ETHEREUM"),
        ),
        "charges[0].transactions[0].crypto.token",
    )
    .await;
    app.refuse(
        &order(
            "no-options",
            "USDT",
            json!(10),
            person("", ""),
            json!({"paymentMethod": "CRYPTO"}),
        ),
        "charges[0].transactions[0].crypto",
    )
    .await;
}

// ---------------------------------------------------------------------------- markets

#[tokio::test]
async fn a_method_outside_its_market_or_an_unknown_one_is_refused() {
    let app = start().await;
    let field = "charges[0].transactions[0].paymentMethod";
    let cases = [
        ("PIX", "MXN", "UNSUPPORTED_CURRENCY"),
        ("NEQUI", "BRL", "UNSUPPORTED_CURRENCY"),
        ("BOLETO", "USD", "UNSUPPORTED_CURRENCY"),
        ("CHEQUE", "BRL", "UNSUPPORTED_PAYMENT_METHOD"),
        ("CARD", "BRL", "UNSUPPORTED_PAYMENT_METHOD"),
    ];
    for (method, currency, code) in cases {
        let body = order(
            &format!("{method}-{currency}"),
            currency,
            json!(10.00),
            brazilian(),
            json!({"paymentMethod": method}),
        );
        assert_eq!(app.refuse(&body, field).await, code, "{method} {currency}");
    }
    // SPEI takes RFC or CURP, not a Brazilian CPF.
    app.refuse(
        &order(
            "spei-cpf",
            "MXN",
            json!(10.00),
            brazilian(),
            json!({"paymentMethod": "SPEI"}),
        ),
        "charges[0].customer.documentType",
    )
    .await;
}

#[tokio::test]
async fn an_attempt_added_to_an_order_is_checked_against_the_charges_customer() {
    let app = start().await;
    let created = app
        .create(&order(
            "added",
            "COP",
            json!(30000),
            nequi_payer(),
            json!({"paymentMethod": "NEQUI"}),
        ))
        .await;
    app.simulate(&tx0(&created)["id"], "failed").await;
    let path = format!("/v1/orders/{}/transactions", created["id"]);
    // The charge's customer has no bank for PSE.
    let (status, error) = app.post(&path, &json!({"transaction": pse()})).await;
    assert_eq!(
        (status, error["field"].as_str()),
        (400, Some("customer.bankAccount.bankCode"))
    );
    let (status, added) = app
        .post(
            &path,
            &json!({"transaction": {"paymentMethod": "DAVIPLATA", "referenceId": "second"}}),
        )
        .await;
    assert_eq!(status, 201, "{added}");
    assert_eq!(added["wallet"]["otpRequired"], true);
    assert_eq!(added["wallet"]["phoneNumber"], "+57 ******1111");
}

#[tokio::test]
async fn pix_still_answers_its_br_code() {
    let app = start().await;
    let created = app
        .create(&order(
            "pix-1",
            "BRL",
            json!(150.00),
            brazilian(),
            json!({"paymentMethod": "PIX"}),
        ))
        .await;
    let pix = &tx0(&created)["pix"];
    assert!(pix["qrCode"].as_str().unwrap().starts_with("000201"));
    let in_an_hour = now() + 3_600_000;
    assert!((millis(&pix["expiresAt"]) - in_an_hour).abs() < 60_000);
    assert!(tx0(&created).get("boleto").is_none());
}

#[tokio::test]
async fn a_database_made_before_instructions_gains_their_columns() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    {
        // The transactions table as the first release made it.
        let old = server_kit::open_sqlite(
            &path.to_string_lossy(),
            "CREATE TABLE transactions (id INTEGER PRIMARY KEY AUTOINCREMENT, order_id INTEGER NOT NULL, \
             charge_id INTEGER NOT NULL, payment_method TEXT NOT NULL, status TEXT NOT NULL, \
             amount_minor INTEGER NOT NULL, paid_minor INTEGER NOT NULL DEFAULT 0, reference_id TEXT, \
             pix_qr_code TEXT, expires_at INTEGER, status_reason TEXT, created_at INTEGER NOT NULL, \
             updated_at INTEGER NOT NULL, UNIQUE (order_id, reference_id));",
            1,
        )
        .await
        .unwrap();
        old.close().await;
    }
    let config = Config::for_tests(path.to_string_lossy());
    let app = Application::build(config.clone()).await.unwrap();
    let url = format!("http://{}", app.address());
    tokio::spawn(app.run_until_stopped(std::future::pending()));
    let created: Value = reqwest::Client::new()
        .post(format!("{url}/v1/orders"))
        .basic_auth(&config.username, Some(&config.password))
        .json(&order(
            "old-db",
            "MXN",
            json!(100.00),
            mexican(),
            json!({"paymentMethod": "SPEI"}),
        ))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(validate::clabe(tx0(&created)["spei"]["clabe"].as_str().unwrap()).is_ok());
}
