//! Shared pieces of the page: they take text and values, and know nothing of payments.

mod amount;
mod barcode;
mod copy_field;
mod countdown;
mod inputs;
mod qr_code;
mod radio_group;
mod select_field;
mod status;
mod text_field;

pub use crate::kit::reading::Reading;
pub use amount::{amount_el, Amount};
pub use barcode::{barcode_el, itf_path, Barcode};
pub use copy_field::CopyField;
pub use countdown::Countdown;
pub use inputs::{AmountField, CardNumberField, DocumentField, OtpField, PhoneField};
pub use qr_code::{qr_el, qr_path, QrCode};
pub use radio_group::RadioGroup;
pub use select_field::{Choice, SelectField};
pub use status::Status;
pub use text_field::TextField;

use leptos::prelude::{Callable, Callback};

/// A state attribute's value (`aria-invalid`, `aria-disabled`): `"true"` when on, left out
/// when off. Every changing attribute of the page is an owned, optional value (these,
/// [`present`], `aria-describedby`, `data-status`): Leptos compiles the update code once
/// per value type.
pub fn aria_true(on: bool) -> Option<String> {
    on.then(|| "true".to_owned())
}

/// A boolean attribute's value (`disabled`): present and empty when on, as [`aria_true`].
pub fn present(on: bool) -> Option<String> {
    on.then(String::new)
}

/// A click handler that runs `action`. Every button of the page takes this one handler
/// type, so Leptos' code that attaches a listener is compiled once, not once per button
/// (README, "Page size").
pub fn clicked(action: Callback<()>) -> impl Fn(leptos::ev::MouseEvent) + Copy + Send + Sync {
    move |_| action.run(())
}

/// A form's submit handler: the page sends nothing itself (`prevent_default`), `action`
/// does. One handler type for both forms, as [`clicked`].
pub fn submitted(action: Callback<()>) -> impl Fn(leptos::ev::SubmitEvent) + Copy + Send + Sync {
    move |ev| {
        ev.prevent_default();
        action.run(())
    }
}
