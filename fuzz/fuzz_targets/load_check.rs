#![no_main]
//! `cargo +nightly fuzz run load_check`: see fuzz/README.md and the property in
//! tests/fuzz_harness/mod.rs (`load_check`), shared with the stable smoke test.

#[allow(dead_code)]
#[path = "../../tests/fuzz_harness/mod.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    harness::load_check(data);
});
