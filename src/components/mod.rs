//! Shared pieces of the page: they take text and values, and know nothing of payments.

mod amount;
mod barcode;
mod copy_field;
mod countdown;
mod inputs;
mod qr_code;
mod radio_group;
mod reading;
mod select_field;
mod status;
mod text_field;

pub use amount::Amount;
pub use barcode::{itf_path, Barcode};
pub use copy_field::CopyField;
pub use countdown::Countdown;
pub use inputs::{AmountField, CardNumberField, DocumentField, OtpField, PhoneField};
pub use qr_code::{qr_path, QrCode};
pub use radio_group::RadioGroup;
pub use reading::Reading;
pub use select_field::{Choice, SelectField};
pub use status::Status;
pub use text_field::TextField;
