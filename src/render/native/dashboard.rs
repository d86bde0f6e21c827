//! `templates/spec/DASHBOARD.md.j2`, section by section.

use super::macros as m;
use super::{agent, join, put, set};
use crate::render::filters::{
    cell_text, gate_state_of, mermaid_id_text, mermaid_label_text, metric_state_of, number_text,
    oneline_text, percent_of, plural_of, shorten_text, status_of,
};
use crate::render::view::{SpecView, TaskView};

pub fn write(out: &mut String, spec: &SpecView) {
    head(out, spec);
    metrics(out, spec);
    workstreams(out, spec);
    gates(out, spec);
    scope(out, spec);
    schedule(out, spec);
    monitoring(out, spec);
    deliverables(out, spec);
    risks(out, spec);
    findings(out, spec);
}

fn head(out: &mut String, spec: &SpecView) {
    let campaign = &spec.campaign;
    put!(out; "# ", campaign.title, " — Coordination Dashboard\n\n");
    if set(&campaign.description) {
        put!(out; campaign.description, "\n\n");
    }
    if let Some(coordinator) = &campaign.coordinator {
        put!(out; "**Coordinator:** ", coordinator.name.label, "  \n");
    }
    let progress = &spec.progress;
    put!(out;
        "**Status:** ", status_of(campaign.status.as_deref()), " · ",
        progress.done, "/", progress.total, " ",
        if progress.total == 1 { "task" } else { "tasks" },
        " done (", percent_of(Some(progress.percent_done)), "), ",
        progress.active, " active, ", progress.ready, " ready, ",
        progress.blocked, " blocked  \n",
        "**Schedule:** ",
    );
    m::duration(out, &spec.schedule);
    if let Some(target) = campaign.target_date {
        put!(out; " (target ", target, ")");
    }
    let count = |state: &str| spec.gate_counts.get(state).copied().unwrap_or(0);
    put!(out;
        "  \n**Gates:** ", count("passed"), " passed, ", count("failed"), " failed, ",
        count("pending"), " pending · **Closure:** ", spec.closure.text,
        " · **Findings:** ", plural_of(spec.findings.errors, "error"), ", ",
        plural_of(spec.findings.warnings, "warning"), "  \n",
        "**See also:** [summary](SUMMARY.md) · [coordinator log](COORDINATOR-LOG.md)",
    );
    if !spec.agents.is_empty() {
        out.push_str(" · one briefing per agent (links in the agents table)");
    }
    out.push_str("\n\n---\n\n## 📊 Metrics\n\nCounted by `spec` from the data: ");
    for (i, f) in spec.figures.iter().enumerate() {
        put!(out; f.label.to_lowercase(), " **", f.done, "/", f.total, "**");
        if i + 1 < spec.figures.len() {
            out.push_str(" · ");
        }
    }
    out.push_str(".\n");
}

fn metrics(out: &mut String, spec: &SpecView) {
    if spec.metrics.is_empty() {
        return;
    }
    out.push_str("\n| Metric | Baseline | Latest | Target or limit | Improvement | Status |\n");
    out.push_str("|--------|----------|--------|--------|-------------|--------|\n");
    for metric in &spec.metrics {
        put!(out;
            "| ", cell_text(&metric.name.label), " | ",
            cell_text(&m::with_unit(metric.baseline, &metric.unit)), " | ",
            cell_text(&m::with_unit(metric.latest, &metric.unit)),
        );
        if set(&metric.latest_at) {
            put!(out; " (", metric.latest_at, ")");
        }
        if metric.counted {
            out.push_str(" (counted)");
        }
        put!(out; " | ", cell_text(&metric.goal), " | ");
        m::improvement(out, metric);
        put!(out; " | ", metric_state_of(Some(&metric.state)), " |\n");
    }
}

