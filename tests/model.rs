//! Gates, metric status, readiness and the schedule, computed on small
//! hand-made specs whose answers are worked out in the comments.

use specgraph::check::{check_spec, CheckConfig, RuleSet};
use specgraph::load::{load_spec, LoadOptions};
use specgraph::model::gates::{GateState, Verdict};
use specgraph::model::metrics::MetricState;
use specgraph::model::readiness::TaskState;
use specgraph::model::Analysis;

const HEAD: &str = "@prefix : <https://example.org/p#> .\n@prefix sg: <https://w3id.org/specgraph#> .\n@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n";

fn analyse(turtle: &str) -> Analysis {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("plan.ttl"), format!("{HEAD}{turtle}")).unwrap();
    let spec = load_spec(dir.path(), &LoadOptions::default()).unwrap();
    check_spec(spec, &RuleSet::builtin(), &CheckConfig::default())
        .unwrap()
        .report
        .analysis
}

fn gate(report: &Analysis, local: &str) -> GateState {
    report
        .gates
        .state(&format!("https://example.org/p#{local}"))
        .unwrap()
}

fn reasons(report: &Analysis, local: &str) -> Vec<String> {
    let gate = report
        .gates
        .get(&format!("https://example.org/p#{local}"))
        .unwrap();
    gate.criteria
        .iter()
        .flat_map(|c| c.reasons.clone())
        .collect()
}

#[test]
fn checklist_criteria() {
    let r = analyse(
        ":all a sg:Gate ; sg:criterion :yes .\n:one-no a sg:Gate ; sg:criterion :yes, :no .\n\
         :yes a sg:Criterion ; sg:satisfied true .\n:no a sg:Criterion ; sg:satisfied false .\n\
         :empty a sg:Gate .",
    );
    assert_eq!(gate(&r, "all"), GateState::Passed);
    assert_eq!(gate(&r, "one-no"), GateState::Failed);
    // A gate without criteria cannot be decided.
    assert_eq!(gate(&r, "empty"), GateState::Pending);
}

#[test]
fn metric_criteria_use_the_latest_measurement() {
    let r = analyse(
        ":build-time a sg:Metric ; sg:unit \"s\" .\n\
         :old a sg:Measurement ; sg:metric :build-time ; sg:value 10 ; sg:at \"2026-01-20\"^^xsd:date .\n\
         :new a sg:Measurement ; sg:metric :build-time ; sg:value 41 ; sg:at \"2026-01-29\"^^xsd:date .\n\
         :g-fails a sg:Gate ; sg:criterion :under-15 .\n\
         :under-15 a sg:Criterion ; sg:metric :build-time ; sg:comparator \"<=\" ; sg:threshold 15 .\n\
         :g-holds a sg:Gate ; sg:criterion :over-40 .\n\
         :over-40 a sg:Criterion ; sg:metric :build-time ; sg:comparator \">\" ; sg:threshold 40 .\n\
         :memory a sg:Metric .\n\
         :g-pending a sg:Gate ; sg:criterion :mem, :under-15-again .\n\
         :mem a sg:Criterion ; sg:metric :memory ; sg:comparator \"<\" ; sg:threshold 2 .\n\
         :under-15-again a sg:Criterion ; sg:metric :build-time ; sg:comparator \">=\" ; sg:threshold 1 .",
    );
    assert_eq!(gate(&r, "g-fails"), GateState::Failed);
    assert_eq!(
        reasons(&r, "g-fails"),
        [":build-time 41 s > 15 s, measured 2026-01-29"]
    );
    assert_eq!(gate(&r, "g-holds"), GateState::Passed);
    // No measurement of :memory yet: pending, not failed.
    assert_eq!(gate(&r, "g-pending"), GateState::Pending);
}

#[test]
fn sparql_conditions() {
    let r = analyse(
        ":t1 a sg:Task ; sg:status sg:Done .\n\
         :g-true a sg:Gate ; sg:criterion :c1 .\n\
         :c1 a sg:Criterion ; sg:condition \"ASK { :t1 sg:status sg:Done }\" .\n\
         :g-false a sg:Gate ; sg:criterion :c2 .\n\
         :c2 a sg:Criterion ; sg:condition \"ASK { ?t a sg:Task ; sg:status sg:Active }\" .\n\
         :g-broken a sg:Gate ; sg:criterion :c3 .\n\
         :c3 a sg:Criterion ; sg:condition \"ASK { ?t a \" .",
    );
    assert_eq!(gate(&r, "g-true"), GateState::Passed);
    assert_eq!(gate(&r, "g-false"), GateState::Failed);
    assert_eq!(gate(&r, "g-broken"), GateState::Pending);
    assert!(reasons(&r, "g-broken")[0].starts_with("sg:condition is not valid SPARQL"));
}

