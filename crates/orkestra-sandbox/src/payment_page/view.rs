//! The payment page's HTML: the card form (with its errors), the result view, and the
//! page for an unknown key. Every value that came from a request or the merchant is
//! escaped; the card number and the security code are never written back.

use orkestra_core::api::orkestra::WireTransactionStatus;
use server_kit::html::escape;

use super::form::{Field, Fields, Offer};
use super::texts::{Lang, Problem, Texts};

/// What every view of one payment shows.
pub struct Page<'a> {
    pub lang: Lang,
    pub frame: bool,
    pub amount: &'a str,
    pub merchant: Option<&'a str>,
}

/// The form as it was posted, its problems, and a notice for the whole form (the lost
/// card's), all empty on first show.
#[derive(Default)]
pub struct Posted<'a> {
    pub fields: Option<&'a Fields>,
    pub problems: &'a [(Field, Problem)],
    pub notice: Option<&'a str>,
}

pub fn form(page: &Page, token: &str, offer: &Offer, posted: &Posted) -> String {
    let t = page.lang.texts();
    let echo = |f: fn(&Fields) -> &str| posted.fields.map(f).unwrap_or_default();
    let problem = |field: Field| {
        posted
            .problems
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, p)| t.problem(*p))
    };
    let mut html = summary(t, posted);
    html.push_str(&format!(
        r#"<form method="post" action="/_sandbox/pay/{token}" novalidate data-testid="payment-page-form">
<input type="hidden" name="lang" value="{lang}">
"#,
        token = escape(token),
        lang = page.lang.tag(),
    ));
    if page.frame {
        html.push_str("<input type=\"hidden\" name=\"frame\" value=\"1\">\n");
    }
    let numeric = r#"type="text" inputmode="numeric" dir="ltr""#;
    let inputs = [
        (Field::Number, "number", t.number, numeric, "cc-number", ""),
        (
            Field::Expiry,
            "expiry",
            t.expiry,
            numeric,
            "cc-exp",
            echo(|f| &f.expiry),
        ),
        (Field::Cvv, "cvv", t.cvv, numeric, "cc-csc", ""),
        (
            Field::Name,
            "name",
            t.name,
            r#"type="text""#,
            "cc-name",
            echo(|f| &f.name),
        ),
    ];
    for (field, name, label, kind, autocomplete, value) in inputs {
        let attrs = format!(r#"name="{name}" {kind} autocomplete="{autocomplete}" required"#);
        html.push_str(&input(field, label, &attrs, value, problem(field)));
    }
    if offer.choice {
        html.push_str(&card_type(
            t,
            echo(|f| f.card_type.as_deref().unwrap_or_default()),
            problem(Field::CardType),
        ));
    }
    if !offer.installments.is_empty() {
        let chosen = echo(|f| f.installments.as_deref().unwrap_or_default());
        html.push_str(&installments(
            t,
            offer.installments,
            chosen,
            problem(Field::Installments),
        ));
    }
    html.push_str(&format!(
        r#"<button type="submit" data-testid="pp-submit">{pay} <bdi>{amount}</bdi></button>
</form>
<p class="note">{note}</p>
"#,
        pay = t.pay,
        amount = escape(page.amount),
        note = t.note,
    ));
    document(page, &html)
}

/// The outcome of a payment that is no longer pending; `back` is the merchant's
/// `returnUrl`, linked when the payer is not in a frame.
pub fn result(
    page: &Page,
    status: WireTransactionStatus,
    reason: Option<&str>,
    back: Option<&str>,
) -> String {
    let t = page.lang.texts();
    let said = match status {
        WireTransactionStatus::Paid => t.approved.to_owned(),
        WireTransactionStatus::Failed => format!("{} {}", t.declined, t.reason(reason)),
        WireTransactionStatus::Expired => t.expired.to_owned(),
        WireTransactionStatus::Cancelled => t.cancelled.to_owned(),
        WireTransactionStatus::Pending => t.title.to_owned(),
    };
    let mut html = format!(
        r#"<section class="result" role="status" data-testid="pp-result" data-status="{status}">
<h2>{said}</h2>
</section>
"#,
        status = status.as_str(),
    );
    if let Some(url) = back.filter(|_| !page.frame) {
        html.push_str(&format!(
            "<p><a href=\"{}\">{}</a></p>\n",
            escape(url),
            t.back
        ));
    }
    document(page, &html)
}

/// No payment has this key (or it was mistyped).
pub fn not_found(lang: Lang) -> String {
    let t = lang.texts();
    let page = Page {
        lang,
        frame: false,
        amount: "",
        merchant: None,
    };
    document(&page, &format!("<p role=\"alert\">{}</p>\n", t.not_found))
}

