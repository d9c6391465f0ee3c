//! Every payment method the sandbox emulates, behind one contract: [`check`] reads a
//! transaction request against orkestra-core's catalog and validators (which market and
//! currency the method is allowed in, the payer's document, phone and address, the
//! method's own options) and [`Checked::instructions`] answers with what the payer needs
//! next, generated deterministically from the transaction id (stored as
//! [`Instructions`]). Pure: nothing here reads or writes the database.

mod boleto;
pub mod card;
pub mod card_page;
mod cash;
mod crypto;
mod gen;
mod payer;
pub mod pse;
mod transfer;
pub mod wallet;

use orkestra_core::api::orkestra::{
    Customer, PaymentPageResult, PseResult, ThreeDSecureResult, TransactionRequest,
};
use orkestra_core::catalog::{amount_limits, default_expiry_minutes, Country, Market};
use orkestra_core::methods::{spec, OptionsKind};
use orkestra_core::money::{Currency, Money};
use orkestra_core::validate::Phone;

use crate::config::Config;
use crate::error::SandboxError;
use crate::instructions::{Instructions, PageState};
use crate::time::{parse_rfc3339, rfc3339};

/// A wire `paymentMethod`: a catalog method, and for a card whether it is a debit card
/// (orkestra-core's `WireMethod`, derived from the methods' specs).
pub use orkestra_core::api::orkestra::WireMethod as Method;
use orkestra_core::PaymentMethod;

/// One transaction request, with where it sits in the body for error field paths.
pub struct Request<'a> {
    pub tx: &'a TransactionRequest,
    pub currency: Currency,
    pub amount: Money,
    pub customer: &'a Customer,
    /// `charges[0].transactions[1]` in an order, `transaction` when added to one.
    pub field: &'a str,
    /// `charges[0].customer` in an order, `customer` (the charge's) when added to one.
    pub customer_field: &'a str,
    pub now: i64,
}

impl Request<'_> {
    fn at(&self, path: &str) -> String {
        format!("{}.{path}", self.field)
    }

    fn customer_at(&self, path: &str) -> String {
        format!("{}.{path}", self.customer_field)
    }
}

/// A request that passed every check, ready to be stored.
#[derive(Debug)]
pub struct Checked {
    pub method: Method,
    /// When the instructions stop being valid (ms since the epoch).
    pub expires_at: i64,
    detail: Detail,
}

/// What the sandbox does with each method once its request passed the spec's checks
/// (market, currency, limits, payer data): the one line a new method needs here. A method
/// of a kind the sandbox already emulates (another wallet) reuses that kind's behaviour.
fn behaviour(method: PaymentMethod) -> Behaviour {
    match method {
        PaymentMethod::Card => Behaviour::Card,
        PaymentMethod::Pix => Behaviour::Pix,
        PaymentMethod::Boleto => Behaviour::Boleto,
        PaymentMethod::Spei => Behaviour::Spei,
        PaymentMethod::Pse => Behaviour::Pse,
        PaymentMethod::Cash => Behaviour::Cash,
        PaymentMethod::BankTransfer => Behaviour::BankTransfer,
        PaymentMethod::Daviplata => Behaviour::Wallet(wallet::Reach::Document),
        PaymentMethod::Nequi => Behaviour::Wallet(wallet::Reach::Phone),
        PaymentMethod::MobileMoney => Behaviour::Wallet(wallet::Reach::Operator),
        PaymentMethod::Sepa => Behaviour::Sepa,
        PaymentMethod::Crypto => Behaviour::Crypto,
    }
}

/// The behaviours the sandbox emulates (see [`behaviour`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Behaviour {
    /// Authorised at once by the card's magic number, maybe after a 3-D Secure page; or,
    /// without card data, on the payment page.
    Card,
    /// A QR code, settled by simulation or time.
    Pix,
    /// A boleto with its digitable line and barcode.
    Boleto,
    /// A CLABE to transfer to.
    Spei,
    /// The sandbox's bank page.
    Pse,
    /// A voucher valid at the country's cash networks.
    Cash,
    /// An account of the country's own format.
    BankTransfer,
    /// A push (or one-time code) to the payer's phone.
    Wallet(wallet::Reach),
    /// An IBAN to send a SEPA transfer to.
    Sepa,
    /// A deposit address on the chosen network.
    Crypto,
}

#[derive(Debug)]
enum Detail {
    Pix,
    Boleto {
        factor: u16,
        due_date: String,
    },
    Card(card::Authorisation),
    CardPage(card_page::PageCapture),
    Spei,
    Pse {
        bank_code: String,
        return_url: String,
    },
    Cash {
        networks: Vec<String>,
    },
    BankTransfer {
        country: Country,
    },
    Wallet(wallet::Push),
    Sepa,
    Crypto {
        token: &'static str,
        network: &'static crypto::Chain,
    },
}

