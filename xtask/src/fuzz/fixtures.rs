//! The real ids the fuzz run's path parameters need: made by driving the stack (a paid
//! transaction, a session waiting for a one-time code, a pending PIX leg, a payout).

use crate::stack::StackConfig;
use anyhow::{bail, Context, Result};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

/// Real ids for the documented path parameters.
pub struct Fixtures {
    session_id: String,
    token: String,
    paid_transaction: String,
    otp_transaction: String,
    /// A Brazilian session's page token and its pending PIX leg, for the payer's withdrawal.
    withdraw_token: String,
    withdraw_transaction: String,
    payout_id: String,
}

impl Fixtures {
    pub fn make(cfg: &StackConfig) -> Result<Fixtures> {
        let proxy = cfg.proxy_url.trim_start_matches("http://");
        let sandbox = cfg.sandbox_url.trim_start_matches("http://");
        let bearer = format!("Bearer {}", cfg.merchant_secret);
        let merchant = |method: &str, path: &str, body: &str, key: Option<&str>| {
            let mut headers = vec![("Authorization", bearer.as_str())];
            if let Some(key) = key {
                headers.push(("Idempotency-Key", key));
            }
            http(proxy, method, path, &headers, body)
        };
        let expect = |(status, body): (u16, String), wanted: u16, what: &str| {
            if status == wanted {
                Ok(body)
            } else {
                Err(anyhow::anyhow!("{what}: HTTP {status}: {body}"))
            }
        };

        // A paid PIX transaction, for the refunds.
        let session = expect(
            merchant(
                "POST",
                "/v1/checkout-sessions",
                r#"{"merchantOrderId":"fuzz-paid","country":"BR","currency":"BRL","amount":"150.00"}"#,
                None,
            )?,
            201,
            "a session",
        )?;
        let paid_session = field(&session, "id").context("the session's id")?;
        let created = expect(
            merchant(
                "POST",
                &format!("/v1/checkout-sessions/{paid_session}/transactions"),
                r#"{"method":"PIX","payer":{"name":"Maria da Silva","document":"529.982.247-25","email":"maria@example.com"}}"#,
                Some("fuzz-fixture-pix"),
            )?,
            201,
            "a PIX payment",
        )?;
        let transactions = &created[created.find("\"transactions\"").context("transactions")?..];
        let paid_transaction = field(transactions, "id").context("the transaction's id")?;
        let orkestra_id = field(transactions, "orkestraId").context("its orkestraId")?;
        expect(
            http(
                sandbox,
                "POST",
                &format!("/_sandbox/transactions/{orkestra_id}/simulate"),
                &[],
                r#"{"outcome":"paid"}"#,
            )?,
            200,
            "settling the PIX payment",
        )?;
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let (_, view) = merchant(
                "GET",
                &format!("/v1/checkout-sessions/{paid_session}"),
                "",
                None,
            )?;
            if field(&view, "status").as_deref() == Some("paid") {
                break;
            }
            if Instant::now() > deadline {
                bail!("the fixture's PIX payment never became paid: {view}");
            }
            std::thread::sleep(Duration::from_millis(100));
        }

        // A Colombian session (every page operation, PSE's banks) with a Daviplata attempt
        // waiting for its one-time code.
        let session = expect(
            merchant(
                "POST",
                "/v1/checkout-sessions",
                r#"{"merchantOrderId":"fuzz-co","country":"CO","currency":"COP","amount":"20000.00","customer":{"name":"Juan Perez","email":"juan@example.co"}}"#,
                None,
            )?,
            201,
            "a Colombian session",
        )?;
        let session_id = field(&session, "id").context("the session's id")?;
        let url = field(&session, "url").context("the session's url")?;
        let token = url.rsplit('/').next().unwrap_or_default().to_owned();
        let page = expect(
            http(
                proxy,
                "POST",
                &format!("/api/pay/{token}/transactions"),
                &[("Idempotency-Key", "fuzz-fixture-otp")],
                r#"{"method":"DAVIPLATA","payer":{"documentType":"CC","document":"1020304050","email":"juan@example.co","phone":"300 123 4567"}}"#,
            )?,
            201,
            "a Daviplata payment",
        )?;
        let transactions = &page[page.find("\"transactions\"").context("transactions")?..];
        let otp_transaction = field(transactions, "id").context("the attempt's id")?;

        // A Brazilian session with a pending PIX leg, for the withdrawal of a leg.
        let session = expect(
            merchant(
                "POST",
                "/v1/checkout-sessions",
                r#"{"merchantOrderId":"fuzz-withdraw","country":"BR","currency":"BRL","amount":"150.00"}"#,
                None,
            )?,
            201,
            "a session to withdraw a leg of",
        )?;
        let url = field(&session, "url").context("the session's url")?;
        let withdraw_token = url.rsplit('/').next().unwrap_or_default().to_owned();
        let page = expect(
            http(
                proxy,
                "POST",
                &format!("/api/pay/{withdraw_token}/transactions"),
                &[("Idempotency-Key", "fuzz-fixture-withdraw")],
                r#"{"method":"PIX","payer":{"name":"Maria da Silva","document":"529.982.247-25","email":"maria@example.com"}}"#,
            )?,
            201,
            "a PIX leg to withdraw",
        )?;
        let transactions = &page[page.find("\"transactions\"").context("transactions")?..];
        let withdraw_transaction = field(transactions, "id").context("the leg's id")?;