fn workstreams(out: &mut String, spec: &SpecView) {
    out.push_str("\n## 🎯 Workstreams\n");
    if !spec.agents.is_empty() {
        out.push_str("\n| Agent | Role | Priority | Tasks done | Finishes | Briefing |\n");
        out.push_str("|-------|------|----------|------------|----------|----------|\n");
        for a in &spec.agents {
            put!(out; "| ", cell_text(&a.agent.name.label));
            if a.is_coordinator {
                out.push_str(" (coordinator)");
            }
            put!(out;
                " | ", cell_text(a.role.as_deref().unwrap_or("–")),
                " | ", a.priority.as_deref().unwrap_or("–"),
                " | ", a.done, "/", a.total, " | ",
            );
            match (a.finish, a.finish_date) {
                (Some(_), Some(date)) => put!(out; date),
                (Some(finish), None) => put!(out; "day ", number_text(Some(finish))),
                (None, _) => out.push('–'),
            }
            put!(out; " | [briefing](briefings/", a.agent.slug, ".md) |\n");
        }
    }
    for phase in &spec.phases {
        put!(out; "\n### ", phase.name.label);
        m::span(out, phase);
        put!(out; "\n\n**Status:** ", status_of(phase.status.as_deref()), " · ");
        m::phase_tasks(out, phase);
        if let Some(gate) = &phase.entry_gate {
            put!(out; " · **Waits for gate:** ", gate.label, " (", gate_state_of(gate.state.as_deref()), ")");
        }
        if let Some(gate) = &phase.gate {
            put!(out; " · **Closed by gate:** ", gate.label, " (", gate_state_of(gate.state.as_deref()), ")");
        }
        out.push('\n');
        if !phase.tasks.is_empty() {
            out.push('\n');
            m::task_table(out, &phase.tasks);
            out.push('\n');
        }
    }
    if !spec.unphased_tasks.is_empty() {
        out.push_str("\n### Tasks without a phase\n\n");
        m::task_table(out, &spec.unphased_tasks);
        out.push('\n');
    }
    if !spec.memory_keys.is_empty() {
        out.push_str(
            "\n### Memory keys\n\n| Memory key | Reports on |\n|------------|------------|\n",
        );
        for k in &spec.memory_keys {
            put!(out; "| `", cell_text(&k.key), "` | ", cell_text(&k.owner), " |\n");
        }
    }
    if !spec.collisions.is_empty() {
        out.push_str("\n## ⚠️ File Collision Risk\n\nTasks that may run at the same time (no dependency path between them) and modify the same file:\n\n");
        m::collisions(out, &spec.collisions);
    }
}

fn gates(out: &mut String, spec: &SpecView) {
    if spec.gates.is_empty() {
        return;
    }
    out.push_str("\n## 🚦 Quality Gates\n\n| Gate | State | Work it closes | Criteria | Owner |\n");
    out.push_str("|------|-------|----------------|----------|-------|\n");
    for gate in &spec.gates {
        put!(out; "| ", cell_text(&gate.name.label), " | ", gate_state_of(Some(&gate.state)));
        if gate.claim_false {
            out.push_str(" (declared passed!)");
        }
        out.push_str(" | ");
        if gate.work_total > 0 {
            put!(out; gate.work_done, "/", gate.work_total, " done");
        } else {
            out.push('–');
        }
        out.push_str(" | ");
        m::open_criteria(out, gate);
        if !(gate.due || gate.blocking.is_empty()) {
            out.push_str(" (not due yet)");
        }
        put!(out; " | ", cell_text(agent(&gate.owner)), " |\n");
    }
    out.push_str("\nEach gate's criteria, with what holds and what does not, are in the [coordinator log](COORDINATOR-LOG.md#-quality-gates).\n");
    for gate in spec
        .gates
        .iter()
        .filter(|g| g.state == "failed" || g.claim_false)
    {
        put!(out; "\n### ", gate.name.label, " — ", gate_state_of(Some(&gate.state)));
        if gate.claim_false {
            out.push_str(" (declared passed!)");
        }
        out.push_str("\n\n");
        m::criteria(out, gate.criteria.iter().filter(|c| c.verdict != "holds"));
    }
}

