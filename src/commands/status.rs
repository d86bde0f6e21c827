//! `spec status`: phases in order with their tasks, readiness and the computed
//! schedule; `--ready` lists only the tasks that can start now.

use crate::check::SpecReport;
use crate::cli::{Format, StatusArgs};
use crate::failure::Failure;
use crate::finding::Finding;
use crate::model::readiness::{TaskReadiness, TaskState};
use crate::model::schedule::PhaseSpan;
use crate::model::{format_days, format_number, Analysis, Task};
use crate::pipeline::Session;
use crate::pipeline::{emit, Audience};
use crate::report::emit::{Emitter, Human, Json};
use crate::terminal::{EXIT_FINDINGS, EXIT_OK};
use serde_json::json;
use std::collections::HashMap;
use std::fmt::Write;

pub fn run(args: &StatusArgs) -> Result<u8, Failure> {
    let mut session = Session::open(&args.workspace)?;
    let audience = Audience::when_people(args.format == Format::Human);
    let none: fn(&Finding) -> bool = |_| false;
    let emitter: Box<dyn Emitter> = match (args.format, args.ready) {
        (Format::Json, ready) => Box::new(Json {
            body: move |report: &SpecReport| json(report, ready),
            select: none,
        }),
        (Format::Human, true) => Box::new(Human {
            body: ready_lines,
            select: none,
            separator: "",
            total: false,
        }),
        (Format::Human, false) => Box::new(Human {
            body: human,
            select: none,
            separator: "\n",
            total: false,
        }),
    };
    let pieces = emit(&mut session, &args.specs, audience, emitter.as_ref())?;
    let partly_read =
        crate::report::warn_partial_reads(pieces.iter().map(|p| p.partial.as_deref()));
    Ok(if args.strict && partly_read {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    })
}

/// `spec-name  :task-3  (title)  @agent`, one line per ready task.
fn ready_lines(report: &SpecReport) -> String {
    let analysis = &report.analysis;
    analysis
        .readiness
        .iter()
        .filter(|r| r.state == TaskState::Ready)
        .map(|r| {
            let task = analysis.campaign.task(&r.task.iri);
            format!(
                "{}  {}{}\n",
                report.spec.name,
                r.task.describe(),
                assignee(analysis, task)
            )
        })
        .collect()
}

fn assignee(analysis: &Analysis, task: Option<&Task>) -> String {
    task.and_then(|t| t.assignee.as_deref())
        .map(|a| format!("  @{}", analysis.campaign.id(a).trim_start_matches(':')))
        .unwrap_or_default()
}

fn human(report: &SpecReport) -> String {
    let analysis = &report.analysis;
    let mut out = String::new();
    overview(&mut out, report, analysis);
    phases(&mut out, analysis);
    metrics(&mut out, analysis);
    out
}

/// The title, the task counts and the schedule's figures.
fn overview(out: &mut String, report: &SpecReport, analysis: &Analysis) {
    let campaign = &analysis.campaign;
    let schedule = &analysis.schedule;
    let title = campaign
        .name
        .as_ref()
        .and_then(|n| n.title.as_deref())
        .map(|t| format!(" — {t}"))
        .unwrap_or_default();
    let _ = writeln!(out, "{}{title}", report.spec.name);
    let count = |state| {
        analysis
            .readiness
            .iter()
            .filter(|r| r.state == state)
            .count()
    };
    let _ = writeln!(
        out,
        "  {} tasks: {} done, {} active, {} ready, {} blocked",
        analysis.readiness.len(),
        count(TaskState::Done),
        count(TaskState::Active),
        count(TaskState::Ready),
        count(TaskState::Blocked)
    );
    if !schedule.has_estimates {
        let _ = writeln!(
            out,
            "  schedule: not computed: no task or phase has sg:estimateDays"
        );
    } else {
        let mut line = format!("  schedule: {}", format_days(schedule.total_days));
        if let Some(start) = schedule.start_date {
            let _ = write!(line, " from {start}");
            if let Some(finish) = schedule.finish_date {
                let _ = write!(line, ", done by {finish}");
            }
        }
        if let Some(target) = campaign.target_date {
            let _ = write!(line, " (target {target})");
        }
        let _ = writeln!(out, "{line}");
        if !schedule.critical_path.is_empty() {
            let path = schedule.critical_path.join(" → ");
            let _ = writeln!(out, "  critical path: {path}");
        }
        if !schedule.unestimated.is_empty() {
            let _ = writeln!(
                out,
                "  lower bound: {} task(s) without sg:estimateDays, in a phase without one, count as 0 days",
                schedule.unestimated.len()
            );
        }
    }
    if !schedule.unscheduled.is_empty() {
        let cycle = schedule.unscheduled.join(", ");
        let _ = writeln!(out, "  not scheduled (dependency cycle): {cycle}");
    }
}

