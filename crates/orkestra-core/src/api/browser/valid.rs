//! A submission that passed every rule: [`Payer`], built by [`SubmitTransaction::validate`].

use super::check::Parsed;
use super::form::{form_fields, FormField};
use super::submit::{AddressInput, SubmitTransaction};
use crate::error::{ErrorCode, FieldError};
use crate::market::Market;
use crate::methods::{spec, DetailsKind};
use crate::methods::{CardCapture, PaymentMethod};
use crate::validate::{
    CardNumber, Cvv, Document, Email, Expiry, Network, Operator, PersonName, Phone,
};

/// A card that passed every rule. The number and CVV leave this type only through their
/// `expose_digits`, on the way to Orkestra.
#[derive(Clone, PartialEq, Eq)]
pub struct ValidCard {
    pub number: CardNumber,
    pub expiry: Expiry,
    pub cvv: Cvv,
    pub installments: u8,
    pub debit: bool,
}

impl std::fmt::Debug for ValidCard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "ValidCard({} {})",
            self.number.brand().as_str(),
            self.number.last4()
        )
    }
}

/// A submission that passed every rule of its market and method: the payer fields the
/// method needs are `Some`, the others `None`; its own inputs are `details`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Payer {
    pub method: PaymentMethod,
    pub name: Option<PersonName>,
    pub document: Option<Document>,
    pub email: Option<Email>,
    pub phone: Option<Phone>,
    pub address: Option<AddressInput>,
    pub details: ValidDetails,
}

/// A method's own inputs once checked, by its spec's [`DetailsKind`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ValidDetails {
    None,
    Card(ValidCard),
    /// A card the payer types on Orkestra's payment page ([`CardCapture::Orkestra`]):
    /// nothing of it here.
    CardOnPage,
    Pse {
        bank: String,
        person_type: &'static str,
    },
    MobileMoney(Operator),
    Crypto(Network),
    /// The network the payer prefers, if they chose one of the country's.
    Cash(Option<String>),
}

