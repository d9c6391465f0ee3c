//! What the page reads: the session, its charge and its transactions, the PSE banks, and
//! what it sends besides a payment (a one-time code).

use serde::{Deserialize, Serialize};

use super::next_action::NextAction;
use crate::api::locale::Locale;
use crate::api::merchant::{
    Appearance, CustomerInput, OrderStatus, SessionStatus, TransactionStatus,
};
use crate::market::{Country, Market};
use crate::methods::{CardCapture, PaymentMethod};
use crate::money::Currency;

wire_body! {
    /// `GET /api/pay/{token}`: everything the page needs to render, and nothing secret.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
    pub struct PageSession {
        /// The merchant's id of the session (`cs_…`), which the page names in every message
        /// it posts to an embedding merchant (`docs/embedding.md`).
        #[serde(default)]
        pub session_id: String = "sessionId" or String::new(),
        pub status: SessionStatus = "status",
        /// Absent for SEPA and crypto sessions, whose market follows from the currency.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub country: Option<Country> = "country",
        pub currency: Currency = "currency",
        /// Decimal string in major units with the currency's digits, e.g. "150.00".
        pub amount: String = "amount",
        pub locale: Locale = "locale",
        pub merchant_name: String = "merchantName",
        pub expires_at: String = "expiresAt",
        pub methods: Vec<PaymentMethod> = "methods",
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub customer: Option<CustomerInput> = "customer",
        pub transactions: Vec<PageTransaction> = "transactions",
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub return_url: Option<String> = "returnUrl",
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub cancel_url: Option<String> = "cancelUrl",
        /// The origins allowed to embed the page: the page talks to an embedding window only
        /// when its origin is one of these.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        pub embed_origins: Vec<String> = "embedOrigins" or Vec::new(),
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub appearance: Option<Appearance> = "appearance",
        /// Where the payer types a card: on Orkestra's page (no card form here) or here.
        /// Absent from a proxy older than the mode, whose cards were all typed here.
        #[serde(default = "typed_here")]
        pub card_capture: CardCapture = "cardCapture" or typed_here(),
        /// This payer's charge: what is paid, in flight and left. `amount` above is the
        /// charge's amount (each payer sees only their share); `transactions` are its legs.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub charge: Option<PageCharge> = "charge",
    }
}

wire_body! {
    /// The payer's charge on the page. Amounts are decimal strings in major units.
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub struct PageCharge {
        pub id: String = "id",
        pub status: OrderStatus = "status",
        pub amount: String = "amount",
        pub paid_amount: String = "paidAmount",
        pub pending_amount: String = "pendingAmount",
        /// What a new leg without an `amount` would take.
        pub remaining_amount: String = "remainingAmount",
        /// Position of this payer in the order (0-based) and how many payers it has.
        pub index: u32 = "index",
        pub count: u32 = "count",
    }
}

fn typed_here() -> CardCapture {
    CardCapture::Direct
}

impl PageSession {
    /// Where the payer pays: their country, or the Eurozone/World for SEPA and crypto.
    pub fn market(&self) -> Option<Market> {
        Market::of(self.country, self.currency)
    }

    /// The methods the payer may choose from: the session's, where its market offers them
    /// (the page's picker, and the form the proxy draws before the page runs).
    pub fn offered_methods(&self) -> Vec<PaymentMethod> {
        let Some(market) = self.market() else {
            return Vec::new();
        };
        let mut methods: Vec<PaymentMethod> = Vec::new();
        for m in &self.methods {
            if market.offers(*m) && !methods.contains(m) {
                methods.push(*m);
            }
        }
        methods
    }

    /// The method the picker starts on: the last attempt's (a retry is usually the same
    /// method), else the first offered.
    pub fn initial_method(&self) -> Option<PaymentMethod> {
        let offered = self.offered_methods();
        self.current_transaction()
            .map(|t| t.method)
            .filter(|m| offered.contains(m))
            .or_else(|| offered.first().copied())
    }

    /// The attempt the page shows: the newest one.
    pub fn current_transaction(&self) -> Option<&PageTransaction> {
        self.transactions.last()
    }

    /// What the payer was asked to do and has not done yet (a Pix code to pay, a 3-D Secure
    /// challenge…): the newest attempt's, while it is pending and the session still open.
    pub fn awaited_action(&self) -> Option<&NextAction> {
        if self.status.is_final() {
            return None;
        }
        let tx = self.current_transaction()?;
        match tx.status {
            TransactionStatus::Pending => tx.next_action.as_ref(),
            TransactionStatus::Creating
            | TransactionStatus::Paid
            | TransactionStatus::Failed
            | TransactionStatus::Expired
            | TransactionStatus::Cancelled => None,
        }
    }
}

wire_body! {
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub struct PageTransaction {
        pub id: String = "id",
        pub method: PaymentMethod = "method",
        pub amount: String = "amount",
        pub status: TransactionStatus = "status",
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub next_action: Option<NextAction> = "nextAction",
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub failure_code: Option<String> = "failureCode",
    }
}

/// `POST /api/pay/{token}/transactions/{id}/otp`: the code the wallet sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SubmitOtp {
    pub otp: String,
}

wire_body! {
    /// `GET /api/pay/{token}/banks`: the PSE banks the payer picks from.
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub struct Bank {
        pub code: String = "code",
        pub name: String = "name",
    }
}

/// One event of the live status stream (`GET /api/pay/{token}/events`, Server-Sent Events):
/// the whole page session each time, so a page that missed events is still right.
pub type StatusEvent = PageSession;

#[cfg(test)]
mod tests {
    use super::*;

    fn session(status: &str, transactions: serde_json::Value) -> PageSession {
        serde_json::from_value(serde_json::json!({
            "status": status, "country": "BR", "currency": "BRL", "amount": "150.00",
            "locale": "pt-BR", "merchantName": "Loja", "expiresAt": "2026-01-01T00:00:00Z",
            "methods": ["PIX"], "transactions": transactions
        }))
        .unwrap()
    }

    fn leg(status: &str, action: bool) -> serde_json::Value {
        let mut leg = serde_json::json!({
            "id": "tx_1", "method": "PIX", "amount": "150.00", "status": status
        });
        if action {
            leg["nextAction"] = serde_json::json!({
                "type": "pix_qr_code", "emv": "000201", "expiresAt": "2026-01-01T00:30:00Z"
            });
        }
        leg
    }

    /// What the hosted page preloads the instructions' code for: the newest attempt's
    /// action while it is pending in a session still open, and nothing else.
    #[test]
    fn the_awaited_action_is_the_newest_pending_attempts_while_the_session_is_open() {
        let pending = session("pending", serde_json::json!([leg("pending", true)]));
        assert!(matches!(
            pending.awaited_action(),
            Some(NextAction::PixQrCode { .. })
        ));
        for (status, legs) in [
            ("open", serde_json::json!([])),
            ("pending", serde_json::json!([leg("creating", false)])),
            ("pending", serde_json::json!([leg("pending", false)])),
            (
                "pending",
                serde_json::json!([leg("pending", true), leg("failed", true)]),
            ),
            ("paid", serde_json::json!([leg("pending", true)])),
            ("expired", serde_json::json!([leg("pending", true)])),
        ] {
            let s = session(status, legs);
            assert_eq!(s.awaited_action(), None, "{status} {:?}", s.transactions);
        }
    }
}
