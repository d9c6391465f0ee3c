//! The URLs and origins a merchant gives us.

use super::MAX_URL;
use crate::error::ErrorCode;

/// An absolute http(s) URL without spaces or credentials. We do not resolve it: the proxy
/// only ever redirects a payer to it or posts to it.
pub fn check_http_url(url: &str) -> Result<(), ErrorCode> {
    if url.len() > MAX_URL {
        return Err(ErrorCode::TooLong);
    }
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or(ErrorCode::InvalidFormat)?;
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if authority.is_empty()
        || authority.contains('@')
        || url.chars().any(|c| c.is_whitespace() || c.is_control())
    {
        return Err(ErrorCode::InvalidFormat);
    }
    Ok(())
}

/// A web origin as browsers send it in `Origin` and `event.origin`: scheme, host and
/// optional port, nothing else (no path, no trailing slash, no wildcard).
pub fn check_origin(origin: &str) -> Result<(), ErrorCode> {
    check_http_url(origin)?;
    let authority = origin
        .split_once("://")
        .map(|(_, rest)| rest)
        .unwrap_or_default();
    let valid_host = |host: &str| {
        !host.is_empty()
            && host
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
    };
    let ok = match authority.rsplit_once(':') {
        Some((host, port)) => {
            valid_host(host) && !port.is_empty() && port.parse::<u16>().is_ok_and(|p| p > 0)
        }
        None => valid_host(authority),
    };
    if ok {
        Ok(())
    } else {
        Err(ErrorCode::InvalidFormat)
    }
}
