//! The scanning rules (`unknown-term`, `dangling-reference`,
//! `literal-names-resource`) are answered natively in one pass over the
//! parsed triples (src/check/scan.rs), and the ten that compare declarations
//! with the computed facts by reading the dataset (src/check/native.rs);
//! their `.rq` files stay the definition.
//! Every spec below is checked both ways, and the two reports must agree
//! finding for finding: the rule fixtures, the test data, the example specs,
//! a generated workspace with defects sown into it, the edge cases of
//! `tests/data/{scan,computed,schedule}-edge-cases/`, and the external
//! corpus when it is present.

mod common;
#[path = "../benches/support/mod.rs"]
#[allow(dead_code)]
mod support;

use common::subdirs;
use specgraph::check::{check_spec, CheckConfig, RuleSet};
use specgraph::load::imports::Imports;
use specgraph::load::{load_spec, LoadOptions};
use std::path::{Path, PathBuf};
use std::sync::Arc;

const SCANNING: [&str; 3] = [
    "unknown-term",
    "dangling-reference",
    "literal-names-resource",
];

/// A finding as the user sees it; a blank node's label is drawn at random
/// on every load, so it is written `_:b`.
fn lines(dir: &Path, options: &LoadOptions, reference_rules: bool) -> Vec<String> {
    let spec = load_spec(dir, options).expect("spec loads");
    let config = CheckConfig {
        reference_rules,
        ..CheckConfig::default()
    };
    let checked = check_spec(spec, &RuleSet::builtin(), &config).expect("rules run");
    checked
        .report
        .findings
        .iter()
        .map(|f| {
            let blank = |t: &Option<String>| match t.as_deref() {
                Some(t) if t.starts_with("_:") => "_:b".to_owned(),
                other => other.unwrap_or_default().to_owned(),
            };
            let at = f
                .location
                .as_ref()
                .map(|l| format!("{}:{}:{}", l.file, l.line, l.column))
                .unwrap_or_default();
            format!(
                "{at} {}[{}] {} | {} | {} | {} {} {}",
                f.severity,
                f.code,
                f.message,
                f.help.as_deref().unwrap_or_default(),
                f.label.as_deref().unwrap_or_default(),
                blank(&f.subject),
                f.predicate.as_deref().unwrap_or_default(),
                f.object.as_deref().unwrap_or_default(),
            )
        })
        .collect()
}

/// The rules answered from the computed facts (src/check/native.rs).
const COMPUTED: [&str; 10] = specgraph::check::native::CODES;

/// Compares both ways on each of `dirs`; returns how many findings of the
/// scanning rules each code had, for the caller to check the data exercised
/// it, and those of the rules answered from the computed facts.
fn agree(dirs: &[PathBuf], options: &LoadOptions) -> [usize; 3] {
    agree_all(dirs, options).0
}

fn agree_all(dirs: &[PathBuf], options: &LoadOptions) -> ([usize; 3], [usize; 10]) {
    let mut counts = [0; 3];
    let mut computed = [0; 10];
    for dir in dirs {
        let native = lines(dir, options, false);
        let reference = lines(dir, options, true);
        assert_eq!(
            native,
            reference,
            "{}: the native scan and the rules' queries disagree",
            dir.display()
        );
        let count = |code: &str| {
            native
                .iter()
                .filter(|l| l.contains(&format!("[{code}]")))
                .count()
        };
        for (n, code) in counts.iter_mut().zip(SCANNING) {
            *n += count(code);
        }
        for (n, code) in computed.iter_mut().zip(COMPUTED) {
            *n += count(code);
        }
    }
    (counts, computed)
}

#[test]
fn the_fixtures_examples_and_edge_cases_agree() {
    let mut dirs = vec![
        PathBuf::from("tests/data/scan-edge-cases"),
        PathBuf::from("tests/data/computed-edge-cases"),
        PathBuf::from("tests/data/schedule-edge-cases"),
    ];
    for rule in subdirs(Path::new("tests/fixtures/rules")) {
        dirs.extend(subdirs(&rule));
    }
    dirs.extend(subdirs(Path::new("tests/fixtures/workspace/specs")));
    dirs.extend(subdirs(Path::new("specs")));
    let (counts, computed) = agree_all(&dirs, &LoadOptions::default());
    common::report(&format!(
        "reference rules: {} specs agree; unknown-term {}, dangling-reference {}, literal-names-resource {}; {}",
        dirs.len(),
        counts[0],
        counts[1],
        counts[2],
        COMPUTED
            .iter()
            .zip(computed)
            .map(|(code, n)| format!("{code} {n}"))
            .collect::<Vec<_>>()
            .join(", ")
    ));
    assert!(
        counts.iter().all(|&c| c >= 5),
        "every scanning rule has findings to compare: {counts:?}"
    );
    assert!(
        computed.iter().all(|&c| c >= 1),
        "every rule answered from the computed facts has findings to compare: {computed:?}"
    );
}

