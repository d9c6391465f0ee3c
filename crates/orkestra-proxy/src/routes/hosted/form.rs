//! The payment form the hosted page opens on, drawn by the server into the HTML so a payer
//! can read it and start typing before the page's wasm has arrived (on a slow network,
//! over a second sooner). The page takes over in the task that mounts it (src/boot.rs):
//! it reads what was typed and chosen here, and where the caret was, and starts from that.
//!
//! The markup is the page's own (src/methods/form.rs, src/components), attribute for
//! attribute, so nothing moves when the page replaces it; an end-to-end test compares the
//! two in every market (e2e/server-form.test.mjs). Until the page runs, the Pay button is
//! disabled and says the payment is loading: sending needs the page's checks and its
//! idempotency key. Cancelling is a plain form and works at once.
//!
//! Drawn only where the server can draw it exactly: a session still at its first screen
//! (open, nothing tried), in a top-level tab or in a frame whose loader named an origin the
//! session allows (the page is then embedded, and its cancel stays in the frame),
//! without a merchant theme (the page applies it), whose first method asks only for a
//! name, a document (and its type), an email, a phone number, a mobile operator, a crypto
//! network or a card typed in the page (its number, expiry, CVV and plans): every market's
//! first method, today, with either card capture. Elsewhere (an address, a bank's list)
//! the page draws the form, as before.
//!
//! A card typed here stays in this page until the page runs, as it would in the page's own
//! form: the form has no `action` and its only submit button is disabled, so Enter sends
//! nothing anywhere (docs/security.md).

use orkestra_core::api::browser::{field_id, form_fields, FormField, PageSession};
use orkestra_core::api::locale::Locale;
use orkestra_core::api::merchant::SessionStatus;
use orkestra_core::catalog::{
    installment_options, method_document_types, payer_field_is_optional, Country, InstalmentPlan,
    PayerField, PaymentMethod,
};
use orkestra_core::methods::{
    cash_network_name, cash_networks, mobile_operators, spec, MethodName, PageTexts,
};
use orkestra_core::money::Money;
use orkestra_core::validate::phone::calling_code;
use orkestra_core::validate::Network;
use server_kit::html::escape;

use super::markup::{radio_group, select_field, text_field, Choice, Input};
use crate::assets::Texts;

/// Where the page is opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Opened {
    /// `Sec-Fetch-Dest: document`.
    TopLevel,
    /// `Sec-Fetch-Dest: iframe`, with the merchant origin the loader named (`?embed=`).
    Framed(Option<String>),
    /// A browser that does not say.
    Other,
}

