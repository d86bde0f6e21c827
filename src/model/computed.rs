//! The computed facts, written back into the spec's store as the named graph
//! `<https://w3id.org/specgraph/computed>`, so that rules (`gate-claim-false`,
//! `schedule-mismatch`, …) and queries compare them with what the spec declares.
//! It also holds what the spec's alignment with other vocabularies entails
//! (`?t a sg:Task` for an `sk:Task`), so that queries and exports see aligned
//! resources with the campaign's terms.

use super::calendar::Day;
use super::gates::GateState;
use super::graph::sg;
use super::Analysis;
use oxigraph::model::{GraphName, Literal, NamedNode, Quad, Term};

pub const GRAPH: &str = "https://w3id.org/specgraph/computed";

fn iri(text: &str) -> NamedNode {
    NamedNode::new_unchecked(text)
}

fn decimal(value: f64) -> Term {
    Literal::new_typed_literal(
        super::format_number(value),
        iri("http://www.w3.org/2001/XMLSchema#decimal"),
    )
    .into()
}

fn date(day: Day) -> Term {
    Literal::new_typed_literal(
        day.to_string(),
        iri("http://www.w3.org/2001/XMLSchema#date"),
    )
    .into()
}

/// The computed graph of an analysis.
pub fn quads(analysis: &Analysis) -> Vec<Quad> {
    let graph = GraphName::NamedNode(iri(GRAPH));
    let mut quads = Vec::new();
    let mut add = |subject: &str, property: &str, object: Term| {
        quads.push(Quad::new(iri(subject), sg(property), object, graph.clone()));
    };
    for gate in &analysis.gates.gates {
        let state = match gate.state {
            GateState::Passed => "Passed",
            GateState::Failed => "Failed",
            GateState::Pending => "Pending",
        };
        add(&gate.gate.iri, "computedState", sg(state).into());
        for task in &gate.work.open {
            add(&gate.gate.iri, "openTask", iri(&task.iri).into());
        }
        for reason in gate.blocking_reasons() {
            add(
                &gate.gate.iri,
                "computedReason",
                Literal::new_simple_literal(reason).into(),
            );
        }
    }
    let campaign = &analysis.campaign;
    for phase in &campaign.phases {
        if let Some(gate) = campaign.entry_gate(&phase.name.iri) {
            add(&phase.name.iri, "entryGate", iri(gate).into());
        }
    }
    for task in &analysis.readiness {
        for blocker in &task.blockers {
            add(&task.task.iri, "blockedBy", iri(&blocker.iri).into());
        }
    }
    let schedule = &analysis.schedule;
    for span in schedule.phases.iter().filter(|s| s.complete) {
        add(&span.phase.iri, "computedDays", decimal(span.days));
        if let Some(day) = span.finish_date {
            add(&span.phase.iri, "computedFinish", date(day));
        }
    }
    if let (Some(name), true) = (&campaign.name, schedule.is_complete()) {
        add(&name.iri, "computedDays", decimal(schedule.total_days));
        if let Some(day) = schedule.finish_date {
            add(&name.iri, "computedFinish", date(day));
        }
    }
    for task in &analysis.readiness {
        let state = task.state.as_str();
        add(
            &task.task.iri,
            "readiness",
            Literal::new_simple_literal(state).into(),
        );
    }
    for slot in &schedule.tasks {
        add(&slot.task.iri, "earliestStart", decimal(slot.start));
        add(&slot.task.iri, "earliestFinish", decimal(slot.finish));
        add(
            &slot.task.iri,
            "critical",
            Literal::from(slot.critical).into(),
        );
    }
    for metric in &analysis.metrics {
        let iri = &metric.metric.iri;
        add(
            iri,
            "metricState",
            Literal::new_simple_literal(metric.state.as_str()).into(),
        );
        if let Some(latest) = &metric.latest {
            add(iri, "latestValue", decimal(latest.value));
        }
        if let Some(factor) = metric.improvement {
            add(
                iri,
                "improvementFactor",
                decimal((factor * 100.0).round() / 100.0),
            );
        }
    }
    for collision in &analysis.collisions {
        add(
            &collision.first.iri,
            "parallelWith",
            iri(&collision.second.iri).into(),
        );
    }
    // What alignment with another vocabulary entails (model/align.rs).
    quads.extend(analysis.entailed.iter().map(|t| {
        Quad::new(
            t.subject.clone(),
            t.predicate.clone(),
            t.object.clone(),
            graph.clone(),
        )
    }));
    quads
}

/// Adds the computed graph to the spec's store.
pub fn insert(store: &crate::load::SpecStore, analysis: &Analysis) -> Result<(), String> {
    store
        .insert_computed(&quads(analysis))
        .map_err(|e| format!("cannot store the computed facts: {e}"))
}
