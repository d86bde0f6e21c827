//! The rendered documents (issue 16): the runbook content the seeds have,
//! and none of the noise — capped lines, titles instead of ids, numbers
//! that agree, a closure that rounds honestly, links instead of repeats.

mod common;
use common::spec;

/// A campaign with the runbook pieces: monitoring, alerts, a protocol, a
/// report template, memory keys, a counted metric, a campaign gate.
const PLAN: &str = r###"@prefix : <https://example.org/run#> .
@prefix sg: <https://w3id.org/specgraph#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

:campaign a sg:Campaign ; sg:title "Release 2.0" ; sg:coordinator :lead ;
    sg:status sg:Active ; sg:gate :gate-release ; sg:memoryKey "release/final_metrics" ;
    sg:startDate "2026-03-02"^^xsd:date ;
    sg:deliverable :report .
:report a sg:Deliverable ; sg:title "Completion report" ; sg:path "docs/COMPLETION.md" ;
    sg:owner :lead ; sg:status sg:Pending .
:lead a sg:Agent ; sg:title "Coordinator" ; sg:role "coordinates" ; sg:status sg:Active ;
    sg:priority sg:Critical .
:dev a sg:Agent ; sg:title "Developer" ; sg:role "builds" ; sg:priority sg:High ;
    sg:memoryKey "release/dev/status" .

:p1 a sg:Phase ; sg:title "Build" ; sg:order 1 ; sg:campaign :campaign ; sg:gate :gate-build ;
    sg:status sg:Active .
:p2 a sg:Phase ; sg:title "Ship" ; sg:order 2 ; sg:campaign :campaign ; sg:gate :gate-release ;
    sg:status sg:Pending .
:gate-build a sg:Gate ; sg:title "Build gate" ; sg:owner :lead ; sg:criterion :c-build .
:c-build a sg:Criterion ; sg:title "Everything builds" ; sg:satisfied false .
:gate-release a sg:Gate ; sg:title "Release gate" ; sg:owner :lead ; sg:criterion :c-release .
:c-release a sg:Criterion ; sg:title "Release notes written" ; sg:satisfied false .

:t1 a sg:Task ; sg:title "Part one" ; sg:phase :p1 ; sg:assignee :dev ; sg:estimateDays 1 ; sg:status sg:Pending ; sg:memoryKey "release/t1/status" .
:t2 a sg:Task ; sg:title "Part two" ; sg:phase :p1 ; sg:assignee :dev ; sg:estimateDays 1 ; sg:status sg:Pending .
:t3 a sg:Task ; sg:title "Part three" ; sg:phase :p1 ; sg:assignee :dev ; sg:estimateDays 1 ; sg:status sg:Pending .
:t4 a sg:Task ; sg:title "Part four" ; sg:phase :p1 ; sg:assignee :dev ; sg:estimateDays 1 ; sg:status sg:Pending .
:t5 a sg:Task ; sg:title "Part five" ; sg:phase :p1 ; sg:assignee :dev ; sg:estimateDays 1 ; sg:status sg:Pending .
:ship a sg:Task ; sg:title "Ship it" ; sg:phase :p2 ; sg:assignee :lead ; sg:estimateDays 1 ;
    sg:status sg:Pending ; sg:dependsOn :t1, :t2, :t3, :t4, :t5 .

:metric-agents a sg:Metric ; sg:title "Agents active" ; sg:unit "agents" ; sg:baseline 1 ;
    sg:target 2 ; sg:direction sg:HigherIsBetter ; sg:counts sg:AgentsActive .

:risk-a a sg:Risk ; sg:title "Flaky CI" ; sg:probability sg:High ; sg:impact sg:Critical ;
    sg:mitigation "retry" ; sg:owner :lead .
:risk-b a sg:Risk ; sg:title "Late docs" ; sg:probability sg:Low ; sg:impact sg:Medium ;
    sg:mitigation "start early" ; sg:owner :lead .

:check-build a sg:Check ; sg:title "Compilation" ; sg:command "cargo check" ;
    sg:frequency "every 60 min" ; sg:description "Detect build errors early" .