/// The status region, the method picker, the form and the cancel button, as the page
/// draws them on its first screen; `None` where the server cannot draw them exactly (see
/// the module's note).
pub fn first_screen(
    session: &PageSession,
    locale: Locale,
    texts: &Texts,
    token: &str,
    opened: Opened,
) -> Option<String> {
    // Framed by an origin the session allows, the page is embedded (src/embed.rs): it
    // always offers to cancel, and cancelling keeps it in its frame (`?stay`). Framed
    // otherwise, the page decides from what it remembers, which the server cannot know.
    let embedded = match &opened {
        Opened::TopLevel => false,
        Opened::Framed(Some(origin)) if session.embed_origins.contains(origin) => true,
        Opened::Framed(_) | Opened::Other => return None,
    };
    if session.status != SessionStatus::Open
        || !session.transactions.is_empty()
        || session.appearance.is_some()
    {
        return None;
    }
    let text = |key: &str| texts.text_or_english(locale, key);
    let market = session.market()?;
    let country = market.country();
    let methods = session.offered_methods();
    let method = session.initial_method()?;
    // The texts of the method's spec, which the page names as `i18n::Key`s.
    let name_of = |m: PaymentMethod| match spec(m).texts.name {
        MethodName::Brand(brand) => Some(brand),
        MethodName::Text(key) => text(key),
    };
    let mut html = String::with_capacity(4096);
    html.push_str(
        "<div class=\"status\" role=\"status\" data-testid=\"status\" data-status=\"open\"></div>",
    );
    if methods.len() > 1 {
        let mut choices = Vec::with_capacity(methods.len());
        for m in &methods {
            // Cash names where it can be paid under its name.
            let hint = (*m == PaymentMethod::Cash).then(|| {
                let networks = country.map_or(&[][..], cash_networks);
                let names: Vec<String> = networks.iter().map(|n| cash_network_name(n)).collect();
                names.join(" · ")
            });
            choices.push(Choice {
                value: m.as_str(),
                label: name_of(*m)?,
                hint,
            });
        }
        let legend = text("ChooseMethod")?;
        html.push_str(&radio_group(
            "method",
            legend,
            &choices,
            Some(method.as_str()),
            false,
        ));
    }
    let PageTexts { intro, .. } = spec(method).texts;
    html.push_str("<form class=\"pay-form\" novalidate=\"\" data-testid=\"pay-form\">");
    html.push_str(&format!(
        "<h2 class=\"pay-form__title\" id=\"form-title\" tabindex=\"-1\">{}</h2>\
         <p class=\"pay-form__intro\">{}</p>",
        escape(name_of(method)?),
        escape(text(intro)?),
    ));
    // A charge to split: the page offers to pay only part of it with this method.
    let splits = session
        .charge
        .as_ref()
        .is_some_and(|c| Money::parse_lenient(&c.remaining_amount, session.currency).is_ok());
    if splits {
        html.push_str(&format!(
            "<div class=\"split\"><label class=\"check\" for=\"split-toggle\"><input \
             type=\"checkbox\" id=\"split-toggle\" class=\"check__input\">{}</label>\
             <div class=\"split__amount\" hidden=\"\">",
            escape(text("SplitToggle")?),
        ));
        let hint = format!("{} · {}", session.currency.code(), text("SplitHint")?);
        html.push_str(&text_field(
            "split-amount",
            text("SplitAmount")?,
            &Input {
                hint: Some(&hint),
                autocomplete: Some("off"),
                inputmode: Some("decimal"),
                maxlength: Some(24),
                ..Input::default()
            },
        ));
        html.push_str("</div></div>");
    }
    let optional = |field: PayerField| {
        country
            .is_some_and(|c| payer_field_is_optional(c, method, field))
            .then(|| text("Optional"))
            .flatten()
    };
    let customer = session.customer.as_ref();
    for field in form_fields(market, method, session.card_capture) {
        let id = field_id(field);
        let drawn = match field {
            FormField::Name => {
                let (label, autocomplete) = if method == PaymentMethod::Card {
                    ("FieldCardName", "cc-name")
                } else {
                    ("FieldName", "name")
                };
                let input = Input {
                    autocomplete: Some(autocomplete),
                    value: customer.and_then(|c| c.name.as_deref()),
                    ..Input::default()
                };
                text_field(id, text(label)?, &input)
            }
            FormField::Document => {
                let types = country.map_or(&[][..], |c| method_document_types(c, method));
                let label = match (country, types) {
                    (Some(Country::BR), _) => text("FieldDocumentBr")?,
                    (_, [only]) => only.known_as(),
                    _ => text("FieldDocument")?,
                };
                let input = Input {
                    hint: optional(PayerField::Document),
                    value: customer.and_then(|c| c.document.as_deref()),
                    autocomplete: Some("off"),
                    maxlength: Some(24),
                    ..Input::default()
                };
                text_field(id, label, &input)
            }
            FormField::Email => {
                let input = Input {
                    hint: optional(PayerField::Email),
                    value: customer.and_then(|c| c.email.as_deref()),
                    input_type: "email",
                    autocomplete: Some("email"),
                    inputmode: Some("email"),
                    ..Input::default()
                };
                text_field(id, text("FieldEmail")?, &input)
            }
            FormField::DocumentType => {
                // The method's types, the first chosen (the page's form starts on it).
                let types = country.map_or(&[][..], |c| method_document_types(c, method));
                let options: Vec<Choice> = types
                    .iter()
                    .map(|kind| Choice::new(kind.as_str(), kind.known_as()))
                    .collect();
                let first = options.first().map_or("", |o| o.value);
                select_field(id, text("FieldDocumentType")?, &options, first)
            }
            FormField::Phone => {
                // The country's calling code as a hint, so the payer knows which numbers
                // are taken (src/components/inputs.rs's `PhoneField`).
                let code = country.map_or("", calling_code);
                let hint = format!("+{code} {}", optional(PayerField::Phone).unwrap_or(""));
                let input = Input {
                    hint: Some(hint.trim_end()),
                    input_type: "tel",
                    autocomplete: Some("tel"),
                    inputmode: Some("tel"),
                    maxlength: Some(20),
                    // The page prefills the name, the document and the email only.
                    value: None,
                    brand: false,
                };
                text_field(id, text("FieldPhone")?, &input)
            }
            FormField::Operator => {
                let operators = country.map_or(&[][..], mobile_operators);
                let choices: Vec<Choice> = operators
                    .iter()
                    .map(|o| Choice::new(o.as_str(), o.name()))
                    .collect();
                // None chosen: the page picks one from the phone, or the payer does.
                radio_group(id, text("FieldOperator")?, &choices, None, true)
            }
            FormField::Network => {
                let choices: Vec<Choice> = Network::offered_for(Some(session.currency))
                    .map(|n| Choice::new(n.as_str(), n.known_as()))
                    .collect();
                radio_group(id, text("FieldNetwork")?, &choices, None, true)
            }
            // A card typed in the page (src/methods/card.rs): digits on the keypad, the
            // browser's card autofill, the brand beside the number.
            FormField::CardNumber => text_field(
                id,
                text("FieldCardNumber")?,
                &card_input("cc-number", 23, true),
            ),
            FormField::CardExpiry => {
                text_field(id, text("FieldExpiry")?, &card_input("cc-exp", 5, false))
            }
            FormField::CardCvv => {
                text_field(id, text("FieldCvv")?, &card_input("cc-csc", 4, false))
            }
            FormField::Installments => installments(country?, id, &text)?,
            // Addresses, a bank's list: the page's own.
            FormField::Method
            | FormField::Street
            | FormField::Number
            | FormField::District
            | FormField::City
            | FormField::State
            | FormField::PostalCode
            | FormField::Bank
            | FormField::PersonType => return None,
        };
        html.push_str(&drawn);
    }
    // Disabled until the page runs (a payment is sent by the page, under its key), and
    // saying why: "Loading your payment…" where the page writes "Pay". The button is as
    // wide as the form, so the page's label takes its place without moving anything.
    html.push_str(&format!(
        "<div class=\"form-message\" role=\"alert\"></div><button type=\"submit\" \
         class=\"button button--primary pay-form__submit\" disabled=\"\">{}</button></form>",
        escape(text("Loading")?),
    ));
    if embedded || session.cancel_url.is_some() || session.return_url.is_some() {
        let stay = if embedded { "?stay" } else { "" };
        html.push_str(&format!(
            "<form method=\"post\" action=\"/pay/{}/cancel{stay}\"><button class=\"button \
             button--secondary\" type=\"submit\" id=\"cancel\" data-testid=\"cancel\">{}</button></form>",
            escape(token),
            escape(text("CancelPayment")?),
        ));
    }
    Some(html)
}

