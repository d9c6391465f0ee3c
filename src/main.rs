fn main() {
    // `cargo xtask build` on the build-std path compiles with `-Cpanic=immediate-abort`: a
    // panic traps at once (the console shows "RuntimeError: unreachable" with its wasm stack)
    // and never reaches a hook, so the hook and its formatting code stay out of the bundle.
    // Everywhere else (rustup's wasm32 target, tests) the hook logs the panic message.
    #[cfg(not(panic = "immediate-abort"))]
    console_error_panic_hook::set_once();
    orkestra_checkout::mount_hosted();
}