fn scope(out: &mut String, spec: &SpecView) {
    if spec.features.is_empty() && spec.other_requirements.is_empty() {
        return;
    }
    out.push_str("\n## 📋 Scope\n");
    for feature in &spec.features {
        put!(out; "\n### ", feature.name.label);
        if set(&feature.priority) || set(&feature.status) {
            let mut parts = Vec::new();
            if set(&feature.priority) {
                parts.push(feature.priority.as_deref().unwrap_or_default());
            }
            if set(&feature.status) {
                parts.push(status_of(feature.status.as_deref()));
            }
            put!(out; " (", join(&parts, ", "), ")");
        }
        out.push('\n');
        if set(&feature.description) {
            put!(out; "\n", feature.description, "\n");
        }
        if !feature.requirements.is_empty() {
            out.push('\n');
            for r in &feature.requirements {
                m::requirement(out, r);
                out.push('\n');
            }
        }
    }
    if !spec.other_requirements.is_empty() {
        out.push('\n');
        if !spec.features.is_empty() {
            out.push_str("### Requirements of no feature\n\n");
        }
        for r in &spec.other_requirements {
            m::requirement(out, r);
            out.push('\n');
        }
    }
}

fn schedule(out: &mut String, spec: &SpecView) {
    let schedule = &spec.schedule;
    out.push_str("\n## 📅 Schedule\n\nTotal: **");
    m::duration(out, schedule);
    out.push_str("**.\n");
    if !schedule.critical_path.is_empty() && schedule.has_estimates {
        out.push_str("Critical path: ");
        for (i, t) in schedule.critical_path.iter().enumerate() {
            if i > 0 {
                out.push_str(" → ");
            }
            out.push_str(&t.label);
        }
        out.push_str(".\n");
    }
    if !schedule.unestimated.is_empty() {
        put!(out; "Without an estimate (counted as 0 days): ", join(&schedule.unestimated, ", "), ".\n");
    }
    if !schedule.unscheduled.is_empty() {
        put!(out; "Not scheduled (dependency cycle): ", join(&schedule.unscheduled, ", "), ".\n");
    }
    if schedule.start_date.is_some() && schedule.has_estimates {
        put!(out;
            "\n```mermaid\ngantt\n    title ", mermaid_label_text(&spec.campaign.title),
            "\n    dateFormat YYYY-MM-DD HH:mm\n    axisFormat %m-%d\n",
        );
        for phase in spec.phases.iter().filter(|p| !p.tasks.is_empty()) {
            put!(out; "    section ", mermaid_label_text(&phase.name.label), "\n");
            for task in phase.tasks.iter().filter(|t| set(&t.gantt_start)) {
                let state = if task.readiness == "done" {
                    "done, "
                } else if task.status.as_deref() == Some("Active") {
                    "active, "
                } else {
                    ""
                };
                gantt_bar(out, task, state);
            }
        }
        if !spec.unphased_tasks.is_empty() {
            out.push_str("    section Other tasks\n");
            for task in spec.unphased_tasks.iter().filter(|t| set(&t.gantt_start)) {
                gantt_bar(out, task, "");
            }
        }
        out.push_str("```\n");
    }
    if !spec.tasks.is_empty() {
        out.push_str("\n```mermaid\nflowchart LR\n");
        for task in &spec.tasks {
            put!(out; "    ", mermaid_id_text(&task.name.id), "[\"", mermaid_label_text(&task.name.label), "\"]\n");
        }
        for task in &spec.tasks {
            for d in &task.depends_on {
                put!(out; "    ", mermaid_id_text(&d.id), " --> ", mermaid_id_text(&task.name.id), "\n");
            }
        }
        out.push_str(concat!(
            "    classDef done fill:#d4edda,stroke:#28a745\n",
            "    classDef active fill:#cce5ff,stroke:#004085\n",
            "    classDef ready fill:#fff3cd,stroke:#d39e00\n",
            "    classDef blocked fill:#f8d7da,stroke:#c82333\n",
        ));
        for task in &spec.tasks {
            put!(out; "    class ", mermaid_id_text(&task.name.id), " ", task.readiness, "\n");
        }
        out.push_str(
            "```\n\nGreen: done · blue: active · yellow: ready to start · red: blocked.\n",
        );
    }
}

/// A task's line in the gantt chart.
fn gantt_bar(out: &mut String, task: &TaskView, state: &str) {
    put!(out; "    ", mermaid_label_text(&task.name.label), " :");
    if task.critical {
        out.push_str("crit, ");
    }
    put!(out;
        state, mermaid_id_text(&task.name.id), ", ", task.gantt_start, ", ",
        task.gantt_hours.max(1), "h\n",
    );
}

fn monitoring(out: &mut String, spec: &SpecView) {
    if spec.checks.is_empty() && spec.alerts.is_empty() {
        return;
    }
    out.push_str("\n## 📡 Monitoring\n");
    checks_and_alerts(out, spec);
}

