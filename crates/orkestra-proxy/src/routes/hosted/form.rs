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
//! name, a document (and its type), an email, a phone number, a mobile operator or a
//! crypto network (every market's first method, today). Elsewhere (an address, a card, a
//! bank's list) the page draws the form, as before.

use orkestra_core::api::browser::{field_id, form_fields, FormField, PageSession};
use orkestra_core::api::locale::Locale;
use orkestra_core::api::merchant::SessionStatus;
use orkestra_core::catalog::{
    method_document_types, payer_field_is_optional, Country, PayerField, PaymentMethod,
};
use orkestra_core::methods::{
    cash_network_name, cash_networks, mobile_operators, spec, MethodName, PageTexts,
};
use orkestra_core::money::Money;
use orkestra_core::validate::phone::calling_code;
use orkestra_core::validate::Network;
use server_kit::html::escape;

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
    let text = |key: &str| {
        texts
            .text(locale, key)
            .or_else(|| texts.text(Locale::En, key))
    };
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
                let mut select = format!(
                    "<div class=\"field\"><label class=\"field__label\" for=\"{id}\">{}</label>\
                     <select class=\"field__input field__select\" id=\"{id}\" name=\"{id}\">",
                    escape(text("FieldDocumentType")?),
                );
                for (i, kind) in types.iter().enumerate() {
                    let selected = if i == 0 { " selected=\"\"" } else { "" };
                    select.push_str(&format!(
                        "<option value=\"{}\"{selected}>{}</option>",
                        kind.as_str(),
                        escape(kind.known_as()),
                    ));
                }
                select.push_str(&format!(
                    "</select><p class=\"field__error\" id=\"{id}-error\" aria-live=\"polite\"></p></div>"
                ));
                select
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
            // Card inputs, addresses, a bank's list: the page's own.
            FormField::Method
            | FormField::Street
            | FormField::Number
            | FormField::District
            | FormField::City
            | FormField::State
            | FormField::PostalCode
            | FormField::CardNumber
            | FormField::CardExpiry
            | FormField::CardCvv
            | FormField::Installments
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

/// One radio of a [`radio_group`] (src/components/select_field.rs's `Choice`).
struct Choice<'a> {
    value: &'a str,
    label: &'a str,
    hint: Option<String>,
}

impl<'a> Choice<'a> {
    fn new(value: &'a str, label: &'a str) -> Self {
        Choice {
            value,
            label,
            hint: None,
        }
    }
}

/// src/components/radio_group.rs's `RadioGroup`: a fieldset with its legend, one radio
/// and label per choice (the first radio's id is `name`), and the message region.
fn radio_group(
    name: &str,
    legend: &str,
    choices: &[Choice],
    checked: Option<&str>,
    tiles: bool,
) -> String {
    let class = if tiles {
        "field radios radios--tiles"
    } else {
        "field radios"
    };
    let mut html = format!(
        "<fieldset class=\"{class}\" role=\"radiogroup\"><legend class=\"field__label\">{}</legend>\
         <div class=\"radios__list\">",
        escape(legend)
    );
    for (i, choice) in choices.iter().enumerate() {
        let id = if i == 0 {
            name.to_owned()
        } else {
            format!("{name}-{i}")
        };
        let on = if checked == Some(choice.value) {
            " checked"
        } else {
            ""
        };
        let hint = choice.hint.as_deref().map_or(String::new(), |h| {
            format!("<span class=\"radio__hint\">{}</span>", escape(h))
        });
        html.push_str(&format!(
            "<div class=\"radio\"><input class=\"radio__input\" type=\"radio\" id=\"{id}\" \
             name=\"{name}\" value=\"{}\"{on}><label class=\"radio__label\" \
             for=\"{id}\"><span>{}</span>{hint}</label></div>",
            escape(choice.value),
            escape(choice.label),
        ));
    }
    html.push_str(&format!(
        "</div><p class=\"field__error\" id=\"{name}-error\" aria-live=\"polite\"></p></fieldset>"
    ));
    html
}

/// What sets a text input apart (src/components/text_field.rs's props).
struct Input<'a> {
    hint: Option<&'a str>,
    /// What the merchant already knows of the payer (the session's `customer`), as the
    /// page's form starts with it.
    value: Option<&'a str>,
    input_type: &'static str,
    autocomplete: Option<&'static str>,
    inputmode: Option<&'static str>,
    maxlength: Option<u32>,
}

impl Default for Input<'_> {
    fn default() -> Self {
        Input {
            hint: None,
            value: None,
            input_type: "text",
            autocomplete: None,
            inputmode: None,
            maxlength: None,
        }
    }
}

/// src/components/text_field.rs's `TextField`: label, hint, input and message region.
fn text_field(id: &str, label: &str, input: &Input) -> String {
    let mut html = format!(
        "<div class=\"field\"><label class=\"field__label\" for=\"{id}\">{}</label>",
        escape(label)
    );
    if let Some(hint) = input.hint {
        html.push_str(&format!(
            "<p class=\"field__hint\" id=\"{id}-hint\">{}</p>",
            escape(hint)
        ));
    }
    html.push_str(&format!(
        "<div class=\"field__row\"><input class=\"field__input\" id=\"{id}\" name=\"{id}\" type=\"{}\"",
        input.input_type
    ));
    if let Some(autocomplete) = input.autocomplete {
        html.push_str(&format!(" autocomplete=\"{autocomplete}\""));
    }
    if let Some(inputmode) = input.inputmode {
        html.push_str(&format!(" inputmode=\"{inputmode}\""));
    }
    if let Some(maxlength) = input.maxlength {
        html.push_str(&format!(" maxlength=\"{maxlength}\""));
    }
    html.push_str(" spellcheck=\"false\"");
    if let Some(value) = input.value.filter(|v| !v.is_empty()) {
        html.push_str(&format!(" value=\"{}\"", escape(value)));
    }
    if input.hint.is_some() {
        html.push_str(&format!(" aria-describedby=\"{id}-hint\""));
    }
    html.push_str(&format!(
        "></div><p class=\"field__error\" id=\"{id}-error\" aria-live=\"polite\"></p></div>"
    ));
    html
}
