//! Where sessions, orders, charges and their legs are in their lives.

use serde::{Deserialize, Serialize};

/// Where a checkout session is in its life. `open` until a payment is attempted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SessionStatus {
    Open,
    Pending,
    Paid,
    Failed,
    Expired,
    Cancelled,
}

read_by_text! {
    SessionStatus => SessionStatus::parse,
    OrderStatus => OrderStatus::parse,
    TransactionStatus => TransactionStatus::parse,
}

impl SessionStatus {
    pub const ALL: [SessionStatus; 6] = [
        Self::Open,
        Self::Pending,
        Self::Paid,
        Self::Failed,
        Self::Expired,
        Self::Cancelled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SessionStatus::Open => "open",
            SessionStatus::Pending => "pending",
            SessionStatus::Paid => "paid",
            SessionStatus::Failed => "failed",
            SessionStatus::Expired => "expired",
            SessionStatus::Cancelled => "cancelled",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|status| status.as_str() == s)
    }

    /// A final session never changes again; the page stops listening.
    pub fn is_final(self) -> bool {
        matches!(self, Self::Paid | Self::Expired | Self::Cancelled)
    }
}

/// Where one payment attempt (a transaction, a "leg") is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TransactionStatus {
    /// Stored by the proxy, not yet confirmed by Orkestra.
    Creating,
    Pending,
    Paid,
    Failed,
    Expired,
    Cancelled,
}

impl TransactionStatus {
    pub const ALL: [TransactionStatus; 6] = [
        Self::Creating,
        Self::Pending,
        Self::Paid,
        Self::Failed,
        Self::Expired,
        Self::Cancelled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Creating => "creating",
            Self::Pending => "pending",
            Self::Paid => "paid",
            Self::Failed => "failed",
            Self::Expired => "expired",
            Self::Cancelled => "cancelled",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|status| status.as_str() == s)
    }

    pub fn is_final(self) -> bool {
        matches!(
            self,
            Self::Paid | Self::Failed | Self::Expired | Self::Cancelled
        )
    }
}

/// Where an order (a checkout session) or one of its charges is in its life, as the
/// merchant sees it. The page still gets a [`SessionStatus`] for its charge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrderStatus {
    /// Nothing attempted yet.
    Open,
    /// A payment is in flight and nothing is paid yet.
    Pending,
    /// Some money is paid, not all (other legs or other payers may be in flight).
    PartiallyPaid,
    /// Paid legs add up to the amount (of every charge, for an order).
    Paid,
    /// The last attempt failed or expired and nothing is paid; the payer may try again.
    Failed,
    Expired,
    Cancelled,
}

impl OrderStatus {
    pub const ALL: [OrderStatus; 7] = [
        Self::Open,
        Self::Pending,
        Self::PartiallyPaid,
        Self::Paid,
        Self::Failed,
        Self::Expired,
        Self::Cancelled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Pending => "pending",
            Self::PartiallyPaid => "partially_paid",
            Self::Paid => "paid",
            Self::Failed => "failed",
            Self::Expired => "expired",
            Self::Cancelled => "cancelled",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|status| status.as_str() == s)
    }

    /// A final order or charge never changes again.
    pub fn is_final(self) -> bool {
        matches!(self, Self::Paid | Self::Expired | Self::Cancelled)
    }

    /// What the page (which knows [`SessionStatus`] only) shows for a charge: a partly
    /// paid charge is pending while a leg is in flight, failed when its last leg failed
    /// or expired (the payer replaces it), open otherwise.
    pub fn for_page(self, leg_in_flight: bool, last_leg_failed: bool) -> SessionStatus {
        match self {
            Self::Open => SessionStatus::Open,
            Self::Pending => SessionStatus::Pending,
            Self::PartiallyPaid if leg_in_flight => SessionStatus::Pending,
            Self::PartiallyPaid if last_leg_failed => SessionStatus::Failed,
            Self::PartiallyPaid => SessionStatus::Open,
            Self::Paid => SessionStatus::Paid,
            Self::Failed => SessionStatus::Failed,
            Self::Expired => SessionStatus::Expired,
            Self::Cancelled => SessionStatus::Cancelled,
        }
    }
}

/// Where the automatic refund of one paid leg stands, once its charge ended (cancelled or
/// expired) partly paid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AutoRefund {
    /// To be asked of Orkestra (again, if an earlier call did not get through).
    Pending,
    /// Orkestra took it and has not settled it yet.
    Requested,
    Refunded,
    Failed,
    /// The method cannot be refunded without the payer's bank details: the merchant
    /// refunds it by hand.
    Manual,
}

impl AutoRefund {
    pub const ALL: [AutoRefund; 5] = [
        Self::Pending,
        Self::Requested,
        Self::Refunded,
        Self::Failed,
        Self::Manual,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Requested => "requested",
            Self::Refunded => "refunded",
            Self::Failed => "failed",
            Self::Manual => "manual",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|state| state.as_str() == s)
    }

    /// The states a leg's refund may move to `self` from: forward only, so a late or
    /// repeated answer never takes a settled refund back.
    pub fn moves_from(self) -> &'static [AutoRefund] {
        match self {
            Self::Pending | Self::Manual => &[],
            Self::Requested => &[Self::Pending],
            Self::Refunded | Self::Failed => &[Self::Pending, Self::Requested],
        }
    }
}

/// Where a charge's automatic refund stands, over its legs' (see
/// [`crate::split::refund_progress`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RefundProgress {
    /// A refund is still to be asked of Orkestra.
    Pending,
    /// Orkestra took every refund.
    Requested,
    /// Every refund settled.
    Refunded,
    /// A refund failed, or a leg's method cannot be refunded without the payer's bank
    /// details: refund it by hand.
    Failed,
}
