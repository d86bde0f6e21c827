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
    // In dependency order: :t1, :t3, :t2, :t4.
    assert_eq!(states, ["done", "ready", "active", "blocked"]);
    let (code, _, err) = spec(ws.path(), &["render"]);
    assert_eq!(code, 0, "{err}");
    let summary = std::fs::read_to_string(ws.path().join("docs/001-s/SUMMARY.md")).unwrap();
    assert!(
        summary.contains("1/4 done (25%), 1 active, 1 ready to start, 1 blocked"),
        "{summary}"
    );
    // Next steps: finish what is under way, start what is ready; never
    // "start" an active task.
    assert!(
        summary.contains("1. **A:** finish Two, under way."),
        "{summary}"
    );
    assert!(summary.contains("2. **A:** start Three."), "{summary}");
    assert!(!summary.contains("start Two"), "{summary}");
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

/// Three gated phases. Phase 1 is done; phase 2 has not started, although
/// its gate's metric criterion already holds; phase 3 waits.
const THREE_PHASES: &str = ":a a sg:Agent ; sg:title \"A\" .\n\
    :p1 a sg:Phase ; sg:title \"P1\" ; sg:order 1 ; sg:gate :g1 .\n\
    :p2 a sg:Phase ; sg:title \"P2\" ; sg:order 2 ; sg:gate :g2 .\n\
    :p3 a sg:Phase ; sg:title \"P3\" ; sg:order 3 ; sg:gate :g3 .\n\
    :g1 a sg:Gate ; sg:title \"G1\" ; sg:criterion :c1 .\n\
    :g2 a sg:Gate ; sg:title \"G2\" ; sg:criterion :c2 .\n\
    :g3 a sg:Gate ; sg:title \"G3\" ; sg:criterion :c3 .\n\
    :c1 a sg:Criterion ; sg:title \"Reviewed\" ; sg:satisfied true .\n\
    :c2 a sg:Criterion ; sg:title \"Fast\" ; sg:metric :m ; sg:comparator \"<=\" ; sg:threshold 15 .\n\
    :c3 a sg:Criterion ; sg:title \"Signed off\" ; sg:satisfied false .\n\
    :m a sg:Metric ; sg:title \"Build\" ; sg:unit \"s\" .\n\
    :m1 a sg:Measurement ; sg:metric :m ; sg:value 12 ; sg:at \"2026-01-02\"^^<http://www.w3.org/2001/XMLSchema#date> .\n\
    :t1 a sg:Task ; sg:title \"One\" ; sg:phase :p1 ; sg:status sg:Done ; sg:assignee :a .\n\
    :t2 a sg:Task ; sg:title \"Two\" ; sg:phase :p2 ; sg:status sg:Pending ; sg:assignee :a .\n\
    :t3 a sg:Task ; sg:title \"Three\" ; sg:phase :p3 ; sg:status sg:Pending ; sg:assignee :a .\n";

fn gate_states(ws: &std::path::Path) -> Vec<(String, String)> {
    common::states(&common::json(ws, &["gates"]), "gates", "gate")
}

fn readiness(ws: &std::path::Path) -> Vec<(String, String)> {
    common::states(&common::json(ws, &["status"]), "readiness", "task")
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
        .collect()
}

#[test]
fn a_gate_passes_only_when_its_phase_work_is_done() {
    let ws = workspace(THREE_PHASES);
    // Before: :g2 PASSED on its measurement alone, and :t3 was READY
    // while phase 2 had not started.
    assert_eq!(
        gate_states(ws.path()),
        pairs(&[(":g1", "passed"), (":g2", "pending"), (":g3", "pending")])
    );
    assert_eq!(
        readiness(ws.path()),
        pairs(&[(":t1", "done"), (":t2", "ready"), (":t3", "blocked")])
    );
    let (_, out, _) = spec(ws.path(), &["gates"]);
    assert!(
        out.contains("work: 1 of 1 task of :p2 not done: :t2"),
        "{out}"
    );
    let (_, out, _) = spec(ws.path(), &["status"]);
    assert!(out.contains("waits for entry gate :g2 is pending"), "{out}");
}

