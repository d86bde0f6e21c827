#![no_main]
//! `cargo +nightly fuzz run load_check`: see fuzz/README.md and the property in
//! tests/fuzz_harness/mod.rs (`load_check`), shared with the stable smoke test.

#[allow(dead_code)]
#[path = "../../tests/fuzz_harness/mod.rs"]
mod harness;

/// `SPECGRAPH_FUZZ_SKIP_KNOWN=1` passes over inputs that meet a known panic
/// (`harness::hits_known_panic`), so that fuzzing goes past them.
fn skip(data: &[u8]) -> bool {
    static SKIP: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *SKIP.get_or_init(|| std::env::var_os("SPECGRAPH_FUZZ_SKIP_KNOWN").is_some())
        && harness::hits_known_panic(data)
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if !skip(data) {
        harness::load_check(data);
    }
});
