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
/// `required`, `properties`, `additionalProperties: false`, `items`, the amount pattern.
/// Returns every violation, each with its JSON path.
fn check(doc: &Value, schema: &Value, value: &Value, path: &str, errors: &mut Vec<String>) {
    let schema = resolve(doc, schema);
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

    let paths = doc["paths"].as_object().unwrap();
    for expected in [
        "/v1/checkout-sessions",
        "/v1/checkout-sessions/{id}",
        "/v1/checkout-sessions/{id}/cancel",
        "/api/pay/{token}",
        "/api/pay/{token}/transactions",
        "/api/pay/{token}/events",
        "/webhooks/orkestra",
        "/healthz",
        "/openapi.json",
    ] {
        assert!(paths.contains_key(expected), "{expected} is not documented");
    }
    let mut checked = 0;
    for (path, item) in paths {
        let url = format!(
            "{}{}",
            stack.proxy_url(),
            path.replace("{id}", id).replace("{token}", &token)
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
            assert!(
                status != 404 && status != 405,
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
    assert_eq!(checked, 9);
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
}
