#![no_main]
//! `cargo +nightly fuzz run render_context`: see fuzz/README.md and the property in
//! tests/fuzz_harness/mod.rs (`render_context`), shared with the stable smoke test.

#[allow(dead_code)]
#[path = "../../tests/fuzz_harness/mod.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    harness::render_context(data);
});
