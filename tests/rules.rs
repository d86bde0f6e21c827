//! One pass and one fail fixture per rule (`tests/fixtures/rules/<code>/`), with
//! snapshots of the diagnostics each fail fixture produces.

use specgraph::check::shacl::Shapes;
use specgraph::check::{builtin, check_spec, CheckConfig, RuleSet, SpecReport};
use specgraph::load::{load_spec, LoadOptions};
use specgraph::report::{human, Style};
use std::path::Path;

fn check(dir: &str) -> SpecReport {
    let spec = load_spec(Path::new(dir), &LoadOptions::default()).expect("fixture loads");
    check_spec(spec, &RuleSet::builtin(), &CheckConfig::default())
        .expect("rules run")
        .report
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

/// Every built-in rule, from the registry: its pass fixture is clean, its fail
/// fixture triggers it (snapshotted). A rule cannot exist without fixtures,
/// nor a fixture folder without its rule.
#[test]
fn every_builtin_rule_passes_and_fails_its_fixtures() {
    let codes: Vec<&str> = builtin::rules().iter().map(|r| r.code.as_str()).collect();
    for code in &codes {
        for kind in ["pass", "fail"] {
            let dir = format!("tests/fixtures/rules/{code}/{kind}");
            assert!(Path::new(&dir).is_dir(), "missing {dir}");
        }
        rule_fixture(code);
    }
    for entry in std::fs::read_dir("tests/fixtures/rules").unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        assert!(
            codes.contains(&name.as_str()),
            "tests/fixtures/rules/{name} belongs to no built-in rule"
        );
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

fn check_with_shapes(dir: &str, shapes: &str) -> SpecReport {
    let parsed = specgraph::load::parse::parse_turtle(shapes);
    assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
    let config = CheckConfig {
        shapes: Shapes::with_user(parsed.triples),
        ..CheckConfig::default()
    };
    let spec = load_spec(Path::new(dir), &LoadOptions::default()).expect("fixture loads");
    check_spec(spec, &RuleSet::builtin(), &config)
        .expect("rules run")
        .report
}

const SHAPES_PREFIXES: &str = "@prefix sg: <https://w3id.org/specgraph#> .\n\
    @prefix sgs: <https://w3id.org/specgraph/shapes#> .\n\
    @prefix sh: <http://www.w3.org/ns/shacl#> .\n";

#[test]
fn a_users_shapes_extend_closure_by_name() {
    let base = check("tests/fixtures/rules/missing-property/fail");
    let extended = check_with_shapes(
        "tests/fixtures/rules/missing-property/fail",
        &format!(
            "{SHAPES_PREFIXES}sgs:TaskShape sh:property [ sh:path sg:priority ; sh:minCount 1 ] ."
        ),
    );
    let messages: Vec<&str> = extended
        .findings
        .iter()
        .filter(|f| f.code == "missing-property")
        .map(|f| f.message.as_str())
        .collect();
    assert!(
        messages.contains(&":task-1 is a sg:Task without sg:priority"),
        "{messages:?}"
    );
    assert_eq!(extended.closure.expected, base.closure.expected + 1);
    assert_eq!(extended.closure.present, base.closure.present);
    assert!(
        extended
            .findings
            .iter()
            .all(|f| f.code != "shacl-violation"),
        "a closure requirement, not a shacl-violation"
    );
}

#[test]
fn a_users_shapes_relax_closure_by_name() {
    let base = check("tests/fixtures/rules/missing-property/fail");
    let relaxed = check_with_shapes(
        "tests/fixtures/rules/missing-property/fail",
        &format!("{SHAPES_PREFIXES}sgs:Task-estimateDays sh:deactivated true ."),
    );
    assert!(relaxed
        .findings
        .iter()
        .all(|f| !f.message.contains("without sg:estimateDays")));
    assert_eq!(relaxed.closure.expected, base.closure.expected - 1);
    assert_eq!(relaxed.closure.present, base.closure.present);
}

#[test]
fn a_users_own_shapes_stay_shacl_violations_and_count_towards_closure() {
    let base = check("tests/fixtures/rules/missing-property/pass");
    let report = check_with_shapes(
        "tests/fixtures/rules/missing-property/pass",
        &format!(
            "{SHAPES_PREFIXES}<https://example.org/shapes#Named> a sh:NodeShape ;\n\
             sh:targetClass sg:Task ; sh:property [ sh:path sg:priority ; sh:minCount 1 ] ."
        ),
    );
    assert!(report.findings.iter().any(|f| f.code == "shacl-violation"));
    // Every shape in force counts (issue 19): one more required link per
    // task, and the task without sg:priority is a gap.
    let gaps = report
        .findings
        .iter()
        .filter(|f| f.code == "shacl-violation")
        .count();
    assert!(report.closure.expected > base.closure.expected);
    assert_eq!(report.closure.present + gaps, report.closure.expected);
}

#[test]
fn turning_missing_property_off_keeps_the_closure_figure() {
    let spec = load_spec(
        Path::new("tests/fixtures/rules/missing-property/fail"),
        &LoadOptions::default(),
    )
    .unwrap();
    let mut config = CheckConfig::default();
    config
        .severities
        .insert("missing-property".to_owned(), None);
    let report = check_spec(spec, &RuleSet::builtin(), &config)
        .unwrap()
        .report;
    assert!(report.findings.iter().all(|f| f.code != "missing-property"));
    assert_eq!((report.closure.present, report.closure.expected), (7, 14));
}
