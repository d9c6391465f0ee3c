//! Time left until a deadline, ticking every second.

use std::time::Duration;

use leptos::prelude::*;

use crate::format::{clock, seconds_left};
use crate::kit::dom::{el, Dom};

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
) -> Dom {
    // A boolean flipped every second, read for its change alone: the clock is read when
    // the text is drawn. (The page has boolean signals already; a signal of another type
    // would compile its own code.)
    let tick = RwSignal::new(false);
    if let Ok(handle) = set_interval_with_handle(
        move || tick.set(!tick.get_untracked()),
        Duration::from_secs(1),
    ) {
        on_cleanup(move || handle.clear());
    }
    let left = move || {
        tick.get();
        seconds_left(deadline_ms, js_sys::Date::now())
    };
    el("p")
        .class_with("countdown", "countdown--over", move || left() == 0)
        .attr("role", "timer")
        .attr("data-testid", "countdown")
        .text_with(move || match left() {
            0 => expired.to_owned(),
            secs => [label, " ", &clock(secs)].concat(),
        })
        .view()
}
