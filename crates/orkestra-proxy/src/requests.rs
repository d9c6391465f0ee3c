//! Who a request comes from, and its id: what every log line, Orkestra call and merchant
//! webhook caused by a request carries, so one payment can be followed across them.
//!
//! Behind a load balancer the TCP peer is the balancer: the client's address is then read
//! from `X-Forwarded-For` or `Forwarded`, but only when the peer is one of the configured
//! trusted proxies (`PROXY_TRUSTED_PROXIES`), never from anyone else (a spoofed header
//! from a payer is ignored). The same goes for an incoming `X-Request-Id`.

use std::net::IpAddr;

use axum::http::HeaderMap;
use ipnet::IpNet;
use rand::RngCore;

/// The header a request's id travels in, both ways.
pub const REQUEST_ID: axum::http::HeaderName = axum::http::HeaderName::from_static("x-request-id");

tokio::task_local! {
    /// The id of the request the current task works for.
    static CURRENT: RequestId;
}

/// A request's id: taken from a trusted proxy's `X-Request-Id`, or made here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestId(String);

impl RequestId {
    /// A fresh id: 16 random bytes, hex.
    pub fn new() -> RequestId {
        let mut bytes = [0u8; 16];
        rand::rngs::OsRng.fill_bytes(&mut bytes);
        RequestId(hex::encode(bytes))
    }

    /// An id a trusted proxy sent, if it is a plain token (1 to 128 letters, digits and
    /// `._:-`): it goes into headers and log lines as it is.
    pub fn parse(text: &str) -> Option<RequestId> {
        let plain = !text.is_empty()
            && text.len() <= 128
            && text
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"._:-".contains(&b));
        plain.then(|| RequestId(text.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The id of the request this task works for, if any.
    pub fn current() -> Option<RequestId> {
        CURRENT.try_with(RequestId::clone).ok()
    }

    /// Runs `work` as the work of this request.
    pub async fn scope<F: std::future::Future>(self, work: F) -> F::Output {
        CURRENT.scope(self, work).await
    }
}

impl Default for RequestId {
    fn default() -> Self {
        RequestId::new()
    }
}

impl std::fmt::Display for RequestId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The proxies whose forwarding headers are believed.
#[derive(Debug, Clone, Default)]
pub struct TrustedProxies(Vec<IpNet>);

impl TrustedProxies {
    /// `PROXY_TRUSTED_PROXIES`: address ranges, comma-separated (`10.0.0.0/8, 127.0.0.1`).
    pub fn parse(text: &str) -> Result<TrustedProxies, String> {
        let mut ranges = Vec::new();
        for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let range = match part.parse::<IpNet>() {
                Ok(range) => range,
                Err(_) => part
                    .parse::<IpAddr>()
                    .map(IpNet::from)
                    .map_err(|_| format!("{part} is not an address or an address range"))?,
            };
            ranges.push(range);
        }
        Ok(TrustedProxies(ranges))
    }

    pub fn trusts(&self, address: IpAddr) -> bool {
        let address = canonical(address);
        self.0.iter().any(|range| range.contains(&address))
    }

    /// The client's address: the peer, or, when the peer is trusted, the address the
    /// forwarding headers name closest to us that is not itself a trusted proxy
    /// (`Forwarded`'s `for=` if it is there, else `X-Forwarded-For`).
    pub fn client(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        if !self.trusts(peer) {
            return canonical(peer);
        }
        let hops = forwarded_for(headers).unwrap_or_else(|| x_forwarded_for(headers));
        hops.into_iter()
            .rev()
            .find(|hop| !self.trusts(*hop))
            .map_or(canonical(peer), canonical)
    }

    /// The request's id: the one a trusted proxy sent in `X-Request-Id` (if it is a plain
    /// token), else a new one. A header from anyone else is ignored.
    pub fn request_id(&self, peer: IpAddr, headers: &HeaderMap) -> RequestId {
        self.trusts(peer)
            .then(|| headers.get(&REQUEST_ID))
            .flatten()
            .and_then(|v| v.to_str().ok())
            .and_then(RequestId::parse)
            .unwrap_or_default()
    }
}

/// An IPv4 address seen through an IPv6 socket is the IPv4 address.
fn canonical(address: IpAddr) -> IpAddr {
    match address {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(address, IpAddr::V4),
        v4 => v4,
    }
}

/// `X-Forwarded-For: client, proxy1, proxy2`, every header of that name in order. A value
/// that is not an address ends the list there (nothing before it can be trusted).
fn x_forwarded_for(headers: &HeaderMap) -> Vec<IpAddr> {
    let mut hops = Vec::new();
    for value in headers.get_all("x-forwarded-for") {
        for hop in value.to_str().unwrap_or_default().split(',') {
            match hop.trim().parse::<IpAddr>() {
                Ok(address) => hops.push(address),
                Err(_) => hops.clear(),
            }
        }
    }
    hops
}

/// RFC 7239 `Forwarded: for=192.0.2.60;proto=http, for="[2001:db8::1]:4711"`: the `for`
/// addresses in order; `None` when there is no such header.
fn forwarded_for(headers: &HeaderMap) -> Option<Vec<IpAddr>> {
    let mut values = headers.get_all("forwarded").iter().peekable();
    values.peek()?;
    let mut hops = Vec::new();
    for value in values {
        for element in value.to_str().unwrap_or_default().split(',') {
            let node = element.split(';').find_map(|pair| {
                let (key, value) = pair.trim().split_once('=')?;
                key.eq_ignore_ascii_case("for")
                    .then(|| value.trim().trim_matches('"'))
            });
            let Some(node) = node else { continue };
            // `[v6]:port`, `[v6]`, `v4:port` or `v4`; "unknown" and obfuscated ids are not
            // addresses.
            let address = if let Some(rest) = node.strip_prefix('[') {
                rest.split(']').next().and_then(|a| a.parse().ok())
            } else {
                node.split(':').next().and_then(|a| a.parse().ok())
            };
            match address {
                Some(address) => hops.push(address),
                None => hops.clear(),
            }
        }
    }
    Some(hops)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(
                axum::http::HeaderName::from_bytes(name.as_bytes()).unwrap(),
                value.parse().unwrap(),
            );
        }
        map
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn only_a_trusted_peer_is_believed() {
        let trusted = TrustedProxies::parse("10.0.0.0/8, 127.0.0.1").unwrap();
        let spoofed = headers(&[("x-forwarded-for", "1.2.3.4")]);
        assert_eq!(
            trusted.client(ip("203.0.113.9"), &spoofed),
            ip("203.0.113.9")
        );
        assert_eq!(trusted.client(ip("10.1.2.3"), &spoofed), ip("1.2.3.4"));
        assert_eq!(
            TrustedProxies::default().client(ip("10.1.2.3"), &spoofed),
            ip("10.1.2.3")
        );
    }

