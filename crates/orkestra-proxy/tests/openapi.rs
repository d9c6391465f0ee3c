//! `GET /openapi.json` is kept in sync with the code: every documented operation exists on
//! the running proxy, real responses match their documented schemas (which forbid
//! undocumented properties), and every error code the code can send is documented.

mod common;

use std::time::Duration;

use common::{Stack, MERCHANT_SECRET};
use orkestra_core::api::error::ApiErrorCode;
use orkestra_core::error::ErrorCode;
use serde_json::{json, Value};

const WAIT: Duration = Duration::from_secs(15);
const METHODS: [&str; 5] = ["get", "post", "put", "patch", "delete"];

async fn document(stack: &Stack) -> Value {
    let response = stack
        .http
        .get(format!("{}/openapi.json", stack.proxy_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/json");
    assert_eq!(response.headers()["cache-control"], "no-store");
    let doc: Value = response.json().await.unwrap();
    assert_eq!(doc["openapi"], "3.1.0");
    doc
}

/// Follows `$ref`s of the form `#/a/b/c` within the document.
fn resolve<'a>(doc: &'a Value, mut schema: &'a Value) -> &'a Value {
    while let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
        let pointer = reference.strip_prefix('#').expect("local $ref");
        schema = doc
            .pointer(pointer)
            .unwrap_or_else(|| panic!("dangling $ref {reference}"));
    }
    schema
}

fn type_matches(name: &str, value: &Value) -> bool {
    match name {
        "object" => value.is_object(),
        "array" => value.is_array(),
        "string" => value.is_string(),
        "integer" => value.is_i64() || value.is_u64(),
        "number" => value.is_number(),
        "boolean" => value.is_boolean(),
        "null" => value.is_null(),
        other => panic!("unknown type {other}"),
    }
}

/// `^[0-9]+(\.[0-9]+)?$`, the one pattern the checker knows.
fn is_amount(s: &str) -> bool {
    let (int, frac) = match s.split_once('.') {
        Some((int, frac)) => (int, Some(frac)),
        None => (s, None),
    };
    let digits = |d: &str| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit());
    digits(int) && frac.is_none_or(digits)
}

/// A tiny JSON Schema checker: `$ref`, `type` (also arrays of types), `enum`, `const`,
/// `required`, `properties`, `additionalProperties: false`, `items`, `allOf`, `anyOf`,
/// `oneOf` (exactly one branch), the amount pattern. Returns every violation, each with its JSON
/// path.
fn check(doc: &Value, schema: &Value, value: &Value, path: &str, errors: &mut Vec<String>) {
    let schema = resolve(doc, schema);
    for part in schema
        .get("allOf")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        check(doc, part, value, path, errors);
    }
    if let Some(branches) = schema.get("anyOf").and_then(Value::as_array) {
        let matches = |branch: &Value| {
            let mut branch_errors = Vec::new();
            check(doc, branch, value, path, &mut branch_errors);
            branch_errors.is_empty()
        };
        if !branches.iter().any(matches) {
            errors.push(format!("{path}: {value} matches none of anyOf's branches"));
        }
    }
    if let Some(branches) = schema.get("oneOf").and_then(Value::as_array) {
        let mut failures = Vec::new();
        let matching = branches
            .iter()
            .filter(|branch| {
                let mut branch_errors = Vec::new();
                check(doc, branch, value, path, &mut branch_errors);
                failures.extend(branch_errors.iter().take(2).cloned());
                branch_errors.is_empty()
            })
            .count();
        if matching != 1 {
            errors.push(format!(
                "{path}: {value} matches {matching} of oneOf's {} branches ({})",
                branches.len(),
                failures.join("; ")
            ));
        }
    }
    if let Some(types) = schema.get("type") {
        let ok = match types {
            Value::String(t) => type_matches(t, value),
            Value::Array(ts) => ts.iter().any(|t| type_matches(t.as_str().unwrap(), value)),
            other => panic!("bad type {other}"),
        };
        if !ok {
            errors.push(format!("{path}: {value} is not of type {types}"));
            return;
        }
    }
    if let Some(allowed) = schema.get("enum").and_then(Value::as_array) {
        if !allowed.contains(value) {
            errors.push(format!("{path}: {value} is not one of {allowed:?}"));
        }
    }
    if let Some(constant) = schema.get("const") {
        if constant != value {
            errors.push(format!("{path}: {value} is not {constant}"));
        }
    }
    if let (Some(pattern), Some(s)) = (
        schema.get("pattern").and_then(Value::as_str),
        value.as_str(),
    ) {
        if pattern == r"^[0-9]+(\.[0-9]+)?$" && !is_amount(s) {
            errors.push(format!("{path}: {s:?} is not an amount"));
        }
    }
    if let Some(object) = value.as_object() {
        let properties = schema.get("properties").and_then(Value::as_object);
        for key in schema
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let key = key.as_str().unwrap();
            if !object.contains_key(key) {
                errors.push(format!("{path}: required property {key:?} is missing"));
            }
        }
        for (key, item) in object {
            match properties.and_then(|p| p.get(key)) {
                Some(property) => check(doc, property, item, &format!("{path}.{key}"), errors),
                None if schema.get("additionalProperties") == Some(&Value::Bool(false)) => {
                    errors.push(format!("{path}: property {key:?} is not documented"));
                }
                None => {}
            }
        }
    }
    if let (Some(items), Some(array)) = (schema.get("items"), value.as_array()) {
        for (i, item) in array.iter().enumerate() {
            check(doc, items, item, &format!("{path}[{i}]"), errors);
        }
    }
}

