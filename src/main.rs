fn main() {
    console_error_panic_hook::set_once();
    orkestra_checkout::mount();
}
