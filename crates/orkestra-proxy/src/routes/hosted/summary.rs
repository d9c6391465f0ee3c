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

/// `<script type="application/json" id="orkestra-page">{"session":…,"locale":…,"texts":…,
/// "money":…}`: the page session as the browser API serves it (`session_json`, its
/// snapshot); for a language other than the built-in English, its texts as
/// `/assets/locales/<tag>.txt` serves them; and the session's amounts as the page writes
/// them (`money`, [`money`]).
pub fn data_block(
    session_json: &[u8],
    locale: Locale,
    texts: Option<&str>,
    money: Option<&serde_json::Value>,
) -> String {
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
    if let Some(money) = money {
        json.push_str(",\"money\":");
        json.push_str(&money.to_string());
    }
    json.push('}');
    // `<` only ever appears inside JSON strings, where `\u003c` means the same: no
    // `</script>` or `<!--` a payer or merchant typed can end the block early.
    let json = json.replace('<', "\\u003c");
    format!("<script type=\"application/json\" id=\"{DATA_ID}\">{json}</script>")
}

/// The session's amounts (its own, its charge's, its legs') as the page writes them in its
/// `Intl` tag: `{"tag":"pt-BR","currency":"BRL","amounts":{"150.00":"R$ 150,00"}}`, keyed by
/// the amount as the session carries it, which is what the page formats. The page takes these instead of making an
/// `Intl.NumberFormat` while it draws its first screen: making one cost about 50 of the
/// 170 ms that drawing took, in a trace at 4x CPU slowdown (src/format.rs). `None` when the
/// rules do not know the tag or the currency.
pub fn money(session: &PageSession, locale: Locale) -> Option<serde_json::Value> {
    let tag = locale.intl_tag(session.country);
    let currency = session.currency;
    let charge = session.charge.iter().flat_map(|c| {
        [
            &c.amount,
            &c.paid_amount,
            &c.pending_amount,
            &c.remaining_amount,
        ]
    });
    let legs = session.transactions.iter().map(|t| &t.amount);
    let mut amounts = serde_json::Map::new();
    for amount in std::iter::once(&session.amount).chain(charge).chain(legs) {
        let text = intl::money(tag, amount, currency)?;
        amounts.insert(amount.clone(), text.into());
    }
    Some(serde_json::json!({ "tag": tag, "currency": currency.code(), "amounts": amounts }))
}

/// The notice index.html's inline script shows when the page's code fails to come.
const LOAD_FAILED_ID: &str = "load-failed";

/// The page's header as src/checkout.rs draws it (`<main class="page"><header
/// class="summary">…`; `data-drawn="server"` on `<main>` tells tests the page has not run
/// yet), and under it the first screen when the server could draw it
/// (`form::first_screen`), else the loading notice, with the hidden notice for code that
/// never comes between them; `None` when the texts or the currency's rules are missing (the
/// page then draws everything itself).
pub fn header(
    session: &PageSession,
    locale: Locale,
    texts: &Texts,
    screen: Option<&str>,
) -> Option<String> {
    let text = |key: &str| texts.text_or_english(locale, key);
    let label = match &session.charge {
        Some(c) if c.count > 1 => {
            format!("{} ({}/{})", text("YourShare")?, c.index + 1, c.count)
        }
        _ => text("Total")?.to_owned(),
    };
    let tag = locale.intl_tag(session.country);
    let amount = intl::money(tag, &session.amount, session.currency)?;
    let loading;
    let below = match screen {
        Some(screen) => screen,
        None => {
            loading = format!(
                "<p class=\"notice notice--loading\" role=\"status\">{}</p>",
                escape(text("Loading")?)
            );
            &loading
        }
    };
    // Shown by index.html's inline script if the page's code cannot be fetched or fails
    // before it runs: without it, a payer would look at "Loading" for good. A link, not a
    // button: nothing of the page runs to handle a click.
    let failed = format!(
        "<div class=\"notice\" role=\"alert\" id=\"{LOAD_FAILED_ID}\" hidden=\"\"><p>{}</p>\
         <a class=\"button button--primary\" href=\"\">{}</a></div>",
        escape(text("LoadFailed")?),
        escape(text("Retry")?),
    );
    Some(format!(
        "<main class=\"page\" data-drawn=\"server\"><header class=\"summary\"><h1 class=\"summary__merchant\">{}</h1>\
         <p class=\"summary__total\"><span class=\"summary__label\">{}</span>\
         <bdi class=\"amount\" data-testid=\"amount\">{}</bdi></p></header>{failed}{below}</main>",
        escape(&session.merchant_name),
        escape(&label),
        escape(&amount),
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
            Some(&serde_json::json!({"amounts": {"1.00": "</script>"}})),
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
        assert_eq!(value["money"]["amounts"]["1.00"], "</script>");
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

    #[test]
    fn the_sessions_amounts_come_written_as_the_page_writes_them() {
        let money = money_for("BR", "BRL", "pt-BR", "1500.50");
        assert_eq!(money["tag"], "pt-BR");
        assert_eq!(money["currency"], "BRL");
        // Keyed by the decimal, as the page asks for it.
        assert_eq!(money["amounts"]["1500.50"], "R$\u{a0}1.500,50");
        assert_eq!(money_for("MX", "MXN", "es", "10.00")["tag"], "es-MX");
    }

    fn money_for(country: &str, currency: &str, locale: &str, amount: &str) -> serde_json::Value {
        let session: PageSession = serde_json::from_value(serde_json::json!({
            "status": "open", "country": country, "currency": currency, "amount": amount,
            "locale": locale, "merchantName": "Loja", "expiresAt": "2026-01-01T00:00:00Z",
            "methods": [], "transactions": []
        }))
        .unwrap();
        money(&session, session.locale).unwrap()
    }
}
