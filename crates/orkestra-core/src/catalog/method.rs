use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::ErrorCode;

/// How a payer pays. One value per row family of the master table; what each means in a
/// given country (OXXO, Efecty, Fawry… for `Cash`) is the country's business, not the
/// method's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum PaymentMethod {
    Card,
    Pix,
    /// Brazil's "Cash": a boleto is paid at banks and lotéricas but needs the payer's
    /// address, so it is not the same contract as the other countries' cash vouchers.
    Boleto,
    Spei,
    Pse,
    Cash,
    BankTransfer,
    Nequi,
    Daviplata,
    MobileMoney,
    Sepa,
    Crypto,
}

impl PaymentMethod {
    pub const ALL: [PaymentMethod; 12] = [
        PaymentMethod::Card,
        PaymentMethod::Pix,
        PaymentMethod::Boleto,
        PaymentMethod::Spei,
        PaymentMethod::Pse,
        PaymentMethod::Cash,
        PaymentMethod::BankTransfer,
        PaymentMethod::Nequi,
        PaymentMethod::Daviplata,
        PaymentMethod::MobileMoney,
        PaymentMethod::Sepa,
        PaymentMethod::Crypto,
    ];

    /// The serde string.
    pub fn as_str(self) -> &'static str {
        match self {
            PaymentMethod::Card => "CARD",
            PaymentMethod::Pix => "PIX",
            PaymentMethod::Boleto => "BOLETO",
            PaymentMethod::Spei => "SPEI",
            PaymentMethod::Pse => "PSE",
            PaymentMethod::Cash => "CASH",
            PaymentMethod::BankTransfer => "BANK_TRANSFER",
            PaymentMethod::Nequi => "NEQUI",
            PaymentMethod::Daviplata => "DAVIPLATA",
            PaymentMethod::MobileMoney => "MOBILE_MONEY",
            PaymentMethod::Sepa => "SEPA",
            PaymentMethod::Crypto => "CRYPTO",
        }
    }

    pub fn from_str_exact(s: &str) -> Option<PaymentMethod> {
        PaymentMethod::ALL.into_iter().find(|m| m.as_str() == s)
    }

    /// Whether the outcome is known when the create call answers.
    ///
    /// Only card authorisation is real time; every other method answers `PENDING` with
    /// instructions (a QR, a voucher, a push to the phone) and settles later by webhook, so
    /// the page must wait and poll for them.
    pub fn is_synchronous(self) -> bool {
        match self {
            PaymentMethod::Card => true,
            PaymentMethod::Pix
            | PaymentMethod::Boleto
            | PaymentMethod::Spei
            | PaymentMethod::Pse
            | PaymentMethod::Cash
            | PaymentMethod::BankTransfer
            | PaymentMethod::Nequi
            | PaymentMethod::Daviplata
            | PaymentMethod::MobileMoney
            | PaymentMethod::Sepa
            | PaymentMethod::Crypto => false,
        }
    }
}

impl fmt::Display for PaymentMethod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for PaymentMethod {
    type Err = ErrorCode;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        PaymentMethod::from_str_exact(s).ok_or(ErrorCode::UnsupportedMethod)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serde_and_as_str_agree_for_every_method() {
        for m in PaymentMethod::ALL {
            let json = serde_json::to_string(&m).unwrap();
            assert_eq!(json, format!("\"{}\"", m.as_str()));
            assert_eq!(serde_json::from_str::<PaymentMethod>(&json).unwrap(), m);
            assert_eq!(m.as_str().parse::<PaymentMethod>(), Ok(m));
        }
        assert_eq!(PaymentMethod::BankTransfer.as_str(), "BANK_TRANSFER");
        assert_eq!(PaymentMethod::MobileMoney.as_str(), "MOBILE_MONEY");
    }

    #[test]
    fn unknown_methods_are_unsupported() {
        assert_eq!(
            "CREDIT_CARD".parse::<PaymentMethod>(),
            Err(ErrorCode::UnsupportedMethod)
        );
        assert_eq!(
            "pix".parse::<PaymentMethod>(),
            Err(ErrorCode::UnsupportedMethod)
        );
        assert!(serde_json::from_str::<PaymentMethod>("\"Pix\"").is_err());
    }

    #[test]
    fn only_cards_are_synchronous() {
        for m in PaymentMethod::ALL {
            assert_eq!(m.is_synchronous(), m == PaymentMethod::Card, "{m}");
        }
    }
}
