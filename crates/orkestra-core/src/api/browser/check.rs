//! One input's rule: [`SubmitTransaction::check_field`], which the page runs on blur and
//! [`SubmitTransaction::validate`] runs for every input on submit.

use super::form::FormField;
use super::submit::{CardInput, MethodInput, SubmitTransaction};
use crate::error::ErrorCode;
use crate::market::{Country, DocumentType, Market, PayerField as CatalogField};
use crate::methods::rules::{method_document_types, payer_field_is_optional};
use crate::methods::{cash_networks, installment_options, mobile_operators, PaymentMethod};
use crate::methods::{spec, DetailsKind, PERSON_TYPES};
use crate::validate::{
    self, BrDocument, CardNumber, Cvv, Document, Email, Expiry, Network, Operator, PersonName,
    Phone,
};

/// What one input holds once its rule passed, so [`SubmitTransaction::validate`] keeps what
/// [`SubmitTransaction::check_field`] parsed instead of parsing it again.
pub(super) enum Parsed {
    /// Checked, and nothing to keep (or an optional input left empty).
    Nothing,
    Name(PersonName),
    Document(Document),
    Email(Email),
    Phone(Phone),
    PostalCode(String),
    CardNumber(CardNumber),
    Expiry(Expiry),
    /// `None` only when no brand is known yet (then 3 or 4 digits pass).
    Cvv(Option<Cvv>),
    Bank(String),
    PersonType(&'static str),
    Operator(Operator),
    Network(Network),
}

impl SubmitTransaction {
    /// One field's rule, so the page can check a field on blur with the same code the proxy
    /// runs on submit. `today` is (year, month) for card expiry.
    pub fn check_field(
        &self,
        market: Market,
        field: FormField,
        today: (u16, u8),
    ) -> Result<(), ErrorCode> {
        self.parse_field(market, field, today).map(drop)
    }

    pub(super) fn parse_field(
        &self,
        market: Market,
        field: FormField,
        today: (u16, u8),
    ) -> Result<Parsed, ErrorCode> {
        let method = self.method;
        let country = market.country();
        let payer = &self.payer;
        let required = |value: &str, max: usize| -> Result<Parsed, ErrorCode> {
            let value = value.trim();
            if value.is_empty() {
                Err(ErrorCode::Required)
            } else if value.chars().count() > max {
                Err(ErrorCode::TooLong)
            } else {
                Ok(Parsed::Nothing)
            }
        };
        let left_empty = |field: CatalogField, value: &str| {
            value.trim().is_empty()
                && country.is_some_and(|c| payer_field_is_optional(c, method, field))
        };
        Ok(match field {
            FormField::Method => {
                if !market.offers(method) {
                    return Err(ErrorCode::UnsupportedMethod);
                }
                Parsed::Nothing
            }
            FormField::Name => Parsed::Name(validate::person_name(&payer.name)?),
            FormField::DocumentType => {
                self.document_type(market, method)?;
                Parsed::Nothing
            }
            FormField::Document if left_empty(CatalogField::Document, &payer.document) => {
                Parsed::Nothing
            }
            FormField::Document => {
                let country = country.ok_or(ErrorCode::UnsupportedDocumentType)?;
                let kind = self.document_type(market, method)?;
                Parsed::Document(validate::document(country, kind, &payer.document)?)
            }
            FormField::Email if left_empty(CatalogField::Email, &payer.email) => Parsed::Nothing,
            FormField::Email => Parsed::Email(validate::email(&payer.email)?),
            FormField::Phone if left_empty(CatalogField::Phone, &payer.phone) => Parsed::Nothing,
            FormField::Phone => {
                let country = country.ok_or(ErrorCode::UnsupportedCountry)?;
                Parsed::Phone(validate::phone(country, &payer.phone)?)
            }
            FormField::Street => required(&payer.address.street, 120)?,
            FormField::Number => required(&payer.address.number, 20)?,
            FormField::District => required(&payer.address.district, 80)?,
            FormField::City => required(&payer.address.city, 80)?,
            FormField::State => {
                let state = payer.address.state.trim();
                required(state, 2)?;
                if state.len() != 2 || !state.bytes().all(|b| b.is_ascii_alphabetic()) {
                    return Err(ErrorCode::InvalidFormat);
                }
                Parsed::Nothing
            }
            FormField::PostalCode => Parsed::PostalCode(postal_code(&payer.address.postal_code)?),
            FormField::CardNumber => {
                Parsed::CardNumber(validate::card_number(&self.card_input().number)?)
            }
            FormField::CardExpiry => {
                Parsed::Expiry(validate::expiry(&self.card_input().expiry, today)?)
            }
            FormField::CardCvv => {
                let card = self.card_input();
                let brand = validate::card_number(&card.number)
                    .map(|n| n.brand())
                    .ok()
                    .or_else(|| validate::brand_of_prefix(&card.number));
                match brand {
                    Some(brand) => Parsed::Cvv(Some(validate::cvv(&card.cvv, brand)?)),
                    // Without a brand, the length cannot be judged: 3 or 4 digits pass.
                    None => {
                        let cvv = card.cvv.trim();
                        if cvv.is_empty() {
                            return Err(ErrorCode::Required);
                        }
                        if !(3..=4).contains(&cvv.len()) || !cvv.bytes().all(|b| b.is_ascii_digit())
                        {
                            return Err(ErrorCode::InvalidFormat);
                        }
                        Parsed::Cvv(None)
                    }
                }
            }
            FormField::Installments => {
                let options = country.map_or(&[1u8][..], installment_options);
                if !options.contains(&self.card_input().installments) {
                    return Err(ErrorCode::InvalidFormat);
                }
                Parsed::Nothing
            }
            FormField::Bank => {
                let bank = self.typed(FormField::Bank).trim();
                if bank.is_empty() {
                    return Err(ErrorCode::Required);
                }
                if bank.len() > 10 || !bank.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(ErrorCode::InvalidFormat);
                }
                Parsed::Bank(bank.to_owned())
            }
            FormField::PersonType => match self.typed(FormField::PersonType) {
                "" => return Err(ErrorCode::Required),
                // PSE's bank pages take a company only by its tax id.
                "JURIDICA"
                    if self.document_type(market, method).ok() != Some(DocumentType::Nit) =>
                {
                    return Err(ErrorCode::UnsupportedDocumentType)
                }
                t => Parsed::PersonType(
                    PERSON_TYPES
                        .into_iter()
                        .find(|p| *p == t)
                        .ok_or(ErrorCode::InvalidFormat)?,
                ),
            },
            FormField::Operator => Parsed::Operator(self.operator(country)?),
            FormField::Network => match spec(method).details {
                DetailsKind::Crypto => Parsed::Network(self.crypto_network()?),
                DetailsKind::Cash
                | DetailsKind::None
                | DetailsKind::Card
                | DetailsKind::Pse
                | DetailsKind::MobileMoney => {
                    // Checked on blur; `validate` reads it leniently (see there).
                    self.cash_network(country)?;
                    Parsed::Nothing
                }
            },
        })
    }