/// Everything the sandbox checks before it accepts a transaction; `400` with the field
/// path of the first problem otherwise.
pub fn check(config: &Config, r: &Request) -> Result<Checked, SandboxError> {
    let method = Method::from_wire(&r.tx.payment_method).ok_or_else(|| {
        SandboxError::invalid(
            r.at("paymentMethod"),
            "UNSUPPORTED_PAYMENT_METHOD",
            format!("payment method {} is not available", r.tx.payment_method),
        )
    })?;
    let market = market(method, r)?;
    amount_limits(market, method.method)
        .check(r.amount)
        .map_err(|code| {
            SandboxError::invalid(
                r.at("amount"),
                upper(code.as_str()),
                format!(
                    "{} {}: {}",
                    method.wire(),
                    r.currency.code(),
                    code.as_str().replace('_', " ")
                ),
            )
        })?;
    payer::check(market, method, r)?;
    let expires_at = expires_at(config, method, market, r)?;
    let country = market.country();
    let detail = match behaviour(method.method) {
        Behaviour::Pix => Detail::Pix,
        Behaviour::Boleto => {
            let (factor, due_date) = boleto::check(r, expires_at)?;
            Detail::Boleto { factor, due_date }
        }
        Behaviour::Card => match card::check(method, country.unwrap_or(Country::BR), r)? {
            card::Capture::Direct(authorisation) => Detail::Card(authorisation),
            card::Capture::Page(page) => Detail::CardPage(page),
        },
        Behaviour::Spei => Detail::Spei,
        Behaviour::Pse => {
            let (bank_code, return_url) = pse::check(r)?;
            Detail::Pse {
                bank_code,
                return_url,
            }
        }
        Behaviour::Cash => Detail::Cash {
            networks: cash::check(country.unwrap_or(Country::MX), r)?,
        },
        Behaviour::BankTransfer => Detail::BankTransfer {
            country: country.unwrap_or(Country::AR),
        },
        Behaviour::Wallet(reach) => Detail::Wallet(wallet::check(
            method.method,
            reach,
            country.unwrap_or(Country::CO),
            r,
        )?),
        Behaviour::Sepa => Detail::Sepa,
        Behaviour::Crypto => {
            let (token, network) = crypto::check(r)?;
            Detail::Crypto { token, network }
        }
    };
    Ok(Checked {
        method,
        expires_at,
        detail,
    })
}

impl Checked {
    /// The instructions of transaction `id`; `base` is the sandbox's public URL, for the
    /// pages it links to.
    pub fn instructions(&self, id: i64, amount: Money, base: &str) -> Instructions {
        let expires_at = rfc3339(self.expires_at);
        let mut out = Instructions::default();
        match &self.detail {
            Detail::Pix => {}
            Detail::Boleto { factor, due_date } => {
                out.boleto = Some(boleto::instructions(id, amount, *factor, due_date, base));
            }
            Detail::Card(authorisation) => {
                out.card = Some(authorisation.result(id));
                if authorisation.challenges() {
                    out.three_d_secure = Some(ThreeDSecureResult {
                        challenge_url: format!("{base}/_sandbox/3ds/{id}"),
                    });
                }
                out.return_url = authorisation.return_url.clone();
            }
            Detail::CardPage(page) => {
                out.payment_page = Some(PaymentPageResult {
                    url: format!("{base}/_sandbox/pay/{}", page.token),
                });
                out.page = Some(PageState {
                    token: page.token.clone(),
                    country: page.country,
                    challenged: false,
                });
                out.return_url = Some(page.return_url.clone());
            }
            Detail::Spei => out.spei = Some(transfer::spei(id, expires_at)),
            Detail::Pse {
                bank_code,
                return_url,
            } => {
                out.pse = Some(PseResult {
                    redirect_url: format!("{base}/_sandbox/pse/{id}"),
                    bank_code: bank_code.clone(),
                });
                out.return_url = Some(return_url.clone());
            }
            Detail::Cash { networks } => {
                out.voucher = Some(cash::voucher(id, amount, networks, self.expires_at))
            }
            Detail::BankTransfer { country } => {
                out.bank_transfer = Some(transfer::bank_transfer(*country, id, expires_at))
            }
            Detail::Wallet(push) => out.wallet = Some(push.result(expires_at)),
            Detail::Sepa => out.bank_transfer = Some(transfer::sepa(id, expires_at)),
            Detail::Crypto { token, network } => {
                out.crypto = Some(crypto::instructions(id, token, network, amount, expires_at))
            }
        }
        out
    }

    /// A card decided at once: the outcome to apply right after it is stored.
    pub fn immediate_outcome(&self) -> Option<card::Decision> {
        match &self.detail {
            Detail::Card(authorisation) => authorisation.decision(),
            _ => None,
        }
    }

    /// The slow magic card: the create call waits before it answers.
    pub fn is_slow(&self) -> bool {
        matches!(&self.detail, Detail::Card(a) if a.is_slow())
    }

    /// The lost magic card: the create call fails with `503` before anything is stored.
    pub fn is_lost(&self) -> bool {
        matches!(&self.detail, Detail::Card(a) if a.is_lost())
    }
}

