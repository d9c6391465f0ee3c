//! The page's form components as markup (src/components), for the form the proxy draws
//! (`form.rs`): attribute for attribute what the page's own components write, so the page
//! can replace them without a visible change. e2e/server-form.test.mjs compares the two.

use server_kit::html::escape;

/// One radio of a [`radio_group`] (src/components/select_field.rs's `Choice`).
pub struct Choice<'a> {
    pub value: &'a str,
    pub label: &'a str,
    pub hint: Option<String>,
}

impl<'a> Choice<'a> {
    pub fn new(value: &'a str, label: &'a str) -> Self {
        Choice {
            value,
            label,
            hint: None,
        }
    }
}

/// src/components/radio_group.rs's `RadioGroup`: a fieldset with its legend, one radio
/// and label per choice (the first radio's id is `name`), and the message region.
pub fn radio_group(
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
pub struct Input<'a> {
    pub hint: Option<&'a str>,
    /// What the merchant already knows of the payer (the session's `customer`), as the
    /// page's form starts with it.
    pub value: Option<&'a str>,
    pub input_type: &'static str,
    pub autocomplete: Option<&'static str>,
    pub inputmode: Option<&'static str>,
    pub maxlength: Option<u32>,
    /// The card number's brand, beside the input (src/components/inputs.rs's
    /// `CardNumberField`): empty until the page runs and reads the digits.
    pub brand: bool,
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
            brand: false,
        }
    }
}

/// src/components/text_field.rs's `TextField`: label, hint, input and message region.
pub fn text_field(id: &str, label: &str, input: &Input) -> String {
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
    html.push('>');
    if input.brand {
        html.push_str(
            "<span class=\"brand\" data-testid=\"card-brand\" aria-live=\"polite\"></span>",
        );
    }
    html.push_str(&format!(
        "</div><p class=\"field__error\" id=\"{id}-error\" aria-live=\"polite\"></p></div>"
    ));
    html
}

/// src/components/select_field.rs's `SelectField` without a placeholder: label, select
/// with `selected` chosen, and the message region.
pub fn select_field(id: &str, label: &str, options: &[Choice], selected: &str) -> String {
    let mut html = format!(
        "<div class=\"field\"><label class=\"field__label\" for=\"{id}\">{}</label>\
         <select class=\"field__input field__select\" id=\"{id}\" name=\"{id}\">",
        escape(label),
    );
    for option in options {
        let on = if option.value == selected {
            " selected=\"\""
        } else {
            ""
        };
        html.push_str(&format!(
            "<option value=\"{}\"{on}>{}</option>",
            escape(option.value),
            escape(option.label),
        ));
    }
    html.push_str(&format!(
        "</select><p class=\"field__error\" id=\"{id}-error\" aria-live=\"polite\"></p></div>"
    ));
    html
}
