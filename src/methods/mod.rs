//! One module per payment method: its form (what it asks, what it sends) and the screen
//! that follows a submit. Only Pix so far.

pub mod pix;
