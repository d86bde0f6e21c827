//! Gate evaluation. Every criterion of a gate is decided from the data — a
//! checklist item, a metric's latest measurement against a threshold, a SPARQL
//! ASK over the spec, or other gates and tasks. A gate closes work: the tasks
//! of the phases it closes (`sg:gate` on a phase, or on the campaign for all
//! of its tasks) and the tasks that name it (`sg:gate` on a task). So:
//!
//! - **passed**: all its work is done and every criterion holds;
//! - **failed**: it is *due* and a criterion does not hold. It is due when its
//!   work is done, or when the gate is declared passed or failed, or a phase
//!   (or the campaign) it closes is declared done — a claim that invites the
//!   check;
//! - **pending**: otherwise. Before a gate is due, a criterion that does not
//!   hold yet is "not yet", not a failure: an unticked checklist on day 0 is
//!   the plan, not a defect.

use super::{format_number, Campaign, Criterion, Gate, Name};
use crate::load::SpecStore;
use oxigraph::sparql::SparqlEvaluator;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use serde::Serialize;

/// The computed state of a gate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum GateState {
    Passed,
    Failed,
    Pending,
}

impl GateState {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Passed => "passed",
            Self::Failed => "failed",
            Self::Pending => "pending",
        }
    }
}

/// The outcome of one criterion (or one part of it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    // Ordered by weight: one failing part fails the criterion, else one
    // undecided part leaves it undecided, else one part not reached yet.
    Holds,
    /// Does not hold yet, and the gate is not due (or waits for a pending gate).
    NotYet,
    Undecided,
    Fails,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Holds => "holds",
            Self::NotYet => "not yet",
            Self::Undecided => "undecided",
            Self::Fails => "fails",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct CriterionResult {
    pub criterion: Name,
    pub verdict: Verdict,
    /// Why, in words: "`:first-build-time` 41 s > 15 s, measured 2026-01-29".
    pub reasons: Vec<String>,
}

/// The work a gate closes.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Work {
    /// The phases (or the campaign) the gate closes, in order.
    pub closes: Vec<Name>,
    /// How many tasks the gate closes, and how many of them are done.
    pub total: usize,
    pub done: usize,
    /// The tasks not done yet, in task order.
    pub open: Vec<Name>,
}

impl Work {
    pub fn is_done(&self) -> bool {
        self.open.is_empty()
    }