fn summary(t: &Texts, posted: &Posted) -> String {
    if let Some(notice) = posted.notice {
        return format!("{}<p>{notice}</p>\n</div>\n", ERRORS_OPEN);
    }
    if posted.problems.is_empty() {
        return String::new();
    }
    let items: String = posted
        .problems
        .iter()
        .map(|(field, problem)| {
            format!(
                "<li><a href=\"#{id}\">{text}</a></li>\n",
                id = field.id(),
                text = t.problem(*problem)
            )
        })
        .collect();
    format!(
        "{ERRORS_OPEN}<h2>{title}</h2>\n<ul>\n{items}</ul>\n</div>\n",
        title = t.errors_title
    )
}

/// The error summary: announced when the page shows it, and focused by the page's script.
const ERRORS_OPEN: &str =
    "<div class=\"errors\" id=\"pp-errors\" role=\"alert\" tabindex=\"-1\" data-testid=\"pp-errors\">\n";

/// A labelled input; with a problem, marked invalid and described by it.
fn input(field: Field, label: &str, attrs: &str, value: &str, problem: Option<&str>) -> String {
    let id = field.id();
    let (aria, error) = invalid(id, problem);
    let value = if value.is_empty() {
        String::new()
    } else {
        format!(" value=\"{}\"", escape(value))
    };
    format!(
        r#"<div class="field">
<label for="{id}">{label}</label>
<input id="{id}" data-testid="{id}" {attrs}{value}{aria}>
{error}</div>
"#
    )
}

fn card_type(t: &Texts, chosen: &str, problem: Option<&str>) -> String {
    let (aria, error) = invalid("pp-card-type", problem);
    let radio = |id: &str, value: &str, label: &str, checked: bool| {
        format!(
            r#"<div class="choice"><input type="radio" id="{id}" data-testid="{id}" name="card_type" value="{value}"{checked}{aria}><label for="{id}">{label}</label></div>
"#,
            checked = if checked { " checked" } else { "" },
        )
    };
    format!(
        "<fieldset>\n<legend>{legend}</legend>\n{credit}{debit}{error}</fieldset>\n",
        legend = t.card_type,
        credit = radio("pp-credit", "credit", t.credit, chosen != "debit"),
        debit = radio("pp-debit", "debit", t.debit, chosen == "debit"),
    )
}

fn installments(t: &Texts, offered: &[u8], chosen: &str, problem: Option<&str>) -> String {
    let id = Field::Installments.id();
    let (aria, error) = invalid(id, problem);
    let chosen: u8 = chosen.trim().parse().unwrap_or(1);
    let options: String = offered
        .iter()
        .map(|&n| {
            let label = if n == 1 {
                t.single.to_owned()
            } else {
                format!("{n} {}", t.unit)
            };
            let selected = if n == chosen { " selected" } else { "" };
            format!("<option value=\"{n}\"{selected}>{label}</option>\n")
        })
        .collect();
    format!(
        r#"<div class="field">
<label for="{id}">{label}</label>
<select id="{id}" data-testid="{id}" name="installments"{aria}>
{options}</select>
{error}</div>
"#,
        label = t.installments,
    )
}

/// `aria-invalid` and `aria-describedby` for an input with a problem, and the problem's
/// text under it.
fn invalid(id: &str, problem: Option<&str>) -> (String, String) {
    match problem {
        None => (String::new(), String::new()),
        Some(text) => (
            format!(" aria-invalid=\"true\" aria-describedby=\"{id}-error\""),
            format!("<p class=\"error\" id=\"{id}-error\">{text}</p>\n"),
        ),
    }
}

fn document(page: &Page, body: &str) -> String {
    let t = page.lang.texts();
    let mut facts = String::new();
    if !page.amount.is_empty() {
        facts.push_str(&format!(
            "<dt>{}</dt><dd data-testid=\"pp-amount\"><bdi>{}</bdi></dd>\n",
            t.amount,
            escape(page.amount)
        ));
    }
    if let Some(merchant) = page.merchant {
        facts.push_str(&format!(
            "<dt>{}</dt><dd data-testid=\"pp-merchant\"><bdi>{}</bdi></dd>\n",
            t.merchant,
            escape(merchant)
        ));
    }
    let facts = if facts.is_empty() {
        facts
    } else {
        format!("<dl class=\"facts\">\n{facts}</dl>\n")
    };
    format!(
        r#"<!doctype html>
<html lang="{tag}" dir="{dir}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} · Orkestra</title>
<link rel="stylesheet" href="/_sandbox/payment-page.css">
<script src="/_sandbox/payment-page.js" defer></script>
</head>
<body>
<main>
<h1>{title}</h1>
{facts}{body}</main>
</body>
</html>
"#,
        tag = page.lang.tag(),
        dir = page.lang.dir(),
        title = t.title,
    )
}
