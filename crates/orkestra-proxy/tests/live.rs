//! Live-status streams asked for on a fresh connection, served straight off the socket
//! (`routes/live.rs`): the same answer as the route's, byte for byte where it matters:
//! the head, the events, CORS, errors, and the `reconnect` at shutdown.

mod common;

use std::time::Duration;

use common::{Stack, MERCHANT_SECRET};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// A raw connection asking for `path` with `extra` header lines; what it read until
/// `until` appears (or the connection closed).
struct Raw {
    stream: TcpStream,
    seen: String,
}

impl Raw {
    async fn get(stack: &Stack, path: &str, extra: &str) -> Raw {
        let mut stream = TcpStream::connect(("127.0.0.1", stack.proxy_port))
            .await
            .unwrap();
        let request = format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n{extra}\r\n");
        stream.write_all(request.as_bytes()).await.unwrap();
        Raw {
            stream,
            seen: String::new(),
        }
    }

    async fn until(&mut self, text: &str) -> &str {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        while !self.seen.contains(text) {
            let mut buffer = [0u8; 4096];
            let n = tokio::time::timeout_at(deadline, self.stream.read(&mut buffer))
                .await
                .unwrap_or_else(|_| panic!("no {text:?} within 10 s; read: {}", self.seen))
                .unwrap();
            if n == 0 {
                break;
            }
            self.seen.push_str(&String::from_utf8_lossy(&buffer[..n]));
        }
        &self.seen
    }
}

#[tokio::test]
async fn a_fresh_connection_gets_the_stream_from_the_socket() {
    let mut stack = Stack::start().await;
    let (session, token) = stack.new_session("live-1").await;
    let id = session["id"].as_str().unwrap().to_owned();
    let mut raw = Raw::get(&stack, &format!("/api/pay/{token}/events"), "").await;
    let head = raw.until("event: session").await.to_owned();
    assert!(head.starts_with("HTTP/1.1 200 OK\r\n"), "{head}");
    assert!(
        head.contains("content-type: text/event-stream\r\n"),
        "{head}"
    );
    assert!(head.contains("cache-control: no-store\r\n"), "{head}");
    assert!(
        head.contains("x-content-type-options: nosniff\r\n"),
        "{head}"
    );
    assert!(head.contains("\"status\":\"open\""), "{head}");

    // A change reaches it.
    let cancelled = stack
        .http
        .post(format!(
            "{}/v1/checkout-sessions/{id}/cancel",
            stack.proxy_url()
        ))
        .bearer_auth(MERCHANT_SECRET)
        .send()
        .await
        .unwrap();
    assert_eq!(cancelled.status(), 200);
    raw.until("\"status\":\"cancelled\"").await;

    // At shutdown it is told to reconnect, then closed.
    stack.stop_proxy().await;
    let rest = raw.until("event: reconnect").await;
    assert!(rest.contains("event: reconnect"), "{rest}");
}

#[tokio::test]
async fn the_stream_answers_cors_and_errors_as_the_api_does() {
    let stack = Stack::start().await;
    let (_, token) = stack.new_session("live-2").await;
    let path = format!("/api/pay/{token}/events");

    let mut allowed = Raw::get(&stack, &path, "Origin: http://127.0.0.1:8081\r\n").await;
    let head = allowed.until("event: session").await;
    assert!(
        head.contains("access-control-allow-origin: http://127.0.0.1:8081\r\n"),
        "{head}"
    );
    assert!(head.contains("vary: origin\r\n"), "{head}");

    let mut other = Raw::get(&stack, &path, "Origin: https://evil.example\r\n").await;
    let head = other.until("event: session").await;
    assert!(!head.contains("access-control-allow-origin"), "{head}");

    let mut unknown = Raw::get(&stack, "/api/pay/pt_nosuchtoken/events", "").await;
    let answer = unknown.until("\"not_found\"").await;
    assert!(answer.starts_with("HTTP/1.1 404"), "{answer}");
    assert!(
        answer.contains("content-type: application/json"),
        "{answer}"
    );
}
