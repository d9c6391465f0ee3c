//! A payment attempt as the payer typed it: [`SubmitTransaction`], whose method-specific
//! inputs are one [`MethodInput`] of the method's kind, and [`SubmitTransactionBody`], the
//! flat JSON it travels as.

use serde::{Deserialize, Serialize};

use super::form::FormField;
use crate::error::{ErrorCode, FieldError};
use crate::methods::PaymentMethod;
use crate::methods::{spec, DetailsKind};
use crate::money::Amount;

/// `POST /api/pay/{token}/transactions` (and the merchant's host-to-host
/// `POST /v1/checkout-sessions/{id}/transactions`), sent with an `Idempotency-Key` header.
/// Only what the payer typed: the amount and currency come from the session on the server.
#[derive(Clone, PartialEq, Eq)]
pub struct SubmitTransaction {
    pub method: PaymentMethod,
    pub payer: PayerInput,
    /// The method's own inputs, of its spec's [`DetailsKind`].
    pub details: MethodInput,
    /// Splitting the charge: this leg's amount, a decimal string in the session's
    /// currency (its writing checked when read; its decimals once the session's currency
    /// is known). Absent: the whole remainder (what no paid or pending leg covers).
    pub amount: Option<Amount>,
}

impl SubmitTransaction {
    /// An empty submission for `method`: no payer data, the method's inputs empty.
    pub fn new(method: PaymentMethod) -> SubmitTransaction {
        SubmitTransaction {
            method,
            payer: PayerInput::default(),
            details: MethodInput::empty(spec(method).details),
            amount: None,
        }
    }
}

impl std::fmt::Debug for SubmitTransaction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SubmitTransaction")
            .field("method", &self.method)
            .field("details", &self.details.kind())
            .finish_non_exhaustive()
    }
}

/// What a method's own form holds, as typed, by the method's [`DetailsKind`].
#[derive(Clone, PartialEq, Eq)]
pub enum MethodInput {
    None,
    /// Never logged: `Debug` hides it.
    Card(CardInput),
    Pse {
        /// The bank's code from the bank list.
        bank: String,
        /// `NATURAL` or `JURIDICA`.
        person_type: String,
    },
    MobileMoney {
        /// The operator the payer picked (`MTN`, `ORANGE`…).
        operator: String,
    },
    Crypto {
        /// `TRON`, `ETHEREUM`…
        network: String,
    },
    Cash {
        /// The network the payer prefers; empty: any of the country's.
        network: String,
    },
}

impl MethodInput {
    /// The inputs of a form of `kind`, empty (a card pays in one instalment).
    pub fn empty(kind: DetailsKind) -> MethodInput {
        match kind {
            DetailsKind::None => MethodInput::None,
            DetailsKind::Card => MethodInput::Card(CardInput::default()),
            DetailsKind::Pse => MethodInput::Pse {
                bank: String::new(),
                person_type: String::new(),
            },
            DetailsKind::MobileMoney => MethodInput::MobileMoney {
                operator: String::new(),
            },
            DetailsKind::Crypto => MethodInput::Crypto {
                network: String::new(),
            },
            DetailsKind::Cash => MethodInput::Cash {
                network: String::new(),
            },
        }
    }

    /// What the payer typed in `field`, when it is a text input of this form (not the
    /// instalments, not another method's input).
    pub fn text(&self, field: FormField) -> Option<&String> {
        match self {
            MethodInput::None => None,
            MethodInput::Card(c) => [
                (FormField::CardNumber, &c.number),
                (FormField::CardExpiry, &c.expiry),
                (FormField::CardCvv, &c.cvv),
            ]
            .into_iter()
            .find_map(|(f, text)| (f == field).then_some(text)),
            MethodInput::Pse { bank, person_type } => [
                (FormField::Bank, bank),
                (FormField::PersonType, person_type),
            ]
            .into_iter()
            .find_map(|(f, text)| (f == field).then_some(text)),
            MethodInput::MobileMoney { operator } => {
                (field == FormField::Operator).then_some(operator)
            }
            MethodInput::Crypto { network } | MethodInput::Cash { network } => {
                (field == FormField::Network).then_some(network)
            }
        }
    }

