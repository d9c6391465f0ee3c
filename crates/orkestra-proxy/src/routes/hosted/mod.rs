//! The hosted payment page and its ways back to the merchant.

pub mod back;
mod form;
mod intl;
mod markup;
pub mod page;
mod summary;
