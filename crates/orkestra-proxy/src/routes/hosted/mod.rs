//! The hosted payment page and its ways back to the merchant.

pub mod back;
pub mod page;
