//! Vocabulary alignment and profiles (issue 19, items 2 and 3): a spec in
//! another vocabulary is read as a campaign by every command, not only
//! checked.

mod common;
use common::spec;
use std::path::Path;

/// A small spec-kit plan in the shape of the ggen corpus's
/// 014-affiliate-routing: hours, string assignees, an empty dependency.
const SPEC_KIT: &str = r#"@prefix sk: <http://github.com/github/spec-kit#> .
@prefix : <https://example.org/routing#> .

:feature a sk:Feature ;
    sk:name "Affiliate routing" ;
    sk:priority "P1" ;
    sk:hasUserStory :us-001 .

:us-001 a sk:UserStory ;
    sk:storyIndex 1 ;
    sk:title "Route resolution with caching" ;
    sk:priority "P1" ;
    sk:hasAcceptanceScenario :us-001-as-001 .

:us-001-as-001 a sk:AcceptanceScenario ;
    sk:given "a warm route cache" ;
    sk:when "GET /r/promo-123 is requested" ;
    sk:then "a 302 redirect within 5 ms" .

:plan a sk:Plan ;
    sk:name "Routing implementation" ;
    sk:hasTask :task-001, :task-002, :task-003 .

:task-001 a sk:Task ;
    sk:taskIndex 1 ;
    sk:title "Route resolver" ;
    sk:estimatedHours 4 ;
    sk:assignedTo "rust-coder" ;
    sk:userStoryRef "US1" ;
    sk:dependsOn "" .

:task-002 a sk:Task ;
    sk:taskIndex 2 ;
    sk:title "Receipt generator" ;
    sk:estimatedHours 6 ;
    sk:assignedTo "rust-coder" ;
    sk:dependsOn :task-001 .

:task-003 a sk:Task ;
    sk:taskIndex 3 ;
    sk:title "Integration tests" ;
    sk:estimatedHours 6 ;
    sk:assignedTo "test-engineer" ;
    sk:dependsOn :task-002 .
"#;

fn workspace(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    if !dir.path().join("spec.toml").exists() {
        std::fs::write(dir.path().join("spec.toml"), "").unwrap();
    }
    dir
}

