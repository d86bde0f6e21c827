//! Tells the tests whether the external test data beside the repository
//! (`../shared/external/`: the W3C SHACL suite, the ggen corpus, spec-kit's
//! shapes) is present. Without it, the tests that read it are compiled as
//! `#[ignore]`d with the reason, so `cargo test` counts them as ignored and
//! says why, instead of passing them in 0.00 s while testing nothing.

fn main() {
    println!("cargo::rustc-check-cfg=cfg(external_corpus)");
    println!("cargo::rerun-if-changed=build.rs");
    let external = std::path::Path::new("../shared/external");
    if external.is_dir() {
        // Rerun when it is removed (or changes); a corpus that appears later
        // needs `touch build.rs` — until then its tests show as ignored.
        println!("cargo::rerun-if-changed=../shared/external");
        println!("cargo::rustc-cfg=external_corpus");
    }
}
