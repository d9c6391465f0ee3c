//! The pages a payer's browser is sent to, standing in for a PSE bank and a boleto's
//! printable copy, and what they share with the 3-D Secure challenge (`three_ds`). No
//! auth, like the simulate control: the transaction id is the whole key, as in a sandbox
//! it may be.
//!
//! The forms post back here; the sandbox settles the transaction and answers
//! `303 See Other` to the merchant's `returnUrl`.

use axum::extract::{Form, Path, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use orkestra_core::api::orkestra::{WireMethod, WireTransactionStatus};
use orkestra_core::validate::boleto_barcode;
use orkestra_core::PaymentMethod;
use serde::Deserialize;
use server_kit::html::escape;

use crate::amounts;
use crate::error::SandboxError;
use crate::instructions::Instructions;
use crate::machine::transactions::{settle, transition, Outcome};
use crate::methods::pse;
use crate::payment_page::texts::Lang;
use crate::routes::pay;
use crate::state::AppState;
use crate::store::orders;
use crate::store::transactions::{self, TransactionRow};

#[derive(Debug, Deserialize)]
pub struct Choice {
    pub outcome: String,
}

pub struct Loaded {
    pub row: TransactionRow,
    pub amount: String,
    pub instructions: Instructions,
}

/// The transaction `id` when its method is one `method` accepts (a page of another
/// method's transaction is not found).
pub async fn load(
    state: &AppState,
    id: i64,
    method: fn(WireMethod) -> bool,
) -> Result<Loaded, SandboxError> {
    let row = transactions::by_id(&state.db, id)
        .await?
        .filter(|t| method(t.method))
        .ok_or_else(|| SandboxError::not_found("transaction"))?;
    let order = orders::by_id(&state.db, row.order_id)
        .await?
        .ok_or_else(|| SandboxError::not_found("order"))?;
    let amount = amounts::shown(order.currency, row.amount_minor);
    Ok(Loaded {
        instructions: row.instructions.clone(),
        row,
        amount,
    })
}

/// `GET /_sandbox/pse/{id}`: the payer's bank.
pub async fn pse_bank(
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Response, SandboxError> {
    let t = load(&state, id, |m| m.method == PaymentMethod::Pse).await?;
    let bank = t
        .instructions
        .pse
        .as_ref()
        .and_then(|p| pse::bank_name(&p.bank_code))
        .unwrap_or("PSE");
    let body = if t.row.status == WireTransactionStatus::Pending {
        format!(
            r#"<p id="what">PSE payment of <strong>{amount}</strong> to ORKESTRA SANDBOX, transaction {id}.</p>
<p>This is the Orkestra sandbox standing in for your bank's PSE page: choose what the bank answers.</p>
<form method="post" action="/_sandbox/pse/{id}" aria-describedby="what">
  <button type="submit" name="outcome" value="approve">Approve payment</button>
  <button type="submit" name="outcome" value="reject" class="secondary">Reject payment</button>
</form>"#,
            amount = escape(&t.amount),
        )
    } else {
        status_note(&t.row)
    };
    Ok(page(&state, Lang::En, &format!("{bank} · PSE"), &body))
}

/// `POST /_sandbox/pse/{id}`, `outcome=approve|reject`. Approving settles (magic amounts
/// apply); rejecting fails with `REJECTED_BY_BANK`.
pub async fn pse_submit(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Form(choice): Form<Choice>,
) -> Result<Response, SandboxError> {
    let t = load(&state, id, |m| m.method == PaymentMethod::Pse).await?;
    match choice.outcome.as_str() {
        "approve" => settle(&state, id).await?,
        "reject" => transition(&state, id, Outcome::Failed, Some("REJECTED_BY_BANK")).await?,
        _ => return Err(bad_outcome("approve or reject")),
    };
    back(&t.instructions)
}

/// `GET /_sandbox/boleto/{id}`: the printable boleto, its barcode drawn as Interleaved
/// 2 of 5.
pub async fn boleto(
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Response, SandboxError> {
    let t = load(&state, id, |m| m.method == PaymentMethod::Boleto).await?;
    let boleto = t
        .instructions
        .boleto
        .as_ref()
        .ok_or_else(|| SandboxError::not_found("boleto"))?;
    let code = boleto_barcode(&boleto.barcode).map_err(|_| SandboxError::not_found("boleto"))?;
    let charge = orders::charge_by_id(&state.db, t.row.charge_id)
        .await?
        .ok_or_else(|| SandboxError::not_found("charge"))?;
    let payer = format!(
        "{} {}",
        charge.customer.first_name, charge.customer.last_name
    );
    let body = format!(
        r#"<dl>
  <dt>Banco</dt><dd>{bank} – Banco do Brasil (sandbox)</dd>
  <dt>Beneficiário</dt><dd>ORKESTRA SANDBOX</dd>
  <dt>Pagador</dt><dd>{payer}</dd>
  <dt>Vencimento</dt><dd>{due}</dd>
  <dt>Valor do documento</dt><dd>{amount}</dd>
  <dt>Situação</dt><dd>{status}</dd>
</dl>
<p class="line" aria-label="Linha digitável">{line}</p>
<figure>{svg}<figcaption>{barcode}</figcaption></figure>"#,
        bank = code.bank_code(),
        payer = escape(&payer),
        due = escape(&boleto.due_date),
        amount = escape(&t.amount),
        status = t.row.status.as_str(),
        line = code.formatted_line(),
        svg = itf_svg(code.barcode()),
        barcode = code.barcode(),
    );
    Ok(page(&state, Lang::En, "Boleto bancário", &body))
}

pub fn back(instructions: &Instructions) -> Result<Response, SandboxError> {
    let url = instructions
        .return_url
        .as_deref()
        .ok_or_else(|| SandboxError::not_found("return URL"))?;
    Ok(Redirect::to(url).into_response())
}

pub fn bad_outcome(expected: &str) -> SandboxError {
    SandboxError::invalid("outcome", "INVALID_FIELD", format!("outcome is {expected}"))
}

pub fn status_note(row: &TransactionRow) -> String {
    format!(
        "<p role=\"status\">This payment is {}{}. There is nothing left to do here.</p>",
        row.status.as_str().to_lowercase(),
        row.status_reason
            .as_deref()
            .map(|r| format!(" ({})", escape(r)))
            .unwrap_or_default()
    )
}

/// A sandbox page for a payer in `lang`, framable as the payment page is (its 3-D Secure
/// step runs in the same frame), with the payment page's script for the frame's height.
pub fn page(state: &AppState, lang: Lang, title: &str, body: &str) -> Response {
    let html = format!(
        r#"<!doctype html>
<html lang="{tag}" dir="{dir}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} · Orkestra sandbox</title>
<script src="/_sandbox/payment-page.js" defer></script>
<style>
  body {{ font: 16px/1.5 system-ui, sans-serif; margin: 0; color: #1a1a1a; background: #f4f5f7; }}
  main {{ max-width: 40rem; margin: 2rem auto; padding: 1.5rem; background: #fff; border-radius: 8px; }}
  h1 {{ font-size: 1.4rem; margin-top: 0; }}
  button {{ font: inherit; padding: .75rem 1.25rem; margin: .5rem .5rem 0 0; border-radius: 6px;
           border: 2px solid #0b57d0; background: #0b57d0; color: #fff; cursor: pointer; }}
  button.secondary {{ background: #fff; color: #0b57d0; }}
  button:focus-visible {{ outline: 3px solid #1a1a1a; outline-offset: 2px; }}
  dl {{ display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; }}
  dt {{ font-weight: 600; }}
  .line {{ font: 1.1rem/1.4 ui-monospace, monospace; word-spacing: .3rem; }}
  figcaption {{ font: .8rem ui-monospace, monospace; }}
  @media print {{ body {{ background: #fff; }} main {{ margin: 0; }} }}
</style>
</head>
<body>
<main>
<h1>{title}</h1>
{body}
</main>
</body>
</html>
"#,
        tag = lang.tag(),
        dir = lang.dir(),
        title = escape(title),
    );
    let csp = format!(
        "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; frame-ancestors {}",
        state.config.frame_ancestors
    );
    let mut response = (StatusCode::OK, Html(html)).into_response();
    let headers = response.headers_mut();
    if let Ok(csp) = HeaderValue::from_str(&csp) {
        headers.insert(header::CONTENT_SECURITY_POLICY, csp);
    }
    pay::secure(headers);
    response
}

/// Interleaved 2 of 5 as an SVG: narrow 1, wide 3; start bar-space-bar-space narrow,
/// stop wide bar, narrow space, narrow bar. `digits` has an even length (a boleto's 44).
fn itf_svg(digits: &str) -> String {
    const PATTERNS: [&[u8; 5]; 10] = [
        b"nnwwn", b"wnnnw", b"nwnnw", b"wwnnn", b"nnwnw", b"wnwnn", b"nwwnn", b"nnnww", b"wnnwn",
        b"nwnwn",
    ];
    let width = |c: u8| if c == b'w' { 3 } else { 1 };
    // (is a bar, width) in order.
    let mut modules: Vec<(bool, u32)> = vec![(true, 1), (false, 1), (true, 1), (false, 1)];
    let d: Vec<usize> = digits.bytes().map(|b| usize::from(b - b'0')).collect();
    for pair in d.chunks(2) {
        let (bars, spaces) = (
            PATTERNS[pair[0]],
            PATTERNS[pair.get(1).copied().unwrap_or(0)],
        );
        for i in 0..5 {
            modules.push((true, width(bars[i])));
            modules.push((false, width(spaces[i])));
        }
    }
    modules.extend([(true, 3), (false, 1), (true, 1)]);
    let total: u32 = modules.iter().map(|(_, w)| w).sum();
    let mut x = 0;
    let mut rects = String::new();
    for (bar, w) in modules {
        if bar {
            rects.push_str(&format!(r#"<rect x="{x}" y="0" width="{w}" height="50"/>"#));
        }
        x += w;
    }
    format!(
        r#"<svg role="img" aria-label="Código de barras" viewBox="0 0 {total} 50" width="100%" height="60" preserveAspectRatio="none" xmlns="http://www.w3.org/2000/svg">{rects}</svg>"#
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_for_html() {
        assert_eq!(
            escape(r#"<script>"x" & 'y'</script>"#),
            "&lt;script&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/script&gt;"
        );
    }

    #[test]
    fn an_itf_barcode_has_its_start_pairs_and_stop() {
        let svg = itf_svg("12");
        // Start: 2 bars; one pair: 5 bars; stop: 2 bars.
        assert_eq!(svg.matches("<rect").count(), 9);
        // 4 (start) + 2 digits × (3 narrow + 2 wide = 9) + 5 (stop) modules wide.
        assert!(svg.contains(r#"viewBox="0 0 27 50""#), "{svg}");
    }
}
