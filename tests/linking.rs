//! How the `spec` binary is linked, as `build.rs` says it is.

/// On Linux `spec` is a position-dependent executable unless `SPEC_PIE=1`
/// was set for the build (`build.rs`, `link_position_dependent`): the ELF
/// header's `e_type` is `ET_EXEC` (2), not `ET_DYN` (3).
#[cfg(target_os = "linux")]
#[test]
fn spec_is_linked_position_dependent_unless_spec_pie_is_set() {
    let bytes = std::fs::read(env!("CARGO_BIN_EXE_spec")).unwrap();
    assert_eq!(&bytes[..4], b"\x7fELF", "an ELF file");
    let e_type = u16::from_le_bytes([bytes[16], bytes[17]]);
    let pie = std::env::var_os("SPEC_PIE").is_some_and(|v| v != "0" && !v.is_empty());
    assert_eq!(
        e_type,
        if pie { 3 } else { 2 },
        "e_type of the spec binary (2: ET_EXEC, position-dependent; 3: ET_DYN, position-independent)"
    );
}