/// Each phase with its span, gate and tasks; then the tasks of no phase.
fn phases(out: &mut String, analysis: &Analysis) {
    let campaign = &analysis.campaign;
    let mut members: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, task) in campaign.tasks.iter().enumerate() {
        if let Some(phase) = task.phase.as_deref() {
            members.entry(phase).or_default().push(i);
        }
    }
    let spans: HashMap<&str, &PhaseSpan> = analysis
        .schedule
        .phases
        .iter()
        .map(|s| (s.phase.iri.as_str(), s))
        .collect();
    for phase in &campaign.phases {
        let iri = phase.name.iri.as_str();
        let mut head = format!("\n  {}", phase.name.describe());
        if let Some(span) = spans.get(iri).filter(|_| analysis.schedule.has_estimates) {
            let basis = if span.by_declared {
                ", as declared"
            } else if !span.complete {
                ", at least"
            } else {
                ""
            };
            let _ = write!(
                head,
                " · day {}–{} ({}{basis})",
                format_number(span.start),
                format_number(span.finish),
                format_days(span.days)
            );
            if let (Some(a), Some(b)) = (span.start_date, span.finish_date) {
                let _ = write!(head, ", {a} → {b}");
            }
        }
        if let Some(gate) = &phase.gate {
            let state = analysis
                .gates
                .state(gate)
                .map_or("not described", |s| s.as_str());
            let _ = write!(head, " · gate {} {state}", campaign.id(gate));
        }
        let _ = writeln!(out, "{head}");
        let mut tasks = members.remove(iri).unwrap_or_default();
        analysis
            .schedule
            .sort_by_start(&mut tasks, |&i| campaign.tasks[i].name.iri.as_str());
        for &i in &tasks {
            task_line(out, analysis, &campaign.tasks[i], &analysis.readiness[i]);
        }
    }
    // Tasks of no phase, or of a phase the spec does not describe.
    let mut rest: Vec<usize> = members.into_values().flatten().collect();
    rest.extend((0..campaign.tasks.len()).filter(|&i| campaign.tasks[i].phase.is_none()));
    rest.sort_unstable();
    analysis
        .schedule
        .sort_by_start(&mut rest, |&i| campaign.tasks[i].name.iri.as_str());
    if !rest.is_empty() {
        let _ = writeln!(out, "\n  tasks without a phase");
        for i in rest {
            task_line(out, analysis, &campaign.tasks[i], &analysis.readiness[i]);
        }
    }
}

fn metrics(out: &mut String, analysis: &Analysis) {
    if analysis.metrics.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n  metrics (baseline → latest → target or limit)");
    for metric in &analysis.metrics {
        let latest = metric.latest.as_ref().map(|m| m.value);
        let _ = writeln!(
            out,
            "    {}: {} → {} → {} · {} · {}",
            metric.metric.id,
            metric.with_unit(metric.baseline),
            metric.with_unit(latest),
            metric.goal_text(),
            metric.improvement_text(),
            metric.state.as_str()
        );
    }
}

fn task_line(out: &mut String, analysis: &Analysis, task: &Task, readiness: &TaskReadiness) {
    let status = task.status.as_deref().unwrap_or("no status");
    let progress = task
        .progress
        .map(|p| format!(" {}%", format_number(p)))
        .unwrap_or_default();
    let timing = analysis
        .schedule
        .slot(&task.name.iri)
        .filter(|_| analysis.schedule.has_estimates)
        .map(|s| {
            let critical = if s.critical { ", critical" } else { "" };
            format!(
                " · day {}–{}{critical}",
                format_number(s.start),
                format_number(s.finish)
            )
        })
        .unwrap_or_default();
    let state = match readiness.state {
        TaskState::Ready => "READY".to_owned(),
        other => other.as_str().to_owned(),
    };
    let _ = writeln!(
        out,
        "    {}{} · {status}{progress} · {state}{timing}",
        task.name.describe(),
        assignee(analysis, Some(task)),
    );
    for blocker in &readiness.blockers {
        let _ = writeln!(out, "        waits for {}", blocker.reason);
    }
}

/// One spec of `--format json`, printed (see `json_envelope`).
fn json(report: &SpecReport, ready_only: bool) -> String {
    let a = &report.analysis;
    let spec = if ready_only {
        let ready: Vec<_> = a
            .readiness
            .iter()
            .filter(|t| t.state == TaskState::Ready)
            .collect();
        json!({ "name": report.spec.name, "ready": ready })
    } else {
        json!({
            "name": report.spec.name,
            "campaign": a.campaign.name,
            "phases": a.campaign.phases,
            "tasks": a.campaign.tasks,
            "readiness": a.readiness,
            "schedule": a.schedule,
            "metrics": a.metrics,
        })
    };
    serde_json::to_string_pretty(&spec).unwrap_or_default()
}
