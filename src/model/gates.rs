//! Gate evaluation: every criterion of a gate is decided from the data — a
//! checklist item, a metric's latest measurement against a threshold, a SPARQL
//! ASK over the spec, or other gates and tasks — and the gate is `passed` when
//! all hold, `failed` when one fails, `pending` while one cannot be decided.

use super::{format_number, Campaign, Criterion, Name};
use oxigraph::sparql::{QueryResults, SparqlEvaluator};
use oxigraph::store::Store;
use serde::Serialize;
use std::collections::HashMap;

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
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    // Ordered by weight: one failing part fails the criterion, else one undecided part leaves it undecided.
    Holds,
    Undecided,
    Fails,
}

#[derive(Debug, Clone, Serialize)]
pub struct CriterionResult {
    pub criterion: Name,
    pub verdict: Verdict,
    /// Why, in words: "`:first-build-time` 41 s > 15 s, measured 2026-01-29".
    pub reasons: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct GateResult {
    pub gate: Name,
    pub owner: Option<String>,
    /// What the spec declares (`Passed`, `Pending`, …).
    pub declared: Option<String>,
    pub state: GateState,
    pub criteria: Vec<CriterionResult>,
}

impl GateResult {
    /// The criteria that keep the gate from passing, with their reasons.
    pub fn blocking_reasons(&self) -> Vec<String> {
        let wanted = match self.state {
            GateState::Passed => return Vec::new(),
            GateState::Failed => Verdict::Fails,
            GateState::Pending => Verdict::Undecided,
        };
        self.criteria
            .iter()
            .filter(|c| c.verdict == wanted)
            .map(|c| format!("{}: {}", c.criterion.id, c.reasons.join("; ")))
            .collect()
    }
}

/// Every gate of a campaign, evaluated; in gate IRI order.
#[derive(Debug, Clone, Serialize)]
pub struct Gates {
    pub gates: Vec<GateResult>,
    #[serde(skip)]
    index: HashMap<String, usize>,
}

impl Gates {
    pub fn evaluate(
        campaign: &Campaign,
        store: &Store,
        evaluator: &SparqlEvaluator,
        parser: &spargebra::SparqlParser,
    ) -> Self {
        let mut context = Context {
            campaign,
            store,
            evaluator,
            parser,
            states: HashMap::new(),
            results: HashMap::new(),
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
    store: &'a Store,
    evaluator: &'a SparqlEvaluator,
    parser: &'a spargebra::SparqlParser,
    /// `None` while a gate is being evaluated: a gate that requires itself is undecided.
    states: HashMap<String, Option<GateState>>,
    results: HashMap<String, GateResult>,
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
        let state = if criteria.is_empty() {
            GateState::Pending
        } else if criteria.iter().any(|c| c.verdict == Verdict::Fails) {
            GateState::Failed
        } else if criteria.iter().any(|c| c.verdict == Verdict::Undecided) {
            GateState::Pending
        } else {
            GateState::Passed
        };
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
                criteria,
            },
        );
        Some(state)
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
            parts.push(self.condition_part(condition));
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
        if computed && criterion.satisfied == Some(true) && verdict == Verdict::Fails {
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
        let Some(latest) = self.campaign.latest(metric_iri) else {
            return (
                Verdict::Undecided,
                format!(
                    "{metric}: no measurement yet (needs {} {})",
                    comparator.symbol(),
                    format_number(threshold)
                ),
            );
        };
        let unit = latest
            .unit
            .as_deref()
            .or_else(|| {
                self.campaign
                    .metric(metric_iri)
                    .and_then(|m| m.unit.as_deref())
            })
            .map(|u| format!(" {u}"))
            .unwrap_or_default();
        let holds = comparator.holds(latest.value, threshold);
        let shown = if holds {
            comparator
        } else {
            comparator.negated()
        };
        let when = latest
            .at
            .as_deref()
            .map(|at| format!(", measured {at}"))
            .unwrap_or_default();
        let reason = format!(
            "{metric} {}{unit} {} {}{unit}{when}",
            format_number(latest.value),
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

    fn condition_part(&self, condition: &str) -> (Verdict, String) {
        let query = match self.parser.clone().parse_query(condition) {
            Ok(query @ spargebra::Query::Ask { .. }) => query,
            Ok(_) => {
                return (
                    Verdict::Undecided,
                    "sg:condition must be an ASK query".into(),
                )
            }
            Err(e) => {
                return (
                    Verdict::Undecided,
                    format!(
                        "sg:condition is not valid SPARQL: {}",
                        one_line(&e.to_string())
                    ),
                )
            }
        };
        if uses_service(&query) {
            // SERVICE SILENT of an unreachable endpoint is one empty
            // solution: the ASK would be true and the gate would pass.
            return (
                Verdict::Undecided,
                "sg:condition must not use SERVICE: a gate is decided by the spec's own data"
                    .into(),
            );
        }
        let deadline = crate::deadline::Deadline::start();
        match deadline
            .evaluator(self.evaluator)
            .for_query(query)
            .on_store(self.store)
            .execute()
        {
            Ok(QueryResults::Boolean(true)) => (Verdict::Holds, "the condition holds".into()),
            Ok(QueryResults::Boolean(false)) => {
                (Verdict::Fails, "the condition does not hold".into())
            }
            Ok(_) => (
                Verdict::Undecided,
                "sg:condition must be an ASK query".into(),
            ),
            Err(e) => (
                Verdict::Undecided,
                format!(
                    "sg:condition failed to evaluate: {}",
                    one_line(&deadline.describe(&e))
                ),
            ),
        }
    }

    fn required_part(&mut self, required: &str) -> (Verdict, String) {
        let id = self.campaign.id(required).to_owned();
        if self.campaign.gate(required).is_some() {
            return match self.gate_state(required) {
                Some(GateState::Passed) => (Verdict::Holds, format!("gate {id} passed")),
                Some(GateState::Failed) => (Verdict::Fails, format!("gate {id} failed")),
                Some(GateState::Pending) => (Verdict::Undecided, format!("gate {id} is pending")),
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

/// Whether a query calls a SERVICE anywhere (inside EXISTS too).
fn uses_service(query: &spargebra::Query) -> bool {
    match query {
        spargebra::Query::Select { pattern, .. }
        | spargebra::Query::Construct { pattern, .. }
        | spargebra::Query::Describe { pattern, .. }
        | spargebra::Query::Ask { pattern, .. } => pattern_uses_service(pattern),
    }
}

fn pattern_uses_service(pattern: &spargebra::algebra::GraphPattern) -> bool {
    use spargebra::algebra::{AggregateExpression, GraphPattern as G, OrderExpression};
    match pattern {
        G::Service { .. } => true,
        G::Bgp { .. } | G::Path { .. } | G::Values { .. } => false,
        G::Join { left, right }
        | G::Union { left, right }
        | G::Minus { left, right }
        | G::Lateral { left, right } => pattern_uses_service(left) || pattern_uses_service(right),
        G::LeftJoin {
            left,
            right,
            expression,
        } => {
            pattern_uses_service(left)
                || pattern_uses_service(right)
                || expression.as_ref().is_some_and(expression_uses_service)
        }
        G::Filter { expr, inner } => expression_uses_service(expr) || pattern_uses_service(inner),
        G::Extend {
            inner, expression, ..
        } => expression_uses_service(expression) || pattern_uses_service(inner),
        G::OrderBy { inner, expression } => {
            pattern_uses_service(inner)
                || expression.iter().any(|e| match e {
                    OrderExpression::Asc(e) | OrderExpression::Desc(e) => {
                        expression_uses_service(e)
                    }
                })
        }
        G::Group {
            inner, aggregates, ..
        } => {
            pattern_uses_service(inner)
                || aggregates.iter().any(|(_, a)| match a {
                    AggregateExpression::CountSolutions { .. } => false,
                    AggregateExpression::FunctionCall { expr, .. } => expression_uses_service(expr),
                })
        }
        G::Graph { inner, .. }
        | G::Project { inner, .. }
        | G::Distinct { inner }
        | G::Reduced { inner }
        | G::Slice { inner, .. } => pattern_uses_service(inner),
    }
}

fn expression_uses_service(expression: &spargebra::algebra::Expression) -> bool {
    use spargebra::algebra::Expression as E;
    match expression {
        E::Exists(pattern) => pattern_uses_service(pattern),
        E::NamedNode(_) | E::Literal(_) | E::Variable(_) | E::Bound(_) => false,
        E::Or(a, b)
        | E::And(a, b)
        | E::Equal(a, b)
        | E::SameTerm(a, b)
        | E::Greater(a, b)
        | E::GreaterOrEqual(a, b)
        | E::Less(a, b)
        | E::LessOrEqual(a, b)
        | E::Add(a, b)
        | E::Subtract(a, b)
        | E::Multiply(a, b)
        | E::Divide(a, b) => expression_uses_service(a) || expression_uses_service(b),
        E::UnaryPlus(a) | E::UnaryMinus(a) | E::Not(a) => expression_uses_service(a),
        E::If(a, b, c) => [a, b, c].into_iter().any(|e| expression_uses_service(e)),
        E::In(a, list) => expression_uses_service(a) || list.iter().any(expression_uses_service),
        E::Coalesce(list) | E::FunctionCall(_, list) => list.iter().any(expression_uses_service),
    }
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
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
