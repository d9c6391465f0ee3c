//! The inputs of every payment form ([`FormField`]) and which ones a (market, method) asks
//! for ([`form_fields`]).

use crate::market::{Country, Market, PayerField as CatalogField};
use crate::methods::rules::{market_payer_fields, method_document_types};
use crate::methods::{installment_options, CardCapture, PaymentMethod};
use crate::methods::{spec, DetailsKind};

/// Every input of every payment form, named as in error paths.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FormField {
    Method,
    Name,
    DocumentType,
    Document,
    Email,
    Phone,
    Street,
    Number,
    District,
    City,
    State,
    PostalCode,
    CardNumber,
    CardExpiry,
    CardCvv,
    Installments,
    Bank,
    PersonType,
    Operator,
    Network,
}

impl FormField {
    pub const ALL: [FormField; 20] = [
        FormField::Method,
        FormField::Name,
        FormField::DocumentType,
        FormField::Document,
        FormField::Email,
        FormField::Phone,
        FormField::Street,
        FormField::Number,
        FormField::District,
        FormField::City,
        FormField::State,
        FormField::PostalCode,
        FormField::CardNumber,
        FormField::CardExpiry,
        FormField::CardCvv,
        FormField::Installments,
        FormField::Bank,
        FormField::PersonType,
        FormField::Operator,
        FormField::Network,
    ];

    pub fn path(self) -> &'static str {
        match self {
            FormField::Method => "method",
            FormField::Name => "payer.name",
            FormField::DocumentType => "payer.documentType",
            FormField::Document => "payer.document",
            FormField::Email => "payer.email",
            FormField::Phone => "payer.phone",
            FormField::Street => "payer.address.street",
            FormField::Number => "payer.address.number",
            FormField::District => "payer.address.district",
            FormField::City => "payer.address.city",
            FormField::State => "payer.address.state",
            FormField::PostalCode => "payer.address.postalCode",
            FormField::CardNumber => "card.number",
            FormField::CardExpiry => "card.expiry",
            FormField::CardCvv => "card.cvv",
            FormField::Installments => "card.installments",
            FormField::Bank => "bank",
            FormField::PersonType => "personType",
            FormField::Operator => "operator",
            FormField::Network => "network",
        }
    }

    pub fn from_path(path: &str) -> Option<FormField> {
        FormField::ALL.into_iter().find(|f| f.path() == path)
    }
}

/// The id of the field's input in the page (its first radio for a group): labels point at
/// it, the page moves focus to it, and the form the proxy draws before the page runs uses
/// the same ids, so what a payer typed there is found again.
pub fn field_id(field: FormField) -> &'static str {
    match field {
        FormField::Method => "method",
        FormField::Name => "payer-name",
        FormField::DocumentType => "payer-document-type",
        FormField::Document => "payer-document",
        FormField::Email => "payer-email",
        FormField::Phone => "payer-phone",
        FormField::Street => "address-street",
        FormField::Number => "address-number",
        FormField::District => "address-district",
        FormField::City => "address-city",
        FormField::State => "address-state",
        FormField::PostalCode => "address-postal-code",
        FormField::CardNumber => "card-number",
        FormField::CardExpiry => "card-expiry",
        FormField::CardCvv => "card-cvv",
        FormField::Installments => "card-installments",
        FormField::Bank => "pse-bank",
        FormField::PersonType => "pse-person-type",
        FormField::Operator => "operator",
        FormField::Network => "network",
    }
}

/// The inputs `method` asks for in `market`, in form order. The payer fields come from the
/// method's spec; the inputs of its [`DetailsKind`] follow, but for a mobile-money operator
/// and a crypto network, which come first. A card typed on Orkestra's page
/// ([`CardCapture::Orkestra`]) asks here only what the charge's customer needs: the card,
/// its holder, instalments and credit or debit are asked on that page.
pub fn form_fields(market: Market, method: PaymentMethod, capture: CardCapture) -> Vec<FormField> {
    let mut fields = Vec::new();
    let country = market.country();
    for field in market_payer_fields(market, method) {
        match field {
            CatalogField::FullName => fields.push(FormField::Name),
            CatalogField::Document => {
                let types = country.map_or(&[][..], |c| method_document_types(c, method));
                // Brazil's number tells its type; one type needs no choice.
                if types.len() > 1 && country != Some(Country::BR) {
                    fields.push(FormField::DocumentType);
                }
                fields.push(FormField::Document);
            }
            CatalogField::Email => fields.push(FormField::Email),
            CatalogField::Phone => fields.push(FormField::Phone),
            CatalogField::Address => fields.extend([
                FormField::PostalCode,
                FormField::Street,
                FormField::Number,
                FormField::District,
                FormField::City,
                FormField::State,
            ]),
        }
    }
    match spec(method).details {
        DetailsKind::Card if capture == CardCapture::Orkestra => {}
        DetailsKind::Card => {
            if !fields.contains(&FormField::Name) {
                // The holder's name is printed on the card and checked by some issuers.
                fields.insert(0, FormField::Name);
            }
            fields.extend([
                FormField::CardNumber,
                FormField::CardExpiry,
                FormField::CardCvv,
            ]);
            if country.is_some_and(|c| installment_options(c).len() > 1) {
                fields.push(FormField::Installments);
            }
        }
        DetailsKind::Pse => fields.extend([FormField::PersonType, FormField::Bank]),
        DetailsKind::MobileMoney => fields.insert(0, FormField::Operator),
        DetailsKind::Crypto => fields.insert(0, FormField::Network),
        // The cash network is optional and no input of the form: the page lists the
        // networks beside the method's name.
        DetailsKind::Cash | DetailsKind::None => {}
    }
    fields
}
