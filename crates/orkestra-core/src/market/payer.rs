use serde::{Deserialize, Serialize};

/// A piece of payer data the page may ask for before creating a payment.
///
/// Method-specific inputs are not payer fields: card number/expiry/CVV, the wallet
/// operator, the PSE bank and person type, and the document *type* (implied by `Document`)
/// belong to the method's own form. Which fields a method asks for is in its spec
/// (`crate::methods`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PayerField {
    FullName,
    Document,
    Email,
    Phone,
    Address,
}

impl PayerField {
    pub const ALL: [PayerField; 5] = [
        PayerField::FullName,
        PayerField::Document,
        PayerField::Email,
        PayerField::Phone,
        PayerField::Address,
    ];

    /// The serde string, also the form field's name.
    pub fn as_str(self) -> &'static str {
        match self {
            PayerField::FullName => "full_name",
            PayerField::Document => "document",
            PayerField::Email => "email",
            PayerField::Phone => "phone",
            PayerField::Address => "address",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payer_fields_serialise_as_snake_case_names() {
        for f in PayerField::ALL {
            let json = serde_json::to_string(&f).unwrap();
            assert_eq!(json, format!("\"{}\"", f.as_str()));
        }
        assert_eq!(PayerField::FullName.as_str(), "full_name");
    }
}
