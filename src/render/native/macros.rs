//! `templates/macros.j2`: the pieces the default templates share, each
//! writing what its macro returns (a macro's body is trimmed at both ends).

use super::{agent, join, put, set};
use crate::render::filters::{
    cell_text, days_of, gate_state_of, oneline_text, percent_of, plural_of, quantity_of,
    readiness_of, shorten_text, status_of,
};
use crate::render::view::{
    CollisionView, CriterionView, GateView, MetricView, PhaseView, RequirementView, RiskView,
    ScheduleView, Shared, SignOffView, TaskView,
};

/// `m.duration(schedule)`.
pub fn duration(out: &mut String, schedule: &ScheduleView) {
    if !schedule.has_estimates {
        out.push_str("not computed: no task or phase has an estimate");
        return;
    }
    put!(out; days_of(Some(schedule.total_days)));
    if !schedule.complete {
        put!(out; " (a lower bound: ", plural_of(schedule.unestimated.len(), "task"), " without an estimate)");
    }
    if let Some(start) = schedule.start_date {
        put!(out; ", ", start, " → ", schedule.finish_date);
    }
}

/// `m.span(phase)`.
pub fn span(out: &mut String, phase: &PhaseView) {
    if phase.tasks.is_empty() {
        return;
    }
    match &phase.span {
        Some(span) if span.complete => {
            put!(out; " (", days_of(Some(span.days)));
            if let Some(start) = span.start_date {
                put!(out; ", ", start, " → ", span.finish_date);
            }
            out.push(')');
        }
        Some(span) if span.days > 0.0 => {
            put!(out; " (at least ", days_of(Some(span.days)), ")");
        }
        _ => {}
    }
}

/// `m.phase_tasks(phase)`.
pub fn phase_tasks(out: &mut String, phase: &PhaseView) {
    let total = phase.tasks.len();
    if total == 0 {
        out.push_str("no tasks");
    } else {
        let word = if total == 1 { " task" } else { " tasks" };
        put!(out; phase.done, "/", total, word, " done");
    }
}

/// `m.criterion(c)`.
pub fn criterion(out: &mut String, c: &CriterionView) {
    let mark = if c.verdict == "holds" { "[x]" } else { "[ ]" };
    put!(out; mark, " ", c.label);
    let plain = c.reasons.len() == 1
        && (c.reasons[0] == "checked" || c.reasons[0] == "not checked (sg:satisfied false)");
    if !plain {
        put!(out; " — ", shorten_text(&join(&c.reasons, "; "), 240));
    }
}

/// `m.improvement(metric)`: `"%.1f×"|format(…)` is Rust's `{:.1}` of the
/// magnitude after its sign (minijinja's printf), `nan` and `inf` in lower case.
pub fn improvement(out: &mut String, metric: &MetricView) {
    match metric.improvement {
        None => out.push('–'),
        Some(v) if v.is_nan() => out.push_str("nan×"),
        Some(v) => {
            let sign = if v.is_sign_negative() { "-" } else { "" };
            if v.is_infinite() {
                put!(out; sign, "inf×");
            } else {
                put!(out; sign, format!("{:.1}", v.abs()), "×");
            }
        }
    }
}

/// `{% for c in criteria %}- {{ m.criterion(c) }}\n{% endfor %}`.
pub fn criteria<'c>(out: &mut String, criteria: impl IntoIterator<Item = &'c CriterionView>) {
    for c in criteria {
        out.push_str("- ");
        criterion(out, c);
        out.push('\n');
    }
}

/// A risk's mitigations in a table cell: `r.mitigations|join("\n")|cell`, or `–`.
pub fn mitigations_cell(out: &mut String, mitigations: &[String]) {
    if mitigations.is_empty() {
        out.push('–');
    } else {
        put!(out; cell_text(&join(mitigations, "\n")));
    }
}

/// A risk's first cells in a table row: `| label | probability | impact | `.
pub fn risk_cells(out: &mut String, r: &RiskView) {
    put!(out;
        "| ", cell_text(&r.name.label), " | ",
        cell_text(r.probability.as_deref().unwrap_or("–")), " | ",
        cell_text(r.impact.as_deref().unwrap_or("–")), " | ",
    );
}

/// `m.open_criteria(gate)`.
pub fn open_criteria(out: &mut String, gate: &GateView) {
    match gate.blocking.len() {
        0 => out.push_str("all criteria hold"),
        1 => out.push_str("1 open criterion"),
        n => put!(out; n, " open criteria"),
    }
}

