//! What the payer needs next, as the sandbox stores it on a transaction
//! (`transactions.instructions`): the wire objects of Orkestra's transaction and the
//! sandbox's own bookkeeping. Written by `methods`, read back by the store, shown by
//! `machine::wire`.

use orkestra_core::api::orkestra::{
    BankTransferResult, BoletoResult, CardResult, CryptoResult, PaymentPageResult, PseResult,
    SpeiResult, ThreeDSecureResult, Transaction, VoucherResult, WalletResult,
    WireTransactionStatus,
};
use orkestra_core::catalog::Country;
use serde::{Deserialize, Serialize};

use crate::error::SandboxError;

/// What the payer needs next, as stored on the transaction: the wire objects, plus the
/// sandbox's own bookkeeping (never a full card number or security code).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Instructions {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub boleto: Option<BoletoResult>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub card: Option<CardResult>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub three_d_secure: Option<ThreeDSecureResult>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_page: Option<PaymentPageResult>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spei: Option<SpeiResult>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pse: Option<PseResult>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub voucher: Option<VoucherResult>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wallet: Option<WalletResult>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bank_transfer: Option<BankTransferResult>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub crypto: Option<CryptoResult>,
    /// Where the 3-D Secure, PSE or payment page sends the payer back to (not on the
    /// wire).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub return_url: Option<String>,
    /// A card leg waiting for the payer on the payment page (not on the wire).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<PageState>,
}

/// The payment page's bookkeeping: its key, the country whose card rules apply, and
/// whether the card typed there met a 3-D Secure challenge (shown on the same page, so
/// it is not on the wire as `threeDSecure`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PageState {
    pub token: String,
    pub country: Country,
    #[serde(default)]
    pub challenged: bool,
}

impl Instructions {
    /// The stored JSON of transaction `id`: nothing for a transaction stored before
    /// instructions were; JSON that does not read is a corrupt row.
    pub fn from_stored(id: i64, json: Option<&str>) -> Result<Instructions, SandboxError> {
        match json {
            None => Ok(Instructions::default()),
            Some(json) => serde_json::from_str(json)
                .map_err(|_| SandboxError::corrupt("transactions", id, "instructions")),
        }
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("instructions are plain data")
    }

    /// Puts the instructions on the wire transaction. A card's authorisation code shows
    /// once it is paid, and a 3-D Secure challenge or a payment page only while it is
    /// pending.
    pub fn apply(self, tx: &mut Transaction) {
        let paid = tx.status == WireTransactionStatus::Paid;
        let pending = tx.status == WireTransactionStatus::Pending;
        tx.boleto = self.boleto;
        tx.card = self.card.map(|mut card| {
            if !paid {
                card.authorization_code = None;
            }
            card
        });
        tx.three_d_secure = self.three_d_secure.filter(|_| pending);
        tx.payment_page = self.payment_page.filter(|_| pending);
        tx.spei = self.spei;
        tx.pse = self.pse;
        tx.voucher = self.voucher;
        tx.wallet = self.wallet;
        tx.bank_transfer = self.bank_transfer;
        tx.crypto = self.crypto;
    }
}

#[cfg(test)]
mod tests {
    use orkestra_core::api::orkestra::{AmountUnits, WireAmount};
    use orkestra_core::money::{Currency, Money};

    use super::*;

    #[test]
    fn only_a_paid_card_shows_its_authorisation_code_and_only_a_pending_one_its_challenge() {
        let stored = Instructions {
            card: Some(CardResult {
                brand: "visa".into(),
                last4: "3220".into(),
                installments: Some(1),
                authorization_code: Some("A1B2C3".into()),
            }),
            three_d_secure: Some(ThreeDSecureResult {
                challenge_url: "http://sandbox/_sandbox/3ds/1".into(),
            }),
            return_url: Some("https://shop.example/back".into()),
            ..Instructions::default()
        };
        let parsed = Instructions::from_stored(1, Some(&stored.to_json())).unwrap();
        assert_eq!(parsed, stored);
        let mut tx = Transaction {
            id: 1,
            charge_id: None,
            payment_method: "CREDIT_CARD".into(),
            status: WireTransactionStatus::Pending,
            amount: WireAmount::from_money(Money::zero(Currency::BRL), AmountUnits::Major),
            paid_amount: None,
            reference_id: None,
            pix: None,
            boleto: None,
            card: None,
            three_d_secure: None,
            payment_page: None,
            spei: None,
            pse: None,
            voucher: None,
            wallet: None,
            bank_transfer: None,
            crypto: None,
            status_reason: None,
        };
        parsed.clone().apply(&mut tx);
        assert!(tx.three_d_secure.is_some());
        assert_eq!(tx.card.as_ref().unwrap().authorization_code, None);
        tx.status = WireTransactionStatus::Paid;
        parsed.apply(&mut tx);
        assert!(tx.three_d_secure.is_none());
        assert_eq!(
            tx.card.unwrap().authorization_code.as_deref(),
            Some("A1B2C3")
        );
        // Nothing stored, nothing shown (transactions from before instructions existed);
        // something stored that does not read is a corrupt row, not nothing.
        assert_eq!(
            Instructions::from_stored(1, None).unwrap(),
            Instructions::default()
        );
        let err = Instructions::from_stored(7, Some("not json")).unwrap_err();
        assert_eq!(err.status, axum::http::StatusCode::INTERNAL_SERVER_ERROR);
    }
}