    /// [`MethodInput::text`], to type into.
    pub fn text_mut(&mut self, field: FormField) -> Option<&mut String> {
        match self {
            MethodInput::None => None,
            MethodInput::Card(c) => [
                (FormField::CardNumber, &mut c.number),
                (FormField::CardExpiry, &mut c.expiry),
                (FormField::CardCvv, &mut c.cvv),
            ]
            .into_iter()
            .find_map(|(f, text)| (f == field).then_some(text)),
            MethodInput::Pse { bank, person_type } => [
                (FormField::Bank, bank),
                (FormField::PersonType, person_type),
            ]
            .into_iter()
            .find_map(|(f, text)| (f == field).then_some(text)),
            MethodInput::MobileMoney { operator } => {
                (field == FormField::Operator).then_some(operator)
            }
            MethodInput::Crypto { network } | MethodInput::Cash { network } => {
                (field == FormField::Network).then_some(network)
            }
        }
    }

    pub fn kind(&self) -> DetailsKind {
        match self {
            MethodInput::None => DetailsKind::None,
            MethodInput::Card(_) => DetailsKind::Card,
            MethodInput::Pse { .. } => DetailsKind::Pse,
            MethodInput::MobileMoney { .. } => DetailsKind::MobileMoney,
            MethodInput::Crypto { .. } => DetailsKind::Crypto,
            MethodInput::Cash { .. } => DetailsKind::Cash,
        }
    }
}

impl std::fmt::Debug for MethodInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MethodInput::Card(_) => f.write_str("Card([redacted])"),
            MethodInput::None
            | MethodInput::Pse { .. }
            | MethodInput::MobileMoney { .. }
            | MethodInput::Crypto { .. }
            | MethodInput::Cash { .. } => write!(f, "{:?}", self.kind()),
        }
    }
}

/// The payer's data as typed. Which fields a method needs comes from its spec
/// (`crate::methods`); the rest stay empty.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PayerInput {
    #[serde(default)]
    pub name: String,
    /// One of the method's document types; may be left empty for Brazil, where the
    /// number tells CPF from CNPJ, and when the method takes a single type.
    #[serde(default)]
    pub document_type: String,
    #[serde(default)]
    pub document: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub address: AddressInput,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AddressInput {
    #[serde(default)]
    pub street: String,
    #[serde(default)]
    pub number: String,
    #[serde(default)]
    pub district: String,
    #[serde(default)]
    pub city: String,
    #[serde(default)]
    pub state: String,
    #[serde(default)]
    pub postal_code: String,
}

#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CardInput {
    #[serde(default)]
    pub number: String,
    /// `MM/YY` or `MM/YYYY`.
    #[serde(default)]
    pub expiry: String,
    #[serde(default)]
    pub cvv: String,
    /// 1 for a single payment.
    #[serde(default = "one")]
    pub installments: u8,
    /// Brazil asks: the number does not tell a debit card from a credit card.
    #[serde(default)]
    pub debit: bool,
}

fn one() -> u8 {
    1
}

impl Default for CardInput {
    /// Nothing typed, a single payment.
    fn default() -> Self {
        CardInput {
            number: String::new(),
            expiry: String::new(),
            cvv: String::new(),
            installments: 1,
            debit: false,
        }
    }
}

impl CardInput {
    /// Nothing typed and nothing chosen.
    pub fn is_blank(&self) -> bool {
        [&self.number, &self.expiry, &self.cvv]
            .iter()
            .all(|t| t.trim().is_empty())
            && !self.debit
            && self.installments <= 1
    }
}