    /// "3 of 5 tasks not done: :a, :b, :c", or `None` when the work is done.
    pub fn reason(&self) -> Option<String> {
        (!self.is_done()).then(|| {
            let of = if self.closes.is_empty() {
                String::new()
            } else {
                let names: Vec<&str> = self.closes.iter().map(|n| n.id.as_str()).collect();
                format!(" of {}", names.join(", "))
            };
            let tasks = if self.total == 1 { "task" } else { "tasks" };
            format!(
                "{} of {} {tasks}{of} not done: {}",
                self.open.len(),
                self.total,
                self.open
                    .iter()
                    .map(|n| n.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        })
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct GateResult {
    pub gate: Name,
    pub owner: Option<String>,
    /// What the spec declares (`Passed`, `Pending`, …).
    pub declared: Option<String>,
    pub state: GateState,
    /// Whether the gate is due: its work is done, or it (or what it closes)
    /// is declared passed, failed or done. Only a due gate can fail.
    pub due: bool,
    pub work: Work,
    pub criteria: Vec<CriterionResult>,
}

impl GateResult {
    /// The criteria that keep the gate from passing, with their reasons.
    /// A pending gate also names the work still open.
    pub fn blocking_reasons(&self) -> Vec<String> {
        let (work, blocking): (Option<String>, fn(Verdict) -> bool) = match self.state {
            GateState::Passed => return Vec::new(),
            GateState::Failed => (None, |v| v == Verdict::Fails),
            GateState::Pending => (self.work.reason(), |v| v != Verdict::Holds),
        };
        work.into_iter()
            .chain(
                self.criteria
                    .iter()
                    .filter(|c| blocking(c.verdict))
                    .map(|c| format!("{}: {}", c.criterion.id, c.reasons.join("; "))),
            )
            .collect()
    }
}

/// Every gate of a campaign, evaluated; in the order of the phases they close.
#[derive(Debug, Clone, Serialize)]
pub struct Gates {
    pub gates: Vec<GateResult>,
    #[serde(skip)]
    index: HashMap<String, usize>,
}

impl Gates {
    pub fn evaluate(
        campaign: &Campaign,
        store: &SpecStore,
        evaluator: &SparqlEvaluator,
        parser: &spargebra::SparqlParser,
    ) -> Self {
        let mut context = Context {
            campaign,
            store,
            evaluator,
            parser,
            states: HashMap::default(),
            results: HashMap::default(),
            due: HashMap::default(),
            works: works(campaign),
            required_by: required_by(campaign),
            all_done: campaign.tasks.iter().all(|t| t.is_done()),
            closes_done: closes_done(campaign),
        };
        for gate in &campaign.gates {
            context.gate_state(&gate.name.iri);
        }
        let gates: Vec<GateResult> = campaign
            .gates
            .iter()
            .filter_map(|g| context.results.remove(&g.name.iri))
            .collect();
        let index = gates
            .iter()
            .enumerate()
            .map(|(i, g)| (g.gate.iri.clone(), i))
            .collect();
        Self { gates, index }
    }

    pub fn get(&self, iri: &str) -> Option<&GateResult> {
        self.gates.get(*self.index.get(iri)?)
    }

    pub fn state(&self, iri: &str) -> Option<GateState> {
        self.get(iri).map(|g| g.state)
    }
}

struct Context<'a> {
    campaign: &'a Campaign,
    store: &'a SpecStore,
    evaluator: &'a SparqlEvaluator,
    parser: &'a spargebra::SparqlParser,
    /// `None` while a gate is being evaluated: a gate that requires itself is undecided.
    states: HashMap<String, Option<GateState>>,
    results: HashMap<String, GateResult>,
    /// Whether each gate is due; `None` while being worked out.
    due: HashMap<String, Option<bool>>,
    /// The work each gate closes (gates that close nothing are absent).
    works: HashMap<String, Work>,
    /// The gates whose criteria `sg:requires` a gate, by the required gate.
    required_by: HashMap<String, Vec<String>>,
    /// Whether every task of the campaign is done.
    all_done: bool,
    /// The gates that close a phase (or the campaign) declared done.
    closes_done: HashSet<&'a str>,
}

/// The gates that close a phase (or the campaign) declared done, in one pass
/// over the phases rather than one per gate.
fn closes_done(campaign: &Campaign) -> HashSet<&str> {
    let done = |status: &Option<String>| status.as_deref() == Some("Done");
    campaign
        .phases
        .iter()
        .filter(|p| done(&p.status))
        .filter_map(|p| p.gate.as_deref())
        .chain(campaign.gate.as_deref().filter(|_| done(&campaign.status)))
        .collect()
}

/// The work of every gate, in one pass over the phases and the tasks: a
/// task belongs to its phase's gate, to the gate it names, and to the
/// campaign's gate.
fn works(campaign: &Campaign) -> HashMap<String, Work> {
    let mut works: HashMap<String, Work> = HashMap::default();
    let mut phase_gate: HashMap<&str, &str> = HashMap::default();
    for phase in &campaign.phases {
        if let Some(gate) = phase.gate.as_deref() {
            phase_gate.insert(&phase.name.iri, gate);
            works
                .entry(gate.to_owned())
                .or_default()
                .closes
                .push(phase.name.clone());
        }
    }
    if let (Some(gate), Some(name)) = (campaign.gate.as_deref(), &campaign.name) {
        works
            .entry(gate.to_owned())
            .or_default()
            .closes
            .push(name.clone());
    }
    for task in &campaign.tasks {
        let mut gates: Vec<&str> = [
            task.phase
                .as_deref()
                .and_then(|p| phase_gate.get(p).copied()),
            task.gate.as_deref(),
            campaign.gate.as_deref(),
        ]
        .into_iter()
        .flatten()
        .collect();
        gates.sort_unstable();
        gates.dedup();
        for gate in gates {
            let work = works.entry(gate.to_owned()).or_default();
            work.total += 1;
            if task.is_done() {
                work.done += 1;
            } else {
                work.open.push(task.name.clone());
            }
        }
    }
    works
}

/// For each gate that a criterion `sg:requires`, the gates requiring it.
fn required_by(campaign: &Campaign) -> HashMap<String, Vec<String>> {
    let mut by: HashMap<String, Vec<String>> = HashMap::default();
    for gate in &campaign.gates {
        for criterion in gate.criteria.iter().filter_map(|c| campaign.criterion(c)) {
            for required in &criterion.requires {
                by.entry(required.clone())
                    .or_default()
                    .push(gate.name.iri.clone());
            }
        }
    }
    by
}

impl Context<'_> {
    fn gate_state(&mut self, iri: &str) -> Option<GateState> {
        if let Some(state) = self.states.get(iri) {
            return *state;
        }
        let gate = self.campaign.gate(iri)?;
        self.states.insert(iri.to_owned(), None);
        let mut criteria = Vec::new();
        for criterion in &gate.criteria {
            let result = match self.campaign.criterion(criterion) {
                Some(c) => self.criterion(c),
                None => CriterionResult {
                    criterion: Name {
                        iri: criterion.clone(),
                        id: self.campaign.id(criterion).to_owned(),
                        title: None,
                    },
                    verdict: Verdict::Undecided,
                    reasons: vec!["not described as an sg:Criterion in the spec".into()],
                },
            };
            criteria.push(result);
        }
        let work = self.work(gate);
        let due = self.is_due(gate);
        let fails = criteria.iter().any(|c| c.verdict == Verdict::Fails);
        let holds = !criteria.is_empty() && criteria.iter().all(|c| c.verdict == Verdict::Holds);
        let state = if due && fails {
            GateState::Failed
        } else if holds && work.is_done() {
            GateState::Passed
        } else {
            GateState::Pending
        };
        if !due {
            for criterion in criteria.iter_mut().filter(|c| c.verdict == Verdict::Fails) {
                criterion.verdict = Verdict::NotYet;
            }
        }
        if criteria.is_empty() {
            criteria.push(CriterionResult {
                criterion: gate.name.clone(),
                verdict: Verdict::Undecided,
                reasons: vec!["the gate has no sg:criterion".into()],
            });
        }
        self.states.insert(iri.to_owned(), Some(state));
        self.results.insert(
            iri.to_owned(),
            GateResult {
                gate: gate.name.clone(),
                owner: gate.owner.clone(),
                declared: gate.status.clone(),
                state,
                due,
                work,
                criteria,
            },
        );
        Some(state)
    }

    /// The tasks the gate closes: those of the phases (or the campaign) whose
    /// `sg:gate` it is, and those that name it themselves.
    fn work(&self, gate: &Gate) -> Work {
        self.works.get(&gate.name.iri).cloned().unwrap_or_default()
    }

    /// Whether a gate is due. A gate that closes work is due when the work is
    /// done; a gate that closes nothing (a standing quality gate) when a gate
    /// that requires it is due, or all of the campaign's work is done. Any
    /// gate is due when it is declared passed or failed, or a phase (or the
    /// campaign) it closes is declared done.
    fn is_due(&mut self, gate: &Gate) -> bool {
        let iri = gate.name.iri.as_str();
        if let Some(due) = self.due.get(iri) {
            return due.unwrap_or(false);
        }
        self.due.insert(iri.to_owned(), None);
        let due = matches!(gate.status.as_deref(), Some("Passed" | "Failed"))
            || self.closes_declared_done(iri)
            || match self.works.get(iri) {
                Some(work) => work.is_done(),
                None => {
                    self.campaign.status.as_deref() == Some("Done")
                        || self.all_done
                        || self
                            .required_by
                            .get(iri)
                            .cloned()
                            .unwrap_or_default()
                            .iter()
                            .filter_map(|g| self.campaign.gate(g))
                            .any(|g| self.is_due(g))
                }
            };
        self.due.insert(iri.to_owned(), Some(due));
        due
    }

    /// Whether a phase (or the campaign) the gate closes is declared done.
    fn closes_declared_done(&self, gate: &str) -> bool {
        self.closes_done.contains(gate)
    }

    /// A criterion holds when every computable part it states holds (metric
    /// comparison, condition, required gates and tasks). Only a criterion with
    /// none of those is decided by its checkbox, `sg:satisfied`: a checkbox
    /// next to a computable part is a claim, and the data wins over it.
    fn criterion(&mut self, criterion: &Criterion) -> CriterionResult {
        let mut parts: Vec<(Verdict, String)> = Vec::new();
        if criterion.metric.is_some()
            || criterion.comparator.is_some()
            || criterion.threshold.is_some()
        {
            parts.push(self.metric_part(criterion));
        }
        if let Some(condition) = &criterion.condition {
            parts.push(super::condition::evaluate(
                condition,
                self.parser,
                self.evaluator,
                self.store,
            ));
        }
        for required in &criterion.requires {
            parts.push(self.required_part(required));
        }
        let computed = !parts.is_empty();
        match criterion.satisfied {
            Some(true) if !computed => parts.push((Verdict::Holds, "checked".into())),
            Some(false) if !computed => {
                parts.push((Verdict::Fails, "not checked (sg:satisfied false)".into()))
            }
            _ => {}
        }
        if parts.is_empty() {
            parts.push((
                Verdict::Undecided,
                "nothing to evaluate: give it sg:satisfied, a metric comparison, an sg:condition or sg:requires".into(),
            ));
        }
        let verdict = parts
            .iter()
            .map(|(v, _)| *v)
            .max()
            .unwrap_or(Verdict::Undecided);
        // Report the parts that decide the verdict (all of them when it holds).
        let mut reasons: Vec<String> = parts
            .into_iter()
            .filter(|(v, _)| *v == verdict)
            .map(|(_, reason)| reason)
            .collect();
        if computed
            && criterion.satisfied == Some(true)
            && verdict >= Verdict::NotYet
            && verdict != Verdict::Undecided
        {
            reasons.push("it is checked (sg:satisfied true), but the data says otherwise".into());
        }
        CriterionResult {
            criterion: criterion.name.clone(),
            verdict,
            reasons,
        }
    }

    fn metric_part(&self, criterion: &Criterion) -> (Verdict, String) {
        let Some(metric_iri) = &criterion.metric else {
            return (Verdict::Undecided, "a comparison without sg:metric".into());
        };
        let metric = self.campaign.id(metric_iri);
        let Some(comparator) = criterion.comparator.as_deref().and_then(Comparator::parse) else {
            return (
                Verdict::Undecided,
                format!("{metric}: sg:comparator must be one of <, <=, =, >=, >"),
            );
        };
        let Some(threshold) = criterion.threshold else {
            return (
                Verdict::Undecided,
                format!("{metric}: no numeric sg:threshold"),
            );
        };
        let declared = self.campaign.metric(metric_iri);
        let declared_unit = declared.and_then(|m| m.unit.as_deref());
        // The latest measurement; until there is one, the baseline.
        let (value, unit, when) = match self.campaign.latest(metric_iri) {
            Some(latest) => (
                latest.value,
                latest.unit.as_deref().or(declared_unit),
                latest
                    .at
                    .as_deref()
                    .map(|at| format!(", measured {at}"))
                    .unwrap_or_default(),
            ),
            None => match declared.and_then(|m| m.baseline) {
                Some(baseline) => (
                    baseline,
                    declared_unit,
                    ", the baseline: no measurement yet".to_owned(),
                ),
                None => {
                    return (
                        Verdict::Undecided,
                        format!(
                            "{metric}: no measurement yet (needs {} {})",
                            comparator.symbol(),
                            format_number(threshold)
                        ),
                    )
                }
            },
        };
        let unit = unit.map(|u| format!(" {u}")).unwrap_or_default();
        let holds = comparator.holds(value, threshold);
        let shown = if holds {
            comparator
        } else {
            comparator.negated()
        };
        let reason = format!(
            "{metric} {}{unit} {} {}{unit}{when}",
            format_number(value),
            shown.symbol(),
            format_number(threshold)
        );
        (
            if holds {
                Verdict::Holds
            } else {
                Verdict::Fails
            },
            reason,
        )
    }

    fn required_part(&mut self, required: &str) -> (Verdict, String) {
        let id = self.campaign.id(required).to_owned();
        if self.campaign.gate(required).is_some() {
            return match self.gate_state(required) {
                Some(GateState::Passed) => (Verdict::Holds, format!("gate {id} passed")),
                Some(GateState::Failed) => (Verdict::Fails, format!("gate {id} failed")),
                Some(GateState::Pending) => (Verdict::NotYet, format!("gate {id} is pending")),
                None => (Verdict::Undecided, format!("gate {id} requires itself")),
            };
        }
        if let Some(task) = self.campaign.task(required) {
            return if task.is_done() {
                (Verdict::Holds, format!("task {id} is done"))
            } else {
                let status = task
                    .status
                    .as_deref()
                    .map_or_else(|| "has no status".to_owned(), |s| format!("is {s}"));
                (Verdict::Fails, format!("task {id} {status}, not done"))
            };
        }
        (
            Verdict::Undecided,
            format!("{id} is not a gate or task of the spec"),
        )
    }
}

/// `sg:comparator`: how a measurement is compared with a threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Comparator {
    Less,
    LessOrEqual,
    Equal,
    NotEqual,
    GreaterOrEqual,
    Greater,
}

impl Comparator {
    pub fn parse(text: &str) -> Option<Self> {
        Some(match text.trim() {
            "<" => Self::Less,
            "<=" | "≤" => Self::LessOrEqual,
            "=" | "==" => Self::Equal,
            ">=" | "≥" => Self::GreaterOrEqual,
            ">" => Self::Greater,
            _ => return None,
        })
    }

    pub fn symbol(self) -> &'static str {
        match self {
            Self::Less => "<",
            Self::LessOrEqual => "<=",
            Self::Equal => "=",
            Self::NotEqual => "!=",
            Self::GreaterOrEqual => ">=",
            Self::Greater => ">",
        }
    }

    /// The relation that holds when this one does not (to say why it failed).
    pub fn negated(self) -> Self {
        match self {
            Self::Less => Self::GreaterOrEqual,
            Self::LessOrEqual => Self::Greater,
            Self::Equal => Self::NotEqual,
            Self::NotEqual => Self::Equal,
            Self::GreaterOrEqual => Self::Less,
            Self::Greater => Self::LessOrEqual,
        }
    }

    pub fn holds(self, value: f64, threshold: f64) -> bool {
        match self {
            Self::Less => value < threshold,
            Self::LessOrEqual => value <= threshold,
            Self::Equal => value == threshold,
            Self::NotEqual => value != threshold,
            Self::GreaterOrEqual => value >= threshold,
            Self::Greater => value > threshold,
        }
    }
}
