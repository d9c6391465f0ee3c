//! Shared pieces of the page: they take text and values, and know nothing of payments.

mod copy_field;
mod countdown;
mod qr_code;
mod status;
mod text_field;

pub use copy_field::CopyField;
pub use countdown::Countdown;
pub use qr_code::{qr_path, QrCode};
pub use status::Status;
pub use text_field::TextField;
