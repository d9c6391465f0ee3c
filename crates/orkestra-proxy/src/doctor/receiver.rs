//! Orkestra's way in: `PROXY_PUBLIC_URL` + `/webhooks/orkestra`, called from where the
//! doctor runs without credentials, must answer as this proxy does (401 `unauthorized`).
//! Anything else means Orkestra's notifications would not reach the proxy.

use std::time::Duration;

use orkestra_core::api::error::ApiErrorCode;
use reqwest::StatusCode;
use serde_json::Value;

use super::report::Report;
use crate::config::Config;
use crate::upstream::diagnose::causes;

const CHECK: &str = "webhook receiver";

pub async fn check(config: &Config, report: &mut Report) {
    let url = format!("{}/webhooks/orkestra", config.public_url);
    let plain = url.starts_with("http://");
    let http = match reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .redirect(reqwest::redirect::Policy::none())
        .build()
    {
        Ok(http) => http,
        Err(e) => return report.fail(CHECK, format!("no HTTP client: {e}")),
    };
    let answer = http
        .post(&url)
        .header("content-type", "application/json")
        .body("{}")
        .send()
        .await;
    let response = match answer {
        Ok(response) => response,
        Err(e) => {
            return report.fail(
                CHECK,
                format!(
                    "POST {url} got no answer ({}): set PROXY_PUBLIC_URL to the origin the internet reaches this proxy at (DNS, TLS certificate, load balancer)",
                    causes(&e.without_url())
                ),
            )
        }
    };
    let status = response.status();
    let ours = response
        .json::<Value>()
        .await
        .is_ok_and(|body| body["error"]["code"] == ApiErrorCode::Unauthorized.as_str());
    match (status, ours) {
        (StatusCode::UNAUTHORIZED, true) => {
            report.ok(CHECK, format!("POST {url} without credentials: 401, as this proxy answers"));
            if plain && !loopback(&config.public_url) {
                report.fail(
                    "public URL TLS",
                    "PROXY_PUBLIC_URL is plain http: Orkestra's notifications carry Basic credentials and payers type card data; serve https (docs/deploy.md)",
                );
            }
        }
        (status, _) => report.fail(
            CHECK,
            format!(
                "POST {url} without credentials answered {status}, not this proxy's 401: PROXY_PUBLIC_URL must be the origin that routes /webhooks/* to this proxy"
            ),
        ),
    }
}

/// A URL on this machine (a development setup, where plain http is fine).
fn loopback(url: &str) -> bool {
    let host = url
        .split_once("://")
        .map_or(url, |(_, rest)| rest)
        .split(['/', ':'])
        .next()
        .unwrap_or_default();
    host == "localhost" || host.starts_with("127.") || url.contains("://[::1]")
}

#[cfg(test)]
mod tests {
    use super::loopback;

    #[test]
    fn loopback_urls_are_told_from_public_ones() {
        assert!(loopback("http://127.0.0.1:8080"));
        assert!(loopback("http://localhost:8080"));
        assert!(loopback("http://[::1]:8080"));
        assert!(!loopback("http://shop.example.com"));
        assert!(!loopback("http://10.0.0.5:8080"));
    }
}
