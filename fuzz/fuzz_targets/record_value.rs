#![no_main]
//! `cargo +nightly fuzz run record_value`: see fuzz/README.md and the property in
//! tests/fuzz_harness/mod.rs (`record_value`), shared with the stable smoke test.

#[allow(dead_code)]
#[path = "../../tests/fuzz_harness/mod.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::record_value(data));
