#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| orkestra_core_fuzz::money_parse_lenient(data));
