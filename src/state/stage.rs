//! What the page shows, derived from the server's [`PageSession`] alone, so that a reload
//! at any moment resumes where the payer was.

use orkestra_core::api::browser::{NextAction, PageCharge, PageSession};
use orkestra_core::api::merchant::{SessionStatus, TransactionStatus};
use orkestra_core::money::Money;
use orkestra_core::pix::BrCode;
use orkestra_core::validate::boleto_barcode;

/// One screen of the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stage {
    /// No attempt yet, or the payer chose to try again after one ended: the method picker
    /// and the form.
    Choose,
    /// The attempt is stored but Orkestra has not answered with instructions yet.
    Creating,
    /// The attempt waits on the payer: a code to pay, a page to visit, a phone to check.
    Action(NextAction),
    /// The server sent a Pix code or a boleto that fails its own checksum: never show it.
    InvalidCode,
    Paid,
    /// The last attempt ended unpaid (failed, expired or cancelled); a new one may start.
    AttemptEnded(TransactionStatus),
    /// The session itself is over (expired or cancelled): nothing more to do here.
    Closed(SessionStatus),
    /// The session offers no method this page can take.
    Unavailable,
}

impl Stage {
    /// `dismissed` is the id of an ended attempt the payer chose to leave ("Try again").
    pub fn of(session: &PageSession, dismissed: Option<&str>) -> Stage {
        match session.status {
            SessionStatus::Paid => return Stage::Paid,
            status @ (SessionStatus::Expired | SessionStatus::Cancelled) => {
                return Stage::Closed(status)
            }
            SessionStatus::Open | SessionStatus::Pending | SessionStatus::Failed => {}
        }
        let Some(tx) = session.current_transaction() else {
            return choose(session);
        };
        match tx.status {
            // A leg paid part of the charge: on to the next leg.
            TransactionStatus::Paid if partly_paid(session) => choose(session),
            TransactionStatus::Paid => Stage::Paid,
            TransactionStatus::Creating => Stage::Creating,
            TransactionStatus::Pending => match &tx.next_action {
                Some(action) if intact(action) => Stage::Action(action.clone()),
                Some(_) => Stage::InvalidCode,
                None => Stage::Creating,
            },
            TransactionStatus::Failed
            | TransactionStatus::Expired
            | TransactionStatus::Cancelled
                if dismissed == Some(tx.id.as_str()) =>
            {
                choose(session)
            }
            ended => Stage::AttemptEnded(ended),
        }
    }
}

fn choose(session: &PageSession) -> Stage {
    if session.offered_methods().is_empty() {
        Stage::Unavailable
    } else {
        Stage::Choose
    }
}

/// An amount of the payer's charge, in the session's currency.
fn charge_amount(session: &PageSession, pick: fn(&PageCharge) -> &str) -> Option<Money> {
    let charge = session.charge.as_ref()?;
    Money::parse_lenient(pick(charge), session.currency).ok()
}

/// What no paid or pending leg of the payer's charge covers yet: what a new leg may take.
/// `None` without a charge (an older proxy), where the page does not split.
pub fn remaining(session: &PageSession) -> Option<Money> {
    charge_amount(session, |c| &c.remaining_amount)
}

/// What the payer's legs paid so far and what legs in flight hold, when either is more
/// than nothing: the page then shows the charge's balance.
pub fn progress(session: &PageSession) -> Option<(Money, Money)> {
    let paid = charge_amount(session, |c| &c.paid_amount)?;
    let pending = charge_amount(session, |c| &c.pending_amount)?;
    (paid.minor() > 0 || pending.minor() > 0).then_some((paid, pending))
}

/// Some legs are paid, not enough to cover the charge. Read from the charge's balance,
/// which the proxy computes from the same legs as `transactions` (the session's own
/// status may lag behind a leg's by a moment).
pub fn partly_paid(session: &PageSession) -> bool {
    let minor = |pick| charge_amount(session, pick).map(|m| m.minor());
    matches!(
        (minor(|c| &c.paid_amount), minor(|c| &c.amount)),
        (Some(paid), Some(total)) if 0 < paid && paid < total
    )
}

/// Whether codes the payer will pay by pass their own checks (a Pix CRC, a boleto's
/// check digits): a garbled code would send money nowhere.
fn intact(action: &NextAction) -> bool {
    match action {
        NextAction::PixQrCode { emv, .. } => BrCode::parse(emv).is_ok(),
        NextAction::Boleto { barcode, .. } => boleto_barcode(barcode).is_ok(),
        NextAction::ThreeDsChallenge { .. }
        | NextAction::BankRedirect { .. }
        | NextAction::CardPage { .. }
        | NextAction::BankTransfer { .. }
        | NextAction::CashVoucher { .. }
        | NextAction::ApproveOnPhone { .. }
        | NextAction::EnterOtp { .. }
        | NextAction::CryptoTransfer { .. } => true,
    }
}

/// The `data-status` of the status region: the current attempt's status, else (nothing
/// tried yet, the session over, or a leg paid and the next one to choose) the session's.
/// End-to-end tests wait on it.
pub fn status_attr(session: &PageSession) -> &'static str {
    match session.current_transaction() {
        Some(tx) if tx.status == TransactionStatus::Paid && partly_paid(session) => {
            session.status.as_str()
        }
        Some(tx) if session.status != SessionStatus::Paid => tx.status.as_str(),
        _ => session.status.as_str(),
    }
}

/// Whether `incoming` may replace `current`. Snapshots from the event stream, the poller
/// and the submit answer can cross on the wire; attempts are only ever added, so one that
/// knows fewer attempts is stale.
pub fn is_newer(current: &PageSession, incoming: &PageSession) -> bool {
    incoming.transactions.len() >= current.transactions.len()
}

#[cfg(test)]
#[path = "stage_tests.rs"]
mod tests;