/// The checks' table and the alert triggers, as the dashboard and the
/// coordinator log write them under their headings.
pub(super) fn checks_and_alerts(out: &mut String, spec: &SpecView) {
    if !spec.checks.is_empty() {
        out.push_str("\n| Check | Frequency | Command | Purpose |\n|-------|-----------|---------|---------|\n");
        for c in &spec.checks {
            put!(out; "| ", cell_text(&c.name.label), " | ", cell_text(c.frequency.as_deref().unwrap_or("–")), " | ");
            if c.commands.is_empty() {
                out.push('–');
            }
            for (i, cmd) in c.commands.iter().enumerate() {
                if i > 0 {
                    out.push_str("<br>");
                }
                put!(out; "`", cell_text(cmd), "`");
            }
            put!(out; " | ", cell_text(c.description.as_deref().unwrap_or("–")), " |\n");
        }
    }
    if !spec.alerts.is_empty() {
        out.push_str("\n**Alert triggers:**\n");
        for a in &spec.alerts {
            out.push_str("- ");
            m::severity(out, &a.severity);
            put!(out;
                ": ", oneline_text(a.trigger.as_deref().unwrap_or("–")),
                " → ", oneline_text(a.action.as_deref().unwrap_or("–")), "\n",
            );
        }
    }
}

fn deliverables(out: &mut String, spec: &SpecView) {
    if spec.deliverables.is_empty() {
        return;
    }
    out.push_str("\n## 📦 Deliverables\n\n| Deliverable | Of | Path | Owner | Status |\n");
    out.push_str("|-------------|----|------|-------|--------|\n");
    for d in &spec.deliverables {
        let of = match d.phase.as_deref() {
            Some(phase) if !phase.is_empty() => phase,
            _ => "the campaign",
        };
        put!(out; "| ", cell_text(&d.deliverable.title), " | ", cell_text(of), " | ");
        match d.deliverable.path.as_deref() {
            Some(path) if !path.is_empty() => put!(out; cell_text(&format!("`{path}`"))),
            _ => out.push('–'),
        }
        put!(out;
            " | ", cell_text(agent(&d.deliverable.owner)), " | ",
            status_of(d.deliverable.status.as_deref()), " |\n",
        );
    }
}

fn risks(out: &mut String, spec: &SpecView) {
    if !spec.risk_groups.is_empty() {
        out.push_str("\n## 🛡️ Risks\n");
        for group in &spec.risk_groups {
            put!(out; "\n### ", group.label, "\n\n");
            out.push_str("| Risk | Probability | Impact | Status | Owner | Mitigation |\n");
            out.push_str("|------|-------------|--------|--------|-------|------------|\n");
            for r in &group.risks {
                m::risk_cells(out, r);
                put!(out;
                    status_of(r.status.as_deref()), " | ", cell_text(agent(&r.owner)), " | ",
                );
                m::mitigations_cell(out, &r.mitigations);
                out.push_str(" |\n");
            }
        }
    }
    if let Some(sign_off) = &spec.sign_off {
        out.push_str("\n## ✍️ Sign-off\n\n");
        m::sign_off(out, sign_off);
        out.push('\n');
    }
}

fn findings(out: &mut String, spec: &SpecView) {
    let list = &spec.findings.list;
    if list.is_empty() {
        return;
    }
    out.push_str(
        "\n## 🔍 Open findings of `spec check`\n\n| Severity | Rule | Where | Message |\n",
    );
    out.push_str("|----------|------|-------|---------|\n");
    for f in list.iter().take(10) {
        put!(out; "| ", f.severity, " | `", f.code, "` | ");
        match f.file.as_deref() {
            Some(file) if !file.is_empty() => {
                let line = f.line.map_or_else(|| "none".to_owned(), |l| l.to_string());
                put!(out; cell_text(&format!("{file}:{line}")));
            }
            _ => out.push('–'),
        }
        put!(out; " | ", cell_text(&shorten_text(&f.message, 160)), " |\n");
    }
    if list.len() > 10 {
        put!(out;
            "\n… and ", list.len() - 10, " more: run `spec check ", spec.dir,
            "` for all of them, located, with the fix for each.\n",
        );
    }
}
