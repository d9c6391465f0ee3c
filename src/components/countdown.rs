//! Time left until a deadline, ticking every second.

use std::time::Duration;

use leptos::prelude::*;

use crate::format::{clock, seconds_left};

/// "Expires in 14:59", then `expired` once the deadline passes.
///
/// A `timer` role: assistive technology reads it on demand instead of every second.
///
/// ```ignore
/// <Countdown deadline_ms=deadline label="Expires in" expired="This code has expired."/>
/// ```
#[component]
pub fn Countdown(
    /// The deadline, in milliseconds since the epoch (the payer's clock).
    deadline_ms: f64,
    /// The words before the time left.
    label: &'static str,
    /// What to show once the time is up.
    expired: &'static str,
) -> impl IntoView {
    let (now, set_now) = signal(js_sys::Date::now());
    if let Ok(handle) = set_interval_with_handle(
        move || set_now.set(js_sys::Date::now()),
        Duration::from_secs(1),
    ) {
        on_cleanup(move || handle.clear());
    }
    let left = move || seconds_left(deadline_ms, now.get());
    view! {
        <p class="countdown" role="timer" data-testid="countdown" class:countdown--over=move || left() == 0>
            {move || match left() {
                0 => expired.to_owned(),
                secs => format!("{label} {}", clock(secs)),
            }}
        </p>
    }
}
