//! The rules of an order's request: its charges' and transactions' amounts add up, a
//! payer is named where Orkestra's docs require it, and what is kept of it holds no card
//! data.

use orkestra_core::api::orkestra::{AmountUnits, Customer, OrderRequest, WireAmount};
use orkestra_core::money::{Currency, Money, PositiveMoney};

use crate::amounts::positive;
use crate::error::SandboxError;

/// The request without what must never be stored: a card's number becomes its last four
/// digits, its security code dots.
pub fn redacted(request: &OrderRequest) -> OrderRequest {
    let mut copy = request.clone();
    for charge in &mut copy.charges {
        for tx in &mut charge.transactions {
            if let Some(card) = tx.credit_card.as_mut().and_then(|c| c.card.as_mut()) {
                let digits: String = card.number.chars().filter(char::is_ascii_digit).collect();
                card.number = format!("•••• {}", &digits[digits.len().saturating_sub(4)..]);
                card.security_code = "•••".into();
            }
        }
    }
    copy
}

/// Shares of a total: parts without an amount are allowed only when there is exactly one
/// part (it takes the total); given amounts must add up to the total exactly.
pub fn split<'a>(
    total: PositiveMoney,
    parts: impl ExactSizeIterator<Item = Option<&'a WireAmount>>,
    currency: Currency,
    units: AmountUnits,
    field: &str,
) -> Result<Vec<PositiveMoney>, SandboxError> {
    let parts: Vec<_> = parts.collect();
    if let [None] = parts.as_slice() {
        return Ok(vec![total]);
    }
    let mut amounts = Vec::new();
    let mut sum = Money::zero(currency);
    for (i, part) in parts.into_iter().enumerate() {
        let amount = part.ok_or_else(|| {
            SandboxError::invalid(
                format!("{field}[{i}].amount"),
                "INVALID_AMOUNT",
                "each of several parts needs an amount",
            )
        })?;
        let amount = positive(amount, currency, units, &format!("{field}[{i}].amount"))?;
        sum = sum
            .checked_add(amount.get())
            .map_err(|_| SandboxError::invalid(field, "INVALID_AMOUNT", "overflow"))?;
        amounts.push(amount);
    }
    if sum != total.get() {
        return Err(SandboxError::invalid(
            field,
            "AMOUNT_MISMATCH",
            "the parts' amounts must add up to the total",
        ));
    }
    Ok(amounts)
}

pub fn check_customer(customer: &Customer, field: &str) -> Result<(), SandboxError> {
    if customer.first_name.trim().is_empty() {
        return Err(SandboxError::invalid(
            format!("{field}.firstName"),
            "INVALID_FIELD",
            "firstName is required",
        ));
    }
    if customer.last_name.trim().is_empty() {
        return Err(SandboxError::invalid(
            format!("{field}.lastName"),
            "INVALID_FIELD",
            "lastName is required",
        ));
    }
    Ok(())
}
