//! `templates/spec/SUMMARY.md.j2`, section by section.

use super::macros as m;
use super::{agent, put, set};
use crate::render::filters::{
    cell_text, checkbox_of, days_of, gate_state_of, metric_state_of, percent_of, plural_of,
};
use crate::render::view::{Shared, SpecView, TaskView};

pub fn write(out: &mut String, spec: &SpecView) {
    head(out, spec);
    plan(out, spec);
    metrics_and_gates(out, spec);
    next_steps(out, spec);
}

fn head(out: &mut String, spec: &SpecView) {
    let counts = &spec.counts;
    let progress = &spec.progress;
    let gate_count = |state: &str| spec.gate_counts.get(state).copied().unwrap_or(0);
    put!(out;
        "# ", spec.campaign.title, " — Coordination Summary\n\n",
        plural_of(counts.phases, "phase"), ", ", plural_of(counts.tasks, "task"), ", ",
        plural_of(counts.agents, "agent"), ", ", plural_of(counts.gates, "gate"), ", ",
        plural_of(counts.metrics, "metric"), ", ", plural_of(counts.risks, "risk"), " and ",
        plural_of(counts.decisions, "decision"), ", from ", plural_of(spec.triples, "triple"),
        " in `", spec.dir, "`.\n\n## ✅ Where things stand\n\n| | |\n|---|---|\n",
        "| Tasks | ", progress.done, "/", progress.total, " done (",
        percent_of(Some(progress.percent_done)), "), ", progress.active, " active, ",
        progress.ready, " ready to start, ", progress.blocked, " blocked |\n",
        "| Gates | ", gate_count("passed"), " passed, ", gate_count("failed"), " failed, ",
        gate_count("pending"), " pending |\n| Schedule | ",
    );
    m::duration(out, &spec.schedule);
    if let Some(target) = spec.campaign.target_date {
        put!(out; " (target ", target, ")");
    }
    put!(out;
        " |\n| Specification closure | ", spec.closure.text, " |\n| Open findings | ",
        plural_of(spec.findings.errors, "error"), ", ",
        plural_of(spec.findings.warnings, "warning"),
        " |\n\n### Specification files\n\n| File | Triples |\n|------|---------|\n",
    );
    for f in &spec.files {
        put!(out; "| `", cell_text(&f.path), "` | ", f.triples, " |\n");
    }
}

fn plan(out: &mut String, spec: &SpecView) {
    out.push_str("\n## 🎯 Execution Plan\n");
    for phase in &spec.phases {
        put!(out; "\n### ", phase.name.label);
        m::span(out, phase);
        out.push_str("\n\n");
        let with = |readiness: &str| -> Vec<&Shared<TaskView>> {
            phase
                .tasks
                .iter()
                .filter(|t| t.readiness == readiness)
                .collect()
        };
        let (ready, blocked, done, active) =
            (with("ready"), with("blocked"), with("done"), with("active"));
        if phase.tasks.is_empty() {
            out.push_str("No tasks.\n");
        }
        if !done.is_empty() {
            out.push_str("**Done:** ");
            for (i, t) in done.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                out.push_str(&t.name.label);
            }
            out.push('\n');
        }
        if !active.is_empty() {
            out.push_str("**Under way:**\n");
            for t in &active {
                put!(out; "- ", t.name.label, " — ", agent(&t.assignee));
                if !t.waits_for.is_empty() {
                    put!(out; " (", m::waits(t), ")");
                }
                out.push('\n');
            }
            out.push('\n');
        }
        if !ready.is_empty() {
            put!(out; "**Can start now", if ready.len() > 1 { " (in parallel)" } else { "" }, ":**\n");
            for t in &ready {
                put!(out; "- ", t.name.label, " — ", agent(&t.assignee));
                if let Some(days) = t.estimate_days {
                    put!(out; ", ", days_of(Some(days)));
                }
                out.push('\n');
            }
            out.push('\n');
        }
        if !blocked.is_empty() {
            out.push_str("**Waiting:**\n");
            for t in &blocked {
                put!(out; "- ", t.name.label, " — ", agent(&t.assignee), ": ", m::waits(t), "\n");
            }
            out.push('\n');
        }
    }
    let schedule = &spec.schedule;
    if !schedule.critical_path.is_empty() && schedule.has_estimates {
        out.push_str("**Critical path:** ");
        for (i, t) in schedule.critical_path.iter().enumerate() {
            if i > 0 {
                out.push_str(" → ");
            }
            out.push_str(&t.label);
        }
        put!(out; " (", days_of(Some(schedule.total_days)), ").\n");
    }
}