#[test]
fn required_gates_and_tasks() {
    let r = analyse(
        ":done a sg:Task ; sg:status sg:Done .\n:active a sg:Task ; sg:status sg:Active .\n\
         :passed a sg:Gate ; sg:criterion :yes .\n:yes a sg:Criterion ; sg:satisfied true .\n\
         :pending a sg:Gate .\n\
         :g1 a sg:Gate ; sg:criterion :r1 .\n:r1 a sg:Criterion ; sg:requires :passed, :done .\n\
         :g2 a sg:Gate ; sg:status sg:Passed ; sg:criterion :r2 .\n:r2 a sg:Criterion ; sg:requires :passed, :active .\n\
         :g3 a sg:Gate ; sg:criterion :r3 .\n:r3 a sg:Criterion ; sg:requires :pending .\n\
         :loop a sg:Gate ; sg:criterion :r4 .\n:r4 a sg:Criterion ; sg:requires :loop .",
    );
    assert_eq!(gate(&r, "g1"), GateState::Passed);
    // Declared passed, so due: the open task fails it.
    assert_eq!(gate(&r, "g2"), GateState::Failed);
    assert_eq!(reasons(&r, "g2"), ["task :active is Active, not done"]);
    assert_eq!(gate(&r, "g3"), GateState::Pending);
    assert_eq!(gate(&r, "loop"), GateState::Pending);
}

#[test]
fn a_failing_part_outweighs_an_undecided_one() {
    let r = analyse(
        ":g a sg:Gate ; sg:status sg:Passed ; sg:criterion :c .\n\
         :c a sg:Criterion ; sg:requires :t ; sg:metric :m ; sg:comparator \"<\" ; sg:threshold 1 .\n\
         :t a sg:Task ; sg:status sg:Active .\n:m a sg:Metric .",
    );
    let result = r.gates.get("https://example.org/p#g").unwrap();
    assert_eq!(result.state, GateState::Failed);
    assert_eq!(result.criteria[0].verdict, Verdict::Fails);
}

#[test]
fn the_data_wins_over_a_checkbox() {
    let r = analyse(
        ":m a sg:Metric ; sg:unit \"s\" .\n\
         :x a sg:Measurement ; sg:metric :m ; sg:value 9 ; sg:at \"2026-01-29\"^^xsd:date .\n\
         :stale a sg:Gate ; sg:criterion :c1 .\n\
         :c1 a sg:Criterion ; sg:satisfied false ; sg:metric :m ; sg:comparator \"<\" ; sg:threshold 10 .\n\
         :claimed a sg:Gate ; sg:criterion :c2 .\n\
         :c2 a sg:Criterion ; sg:satisfied true ; sg:metric :m ; sg:comparator \"<\" ; sg:threshold 5 .",
    );
    assert_eq!(gate(&r, "stale"), GateState::Passed);
    assert_eq!(gate(&r, "claimed"), GateState::Failed);
    assert_eq!(
        reasons(&r, "claimed"),
        [
            ":m 9 s >= 5 s, measured 2026-01-29",
            "it is checked (sg:satisfied true), but the data says otherwise"
        ]
    );
}

#[test]
fn metric_status_and_improvement() {
    let r = analyse(
        ":build a sg:Metric ; sg:unit \"s\" ; sg:baseline 120 ; sg:target 15 ; sg:direction sg:LowerIsBetter .\n\
         :m1 a sg:Measurement ; sg:metric :build ; sg:value 15 ; sg:at \"2026-01-29\"^^xsd:date .\n\
         :coverage a sg:Metric ; sg:baseline 60 ; sg:target 80 ; sg:direction sg:HigherIsBetter .\n\
         :m2 a sg:Measurement ; sg:metric :coverage ; sg:value 75 ; sg:at \"2026-01-29\"^^xsd:date .\n\
         :memory a sg:Metric ; sg:baseline 8 ; sg:target 2 .",
    );
    let status = |local: &str| {
        r.metrics
            .iter()
            .find(|m| m.metric.iri.ends_with(local))
            .unwrap()
    };
    assert_eq!(status("#build").state, MetricState::Met);
    assert_eq!(status("#build").improvement_text(), "8.0×");
    assert_eq!(status("#coverage").state, MetricState::NotMet);
    assert_eq!(status("#coverage").improvement_text(), "1.2×");
    assert_eq!(status("#memory").state, MetricState::Unmeasured);
    // No direction declared: a target below the baseline means lower is better.
    assert!(status("#memory").lower_is_better);
}