    /// The card as typed; nothing typed for another method.
    pub(super) fn card_input(&self) -> &CardInput {
        const BLANK: &CardInput = &CardInput {
            number: String::new(),
            expiry: String::new(),
            cvv: String::new(),
            installments: 1,
            debit: false,
        };
        match &self.details {
            MethodInput::Card(card) => card,
            MethodInput::None
            | MethodInput::Pse { .. }
            | MethodInput::MobileMoney { .. }
            | MethodInput::Crypto { .. }
            | MethodInput::Cash { .. } => BLANK,
        }
    }

    /// What the payer typed in one of the method's own text inputs; nothing for another
    /// method's.
    fn typed(&self, field: FormField) -> &str {
        self.details.text(field).map_or("", String::as_str)
    }

    /// The document type: the one chosen, or the only one, or (Brazil) the one the number
    /// has.
    fn document_type(
        &self,
        market: Market,
        method: PaymentMethod,
    ) -> Result<DocumentType, ErrorCode> {
        let country = market.country().ok_or(ErrorCode::UnsupportedDocumentType)?;
        let types = method_document_types(country, method);
        let chosen = self.payer.document_type.trim();
        if !chosen.is_empty() {
            let kind =
                DocumentType::from_str_exact(chosen).ok_or(ErrorCode::UnsupportedDocumentType)?;
            return if types.contains(&kind) {
                Ok(kind)
            } else {
                Err(ErrorCode::UnsupportedDocumentType)
            };
        }
        if country == Country::BR {
            return Ok(match BrDocument::parse(&self.payer.document) {
                Ok(BrDocument::Cnpj(_)) => DocumentType::Cnpj,
                _ => DocumentType::Cpf,
            });
        }
        types
            .first()
            .copied()
            .ok_or(ErrorCode::UnsupportedDocumentType)
    }

    fn operator(&self, country: Option<Country>) -> Result<Operator, ErrorCode> {
        let chosen = self.typed(FormField::Operator);
        if chosen.is_empty() {
            return Err(ErrorCode::Required);
        }
        let operators = country.map_or(&[][..], mobile_operators);
        operators
            .iter()
            .copied()
            .find(|o| o.as_str() == chosen)
            .ok_or(ErrorCode::InvalidFormat)
    }

    fn crypto_network(&self) -> Result<Network, ErrorCode> {
        let chosen = self.typed(FormField::Network);
        if chosen.is_empty() {
            return Err(ErrorCode::Required);
        }
        Network::ALL
            .into_iter()
            .find(|n| n.as_str() == chosen)
            .ok_or(ErrorCode::InvalidFormat)
    }

    /// The cash network is optional: the voucher is valid at all of the country's.
    pub(super) fn cash_network(
        &self,
        country: Option<Country>,
    ) -> Result<Option<String>, ErrorCode> {
        let chosen = self.typed(FormField::Network);
        if chosen.is_empty() {
            return Ok(None);
        }
        let networks = country.map_or(&[][..], cash_networks);
        networks
            .iter()
            .find(|n| **n == chosen)
            .map(|n| Some((*n).to_owned()))
            .ok_or(ErrorCode::InvalidFormat)
    }
}

/// A Brazilian CEP: eight digits, typed with or without its hyphen.
fn postal_code(input: &str) -> Result<String, ErrorCode> {
    let digits: String = input
        .chars()
        .filter(|c| *c != '-' && !c.is_whitespace())
        .collect();
    if digits.is_empty() {
        Err(ErrorCode::Required)
    } else if digits.len() == 8 && digits.bytes().all(|b| b.is_ascii_digit()) {
        Ok(digits)
    } else {
        Err(ErrorCode::InvalidFormat)
    }
}
