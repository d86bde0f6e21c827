//! `spec check` on every bundled example spec (`specs/`), and on the real,
//! defective ggen tree in `../shared/external/ggen-specs/` when it is present.

mod common;

use common::subdirs;
use specgraph::check::{check_spec, CheckConfig, RuleSet};
use specgraph::load::{load_spec, LoadOptions};
use std::path::{Path, PathBuf};
use std::process::Command;

#[test]
fn example_specs_load_cleanly_and_report_only_their_documented_gaps() {
    let specs = subdirs(Path::new("specs"));
    assert_eq!(
        specs.len(),
        3,
        "007-optimize-build-times, phase7-release, rustydb-v065"
    );
    for dir in specs {
        let spec = load_spec(&dir, &LoadOptions::default()).unwrap();
        let name = spec.sources.name.clone();
        assert!(
            spec.sources.triple_count > 800,
            "{name} encodes its seed completely"
        );
        let report = check_spec(spec, &RuleSet::builtin(), &CheckConfig::default())
            .unwrap()
            .report;
        let mut text = format!(
            "closure {}/{} ({:.1}%)\n",
            report.closure.present,
            report.closure.expected,
            report
                .closure
                .percent()
                .expect("the examples have required links")
        );
        for f in &report.findings {
            let l = f.location.as_ref().expect("every finding is located");
            text.push_str(&format!("{}:{} {} {}\n", l.file, l.line, f.code, f.message));
        }
        insta::assert_snapshot!(name.clone(), text);
        // The seeds claim "100% closure"; the data shows what is really missing.
        assert!(report.closure.present < report.closure.expected, "{name}");
        // Every kind of finding is a documented gap or seed contradiction.
        let readme = std::fs::read_to_string(format!("specs/{name}/README.md")).unwrap();
        for finding in &report.findings {
            assert!(
                readme.contains(&format!("`{}`", finding.code)),
                "{name}: README.md does not document `{}` findings:\n{text}",
                finding.code
            );
        }
    }
}

#[test]
fn bundled_workspace_checks_end_to_end() {
    let out = Command::new(env!("CARGO_BIN_EXE_spec"))
        .args(["check", "--quiet", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "the example specs have closure gaps"
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["specs"].as_array().unwrap().len(), 3);
}

/// Which files oxttl alone refuses, to compare with what `spec` reports.
fn unparseable(files: &[PathBuf]) -> Vec<PathBuf> {
    files
        .iter()
        .filter(|f| {
            let bytes = std::fs::read(f).unwrap();
            oxttl::TurtleParser::new()
                .for_slice(&bytes)
                .any(|r| r.is_err())
        })
        .cloned()
        .collect()
}

#[test]
#[cfg_attr(not(external_corpus), ignore = "../shared/external is not present")]
fn real_defective_tree_is_reported_without_panic() {
    let root = Path::new("../shared/external/ggen-specs");
    let dirs = subdirs(root);
    let out = Command::new(env!("CARGO_BIN_EXE_spec"))
        .arg("check")
        .args(&dirs)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let findings: Vec<&serde_json::Value> = json["specs"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["findings"].as_array().unwrap())
        .collect();

    let all_files: Vec<PathBuf> = dirs
        .iter()
        .flat_map(|d| specgraph::load::spec_files(d).unwrap())
        .collect();
    let bad = unparseable(&all_files);
    assert!(
        bad.len() >= 10,
        "about a quarter of the 58 files do not parse"
    );
    for file in &bad {
        let shown = specgraph::load::display_path(file);
        assert!(
            findings.iter().any(|f| f["code"] == "parse-error"
                && f["file"] == shown.as_str()
                && f["line"].as_u64().is_some_and(|l| l > 0)
                && f["column"].as_u64().is_some_and(|c| c > 0)),
            "{shown} does not parse but has no located parse-error"
        );
    }
    // A known dangling reference: poka-yoke patterns point at :Prevent, described nowhere.
    assert!(findings.iter().any(|f| f["code"] == "dangling-reference"
        && f["message"]
            .as_str()
            .unwrap()
            .starts_with(":Prevent is used by")));
    assert!(
        findings
            .iter()
            .filter(|f| f["code"] == "dangling-reference")
            .count()
            > 100
    );
}
