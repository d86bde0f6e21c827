//! Stage 2 — model: the campaign as typed data, read from a loaded spec, and
//! what `spec` computes from it: gate states, metric status, readiness and the
//! schedule. The computed facts also go back into the store (a named graph) so
//! that rules and queries can compare them with what the spec declares.
//! `check::check_spec` computes it first, before the rules run.

pub mod align;
pub mod calendar;
pub mod collisions;
pub mod computed;
mod condition;
pub mod gates;
pub mod graph;
pub mod metrics;
mod read;
pub mod readiness;
pub mod schedule;

use crate::check::functions::Prefixes;
use crate::load::Spec;
use graph::Graph;
use oxigraph::model::NamedNode;
use rustc_hash::FxHashMap as HashMap;
use serde::Serialize;

/// A resource of the campaign: its IRI, how it is written (`:task-1`) and its title.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Name {
    pub iri: String,
    pub id: String,
    pub title: Option<String>,
}

impl Name {
    fn read(graph: &Graph, prefixes: &Prefixes, node: &NamedNode) -> Self {
        Self {
            iri: node.as_str().to_owned(),
            id: prefixes.compact(node.as_str()),
            title: graph.text(node, &graph::Sg("title")),
        }
    }

    /// `:gate-1 (Phase 1 gate)`, or the id alone.
    pub fn describe(&self) -> String {
        match &self.title {
            Some(title) => format!("{} ({title})", self.id),
            None => self.id.clone(),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Phase {
    pub name: Name,
    pub order: Option<f64>,
    /// The gate that closes the phase (and opens the next one).
    pub gate: Option<String>,
    pub status: Option<String>,
    /// The declared duration in days.
    pub estimate_days: Option<f64>,
    pub start_date: Option<calendar::Day>,
    pub target_date: Option<calendar::Day>,
    pub description: Option<String>,
    pub progress: Option<f64>,
    pub objectives: Vec<String>,
    pub deliverables: Vec<String>,
    pub memory_keys: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Task {
    pub name: Name,
    pub phase: Option<String>,
    /// Its place among the tasks of its phase.
    pub order: Option<f64>,
    pub assignee: Option<String>,
    pub status: Option<String>,
    pub progress: Option<f64>,
    pub estimate_days: Option<f64>,
    pub depends_on: Vec<String>,
    pub touches: Vec<String>,
    pub gate: Option<String>,
    pub description: Option<String>,
    pub priority: Option<String>,
    /// Objective criteria (`sg:objective`), a checklist.
    pub objectives: Vec<String>,
    pub deliverables: Vec<String>,
    pub requirements: Vec<String>,
    /// Where it reports progress (`sg:memoryKey`).
    pub memory_keys: Vec<String>,
}

impl Task {
    pub fn is_done(&self) -> bool {
        self.status.as_deref() == Some("Done")
    }

    /// Declared under way (`sg:Active`).
    pub fn is_active(&self) -> bool {
        self.status.as_deref() == Some("Active")
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Gate {
    pub name: Name,
    pub owner: Option<String>,
    pub order: Option<f64>,
    /// The declared state (`Passed`, `Pending`, …).
    pub status: Option<String>,
    pub criteria: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Criterion {
    pub name: Name,
    pub order: Option<f64>,
    pub satisfied: Option<bool>,
    pub metric: Option<String>,
    pub comparator: Option<String>,
    pub threshold: Option<f64>,
    pub condition: Option<String>,
    pub requires: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Metric {
    pub name: Name,
    pub unit: Option<String>,
    pub baseline: Option<f64>,
    pub target: Option<f64>,
    /// A bound that must hold all along (`sg:limit`).
    pub limit: Option<f64>,
    /// `LowerIsBetter` or `HigherIsBetter`.
    pub direction: Option<String>,
    pub measured_by: Vec<String>,
    /// What spec counts for it (`TasksDone`, …): its value is computed.
    pub counts: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Measurement {
    pub name: Name,
    pub metric: String,
    pub value: f64,
    pub unit: Option<String>,
    /// The instant as written (`2026-01-29` or a dateTime), for display and ordering.
    pub at: Option<String>,
    pub measured_by: Option<String>,
    pub commit: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Agent {
    pub name: Name,
    pub role: Option<String>,
    pub status: Option<String>,
    pub priority: Option<String>,
    pub order: Option<f64>,
    pub memory_keys: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Risk {
    pub name: Name,
    /// A level (`High`) or a probability (`0.3`), as written.
    pub probability: Option<String>,
    pub impact: Option<String>,
    pub mitigations: Vec<String>,
    pub owner: Option<String>,
    pub status: Option<String>,
    pub description: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Decision {
    pub name: Name,
    pub choice: Option<String>,
    pub context: Vec<String>,
    pub alternatives: Vec<String>,
    pub status: Option<String>,
    pub owner: Option<String>,
    pub decided_on: Option<calendar::Day>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Deliverable {
    pub name: Name,
    pub path: Option<String>,
    pub owner: Option<String>,
    pub status: Option<String>,
}

/// A monitoring check: a command run on a cadence.
#[derive(Debug, Clone, Serialize)]
pub struct Check {
    pub name: Name,
    pub order: Option<f64>,
    pub commands: Vec<String>,
    pub frequency: Option<String>,
    pub description: Option<String>,
    pub owner: Option<String>,
}

/// An alert trigger: what raises it, how severe, what it demands.
#[derive(Debug, Clone, Serialize)]
pub struct Alert {
    pub name: Name,
    /// `Critical`, `Warning` or `Info`.
    pub severity: Option<String>,
    pub trigger: Option<String>,
    pub action: Option<String>,
}

/// A step of the coordination protocol, with its commands.
#[derive(Debug, Clone, Serialize)]
pub struct ProtocolStep {
    pub name: Name,
    pub order: Option<f64>,
    pub commands: Vec<String>,
    pub frequency: Option<String>,
    pub description: Option<String>,
    /// Who performs it; nobody named means every agent.
    pub performed_by: Vec<String>,
}

/// A report the campaign writes on a cadence, with its template.
#[derive(Debug, Clone, Serialize)]
pub struct ReportTemplate {
    pub name: Name,
    pub frequency: Option<String>,
    pub template: Option<String>,
    pub path: Option<String>,
    pub owner: Option<String>,
    pub description: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Requirement {
    pub name: Name,
    pub order: Option<f64>,
    pub priority: Option<String>,
    pub description: Option<String>,
    /// Its acceptance scenarios (`sg:scenario`).
    pub scenarios: Vec<String>,
}

/// An acceptance scenario: given, when, then.
#[derive(Debug, Clone, Serialize)]
pub struct Scenario {
    pub name: Name,
    pub order: Option<f64>,
    pub given: Option<String>,
    pub when: Option<String>,
    pub then: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Feature {
    pub name: Name,
    pub description: Option<String>,
    pub priority: Option<String>,
    pub status: Option<String>,
    pub requirements: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Campaign {
    pub name: Option<Name>,
    pub description: Option<String>,
    pub coordinator: Option<String>,
    pub status: Option<String>,
    /// The gate that closes the whole campaign (all of its tasks).
    pub gate: Option<String>,
    pub progress: Option<f64>,
    pub objectives: Vec<String>,
    pub deliverables: Vec<String>,
    pub start_date: Option<calendar::Day>,
    pub target_date: Option<calendar::Day>,
    /// In `sg:order`, then IRI order.
    pub phases: Vec<Phase>,
    pub tasks: Vec<Task>,
    pub gates: Vec<Gate>,
    pub criteria: Vec<Criterion>,
    pub metrics: Vec<Metric>,
    /// In time order, then IRI order.
    pub measurements: Vec<Measurement>,
    /// In `sg:order`, then IRI order.
    pub agents: Vec<Agent>,
    pub risks: Vec<Risk>,
    pub decisions: Vec<Decision>,
    pub deliverable_list: Vec<Deliverable>,
    pub features: Vec<Feature>,
    /// In `sg:order`, then IRI order.
    pub requirements: Vec<Requirement>,
    /// In `sg:order`, then IRI order.
    pub scenarios: Vec<Scenario>,
    /// Monitoring checks, alert triggers, the coordination protocol and
    /// report templates; each in `sg:order` (alerts by severity), then IRI.
    pub checks: Vec<Check>,
    pub alerts: Vec<Alert>,
    pub protocol: Vec<ProtocolStep>,
    pub report_templates: Vec<ReportTemplate>,
    /// The campaign's own memory keys.
    pub memory_keys: Vec<String>,
    /// The spec's prefixes, to write IRIs compactly (`:task-1`).
    #[serde(skip)]
    pub prefixes: Prefixes,
    /// Position of each task, gate, criterion, metric and phase by IRI (one
    /// map per kind).
    #[serde(skip)]
    index: [HashMap<String, usize>; 5],
    /// Position of the latest measurement of each metric, by metric IRI.
    #[serde(skip)]
    latest: HashMap<String, usize>,
}

impl Campaign {
    /// How an IRI is written with the spec's prefixes (`:task-1`).
    pub fn id(&self, iri: &str) -> String {
        self.prefixes.compact(iri)
    }

    pub fn task(&self, iri: &str) -> Option<&Task> {
        self.tasks.get(*self.index[0].get(iri)?)
    }

    pub fn gate(&self, iri: &str) -> Option<&Gate> {
        self.gates.get(*self.index[1].get(iri)?)
    }

    pub fn criterion(&self, iri: &str) -> Option<&Criterion> {
        self.criteria.get(*self.index[2].get(iri)?)
    }

    pub fn metric(&self, iri: &str) -> Option<&Metric> {
        self.metrics.get(*self.index[3].get(iri)?)
    }

    /// The position of a phase in `phases`.
    pub fn phase_position(&self, iri: &str) -> Option<usize> {
        self.index[4].get(iri).copied()
    }

    /// The latest measurement of a metric (looked up for each gate criterion
    /// and each metric: a scan of the measurements for each made it
    /// metrics × measurements).
    pub fn latest(&self, metric: &str) -> Option<&Measurement> {
        self.measurements.get(*self.latest.get(metric)?)
    }

    /// The gates a phase's tasks wait for, nearest first: the gates of the
    /// ordered phases before it. A phase without a gate holds nothing back.
    /// The phase is found through the index: readiness asks for every task,
    /// and a scan of the phases for each was tasks × phases.
    pub fn entry_gates(&self, phase: &str) -> Vec<&str> {
        let Some(index) = self.phase_position(phase) else {
            return Vec::new();
        };
        if self.phases[index].order.is_none() {
            return Vec::new();
        }
        let own = self.phases[index].gate.as_deref();
        let mut gates: Vec<&str> = Vec::new();
        let mut seen: rustc_hash::FxHashSet<&str> = rustc_hash::FxHashSet::default();
        for earlier in self.phases[..index].iter().rev() {
            if let (Some(_), Some(gate)) = (earlier.order, earlier.gate.as_deref()) {
                if own != Some(gate) && seen.insert(gate) {
                    gates.push(gate);
                }
            }
        }
        gates
    }

    /// The entry gate of a phase: the gate of the nearest gated phase before it.
    pub fn entry_gate(&self, phase: &str) -> Option<&str> {
        self.entry_gates(phase).first().copied()
    }
}

fn positions<'a>(names: impl Iterator<Item = &'a Name>) -> HashMap<String, usize> {
    names
        .enumerate()
        .map(|(position, name)| (name.iri.clone(), position))
        .collect()
}

/// A number the way a person writes it: `41`, `2.5`, `0.125`.
pub fn format_number(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        // Through the integer formatter (the float one costs ten times as
        // much); -0 keeps its sign, as `{:.0}` writes it.
        if value == 0.0 && value.is_sign_negative() {
            "-0".to_owned()
        } else {
            (value as i64).to_string()
        }
    } else {
        let text = format!("{value:.3}");
        text.trim_end_matches('0').trim_end_matches('.').to_owned()
    }
}

/// `2.4 days`, `1 day`.
pub fn format_days(value: f64) -> String {
    let mut text = format_number(value);
    text.push_str(if value == 1.0 { " day" } else { " days" });
    text
}

/// Everything `spec` computes about one spec.
#[derive(Debug, Clone, Serialize)]
pub struct Analysis {
    pub campaign: Campaign,
    pub gates: gates::Gates,
    pub metrics: Vec<metrics::MetricStatus>,
    pub readiness: Vec<readiness::TaskReadiness>,
    pub schedule: schedule::Schedule,
    pub collisions: Vec<collisions::Collision>,
    /// What spec counts from the data (tasks done, phases complete, …).
    pub counts: metrics::Counts,
    /// What the spec's alignment with other vocabularies entails (`?t a
    /// sg:Task` for an aligned task class), for the computed graph.
    #[serde(skip)]
    pub entailed: Vec<oxigraph::model::Triple>,
}

impl Analysis {
    /// Reads and computes. `evaluator` runs `sg:condition` ASK queries, which may
    /// use the standard prefixes and those of the spec's files.
    pub fn of(
        spec: &Spec,
        prefixes: &Prefixes,
        alignment: &align::Alignment,
        evaluator: &oxigraph::sparql::SparqlEvaluator,
    ) -> Self {
        let campaign = Campaign::read(spec, prefixes, alignment);
        let parser = prefixes.declare(spargebra::SparqlParser::new());
        let gates = gates::Gates::evaluate(&campaign, &spec.graph.store, evaluator, &parser);
        let counts = metrics::Counts::of(&campaign, &gates);
        let metrics = metrics::MetricStatus::of(&campaign, &counts);
        let readiness = readiness::of(&campaign, &gates);
        let schedule = schedule::Schedule::compute(&campaign);
        let collisions = collisions::of(&campaign);
        Self {
            campaign,
            gates,
            metrics,
            readiness,
            schedule,
            collisions,
            counts,
            entailed: alignment.entailed(&spec.triples),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{format_days, format_number};

    /// Whole numbers take the integer path; it writes exactly what the
    /// float formatter wrote (`{:.0}`), sign of zero included.
    #[test]
    fn whole_numbers_are_written_as_the_float_formatter_wrote_them() {
        let mut values = vec![
            0.0,
            -0.0,
            1.0,
            -1.0,
            1e15 - 1.0,
            -(1e15 - 1.0),
            1e15,
            2.5e15,
        ];
        values.extend((-2_000..2_000).map(|n| f64::from(n) * 37.0));
        for value in values {
            assert_eq!(format_number(value), format!("{value:.0}"), "{value}");
        }
        assert_eq!(format_number(2.5), "2.5");
        assert_eq!(format_number(0.125), "0.125");
        assert_eq!(format_number(f64::NAN), "NaN");
    }

    #[test]
    fn days_are_a_number_and_a_unit() {
        assert_eq!(format_days(1.0), "1 day");
        assert_eq!(format_days(0.0), "0 days");
        assert_eq!(format_days(2.5), "2.5 days");
        assert_eq!(format_days(-1.0), "-1 days");
    }
}