impl SubmitTransaction {
    /// Checks every input the method needs and reports every failure, each against its
    /// field. The proxy runs exactly this on submit. With cards typed on Orkestra's page
    /// (`capture`), a card typed here is refused on its field, never read further.
    pub fn validate(
        &self,
        market: Market,
        today: (u16, u8),
        capture: CardCapture,
    ) -> Result<Payer, Vec<FieldError>> {
        let method = self.method;
        if !market.offers(method) {
            return Err(vec![FieldError::new(
                FormField::Method.path(),
                ErrorCode::UnsupportedMethod,
            )]);
        }
        let mut valid = Payer {
            method,
            name: None,
            document: None,
            email: None,
            phone: None,
            address: None,
            details: ValidDetails::None,
        };
        let (mut number, mut expiry, mut cvv, mut postal) = (None, None, None, None);
        let (mut bank, mut person_type, mut operator, mut network) = (None, None, None, None);
        let mut errors = Vec::new();
        let on_page = capture == CardCapture::Orkestra;
        if let (true, super::submit::MethodInput::Card(card)) = (on_page, &self.details) {
            if !card.is_blank() {
                return Err(vec![FieldError::new("card", ErrorCode::CardOnOrkestraPage)]);
            }
        }
        for field in form_fields(market, method, capture) {
            match self.parse_field(market, field, today) {
                Err(code) => errors.push(FieldError::new(field.path(), code)),
                Ok(Parsed::Nothing) => {}
                Ok(Parsed::Name(name)) => valid.name = Some(name),
                Ok(Parsed::Document(document)) => valid.document = Some(document),
                Ok(Parsed::Email(email)) => valid.email = Some(email),
                Ok(Parsed::Phone(phone)) => valid.phone = Some(phone),
                Ok(Parsed::PostalCode(code)) => postal = Some(code),
                Ok(Parsed::CardNumber(n)) => number = Some(n),
                Ok(Parsed::Expiry(e)) => expiry = Some(e),
                Ok(Parsed::Cvv(c)) => cvv = c,
                Ok(Parsed::Bank(b)) => bank = Some(b),
                Ok(Parsed::PersonType(t)) => person_type = Some(t),
                Ok(Parsed::Operator(o)) => operator = Some(o),
                Ok(Parsed::Network(n)) => network = Some(n),
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let trimmed = |s: &str| s.trim().to_owned();
        let address = &self.payer.address;
        valid.address = postal.map(|postal_code| AddressInput {
            street: trimmed(&address.street),
            number: trimmed(&address.number),
            district: trimmed(&address.district),
            city: trimmed(&address.city),
            state: address.state.trim().to_ascii_uppercase(),
            postal_code,
        });
        // Every input of the method's kind passed, so each is here; `None` would be a form
        // without them, which `form_fields` never gives.
        let missing = || {
            vec![FieldError::new(
                FormField::Method.path(),
                ErrorCode::Required,
            )]
        };
        valid.details = match spec(method).details {
            DetailsKind::None => ValidDetails::None,
            DetailsKind::Card if on_page => ValidDetails::CardOnPage,
            DetailsKind::Card => {
                let (Some(number), Some(expiry), Some(cvv)) = (number, expiry, cvv) else {
                    return Err(missing());
                };
                let card = self.card_input();
                ValidDetails::Card(ValidCard {
                    number,
                    expiry,
                    cvv,
                    installments: card.installments.max(1),
                    debit: card.debit,
                })
            }
            DetailsKind::Pse => {
                let (Some(bank), Some(person_type)) = (bank, person_type) else {
                    return Err(missing());
                };
                ValidDetails::Pse { bank, person_type }
            }
            DetailsKind::MobileMoney => ValidDetails::MobileMoney(operator.ok_or_else(missing)?),
            DetailsKind::Crypto => ValidDetails::Crypto(network.ok_or_else(missing)?),
            // A cash network is no form field: an unknown one leaves the voucher valid at
            // all the country's networks.
            DetailsKind::Cash => {
                ValidDetails::Cash(self.cash_network(market.country()).ok().flatten())
            }
        };
        Ok(valid)
    }
}

impl Payer {
    /// The card, for a card payment.
    pub fn card(&self) -> Option<&ValidCard> {
        self.details.card()
    }

    /// The PSE bank's code, for a PSE payment.
    pub fn bank(&self) -> Option<&str> {
        self.details.pse().map(|(bank, _)| bank)
    }
}

impl ValidDetails {
    pub fn card(&self) -> Option<&ValidCard> {
        match self {
            ValidDetails::Card(card) => Some(card),
            ValidDetails::None
            | ValidDetails::Pse { .. }
            | ValidDetails::MobileMoney(_)
            | ValidDetails::Crypto(_)
            | ValidDetails::Cash(_)
            | ValidDetails::CardOnPage => None,
        }
    }

    /// The bank's code and the person type.
    pub fn pse(&self) -> Option<(&str, &'static str)> {
        match self {
            ValidDetails::Pse { bank, person_type } => Some((bank, person_type)),
            ValidDetails::None
            | ValidDetails::Card(_)
            | ValidDetails::MobileMoney(_)
            | ValidDetails::Crypto(_)
            | ValidDetails::Cash(_)
            | ValidDetails::CardOnPage => None,
        }
    }

    pub fn operator(&self) -> Option<Operator> {
        match self {
            ValidDetails::MobileMoney(operator) => Some(*operator),
            ValidDetails::None
            | ValidDetails::Card(_)
            | ValidDetails::Pse { .. }
            | ValidDetails::Crypto(_)
            | ValidDetails::Cash(_)
            | ValidDetails::CardOnPage => None,
        }
    }

    pub fn crypto_network(&self) -> Option<Network> {
        match self {
            ValidDetails::Crypto(network) => Some(*network),
            ValidDetails::None
            | ValidDetails::Card(_)
            | ValidDetails::Pse { .. }
            | ValidDetails::MobileMoney(_)
            | ValidDetails::Cash(_)
            | ValidDetails::CardOnPage => None,
        }
    }

    /// The cash network the payer chose, if any.
    pub fn cash_network(&self) -> Option<&str> {
        match self {
            ValidDetails::Cash(network) => network.as_deref(),
            ValidDetails::None
            | ValidDetails::Card(_)
            | ValidDetails::Pse { .. }
            | ValidDetails::MobileMoney(_)
            | ValidDetails::Crypto(_)
            | ValidDetails::CardOnPage => None,
        }
    }
}
