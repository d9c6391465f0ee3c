//! The browser API's bodies, read and written by hand (see [`crate::json`]): the session,
//! its transactions and their instructions, error bodies and the PSE banks in; a payment
//! and a one-time code out. Each reader accepts what the model's serde derive accepts and
//! refuses what it refuses (`wire_tests.rs` holds them to serde_json on the same texts),
//! so the page reads the proxy's answers exactly as the proxy's models define them.

use orkestra_core::api::browser::{
    Bank, MethodInput, NextAction, PageCharge, PageSession, PageTransaction, SubmitTransaction,
};
use orkestra_core::api::error::ErrorBody;
use orkestra_core::api::locale::Locale;
use orkestra_core::api::merchant::{
    Appearance, CustomerInput, OrderStatus, SessionStatus, TransactionStatus,
};
use orkestra_core::catalog::{Country, PaymentMethod};
use orkestra_core::error::{ErrorCode, FieldError};
use orkestra_core::methods::CardCapture;
use orkestra_core::money::Currency;

use crate::json::{list, only_keys, optional, whole, Value, Writer};

fn text(v: &impl Value, key: &str) -> Option<String> {
    v.get(key).text()
}

fn optional_text(v: &impl Value, key: &str) -> Option<Option<String>> {
    optional(v.get(key), Value::text)
}

/// A field serde fills with `missing` when the key is absent (`#[serde(default)]` on a
/// non-`Option`): a present key, `null` included, must read.
fn defaulted<V: Value, T>(
    v: &V,
    key: &str,
    missing: T,
    read: impl FnOnce(&V) -> Option<T>,
) -> Option<T> {
    if v.keys()?.iter().any(|k| k == key) {
        read(&v.get(key))
    } else {
        Some(missing)
    }
}

/// A text from a closed set, read by the set's own parser (`Currency::from_code`…).
fn one_of<T>(v: &impl Value, key: &str, parse: impl FnOnce(&str) -> Option<T>) -> Option<T> {
    parse(&text(v, key)?)
}

/// `GET /api/pay/{token}`, the submit's answer and every live status event.
pub fn session(v: &impl Value) -> Option<PageSession> {
    v.keys()?;
    Some(PageSession {
        session_id: defaulted(v, "sessionId", String::new(), Value::text)?,
        status: one_of(v, "status", SessionStatus::parse)?,
        country: optional(v.get("country"), |c| Country::from_alpha2(&c.text()?))?,
        currency: one_of(v, "currency", Currency::from_code)?,
        amount: text(v, "amount")?,
        locale: one_of(v, "locale", |t| {
            Locale::ALL.into_iter().find(|l| l.tag() == t)
        })?,
        merchant_name: text(v, "merchantName")?,
        expires_at: text(v, "expiresAt")?,
        methods: list(&v.get("methods"), |m| {
            PaymentMethod::from_str_exact(&m.text()?)
        })?,
        customer: optional(v.get("customer"), customer)?,
        transactions: list(&v.get("transactions"), transaction)?,
        return_url: optional_text(v, "returnUrl")?,
        cancel_url: optional_text(v, "cancelUrl")?,
        embed_origins: defaulted(v, "embedOrigins", Vec::new(), |o| list(o, Value::text))?,
        appearance: optional(v.get("appearance"), appearance)?,
        // Absent from an older proxy: its cards were typed here.
        card_capture: defaulted(v, "cardCapture", CardCapture::Direct, |c| {
            CardCapture::parse(&c.text()?)
        })?,
        charge: optional(v.get("charge"), charge)?,
    })
}

fn customer(v: &impl Value) -> Option<CustomerInput> {
    only_keys(v, &["name", "email", "document"]).then_some(())?;
    Some(CustomerInput {
        name: optional_text(v, "name")?,
        email: optional_text(v, "email")?,
        document: optional_text(v, "document")?,
    })
}