/// The JSON of a [`SubmitTransaction`]: the flat shape the page and merchants send (the
/// host-to-host body must stay compatible), with every method's inputs at the top level.
/// [`SubmitTransactionBody::parse`] turns it into a `SubmitTransaction`.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SubmitTransactionBody {
    pub method: Option<PaymentMethod>,
    #[serde(default)]
    pub payer: PayerInput,
    /// Cards only. Never logged: `Debug` hides it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub card: Option<CardInput>,
    /// PSE: the bank's code from the bank list.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub bank: String,
    /// PSE: `NATURAL` or `JURIDICA`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub person_type: String,
    /// Mobile money: the operator the payer picked (`MTN`, `ORANGE`…).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub operator: String,
    /// Crypto: the network (`TRON`, `ETHEREUM`…). Cash: the network chosen, optional.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub network: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<Amount>,
}

impl std::fmt::Debug for SubmitTransactionBody {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SubmitTransactionBody")
            .field("method", &self.method)
            .field("card", &self.card.as_ref().map(|_| "[redacted]"))
            .finish_non_exhaustive()
    }
}

impl SubmitTransactionBody {
    /// The submission this body holds: `method: required` without a method, and an error
    /// (`not_for_method`) on each input of another method that is not empty (the payer
    /// may have meant to pay with it). Empty strings of other methods' inputs read as
    /// absent: pages and merchants may send every input of a generic form.
    pub fn parse(&self) -> Result<SubmitTransaction, Vec<FieldError>> {
        let Some(method) = self.method else {
            return Err(vec![FieldError::new("method", ErrorCode::Required)]);
        };
        let kind = spec(method).details;
        let card = self.card.as_ref().filter(|c| !c.is_blank());
        let text = |t: &String| (!t.trim().is_empty()).then(|| t.clone());
        let (bank, person_type) = (text(&self.bank), text(&self.person_type));
        let (operator, network) = (text(&self.operator), text(&self.network));
        let mut foreign = Vec::new();
        for (path, given, taken) in [
            ("card", card.is_some(), kind == DetailsKind::Card),
            ("bank", bank.is_some(), kind == DetailsKind::Pse),
            (
                "personType",
                person_type.is_some(),
                kind == DetailsKind::Pse,
            ),
            (
                "operator",
                operator.is_some(),
                kind == DetailsKind::MobileMoney,
            ),
            (
                "network",
                network.is_some(),
                matches!(kind, DetailsKind::Crypto | DetailsKind::Cash),
            ),
        ] {
            if given && !taken {
                foreign.push(FieldError::new(path, ErrorCode::NotForMethod));
            }
        }
        if !foreign.is_empty() {
            return Err(foreign);
        }
        let details = match kind {
            DetailsKind::None => MethodInput::None,
            DetailsKind::Card => MethodInput::Card(self.card.clone().unwrap_or_default()),
            DetailsKind::Pse => MethodInput::Pse {
                bank: self.bank.clone(),
                person_type: self.person_type.clone(),
            },
            DetailsKind::MobileMoney => MethodInput::MobileMoney {
                operator: self.operator.clone(),
            },
            DetailsKind::Crypto => MethodInput::Crypto {
                network: self.network.clone(),
            },
            DetailsKind::Cash => MethodInput::Cash {
                network: self.network.clone(),
            },
        };
        Ok(SubmitTransaction {
            method,
            payer: self.payer.clone(),
            details,
            amount: self.amount.clone(),
        })
    }
}

impl From<&SubmitTransaction> for SubmitTransactionBody {
    fn from(t: &SubmitTransaction) -> Self {
        let mut body = SubmitTransactionBody {
            method: Some(t.method),
            payer: t.payer.clone(),
            amount: t.amount.clone(),
            ..SubmitTransactionBody::default()
        };
        match &t.details {
            MethodInput::None => {}
            // Nothing typed (a card typed on Orkestra's page): no card object at all.
            MethodInput::Card(card) => body.card = (!card.is_blank()).then(|| card.clone()),
            MethodInput::Pse { bank, person_type } => {
                body.bank.clone_from(bank);
                body.person_type.clone_from(person_type);
            }
            MethodInput::MobileMoney { operator } => body.operator.clone_from(operator),
            MethodInput::Crypto { network } | MethodInput::Cash { network } => {
                body.network.clone_from(network)
            }
        }
        body
    }
}
