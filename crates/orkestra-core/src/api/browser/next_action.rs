//! What the payer has to do after submitting: [`NextAction`], and its hand-written reader.

use serde::{Deserialize, Serialize};

/// What the payer has to do after submitting, per method. Amounts in these are decimal
/// strings in major units, like every amount the page gets.
///
/// Written as an internally tagged object (`{"type":"pix_qr_code",…}`). Read through
/// [`NextActionFields`]: serde's derive for internally tagged enums buffers the whole object
/// and then re-reads it once per variant, which compiled to the page's largest function
/// (20.8 KB of wasm); one flat struct and a match read the same JSON the same way.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", try_from = "NextActionFields")]
pub enum NextAction {
    /// Scan the QR code or paste the "Pix Copia e Cola" code into a banking app.
    #[serde(rename_all = "camelCase")]
    PixQrCode { emv: String, expires_at: String },
    /// Pay the boleto at a bank, a lotérica or in a banking app by its digitable line.
    #[serde(rename_all = "camelCase")]
    Boleto {
        digitable_line: String,
        barcode: String,
        due_date: String,
        url: String,
    },
    /// Go to the card issuer's 3-D Secure page; it sends the payer back here.
    #[serde(rename_all = "camelCase")]
    ThreeDsChallenge { url: String },
    /// Go to the bank's page (PSE); it sends the payer back here.
    #[serde(rename_all = "camelCase")]
    BankRedirect { url: String },
    /// Type the card on Orkestra's payment page at `url` (on the proxy's configured
    /// Orkestra page origin): the page shows it in a frame, or goes there and is sent back.
    /// The outcome comes, as for every method, from the live status.
    #[serde(rename_all = "camelCase")]
    CardPage { url: String },
    /// Transfer the exact amount to this account with this reference (SPEI, bank
    /// transfers, SEPA). `account_type` says how to read `account_number` (CLABE, CBU,
    /// IBAN, NUBAN, ACCOUNT).
    #[serde(rename_all = "camelCase")]
    BankTransfer {
        bank_name: String,
        beneficiary: String,
        account_type: String,
        account_number: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        bic: Option<String>,
        reference: String,
        expires_at: String,
    },
    /// Pay in cash at one of `networks` with this reference or barcode.
    #[serde(rename_all = "camelCase")]
    CashVoucher {
        reference: String,
        barcode: String,
        networks: Vec<String>,
        expires_at: String,
    },
    /// Approve the payment in the wallet app on this (masked) phone.
    #[serde(rename_all = "camelCase")]
    ApproveOnPhone {
        phone: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        operator: Option<String>,
        expires_at: String,
    },
    /// Type the one-time code the wallet sent to this (masked) phone.
    #[serde(rename_all = "camelCase")]
    EnterOtp {
        phone: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        operator: Option<String>,
        expires_at: String,
    },
    /// Send exactly `amount` of `token` on `network` to `address`.
    #[serde(rename_all = "camelCase")]
    CryptoTransfer {
        token: String,
        network: String,
        address: String,
        amount: String,
        expires_at: String,
    },
}

/// The kinds of [`NextAction`], as their `type` tags.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
enum NextActionKind {
    PixQrCode,
    Boleto,
    ThreeDsChallenge,
    BankRedirect,
    CardPage,
    BankTransfer,
    CashVoucher,
    ApproveOnPhone,
    EnterOtp,
    CryptoTransfer,
}

/// A next action's object as read: its `type` and every key with a text or list-of-texts
/// value. Read by hand rather than derived: the derive for twenty optional fields was 9 KB
/// of the page's wasm, this one loop and one value reader. Keys of no interest and values of
/// another shape are kept out, so an unknown key never fails the read; a known key whose
/// value is not a text reads as missing.
struct NextActionFields {
    kind: Option<NextActionKind>,
    entries: Vec<(String, FieldValue)>,
}

enum FieldValue {
    Text(String),
    List(Vec<String>),
    Other,
}

impl NextActionFields {
    fn take(&mut self, key: &str) -> Option<FieldValue> {
        let i = self.entries.iter().position(|(k, _)| k == key)?;
        Some(self.entries.swap_remove(i).1)
    }

    fn text(&mut self, key: &str) -> Option<String> {
        match self.take(key)? {
            FieldValue::Text(t) => Some(t),
            FieldValue::List(_) | FieldValue::Other => None,
        }
    }

    fn list(&mut self, key: &str) -> Option<Vec<String>> {
        match self.take(key)? {
            FieldValue::List(l) => Some(l),
            FieldValue::Text(_) | FieldValue::Other => None,
        }
    }
}

impl<'de> Deserialize<'de> for NextActionFields {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Fields;
        impl<'de> serde::de::Visitor<'de> for Fields {
            type Value = NextActionFields;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a next action object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Self::Value, A::Error> {
                let mut fields = NextActionFields {
                    kind: None,
                    entries: Vec::new(),
                };
                while let Some(key) = map.next_key::<String>()? {
                    if key == "type" {
                        fields.kind = Some(map.next_value()?);
                    } else {
                        let value = map.next_value()?;
                        fields.entries.push((key, value));
                    }
                }
                Ok(fields)
            }
        }
        d.deserialize_map(Fields)
    }
}

