//! The computed facts, written back into the spec's store as the named graph
//! `<https://w3id.org/specgraph/computed>`, so that rules (`gate-claim-false`,
//! `schedule-mismatch`, …) and queries compare them with what the spec declares.
//! It also holds what the spec's alignment with other vocabularies entails
//! (`?t a sg:Task` for an `sk:Task`), so that queries and exports see aligned
//! resources with the campaign's terms.

use super::calendar::Day;
use super::gates::GateState;
use super::Analysis;
use oxigraph::model::vocab::xsd;
use oxigraph::model::{GraphName, LiteralRef, NamedNodeRef, NamedOrBlankNodeRef, Quad, TermRef};

pub const GRAPH: &str = "https://w3id.org/specgraph/computed";

/// The IRI of a campaign term, spelled out at compile time.
macro_rules! sg {
    ($local:literal) => {
        oxigraph::model::NamedNodeRef::new_unchecked(concat!("https://w3id.org/specgraph#", $local))
    };
}

fn iri(text: &str) -> NamedOrBlankNodeRef<'_> {
    NamedNodeRef::new_unchecked(text).into()
}

fn object(text: &str) -> TermRef<'_> {
    NamedNodeRef::new_unchecked(text).into()
}

fn simple(text: &str) -> TermRef<'_> {
    LiteralRef::new_simple_literal(text).into()
}

fn typed<'a>(text: &'a str, datatype: NamedNodeRef<'a>) -> TermRef<'a> {
    LiteralRef::new_typed_literal(text, datatype).into()
}

/// Where the facts go: a subject, a property, a value, each borrowed.
pub type Sink<'s> = dyn FnMut(NamedOrBlankNodeRef<'_>, NamedNodeRef<'_>, TermRef<'_>) + 's;

/// Every computed fact of an analysis, handed to `add` one at a time with
/// borrowed terms. Building an owned `Quad` per fact (an IRI string each
/// for the subject, the property and the object) was about 8 % of the CPU
/// of `spec check` on 100 specs of 8,000 triples (`perf`); the dataset
/// interns borrowed terms without allocating them.
pub fn facts(analysis: &Analysis, add: &mut Sink<'_>) {
    for gate in &analysis.gates.gates {
        let state = match gate.state {
            GateState::Passed => sg!("Passed"),
            GateState::Failed => sg!("Failed"),
            GateState::Pending => sg!("Pending"),
        };
        let subject = iri(&gate.gate.iri);
        add(subject, sg!("computedState"), state.into());
        for task in &gate.work.open {
            add(subject, sg!("openTask"), object(&task.iri));
        }
        for reason in gate.blocking_reasons() {
            add(subject, sg!("computedReason"), simple(&reason));
        }
    }
    let campaign = &analysis.campaign;
    for phase in &campaign.phases {
        if let Some(gate) = campaign.entry_gate(&phase.name.iri) {
            add(iri(&phase.name.iri), sg!("entryGate"), object(gate));
        }
    }
    for task in &analysis.readiness {
        for blocker in &task.blockers {
            add(iri(&task.task.iri), sg!("blockedBy"), object(&blocker.iri));
        }
    }
    let decimal = super::format_number;
    let date = |day: Day| day.to_string();
    let schedule = &analysis.schedule;
    for span in schedule.phases.iter().filter(|s| s.complete) {
        let subject = iri(&span.phase.iri);
        add(
            subject,
            sg!("computedDays"),
            typed(&decimal(span.days), xsd::DECIMAL),
        );
        if let Some(day) = span.finish_date {
            add(subject, sg!("computedFinish"), typed(&date(day), xsd::DATE));
        }
    }
    if let (Some(name), true) = (&campaign.name, schedule.is_complete()) {
        let subject = iri(&name.iri);
        add(
            subject,
            sg!("computedDays"),
            typed(&decimal(schedule.total_days), xsd::DECIMAL),
        );
        if let Some(day) = schedule.finish_date {
            add(subject, sg!("computedFinish"), typed(&date(day), xsd::DATE));
        }
    }
    for task in &analysis.readiness {
        add(
            iri(&task.task.iri),
            sg!("readiness"),
            simple(task.state.as_str()),
        );
    }
    for slot in &schedule.tasks {
        let subject = iri(&slot.task.iri);
        add(
            subject,
            sg!("earliestStart"),
            typed(&decimal(slot.start), xsd::DECIMAL),
        );
        add(
            subject,
            sg!("earliestFinish"),
            typed(&decimal(slot.finish), xsd::DECIMAL),
        );
        let critical = if slot.critical { "true" } else { "false" };
        add(subject, sg!("critical"), typed(critical, xsd::BOOLEAN));
    }
    for metric in &analysis.metrics {
        let subject = iri(&metric.metric.iri);
        add(subject, sg!("metricState"), simple(metric.state.as_str()));
        if let Some(latest) = &metric.latest {
            add(
                subject,
                sg!("latestValue"),
                typed(&decimal(latest.value), xsd::DECIMAL),
            );
        }
        if let Some(factor) = metric.improvement {
            add(
                subject,
                sg!("improvementFactor"),
                typed(&decimal((factor * 100.0).round() / 100.0), xsd::DECIMAL),
            );
        }
    }
    for collision in &analysis.collisions {
        add(
            iri(&collision.first.iri),
            sg!("parallelWith"),
            object(&collision.second.iri),
        );
    }
    // What alignment with another vocabulary entails (model/align.rs).
    for t in &analysis.entailed {
        add(t.subject.as_ref(), t.predicate.as_ref(), t.object.as_ref());
    }
}

/// The computed graph of an analysis, as quads (for `spec export`).
pub fn quads(analysis: &Analysis) -> Vec<Quad> {
    let graph = GraphName::NamedNode(oxigraph::model::NamedNode::new_unchecked(GRAPH));
    let mut quads = Vec::new();
    facts(analysis, &mut |s, p, o| {
        quads.push(Quad::new(
            s.into_owned(),
            p.into_owned(),
            o.into_owned(),
            graph.clone(),
        ));
    });
    quads
}

/// Adds the computed graph to the spec's store.
pub fn insert(store: &crate::load::SpecStore, analysis: &Analysis) -> Result<(), String> {
    let mut computed = store.computed();
    facts(analysis, &mut |s, p, o| computed.add(s, p, o));
    computed
        .finish()
        .map_err(|e| format!("cannot store the computed facts: {e}"))
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_spelled_out_terms_are_in_the_campaign_namespace() {
        let term = sg!("computedState");
        assert_eq!(
            term.as_str(),
            format!("{}computedState", crate::vocabulary::NAMESPACE)
        );
    }
}