/// `m.waits(task)`.
pub fn waits(task: &TaskView) -> &str {
    match &task.waits {
        Some(text) if !text.is_empty() => text,
        _ => "waits for nothing",
    }
}

/// `m.with_unit(value, unit)`.
pub fn with_unit(value: Option<f64>, unit: &Option<String>) -> String {
    match value {
        None => "–".to_owned(),
        Some(v) => quantity_of(Some(v), unit.as_deref().unwrap_or_default()),
    }
}

/// `m.severity(value)`.
pub fn severity(out: &mut String, value: &Option<String>) {
    match value.as_deref() {
        Some("Critical") => out.push_str("🚨 **Critical**"),
        Some("Warning") => out.push_str("⚠️ **Warning**"),
        Some("Info") => out.push_str("ℹ️ **Info**"),
        Some(other) if !other.is_empty() => put!(out; "**", other, "**"),
        _ => out.push_str("**Unclassified**"),
    }
}

/// `m.sign_off(s)`.
pub fn sign_off(out: &mut String, s: &SignOffView) {
    put!(out;
        "**Gate:** ", s.gate.label, " — ", gate_state_of(s.gate.state.as_deref()), "  \n",
        "**Signed off by:** ", agent(&s.owner), " · **Status:** ",
        if s.ready { "✅ ready" } else { "⏳ not ready" },
    );
    if !s.outstanding.is_empty() {
        put!(out; "\n\n**Outstanding** (", s.outstanding_total, "):\n");
        for item in &s.outstanding {
            put!(out; "- ", oneline_text(item), "\n");
        }
        if s.outstanding_total > s.outstanding.len() {
            put!(out; "- … and ", s.outstanding_total - s.outstanding.len(), " more: see the gate above");
        }
    }
}

/// `m.requirement(r)`.
pub fn requirement(out: &mut String, r: &RequirementView) {
    put!(out; "- **", oneline_text(&r.name.label), "**");
    if set(&r.priority) {
        put!(out; " (", r.priority, ")");
    }
    if set(&r.description) {
        put!(out; " — ", oneline_text(r.description.as_deref().unwrap_or_default()));
    }
    for s in &r.scenarios {
        out.push_str("\n  - ");
        if set(&s.given) {
            put!(out; "*Given* ", oneline_text(s.given.as_deref().unwrap_or_default()), ", ");
        }
        out.push_str("*when* ");
        match s.when.as_deref() {
            Some(when) if !when.is_empty() => out.push_str(&oneline_text(when)),
            _ => out.push('?'),
        }
        out.push_str(", *then* ");
        match s.then.as_deref() {
            Some(then) if !then.is_empty() => out.push_str(&oneline_text(then)),
            _ => out.push('?'),
        }
    }
}

/// `m.task_table(tasks)`.
pub fn task_table(out: &mut String, tasks: &[Shared<TaskView>]) {
    out.push_str("| Task | Agent | Status | Estimate | Readiness |\n");
    out.push_str("|------|-------|--------|----------|-----------|\n");
    for t in tasks {
        put!(out; "| ", cell_text(&t.name.label));
        if t.critical {
            out.push_str(" ⚡");
        }
        put!(out; " | ", cell_text(agent(&t.assignee)), " | ", status_of(t.status.as_deref()));
        if t.progress.is_some() {
            put!(out; " (", percent_of(t.progress), ")");
        }
        out.push_str(" | ");
        match t.estimate_days {
            Some(days) => out.push_str(&days_of(Some(days))),
            None => out.push('–'),
        }
        put!(out; " | ", readiness_of(&t.readiness));
        if set(&t.waits) && t.readiness != "done" {
            put!(out; ": ", cell_text(t.waits.as_deref().unwrap_or_default()));
        }
        out.push_str(" |\n");
    }
    out.push_str("\n⚡ on the critical path.");
}

/// The table of file collisions (the dashboard's and a briefing's).
pub fn collisions(out: &mut String, collisions: &[CollisionView]) {
    out.push_str(
        "| File | Task | Agent | Task | Agent |\n|------|------|-------|------|-------|\n",
    );
    for c in collisions {
        put!(out;
            "| `", cell_text(&c.file), "` | ", cell_text(&c.first.label), " | ",
            cell_text(agent(&c.first.assignee)), " | ", cell_text(&c.second.label), " | ",
            cell_text(agent(&c.second.assignee)), " |\n",
        );
    }
}