impl<'de> Deserialize<'de> for FieldValue {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Value;
        impl<'de> serde::de::Visitor<'de> for Value {
            type Value = FieldValue;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_str<E>(self, v: &str) -> Result<FieldValue, E> {
                Ok(FieldValue::Text(v.to_owned()))
            }
            fn visit_string<E>(self, v: String) -> Result<FieldValue, E> {
                Ok(FieldValue::Text(v))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<FieldValue, A::Error> {
                let mut texts = Vec::new();
                let mut all_texts = true;
                while let Some(item) = seq.next_element::<FieldValue>()? {
                    match item {
                        FieldValue::Text(t) => texts.push(t),
                        FieldValue::List(_) | FieldValue::Other => all_texts = false,
                    }
                }
                Ok(if all_texts {
                    FieldValue::List(texts)
                } else {
                    FieldValue::Other
                })
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<FieldValue, A::Error> {
                while map
                    .next_entry::<serde::de::IgnoredAny, serde::de::IgnoredAny>()?
                    .is_some()
                {}
                Ok(FieldValue::Other)
            }
            fn visit_bool<E>(self, _: bool) -> Result<FieldValue, E> {
                Ok(FieldValue::Other)
            }
            fn visit_i64<E>(self, _: i64) -> Result<FieldValue, E> {
                Ok(FieldValue::Other)
            }
            fn visit_u64<E>(self, _: u64) -> Result<FieldValue, E> {
                Ok(FieldValue::Other)
            }
            fn visit_f64<E>(self, _: f64) -> Result<FieldValue, E> {
                Ok(FieldValue::Other)
            }
            fn visit_unit<E>(self) -> Result<FieldValue, E> {
                Ok(FieldValue::Other)
            }
            fn visit_none<E>(self) -> Result<FieldValue, E> {
                Ok(FieldValue::Other)
            }
        }
        d.deserialize_any(Value)
    }
}

impl TryFrom<NextActionFields> for NextAction {
    /// Which kind lacked a field; serde turns it into its error.
    type Error = &'static str;

    fn try_from(mut f: NextActionFields) -> Result<Self, Self::Error> {
        const MISSING: &str = "the next action has no type or misses a field";
        let kind = f.kind.ok_or(MISSING)?;
        let mut req = |key: &str| f.text(key).ok_or(MISSING);
        Ok(match kind {
            NextActionKind::PixQrCode => NextAction::PixQrCode {
                emv: req("emv")?,
                expires_at: req("expiresAt")?,
            },
            NextActionKind::Boleto => NextAction::Boleto {
                digitable_line: req("digitableLine")?,
                barcode: req("barcode")?,
                due_date: req("dueDate")?,
                url: req("url")?,
            },
            NextActionKind::ThreeDsChallenge => NextAction::ThreeDsChallenge { url: req("url")? },
            NextActionKind::BankRedirect => NextAction::BankRedirect { url: req("url")? },
            NextActionKind::CardPage => NextAction::CardPage { url: req("url")? },
            NextActionKind::BankTransfer => NextAction::BankTransfer {
                bank_name: req("bankName")?,
                beneficiary: req("beneficiary")?,
                account_type: req("accountType")?,
                account_number: req("accountNumber")?,
                reference: req("reference")?,
                expires_at: req("expiresAt")?,
                bic: f.text("bic"),
            },
            NextActionKind::CashVoucher => NextAction::CashVoucher {
                reference: req("reference")?,
                barcode: req("barcode")?,
                expires_at: req("expiresAt")?,
                networks: f.list("networks").ok_or(MISSING)?,
            },
            NextActionKind::ApproveOnPhone => NextAction::ApproveOnPhone {
                phone: req("phone")?,
                expires_at: req("expiresAt")?,
                operator: f.text("operator"),
            },
            NextActionKind::EnterOtp => NextAction::EnterOtp {
                phone: req("phone")?,
                expires_at: req("expiresAt")?,
                operator: f.text("operator"),
            },
            NextActionKind::CryptoTransfer => NextAction::CryptoTransfer {
                token: req("token")?,
                network: req("network")?,
                address: req("address")?,
                amount: req("amount")?,
                expires_at: req("expiresAt")?,
            },
        })
    }
}

impl NextAction {
    /// When the instructions stop being valid, for the countdown; `None` for redirects.
    pub fn expires_at(&self) -> Option<&str> {
        match self {
            NextAction::PixQrCode { expires_at, .. }
            | NextAction::BankTransfer { expires_at, .. }
            | NextAction::CashVoucher { expires_at, .. }
            | NextAction::ApproveOnPhone { expires_at, .. }
            | NextAction::EnterOtp { expires_at, .. }
            | NextAction::CryptoTransfer { expires_at, .. } => Some(expires_at),
            NextAction::Boleto { .. }
            | NextAction::ThreeDsChallenge { .. }
            | NextAction::BankRedirect { .. }
            | NextAction::CardPage { .. } => None,
        }
    }
}

#[cfg(test)]
#[path = "next_action_tests.rs"]
mod tests;
