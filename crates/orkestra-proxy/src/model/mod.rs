//! What the proxy keeps, as domain types: a session (the merchant's order, as its checked
//! spec), its charges (one per payer) and their legs (payment attempts). The store reads
//! rows into these once ([`crate::store`]); nothing downstream parses stored text again.
//! Card numbers, CVVs and documents are never kept: a leg holds masked forms only.
//! The merchant webhook events queued for a session's changes are in [`events`].

mod events;

pub use events::{Attempt, Delivery, Event};

use orkestra_core::api::browser::NextAction;
use orkestra_core::api::merchant::{
    AutoRefund, CheckoutSessionSpec, CustomerInput, OrderStatus, TransactionStatus,
};
use orkestra_core::catalog::{DocumentType, Market, PaymentMethod};
use orkestra_core::money::{Currency, Money, PositiveMoney};
use orkestra_core::split::{ChargeBalance, ChargeLeg, LegError, LegState};

/// A checkout session: the merchant's order, and where it stands.
#[derive(Debug, Clone)]
pub struct Session {
    pub id: String,
    /// The first charge's page token (the session's `url`).
    pub token: String,
    pub spec: CheckoutSessionSpec,
    pub status: OrderStatus,
    /// Orkestra's order, once created.
    pub orkestra_order_id: Option<i64>,
    /// Milliseconds since the epoch.
    pub expires_at: i64,
    pub created_at: i64,
    pub updated_at: i64,
}

impl Session {
    pub fn market(&self) -> Market {
        self.spec.market
    }

    pub fn currency(&self) -> Currency {
        self.spec.currency()
    }

    pub fn merchant_order_id(&self) -> &str {
        &self.spec.merchant_order_id
    }
}

/// One payer's share of a session, with its own page token.
#[derive(Debug, Clone)]
pub struct Charge {
    pub id: String,
    pub session_id: String,
    /// Its place among the session's charges (0 first), also its place in Orkestra's order.
    pub position: usize,
    pub token: String,
    pub amount: PositiveMoney,
    pub reference: Option<String>,
    /// Pre-fills this payer's form, instead of the session's customer.
    pub customer: Option<CustomerInput>,
    pub status: OrderStatus,
    pub orkestra_charge_id: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
}

/// The payer of a leg as kept: name, document type, and masked document and email.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PayerSummary {
    pub name: String,
    pub document_type: Option<DocumentType>,
    pub document_masked: String,
    pub email_masked: String,
}

/// One payment attempt on a charge ("leg"): part of it, or all of it, by one method.
#[derive(Debug, Clone)]
pub struct Leg {
    pub id: String,
    pub session_id: String,
    pub charge_id: String,
    pub idempotency_key: String,
    /// A keyed hash of the request, to tell a replay from a key reused for another payment.
    pub request_hash: String,
    pub method: PaymentMethod,
    pub amount: PositiveMoney,
    pub status: TransactionStatus,
    pub orkestra_id: Option<i64>,
    pub payer: PayerSummary,
    pub next_action: Option<NextAction>,
    /// Orkestra's reason for a failure, lower case (an open set: Orkestra's own codes).
    pub failure_code: Option<String>,
    pub auto_refund: Option<AutoRefund>,
    /// Orkestra's refund of this leg, once asked.
    pub refund_id: Option<String>,
    /// How often the reconciler looked this attempt up, and when it may look again.
    pub reconcile_tries: u32,
    pub reconcile_at: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
}

impl Leg {
    pub fn state(&self) -> LegState {
        self.status.into()
    }

    pub fn is_in_flight(&self) -> bool {
        self.state() == LegState::InFlight
    }

    fn as_charge_leg(&self) -> ChargeLeg {
        ChargeLeg {
            status: self.status,
            amount: self.amount.get(),
        }
    }
}

/// Legs that do not fit their charge (another currency, more than a charge holds): the
/// proxy only ever accepts legs that fit, so this is corrupt data, named by its charge.
#[derive(Debug, thiserror::Error)]
#[error("the legs of charge {charge_id} do not fit it: {error:?}")]
pub struct Inconsistent {
    pub charge_id: String,
    pub error: LegError,
}

/// A session with its charges and their legs, read together (one transaction), so its
/// statuses and amounts are those of one moment.
#[derive(Debug, Clone)]
pub struct Order {
    pub session: Session,
    pub charges: Vec<Charge>,
    /// Oldest first.
    pub legs: Vec<Leg>,
}

impl Order {
    pub fn charge(&self, id: &str) -> Option<&Charge> {
        self.charges.iter().find(|c| c.id == id)
    }

    /// The legs of `charge`, oldest first.
    pub fn legs_of<'a>(&'a self, charge: &'a Charge) -> impl Iterator<Item = &'a Leg> + 'a {
        self.legs.iter().filter(move |l| l.charge_id == charge.id)
    }

    pub fn leg(&self, id: &str) -> Option<&Leg> {
        self.legs.iter().find(|l| l.id == id)
    }

    /// What `charge`'s legs pay, reserve and leave.
    pub fn balance(&self, charge: &Charge) -> Result<ChargeBalance, Inconsistent> {
        ChargeBalance::new(
            charge.amount,
            self.legs_of(charge).map(|l| (l.state(), l.amount.get())),
        )
        .map_err(|error| Inconsistent {
            charge_id: charge.id.clone(),
            error,
        })
    }

    /// The status `charge`'s legs give it now (see [`orkestra_core::split::charge_status`]).
    pub fn derived_charge_status(&self, charge: &Charge) -> Result<OrderStatus, Inconsistent> {
        let legs: Vec<ChargeLeg> = self.legs_of(charge).map(Leg::as_charge_leg).collect();
        orkestra_core::split::charge_status(charge.status, charge.amount, &legs).map_err(|error| {
            Inconsistent {
                charge_id: charge.id.clone(),
                error,
            }
        })
    }

    /// What paid legs cover, over every charge.
    pub fn paid(&self) -> Result<Money, Inconsistent> {
        let mut total = Money::zero(self.session.currency());
        for charge in &self.charges {
            let paid = self.balance(charge)?.paid();
            total = total.checked_add(paid).map_err(|_| Inconsistent {
                charge_id: charge.id.clone(),
                error: LegError::Inconsistent,
            })?;
        }
        Ok(total)
    }
}

/// Orkestra's word on a leg: its status, and its failure reason unless paid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub status: TransactionStatus,
    pub failure_code: Option<String>,
}

/// A refund as Orkestra keeps it (the proxy stores none: Orkestra's answers and
/// notifications are read into this).
#[derive(Debug, Clone)]
pub struct Refund {
    pub id: i64,
    /// Orkestra's transaction it refunds.
    pub transaction_id: i64,
    pub reference_id: String,
    pub amount: Money,
    pub status: orkestra_core::api::orkestra::RefundStatus,
    pub route: orkestra_core::api::orkestra::RefundRoute,
    pub failure_code: Option<String>,
    pub created_at: Option<String>,
}

/// A payout as Orkestra keeps it.
#[derive(Debug, Clone)]
pub struct Payout {
    pub id: i64,
    pub reference_id: Option<String>,
    pub method: String,
    pub amount: Money,
    pub status: orkestra_core::api::orkestra::PayoutStatus,
    pub failure_code: Option<String>,
    /// Masked.
    pub account: String,
    pub beneficiary_name: String,
    pub created_at: Option<String>,
}
