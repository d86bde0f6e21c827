//! `templates/spec/COORDINATOR-LOG.md.j2`, section by section.

use super::macros as m;
use super::{agent, join, put, set};
use crate::render::filters::{
    cell_text, checkbox_of, days_of, gate_state_of, metric_state_of, percent_of, status_of,
};
use crate::render::view::SpecView;

pub fn write(out: &mut String, spec: &SpecView) {
    head(out, spec);
    protocol(out, spec);
    phases(out, spec);
    gates_and_risks(out, spec);
    metrics_and_decisions(out, spec);
    readiness(out, spec);
    reports(out, spec);
}

fn head(out: &mut String, spec: &SpecView) {
    let campaign = &spec.campaign;
    put!(out; "# ", campaign.title, " — Coordinator Log\n\n");
    if let Some(coordinator) = &campaign.coordinator {
        put!(out; "**Coordinator:** ", coordinator.name.label, "  \n");
    }
    put!(out; "**Status:** ", status_of(campaign.status.as_deref()));
    if let Some(start) = spec.schedule.start_date {
        put!(out; " · **Start:** ", start);
    }
    if let Some(target) = campaign.target_date {
        put!(out; " · **Target:** ", target);
    }
    out.push_str(" · **Computed duration:** ");
    m::duration(out, &spec.schedule);
    out.push_str("\n\n## 👥 Agent Coordination Matrix\n\n");
    out.push_str("| Agent | Role | Tasks | Done | Status | Gates owned | Risks owned |\n");
    out.push_str("|-------|------|-------|------|--------|-------------|-------------|\n");
    for a in &spec.agents {
        put!(out; "| ", cell_text(&a.agent.name.label));
        if a.is_coordinator {
            out.push_str(" (coordinator)");
        }
        let done = a.tasks.iter().filter(|t| t.readiness == "done").count();
        put!(out;
            " | ", cell_text(a.role.as_deref().unwrap_or("–")), " | ", a.tasks.len(), " | ",
            done, " | ", status_of(a.status.as_deref()), " | ", a.gates.len(), " | ",
            a.risks.len(), " |\n",
        );
    }
    if spec.tasks.iter().any(|t| !t.depends_on.is_empty()) {
        out.push_str(
            "\n### Dependency Tracking\n\n| Task | Agent | Depends on | Delivered by | State |\n",
        );
        out.push_str("|------|-------|------------|--------------|-------|\n");
        for t in &spec.tasks {
            for d in &t.depends_on {
                put!(out;
                    "| ", cell_text(&t.name.label), " | ", cell_text(agent(&t.assignee)), " | ",
                    cell_text(&d.label), " | ", cell_text(agent(&d.assignee)), " | ",
                    if d.done { "✅ done" } else { status_of(d.status.as_deref()) }, " |\n",
                );
            }
        }
    }
}

fn protocol(out: &mut String, spec: &SpecView) {
    if !spec.protocol.is_empty() {
        out.push_str("\n## 🔄 Coordination Protocol\n");
        for step in &spec.protocol {
            put!(out; "\n### ", step.name.label, "\n\n**Who:** ");
            if step.performed_by.is_empty() {
                out.push_str("every agent");
            } else {
                let labels: Vec<&str> = step
                    .performed_by
                    .iter()
                    .map(|a| a.name.label.as_str())
                    .collect();
                out.push_str(&join(&labels, ", "));
            }
            if set(&step.frequency) {
                put!(out; " · **When:** ", step.frequency);
            }
            out.push('\n');
            if set(&step.description) {
                put!(out; "\n", step.description, "\n");
            }
            out.push_str("\n```bash\n");
            for c in &step.commands {
                put!(out; c, "\n");
            }
            out.push_str("```\n");
        }
    }
    if !spec.memory_keys.is_empty() {
        out.push_str(
            "\n### Memory keys\n\n| Memory key | Reports on |\n|------------|------------|\n",
        );
        for k in &spec.memory_keys {
            put!(out; "| `", cell_text(&k.key), "` | ", cell_text(&k.owner), " |\n");
        }
    }
    if !spec.checks.is_empty() || !spec.alerts.is_empty() {
        out.push_str("\n## 📡 Build Monitoring\n");
        super::dashboard::checks_and_alerts(out, spec);
    }
}

fn phases(out: &mut String, spec: &SpecView) {
    out.push_str("\n## 🔗 Integration Phases\n");
    for phase in &spec.phases {
        put!(out; "\n### ", phase.name.label);
        m::span(out, phase);
        put!(out; "\n\n**Status:** ", status_of(phase.status.as_deref()), " · ");
        m::phase_tasks(out, phase);
        if !phase.tasks.is_empty() {
            put!(out; " (", percent_of(Some(phase.percent_done)), ")");
        }
        if let Some(gate) = &phase.gate {
            put!(out; " · **Gate:** ", gate.label, " — ", gate_state_of(gate.state.as_deref()));
        }
        out.push_str("\n\n");
        for t in &phase.tasks {
            put!(out;
                "- ", if t.readiness == "done" { "[x]" } else { "[ ]" }, " ", t.name.label,
                " — ", agent(&t.assignee),
            );
            if let Some(days) = t.estimate_days {
                put!(out; ", ", days_of(Some(days)));
            }
            if !t.waits_for.is_empty() {
                put!(out; " · ", m::waits(t));
            }
            out.push('\n');
        }
        if !phase.objectives.is_empty() {
            out.push_str("\nSuccess criteria:\n");
            for o in &phase.objectives {
                put!(out; "- ", checkbox_of(o.done), " ", o.title, "\n");
            }
        }
    }
}