#[test]
fn a_gate_fails_only_when_it_is_due() {
    // Day 0: phase 3's unticked sign-off is "not yet", not a failure.
    let ws = workspace(THREE_PHASES);
    let (_, out, _) = spec(ws.path(), &["gates"]);
    assert!(out.contains(":g3 (G3): PENDING"), "{out}");
    assert!(out.contains("· :c3 (Signed off): not checked"), "{out}");
    let (_, json, _) = spec(ws.path(), &["gates", "--format", "json"]);
    assert!(json.contains("\"verdict\": \"not-yet\""), "{json}");
    // Phase 3's work done: the gate is due and fails on the unticked item.
    let done = THREE_PHASES
        .replace(":p2 ; sg:status sg:Pending", ":p2 ; sg:status sg:Done")
        .replace(":p3 ; sg:status sg:Pending", ":p3 ; sg:status sg:Done");
    let ws = workspace(&done);
    assert_eq!(
        gate_states(ws.path()),
        pairs(&[(":g1", "passed"), (":g2", "passed"), (":g3", "failed")])
    );
    // A phase declared done makes its gate due too, work open or not.
    let declared = THREE_PHASES.replace(
        ":p3 a sg:Phase ; sg:title \"P3\"",
        ":p3 a sg:Phase ; sg:status sg:Done ; sg:title \"P3\"",
    );
    let ws = workspace(&declared);
    assert_eq!(gate_states(ws.path())[2], (":g3".into(), "failed".into()));
}

#[test]
fn readiness_waits_for_every_earlier_gate() {
    // Phase 2's task is declared done although phase 1 is still open, so
    // :g2 passes; phase 3 must still wait for :g1.
    let plan = THREE_PHASES
        .replace(":p1 ; sg:status sg:Done", ":p1 ; sg:status sg:Active")
        .replace(":p2 ; sg:status sg:Pending", ":p2 ; sg:status sg:Done");
    let ws = workspace(&plan);
    assert_eq!(
        gate_states(ws.path()),
        pairs(&[(":g1", "pending"), (":g2", "passed"), (":g3", "pending")])
    );
    assert_eq!(
        readiness(ws.path()),
        pairs(&[(":t1", "active"), (":t2", "done"), (":t3", "blocked")])
    );
    let (_, out, _) = spec(ws.path(), &["status"]);
    assert!(out.contains("waits for entry gate :g1 is pending"), "{out}");
}

/// Phases with declared durations and tasks without estimates, as in the
/// seed documents ("Phase 1, 2 days; Phase 2, 3 days; Phase 3, 1 day").
const DECLARED: &str = ":a a sg:Agent ; sg:title \"A\" .\n\
    :campaign a sg:Campaign ; sg:title \"C\" ; sg:startDate \"2026-01-25\"^^<http://www.w3.org/2001/XMLSchema#date> .\n\
    :p1 a sg:Phase ; sg:title \"P1\" ; sg:order 1 ; sg:gate :g1 ; sg:estimateDays 2 .\n\
    :p2 a sg:Phase ; sg:title \"P2\" ; sg:order 2 ; sg:gate :g2 ; sg:estimateDays 3 .\n\
    :p3 a sg:Phase ; sg:title \"P3\" ; sg:order 3 ; sg:gate :g3 ; sg:estimateDays 1 .\n\
    :g1 a sg:Gate ; sg:title \"G1\" ; sg:criterion :c .\n\
    :g2 a sg:Gate ; sg:title \"G2\" ; sg:criterion :c .\n\
    :g3 a sg:Gate ; sg:title \"G3\" ; sg:criterion :c .\n\
    :c a sg:Criterion ; sg:title \"C\" ; sg:satisfied true .\n\
    :t1 a sg:Task ; sg:title \"One\" ; sg:phase :p1 ; sg:status sg:Pending ; sg:assignee :a .\n\
    :t2 a sg:Task ; sg:title \"Two\" ; sg:phase :p2 ; sg:status sg:Pending ; sg:assignee :a ; sg:estimateDays 1 .\n\
    :t2b a sg:Task ; sg:title \"Two b\" ; sg:phase :p2 ; sg:status sg:Pending ; sg:assignee :a .\n\
    :t3 a sg:Task ; sg:title \"Three\" ; sg:phase :p3 ; sg:status sg:Pending ; sg:assignee :a .\n";

