//! Cards (`CREDIT_CARD`, `DEBIT_CARD`): authorised synchronously, decided by magic card
//! numbers. Only the brand and the last four digits are kept; the number and the security
//! code are checked and dropped.

use orkestra_core::api::orkestra::CardResult;
use orkestra_core::catalog::{installment_options, Country};
use orkestra_core::validate::{card_number, cvv, expiry, CardBrand, CardNumber};

use super::card_page::{self, PageCapture};
use super::{gen, http_url, Method, Request};
use crate::error::SandboxError;

/// What the issuer does with a card, by number. Every other valid number is approved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Behaviour {
    Approve,
    Decline(&'static str),
    /// PENDING with a 3-D Secure challenge page.
    Challenge,
    /// Approved, but the create call waits `SANDBOX_SLOW_RESPONSE_MS` before answering.
    Slow,
    /// The create call answers `503` and stores nothing: a request lost before it reached
    /// Orkestra (a gateway in front of it failing), which a client cannot tell from a
    /// timeout after the fact.
    Lost,
}

/// The magic numbers (all Luhn-valid Visa test numbers), documented in the README.
pub const MAGIC: [(&str, Behaviour); 7] = [
    ("4000000000000002", Behaviour::Decline("CARD_DECLINED")),
    ("4000000000009995", Behaviour::Decline("INSUFFICIENT_FUNDS")),
    ("4000000000000069", Behaviour::Decline("EXPIRED_CARD")),
    ("4000000000000127", Behaviour::Decline("INCORRECT_CVC")),
    ("4000000000003220", Behaviour::Challenge),
    ("4000000000000119", Behaviour::Slow),
    ("4000000000000010", Behaviour::Lost),
];

pub fn behaviour(number: &str) -> Behaviour {
    MAGIC
        .iter()
        .find(|(magic, _)| *magic == number)
        .map_or(Behaviour::Approve, |(_, b)| *b)
}

/// A card decided when it is made: paid, or failed with its reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Paid,
    Failed(&'static str),
}

#[derive(Debug)]
pub struct Authorisation {
    brand: CardBrand,
    last4: String,
    installments: u8,
    behaviour: Behaviour,
    pub return_url: Option<String>,
}

/// How the card reaches Orkestra: typed into the request (`direct`), or on Orkestra's
/// payment page afterwards (`creditCard` without `card`).
#[derive(Debug)]
pub enum Capture {
    Direct(Authorisation),
    Page(PageCapture),
}

/// Why a number of installments is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InstallmentsRefused {
    /// A debit card pays at once.
    Debit,
    /// Not one of `installment_options(country)`.
    NotOffered,
}

/// Whether a card of this kind pays in `installments` in `country`.
pub fn check_installments(
    debit: bool,
    country: Country,
    installments: u8,
) -> Result<(), InstallmentsRefused> {
    if debit && installments != 1 {
        return Err(InstallmentsRefused::Debit);
    }
    if !installment_options(country).contains(&installments) {
        return Err(InstallmentsRefused::NotOffered);
    }
    Ok(())
}