/// Two phases. Phase 1: a (2 d) and b (1 d) in parallel, c (3 d) after b.
/// Phase 2: d (1 d), behind phase 1's gate.
/// Phase 1 ends at max(a = 2, b + c = 4) = 4; d runs 4–5. Critical path: b → c → d.
const PLAN: &str = ":campaign a sg:Campaign ; sg:startDate \"2026-01-05\"^^xsd:date .\n\
    :p1 a sg:Phase ; sg:order 1 ; sg:gate :g1 .\n:p2 a sg:Phase ; sg:order 2 ; sg:gate :g2 .\n\
    :g1 a sg:Gate ; sg:criterion :ok .\n:g2 a sg:Gate ; sg:criterion :ok .\n:ok a sg:Criterion ; sg:satisfied true .\n\
    :a a sg:Task ; sg:phase :p1 ; sg:estimateDays A .\n\
    :b a sg:Task ; sg:phase :p1 ; sg:estimateDays 1 ; sg:status sg:Done .\n\
    :c a sg:Task ; sg:phase :p1 ; sg:estimateDays 3 ; sg:dependsOn :b .\n\
    :d a sg:Task ; sg:phase :p2 ; sg:estimateDays 1 .\n";

#[test]
fn schedule_follows_the_longest_chain() {
    let r = analyse(&PLAN.replace(" A ", " 2 "));
    let s = &r.schedule;
    assert_eq!(s.total_days, 5.0);
    assert_eq!(s.critical_path, [":b", ":c", ":d"]);
    assert_eq!(s.finish_date.unwrap().to_string(), "2026-01-10");
    let slot = |local: &str| s.slot(&format!("https://example.org/p#{local}")).unwrap();
    assert_eq!((slot("c").start, slot("c").finish), (1.0, 4.0));
    assert_eq!((slot("d").start, slot("d").finish), (4.0, 5.0));
    assert!(!slot("a").critical);
    assert_eq!(s.phases[0].days, 4.0);
    assert_eq!(s.phases[1].days, 1.0);
    assert_eq!(s.phases[1].start_date.unwrap().to_string(), "2026-01-09");
}

#[test]
fn critical_path_moves_when_an_estimate_changes() {
    // a now takes 6 days: longer than b → c (4 days).
    let r = analyse(&PLAN.replace(" A ", " 6 "));
    let s = &r.schedule;
    assert_eq!(s.total_days, 7.0);
    assert_eq!(s.critical_path, [":a", ":d"]);
}

#[test]
fn readiness_names_what_a_task_waits_for() {
    let r = analyse(
        &(PLAN.replace(" A ", " 2 ")
            + ":agent-x a sg:Agent .\n:e a sg:Task ; sg:phase :p1 ; sg:dependsOn :a, :b .\n:a sg:assignee :agent-x .\n\
               :p3 a sg:Phase ; sg:order 3 .\n:g2 sg:criterion :no .\n:no a sg:Criterion ; sg:satisfied false .\n\
               :f a sg:Task ; sg:phase :p3 .\n"),
    );
    let state = |local: &str| {
        r.readiness
            .iter()
            .find(|t| t.task.iri.ends_with(&format!("#{local}")))
            .unwrap()
    };
    assert_eq!(state("b").state, TaskState::Done);
    assert_eq!(state("a").state, TaskState::Ready);
    assert_eq!(state("c").state, TaskState::Ready);
    assert_eq!(state("e").state, TaskState::Blocked);
    let reasons: Vec<&str> = state("e")
        .blockers
        .iter()
        .map(|b| b.reason.as_str())
        .collect();
    assert_eq!(reasons, ["task :a has no status (delivered by :agent-x)"]);
    // Phase 1's gate holds but phase 1's work is open: it is pending, and
    // d waits for it. f waits for phase 2's gate, not due yet.
    assert_eq!(state("d").state, TaskState::Blocked);
    assert_eq!(state("d").blockers[0].reason, "entry gate :g1 is pending");
    assert_eq!(state("f").blockers[0].reason, "entry gate :g2 is pending");
}

#[test]
fn cycles_leave_tasks_unscheduled() {
    let r = analyse(
        ":x a sg:Task ; sg:estimateDays 1 ; sg:dependsOn :y .\n:y a sg:Task ; sg:estimateDays 1 ; sg:dependsOn :x .\n\
         :z a sg:Task ; sg:estimateDays 2 .",
    );
    let s = &r.schedule;
    assert_eq!(s.unscheduled, [":x", ":y"]);
    assert_eq!(s.total_days, 2.0);
}

