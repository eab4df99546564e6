#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| psirt_report::fuzzing::key_load(data));