:alert-build a sg:Alert ; sg:severity sg:Critical ; sg:trigger "Build fails to compile" ;
    sg:action "Immediate notification" .
:alert-ok a sg:Alert ; sg:severity sg:Info ; sg:trigger "Successful build" ;
    sg:action "Hourly summary" .
:step-start a sg:ProtocolStep ; sg:title "Agent start-up" ; sg:order 1 ;
    sg:command "npx claude-flow hooks pre-task --description \"$TASK\"" .
:step-check a sg:ProtocolStep ; sg:title "Progress check" ; sg:order 2 ; sg:performedBy :lead ;
    sg:frequency "every 5 minutes" ; sg:command "npx claude-flow hooks session-restore" .
:report-hourly a sg:ReportTemplate ; sg:title "Hourly build report" ; sg:frequency "hourly" ;
    sg:owner :lead ; sg:template "## Build Report - [TIMESTAMP]\n**Build Status:** [PASS/FAIL]" .
"###;

fn render() -> (tempfile::TempDir, String, String, String) {
    let ws = tempfile::tempdir().unwrap();
    let dir = ws.path().join("specs/001-run");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("plan.ttl"), PLAN).unwrap();
    std::fs::write(ws.path().join("spec.toml"), "").unwrap();
    let (code, _, err) = spec(ws.path(), &["render"]);
    assert_eq!(code, 0, "{err}");
    let read =
        |name: &str| std::fs::read_to_string(ws.path().join("docs/001-run").join(name)).unwrap();
    let dashboard = read("DASHBOARD.md");
    let log = read("COORDINATOR-LOG.md");
    let briefing = read("briefings/dev.md");
    (ws, dashboard, log, briefing)
}

#[test]
fn the_runbook_content_is_rendered() {
    let (_ws, dashboard, log, briefing) = render();
    for expected in [
        // Monitoring and alerts.
        "| Compilation | every 60 min | `cargo check` | Detect build errors early |",
        "- 🚨 **Critical**: Build fails to compile → Immediate notification",
        "- ℹ️ **Info**: Successful build → Hourly summary",
        // Memory keys, on the dashboard.
        "| `release/t1/status` | Part one |",
        "| `release/dev/status` | Developer |",
        // Agents: priority, progress, finish date, briefing link.
        "| Developer | builds | High | 0/5 | 2026-03-03 | [briefing](briefings/dev.md) |",
        // Counted, not unmeasured: the coordinator is active.
        "agents active **1/2**",
        "| Agents active | 1 agent | 1 agent (counted) | 2 agents |",
        // Deliverables with paths.
        "| Completion report | the campaign | `docs/COMPLETION.md` | Coordinator | ⏳ Pending |",
        // Risks by impact.
        "### High and critical impact",
        "### Medium impact",
        // The campaign gate as a sign-off.
        "**Gate:** Release gate — ⏳ pending",
        "**Signed off by:** Coordinator · **Status:** ⏳ not ready",
        // Links rather than repeats.
        "[coordinator log](COORDINATOR-LOG.md)",
    ] {
        assert!(dashboard.contains(expected), "{expected}\n---\n{dashboard}");
    }
    for expected in [
        "## 🔄 Coordination Protocol",
        "**Who:** every agent",
        "**Who:** Coordinator · **When:** every 5 minutes",
        "npx claude-flow hooks session-restore",
        "## 📝 Report Templates",
        "**When:** hourly · **Owner:** Coordinator",
        "## Build Report - [TIMESTAMP]",
        "## ✍️ Release Sign-Off",
    ] {
        assert!(log.contains(expected), "{expected}\n---\n{log}");
    }
    // A developer's briefing: its keys and the steps every agent performs,
    // not the coordinator's own.
    assert!(
        briefing.contains("Your memory keys: `release/dev/status`, `release/t1/status`, …")
            || briefing.contains("Your memory keys: `release/dev/status`, `release/t1/status`."),
        "{briefing}"
    );
    assert!(briefing.contains("**Agent start-up**"), "{briefing}");
    assert!(!briefing.contains("Progress check"), "{briefing}");
}