fn appearance(v: &impl Value) -> Option<Appearance> {
    const KEYS: [&str; 8] = [
        "colorPrimary",
        "colorBackground",
        "colorText",
        "colorDanger",
        "fontFamily",
        "borderRadius",
        "spacingUnit",
        "scheme",
    ];
    only_keys(v, &KEYS).then_some(())?;
    let mut values = Vec::with_capacity(KEYS.len());
    for key in KEYS {
        values.push(optional_text(v, key)?);
    }
    let mut values = values.into_iter();
    let mut next = || values.next().flatten();
    Some(Appearance {
        color_primary: next(),
        color_background: next(),
        color_text: next(),
        color_danger: next(),
        font_family: next(),
        border_radius: next(),
        spacing_unit: next(),
        scheme: next(),
    })
}

fn charge(v: &impl Value) -> Option<PageCharge> {
    v.keys()?;
    Some(PageCharge {
        id: text(v, "id")?,
        status: one_of(v, "status", OrderStatus::parse)?,
        amount: text(v, "amount")?,
        paid_amount: text(v, "paidAmount")?,
        pending_amount: text(v, "pendingAmount")?,
        remaining_amount: text(v, "remainingAmount")?,
        index: whole(&v.get("index"), u32::MAX)?,
        count: whole(&v.get("count"), u32::MAX)?,
    })
}

fn transaction(v: &impl Value) -> Option<PageTransaction> {
    v.keys()?;
    Some(PageTransaction {
        id: text(v, "id")?,
        method: one_of(v, "method", PaymentMethod::from_str_exact)?,
        amount: text(v, "amount")?,
        status: one_of(v, "status", TransactionStatus::parse)?,
        next_action: optional(v.get("nextAction"), next_action)?,
        failure_code: optional_text(v, "failureCode")?,
    })
}

/// An internally tagged object (`{"type": "pix_qr_code", …}`): its `type`, then the
/// fields that kind has.
pub fn next_action(v: &impl Value) -> Option<NextAction> {
    v.keys()?;
    let t = |key| text(v, key);
    Some(match text(v, "type")?.as_str() {
        "pix_qr_code" => NextAction::PixQrCode {
            emv: t("emv")?,
            expires_at: t("expiresAt")?,
        },
        "boleto" => NextAction::Boleto {
            digitable_line: t("digitableLine")?,
            barcode: t("barcode")?,
            due_date: t("dueDate")?,
            url: t("url")?,
        },
        "three_ds_challenge" => NextAction::ThreeDsChallenge { url: t("url")? },
        "bank_redirect" => NextAction::BankRedirect { url: t("url")? },
        "card_page" => NextAction::CardPage { url: t("url")? },
        "bank_transfer" => NextAction::BankTransfer {
            bank_name: t("bankName")?,
            beneficiary: t("beneficiary")?,
            account_type: t("accountType")?,
            account_number: t("accountNumber")?,
            // Optional: missing, null or not a text is `None`, as orkestra-core reads it.
            bic: t("bic"),
            reference: t("reference")?,
            expires_at: t("expiresAt")?,
        },
        "cash_voucher" => NextAction::CashVoucher {
            reference: t("reference")?,
            barcode: t("barcode")?,
            networks: list(&v.get("networks"), Value::text)?,
            expires_at: t("expiresAt")?,
        },
        "approve_on_phone" => NextAction::ApproveOnPhone {
            phone: t("phone")?,
            operator: t("operator"),
            expires_at: t("expiresAt")?,
        },
        "enter_otp" => NextAction::EnterOtp {
            phone: t("phone")?,
            operator: t("operator"),
            expires_at: t("expiresAt")?,
        },
        "crypto_transfer" => NextAction::CryptoTransfer {
            token: t("token")?,
            network: t("network")?,
            address: t("address")?,
            amount: t("amount")?,
            expires_at: t("expiresAt")?,
        },
        _ => return None,
    })
}

/// The `error` of an error response (`{"error": {"code", "message", "field"?, "fields"?}}`).
pub fn error_body(v: &impl Value) -> Option<ErrorBody> {
    let e = v.get("error");
    e.keys()?;
    let fields = e.get("fields");
    Some(ErrorBody {
        code: text(&e, "code")?,
        message: text(&e, "message")?,
        field: optional_text(&e, "field")?,
        fields: if fields.is_null() {
            Vec::new()
        } else {
            list(&fields, field_error)?
        },
    })
}