        let payout = expect(
            merchant(
                "POST",
                "/v1/payouts",
                r#"{"referenceId":"fuzz-payout","method":"PIX","currency":"BRL","amount":"25.00","bankAccount":{"key":"+5511987654321","document":"529.982.247-25","documentType":"CPF"},"beneficiary":{"firstName":"Maria","lastName":"da Silva","type":"INDIVIDUAL","document":"529.982.247-25","documentType":"CPF"}}"#,
                None,
            )?,
            201,
            "a payout",
        )?;
        let payout_id = field(&payout, "id").context("the payout's id")?;
        Ok(Fixtures {
            session_id,
            token,
            paid_transaction,
            otp_transaction,
            withdraw_token,
            withdraw_transaction,
            payout_id,
        })
    }

    /// A schemathesis.toml: `credentials` (top-level keys), then the fixtures' ids as
    /// path parameters.
    pub fn config(&self, credentials: &str) -> String {
        format!(
            r#"# Written by `cargo xtask test --layer fuzz` for one run.
{credentials}

[parameters]
"path.id" = "{session}"
"path.token" = "{token}"
"path.transactionId" = "{paid}"
"path.payoutId" = "{payout}"

[[operations]]
include-path = "/api/pay/{{token}}/transactions/{{transactionId}}/otp"
parameters = {{ "path.transactionId" = "{otp}" }}

[[operations]]
include-path = "/api/pay/{{token}}/transactions/{{transactionId}}/cancel"
parameters = {{ "path.token" = "{withdraw_token}", "path.transactionId" = "{withdraw}" }}

"#,
            session = self.session_id,
            token = self.token,
            paid = self.paid_transaction,
            payout = self.payout_id,
            otp = self.otp_transaction,
            withdraw_token = self.withdraw_token,
            withdraw = self.withdraw_transaction,
        )
    }
}

/// The first `"key":"value"` string in `json` (ids, urls and statuses hold no quotes).
fn field(json: &str, key: &str) -> Option<String> {
    let start = json.find(&format!("\"{key}\":\""))? + key.len() + 4;
    let rest = &json[start..];
    Some(rest[..rest.find('"')?].to_owned())
}

/// A minimal HTTP/1.1 client for the fixtures: (status, body).
fn http(
    addr: &str,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> Result<(u16, String)> {
    let mut stream = TcpStream::connect(addr).with_context(|| format!("connecting to {addr}"))?;
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    let mut request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str("\r\n");
    request.push_str(body);
    stream.write_all(request.as_bytes())?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw)?;
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, rest) = text
        .split_once("\r\n\r\n")
        .with_context(|| format!("{method} {path}: no HTTP response"))?;
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .with_context(|| format!("{method} {path}: no status"))?;
    let chunked = head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked");
    let body = if chunked {
        unchunk(rest)
    } else {
        rest.to_owned()
    };
    Ok((status, body))
}

fn unchunk(mut rest: &str) -> String {
    let mut out = String::new();
    while let Some((size, after)) = rest.split_once("\r\n") {
        let Ok(n) = usize::from_str_radix(size.trim(), 16) else {
            break;
        };
        if n == 0 || after.len() < n {
            break;
        }
        out.push_str(&after[..n]);
        rest = after[n..].trim_start_matches("\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_and_chunks_are_read() {
        let json = r#"{"id":"cs_1","url":"http://x/pay/pt_2","transactions":[{"id":"tx_3"}]}"#;
        assert_eq!(field(json, "id").as_deref(), Some("cs_1"));
        let txs = &json[json.find("\"transactions\"").unwrap()..];
        assert_eq!(field(txs, "id").as_deref(), Some("tx_3"));
        assert_eq!(field(json, "nope"), None);
        assert_eq!(unchunk("4\r\nWiki\r\n5\r\npedia\r\n0\r\n\r\n"), "Wikipedia");
    }

    #[test]
    fn junit_counts_read_the_suite() {
        use super::super::junit_counts;
        let dir = std::env::temp_dir().join(format!("fuzz-junit-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("j.xml");
        std::fs::write(
            &path,
            r#"<?xml version="1.0" ?><testsuites><testsuite name="schemathesis" errors="1" failures="2" skipped="0" tests="18" time="3.2"><testcase/></testsuite></testsuites>"#,
        )
        .unwrap();
        assert_eq!(junit_counts(&path), Some((18, 3)));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
