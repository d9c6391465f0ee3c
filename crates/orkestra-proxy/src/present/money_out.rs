//! Refunds and payouts as the merchant sees them.

use orkestra_core::api::merchant::{PayoutView, RefundView};
use orkestra_core::api::orkestra::{PayoutStatus, RefundRoute, RefundStatus};

use crate::model::{Payout, Refund};

/// A refund of our leg `leg_id`.
pub fn refund_view(refund: &Refund, leg_id: &str) -> RefundView {
    RefundView {
        id: refund.id.to_string(),
        transaction_id: leg_id.to_owned(),
        amount: refund.amount.to_decimal_string(),
        currency: refund.amount.currency(),
        status: match refund.status {
            RefundStatus::Pending => "pending",
            RefundStatus::Refunded => "refunded",
            RefundStatus::Failed => "failed",
        }
        .into(),
        route: match refund.route {
            RefundRoute::OriginalMethod => "original_method",
            RefundRoute::AlternativePayout => "alternative_payout",
        }
        .into(),
        failure_code: refund.failure_code.clone(),
        created_at: refund.created_at.clone(),
    }
}

pub fn payout_view(payout: &Payout) -> PayoutView {
    PayoutView {
        id: payout.id.to_string(),
        reference_id: payout.reference_id.clone(),
        method: payout.method.clone(),
        amount: payout.amount.to_decimal_string(),
        currency: payout.amount.currency(),
        status: match payout.status {
            PayoutStatus::Pending => "pending",
            PayoutStatus::Paid => "paid",
            PayoutStatus::Failed => "failed",
        }
        .into(),
        failure_code: payout.failure_code.clone(),
        account: payout.account.clone(),
        beneficiary_name: payout.beneficiary_name.clone(),
        created_at: payout.created_at.clone(),
    }
}
