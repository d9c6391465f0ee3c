//! Orkestra's payment page as the sandbox emulates it: where a payer types the card of a
//! card leg created without card data (`creditCard.card` absent), in the checkout's frame
//! or after a redirect. Pure: the texts in five languages, the form's checks and the
//! HTML; `routes::pay` serves it and `machine::card_page` decides the card.

pub mod form;
pub mod texts;
pub mod view;

/// The script every payment page loads (`/_sandbox/payment-page.js`): the height message
/// to the parent frame, and the focus on the error summary. A file of its own, so the
/// pages' policy can be `script-src 'self'` with no inline script.
pub const SCRIPT: &str = include_str!("payment-page.js");

/// The pages' stylesheet (`/_sandbox/payment-page.css`), for `style-src 'self'`.
pub const STYLE: &str = include_str!("payment-page.css");

/// The pages' Content-Security-Policy: nothing but this origin's script and stylesheet;
/// forms post here only, and to the merchant's `return_origin`, where a payer who came by
/// redirect is sent with `303` after posting (browsers hold a form's redirects to
/// `form-action`); framed by `frame_ancestors` (`SANDBOX_FRAME_ANCESTORS`, `*` by default:
/// any merchant's checkout may frame Orkestra's page).
pub fn policy(frame_ancestors: &str, return_origin: Option<&str>) -> String {
    let form_action = match return_origin {
        Some(origin) => format!("'self' {origin}"),
        None => "'self'".to_owned(),
    };
    format!(
        "default-src 'none'; script-src 'self'; style-src 'self'; form-action {form_action}; \
         frame-ancestors {frame_ancestors}; base-uri 'none'"
    )
}

/// `https://shop.example:8443` of a `returnUrl` (already checked absolute http(s)).
pub fn origin(url: &str) -> Option<String> {
    reqwest::Url::parse(url)
        .ok()
        .map(|u| u.origin().ascii_serialization())
        .filter(|o| o != "null")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_policy_allows_the_return_origin_as_a_form_target_and_the_configured_framers() {
        let p = policy("*", origin("https://shop.example:8443/back?o=1").as_deref());
        assert!(
            p.contains("form-action 'self' https://shop.example:8443;"),
            "{p}"
        );
        assert!(p.contains("frame-ancestors *;"), "{p}");
        assert!(p.contains("script-src 'self';"), "{p}");
        assert_eq!(origin("not a url"), None);
    }
}