/// Typos, dangling links and names as strings, sown into generated specs
/// at places that vary with the seed.
fn with_defects(text: &str, seed: usize) -> String {
    let mut text = text.replacen("sg:dependsOn", "sg:dependOn", 1 + seed % 3);
    text = text.replacen("sg:Done", "sg:Finished", seed % 2);
    text.push_str(&format!(
        "\n:stray-{seed} sg:dependsOn :task-missing-{seed} ; sg:relatedTo \"agent-{}\" ;\n    a rdf:Class ; rdfs:seeAlso :nothing .\n",
        seed % 4
    ));
    text.push_str("@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .\n@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n");
    text
}

#[test]
fn a_generated_workspace_with_defects_agrees() {
    let root = tempfile::tempdir().unwrap();
    let shape = support::Shape {
        phases: 3,
        tasks_per_phase: 6,
        agents: 4,
        current: None,
    };
    let dirs: Vec<PathBuf> = (0..12)
        .map(|i| {
            let dir = root.path().join(format!("{i:03}-generated"));
            std::fs::create_dir_all(&dir).unwrap();
            let files = support::campaign(&format!("{i:03}-generated"), shape, i as u64 + 7);
            for (name, text) in ["feature.ttl", "entities.ttl", "plan.ttl"]
                .iter()
                .zip(files)
            {
                let text = if *name == "plan.ttl" {
                    with_defects(&text, i)
                } else {
                    text
                };
                std::fs::write(dir.join(name), text).unwrap();
            }
            dir
        })
        .collect();
    let counts = agree(&dirs, &LoadOptions::default());
    assert!(
        counts.iter().all(|&c| c >= 12),
        "the sown defects are found: {counts:?}"
    );
}

#[test]
fn the_external_corpus_agrees() {
    let corpus = Path::new("../shared/external/ggen-specs");
    if !corpus.is_dir() {
        common::skip(
            "the_external_corpus_agrees",
            "../shared/external/ggen-specs is not present",
        );
        return;
    }
    let dirs = subdirs(corpus);
    // As `spec check` loads them: specs may import one another.
    let options = LoadOptions {
        imports: Arc::new(Imports::new(dirs.clone())),
        ..LoadOptions::default()
    };
    let counts = agree(&dirs, &options);
    common::report(&format!(
        "reference rules: the corpus's {} specs agree; unknown-term {}, dangling-reference {}, literal-names-resource {}",
        dirs.len(),
        counts[0],
        counts[1],
        counts[2]
    ));
    assert!(counts.iter().all(|&c| c >= 20), "{counts:?}");
}

#[test]
fn the_flag_runs_the_queries_from_the_command_line() {
    let dir = Path::new("tests/data/scan-edge-cases");
    let (code, native, _) = common::spec(
        Path::new("."),
        &[
            "check",
            "--isolated",
            "--format",
            "json",
            dir.to_str().unwrap(),
        ],
    );
    let (reference_code, reference, stderr) = common::spec(
        Path::new("."),
        &[
            "check",
            "--isolated",
            "--reference-rules",
            "--format",
            "json",
            dir.to_str().unwrap(),
        ],
    );
    assert_eq!((code, reference_code), (1, 1), "{stderr}");
    let blank = |s: &str| {
        regex::Regex::new("_:[0-9a-f]+")
            .unwrap()
            .replace_all(s, "_:b")
            .into_owned()
    };
    assert_eq!(blank(&native), blank(&reference));
    assert!(native.contains("literal-names-resource"));
}

/// A done phase whose open task is a blank node names it in words: with
/// `sg:compact` unbound for it, the message read "tasks are:  not done".
#[test]
fn a_blank_node_task_is_named_in_words() {
    let found = lines(
        Path::new("tests/data/computed-edge-cases"),
        &LoadOptions::default(),
        false,
    );
    assert!(
        found.iter().any(|l| l.contains(
            "[phase-done-with-open-tasks] :phase-1 is declared done, but not all its tasks are: a task without an IRI not done"
        )),
        "{found:#?}"
    );
}
