//! The hosted page's entry. In the page's wasm there is no `fn main`: std's runtime entry
//! around it (`lang_start`: naming the main thread, flushing stdout at exit) has nothing to
//! do in a browser (354 gzip bytes, README "Page size"), so wasm-bindgen calls `start` when
//! the module is instantiated, as it called `main` before. Host builds (the unit layer's
//! `--bins`) and test binaries keep an ordinary `main`, which the test harness replaces.
#![cfg_attr(all(target_arch = "wasm32", not(test)), no_main)]

#[cfg_attr(
    all(target_arch = "wasm32", not(test)),
    wasm_bindgen::prelude::wasm_bindgen(start)
)]
fn start() {
    // `cargo xtask build` on the build-std path compiles with `-Cpanic=immediate-abort`: a
    // panic traps at once (the console shows "RuntimeError: unreachable" with its wasm stack)
    // and never reaches a hook, so the hook and its formatting code stay out of the bundle.
    // Everywhere else (rustup's wasm32 target, tests) the hook logs the panic message.
    #[cfg(not(panic = "immediate-abort"))]
    console_error_panic_hook::set_once();
    orkestra_checkout::mount_hosted();
}

#[cfg(any(not(target_arch = "wasm32"), test))]
fn main() {
    start();
}