/// src/methods/card.rs's `installments`: in Brazil credit or debit first (credit chosen),
/// then the plans in the country's words, paid at once chosen.
fn installments<'t>(
    country: Country,
    id: &str,
    text: &impl Fn(&str) -> Option<&'t str>,
) -> Option<String> {
    let (label, unit) = match InstalmentPlan::of(country) {
        InstalmentPlan::Parcelas => ("InstallmentsParcelas", "UnitParcelas"),
        InstalmentPlan::MesesSinIntereses => ("InstallmentsMsi", "UnitMsi"),
        InstalmentPlan::Cuotas | InstalmentPlan::Single => ("InstallmentsCuotas", "UnitCuotas"),
    };
    let mut html = String::new();
    if country == Country::BR {
        let choices = [
            Choice::new("credit", text("Credit")?),
            Choice::new("debit", text("Debit")?),
        ];
        html.push_str(&radio_group(
            "card-type",
            text("CardType")?,
            &choices,
            Some("credit"),
            true,
        ));
    }
    let (unit, single) = (text(unit)?, text("SinglePayment")?);
    let plans: Vec<(String, String)> = installment_options(country)
        .iter()
        .map(|n| {
            let words = if *n == 1 {
                single.to_owned()
            } else {
                format!("{n} {unit}")
            };
            (n.to_string(), words)
        })
        .collect();
    let options: Vec<Choice> = plans.iter().map(|(n, w)| Choice::new(n, w)).collect();
    html.push_str(&select_field(id, text(label)?, &options, "1"));
    Some(html)
}

fn card_input(autocomplete: &'static str, maxlength: u32, brand: bool) -> Input<'static> {
    Input {
        autocomplete: Some(autocomplete),
        inputmode: Some("numeric"),
        maxlength: Some(maxlength),
        brand,
        ..Input::default()
    }
}
