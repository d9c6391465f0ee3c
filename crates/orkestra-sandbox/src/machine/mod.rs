//! The state machine of the sandbox's payments: transactions (`PENDING` → `PAID`,
//! `FAILED`, `EXPIRED` or `CANCELLED`), refunds and payouts (`PENDING` → settled), the
//! rules each creation and change follows, and the wire objects the answers and the
//! notifications carry. Every change is written with its notification in one database
//! transaction (the outbox), so a crash never loses one.
//!
//! Its files import one way: `status` (pure rules) ← `wire` (rows as Orkestra shows them)
//! ← `transactions` and `money_out` (the transitions) ← `orders`, `refunds` and `payouts`
//! (creating things) and `card_page` (a card typed on the payment page); `order_rules` and
//! `payout_rules` check requests.

pub mod card_page;
pub mod money_out;
pub mod notify;
pub mod order_rules;
pub mod orders;
pub mod payout_rules;
pub mod payouts;
pub mod refunds;
pub mod status;
pub mod transactions;
pub mod wire;
