//! Wallets: Nequi and mobile money push a prompt to the payer's phone and wait (simulate
//! or time settles them); Daviplata and Orange Money send a one-time code the payer
//! types, submitted with `POST /v1/transactions/{id}/otp` (`machine::transactions`).

use orkestra_core::api::orkestra::WalletResult;
use orkestra_core::catalog::{mobile_operators, Country};
use orkestra_core::methods::{spec, InstructionKind};
use orkestra_core::validate::Operator;
use orkestra_core::PaymentMethod;

use super::{gen, payer, Request};
use crate::error::SandboxError;

/// How a wallet finds the payer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    /// By the phone number (Nequi).
    Phone,
    /// By the identity document; the phone is optional (Daviplata).
    Document,
    /// By the operator the payer picks and the phone on it (mobile money).
    Operator,
}

#[derive(Debug)]
pub struct Push {
    phone: String,
    operator: Option<Operator>,
    otp: bool,
}

/// The push of a wallet `method` reaching the payer by `reach`. A wallet whose spec's kind
/// is a one-time code sends one; Orange Money does too (fact sheet 5.2).
pub fn check(
    method: PaymentMethod,
    reach: Reach,
    country: Country,
    r: &Request,
) -> Result<Push, SandboxError> {
    let otp = spec(method).kind == InstructionKind::Otp;
    match reach {
        Reach::Phone => {
            let phone = payer::phone_of(country, r, true)?.expect("required");
            Ok(Push {
                phone: phone.masked(),
                operator: None,
                otp,
            })
        }
        Reach::Document => {
            // The wallet is reached by the payer's document; the phone is optional. Without
            // one, the code goes to "the phone registered with the wallet", whose last
            // digits the sandbox makes up from the document.
            let phone = match payer::phone_of(country, r, false)? {
                Some(phone) => phone.masked(),
                None => format!(
                    "+{} ******{}",
                    orkestra_core::validate::phone::calling_code(country),
                    gen::digits(document_seed(&r.customer.document) as i64, 0xDA, 4)
                ),
            };
            Ok(Push {
                phone,
                operator: None,
                otp,
            })
        }
        Reach::Operator => {
            let operators = mobile_operators(country);
            let names: Vec<&str> = operators.iter().map(|o| o.as_str()).collect();
            let field = r.at("wallet.operator");
            let chosen =
                r.tx.wallet
                    .as_ref()
                    .and_then(|w| w.operator.as_deref())
                    .ok_or_else(|| {
                        SandboxError::invalid(
                            field.clone(),
                            "INVALID_FIELD",
                            format!("wallet.operator is required: one of {}", names.join(", ")),
                        )
                    })?;
            let operator = operators
                .iter()
                .copied()
                .find(|o| o.as_str() == chosen)
                .ok_or_else(|| {
                    SandboxError::invalid(
                        field,
                        "INVALID_FIELD",
                        format!("mobile money in {country} is {}", names.join(", ")),
                    )
                })?;
            let phone = payer::phone_of(country, r, true)?.expect("required");
            // The prefix names the network; a number of another one cannot get this
            // operator's prompt (in the sandbox: ported numbers are not emulated).
            if let Some(prefix_operator) = phone.operator() {
                if prefix_operator != operator {
                    return Err(SandboxError::invalid(
                        r.customer_at("phoneNumber"),
                        "INVALID_PHONE",
                        format!(
                            "this number is on {}, not {}",
                            prefix_operator.as_str(),
                            operator.as_str()
                        ),
                    ));
                }
            }
            Ok(Push {
                phone: phone.masked(),
                operator: Some(operator),
                // Orange Money pre-authorises with a one-time code (fact sheet 5.2).
                otp: otp || operator == Operator::Orange,
            })
        }
    }
}

fn document_seed(document: &str) -> u64 {
    document.bytes().fold(0u64, |acc, b| {
        acc.wrapping_mul(31).wrapping_add(u64::from(b))
    })
}

impl Push {
    pub fn result(&self, expires_at: String) -> WalletResult {
        WalletResult {
            phone_number: self.phone.clone(),
            operator: self.operator.map(|o| o.as_str().to_owned()),
            otp_required: self.otp,
            expires_at,
        }
    }
}
