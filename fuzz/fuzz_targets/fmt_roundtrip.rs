#![no_main]
//! `cargo +nightly fuzz run fmt_roundtrip`: see fuzz/README.md and the property in
//! tests/fuzz_harness/mod.rs (`fmt_roundtrip`), shared with the stable smoke test.

#[allow(dead_code)]
#[path = "../../tests/fuzz_harness/mod.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::fmt_roundtrip(data));