/// The market a method is used in: the one that offers it in the order's currency. XOF
/// is shared by four countries; the payer's phone (its calling code) or address tells
/// which one, else the first that offers the method.
fn market(method: Method, r: &Request) -> Result<Market, SandboxError> {
    let core = method.method;
    let candidates: Vec<Market> = Market::ALL
        .into_iter()
        .filter(|m| m.offers(core) && m.currencies().contains(&r.currency))
        .collect();
    match candidates.as_slice() {
        [] => {
            let mut currencies: Vec<&str> = Vec::new();
            for m in Market::ALL.into_iter().filter(|m| m.offers(core)) {
                for c in m.currencies() {
                    if !currencies.contains(&c.code()) {
                        currencies.push(c.code());
                    }
                }
            }
            Err(SandboxError::invalid(
                r.at("paymentMethod"),
                "UNSUPPORTED_CURRENCY",
                format!("{} takes {} only", method.wire(), currencies.join(", ")),
            ))
        }
        [one] => Ok(*one),
        several => {
            let from_phone = r
                .customer
                .phone_number
                .as_deref()
                .and_then(|p| Phone::parse_e164(p).ok())
                .map(|p| p.country());
            let from_address = r
                .customer
                .living_address
                .as_ref()
                .and_then(|a| Country::from_alpha2(a.country.trim()));
            let hinted = [from_phone, from_address]
                .into_iter()
                .flatten()
                .map(Market::Country)
                .find(|m| several.contains(m));
            match hinted {
                Some(m) => Ok(m),
                None if behaviour(core) == Behaviour::Wallet(wallet::Reach::Operator) => Err(SandboxError::invalid(
                    r.customer_at("phoneNumber"),
                    "INVALID_PHONE",
                    format!(
                        "{} is used in several countries: give the phone in international form (+229…, +225…, +221…)",
                        r.currency.code()
                    ),
                )),
                None => Ok(several[0]),
            }
        }
    }
}

/// The method's own `expiresAt` (PIX, boleto, cash) or the transaction's; otherwise the
/// configured lifetime, PIX's `SANDBOX_PIX_EXPIRY_SECONDS`, the catalog's default, or
/// 15 minutes for a card's 3-D Secure challenge.
fn expires_at(
    config: &Config,
    method: Method,
    market: Market,
    r: &Request,
) -> Result<i64, SandboxError> {
    // The options objects that carry their own expiry.
    let own = match spec(method.method).options {
        OptionsKind::Pix => r.tx.pix.as_ref().map(|o| (&o.expires_at, "pix.expiresAt")),
        OptionsKind::Boleto => {
            r.tx.boleto
                .as_ref()
                .map(|o| (&o.expires_at, "boleto.expiresAt"))
        }
        OptionsKind::Cash => {
            r.tx.cash
                .as_ref()
                .map(|o| (&o.expires_at, "cash.expiresAt"))
        }
        OptionsKind::None
        | OptionsKind::Card
        | OptionsKind::Pse
        | OptionsKind::Wallet
        | OptionsKind::Crypto => None,
    };
    let given = own
        .and_then(|(text, path)| text.as_deref().map(|text| (text, path)))
        .or_else(|| r.tx.expires_at.as_deref().map(|text| (text, "expiresAt")));
    if let Some((text, path)) = given {
        return parse_rfc3339(text).ok_or_else(|| {
            SandboxError::invalid(
                r.at(path),
                "INVALID_FIELD",
                "expiresAt must be an ISO 8601 date-time",
            )
        });
    }
    let lifetime = config
        .expiry_override(method.wire())
        .or((method.method == PaymentMethod::Pix).then_some(config.pix_default_expiry))
        .or_else(|| {
            default_expiry_minutes(market, method.method)
                .map(|minutes| std::time::Duration::from_secs(u64::from(minutes) * 60))
        })
        .unwrap_or(std::time::Duration::from_secs(15 * 60));
    Ok(r.now + lifetime.as_millis() as i64)
}

/// `amount_below_minimum` → `AMOUNT_BELOW_MINIMUM`, for the few core codes used as API
/// error codes.
fn upper(code: &str) -> &'static str {
    match code {
        "amount_below_minimum" => "AMOUNT_BELOW_MINIMUM",
        "amount_above_maximum" => "AMOUNT_ABOVE_MAXIMUM",
        _ => "INVALID_AMOUNT",
    }
}

/// An absolute `http(s)` URL where a sandbox page may send the payer back to.
fn http_url(value: &str, field: String) -> Result<String, SandboxError> {
    match reqwest::Url::parse(value.trim()) {
        Ok(url) if matches!(url.scheme(), "http" | "https") && url.host().is_some() => {
            Ok(value.trim().to_owned())
        }
        _ => Err(SandboxError::invalid(
            field,
            "INVALID_FIELD",
            "must be an absolute http(s) URL",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn return_urls_must_be_absolute_http() {
        assert!(http_url("https://shop.example/back?x=1", "f".into()).is_ok());
        assert!(http_url("http://127.0.0.1:8081/return.html", "f".into()).is_ok());
        for bad in ["javascript:alert(1)", "/relative", "ftp://x.example/", ""] {
            let err = http_url(bad, "f".into()).unwrap_err();
            assert_eq!(err.field.as_deref(), Some("f"), "{bad}");
        }
    }
}