#[test]
fn what_a_task_waits_for_is_capped_and_named_by_title() {
    let (_ws, dashboard, log, _) = render();
    // Five open dependencies of one phase: counted, the first named.
    assert!(
        dashboard.contains(
            "waits for 5 tasks of Build, first: Part one (pending, Developer) and the gate Build gate (pending)"
        ),
        "{dashboard}"
    );
    for document in [&dashboard, &log] {
        // Titles, not ids, in prose; Mermaid blocks are code (`Part five :t5, …`).
        let prose = without_code(document);
        let document = &prose;
        for id in [":t1", ":t5", ":gate-build", ":dev", ":c-release"] {
            assert!(!document.contains(id), "{id}\n---\n{document}");
        }
        assert!(!document.contains("<https://"), "{document}");
        for line in document.lines() {
            assert!(line.chars().count() <= 400, "{line}");
        }
    }
}

/// `text` without its fenced code blocks.
fn without_code(text: &str) -> String {
    let mut inside = false;
    let mut kept = String::new();
    for line in text.lines() {
        if line.starts_with("```") {
            inside = !inside;
            continue;
        }
        if !inside {
            kept.push_str(line);
            kept.push('\n');
        }
    }
    kept
}

#[test]
fn numbers_agree_with_their_nouns() {
    let (_ws, dashboard, log, _) = render();
    assert!(dashboard.contains("0/1 task done"), "{dashboard}");
    for document in [&dashboard, &log] {
        for wrong in [
            "1 agents",
            " 1 tasks",
            "/1 tasks",
            "1 gates",
            "1 errors",
            "1 warnings",
        ] {
            assert!(!document.contains(wrong), "{wrong}\n---\n{document}");
        }
    }
}

#[test]
fn the_closure_figure_rounds_and_says_of_how_many() {
    let ws = tempfile::tempdir().unwrap();
    let dir = ws.path().join("specs/001-run");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("plan.ttl"), PLAN).unwrap();
    std::fs::write(ws.path().join("spec.toml"), "").unwrap();
    let (_, out, _) = spec(ws.path(), &["check"]);
    let line = out.lines().find(|l| l.contains("closure")).unwrap();
    // N required links, M present, and a rounded percentage of them.
    let figures: Vec<f64> = line
        .split(|c: char| !(c.is_ascii_digit() || c == '.'))
        .filter_map(|w| w.trim_end_matches('.').parse().ok())
        .collect();
    assert!(
        line.contains("required links (") && line.contains(" present)"),
        "{line}"
    );
    let (percent, expected, present) = (
        figures[figures.len() - 3],
        figures[figures.len() - 2],
        figures[figures.len() - 1],
    );
    let exact = present * 100.0 / expected;
    assert!((percent - exact).abs() <= 0.05 + 1e-9, "{line}: {exact}");
}

/// The example specs' documents: no line runs on (before: up to 1,085
/// characters), and together they are smaller than before (232 KB).
#[test]
fn the_example_documents_say_less() {
    let ws = tempfile::tempdir().unwrap();
    let out = ws.path().join("docs");
    let (code, _, err) = spec(
        std::path::Path::new("."),
        // A temporary output folder: no cache file for it in the repository.
        &["render", "--out", out.to_str().unwrap(), "--no-cache"],
    );
    assert_eq!(code, 0, "{err}");
    let mut total = 0;
    for entry in walkdir::WalkDir::new(&out) {
        let entry = entry.unwrap();
        if !entry.file_type().is_file() {
            continue;
        }
        let text = std::fs::read_to_string(entry.path()).unwrap();
        total += text.len();
        for line in text.lines() {
            // Descriptions are the spec's own prose, on one line as written.
            assert!(
                line.chars().count() <= 600,
                "{}: {} characters: {line}",
                entry.path().display(),
                line.chars().count()
            );
        }
    }
    assert!(total < 232_000, "{total} bytes");
}