#[test]
fn the_schedule_uses_declared_phase_durations() {
    let ws = workspace(DECLARED);
    let (_, out, _) = spec(ws.path(), &["status"]);
    // Before: "0 days (a lower bound)", every phase on day 0.
    assert!(
        out.contains("schedule: 6 days from 2026-01-25, done by 2026-01-31"),
        "{out}"
    );
    assert!(!out.contains("lower bound"), "{out}");
    assert!(
        out.contains(":p2 (P2) · day 2–5 (3 days, as declared)"),
        "{out}"
    );
    assert!(
        out.contains(":t2 (Two)  @a · Pending · blocked · day 2–3"),
        "{out}"
    );
    let (_, json, _) = spec(ws.path(), &["status", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    let schedule = &json["specs"][0]["schedule"];
    assert_eq!(schedule["total_days"], 6.0);
    assert_eq!(schedule["phases"][1]["by_declared"], true);
    assert_eq!(schedule["critical_path"][0], ":p1");
    spec(ws.path(), &["render"]);
    let summary = std::fs::read_to_string(ws.path().join("docs/001-s/SUMMARY.md")).unwrap();
    assert!(
        summary.contains("6 days, 2026-01-25 → 2026-01-31"),
        "{summary}"
    );
    let (_, turtle, _) = spec(ws.path(), &["export", "001-s"]);
    assert!(
        turtle.contains("sg:computedDays \"6\"^^xsd:decimal"),
        "{turtle}"
    );

    // A phase whose tasks all have estimates is timed by them.
    let ws = workspace(&DECLARED.replace(
        ":t2b a sg:Task ; sg:title \"Two b\" ; sg:phase :p2 ;",
        ":t2b a sg:Task ; sg:title \"Two b\" ; sg:phase :p2 ; sg:estimateDays 1 ;",
    ));
    let (_, out, _) = spec(ws.path(), &["status"]);
    assert!(out.contains(":p2 (P2) · day 2–3 (1 day)"), "{out}");
}

#[test]
fn without_any_estimate_no_schedule_is_claimed() {
    // Before: `spec status` said "0 days, done by …" where the documents
    // said the schedule was not computed.
    let plan = DECLARED
        .replace(" ; sg:estimateDays 3 ", " ")
        .replace(" ; sg:estimateDays 2 ", " ")
        .replace(" ; sg:estimateDays 1 ", " ");
    let ws = workspace(&plan);
    let (_, out, _) = spec(ws.path(), &["status"]);
    assert!(
        out.contains("schedule: not computed: no task or phase has sg:estimateDays"),
        "{out}"
    );
    assert!(!out.contains("day 0"), "{out}");
    spec(ws.path(), &["render"]);
    let summary = std::fs::read_to_string(ws.path().join("docs/001-s/SUMMARY.md")).unwrap();
    assert!(
        summary.contains("not computed: no task or phase has an estimate"),
        "{summary}"
    );
}

#[test]
fn tasks_and_criteria_follow_sg_order_not_iris() {
    // By IRI, :t-a (order 2) came before :t-z (order 1), and :c-a before :c-z.
    let ws = workspace(
        ":a a sg:Agent ; sg:title \"A\" .\n\
         :p1 a sg:Phase ; sg:title \"P1\" ; sg:order 1 ; sg:gate :g .\n\
         :g a sg:Gate ; sg:title \"G\" ; sg:criterion :c-a , :c-z .\n\
         :c-a a sg:Criterion ; sg:title \"Second\" ; sg:order 2 ; sg:satisfied false .\n\
         :c-z a sg:Criterion ; sg:title \"First\" ; sg:order 1 ; sg:satisfied false .\n\
         :t-a a sg:Task ; sg:title \"Second\" ; sg:order 2 ; sg:phase :p1 ; sg:status sg:Pending ; sg:assignee :a .\n\
         :t-z a sg:Task ; sg:title \"First\" ; sg:order 1 ; sg:phase :p1 ; sg:status sg:Pending ; sg:assignee :a .\n\
         :t-b a sg:Task ; sg:title \"After its dependency\" ; sg:phase :p1 ; sg:status sg:Pending ; sg:assignee :a ; sg:dependsOn :t-c .\n\
         :t-c a sg:Task ; sg:title \"Dependency\" ; sg:phase :p1 ; sg:status sg:Pending ; sg:assignee :a .\n",
    );
    let ids: Vec<String> = readiness(ws.path()).into_iter().map(|(id, _)| id).collect();
    assert_eq!(ids, [":t-z", ":t-a", ":t-c", ":t-b"]);
    let (_, out, _) = spec(ws.path(), &["status"]);
    let at = |id: &str| out.find(&format!("    {id} ")).unwrap();
    assert!(
        at(":t-z") < at(":t-a") && at(":t-a") < at(":t-c") && at(":t-c") < at(":t-b"),
        "{out}"
    );
    let (_, out, _) = spec(ws.path(), &["gates"]);
    assert!(
        out.find(":c-z").unwrap() < out.find(":c-a").unwrap(),
        "{out}"
    );
    spec(ws.path(), &["render"]);
    // The criteria checklists are in the coordinator log.
    let log = std::fs::read_to_string(ws.path().join("docs/001-s/COORDINATOR-LOG.md")).unwrap();
    let first = log.find("- [ ] First").unwrap();
    assert!(first < log.find("- [ ] Second").unwrap(), "{log}");
}

#[test]
fn declared_states_that_the_data_contradicts_are_reported() {
    // Phase 1 is declared done and its gate fails; phase 2's :t2 is declared
    // done behind it, and :t3 depends on :t2. :t4 is declared blocked
    // although nothing blocks it.
    let plan = ":a a sg:Agent ; sg:title \"A\" .\n\
        :p1 a sg:Phase ; sg:title \"P1\" ; sg:order 1 ; sg:gate :g1 ; sg:status sg:Done .\n\
        :p2 a sg:Phase ; sg:title \"P2\" ; sg:order 2 ; sg:gate :g2 .\n\
        :g1 a sg:Gate ; sg:title \"G1\" ; sg:criterion :no .\n\
        :g2 a sg:Gate ; sg:title \"G2\" ; sg:criterion :yes .\n\
        :no a sg:Criterion ; sg:title \"No\" ; sg:satisfied false .\n\
        :yes a sg:Criterion ; sg:title \"Yes\" ; sg:satisfied true .\n\
        :t1 a sg:Task ; sg:title \"One\" ; sg:phase :p1 ; sg:status sg:Done ; sg:assignee :a .\n\
        :t2 a sg:Task ; sg:title \"Two\" ; sg:phase :p2 ; sg:status sg:Done ; sg:assignee :a .\n\
        :t3 a sg:Task ; sg:title \"Three\" ; sg:phase :p2 ; sg:status sg:Pending ; sg:assignee :a ; sg:dependsOn :t2 .\n\
        :t4 a sg:Task ; sg:title \"Four\" ; sg:status sg:Blocked ; sg:assignee :a .\n";
    let ws = workspace(plan);
    // :t2 being done does not release :t3: the failed gate still holds it.
    let states = readiness(ws.path());
    assert!(
        states.contains(&(":t3".into(), "blocked".into())),
        "{states:?}"
    );
    assert!(
        states.contains(&(":t4".into(), "ready".into())),
        "{states:?}"
    );
    let (code, out, _) = spec(ws.path(), &["check"]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains(":t2 is declared done, but the entry gate :g1 of its phase fails"),
        "{out}"
    );
    assert!(
        out.contains("blocked-but-ready")
            && out.contains(":t4 is declared blocked, but everything it waits for is done"),
        "{out}"
    );
}

#[test]
fn a_limit_is_a_bound_to_keep_not_a_target() {
    // "Keep clippy warnings under 20": baseline 12, limit 20.
    let ws = workspace(
        ":m a sg:Metric ; sg:title \"Clippy warnings\" ; sg:unit \"count\" ; sg:baseline 12 ; sg:limit 20 ; sg:direction sg:LowerIsBetter .\n\
         :g a sg:Gate ; sg:title \"G\" ; sg:status sg:Passed ; sg:criterion :c .\n\
         :c a sg:Criterion ; sg:title \"Under 20\" ; sg:metric :m ; sg:comparator \"<\" ; sg:threshold 20 .\n",
    );
    let (_, out, _) = spec(ws.path(), &["check", "--format", "json"]);
    // Before: a metric-target-direction error (target 20 above baseline 12).
    assert!(!out.contains("metric-target-direction"), "{out}");
    // A limit closes the metric as a target would.
    assert!(!out.contains("without sg:target"), "{out}");
    let (_, out, _) = spec(ws.path(), &["status"]);
    assert!(
        out.contains(":m: 12 count → – → limit <= 20 count · – · within limit"),
        "{out}"
    );
    // The baseline is the current value until the first measurement.
    let (code, out, _) = spec(ws.path(), &["gates"]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("✓ :c (Under 20): :m 12 count < 20 count, the baseline: no measurement yet"),
        "{out}"
    );
    // A measurement over the limit breaks it, and the gate declared passed fails.
    let ws = workspace(
        ":m a sg:Metric ; sg:title \"Clippy warnings\" ; sg:unit \"count\" ; sg:baseline 12 ; sg:limit 20 ; sg:direction sg:LowerIsBetter .\n\
         :x a sg:Measurement ; sg:metric :m ; sg:value 31 ; sg:at \"2026-01-02\"^^<http://www.w3.org/2001/XMLSchema#date> .\n\
         :g a sg:Gate ; sg:title \"G\" ; sg:status sg:Passed ; sg:criterion :c .\n\
         :c a sg:Criterion ; sg:title \"Under 20\" ; sg:metric :m ; sg:comparator \"<\" ; sg:threshold 20 .\n",
    );
    let (_, out, _) = spec(ws.path(), &["status"]);
    assert!(out.contains("· over limit"), "{out}");
    let (code, out, _) = spec(ws.path(), &["gates"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains(":g (G): FAILED"), "{out}");
    spec(ws.path(), &["render"]);
    let dashboard = std::fs::read_to_string(ws.path().join("docs/001-s/DASHBOARD.md")).unwrap();
    assert!(dashboard.contains("limit <= 20 count"), "{dashboard}");
    assert!(dashboard.contains("❌ over limit"), "{dashboard}");
}

/// A blank node label belongs to its file (RDF: a label is scoped to its
/// document): `_:c` in two files is two criteria, not one with both titles.
#[test]
fn a_blank_node_label_in_two_files_names_two_nodes() {
    let ws =
        workspace(":g a sg:Gate ; sg:title \"G\" ; sg:criterion _:c .\n_:c sg:title \"first\" .\n");
    std::fs::write(
        ws.path().join("specs/001-s/more.ttl"),
        format!(
            "{HEAD}:h a sg:Gate ; sg:title \"H\" ; sg:criterion _:c .\n_:c sg:title \"second\" .\n"
        ),
    )
    .unwrap();
    let query =
        "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?g <https://w3id.org/specgraph#criterion> ?c }";
    let (code, out, err) = spec(ws.path(), &["query", "--format", "csv", query]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.lines().nth(1), Some("2"), "{out}");
}

/// Output names blank nodes the same way from run to run: the parser's
/// labels for `[ … ]` and lists are random, and a JSON or SARIF report that
/// changes with nothing changed is not one a pipeline can compare.
#[test]
fn blank_nodes_have_the_same_labels_in_every_run() {
    let ws = workspace(
        ":g a sg:Gate ; sg:title \"G\" ; sg:criterion [ sg:title \"c\" ; sg:dependsOn :nowhere ] .\n\
         :t a sg:Task ; sg:title \"T\" ; sg:touches ( :x :y ) .\n",
    );
    let (_, first, err) = spec(ws.path(), &["check", "--format", "json"]);
    assert!(
        first.contains("\"_:"),
        "a finding should name a blank node: {first}{err}"
    );
    let (_, second, _) = spec(ws.path(), &["check", "--format", "json"]);
    assert_eq!(first, second);
}
