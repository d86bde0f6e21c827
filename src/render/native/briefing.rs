//! `templates/agent/briefing.md.j2`, section by section.

use super::macros as m;
use super::{agent as agent_label, join, put, set};
use crate::render::filters::{
    checkbox_of, days_of, gate_state_of, number_text, oneline_text, plural_of, readiness_of,
    status_of,
};
use crate::render::view::{AgentView, SpecView, TaskView};

pub fn write(out: &mut String, spec: &SpecView, agent: &AgentView) {
    head(out, spec, agent);
    out.push_str("\n## Your tasks, in order\n");
    for (i, t) in agent.tasks.iter().enumerate() {
        task(out, i + 1, t);
    }
    if agent.tasks.is_empty() {
        out.push_str("\nNo tasks are assigned to you in this spec.\n");
    }
    reporting(out, agent);
    owned(out, agent);
}

fn head(out: &mut String, spec: &SpecView, agent: &AgentView) {
    put!(out;
        "# Briefing — ", agent.agent.name.label, "\n\n**Campaign:** ",
        spec.campaign.title, "  \n",
    );
    if set(&agent.role) {
        put!(out; "**Your role:** ", agent.role, "  \n");
    }
    if let Some(coordinator) = &spec.campaign.coordinator {
        if !agent.is_coordinator {
            put!(out; "**Coordinator:** ", coordinator.name.label, "  \n");
        }
    }
    if agent.is_coordinator {
        out.push_str("**You coordinate this campaign.**  \n");
    }
    put!(out; "**Your workload:** ", plural_of(agent.tasks.len(), "task"));
    if !agent.gates.is_empty() {
        put!(out; ", ", plural_of(agent.gates.len(), "gate"), " to own");
    }
    if !agent.risks.is_empty() {
        put!(out; ", ", plural_of(agent.risks.len(), "risk"), " to watch");
    }
    out.push('\n');
}

fn task(out: &mut String, index: usize, t: &TaskView) {
    put!(out;
        "\n### ", index, ". ", t.name.label, " — ", status_of(t.status.as_deref()), ", ",
        readiness_of(&t.readiness), "\n\n",
    );
    if let Some(phase) = &t.phase {
        put!(out; "- **Phase:** ", phase.label, "\n");
    }
    if let Some(days) = t.estimate_days {
        put!(out; "- **Estimate:** ", days_of(Some(days)));
        if t.start.is_some() {
            put!(out; " · scheduled day ", number_text(t.start), "–", number_text(t.finish));
        }
        if let Some(start) = t.start_date {
            put!(out; " (", start, " → ", t.finish_date, ")");
        }
        if t.critical {
            out.push_str(" · **on the critical path**");
        }
        out.push('\n');
    }
    if !t.depends_on.is_empty() {
        out.push_str("- **Waits for:**\n");
        for d in &t.depends_on {
            put!(out;
                "  - ", d.label, ", delivered by ", agent_label(&d.assignee), " — ",
                if d.done { "✅ done" } else { status_of(d.status.as_deref()) }, "\n",
            );
        }
    }
    if let Some(gate) = &t.waiting_gate {
        put!(out; "- **Waits for the gate:** ", gate.label, " (", gate_state_of(gate.state.as_deref()), ")\n");
    }
    if set(&t.description) {
        put!(out; "\n", t.description, "\n");
    }
    if !t.objectives.is_empty() {
        out.push_str("\nObjectives:\n");
        for o in &t.objectives {
            put!(out; "- ", checkbox_of(o.done), " ", o.title, "\n");
        }
    }
    if !t.deliverables.is_empty() {
        out.push_str("\nDeliverables:\n");
        for d in &t.deliverables {
            put!(out; "- ", d.title);
            if set(&d.path) {
                put!(out; " (`", d.path, "`)");
            }
            out.push('\n');
        }
    }
    if !t.touches.is_empty() {
        let files: Vec<String> = t.touches.iter().map(|f| format!("`{f}`")).collect();
        put!(out; "\nFiles you modify: ", join(&files, ", "), "\n");
    }
}

fn reporting(out: &mut String, agent: &AgentView) {
    if agent.protocol.is_empty() && agent.memory_keys.is_empty() {
        return;
    }
    out.push_str("\n## How you report\n");
    if !agent.memory_keys.is_empty() {
        let keys: Vec<String> = agent.memory_keys.iter().map(|k| format!("`{k}`")).collect();
        put!(out; "\nYour memory keys: ", join(&keys, ", "), ".\n");
    }
    for step in &agent.protocol {
        put!(out; "\n**", step.name.label, "**");
        if set(&step.frequency) {
            put!(out; " (", step.frequency, ")");
        }
        if set(&step.description) {
            put!(out; ": ", oneline_text(step.description.as_deref().unwrap_or_default()));
        }
        out.push_str("\n\n```bash\n");
        for c in &step.commands {
            put!(out; c, "\n");
        }
        out.push_str("```\n");
    }
}

fn owned(out: &mut String, agent: &AgentView) {
    if !agent.gates.is_empty() {
        out.push_str("\n## Gates you own\n");
        for gate in &agent.gates {
            put!(out; "\n### ", gate.name.label, " — ", gate_state_of(Some(&gate.state)), "\n\n");
            m::criteria(out, &gate.criteria);
        }
    }
    if !agent.risks.is_empty() {
        out.push_str("\n## Risks you own\n\n| Risk | Probability | Impact | Mitigation |\n");
        out.push_str("|------|-------------|--------|------------|\n");
        for r in &agent.risks {
            m::risk_cells(out, r);
            m::mitigations_cell(out, &r.mitigations);
            out.push_str(" |\n");
        }
    }
    if !agent.collisions.is_empty() {
        out.push_str("\n## Files you share with parallel work\n\n");
        out.push_str("These tasks may run at the same time as yours and modify the same files: agree on who edits what, or ask the coordinator to order them.\n\n");
        m::collisions(out, &agent.collisions);
    }
}
