#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| orkestra_core_fuzz::phone_e164(data));
