//! One pass and one fail fixture per rule (`tests/fixtures/rules/<code>/`), with
//! snapshots of the diagnostics each fail fixture produces.

use specgraph::check::{builtin, check_spec, CheckConfig, RuleSet, SpecReport};
use specgraph::load::{load_spec, LoadOptions};
use specgraph::report::{human, Style};
use std::path::Path;

fn check(dir: &str) -> SpecReport {
    let spec = load_spec(Path::new(dir), &LoadOptions::default()).expect("fixture loads");
    check_spec(spec, &RuleSet::builtin(), &CheckConfig::default()).expect("rules run")
}

/// `file:line:column severity[code] message (help: …)`, one line per finding of `code`.
fn lines(report: &SpecReport, code: &str) -> String {
    report
        .findings
        .iter()
        .filter(|f| f.code == code)
        .map(|f| {
            let at = f
                .location
                .as_ref()
                .map(|l| format!("{}:{}:{}", l.file, l.line, l.column))
                .unwrap_or_else(|| "<no location>".into());
            let help = f
                .help
                .as_deref()
                .map(|h| format!("\n    help: {h}"))
                .unwrap_or_default();
            format!("{at} {}[{}] {}{help}\n", f.severity, f.code, f.message)
        })
        .collect()
}

fn rule_fixture(code: &str) {
    let pass = check(&format!("tests/fixtures/rules/{code}/pass"));
    assert_eq!(
        lines(&pass, code),
        "",
        "{code}: the pass fixture must not trigger the rule"
    );
    let fail = check(&format!("tests/fixtures/rules/{code}/fail"));
    let found = lines(&fail, code);
    assert!(
        !found.is_empty(),
        "{code}: the fail fixture must trigger the rule"
    );
    insta::assert_snapshot!(format!("{code}"), found);
    let mut only = SpecReport {
        findings: fail
            .findings
            .iter()
            .filter(|f| f.code == code)
            .cloned()
            .collect(),
        ..fail
    };
    only.findings.truncate(2);
    let rendered = human::render_spec(
        &only,
        Style {
            color: false,
            quiet: true,
        },
    );
    insta::assert_snapshot!(format!("{code}-human"), rendered);
}

#[test]
fn parse_error() {
    rule_fixture("parse-error");
}

#[test]
fn dangling_reference() {
    rule_fixture("dangling-reference");
}

#[test]
fn unknown_term() {
    rule_fixture("unknown-term");
}

#[test]
fn missing_property() {
    rule_fixture("missing-property");
}

#[test]
fn wrong_kind() {
    rule_fixture("wrong-kind");
}

#[test]
fn dependency_cycle() {
    rule_fixture("dependency-cycle");
}

#[test]
fn conflicting_values() {
    rule_fixture("conflicting-values");
}

#[test]
fn literal_names_resource() {
    rule_fixture("literal-names-resource");
}

#[test]
fn gate_claim_false() {
    rule_fixture("gate-claim-false");
}

#[test]
fn metric_target_direction() {
    rule_fixture("metric-target-direction");
}

#[test]
fn schedule_mismatch() {
    rule_fixture("schedule-mismatch");
}

#[test]
fn done_before_dependency() {
    rule_fixture("done-before-dependency");
}

#[test]
fn active_while_blocked() {
    rule_fixture("active-while-blocked");
}

#[test]
fn dependency_crosses_phase_backwards() {
    rule_fixture("dependency-crosses-phase-backwards");
}

#[test]
fn parallel_file_collision() {
    rule_fixture("parallel-file-collision");
}

#[test]
fn shacl_violation() {
    rule_fixture("shacl-violation");
}

#[test]
fn every_builtin_rule_has_fixtures() {
    for rule in builtin::rules() {
        for kind in ["pass", "fail"] {
            let dir = format!("tests/fixtures/rules/{}/{kind}", rule.code);
            assert!(Path::new(&dir).is_dir(), "missing {dir}");
        }
    }
}

#[test]
fn closure_counts_required_links() {
    let pass = check("tests/fixtures/rules/missing-property/pass");
    assert_eq!(pass.closure.present, pass.closure.expected);
    let fail = check("tests/fixtures/rules/missing-property/fail");
    let gaps = fail
        .findings
        .iter()
        .filter(|f| f.code == "missing-property")
        .count();
    assert_eq!(fail.closure.expected - fail.closure.present, gaps);
    // Agent (title, role) + Task (5) + Metric (5) + Gate (2) required links.
    assert_eq!(fail.closure.expected, 14);
}