fn assert_valid(doc: &Value, schema: &Value, value: &Value, what: &str) {
    let mut errors = Vec::new();
    check(doc, schema, value, "$", &mut errors);
    assert!(
        errors.is_empty(),
        "{what} does not match its documented schema:\n  {}\nvalue: {value:#}",
        errors.join("\n  ")
    );
}

/// The documented JSON schema of one operation's response.
fn response_schema<'a>(doc: &'a Value, path: &str, method: &str, status: u16) -> &'a Value {
    let operation = &doc["paths"][path][method];
    assert!(operation.is_object(), "{method} {path} is not documented");
    let response = resolve(doc, &operation["responses"][status.to_string()]);
    let schema = &response["content"]["application/json"]["schema"];
    assert!(
        schema.is_object(),
        "{method} {path} documents no JSON body for {status}"
    );
    schema
}

fn request_schema<'a>(doc: &'a Value, path: &str, method: &str) -> &'a Value {
    &doc["paths"][path][method]["requestBody"]["content"]["application/json"]["schema"]
}

fn schema<'a>(doc: &'a Value, name: &str) -> &'a Value {
    let schema = &doc["components"]["schemas"][name];
    assert!(schema.is_object(), "no component schema {name}");
    schema
}

#[tokio::test]
async fn every_documented_operation_exists_on_the_proxy() {
    let stack = Stack::start().await;
    let doc = document(&stack).await;
    let (session, token) = stack.new_session("order-openapi-routes").await;
    let id = session["id"].as_str().unwrap();
    // Real ids for every path parameter: a transaction of the session and a payout.
    assert_eq!(
        stack.pay_pix(&token, "key-openapi-routes").await.status(),
        201
    );
    let transaction_id = stack.merchant_get(id).await["transactions"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let (status, payout) = stack
        .merchant_call(
            reqwest::Method::POST,
            "/v1/payouts",
            Some(&pix_payout("openapi-routes")),
            None,
        )
        .await;
    assert_eq!(status, 201, "{payout}");
    let payout_id = payout["id"].as_str().unwrap().to_owned();

    let paths = doc["paths"].as_object().unwrap();
    for expected in [
        "/v1/checkout-sessions",
        "/v1/checkout-sessions/{id}",
        "/v1/checkout-sessions/{id}/cancel",
        "/api/pay/{token}",
        "/api/pay/{token}/transactions",
        "/api/pay/{token}/cancel",
        "/api/pay/{token}/events",
        "/api/pay/{token}/banks",
        "/api/pay/{token}/transactions/{transactionId}/otp",
        "/api/pay/{token}/transactions/{transactionId}/cancel",
        "/v1/checkout-sessions/{id}/transactions",
        "/v1/transactions",
        "/v1/transactions/{transactionId}/refunds",
        "/v1/payouts",
        "/v1/payouts/batch",
        "/v1/payouts/{payoutId}",
        "/v1/events",
        "/v1/events/{eventId}",
        "/v1/events/{eventId}/resend",
        "/v1/webhook-signing-secret",
        "/webhooks/orkestra",
        "/webhooks/orkestra/refunds",
        "/webhooks/orkestra/payouts",
        "/healthz",
        "/readyz",
        "/metrics",
        "/openapi.json",
    ] {
        assert!(paths.contains_key(expected), "{expected} is not documented");
    }
    let mut checked = 0;
    for (path, item) in paths {
        let url = format!(
            "{}{}",
            stack.proxy_url(),
            path.replace("{id}", id)
                .replace("{token}", &token)
                .replace("{transactionId}", &transaction_id)
                .replace("{payoutId}", &payout_id)
                // No webhook is queued yet: the event routes answer their JSON 404.
                .replace("{eventId}", "evt_none")
        );
        assert!(!url.contains('{'), "unknown path parameter in {path}");
        for method in METHODS.into_iter().filter(|m| item.get(*m).is_some()) {
            let request = match method {
                "get" => stack.http.get(&url),
                "post" => stack.http.post(&url).json(&json!({})),
                other => panic!("the proxy serves no {other}"),
            };
            let response = request
                .bearer_auth(MERCHANT_SECRET)
                .header("Idempotency-Key", "openapi-route-check")
                .send()
                .await
                .unwrap();
            let status = response.status().as_u16();
            // A handler's 404 is our JSON error (e.g. a session without PSE has no bank
            // list); an unknown route's is empty.
            // (Only a 404's body is read: the event stream's never ends.)
            let routed = match status {
                405 => false,
                404 => response
                    .json::<Value>()
                    .await
                    .is_ok_and(|v| v["error"]["code"] == "not_found"),
                _ => true,
            };
            assert!(
                routed,
                "{} {path} is documented but the proxy answers {status}",
                method.to_uppercase()
            );
            let documented = item[method]["responses"]
                .as_object()
                .unwrap()
                .contains_key(&status.to_string());
            assert!(
                documented,
                "{} {path} answered {status}, which is not documented",
                method.to_uppercase()
            );
            checked += 1;
        }
    }
    assert_eq!(checked, 28);
}

fn pix_payout(reference: &str) -> Value {
    json!({"referenceId": reference, "method": "PIX", "currency": "BRL", "amount": "25.00",
           "bankAccount": {"key": "+5511987654321", "document": "529.982.247-25", "documentType": "CPF"},
           "beneficiary": {"firstName": "Maria", "lastName": "da Silva", "type": "INDIVIDUAL",
                           "document": "529.982.247-25", "documentType": "CPF"}})
}

#[tokio::test]
async fn real_responses_match_their_documented_schemas() {
    let stack = Stack::start().await;
    let doc = document(&stack).await;

    // Every optional field the request takes, so optional response fields appear too.
    let mut body = stack.session_body("order-openapi-schemas");
    body["customer"] = json!({"name": "Maria da Silva", "email": "maria@example.com", "document": "529.982.247-25"});
    body["locale"] = json!("pt-BR");
    body["expiresInMinutes"] = json!(30);
    assert_valid(
        &doc,
        request_schema(&doc, "/v1/checkout-sessions", "post"),
        &body,
        "a create request",
    );
    let response = stack.create_session(&body).await;
    assert_eq!(response.status(), 201);
    let created: Value = response.json().await.unwrap();
    for key in ["customer", "locale", "returnUrl", "webhookUrl"] {
        assert!(created.get(key).is_some(), "{key} missing from {created}");
    }
    assert_valid(
        &doc,
        response_schema(&doc, "/v1/checkout-sessions", "post", 201),
        &created,
        "a created session",
    );
    let id = created["id"].as_str().unwrap();
    let token = common::token_of(&created);

    let page_url = format!("{}/api/pay/{token}", stack.proxy_url());
    let fresh_page: Value = stack
        .http
        .get(&page_url)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_valid(
        &doc,
        response_schema(&doc, "/api/pay/{token}", "get", 200),
        &fresh_page,
        "a fresh page session",
    );

    let submit = json!({"method": "PIX", "payer": {"name": "Maria da Silva", "document": "529.982.247-25", "email": "maria@example.com"}});
    assert_valid(
        &doc,
        request_schema(&doc, "/api/pay/{token}/transactions", "post"),
        &submit,
        "a submit request",
    );
    let response = stack.pay_pix(&token, "key-openapi-0001").await;
    assert_eq!(response.status(), 201);
    let submitted: Value = response.json().await.unwrap();
    assert_valid(
        &doc,
        response_schema(&doc, "/api/pay/{token}/transactions", "post", 201),
        &submitted,
        "a submit response",
    );

    let page: Value = stack
        .http
        .get(&page_url)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(page["transactions"][0]["nextAction"].is_object(), "{page}");
    assert_valid(
        &doc,
        response_schema(&doc, "/api/pay/{token}", "get", 200),
        &page,
        "a page session with a transaction",
    );

    let merchant_view = stack.merchant_get(id).await;
    assert_eq!(merchant_view["transactions"].as_array().unwrap().len(), 1);
    assert_valid(
        &doc,
        response_schema(&doc, "/v1/checkout-sessions/{id}", "get", 200),
        &merchant_view,
        "a session with a transaction",
    );

    // The signed webhook to the merchant, as documented under `webhooks`.
    let orkestra_id = merchant_view["transactions"][0]["orkestraId"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(stack.simulate(&orkestra_id, "paid").await.status(), 200);
    let (headers, raw) = stack
        .merchant
        .wait_for_event("checkout_session.paid", WAIT)
        .await;
    let hook = &doc["webhooks"]["checkoutSessionEvent"]["post"];
    for parameter in hook["parameters"].as_array().unwrap() {
        assert_eq!(parameter["in"], "header");
        let name = parameter["name"].as_str().unwrap();
        assert!(headers.contains_key(name), "webhook lacks header {name}");
    }
    let event: Value = serde_json::from_slice(&raw).unwrap();
    assert_valid(
        &doc,
        &hook["requestBody"]["content"]["application/json"]["schema"],
        &event,
        "a merchant webhook",
    );
    assert_valid(
        &doc,
        schema(&doc, "MerchantEvent"),
        &event,
        "a MerchantEvent",
    );

    // The same webhook through the events API, and the secret it was signed with.
    let (status, events) = stack
        .merchant_call(reqwest::Method::GET, "/v1/events", None, None)
        .await;
    assert_eq!(status, 200);
    assert_valid(
        &doc,
        response_schema(&doc, "/v1/events", "get", 200),
        &events,
        "an event list",
    );
    let event_path = format!("/v1/events/{}", event["id"].as_str().unwrap());
    let (status, detail) = stack
        .merchant_call(reqwest::Method::GET, &event_path, None, None)
        .await;
    assert_eq!(status, 200);
    assert_valid(
        &doc,
        response_schema(&doc, "/v1/events/{eventId}", "get", 200),
        &detail,
        "an event with its attempts",
    );
    assert_eq!(detail["payload"], event);
    let (status, secret) = stack
        .merchant_call(
            reqwest::Method::GET,
            "/v1/webhook-signing-secret",
            None,
            None,
        )
        .await;
    assert_eq!(status, 200);
    assert_valid(
        &doc,
        response_schema(&doc, "/v1/webhook-signing-secret", "get", 200),
        &secret,
        "the signing secret",
    );

    // Error bodies: one with fields, and plain ones.
    let mut bad = stack.session_body("order-openapi-bad");
    bad["amount"] = json!("1.234");
    bad["country"] = json!("ZZ");
    let response = stack.create_session(&bad).await;
    assert_eq!(response.status(), 422);
    let error: Value = response.json().await.unwrap();
    assert!(
        error["error"]["fields"].as_array().unwrap().len() > 1,
        "{error}"
    );
    assert_valid(
        &doc,
        response_schema(&doc, "/v1/checkout-sessions", "post", 422),
        &error,
        "a validation error",
    );
    let response = stack
        .http
        .get(format!(
            "{}/v1/checkout-sessions/cs_nope",
            stack.proxy_url()
        ))
        .bearer_auth(MERCHANT_SECRET)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 404);
    let error: Value = response.json().await.unwrap();
    assert_valid(
        &doc,
        response_schema(&doc, "/v1/checkout-sessions/{id}", "get", 404),
        &error,
        "a not-found error",
    );
    let response = stack.pay_pix(&token, "key-openapi-0002").await;
    assert_eq!(response.status(), 409);
    let error: Value = response.json().await.unwrap();
    assert_valid(
        &doc,
        response_schema(&doc, "/api/pay/{token}/transactions", "post", 409),
        &error,
        "a conflict error",
    );
}

#[tokio::test]
async fn every_error_code_is_documented() {
    let stack = Stack::start().await;
    let doc = document(&stack).await;
    let error = resolve(&doc, &schema(&doc, "ErrorResponse")["properties"]["error"]);
    let documented = error["properties"]["code"]["enum"].as_array().unwrap();
    let codes = ApiErrorCode::ALL
        .iter()
        .map(|c| c.as_str())
        .chain(ErrorCode::ALL.iter().map(|c| c.as_str()));
    for code in codes {
        assert!(
            documented.contains(&Value::from(code)),
            "error code {code:?} is not in ErrorResponse's code enum"
        );
    }
    let field_codes = resolve(&doc, &schema(&doc, "FieldError")["properties"]["code"])["enum"]
        .as_array()
        .unwrap();
    for code in ErrorCode::ALL {
        assert!(
            field_codes.contains(&Value::from(code.as_str())),
            "{code:?}"
        );
    }
}

#[test]
fn the_checker_catches_renamed_missing_and_mistyped_fields() {
    let doc = json!({"components": {"schemas": {
        "S": {"type": "object", "additionalProperties": false, "required": ["a"],
              "properties": {"a": {"type": ["string", "null"]},
                             "amount": {"type": "string", "pattern": "^[0-9]+(\\.[0-9]+)?$"},
                             "e": {"enum": ["x"]}}}}}});
    let schema = json!({"$ref": "#/components/schemas/S"});
    let errors_of = |value: Value| {
        let mut errors = Vec::new();
        check(&doc, &schema, &value, "$", &mut errors);
        errors.len()
    };
    assert_eq!(
        errors_of(json!({"a": null, "amount": "150.00", "e": "x"})),
        0
    );
    assert_eq!(errors_of(json!({"renamed": "v"})), 2);
    assert_eq!(errors_of(json!({"a": 1})), 1);
    assert_eq!(errors_of(json!({"a": "v", "amount": "1,5"})), 1);
    assert_eq!(errors_of(json!({"a": "v", "e": "y"})), 1);
}

#[tokio::test]
async fn the_documented_countries_currencies_and_methods_are_exactly_the_catalogs() {
    use orkestra_core::catalog::{Country, PaymentMethod};
    use orkestra_core::money::Currency;
    let stack = Stack::start().await;
    let doc = document(&stack).await;
    let listed = |name: &str| -> Vec<String> {
        schema(&doc, name)["enum"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_owned())
            .collect()
    };
    let countries: Vec<String> = Country::ALL.iter().map(|c| c.alpha2().to_owned()).collect();
    let currencies: Vec<String> = Currency::ALL.iter().map(|c| c.code().to_owned()).collect();
    let methods: Vec<String> = PaymentMethod::ALL
        .iter()
        .map(|m| m.as_str().to_owned())
        .collect();
    assert_eq!(listed("Country"), countries);
    assert_eq!(listed("Currency"), currencies);
    assert_eq!(listed("PaymentMethod"), methods);
    // Every other list of methods in the document (a payout's) names methods of the
    // catalog, by their codes.
    let mut lists = Vec::new();
    enums(&doc, &mut lists);
    for list in lists {
        if list.iter().any(|v| methods.contains(v)) {
            for v in &list {
                assert!(methods.contains(v), "{v} in {list:?} is no payment method");
            }
        }
    }
}

/// Every `enum` of string values anywhere in `value`.
fn enums(value: &Value, out: &mut Vec<Vec<String>>) {
    match value {
        Value::Object(map) => {
            if let Some(list) = map.get("enum").and_then(Value::as_array) {
                out.push(
                    list.iter()
                        .filter_map(|v| v.as_str().map(str::to_owned))
                        .collect(),
                );
            }
            map.values().for_each(|v| enums(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| enums(v, out)),
        _ => {}
    }
}

/// A session for `country` (empty: SEPA or crypto) with every new optional field the
/// request takes; returns (its id, its page token).
async fn new_market_session(
    stack: &Stack,
    doc: &Value,
    order: &str,
    country: &str,
    currency: &str,
    amount: &str,
) -> (String, String) {
    let mut body = json!({
        "merchantOrderId": order, "currency": currency, "amount": amount,
        "webhookUrl": stack.merchant.url(), "returnUrl": "https://shop.example/return",
        "customer": {"name": "Maria da Silva", "email": "maria@example.com"},
        "appearance": {"colorPrimary": "#0a7", "colorBackground": "#ffffff", "colorText": "#111",
                       "colorDanger": "#b00020", "fontFamily": "Inter, 'Helvetica Neue', sans-serif",
                       "borderRadius": "0.5rem", "spacingUnit": "4px", "scheme": "dark"}
    });
    if !country.is_empty() {
        body["country"] = json!(country);
    }
    assert_valid(
        doc,
        request_schema(doc, "/v1/checkout-sessions", "post"),
        &body,
        "a create request with appearance",
    );
    let response = stack.create_session(&body).await;
    assert_eq!(response.status(), 201, "{order}");
    let created: Value = response.json().await.unwrap();
    assert_valid(
        doc,
        response_schema(doc, "/v1/checkout-sessions", "post", 201),
        &created,
        "a created session",
    );
    assert_eq!(created.get("country").is_some(), !country.is_empty());
    (
        created["id"].as_str().unwrap().to_owned(),
        common::token_of(&created),
    )
}

#[tokio::test]
async fn every_next_action_refunds_payouts_and_lists_answer_as_documented() {
    let mut stack = Stack::start().await;
    let payout_feed = stack.merchant.url();
    stack
        .restart_proxy_with(|config| config.payout_webhook_url = Some(payout_feed))
        .await;
    let doc = document(&stack).await;
    let name = json!({"name": "Maria da Silva", "document": "529.982.247-25", "email": "maria@example.com"});
    let address = json!({"street": "Avenida Paulista", "number": "1000", "district": "Bela Vista",
                         "city": "São Paulo", "state": "SP", "postalCode": "01310-100"});
    let card = |number: &str| json!({"number": number, "expiry": "12/30", "cvv": "123", "installments": 1, "debit": false});
    let colombian = json!({"name": "Juan Pérez", "documentType": "CC", "document": "1020304050",
                           "email": "juan@example.co", "phone": "300 123 4567"});
    let cases = [
        (
            "BR",
            "BRL",
            "150.00",
            json!({"method": "PIX", "payer": name}),
            "pix_qr_code",
        ),
        (
            "BR",
            "BRL",
            "150.00",
            json!({"method": "BOLETO", "payer": {"name": "Maria da Silva", "document": "529.982.247-25", "email": "maria@example.com", "address": address}}),
            "boleto",
        ),
        (
            "BR",
            "BRL",
            "150.00",
            json!({"method": "CARD", "payer": {"name": "Maria da Silva", "document": "529.982.247-25"}, "card": card("4000 0000 0000 3220")}),
            "three_ds_challenge",
        ),
        (
            "CO",
            "COP",
            "20000.00",
            json!({"method": "PSE", "payer": colombian, "bank": "007", "personType": "NATURAL"}),
            "bank_redirect",
        ),
        (
            "MX",
            "MXN",
            "150.00",
            json!({"method": "SPEI", "payer": {"name": "Maria Lopez", "documentType": "CURP", "document": "GOMC850315HDFRRR07", "email": "maria@example.mx"}}),
            "bank_transfer",
        ),
        (
            "MX",
            "MXN",
            "150.00",
            json!({"method": "CASH", "payer": {"name": "Maria Lopez", "email": "maria@example.mx"}, "network": "OXXO"}),
            "cash_voucher",
        ),
        (
            "KE",
            "KES",
            "150.00",
            json!({"method": "MOBILE_MONEY", "payer": {"phone": "+254 712 345 678"}, "operator": "SAFARICOM"}),
            "approve_on_phone",
        ),
        (
            "CO",
            "COP",
            "20000.00",
            json!({"method": "DAVIPLATA", "payer": {"documentType": "CC", "document": "1020304050", "email": "juan@example.co", "phone": "300 123 4567"}}),
            "enter_otp",
        ),
        (
            "",
            "USDT",
            "25.000000",
            json!({"method": "CRYPTO", "network": "TRON"}),
            "crypto_transfer",
        ),
        (
            "",
            "EUR",
            "150.00",
            json!({"method": "SEPA"}),
            "bank_transfer",
        ),
    ];
    let mut otp_page = None;
    for (i, (country, currency, amount, submit, action)) in cases.into_iter().enumerate() {
        let order = format!("openapi-action-{i}");
        let (_, token) = new_market_session(&stack, &doc, &order, country, currency, amount).await;
        assert_valid(
            &doc,
            request_schema(&doc, "/api/pay/{token}/transactions", "post"),
            &submit,
            &format!("a {action} submission"),
        );
        let response = stack
            .http
            .post(format!(
                "{}/api/pay/{token}/transactions",
                stack.proxy_url()
            ))
            .header("Idempotency-Key", "key-openapi-action")
            .json(&submit)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 201, "{order}");
        let page: Value = response.json().await.unwrap();
        assert_eq!(
            page["transactions"][0]["nextAction"]["type"], action,
            "{page}"
        );
        assert_valid(
            &doc,
            response_schema(&doc, "/api/pay/{token}/transactions", "post", 201),
            &page,
            &format!("a page with a {action}"),
        );
        assert!(page["appearance"].is_object(), "{page}");
        if action == "enter_otp" {
            otp_page = Some((
                token,
                page["transactions"][0]["id"].as_str().unwrap().to_owned(),
            ));
        } else if action == "bank_redirect" {
            let banks = stack
                .http
                .get(format!("{}/api/pay/{token}/banks", stack.proxy_url()))
                .send()
                .await
                .unwrap();
            assert_eq!(banks.status(), 200);
            assert_valid(
                &doc,
                response_schema(&doc, "/api/pay/{token}/banks", "get", 200),
                &banks.json().await.unwrap(),
                "the PSE banks",
            );
        }
    }

    // The one-time code: a wrong one, then the right one.
    let (token, tx) = otp_page.unwrap();
    let otp_path = "/api/pay/{token}/transactions/{transactionId}/otp";
    let url = format!(
        "{}/api/pay/{token}/transactions/{tx}/otp",
        stack.proxy_url()
    );
    for (code, status) in [("000000", 422), ("123456", 200)] {
        let body = json!({"otp": code});
        assert_valid(
            &doc,
            request_schema(&doc, otp_path, "post"),
            &body,
            "a code",
        );
        let response = stack
            .http
            .post(&url)
            .header("Idempotency-Key", format!("key-openapi-otp-{code}"))
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), status);
        assert_valid(
            &doc,
            response_schema(&doc, otp_path, "post", status),
            &response.json().await.unwrap(),
            "the answer to a code",
        );
    }

    // A pending PIX leg withdrawn, then again (its 409 once it is a card's or paid is an
    // ErrorResponse like every error).
    let (_, token) = stack.new_session("openapi-withdraw").await;
    let page: Value = stack
        .pay_pix(&token, "key-openapi-withdraw")
        .await
        .json()
        .await
        .unwrap();
    let tx = page["transactions"][0]["id"].as_str().unwrap();
    let cancel = "/api/pay/{token}/transactions/{transactionId}/cancel";
    for key in ["key-openapi-withdraw-1", "key-openapi-withdraw-2"] {
        let response = stack
            .http
            .post(format!(
                "{}/api/pay/{token}/transactions/{tx}/cancel",
                stack.proxy_url()
            ))
            .header("Idempotency-Key", key)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        let page: Value = response.json().await.unwrap();
        assert_eq!(page["transactions"][0]["status"], "cancelled");
        assert_valid(
            &doc,
            response_schema(&doc, cancel, "post", 200),
            &page,
            "a withdrawn leg's page",
        );
    }

    // Host-to-host, then a refund of the paid transaction.
    let (session, _) = stack.new_session("openapi-h2h").await;
    let id = session["id"].as_str().unwrap();
    let h2h = "/v1/checkout-sessions/{id}/transactions";
    let submit = json!({"method": "PIX", "payer": name});
    let (status, created) = stack
        .merchant_call(
            reqwest::Method::POST,
            &format!("/v1/checkout-sessions/{id}/transactions"),
            Some(&submit),
            Some("key-openapi-h2h"),
        )
        .await;
    assert_eq!(status, 201, "{created}");
    assert_valid(
        &doc,
        response_schema(&doc, h2h, "post", 201),
        &created,
        "a host-to-host answer",
    );
    let tx = created["transactions"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let orkestra_id = created["transactions"][0]["orkestraId"].as_str().unwrap();
    stack.simulate(orkestra_id, "paid").await;
    stack.wait_for_status(id, "paid", WAIT).await;

    let refunds = "/v1/transactions/{transactionId}/refunds";
    let refund = json!({"amount": "50.00", "reason": "one item back"});
    assert_valid(
        &doc,
        request_schema(&doc, refunds, "post"),
        &refund,
        "a refund request",
    );
    let (status, created) = stack
        .merchant_call(
            reqwest::Method::POST,
            &format!("/v1/transactions/{tx}/refunds"),
            Some(&refund),
            Some("key-openapi-refund"),
        )
        .await;
    assert_eq!(status, 201, "{created}");
    assert_valid(
        &doc,
        response_schema(&doc, refunds, "post", 201),
        &created,
        "a refund",
    );
    let (status, error) = stack
        .merchant_call(
            reqwest::Method::POST,
            &format!("/v1/transactions/{tx}/refunds"),
            Some(&json!({"amount": "500.00"})),
            Some("key-openapi-refund-2"),
        )
        .await;
    assert_eq!(status, 422);
    assert_valid(
        &doc,
        response_schema(&doc, refunds, "post", 422),
        &error,
        "an over-refund",
    );
    let (status, list) = stack
        .merchant_call(
            reqwest::Method::GET,
            &format!("/v1/transactions/{tx}/refunds"),
            None,
            None,
        )
        .await;
    assert_eq!(status, 200);
    assert_valid(
        &doc,
        response_schema(&doc, refunds, "get", 200),
        &list,
        "a refund list",
    );

    // Payouts: one, a batch, a read.
    let payout = pix_payout("openapi-payout");
    assert_valid(
        &doc,
        request_schema(&doc, "/v1/payouts", "post"),
        &payout,
        "a payout request",
    );
    let (status, created) = stack
        .merchant_call(reqwest::Method::POST, "/v1/payouts", Some(&payout), None)
        .await;
    assert_eq!(status, 201, "{created}");
    assert_valid(
        &doc,
        response_schema(&doc, "/v1/payouts", "post", 201),
        &created,
        "a payout",
    );
    let payout_id = created["id"].as_str().unwrap().to_owned();
    let (status, read) = stack
        .merchant_call(
            reqwest::Method::GET,
            &format!("/v1/payouts/{payout_id}"),
            None,
            None,
        )
        .await;
    assert_eq!(status, 200);
    assert_valid(
        &doc,
        response_schema(&doc, "/v1/payouts/{payoutId}", "get", 200),
        &read,
        "a payout read",
    );
    let mut bad = pix_payout("openapi-batch-2");
    bad["bankAccount"]["key"] = json!("not a key");
    let batch = json!({"payouts": [pix_payout("openapi-batch-1"), bad]});
    assert_valid(
        &doc,
        request_schema(&doc, "/v1/payouts/batch", "post"),
        &batch,
        "a batch",
    );
    let (status, answer) = stack
        .merchant_call(
            reqwest::Method::POST,
            "/v1/payouts/batch",
            Some(&batch),
            None,
        )
        .await;
    assert_eq!(status, 200);
    assert!(answer["results"][1]["error"].is_object(), "{answer}");
    assert_valid(
        &doc,
        response_schema(&doc, "/v1/payouts/batch", "post", 200),
        &answer,
        "a batch answer",
    );

    // The transaction list.
    let (status, list) = stack
        .merchant_call(reqwest::Method::GET, "/v1/transactions?limit=3", None, None)
        .await;
    assert_eq!(status, 200);
    assert!(list["nextBefore"].is_string(), "{list}");
    assert_valid(
        &doc,
        response_schema(&doc, "/v1/transactions", "get", 200),
        &list,
        "a transaction list",
    );
    let (status, error) = stack
        .merchant_call(
            reqwest::Method::GET,
            "/v1/transactions?status=nope",
            None,
            None,
        )
        .await;
    assert_eq!(status, 422);
    assert_valid(
        &doc,
        response_schema(&doc, "/v1/transactions", "get", 422),
        &error,
        "a bad filter",
    );

    // The refund and payout webhooks, signed, as documented.
    for (kind, hook, id) in [
        (
            "refund.refunded",
            "refundEvent",
            created_refund_id(&stack, &tx).await,
        ),
        ("payout.paid", "payoutEvent", payout_id.clone()),
    ] {
        let (headers, raw) = stack
            .merchant
            .wait_for_matching(kind, |data| data["id"] == id.as_str(), WAIT)
            .await;
        let hook = &doc["webhooks"][hook]["post"];
        for parameter in hook["parameters"].as_array().unwrap() {
            let name = parameter["name"].as_str().unwrap();
            assert!(headers.contains_key(name), "{kind} lacks header {name}");
        }
        assert!(common::signature_is_valid(
            &headers,
            &raw,
            common::WEBHOOK_SECRET
        ));
        assert_valid(
            &doc,
            &hook["requestBody"]["content"]["application/json"]["schema"],
            &serde_json::from_slice(&raw).unwrap(),
            kind,
        );
    }
}

async fn created_refund_id(stack: &Stack, tx: &str) -> String {
    let (_, list) = stack
        .merchant_call(
            reqwest::Method::GET,
            &format!("/v1/transactions/{tx}/refunds"),
            None,
            None,
        )
        .await;
    list[0]["id"].as_str().unwrap().to_owned()
}

#[test]
fn the_checker_knows_one_of_any_of_and_all_of() {
    let doc = json!({"components": {"schemas": {
        "A": {"type": "object", "required": ["type"], "properties": {"type": {"const": "a"}}},
        "B": {"type": "object", "required": ["type"], "properties": {"type": {"const": "b"}}},
        "U": {"oneOf": [{"$ref": "#/components/schemas/A"}, {"$ref": "#/components/schemas/B"}]},
        "Both": {"oneOf": [{"type": "object"}, {"type": "object"}]},
        "All": {"allOf": [{"$ref": "#/components/schemas/A"}], "description": "x"},
        "Maybe": {"anyOf": [{"$ref": "#/components/schemas/A"}, {"type": "null"}]}}}});
    let errors_of = |name: &str, value: Value| {
        let mut errors = Vec::new();
        check(
            &doc,
            &json!({"$ref": format!("#/components/schemas/{name}")}),
            &value,
            "$",
            &mut errors,
        );
        errors.len()
    };
    assert_eq!(errors_of("U", json!({"type": "a"})), 0);
    assert_eq!(errors_of("U", json!({"type": "c"})), 1);
    assert_eq!(errors_of("Both", json!({})), 1, "two matching branches");
    assert_eq!(errors_of("All", json!({"type": "a"})), 0);
    assert_eq!(errors_of("All", json!({"type": "b"})), 1);
    assert_eq!(errors_of("Maybe", Value::Null), 0);
    assert_eq!(errors_of("Maybe", json!({"type": "b"})), 1);
}

#[tokio::test]
async fn the_readiness_report_matches_its_schema_ready_or_not() {
    let mut stack = Stack::start().await;
    let doc = document(&stack).await;
    for status in [200, 503] {
        if status == 503 {
            stack.stop_sandbox().await;
            // A report is reused for 5 s.
            tokio::time::sleep(std::time::Duration::from_millis(5_200)).await;
        }
        let response = stack
            .http
            .get(format!("{}/readyz", stack.proxy_url()))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), status);
        let body: Value = response.json().await.unwrap();
        let schema = response_schema(&doc, "/readyz", "get", status);
        assert_valid(&doc, schema, &body, "GET /readyz");
    }
}

