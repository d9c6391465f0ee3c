//! What the payer has to do after submitting: [`NextAction`], and its reader.

use serde::{Deserialize, Serialize};

use crate::wire::{FromWire, Value};

/// What the payer has to do after submitting, per method. Amounts in these are decimal
/// strings in major units, like every amount the page gets.
///
/// Written as an internally tagged object (`{"type":"pix_qr_code",…}`). Read by one
/// reader, [`FromWire`], by the page over `JSON.parse`'s value and by serde over
/// serde_json's: serde's derive for internally tagged enums buffers the whole object and
/// then re-reads it once per variant, which compiled to the page's largest function (20.8 KB
/// of wasm); a match on `type` reads the same JSON the same way.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    tag = "type",
    rename_all = "snake_case",
    try_from = "serde_json::Value"
)]
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

/// serde reads it through the same reader as the page, [`FromWire`], over serde_json's value.
impl TryFrom<serde_json::Value> for NextAction {
    type Error = &'static str;

    fn try_from(v: serde_json::Value) -> Result<Self, Self::Error> {
        NextAction::from_wire(&v).ok_or("the next action has no known type or misses a field")
    }
}

/// The kinds of [`NextAction`], by the `type` serde writes for each (`rename_all =
/// "snake_case"`). [`NextAction::kind`] matches every variant, and the reader every kind,
/// so a new kind of instructions does not compile until it can be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NextActionKind {
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

impl NextActionKind {
    pub const ALL: [NextActionKind; 10] = [
        NextActionKind::PixQrCode,
        NextActionKind::Boleto,
        NextActionKind::ThreeDsChallenge,
        NextActionKind::BankRedirect,
        NextActionKind::CardPage,
        NextActionKind::BankTransfer,
        NextActionKind::CashVoucher,
        NextActionKind::ApproveOnPhone,
        NextActionKind::EnterOtp,
        NextActionKind::CryptoTransfer,
    ];

    pub fn tag(self) -> &'static str {
        match self {
            NextActionKind::PixQrCode => "pix_qr_code",
            NextActionKind::Boleto => "boleto",
            NextActionKind::ThreeDsChallenge => "three_ds_challenge",
            NextActionKind::BankRedirect => "bank_redirect",
            NextActionKind::CardPage => "card_page",
            NextActionKind::BankTransfer => "bank_transfer",
            NextActionKind::CashVoucher => "cash_voucher",
            NextActionKind::ApproveOnPhone => "approve_on_phone",
            NextActionKind::EnterOtp => "enter_otp",
            NextActionKind::CryptoTransfer => "crypto_transfer",
        }
    }
}

/// An internally tagged object: its `type`, then the fields that kind has. A field the
/// kind has not is ignored, as serde ignores it; an optional field (`bic`, `operator`)
/// may be missing or null, but one that is there must be a text.
impl FromWire for NextAction {
    fn from_wire<V: Value>(v: &V) -> Option<Self> {
        v.keys()?;
        let tag = v.get("type").text()?;
        let kind = NextActionKind::ALL.into_iter().find(|k| k.tag() == tag)?;
        let t = |key| v.get(key).text();
        let optional = |key| Option::<String>::from_wire(&v.get(key));
        Some(match kind {
            NextActionKind::PixQrCode => NextAction::PixQrCode {
                emv: t("emv")?,
                expires_at: t("expiresAt")?,
            },
            NextActionKind::Boleto => NextAction::Boleto {
                digitable_line: t("digitableLine")?,
                barcode: t("barcode")?,
                due_date: t("dueDate")?,
                url: t("url")?,
            },
            NextActionKind::ThreeDsChallenge => NextAction::ThreeDsChallenge { url: t("url")? },
            NextActionKind::BankRedirect => NextAction::BankRedirect { url: t("url")? },
            NextActionKind::CardPage => NextAction::CardPage { url: t("url")? },
            NextActionKind::BankTransfer => NextAction::BankTransfer {
                bank_name: t("bankName")?,
                beneficiary: t("beneficiary")?,
                account_type: t("accountType")?,
                account_number: t("accountNumber")?,
                bic: optional("bic")?,
                reference: t("reference")?,
                expires_at: t("expiresAt")?,
            },
            NextActionKind::CashVoucher => NextAction::CashVoucher {
                reference: t("reference")?,
                barcode: t("barcode")?,
                networks: Vec::from_wire(&v.get("networks"))?,
                expires_at: t("expiresAt")?,
            },
            NextActionKind::ApproveOnPhone => NextAction::ApproveOnPhone {
                phone: t("phone")?,
                operator: optional("operator")?,
                expires_at: t("expiresAt")?,
            },
            NextActionKind::EnterOtp => NextAction::EnterOtp {
                phone: t("phone")?,
                operator: optional("operator")?,
                expires_at: t("expiresAt")?,
            },
            NextActionKind::CryptoTransfer => NextAction::CryptoTransfer {
                token: t("token")?,
                network: t("network")?,
                address: t("address")?,
                amount: t("amount")?,
                expires_at: t("expiresAt")?,
            },
        })
    }
}

impl NextAction {
    pub fn kind(&self) -> NextActionKind {
        match self {
            NextAction::PixQrCode { .. } => NextActionKind::PixQrCode,
            NextAction::Boleto { .. } => NextActionKind::Boleto,
            NextAction::ThreeDsChallenge { .. } => NextActionKind::ThreeDsChallenge,
            NextAction::BankRedirect { .. } => NextActionKind::BankRedirect,
            NextAction::CardPage { .. } => NextActionKind::CardPage,
            NextAction::BankTransfer { .. } => NextActionKind::BankTransfer,
            NextAction::CashVoucher { .. } => NextActionKind::CashVoucher,
            NextAction::ApproveOnPhone { .. } => NextActionKind::ApproveOnPhone,
            NextAction::EnterOtp { .. } => NextActionKind::EnterOtp,
            NextAction::CryptoTransfer { .. } => NextActionKind::CryptoTransfer,
        }
    }

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