fn metrics_and_gates(out: &mut String, spec: &SpecView) {
    if !spec.metrics.is_empty() {
        out.push_str("\n## 📊 Metrics\n\n| Metric | Baseline → Latest → Target or limit | Improvement | Status |\n");
        out.push_str("|--------|----------------------------|-------------|--------|\n");
        for metric in &spec.metrics {
            put!(out;
                "| ", cell_text(&metric.name.label), " | ",
                cell_text(&m::with_unit(metric.baseline, &metric.unit)), " → ",
                cell_text(&m::with_unit(metric.latest, &metric.unit)), " → ",
                cell_text(&metric.goal), " | ",
            );
            m::improvement(out, metric);
            put!(out; " | ", metric_state_of(Some(&metric.state)), " |\n");
        }
    }
    if !spec.gates.is_empty() {
        out.push_str("\n## 📋 Quality Gates\n\n| Gate | Owner | State | Why |\n|------|-------|-------|-----|\n");
        for gate in &spec.gates {
            put!(out;
                "| ", cell_text(&gate.name.label), " | ", cell_text(agent(&gate.owner)), " | ",
                gate_state_of(Some(&gate.state)),
            );
            match gate.declared.as_deref() {
                Some(declared) if !declared.is_empty() && declared != gate.state => {
                    put!(out; " (declared ", declared, ")");
                }
                _ => {}
            }
            out.push_str(" | ");
            m::open_criteria(out, gate);
            out.push_str(" |\n");
        }
    }
    if !spec.campaign.objectives.is_empty() {
        out.push_str("\n## 🎯 Success Criteria\n\n");
        for o in &spec.campaign.objectives {
            put!(out; "- ", checkbox_of(o.done), " ", o.title, "\n");
        }
    }
}

fn next_steps(out: &mut String, spec: &SpecView) {
    out.push_str("\n## 🔄 Next Steps\n\n");
    let with = |readiness: &str| -> Vec<&Shared<TaskView>> {
        spec.tasks
            .iter()
            .filter(|t| t.readiness == readiness)
            .collect()
    };
    let (under_way, startable) = (with("active"), with("ready"));
    let phase = |out: &mut String, t: &TaskView| {
        if let Some(phase) = &t.phase {
            put!(out; " (", phase.label, ")");
        }
    };
    if !under_way.is_empty() || !startable.is_empty() {
        for (i, t) in under_way.iter().enumerate() {
            put!(out; i + 1, ". **", agent(&t.assignee), ":** finish ", t.name.label);
            phase(out, t);
            out.push_str(", under way");
            if set(&t.waits) {
                put!(out; "; it still ", t.waits);
            }
            out.push_str(".\n");
        }
        for (i, t) in startable.iter().enumerate() {
            put!(out; i + 1 + under_way.len(), ". **", agent(&t.assignee), ":** start ", t.name.label);
            phase(out, t);
            out.push_str(".\n");
        }
    } else if spec.progress.total > 0 && spec.progress.done == spec.progress.total {
        out.push_str("Every task is done.\n");
    } else {
        out.push_str("Nothing can start now: every open task waits for a dependency or a gate (see the dashboard).\n");
    }
    if spec.findings.errors > 0 {
        put!(out;
            "\n`spec check` reports ", plural_of(spec.findings.errors, "error"),
            " in the spec; see the dashboard's findings table.\n",
        );
    }
}