/// The host-to-host body is the flat one the docs describe: a generic form's empty inputs of
/// other methods pass, a filled one is refused on its own field (and nothing is created),
/// and a body without a method still names `method`.
#[tokio::test]
async fn the_host_to_host_body_stays_flat_and_refuses_another_methods_inputs() {
    let stack = Stack::start().await;
    let doc = document(&stack).await;
    let h2h = "/v1/checkout-sessions/{id}/transactions";
    let payer = json!({"name": "Maria da Silva", "document": "529.982.247-25", "email": "maria@example.com"});
    let (session, _) = stack.new_session("openapi-h2h-flat").await;
    let id = session["id"].as_str().unwrap();
    let path = format!("/v1/checkout-sessions/{id}/transactions");
    let fields = |error: &Value| -> Vec<(String, String)> {
        error["error"]["fields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                (
                    f["field"].as_str().unwrap().to_owned(),
                    f["code"].as_str().unwrap().to_owned(),
                )
            })
            .collect()
    };
    let cases = [
        (
            json!({"method": "PIX", "payer": payer, "bank": "007",
                "card": {"number": "4111 1111 1111 1111", "expiry": "12/30", "cvv": "123"}}),
            vec![("card", "not_for_method"), ("bank", "not_for_method")],
        ),
        (
            json!({"payer": payer, "bank": "007"}),
            vec![("method", "required")],
        ),
    ];
    for (i, (body, want)) in cases.into_iter().enumerate() {
        if body.get("method").is_some() {
            // Well formed by the schema: only the rules refuse it.
            assert_valid(
                &doc,
                request_schema(&doc, h2h, "post"),
                &body,
                "a flat body",
            );
        }
        let (status, error) = stack
            .merchant_call(
                reqwest::Method::POST,
                &path,
                Some(&body),
                Some(&format!("key-h2h-flat-{i}")),
            )
            .await;
        assert_eq!(status, 422, "{error}");
        let want: Vec<(String, String)> = want
            .into_iter()
            .map(|(f, c)| (f.to_owned(), c.to_owned()))
            .collect();
        assert_eq!(fields(&error), want);
        assert_eq!(stack.merchant_get(id).await["transactions"], json!([]));
    }
    let generic = json!({"method": "PIX", "payer": payer, "bank": "", "personType": "",
        "operator": "", "network": "", "card": {"number": "", "expiry": "", "cvv": ""}});
    let (status, created) = stack
        .merchant_call(
            reqwest::Method::POST,
            &path,
            Some(&generic),
            Some("key-h2h-flat-generic"),
        )
        .await;
    assert_eq!(status, 201, "{created}");
    assert_eq!(created["transactions"][0]["method"], "PIX");
}