    #[test]
    fn the_client_is_the_nearest_address_that_is_not_a_trusted_proxy() {
        let trusted = TrustedProxies::parse("10.0.0.0/8").unwrap();
        // A payer who writes their own X-Forwarded-For only adds to the left of it.
        let chain = headers(&[("x-forwarded-for", "6.6.6.6, 198.51.100.7, 10.0.0.2")]);
        assert_eq!(trusted.client(ip("10.0.0.1"), &chain), ip("198.51.100.7"));
        let forwarded = headers(&[
            (
                "forwarded",
                r#"for="[2001:db8::1]:4711";proto=https, for=10.0.0.3"#,
            ),
            ("x-forwarded-for", "6.6.6.6"),
        ]);
        assert_eq!(
            trusted.client(ip("10.0.0.1"), &forwarded),
            ip("2001:db8::1")
        );
        let mapped = headers(&[("x-forwarded-for", "::ffff:198.51.100.8")]);
        assert_eq!(
            trusted.client(ip("::ffff:10.0.0.1"), &mapped),
            ip("198.51.100.8")
        );
    }

    #[test]
    fn a_request_id_is_a_plain_token_or_none() {
        assert!(RequestId::parse("abc-123_x.y:z").is_some());
        assert!(RequestId::parse("").is_none());
        assert!(RequestId::parse("a b").is_none());
        assert!(RequestId::parse(&"x".repeat(129)).is_none());
        assert_eq!(RequestId::new().as_str().len(), 32);
    }

    #[test]
    fn only_a_trusted_peers_request_id_is_kept() {
        let trusted = TrustedProxies::parse("10.0.0.0/8").unwrap();
        let sent = headers(&[("x-request-id", "lb-42")]);
        assert_eq!(trusted.request_id(ip("10.0.0.1"), &sent).as_str(), "lb-42");
        let from_a_payer = trusted.request_id(ip("203.0.113.9"), &sent);
        assert_ne!(from_a_payer.as_str(), "lb-42");
        assert_eq!(from_a_payer.as_str().len(), 32, "a new one");
        let not_plain = headers(&[("x-request-id", "a b")]);
        assert_ne!(
            trusted.request_id(ip("10.0.0.1"), &not_plain).as_str(),
            "a b"
        );
    }
}