fn gates_and_risks(out: &mut String, spec: &SpecView) {
    if !spec.gates.is_empty() {
        out.push_str("\n## 🚦 Quality Gates\n");
        for gate in &spec.gates {
            put!(out; "\n### ", gate.name.label, " — ", gate_state_of(Some(&gate.state)));
            match gate.declared.as_deref() {
                Some(declared) if !declared.is_empty() && declared != gate.state => {
                    put!(out; " (declared ", declared, ")");
                }
                _ => {}
            }
            out.push_str("\n\n");
            m::criteria(out, &gate.criteria);
        }
    }
    if !spec.risks.is_empty() {
        out.push_str("\n## 🛡️ Risk Management\n");
        for r in &spec.risks {
            put!(out;
                "\n### ", r.name.label, "\n\n**Probability:** ",
                r.probability.as_deref().unwrap_or("–"), " · **Impact:** ",
                r.impact.as_deref().unwrap_or("–"), " · **Owner:** ", agent(&r.owner),
            );
            if set(&r.status) {
                put!(out; " · **Status:** ", r.status);
            }
            out.push_str("\n\n");
            if r.mitigations.is_empty() {
                out.push_str("No mitigation recorded.\n");
            } else {
                out.push_str("Mitigation:\n");
                for line in &r.mitigations {
                    put!(out; "- ", line, "\n");
                }
            }
        }
    }
}

fn metrics_and_decisions(out: &mut String, spec: &SpecView) {
    if !spec.metrics.is_empty() {
        out.push_str("\n## 📈 Metrics Dashboard\n\n");
        out.push_str("| Metric | Baseline | Latest | Target or limit | Improvement | Status | Measured by |\n");
        out.push_str(
            "|--------|----------|--------|--------|-------------|--------|-------------|\n",
        );
        for metric in &spec.metrics {
            put!(out;
                "| ", cell_text(&metric.name.label), " | ",
                cell_text(&m::with_unit(metric.baseline, &metric.unit)), " | ",
                cell_text(&m::with_unit(metric.latest, &metric.unit)), " | ",
                cell_text(&metric.goal), " | ",
            );
            m::improvement(out, metric);
            put!(out; " | ", metric_state_of(Some(&metric.state)), " | ");
            if metric.measured_by.is_empty() {
                out.push('–');
            } else {
                put!(out; cell_text(&format!("`{}`", join(&metric.measured_by, "`, `"))));
            }
            out.push_str(" |\n");
        }
    }
    if !spec.decisions.is_empty() {
        out.push_str("\n## 🧭 Decisions\n");
        for d in &spec.decisions {
            put!(out; "\n### ", d.name.label);
            if set(&d.status) {
                put!(out; " — ", d.status);
            }
            out.push_str("\n\n");
            if set(&d.choice) {
                put!(out; "**Decision:** ", d.choice, "  \n");
            }
            if d.owner.is_some() || d.decided_on.is_some() {
                if let Some(owner) = &d.owner {
                    put!(out; "**Owner:** ", owner.name.label);
                }
                if d.owner.is_some() && d.decided_on.is_some() {
                    out.push_str(" · ");
                }
                if let Some(day) = d.decided_on {
                    put!(out; "**Decided on:** ", day);
                }
                out.push('\n');
            }
            for c in &d.context {
                put!(out; "\n", c, "\n");
            }
            if !d.alternatives.is_empty() {
                out.push_str("\nAlternatives considered:\n");
                for alternative in &d.alternatives {
                    put!(out; "- ", alternative, "\n");
                }
            }
        }
    }
}

fn readiness(out: &mut String, spec: &SpecView) {
    out.push_str("\n## 🚀 Release Readiness\n");
    let last_gate = spec.phases.last().and_then(|p| p.gate.as_ref());
    let final_gate = last_gate.and_then(|g| spec.gates.iter().find(|f| f.name.id == g.id));
    match (final_gate, last_gate) {
        (Some(gate), _) => {
            put!(out;
                "\nThe last phase closes with **", gate.name.label, "**: ",
                gate_state_of(Some(&gate.state)), ".\n\n",
            );
            m::criteria(out, &gate.criteria);
        }
        (None, Some(gate)) => {
            put!(out;
                "\nThe last phase's `sg:gate` is ", gate.label,
                ", which is not described as an `sg:Gate`.\n",
            );
        }
        (None, None) => {
            out.push_str(
                "\nNo final gate: give the last phase an `sg:gate` to track release readiness.\n",
            );
        }
    }
}

fn reports(out: &mut String, spec: &SpecView) {
    if !spec.report_templates.is_empty() {
        out.push_str("\n## 📝 Report Templates\n");
        for r in &spec.report_templates {
            put!(out; "\n### ", r.name.label, "\n\n");
            if set(&r.frequency) {
                put!(out; "**When:** ", r.frequency);
            }
            if set(&r.frequency) && (set(&r.path) || r.owner.is_some()) {
                out.push_str(" · ");
            }
            if set(&r.path) {
                put!(out; "**Where:** `", r.path, "`");
            }
            if set(&r.path) && r.owner.is_some() {
                out.push_str(" · ");
            }
            if let Some(owner) = &r.owner {
                put!(out; "**Owner:** ", owner.name.label);
            }
            out.push('\n');
            if set(&r.description) {
                put!(out; "\n", r.description, "\n");
            }
            if set(&r.template) {
                put!(out; "\n````markdown\n", r.template, "\n````\n");
            }
        }
    }
    if let Some(sign_off) = &spec.sign_off {
        out.push_str("\n## ✍️ Release Sign-Off\n\n");
        m::sign_off(out, sign_off);
        out.push('\n');
    }
}
