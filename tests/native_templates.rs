//! The dashboard, summary, coordinator log and briefings are written
//! natively (src/render/native/) when their default templates are in force;
//! the templates stay the definition. Every spec below is rendered both
//! ways from the command line (`spec render`, then `spec render
//! --reference-templates`) and every document must be byte for byte the
//! same: the bundled specs, the test data (with
//! `tests/data/render-edge-cases/` for the corners the others leave alone),
//! every rule fixture, a generated workspace, and the external corpus when
//! it is present. The union of the documents must reach each section the
//! templates can write, so that the comparison covers them.

mod common;
#[path = "../benches/support/mod.rs"]
#[allow(dead_code)]
mod support;

use common::subdirs;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Every file under `dir`, by its path relative to `dir`.
fn files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let relative = e.path().strip_prefix(dir).unwrap().to_path_buf();
            (relative, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

/// Renders `specs` both ways (from `cwd`, without spec.toml or cache) and
/// compares; returns the documents.
fn agree(cwd: &Path, specs: &[PathBuf]) -> BTreeMap<PathBuf, Vec<u8>> {
    let out = tempfile::tempdir().unwrap();
    let render = |folder: &str, reference: bool| {
        let target = out.path().join(folder);
        let mut args = vec![
            "render".to_owned(),
            "--isolated".to_owned(),
            "--no-cache".to_owned(),
            "--out".to_owned(),
            target.display().to_string(),
        ];
        if reference {
            args.push("--reference-templates".to_owned());
        }
        args.extend(specs.iter().map(|s| s.display().to_string()));
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let (code, _, stderr) = common::spec(cwd, &args);
        (code, stderr, files(&target))
    };
    let (code, stderr, native) = render("native", false);
    let (reference_code, reference_stderr, evaluated) = render("reference", true);
    assert_eq!(
        (code, &stderr),
        (reference_code, &reference_stderr),
        "{specs:?}"
    );
    assert_eq!(code, 0, "{specs:?}: {stderr}");
    assert_eq!(
        native.keys().collect::<Vec<_>>(),
        evaluated.keys().collect::<Vec<_>>(),
        "{specs:?}"
    );
    for (path, text) in &native {
        let expected = &evaluated[path];
        if text != expected {
            let (text, expected) = (
                String::from_utf8_lossy(text),
                String::from_utf8_lossy(expected),
            );
            let line = text
                .lines()
                .zip(expected.lines())
                .position(|(a, b)| a != b)
                .unwrap_or_else(|| text.lines().count().min(expected.lines().count()));
            panic!(
                "{}: the native document differs from the template's at line {}\n--- native\n{}\n--- template\n{}",
                path.display(),
                line + 1,
                text.lines().skip(line.saturating_sub(2)).take(6).collect::<Vec<_>>().join("\n"),
                expected.lines().skip(line.saturating_sub(2)).take(6).collect::<Vec<_>>().join("\n"),
            );
        }
    }
    native
}

/// What each section of the default templates writes, to find in the
/// documents compared: a section no spec reaches would not be compared.
const SECTIONS: &[&str] = &[
    // DASHBOARD.md
    "(counted)",
    "(coordinator)",
    "**Waits for gate:**",
    "**Closed by gate:**",
    "### Tasks without a phase",
    "## ⚠️ File Collision Risk",
    "(declared passed!)",
    "(not due yet)",
    "### Requirements of no feature",
    "*Given*",
    "Critical path:",
    "Without an estimate",
    "Not scheduled (dependency cycle)",
    "section Other tasks",
    "flowchart LR",
    "**Alert triggers:**",
    "## 📦 Deliverables",
    "## 🛡️ Risks",
    "**Outstanding**",
    "more: see the gate above",
    "more: run `spec check",
    "at least ",
    "a lower bound",
    // SUMMARY.md
    "**Done:**",
    "**Under way:**",
    "(in parallel)",
    "**Waiting:**",
    "## 🎯 Success Criteria",
    "Every task is done.",
    "Nothing can start now",
    "`spec check` reports",
    "it still",
    // COORDINATOR-LOG.md
    "### Dependency Tracking",
    "**Who:** every agent",
    "## 📡 Build Monitoring",
    "Success criteria:",
    "No mitigation recorded.",
    "**Decided on:**",
    "Alternatives considered:",
    "The last phase closes with",
    "which is not described as an `sg:Gate`",
    "No final gate",
    "````markdown",
    "## ✍️ Release Sign-Off",
    // briefings
    "**You coordinate this campaign.**",
    "- **Waits for:**",
    "**Waits for the gate:**",
    "Files you modify:",
    "No tasks are assigned to you",
    "Your memory keys:",
    "## Gates you own",
    "## Risks you own",
    "## Files you share with parallel work",
    "**on the critical path**",
];

#[test]
fn the_bundled_specs_test_data_and_fixtures_agree() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut dirs = subdirs(&root.join("specs"));
    dirs.extend(
        subdirs(&root.join("tests/data"))
            .into_iter()
            .filter(|d| d.to_string_lossy().ends_with("-edge-cases")),
    );
    for rule in subdirs(&root.join("tests/fixtures/rules")) {
        dirs.extend(subdirs(&rule));
    }
    dirs.extend(subdirs(&root.join("tests/fixtures/workspace/specs")));
    assert!(dirs.len() > 50, "{dirs:?}");
    let mut documents = 0;
    let mut text = String::new();
    // One spec a run: the fixtures of different rules share names.
    for dir in &dirs {
        for document in agree(root, std::slice::from_ref(dir)).values() {
            documents += 1;
            text.push_str(&String::from_utf8_lossy(document));
        }
    }
    let unreached: Vec<_> = SECTIONS.iter().filter(|s| !text.contains(**s)).collect();
    assert!(unreached.is_empty(), "no spec reaches {unreached:?}");
    common::report(&format!(
        "native templates: {} specs, {documents} documents the same both ways, {} sections reached",
        dirs.len(),
        SECTIONS.len()
    ));
}