/// The file collisions of the model, against the definition taken pair by
/// pair: every two open tasks, every two values they touch that overlap,
/// kept unless two ordered phases separate them or one waits for the other.
/// The spec mixes what the grouping and the bounded search must keep:
/// phases of one order, of `0` and `-0`, of none, undescribed; tasks of no
/// phase; globs (and a broken one) against paths and each other; a file
/// most tasks touch; dependencies backwards across phases and in cycles.
#[test]
fn collisions_are_the_pairs_the_definition_gives() {
    use specgraph::model::collisions::overlap;
    use std::collections::{BTreeSet, HashMap, HashSet};
    use std::fmt::Write;

    let mut seed = 7u64;
    let mut next = |bound: usize| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((seed >> 33) as usize) % bound
    };
    let orders = ["1", "1", "2", "0", "-0", "3"];
    let mut turtle = String::new();
    for (p, order) in orders.iter().enumerate() {
        let _ = writeln!(turtle, ":p{p} a sg:Phase ; sg:order {order} .");
    }
    turtle.push_str(":p-none a sg:Phase .\n");
    let phases = [
        ":p0", ":p1", ":p2", ":p3", ":p4", ":p5", ":p-none", ":p-ghost",
    ];
    let files = [
        "Cargo.toml",
        "src/lib.rs",
        "src/*.rs",
        "src/**",
        "src/**/*.rs",
        "crates/*/src/config.rs",
        "crates/core/src/config.rs",
        "[ab].rs",
        "a.rs",
        "[bad",
    ];
    let tasks = 90;
    for t in 0..tasks {
        let mut line = format!(":t{t} a sg:Task");
        if next(10) > 0 {
            let _ = write!(line, " ; sg:phase {}", phases[next(phases.len())]);
        }
        if next(4) == 0 {
            line.push_str(" ; sg:status sg:Done");
        }
        let dependencies: BTreeSet<usize> = (0..next(3)).map(|_| next(tasks)).collect();
        for d in dependencies.iter().filter(|&&d| d != t) {
            let _ = write!(line, " ; sg:dependsOn :t{d}");
        }
        let mut touched: BTreeSet<&str> = (0..next(3)).map(|_| files[next(files.len())]).collect();
        if next(2) == 0 {
            touched.insert("hub.rs");
        }
        for file in touched {
            let _ = write!(line, " ; sg:touches \"{file}\"");
        }
        let _ = writeln!(turtle, "{line} .");
    }
    let analysis = analyse(&turtle);
    let campaign = &analysis.campaign;
    let found: Vec<(String, String, String)> = analysis
        .collisions
        .iter()
        .map(|c| (c.file.clone(), c.first.iri.clone(), c.second.iri.clone()))
        .collect();

    let all = &campaign.tasks;
    let index: HashMap<&str, usize> = all
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.iri.as_str(), i))
        .collect();
    let order = |i: usize| {
        let phase = all[i].phase.as_deref()?;
        campaign.phases.iter().find(|p| p.name.iri == phase)?.order
    };
    let waits_for = |from: usize, to: usize| {
        let mut seen = HashSet::new();
        let mut stack = vec![from];
        while let Some(n) = stack.pop() {
            for d in all[n]
                .depends_on
                .iter()
                .filter_map(|d| index.get(d.as_str()))
            {
                if seen.insert(*d) {
                    stack.push(*d);
                }
            }
        }
        seen.contains(&to)
    };
    let is_glob = |f: &str| f.contains(['*', '?', '[']);
    let mut expected: BTreeSet<(String, usize, usize)> = BTreeSet::new();
    for a in (0..all.len()).filter(|&i| !all[i].is_done()) {
        for b in (a + 1..all.len()).filter(|&i| !all[i].is_done()) {
            if matches!((order(a), order(b)), (Some(x), Some(y)) if x != y)
                || waits_for(a, b)
                || waits_for(b, a)
            {
                continue;
            }
            for x in &all[a].touches {
                for y in all[b].touches.iter().filter(|y| overlap(x, y)) {
                    // The plain path when there is one; of two globs, the first.
                    let file = match (is_glob(x), is_glob(y)) {
                        (true, false) => y,
                        (false, _) => x,
                        (true, true) => x.min(y),
                    };
                    expected.insert((file.clone(), a, b));
                }
            }
        }
    }
    let expected: Vec<(String, String, String)> = expected
        .into_iter()
        .map(|(file, a, b)| (file, all[a].name.iri.clone(), all[b].name.iri.clone()))
        .collect();
    assert!(
        expected.len() > 100,
        "a spec with few collisions tests little"
    );
    assert_eq!(found, expected);
}
