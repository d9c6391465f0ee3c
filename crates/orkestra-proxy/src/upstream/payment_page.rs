//! Orkestra's payment page, where payers type cards (`cardCapture: orkestra`): its URL is
//! believed only on `ORKESTRA_PAGE_ORIGIN`, the one origin our page frames and our CSP's
//! `frame-src` allows. A page elsewhere is a misconfiguration, or not Orkestra's: the payer
//! is never sent there.

use orkestra_core::api::browser::NextAction;

use super::{Answer, UpstreamError};

/// Whether `answer`'s payment page (if any) is on `origin` (`scheme://host[:port]`).
pub fn on_origin(origin: &str, answer: &Answer) -> Result<(), UpstreamError> {
    let Some(NextAction::CardPage { url }) = &answer.next_action else {
        return Ok(());
    };
    if is_on(origin, url) {
        return Ok(());
    }
    tracing::error!(orkestra_id = answer.orkestra_id, page_origin = %origin,
        "Orkestra's payment page is not on ORKESTRA_PAGE_ORIGIN; not sending the payer there");
    Err(UpstreamError::Rejected(
        "Orkestra's payment page is not on the configured ORKESTRA_PAGE_ORIGIN".into(),
        None,
    ))
}

/// `url` is on `origin` when the origin is followed by its path: a longer port, a
/// user-info trick (`origin@elsewhere`) or another host are not.
fn is_on(origin: &str, url: &str) -> bool {
    url.strip_prefix(origin)
        .is_some_and(|rest| rest.starts_with('/'))
}

#[cfg(test)]
mod tests {
    use super::is_on;

    #[test]
    fn only_a_path_on_the_very_origin_is_on_it() {
        let origin = "https://pay.orkestra.example";
        assert!(is_on(origin, "https://pay.orkestra.example/p/abc?x=1"));
        for elsewhere in [
            "https://pay.orkestra.example.evil.test/p/abc",
            "https://pay.orkestra.example:8443/p/abc",
            "https://pay.orkestra.example@evil.test/p/abc",
            "http://pay.orkestra.example/p/abc",
            "https://pay.orkestra.example",
            "javascript:alert(1)",
        ] {
            assert!(!is_on(origin, elsewhere), "{elsewhere}");
        }
    }
}