#[test]
fn a_generated_workspace_agrees() {
    let root = tempfile::tempdir().unwrap();
    let mut dirs = Vec::new();
    for (i, current) in [None, Some(1), Some(2), Some(3)]
        .into_iter()
        .cycle()
        .take(8)
        .enumerate()
    {
        let shape = support::Shape {
            phases: 2 + i % 3,
            tasks_per_phase: 3 + i,
            agents: 2 + i % 4,
            current,
        };
        let name = format!("{i:03}-generated");
        let dir = root.path().join(&name);
        std::fs::create_dir_all(&dir).unwrap();
        let files = support::campaign(&name, shape, i as u64 + 11);
        for (file, text) in ["feature.ttl", "entities.ttl", "plan.ttl"]
            .iter()
            .zip(files)
        {
            std::fs::write(dir.join(file), text).unwrap();
        }
        dirs.push(dir);
    }
    let documents = agree(root.path(), &dirs);
    assert!(documents.len() > 8 * 4, "{}", documents.len());
}

#[test]
fn the_external_corpus_agrees() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/external/ggen-specs");
    if !corpus.is_dir() {
        common::skip(
            "native_templates::the_external_corpus_agrees",
            "../shared/external/ggen-specs is not present",
        );
        return;
    }
    let dirs = subdirs(&corpus);
    // All at once, as `spec render` loads a workspace: specs may import one another.
    let documents = agree(&std::env::temp_dir(), &dirs);
    common::report(&format!(
        "native templates: the corpus's {} specs, {} documents the same both ways",
        dirs.len(),
        documents.len()
    ));
}

/// A workspace that overrides `macros.j2` (only) gets its macros: the
/// templates that import it are evaluated, not written natively.
#[test]
fn an_overridden_macro_file_is_used() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let workspace = tempfile::tempdir().unwrap();
    let templates = workspace.path().join("templates");
    std::fs::create_dir_all(&templates).unwrap();
    let macros = std::fs::read_to_string(root.join("templates/macros.j2")).unwrap();
    let changed = macros.replace(
        "{% macro duration(schedule) -%}",
        "{% macro duration(schedule) -%}\nOVERRIDDEN ",
    );
    assert_ne!(macros, changed);
    std::fs::write(templates.join("macros.j2"), changed).unwrap();
    let spec = root.join("specs/007-optimize-build-times");
    let out = workspace.path().join("docs");
    let (code, _, stderr) = common::spec(
        workspace.path(),
        &[
            "render",
            "--isolated",
            "--no-cache",
            "--templates",
            templates.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            spec.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    for document in ["DASHBOARD.md", "SUMMARY.md", "COORDINATOR-LOG.md"] {
        let text =
            std::fs::read_to_string(out.join("007-optimize-build-times").join(document)).unwrap();
        assert!(text.contains("OVERRIDDEN"), "{document}");
    }
}
