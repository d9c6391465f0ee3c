//! What the page shows, derived from the server's [`PageSession`] alone, so that a reload
//! at any moment resumes where the payer was.

use orkestra_core::api::browser::{NextAction, PageSession};
use orkestra_core::api::merchant::{SessionStatus, TransactionStatus};
use orkestra_core::catalog::{Country, PaymentMethod};
use orkestra_core::pix::BrCode;

/// One screen of the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stage {
    /// No attempt yet, or the payer chose to try again after one ended: the form.
    Form,
    /// The attempt is stored but Orkestra has not answered with a code yet.
    Creating,
    /// The Pix code is out; waiting for the payer's bank.
    AwaitingPix {
        emv: String,
        expires_at: String,
    },
    /// The server sent a Pix code that fails its own checksum: never show it.
    InvalidCode,
    Paid,
    /// The last attempt ended unpaid (failed, expired or cancelled); a new one may start.
    AttemptEnded(TransactionStatus),
    /// The session itself is over (expired or cancelled): nothing more to do here.
    Closed(SessionStatus),
    /// This page only takes Pix in Brazil; the session offers something else.
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
        if session.country != Some(Country::BR) || !session.methods.contains(&PaymentMethod::Pix) {
            return Stage::Unavailable;
        }
        let Some(tx) = session.current_transaction() else {
            return Stage::Form;
        };
        match tx.status {
            TransactionStatus::Paid => Stage::Paid,
            TransactionStatus::Creating => Stage::Creating,
            TransactionStatus::Pending => match &tx.next_action {
                Some(NextAction::PixQrCode { emv, expires_at }) => {
                    if BrCode::parse(emv).is_ok() {
                        Stage::AwaitingPix {
                            emv: emv.clone(),
                            expires_at: expires_at.clone(),
                        }
                    } else {
                        Stage::InvalidCode
                    }
                }
                // Only PIX is rendered so far; other instructions are not shown as PIX.
                Some(_) => Stage::Unavailable,
                None => Stage::Creating,
            },
            TransactionStatus::Failed
            | TransactionStatus::Expired
            | TransactionStatus::Cancelled
                if dismissed == Some(tx.id.as_str()) =>
            {
                Stage::Form
            }
            ended => Stage::AttemptEnded(ended),
        }
    }
}

/// The `data-status` of the status region: the current attempt's status, else the
/// session's. End-to-end tests wait on it.
pub fn status_attr(session: &PageSession) -> &'static str {
    match session.current_transaction() {
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