pub fn check(method: Method, country: Country, r: &Request) -> Result<Capture, SandboxError> {
    let base = r.at("creditCard");
    let options = r.tx.credit_card.as_ref().ok_or_else(|| {
        SandboxError::invalid(
            base.clone(),
            "INVALID_FIELD",
            format!("creditCard is required for {}", method.wire()),
        )
    })?;
    let invalid = |path: &str, message: &str| {
        SandboxError::invalid(format!("{base}.{path}"), "INVALID_CARD", message.to_owned())
    };
    let payment = options.options.as_ref();
    let return_url = payment
        .and_then(|o| o.return_url.as_deref())
        .map(|url| http_url(url, format!("{base}.options.returnUrl")))
        .transpose()?;
    let Some(card) = options.card.as_ref() else {
        let installments = payment.and_then(|o| o.installments);
        return card_page::capture(country, installments, return_url, &base).map(Capture::Page);
    };
    let number = card_number(&card.number).map_err(|code| invalid("card.number", code.as_str()))?;
    let shape_ok = {
        let b = card.expires_at.trim().as_bytes();
        b.len() == 7
            && b[2] == b'/'
            && b.iter()
                .enumerate()
                .all(|(i, c)| i == 2 || c.is_ascii_digit())
    };
    if !shape_ok {
        return Err(invalid("card.expiresAt", "expiresAt must be MM/YYYY"));
    }
    expiry(&card.expires_at, server_kit::clock::year_month())
        .map_err(|code| invalid("card.expiresAt", code.as_str()))?;
    cvv(&card.security_code, number.brand())
        .map_err(|code| invalid("card.securityCode", code.as_str()))?;
    if let Some(issuing) = &card.issuing_country {
        if issuing.len() != 3 || !issuing.bytes().all(|b| b.is_ascii_uppercase()) {
            return Err(SandboxError::invalid(
                format!("{base}.card.issuingCountry"),
                "INVALID_FIELD",
                "issuingCountry is ISO 3166 alpha-3, e.g. BRA",
            ));
        }
    }
    let installments = payment.and_then(|o| o.installments).unwrap_or(1);
    check_installments(method.debit, country, installments).map_err(|refused| {
        let list: Vec<String> = installment_options(country)
            .iter()
            .map(u8::to_string)
            .collect();
        SandboxError::invalid(
            format!("{base}.options.installments"),
            "INVALID_FIELD",
            match refused {
                InstallmentsRefused::Debit => "a debit card pays in one installment".to_owned(),
                InstallmentsRefused::NotOffered => {
                    format!("cards in {country} take {} installments", list.join(", "))
                }
            },
        )
    })?;
    let authorisation = authorise(method.debit, country, &number, installments, return_url);
    if authorisation.challenges() && authorisation.return_url.is_none() {
        return Err(SandboxError::invalid(
            format!("{base}.options.returnUrl"),
            "INVALID_FIELD",
            "returnUrl is required: this card asks for a 3-D Secure challenge",
        ));
    }
    Ok(Capture::Direct(authorisation))
}

/// The issuer's decision on a valid card, the same whichever way it was captured: its
/// magic number, and Brazilian debit cards always authenticated with 3-D Secure (fact
/// sheet 3.3).
pub fn authorise(
    debit: bool,
    country: Country,
    number: &CardNumber,
    installments: u8,
    return_url: Option<String>,
) -> Authorisation {
    let mut behaviour = behaviour(number.expose_digits());
    if debit && country == Country::BR && behaviour == Behaviour::Approve {
        behaviour = Behaviour::Challenge;
    }
    Authorisation {
        brand: number.brand(),
        last4: number.last4().to_owned(),
        installments,
        behaviour,
        return_url,
    }
}

impl Authorisation {
    pub fn result(&self, id: i64) -> CardResult {
        let approved = !matches!(self.behaviour, Behaviour::Decline(_));
        CardResult {
            brand: self.brand.as_str().to_owned(),
            last4: self.last4.clone(),
            installments: Some(self.installments),
            authorization_code: approved.then(|| authorization_code(id)),
        }
    }

    pub fn challenges(&self) -> bool {
        self.behaviour == Behaviour::Challenge
    }

    pub fn is_slow(&self) -> bool {
        self.behaviour == Behaviour::Slow
    }

    pub fn is_lost(&self) -> bool {
        self.behaviour == Behaviour::Lost
    }

    /// The issuer's answer at once; `None` while a 3-D Secure challenge waits.
    pub fn decision(&self) -> Option<Decision> {
        match self.behaviour {
            Behaviour::Approve | Behaviour::Slow | Behaviour::Lost => Some(Decision::Paid),
            Behaviour::Decline(reason) => Some(Decision::Failed(reason)),
            Behaviour::Challenge => None,
        }
    }
}

/// Six upper-case letters and digits, as acquirers print them.
fn authorization_code(id: i64) -> String {
    const ALPHABET: &[u8] = b"0123456789ABCDEFGHJKLMNPQRSTUVWXYZ";
    let mut value = gen::mix(id, 0xA11C);
    (0..6)
        .map(|_| {
            let c = ALPHABET[(value % ALPHABET.len() as u64) as usize];
            value /= ALPHABET.len() as u64;
            char::from(c)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn magic_numbers_are_valid_cards_with_their_behaviour() {
        for (number, b) in MAGIC {
            assert!(card_number(number).is_ok(), "{number}");
            assert_eq!(behaviour(number), b);
        }
        assert_eq!(behaviour("4111111111111111"), Behaviour::Approve);
        assert_eq!(behaviour("5555555555554444"), Behaviour::Approve);
    }

    #[test]
    fn authorisation_codes_are_six_characters_and_per_transaction() {
        let code = authorization_code(12);
        assert_eq!(code.len(), 6);
        assert!(code
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()));
        assert_eq!(code, authorization_code(12));
        assert_ne!(code, authorization_code(13));
    }
}
