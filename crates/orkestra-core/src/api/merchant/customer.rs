//! What the merchant knows about a payer.

use serde::{Deserialize, Serialize};

wire_body! {
    closed
    /// What the merchant already knows about the payer; the page pre-fills it.
    #[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
    pub struct CustomerInput {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub name: Option<String> = "name",
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub email: Option<String> = "email",
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub document: Option<String> = "document",
    }
}
