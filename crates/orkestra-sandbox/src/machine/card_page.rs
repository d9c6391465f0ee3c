//! A card leg on the payment page: found by its page's key, and decided when the payer
//! submits a card, by the same issuer rules as a card sent in the request
//! (`methods::card::authorise`). A decision goes through `transactions::transition_with`
//! like every change, so it is notified like every other method; only a PENDING
//! transaction is decided, so a second submission (or two at once) never charges again.

use orkestra_core::api::orkestra::{WireMethod, WireTransactionStatus};

use super::transactions::{transition_with, Outcome};
use crate::amounts;
use crate::error::SandboxError;
use crate::instructions::{Instructions, PageState};
use crate::methods::card::{self, Decision};
use crate::methods::card_page::Entered;
use crate::state::AppState;
use crate::store::{orders, transactions};

/// The payment page's transaction, as the page shows it.
#[derive(Debug)]
pub struct PagePayment {
    pub id: i64,
    pub status: WireTransactionStatus,
    pub status_reason: Option<String>,
    pub method: WireMethod,
    pub page: PageState,
    /// `BRL 150.00`.
    pub amount: String,
    /// The order's `softDescriptor`: the merchant's name as the statement shows it.
    pub soft_descriptor: Option<String>,
    /// Where a payer who came by redirect goes back to.
    pub return_url: String,
    instructions: Instructions,
}

/// What a submitted card did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Submitted {
    /// Paid or failed, by this submission or one before it: the page shows the result.
    Settled,
    /// A 3-D Secure challenge waits at `/_sandbox/3ds/{id}`.
    Challenge,
    /// The lost magic card: the authorisation never reached the issuer; nothing changed
    /// and the payer may try again.
    Lost,
}

/// The page with key `token`; `None` when no transaction has it.
pub async fn find(state: &AppState, token: &str) -> Result<Option<PagePayment>, SandboxError> {
    let Some(row) = transactions::by_page_token(&state.db, token).await? else {
        return Ok(None);
    };
    let corrupt = |column| SandboxError::corrupt("transactions", row.id, column);
    let page = row
        .instructions
        .page
        .clone()
        .ok_or_else(|| corrupt("instructions"))?;
    let return_url = row
        .instructions
        .return_url
        .clone()
        .ok_or_else(|| corrupt("instructions"))?;
    let order = orders::by_id(&state.db, row.order_id)
        .await?
        .ok_or_else(|| SandboxError::not_found("order"))?;
    let soft_descriptor = order.soft_descriptor.filter(|name| !name.trim().is_empty());
    Ok(Some(PagePayment {
        id: row.id,
        status: row.status,
        status_reason: row.status_reason,
        method: row.method,
        amount: amounts::shown(order.currency, row.amount_minor),
        soft_descriptor,
        return_url,
        page,
        instructions: row.instructions,
    }))
}

impl PagePayment {
    pub fn is_pending(&self) -> bool {
        self.status == WireTransactionStatus::Pending
    }

    /// A card typed here met a 3-D Secure challenge that is not answered yet.
    pub fn in_challenge(&self) -> bool {
        self.is_pending() && self.page.challenged
    }
}

/// Decides the card `entered` on `payment`'s page. The brand, the last four digits and
/// the installments are kept with the outcome; the number is not.
pub async fn submit(
    state: &AppState,
    payment: &PagePayment,
    entered: &Entered,
) -> Result<Submitted, SandboxError> {
    let authorisation = card::authorise(
        entered.debit,
        payment.page.country,
        &entered.number,
        entered.installments,
        Some(payment.return_url.clone()),
    );
    if authorisation.is_lost() {
        tracing::info!(
            transaction_id = payment.id,
            "payment page: authorisation lost"
        );
        return Ok(Submitted::Lost);
    }
    let mut instructions = payment.instructions.clone();
    instructions.card = Some(authorisation.result(payment.id));
    let (outcome, reason) = match authorisation.decision() {
        Some(Decision::Paid) => (Outcome::Paid, None),
        Some(Decision::Failed(reason)) => (Outcome::Failed, Some(reason)),
        None => {
            if let Some(page) = instructions.page.as_mut() {
                page.challenged = true;
            }
            let waiting =
                transactions::update_pending_instructions(&state.db, payment.id, &instructions)
                    .await?;
            return Ok(if waiting {
                Submitted::Challenge
            } else {
                Submitted::Settled
            });
        }
    };
    transition_with(state, payment.id, outcome, reason, Some(&instructions)).await?;
    if authorisation.is_slow() {
        tokio::time::sleep(state.config.slow_response).await;
    }
    Ok(Submitted::Settled)
}
