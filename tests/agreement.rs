//! `spec gates`, `spec status` (human and JSON), `spec render` and
//! `spec export` compute from one analysis: on every example spec they must
//! agree on every gate state, every task's readiness and the schedule.

mod common;
use common::spec;
use std::collections::BTreeMap;
use std::path::Path;

type States = BTreeMap<String, String>;

/// From the JSON of `spec gates`.
fn gates(name: &str) -> States {
    common::states(
        &common::json(Path::new("."), &["gates", name]),
        "gates",
        "gate",
    )
    .into_iter()
    .collect()
}

/// From the JSON of `spec status`: readiness and the total days.
fn status(name: &str) -> (States, f64, bool) {
    let json = common::json(Path::new("."), &["status", name]);
    let schedule = &json["specs"][0]["schedule"];
    (
        common::states(&json, "readiness", "task")
            .into_iter()
            .collect(),
        schedule["total_days"].as_f64().unwrap(),
        schedule["has_estimates"].as_bool().unwrap(),
    )
}

/// From the computed graph of `spec export` (N-Quads): gate states,
/// readiness and the largest computed days (the campaign's), by IRI.
fn export(name: &str) -> (States, States, Option<f64>) {
    let (code, out, err) = spec(Path::new("."), &["export", name, "--format", "nquads"]);
    assert_eq!(code, 0, "{err}");
    let (mut gates, mut readiness, mut days) = (States::new(), States::new(), None);
    for quad in oxttl::NQuadsParser::new().for_slice(out.as_bytes()) {
        let quad = quad.unwrap();
        let subject = quad.subject.to_string();
        let subject = subject.trim_matches(|c| c == '<' || c == '>').to_owned();
        let object = match &quad.object {
            oxrdf::Term::NamedNode(n) => n.as_str().rsplit('#').next().unwrap().to_lowercase(),
            oxrdf::Term::Literal(l) => l.value().to_owned(),
            other => other.to_string(),
        };
        match quad.predicate.as_str() {
            "https://w3id.org/specgraph#computedState" => {
                gates.insert(subject, object);
            }
            "https://w3id.org/specgraph#readiness" => {
                readiness.insert(subject, object);
            }
            // The campaign's total is the largest (each phase's is a part).
            "https://w3id.org/specgraph#computedDays" => {
                let value: f64 = object.parse().unwrap();
                days = Some(days.map_or(value, |d: f64| d.max(value)));
            }
            _ => {}
        }
    }
    (gates, readiness, days)
}

/// From `spec render` with one extra template that lists the view's states.
fn render(name: &str, out: &Path) -> (States, States, String, String) {
    let templates = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(templates.path().join("spec")).unwrap();
    std::fs::write(
        templates.path().join("spec/STATES.txt.j2"),
        "{% for g in spec.gates %}gate {{ g.id }} {{ g.state }}\n{% endfor %}\
         {% for t in spec.tasks %}task {{ t.id }} {{ t.readiness }}\n{% endfor %}",
    )
    .unwrap();
    let (code, _, err) = spec(
        Path::new("."),
        &[
            "render",
            name,
            "--templates",
            templates.path().to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            // A temporary output folder: no cache file for it in the repository.
            "--no-cache",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let text = std::fs::read_to_string(out.join(name).join("STATES.txt")).unwrap();
    let (mut gates, mut tasks) = (States::new(), States::new());
    for line in text.lines() {
        let parts: Vec<&str> = line.splitn(3, ' ').collect();
        match parts.as_slice() {
            ["gate", id, state] => gates.insert((*id).to_owned(), (*state).to_owned()),
            ["task", id, state] => tasks.insert((*id).to_owned(), (*state).to_owned()),
            _ => None,
        };
    }
    let dashboard = std::fs::read_to_string(out.join(name).join("DASHBOARD.md")).unwrap();
    let summary = std::fs::read_to_string(out.join(name).join("SUMMARY.md")).unwrap();
    (gates, tasks, dashboard, summary)
}

fn count(states: &States, state: &str) -> usize {
    states.values().filter(|s| *s == state).count()
}

#[test]
fn every_command_tells_the_same_story_about_the_example_specs() {
    let out = tempfile::tempdir().unwrap();
    for name in ["007-optimize-build-times", "phase7-release", "rustydb-v065"] {
        let gate_states = gates(name);
        let (readiness, total_days, has_estimates) = status(name);
        assert!(!gate_states.is_empty() && !readiness.is_empty(), "{name}");
        let (rendered_gates, rendered_tasks, dashboard, summary) = render(name, out.path());
        assert_eq!(rendered_gates, gate_states, "{name}: render vs gates");
        assert_eq!(rendered_tasks, readiness, "{name}: render vs status");

        // Export speaks IRIs; every computed state matches by the id's local part.
        let (exported_gates, exported_readiness, exported_days) = export(name);
        let by_local = |states: &States| -> States {
            states
                .iter()
                .map(|(iri, s)| (iri.rsplit(['#', '/']).next().unwrap().to_owned(), s.clone()))
                .collect()
        };
        let local = |states: &States| -> States {
            states
                .iter()
                .map(|(id, s)| (id.rsplit(':').next().unwrap().to_owned(), s.clone()))
                .collect()
        };
        assert_eq!(
            by_local(&exported_gates),
            local(&gate_states),
            "{name}: export vs gates"
        );
        assert_eq!(
            by_local(&exported_readiness),
            local(&readiness),
            "{name}: export vs status"
        );

        // The counts the documents and `spec status` print.
        let gate_line = format!(
            "**Gates:** {} passed, {} failed, {} pending",
            count(&gate_states, "passed"),
            count(&gate_states, "failed"),
            count(&gate_states, "pending")
        );
        assert!(dashboard.contains(&gate_line), "{name}: {gate_line}");
        let (_, human, _) = spec(Path::new("."), &["status", name]);
        let task_line = format!(
            "{} tasks: {} done, {} active, {} ready, {} blocked",
            readiness.len(),
            count(&readiness, "done"),
            count(&readiness, "active"),
            count(&readiness, "ready"),
            count(&readiness, "blocked")
        );
        assert!(human.contains(&task_line), "{name}: {task_line}\n{human}");
        let (_, gates_human, _) = spec(Path::new("."), &["gates", name]);
        let gates_line = format!(
            "{} gates · {} passed, {} failed, {} pending",
            gate_states.len(),
            count(&gate_states, "passed"),
            count(&gate_states, "failed"),
            count(&gate_states, "pending")
        );
        assert!(gates_human.contains(&gates_line), "{name}: {gates_line}");

        // One schedule: the same total in status, the documents and export.
        if has_estimates {
            let days = crate_days(total_days);
            assert!(
                human.contains(&format!("schedule: {days}")),
                "{name}: {days}\n{human}"
            );
            assert!(
                summary.contains(&format!("| Schedule | {days}")),
                "{name}: {days}"
            );
            // The examples' schedules are complete, so export states the total.
            assert_eq!(exported_days, Some(total_days), "{name}: export vs status");
        } else {
            assert!(human.contains("schedule: not computed"), "{name}");
            assert!(summary.contains("| Schedule | not computed"), "{name}");
        }
    }
}

/// `6 days`, `2.4 days`, `1 day`, as the tools print them.
fn crate_days(days: f64) -> String {
    let number = if days.fract() == 0.0 {
        format!("{days:.0}")
    } else {
        let text = format!("{days:.3}");
        text.trim_end_matches('0').trim_end_matches('.').to_owned()
    };
    format!("{number} {}", if days == 1.0 { "day" } else { "days" })
}
