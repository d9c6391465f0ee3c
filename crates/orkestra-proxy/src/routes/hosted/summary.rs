//! What the hosted page shows before its wasm runs: the merchant and the amount, drawn by
//! the server in the payer's language and currency with the page's own markup (src/checkout.rs
//! draws the same header), and the data the page would otherwise ask for in a third round
//! trip (the session and its language's texts) in a JSON data block, which browsers never
//! execute, so the CSP's `script-src` stays as it is.

use orkestra_core::api::browser::PageSession;
use orkestra_core::api::locale::Locale;
use server_kit::html::escape;

use super::intl;
use crate::assets::Texts;

/// The id of the data block, which the page reads (src/boot.rs).
pub const DATA_ID: &str = "orkestra-page";

/// The language the page will speak: the payer's `?locale=` on the address, else the
/// session's (as src/checkout.rs decides).
pub fn page_locale(query: Option<&str>, session: &PageSession) -> Locale {
    query
        .unwrap_or_default()
        .split('&')
        .find_map(|pair| pair.strip_prefix("locale="))
        .and_then(Locale::from_tag)
        .unwrap_or(session.locale)
}

/// `<script type="application/json" id="orkestra-page">{"session":…,"locale":…,"texts":…}`:
/// the page session as the browser API serves it (`session_json`, its snapshot) and, for a
/// language other than the built-in English, its texts as `/assets/locales/<tag>.txt`
/// serves them.
pub fn data_block(session_json: &[u8], locale: Locale, texts: Option<&str>) -> String {
    let mut json = String::with_capacity(session_json.len() + 4096);
    json.push_str("{\"session\":");
    json.push_str(&String::from_utf8_lossy(session_json));
    json.push_str(",\"locale\":\"");
    json.push_str(locale.tag());
    json.push('"');
    if let Some(texts) = texts {
        json.push_str(",\"texts\":");
        json.push_str(&serde_json::Value::from(texts).to_string());
    }
    json.push('}');
    // `<` only ever appears inside JSON strings, where `\u003c` means the same: no
    // `</script>` or `<!--` a payer or merchant typed can end the block early.
    let json = json.replace('<', "\\u003c");
    format!("<script type=\"application/json\" id=\"{DATA_ID}\">{json}</script>")
}

/// The page's header as src/checkout.rs draws it (`<main class="page"><header
/// class="summary">…`), and the loading notice under it; `None` when the texts or the
/// currency's rules are missing (the page then draws everything itself).
pub fn header(session: &PageSession, locale: Locale, texts: &Texts) -> Option<String> {
    let text = |key: &str| {
        texts
            .text(locale, key)
            .or_else(|| texts.text(Locale::En, key))
    };
    let label = match &session.charge {
        Some(c) if c.count > 1 => {
            format!("{} ({}/{})", text("YourShare")?, c.index + 1, c.count)
        }
        _ => text("Total")?.to_owned(),
    };
    let tag = locale.intl_tag(session.country);
    let amount = intl::money(tag, &session.amount, session.currency)?;
    Some(format!(
        "<main class=\"page\"><header class=\"summary\"><h1 class=\"summary__merchant\">{}</h1>\
         <p class=\"summary__total\"><span class=\"summary__label\">{}</span>\
         <bdi class=\"amount\" data-testid=\"amount\">{}</bdi></p></header>\
         <p class=\"notice notice--loading\" role=\"status\">{}</p></main>",
        escape(&session.merchant_name),
        escape(&label),
        escape(&amount),
        escape(text("Loading")?),
    ))
}

/// `<html …>` with the page's language and direction (src/checkout.rs sets the same).
pub fn html_tag(locale: Locale) -> String {
    let dir = if locale.is_rtl() { "rtl" } else { "ltr" };
    format!("<html lang=\"{}\" dir=\"{dir}\">", locale.tag())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_typed_can_close_the_data_block() {
        let block = data_block(
            br#"{"merchantName":"</script><script>alert(1)</script><!--"}"#,
            Locale::PtBr,
            Some("a</script>"),
        );
        let inner = block
            .strip_prefix("<script type=\"application/json\" id=\"orkestra-page\">")
            .and_then(|b| b.strip_suffix("</script>"))
            .unwrap();
        assert!(!inner.contains('<'), "{inner}");
        let value: serde_json::Value = serde_json::from_str(inner).unwrap();
        assert_eq!(
            value["session"]["merchantName"],
            "</script><script>alert(1)</script><!--"
        );
        assert_eq!(value["texts"], "a</script>");
        assert_eq!(value["locale"], "pt-BR");
    }

    #[test]
    fn the_payers_choice_of_language_wins() {
        let session: PageSession = serde_json::from_value(serde_json::json!({
            "status": "open", "country": "BR", "currency": "BRL", "amount": "150.00",
            "locale": "pt-BR", "merchantName": "Loja", "expiresAt": "2026-01-01T00:00:00Z",
            "methods": [], "transactions": []
        }))
        .unwrap();
        assert_eq!(page_locale(Some("locale=ar&x=1"), &session), Locale::Ar);
        assert_eq!(page_locale(Some("embed=x"), &session), Locale::PtBr);
        assert_eq!(page_locale(None, &session), Locale::PtBr);
    }
}
