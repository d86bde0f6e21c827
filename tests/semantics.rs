//! Campaign semantics users can trust (issue 14): what `spec` computes must
//! agree with how campaigns use the words. One test per defect, end to end.

mod common;
use common::spec;

const HEAD: &str =
    "@prefix : <https://example.org/s#> .\n@prefix sg: <https://w3id.org/specgraph#> .\n";

fn workspace(plan: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let spec_dir = dir.path().join("specs/001-s");
    std::fs::create_dir_all(&spec_dir).unwrap();
    std::fs::write(spec_dir.join("plan.ttl"), format!("{HEAD}{plan}")).unwrap();
    std::fs::write(dir.path().join("spec.toml"), "").unwrap();
    dir
}

/// Four tasks: one done, one active, one ready, one blocked behind the
/// active one. Every summary partitions them: the counts add up to 4.
const FOUR: &str = ":a a sg:Agent ; sg:title \"A\" .\n\
    :t1 a sg:Task ; sg:title \"One\" ; sg:status sg:Done ; sg:assignee :a .\n\
    :t2 a sg:Task ; sg:title \"Two\" ; sg:status sg:Active ; sg:assignee :a ; sg:dependsOn :t1 .\n\
    :t3 a sg:Task ; sg:title \"Three\" ; sg:status sg:Pending ; sg:assignee :a .\n\
    :t4 a sg:Task ; sg:title \"Four\" ; sg:status sg:Pending ; sg:assignee :a ; sg:dependsOn :t2 .\n";

#[test]
fn task_counts_partition_the_tasks_and_active_is_its_own_state() {
    let ws = workspace(FOUR);
    let (code, out, err) = spec(ws.path(), &["status"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("4 tasks: 1 done, 1 active, 1 ready, 1 blocked"),
        "{out}"
    );
    // An active task is not offered as one to start.
    let (_, ready, _) = spec(ws.path(), &["status", "--ready"]);
    assert_eq!(ready.lines().count(), 1, "{ready}");
    assert!(ready.contains(":t3"), "{ready}");
    let (_, json, _) = spec(ws.path(), &["status", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    let states: Vec<&str> = json["specs"][0]["readiness"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["state"].as_str().unwrap())
        .collect();
    assert_eq!(states, ["done", "active", "ready", "blocked"]);
    let (code, _, err) = spec(ws.path(), &["render"]);
    assert_eq!(code, 0, "{err}");
    let summary = std::fs::read_to_string(ws.path().join("docs/001-s/SUMMARY.md")).unwrap();
    assert!(
        summary.contains("1/4 done (25%), 1 active, 1 ready to start, 1 blocked"),
        "{summary}"
    );
}

#[test]
fn gates_are_listed_in_the_order_of_the_phases_they_close() {
    // By IRI, :gate-a (phase 2) came before :gate-z (phase 1).
    let ws = workspace(
        ":p1 a sg:Phase ; sg:title \"P1\" ; sg:order 1 ; sg:gate :gate-z .\n\
         :p2 a sg:Phase ; sg:title \"P2\" ; sg:order 2 ; sg:gate :gate-a .\n\
         :gate-a a sg:Gate ; sg:title \"Second\" ; sg:criterion :c .\n\
         :gate-z a sg:Gate ; sg:title \"First\" ; sg:criterion :c .\n\
         :gate-m a sg:Gate ; sg:title \"Closes no phase\" ; sg:criterion :c .\n\
         :c a sg:Criterion ; sg:title \"C\" ; sg:satisfied true .\n",
    );
    let (_, out, _) = spec(ws.path(), &["gates"]);
    let first = out.find(":gate-z").unwrap();
    let second = out.find(":gate-a").unwrap();
    let last = out.find(":gate-m").unwrap();
    assert!(first < second && second < last, "{out}");
    let (_, json, _) = spec(ws.path(), &["gates", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    let ids: Vec<&str> = json["specs"][0]["gates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["gate"]["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [":gate-z", ":gate-a", ":gate-m"]);
}

#[test]
fn a_phase_declared_done_with_open_tasks_is_reported() {
    let ws = workspace(
        ":p1 a sg:Phase ; sg:title \"P1\" ; sg:order 1 ; sg:status sg:Done .\n\
         :t1 a sg:Task ; sg:title \"One\" ; sg:phase :p1 ; sg:status sg:Done .\n\
         :t2 a sg:Task ; sg:title \"Two\" ; sg:phase :p1 ; sg:status sg:Active .\n",
    );
    let (code, out, _) = spec(ws.path(), &["check", "--format", "json"]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains(":p1 is declared done, but not all its tasks are: :t2 not done"),
        "{out}"
    );
}