fn field_error(v: &impl Value) -> Option<FieldError> {
    v.keys()?;
    let code = text(v, "code")?;
    Some(FieldError {
        field: text(v, "field")?,
        code: ErrorCode::ALL.into_iter().find(|c| c.as_str() == code)?,
    })
}

/// `GET /api/pay/{token}/banks`: a list, or the list in `{"banks": [...]}`.
pub fn banks(v: &impl Value) -> Option<Vec<Bank>> {
    let bank = |b: &_| {
        Some(Bank {
            code: text(b, "code")?,
            name: text(b, "name")?,
        })
    };
    list(&v.get("banks"), bank).or_else(|| list(v, bank))
}

/// `POST /api/pay/{token}/transactions`'s body, as serde_json writes the
/// `SubmitTransactionBody` of a `SubmitTransaction`: flat, each method's inputs at the top.
pub fn submit_body(request: &SubmitTransaction) -> String {
    let p = &request.payer;
    let a = &p.address;
    let address = Writer::new()
        .text("street", &a.street)
        .text("number", &a.number)
        .text("district", &a.district)
        .text("city", &a.city)
        .text("state", &a.state)
        .text("postalCode", &a.postal_code)
        .finish();
    let payer = Writer::new()
        .text("name", &p.name)
        .text("documentType", &p.document_type)
        .text("document", &p.document)
        .text("email", &p.email)
        .text("phone", &p.phone)
        .raw("address", &address)
        .finish();
    let mut body = Writer::new();
    body.text("method", request.method.as_str())
        .raw("payer", &payer);
    match &request.details {
        // Nothing typed (a card typed on Orkestra's page): no card object at all.
        MethodInput::Card(card) if card.is_blank() => {}
        MethodInput::None => {}
        MethodInput::Card(card) => {
            let card = Writer::new()
                .text("number", &card.number)
                .text("expiry", &card.expiry)
                .text("cvv", &card.cvv)
                .raw("installments", &card.installments.to_string())
                .raw("debit", if card.debit { "true" } else { "false" })
                .finish();
            body.raw("card", &card);
        }
        MethodInput::Pse { bank, person_type } => {
            body.text_if_any("bank", bank)
                .text_if_any("personType", person_type);
        }
        MethodInput::MobileMoney { operator } => {
            body.text_if_any("operator", operator);
        }
        MethodInput::Crypto { network } | MethodInput::Cash { network } => {
            body.text_if_any("network", network);
        }
    }
    if let Some(amount) = &request.amount {
        body.text("amount", amount.as_str());
    }
    body.finish()
}

/// What tells one payment from another for its idempotency key: the body as sent, with the
/// card cut to what PCI DSS lets be kept (its first six and last four digits) and without
/// its CVV, because the key's fingerprint of it is kept in the browser's storage
/// (`idempotency.rs`), which a card number must not reach even hashed. Two bodies that
/// differ only in a card's middle digits or CVV share a key: the proxy, which checks the
/// whole body against the key, refuses the second as a reused key, a final answer that
/// ends the attempt (the payer's next submit gets a new key).
pub fn submit_intent(request: &SubmitTransaction) -> String {
    let mut request = request.clone();
    if let MethodInput::Card(card) = &mut request.details {
        let digits: String = card.number.chars().filter(char::is_ascii_digit).collect();
        let cut = digits.len().saturating_sub(4).max(6).min(digits.len());
        card.number = [&digits[..digits.len().min(6)], &digits[cut..]].concat();
        card.cvv.clear();
    }
    submit_body(&request)
}

/// `POST /api/pay/{token}/transactions/{id}/otp`'s body.
pub fn otp_body(otp: &str) -> String {
    Writer::new().text("otp", otp).finish()
}

#[cfg(test)]
#[path = "wire_tests.rs"]
mod tests;

#[cfg(all(test, target_arch = "wasm32"))]
#[path = "wire_browser_tests.rs"]
mod browser_tests;