fn status_json(dir: &Path) -> serde_json::Value {
    let (code, out, err) = spec(dir, &["status", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    serde_json::from_str(&out).unwrap()
}

fn readiness(json: &serde_json::Value) -> Vec<(String, String)> {
    json["specs"][0]["readiness"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["task"]["id"].as_str().unwrap().to_owned(),
                r["state"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[test]
fn a_spec_kit_spec_is_read_as_a_campaign() {
    let ws = workspace(&[("specs/014-routing/plan.ttl", SPEC_KIT)]);
    let dir = ws.path();
    // Before: "0 tasks" and an empty schedule.
    let (code, out, err) = spec(dir, &["status"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("3 tasks: 0 done, 0 active, 1 ready, 2 blocked"),
        "{out}"
    );
    assert!(
        out.contains(":task-001 (Route resolver)  @rust-coder"),
        "{out}"
    );
    // 16 hours at 8 hours a day.
    assert!(out.contains("schedule: 2 days"), "{out}");
    let json = status_json(dir);
    assert_eq!(
        readiness(&json),
        [
            (":task-001".to_owned(), "ready".to_owned()),
            (":task-002".to_owned(), "blocked".to_owned()),
            (":task-003".to_owned(), "blocked".to_owned()),
        ]
    );
    // The dashboard: the plan's name, stories, scenarios, tasks, schedule.
    let (code, _, err) = spec(dir, &["render", "--out", "docs"]);
    assert_eq!(code, 0, "{err}");
    let dashboard = std::fs::read_to_string(dir.join("docs/014-routing/DASHBOARD.md")).unwrap();
    for expected in [
        "# Routing implementation — Coordination Dashboard",
        "### Affiliate routing (P1)",
        "- **Route resolution with caching** (P1)",
        "*Given* a warm route cache, *when* GET /r/promo-123 is requested, *then* a 302 redirect within 5 ms",
        "| Route resolver ⚡ | rust-coder | – | 0.5 days | **ready to start** |",
        "Total: **2 days**.",
    ] {
        assert!(dashboard.contains(expected), "{expected}\n{dashboard}");
    }
    assert!(!dashboard.contains("Nothing can start now"), "{dashboard}");
    // Its rules: the empty dependency; story 1 is covered by task-001.
    let (_, out, _) = spec(dir, &["check", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let codes = common::codes(&json);
    assert_eq!(codes, ["sk-empty-dependency"], "{out}");
}

#[test]
fn hours_per_day_converts_hour_estimates() {
    let ws = workspace(&[
        ("specs/014-routing/plan.ttl", SPEC_KIT),
        ("spec.toml", "hours_per_day = 4\n"),
    ]);
    let (code, out, err) = spec(ws.path(), &["status"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("schedule: 4 days"), "{out}");
    std::fs::write(
        ws.path().join("spec.toml"),
        "roots = [\"specs\"]\nhours_per_day = 0\n",
    )
    .unwrap();
    let (code, _, err) = spec(ws.path(), &["status"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("spec.toml:2:17"), "{err}");
    assert!(
        err.contains("hours_per_day: 0 is not a number of hours in a day"),
        "{err}"
    );
}

/// A spec that aligns its own vocabulary with RDFS/OWL axioms.
const OWN_ALIGNMENT: &str = r#"@prefix sg: <https://w3id.org/specgraph#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix ex: <https://example.org/work#> .
@prefix : <https://example.org/plan#> .

ex:Job rdfs:subClassOf sg:Task .
ex:Chore rdfs:subClassOf ex:Job .
ex:Stage owl:equivalentClass sg:Phase .
ex:after rdfs:subPropertyOf sg:dependsOn .
ex:days owl:equivalentProperty sg:estimateDays .
ex:stage rdfs:subPropertyOf sg:phase .
ex:state rdfs:subPropertyOf sg:status .
ex:name rdfs:subPropertyOf sg:title .

:build a ex:Stage ; ex:name "Build" ; sg:order 1 .
:design a ex:Job ; ex:name "Design" ; ex:stage :build ; ex:days 2 ; ex:state "Complete" .
:code a ex:Chore ; ex:name "Code" ; ex:stage :build ; ex:days 3 ; ex:after :design .
:review a ex:Chore ; ex:name "Review" ; ex:stage :build ; ex:days 1 ; ex:after :code .
"#;

#[test]
fn a_spec_aligns_its_own_vocabulary_for_every_command() {
    let ws = workspace(&[("specs/001-own/plan.ttl", OWN_ALIGNMENT)]);
    let dir = ws.path();
    let (code, out, err) = spec(dir, &["status"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("3 tasks: 1 done, 0 active, 1 ready, 1 blocked"),
        "{out}"
    );
    assert!(out.contains(":build (Build)"), "{out}");
    assert!(out.contains("schedule: 6 days"), "{out}");
    let json = status_json(dir);
    assert_eq!(
        readiness(&json),
        [
            (":design".to_owned(), "done".to_owned()),
            (":code".to_owned(), "ready".to_owned()),
            (":review".to_owned(), "blocked".to_owned()),
        ]
    );
    // The export carries what the alignment entails, with the computed facts.
    let (code, out, err) = spec(dir, &["export", "--format", "nquads", "001"]);
    assert_eq!(code, 0, "{err}");
    for expected in [
        "<https://example.org/plan#code> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/specgraph#Task> .",
        "<https://example.org/plan#review> <https://w3id.org/specgraph#dependsOn> <https://example.org/plan#code> .",
        "<https://example.org/plan#code> <https://w3id.org/specgraph#readiness> \"ready\" .",
    ] {
        assert!(out.contains(expected), "{expected}\n{out}");
    }
}

#[test]
fn a_profile_file_named_in_spec_toml_applies_to_every_spec() {
    let profile = r#"@prefix sg: <https://w3id.org/specgraph#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix ex: <https://example.org/work#> .
ex:Job rdfs:subClassOf sg:Task .
ex:after rdfs:subPropertyOf sg:dependsOn .
"#;
    let plan = "@prefix ex: <https://example.org/work#> .\n@prefix : <https://example.org/p#> .\n\
        :a a ex:Job .\n:b a ex:Job ; ex:after :a .\n";
    let ws = workspace(&[
        ("specs/001-p/plan.ttl", plan),
        ("align/work.ttl", profile),
        ("spec.toml", "profiles = [\"align/work.ttl\"]\n"),
    ]);
    let (code, out, err) = spec(ws.path(), &["status"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("2 tasks: 0 done, 0 active, 1 ready, 1 blocked"),
        "{out}"
    );
    // Without the profile, nothing is a task.
    std::fs::write(ws.path().join("spec.toml"), "").unwrap();
    let (_, out, _) = spec(ws.path(), &["status"]);
    assert!(out.contains("0 tasks"), "{out}");
    // An unknown profile is a located configuration error.
    std::fs::write(ws.path().join("spec.toml"), "profiles = [\"spec-kid\"]\n").unwrap();
    let (code, _, err) = spec(ws.path(), &["status"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("spec.toml:1:13"), "{err}");
    assert!(
        err.contains("`spec-kid` is neither a bundled profile (spec-kit)"),
        "{err}"
    );
}

#[test]
fn a_profiles_rules_run_only_where_the_profile_is_on() {
    let rule = "# code: every-subject\n# severity: warning\n# profile: spec-kit\n\
        # summary: Lists subjects.\n# message: {subject}\n\
        SELECT DISTINCT ?subject WHERE { ?subject ?p ?o }\n";
    let plain = "@prefix : <https://example.org/q#> .\n:x :p 1 .\n";
    let ws = workspace(&[
        ("specs/001-kit/plan.ttl", SPEC_KIT),
        ("specs/002-plain/plan.ttl", plain),
        ("rules/every-subject.rq", rule),
    ]);
    let (_, out, err) = spec(ws.path(), &["check", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap_or_else(|_| panic!("{err}"));
    let count = |i: usize| {
        json["specs"][i]["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["code"] == "every-subject")
            .count()
    };
    assert!(count(0) > 0, "{out}");
    assert_eq!(count(1), 0, "{out}");
}

/// The corpus spec itself, as the issue's "done when" states it.
#[test]
#[cfg_attr(not(external_corpus), ignore = "../shared/external is not present")]
fn the_corpus_spec_kit_spec_lists_five_tasks_with_a_schedule_from_hours() {
    let source = Path::new("../shared/external/ggen-specs/014-affiliate-routing");
    let ws = workspace(&[]);
    let target = ws.path().join(".specify/specs/014-affiliate-routing");
    std::fs::create_dir_all(&target).unwrap();
    for entry in std::fs::read_dir(source).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), target.join(entry.file_name())).unwrap();
    }
    let (code, out, err) = spec(ws.path(), &["status"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("5 tasks: 0 done, 0 active, 1 ready, 4 blocked"),
        "{out}"
    );
    // 4 + 3 + 3 + 2 + 3 = 15 hours at 8 hours a day.
    assert!(out.contains("schedule: 1.875 days"), "{out}");
    let json = status_json(ws.path());
    let states = readiness(&json);
    assert_eq!(states[0], (":task-001".to_owned(), "ready".to_owned()));
    assert!(
        states[1..].iter().all(|(_, s)| s == "blocked"),
        "{states:?}"
    );
    let (code, _, err) = spec(ws.path(), &["render", "--out", "docs"]);
    assert_eq!(code, 0, "{err}");
    let dashboard =
        std::fs::read_to_string(ws.path().join("docs/014-affiliate-routing/DASHBOARD.md")).unwrap();
    assert!(
        dashboard.contains("# Affiliate Routing Implementation"),
        "{dashboard}"
    );
    assert!(dashboard.contains("**ready to start**"), "{dashboard}");
    assert!(
        dashboard.contains("Route resolution with zero-alloc caching"),
        "{dashboard}"
    );
}
