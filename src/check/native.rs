//! The built-in rules that compare what a spec declares with what `spec`
//! computed (gate states, readiness, the schedule, parallel tasks), answered
//! by reading the spec's dataset directly instead of through the SPARQL
//! evaluator.
//!
//! Each is a few lookups per declared status or link, but as a query each
//! was one evaluation per spec: on the 1,000-spec benchmark, one thread,
//! 571 ms for the ten queries against 82 ms here (`cargo bench --bench
//! stages`), about 7% of the queries' time (`perf`) spareval reading the
//! clock for `NOW()` at every query.
//!
//! As for the scanning rules (scan.rs), the `.rq` files stay the definition:
//! `spec explain` shows them, `--reference-rules` runs them instead of this
//! module, and `tests/reference_rules.rs` compares the two finding for
//! finding on every fixture, example spec, the external corpus and
//! generated workspaces. Each function below follows its query's patterns
//! in the query's order, over the same dataset; comparisons follow SPARQL's
//! (spareval's) `=`, `!=`, `<` and `>` between terms, see `equals`.

use super::functions::FunctionContext;
use super::rule::Rule;
use super::run::{finding, Bindings};
use crate::finding::{Finding, Severity};
use crate::load::{Graph, Reader, Spec};
use oxigraph::model::{NamedNode, Term};
use spareval::ExpressionTerm;
use std::cmp::Ordering;

/// The codes this module answers instead of their queries.
pub const CODES: [&str; 10] = [
    "active-while-blocked",
    "blocked-but-ready",
    "dependency-crosses-phase-backwards",
    "dependency-cycle",
    "done-before-dependency",
    "gate-claim-false",
    "metric-target-direction",
    "parallel-file-collision",
    "phase-done-with-open-tasks",
    "schedule-mismatch",
];

const SG: &str = "https://w3id.org/specgraph#";
const RDF_TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";

fn sg(local: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{SG}{local}"))
}

/// The findings of the rules of `CODES` in `active`, each at its severity.
pub fn findings(
    spec: &Spec,
    context: &FunctionContext,
    active: &[(&Rule, Severity)],
) -> Vec<Finding> {
    if active.is_empty() {
        return Vec::new();
    }
    let reader = spec.graph.store.reader();
    let ids = Ids::new(&reader);
    let mut findings = Vec::new();
    for &(rule, severity) in active {
        let solutions = solutions(&rule.code, &reader, &ids, context);
        findings.extend(
            solutions
                .iter()
                .filter_map(|s| finding(spec, rule, severity, s, context.prefixes())),
        );
    }
    findings
}

/// The solutions of one rule's query.
fn solutions(code: &str, r: &Reader<'_>, ids: &Ids, context: &FunctionContext) -> Vec<Bindings> {
    let mut out = Vec::new();
    match code {
        "active-while-blocked" => active_while_blocked(r, ids, &mut out),
        "blocked-but-ready" => blocked_but_ready(r, ids, &mut out),
        "dependency-crosses-phase-backwards" => crosses_backwards(r, ids, &mut out),
        "dependency-cycle" => dependency_cycle(r, ids, context, &mut out),
        "done-before-dependency" => done_before_dependency(r, ids, context, &mut out),
        "gate-claim-false" => gate_claim_false(r, ids, &mut out),
        "metric-target-direction" => metric_target_direction(r, ids, &mut out),
        "parallel-file-collision" => parallel_file_collision(r, ids, &mut out),
        "phase-done-with-open-tasks" => phase_done_with_open_tasks(r, ids, context, &mut out),
        "schedule-mismatch" => schedule_mismatch(r, ids, &mut out),
        other => unreachable!("{other} is not answered natively"),
    }
    out
}

/// The ids of the terms the rules name; `None` where the dataset has not
/// got the term (then no pattern with it matches).
struct Ids {
    rdf_type: Option<u32>,
    status: Option<u32>,
    active: Option<u32>,
    blocked: Option<u32>,
    done: Option<u32>,
    passed: Option<u32>,
    failed: Option<u32>,
    pending: Option<u32>,
    task: Option<u32>,
    phase_class: Option<u32>,
    blocked_by: Option<u32>,
    readiness: Option<u32>,
    ready: Option<u32>,
    depends_on: Option<u32>,
    phase: Option<u32>,
    order: Option<u32>,
    gate: Option<u32>,
    computed_state: Option<u32>,
    open_task: Option<u32>,
    entry_gate: Option<u32>,
    computed_reason: Option<u32>,
    direction: Option<u32>,
    baseline: Option<u32>,
    target: Option<u32>,
    lower_is_better: Option<u32>,
    higher_is_better: Option<u32>,
    parallel_with: Option<u32>,
    touches: Option<u32>,
    estimate_days: Option<u32>,
    computed_days: Option<u32>,
    target_date: Option<u32>,
    computed_finish: Option<u32>,
}

impl Ids {
    fn new(r: &Reader<'_>) -> Self {
        let sg = |local: &str| r.iri(&format!("{SG}{local}"));
        Self {
            rdf_type: r.iri(RDF_TYPE),
            status: sg("status"),
            active: sg("Active"),
            blocked: sg("Blocked"),
            done: sg("Done"),
            passed: sg("Passed"),
            failed: sg("Failed"),
            pending: sg("Pending"),
            task: sg("Task"),
            phase_class: sg("Phase"),
            blocked_by: sg("blockedBy"),
            readiness: sg("readiness"),
            ready: r.id(&oxigraph::model::Literal::new_simple_literal("ready").into()),
            depends_on: sg("dependsOn"),
            phase: sg("phase"),
            order: sg("order"),
            gate: sg("gate"),
            computed_state: sg("computedState"),
            open_task: sg("openTask"),
            entry_gate: sg("entryGate"),
            computed_reason: sg("computedReason"),
            direction: sg("direction"),
            baseline: sg("baseline"),
            target: sg("target"),
            lower_is_better: sg("LowerIsBetter"),
            higher_is_better: sg("HigherIsBetter"),
            parallel_with: sg("parallelWith"),
            touches: sg("touches"),
            estimate_days: sg("estimateDays"),
            computed_days: sg("computedDays"),
            target_date: sg("targetDate"),
            computed_finish: sg("computedFinish"),
        }
    }
}

/// `?s p o` in `graph`, for every `?s`.
fn subjects<'a>(r: &Reader<'a>, graph: Graph, p: u32, o: u32) -> impl Iterator<Item = u32> + 'a {
    r.matching(graph, None, Some(p), Some(o)).map(|t| t[0])
}

fn term(r: &Reader<'_>, id: u32) -> Term {
    r.term(id).clone()
}

/// `?subject sg:status sg:Active . GRAPH computed { ?subject sg:blockedBy ?object }`.
fn active_while_blocked(r: &Reader<'_>, ids: &Ids, out: &mut Vec<Bindings>) {
    let (Some(status), Some(active), Some(blocked_by)) = (ids.status, ids.active, ids.blocked_by)
    else {
        return;
    };
    for s in subjects(r, Graph::Data, status, active) {
        for o in r.objects(Graph::Computed, s, blocked_by) {
            out.push(
                Bindings::new()
                    .term("subject", term(r, s))
                    .term("predicate", sg("status"))
                    .term("object", term(r, o)),
            );
        }
    }
}

/// `?subject a sg:Task ; sg:status sg:Blocked . GRAPH computed { ?subject sg:readiness "ready" }`.
fn blocked_but_ready(r: &Reader<'_>, ids: &Ids, out: &mut Vec<Bindings>) {
    let (Some(rdf_type), Some(task), Some(status), Some(blocked), Some(readiness), Some(ready)) = (
        ids.rdf_type,
        ids.task,
        ids.status,
        ids.blocked,
        ids.readiness,
        ids.ready,
    ) else {
        return;
    };
    for s in subjects(r, Graph::Data, status, blocked) {
        if r.has(Graph::Data, s, rdf_type, task) && r.has(Graph::Computed, s, readiness, ready) {
            out.push(
                Bindings::new()
                    .term("subject", term(r, s))
                    .term("predicate", sg("status"))
                    .term("object", sg("Blocked")),
            );
        }
    }
}

/// `?subject sg:dependsOn ?object ; sg:phase ?phase . ?object sg:phase
/// ?laterPhase . ?phase sg:order ?order . ?laterPhase sg:order ?laterOrder .
/// FILTER(isNumeric(?order) && isNumeric(?laterOrder) && ?laterOrder > ?order)`.
fn crosses_backwards(r: &Reader<'_>, ids: &Ids, out: &mut Vec<Bindings>) {
    let (Some(depends_on), Some(phase), Some(order)) = (ids.depends_on, ids.phase, ids.order)
    else {
        return;
    };
    for [s, _, o] in r.matching(Graph::Data, None, Some(depends_on), None) {
        for p in r.objects(Graph::Data, s, phase) {
            for later in r.objects(Graph::Data, o, phase) {
                for p_order in r.objects(Graph::Data, p, order) {
                    for later_order in r.objects(Graph::Data, later, order) {
                        let (a, b) = (expression(r, later_order), expression(r, p_order));
                        if is_numeric(&a)
                            && is_numeric(&b)
                            && compare(&a, &b) == Some(Ordering::Greater)
                        {
                            out.push(
                                Bindings::new()
                                    .term("subject", term(r, s))
                                    .term("predicate", sg("dependsOn"))
                                    .term("object", term(r, o))
                                    .term("phase", term(r, p))
                                    .term("laterPhase", term(r, later)),
                            );
                        }
                    }
                }
            }
        }
    }
}

/// `?subject sg:dependsOn ?object`, the subject first of its cycle
/// (`sg:cycleRepresentative`) and the object in the same cycle.
fn dependency_cycle(r: &Reader<'_>, ids: &Ids, context: &FunctionContext, out: &mut Vec<Bindings>) {
    let Some(depends_on) = ids.depends_on else {
        return;
    };
    let cycles = context.cycles(&sg("dependsOn"));
    for [s, _, o] in r.matching(Graph::Data, None, Some(depends_on), None) {
        let subject = r.term(s);
        let Some(members) = cycles.cycle_of(subject) else {
            continue;
        };
        if members[0] != *subject {
            continue;
        }
        if cycles.cycle_of(r.term(o)).map(|m| &m[0]) != Some(subject) {
            continue;
        }
        out.push(
            Bindings::new()
                .term("subject", subject.clone())
                .term("predicate", sg("dependsOn"))
                .term("object", term(r, o))
                .text("members", &context.members_text(members)),
        );
    }
}

/// `?subject sg:status sg:Done ; sg:dependsOn ?object . ?object a sg:Task .
/// OPTIONAL { ?object sg:status ?declared } FILTER(!BOUND(?declared) ||
/// ?declared != sg:Done)`, the status written by `sg:compact`.
fn done_before_dependency(
    r: &Reader<'_>,
    ids: &Ids,
    context: &FunctionContext,
    out: &mut Vec<Bindings>,
) {
    let (Some(status), Some(done), Some(depends_on), Some(rdf_type), Some(task)) =
        (ids.status, ids.done, ids.depends_on, ids.rdf_type, ids.task)
    else {
        return;
    };
    for s in subjects(r, Graph::Data, status, done) {
        for o in r.objects(Graph::Data, s, depends_on) {
            if !r.has(Graph::Data, o, rdf_type, task) {
                continue;
            }
            let declared: Vec<u32> = r.objects(Graph::Data, o, status).collect();
            let texts: Vec<String> = if declared.is_empty() {
                vec!["without a status".to_owned()]
            } else {
                declared
                    .into_iter()
                    .filter(|&d| d != done)
                    .map(|d| match r.term(d) {
                        Term::NamedNode(n) => context.prefixes().compact(n.as_str()),
                        _ => "without a status".to_owned(),
                    })
                    .collect()
            };
            for text in texts {
                out.push(
                    Bindings::new()
                        .term("subject", term(r, s))
                        .term("predicate", sg("dependsOn"))
                        .term("object", term(r, o))
                        .text("statusText", &text),
                );
            }
        }
    }
}

/// The four claims of `gate-claim-false` (a gate passed whose criteria fail
/// or whose work is open; a task done whose gate or phase's entry gate
/// fails), each joined with the gate's failing reasons (`GROUP_CONCAT` of
/// its `sg:computedReason`: a gate without one has no finding).
fn gate_claim_false(r: &Reader<'_>, ids: &Ids, out: &mut Vec<Bindings>) {
    // Without a computed reason no gate joins the reasons' sub-select.
    let (Some(status), Some(state), Some(reason)) =
        (ids.status, ids.computed_state, ids.computed_reason)
    else {
        return;
    };
    let fails = |gate: u32| {
        ids.failed
            .is_some_and(|f| r.has(Graph::Computed, gate, state, f))
    };
    // (?subject, ?object, ?gate, ?problem)
    let mut claims: Vec<(u32, NamedNode, u32, &str)> = Vec::new();
    if let Some(passed) = ids.passed {
        for s in subjects(r, Graph::Data, status, passed) {
            if fails(s) {
                claims.push((
                    s,
                    sg("Passed"),
                    s,
                    "is declared passed, but its criteria fail",
                ));
            }
        }
        for s in subjects(r, Graph::Data, status, passed) {
            let pending = ids
                .pending
                .is_some_and(|p| r.has(Graph::Computed, s, state, p));
            let open = ids
                .open_task
                .is_some_and(|o| r.objects(Graph::Computed, s, o).next().is_some());
            if pending && open {
                claims.push((
                    s,
                    sg("Passed"),
                    s,
                    "is declared passed, but the work it closes is not done",
                ));
            }
        }
    }
    if let Some(done) = ids.done {
        for s in subjects(r, Graph::Data, status, done) {
            if let Some(gate) = ids.gate {
                for g in r.objects(Graph::Data, s, gate) {
                    if fails(g) {
                        claims.push((
                            s,
                            sg("Done"),
                            g,
                            "is declared done, but its gate {gate} fails",
                        ));
                    }
                }
            }
            if let (Some(phase), Some(entry_gate)) = (ids.phase, ids.entry_gate) {
                for p in r.objects(Graph::Data, s, phase) {
                    for g in r.objects(Graph::Computed, p, entry_gate) {
                        if fails(g) {
                            claims.push((
                                s,
                                sg("Done"),
                                g,
                                "is declared done, but the entry gate {gate} of its phase fails",
                            ));
                        }
                    }
                }
            }
        }
    }
    for (s, object, gate, problem) in claims {
        let reasons: Vec<u32> = r.objects(Graph::Computed, gate, reason).collect();
        if reasons.is_empty() {
            continue;
        }
        let mut bindings = Bindings::new()
            .term("subject", term(r, s))
            .term("object", object)
            .term("gate", term(r, gate))
            .text("problem", problem);
        // GROUP_CONCAT fails (unbound) on a value that is not a literal.
        let texts: Option<Vec<&str>> = reasons
            .iter()
            .map(|&id| match r.term(id) {
                Term::Literal(l) => Some(l.value()),
                _ => None,
            })
            .collect();
        if let Some(texts) = texts {
            bindings = bindings.text("failingText", &texts.join("; "));
        }
        out.push(bindings.term("predicate", sg("status")));
    }
}

/// `?subject sg:direction ?way ; sg:baseline ?baseline ; sg:target ?object`,
/// both numbers, the target on the wrong side of the baseline.
fn metric_target_direction(r: &Reader<'_>, ids: &Ids, out: &mut Vec<Bindings>) {
    let (Some(direction), Some(baseline), Some(target)) = (ids.direction, ids.baseline, ids.target)
    else {
        return;
    };
    for [s, _, way] in r.matching(Graph::Data, None, Some(direction), None) {
        let lower = Some(way) == ids.lower_is_better;
        let higher = Some(way) == ids.higher_is_better;
        if !lower && !higher {
            continue;
        }
        for b in r.objects(Graph::Data, s, baseline) {
            for t in r.objects(Graph::Data, s, target) {
                let (base, goal) = (expression(r, b), expression(r, t));
                if !is_numeric(&base) || !is_numeric(&goal) {
                    continue;
                }
                let order = compare(&goal, &base);
                let regression = (lower && order == Some(Ordering::Greater))
                    || (higher && order == Some(Ordering::Less));
                if regression {
                    out.push(
                        Bindings::new()
                            .term("subject", term(r, s))
                            .term("predicate", sg("target"))
                            .term("object", term(r, t))
                            .term("baseline", term(r, b))
                            .text(
                                "directionText",
                                if lower {
                                    "lower is better"
                                } else {
                                    "higher is better"
                                },
                            ),
                    );
                }
            }
        }
    }
}

/// `GRAPH computed { ?subject sg:parallelWith ?object } ?subject sg:touches
/// ?file . ?object sg:touches ?other . FILTER(sg:overlaps(?file, ?other))`.
fn parallel_file_collision(r: &Reader<'_>, ids: &Ids, out: &mut Vec<Bindings>) {
    let (Some(parallel_with), Some(touches)) = (ids.parallel_with, ids.touches) else {
        return;
    };
    for [s, _, o] in r.matching(Graph::Computed, None, Some(parallel_with), None) {
        for file in r.objects(Graph::Data, s, touches) {
            for other in r.objects(Graph::Data, o, touches) {
                let (Term::Literal(a), Term::Literal(b)) = (r.term(file), r.term(other)) else {
                    continue;
                };
                if crate::model::collisions::overlap(a.value(), b.value()) {
                    out.push(
                        Bindings::new()
                            .term("subject", term(r, s))
                            .term("predicate", sg("touches"))
                            .term("object", term(r, o))
                            .term("file", term(r, file)),
                    );
                }
            }
        }
    }
}

/// A phase declared done with tasks not declared done: their names
/// (`sg:compact`, or words for a blank node) in order, joined.
fn phase_done_with_open_tasks(
    r: &Reader<'_>,
    ids: &Ids,
    context: &FunctionContext,
    out: &mut Vec<Bindings>,
) {
    let (Some(rdf_type), Some(phase_class), Some(status), Some(done), Some(phase)) = (
        ids.rdf_type,
        ids.phase_class,
        ids.status,
        ids.done,
        ids.phase,
    ) else {
        return;
    };
    for s in subjects(r, Graph::Data, status, done) {
        if !r.has(Graph::Data, s, rdf_type, phase_class) {
            continue;
        }
        let mut names: Vec<String> = subjects(r, Graph::Data, phase, s)
            .filter(|&task| !r.has(Graph::Data, task, status, done))
            .map(|task| match r.term(task) {
                Term::NamedNode(n) => context.prefixes().compact(n.as_str()),
                _ => "a task without an IRI".to_owned(),
            })
            .collect();
        if names.is_empty() {
            continue;
        }
        // ORDER BY ?name: by code point.
        names.sort();
        out.push(
            Bindings::new()
                .term("subject", term(r, s))
                .term("predicate", sg("status"))
                .term("object", sg("Done"))
                .text("openText", &names.join(", ")),
        );
    }
}

/// A declared `sg:estimateDays` or `sg:targetDate` that is not what the
/// schedule computed (`!=`; an incomparable pair is no finding).
fn schedule_mismatch(r: &Reader<'_>, ids: &Ids, out: &mut Vec<Bindings>) {
    let pairs = [
        (ids.estimate_days, ids.computed_days, "estimateDays", true),
        (ids.target_date, ids.computed_finish, "targetDate", false),
    ];
    for (declared, computed, name, numeric_only) in pairs {
        let (Some(declared), Some(computed)) = (declared, computed) else {
            continue;
        };
        for [s, _, object] in r.matching(Graph::Data, None, Some(declared), None) {
            for value in r.objects(Graph::Computed, s, computed) {
                let (a, b) = (expression(r, object), expression(r, value));
                if numeric_only && !is_numeric(&a) {
                    continue;
                }
                if equals(&a, &b) != Some(false) {
                    continue;
                }
                let text = match r.term(value) {
                    Term::Literal(l) => l.value().to_owned(),
                    Term::NamedNode(n) => n.as_str().to_owned(),
                    // STR() of a blank node is an error: no binding, no solution.
                    Term::BlankNode(_) => continue,
                };
                let text = if numeric_only {
                    format!("{text} days")
                } else {
                    text
                };
                out.push(
                    Bindings::new()
                        .term("subject", term(r, s))
                        .term("predicate", sg(name))
                        .term("object", term(r, object))
                        .text("computedText", &text),
                );
            }
        }
    }
}

fn expression(r: &Reader<'_>, id: u32) -> ExpressionTerm {
    ExpressionTerm::from(r.term(id).clone())
}

fn is_numeric(term: &ExpressionTerm) -> bool {
    number(term).is_some()
}

/// A number, promoted as SPARQL promotes operands: integer → decimal →
/// float → double.
#[derive(Clone, Copy)]
enum Number {
    Integer(oxsdatatypes::Integer),
    Decimal(oxsdatatypes::Decimal),
    Float(oxsdatatypes::Float),
    Double(oxsdatatypes::Double),
}

fn number(term: &ExpressionTerm) -> Option<Number> {
    Some(match term {
        ExpressionTerm::IntegerLiteral(v) => Number::Integer(*v),
        ExpressionTerm::DecimalLiteral(v) => Number::Decimal(*v),
        ExpressionTerm::FloatLiteral(v) => Number::Float(*v),
        ExpressionTerm::DoubleLiteral(v) => Number::Double(*v),
        _ => return None,
    })
}

impl Number {
    fn rank(self) -> u8 {
        match self {
            Number::Integer(_) => 0,
            Number::Decimal(_) => 1,
            Number::Float(_) => 2,
            Number::Double(_) => 3,
        }
    }

    /// This number as one of rank `rank` (not lower than its own).
    fn promoted(self, rank: u8) -> Number {
        use oxsdatatypes::{Decimal, Double, Float};
        match (self, rank) {
            (n, r) if n.rank() == r => n,
            (Number::Integer(v), 1) => Number::Decimal(Decimal::from(v)),
            (Number::Integer(v), 2) => Number::Float(Float::from(v)),
            (Number::Integer(v), _) => Number::Double(Double::from(v)),
            (Number::Decimal(v), 2) => Number::Float(Float::from(v)),
            (Number::Decimal(v), _) => Number::Double(Double::from(v)),
            (Number::Float(v), _) => Number::Double(Double::from(v)),
            (n, _) => n,
        }
    }

    fn partial_cmp(self, other: Number) -> Option<Ordering> {
        let rank = self.rank().max(other.rank());
        match (self.promoted(rank), other.promoted(rank)) {
            (Number::Integer(a), Number::Integer(b)) => a.partial_cmp(&b),
            (Number::Decimal(a), Number::Decimal(b)) => a.partial_cmp(&b),
            (Number::Float(a), Number::Float(b)) => a.partial_cmp(&b),
            (Number::Double(a), Number::Double(b)) => a.partial_cmp(&b),
            _ => None,
        }
    }
}

/// SPARQL `<`/`>` between two numbers (spareval's `partial_cmp_literals`).
fn compare(a: &ExpressionTerm, b: &ExpressionTerm) -> Option<Ordering> {
    number(a)?.partial_cmp(number(b)?)
}

/// SPARQL `=` (spareval's `equals`): `Some` when the terms compare, `None`
/// when the comparison is an error (a literal of an unknown datatype against
/// another literal that is not the same term).
fn equals(a: &ExpressionTerm, b: &ExpressionTerm) -> Option<bool> {
    use ExpressionTerm as E;
    if let (Some(x), Some(y)) = (number(a), number(b)) {
        return Some(x.partial_cmp(y) == Some(Ordering::Equal));
    }
    match a {
        E::NamedNode(_) | E::BlankNode(_) | E::LangStringLiteral { .. } => Some(a == b),
        E::OtherTypedLiteral { .. } => match b {
            E::OtherTypedLiteral { .. } if a == b => Some(true),
            E::NamedNode(_) | E::BlankNode(_) | E::LangStringLiteral { .. } => Some(false),
            _ => None,
        },
        _ => match b {
            E::OtherTypedLiteral { .. } => None,
            _ => Some(match (duration(a), duration(b)) {
                (Some(x), Some(y)) => x == y,
                _ => std::mem::discriminant(a) == std::mem::discriminant(b) && a == b,
            }),
        },
    }
}

/// The three duration types compare with one another.
fn duration(term: &ExpressionTerm) -> Option<oxsdatatypes::Duration> {
    match term {
        ExpressionTerm::DurationLiteral(d) => Some(*d),
        ExpressionTerm::YearMonthDurationLiteral(d) => Some((*d).into()),
        ExpressionTerm::DayTimeDurationLiteral(d) => Some((*d).into()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::model::Literal;

    fn e(literal: Literal) -> ExpressionTerm {
        ExpressionTerm::from(Term::from(literal))
    }

    fn typed(value: &str, local: &str) -> ExpressionTerm {
        e(Literal::new_typed_literal(
            value,
            NamedNode::new_unchecked(format!("http://www.w3.org/2001/XMLSchema#{local}")),
        ))
    }

    #[test]
    fn numbers_compare_across_types() {
        assert_eq!(
            compare(&typed("2", "integer"), &typed("1.5", "decimal")),
            Some(Ordering::Greater)
        );
        assert_eq!(
            equals(&typed("1", "integer"), &typed("1.0", "double")),
            Some(true)
        );
        assert_eq!(
            compare(&typed("NaN", "double"), &typed("1", "integer")),
            None
        );
        assert!(!is_numeric(&typed("x", "integer")), "not a valid integer");
    }

    #[test]
    fn equality_is_an_error_only_where_sparql_says() {
        let date = typed("2026-01-01", "date");
        assert_eq!(equals(&date, &typed("2026-01-01", "date")), Some(true));
        assert_eq!(equals(&e(Literal::from("2026-01-01")), &date), Some(false));
        assert_eq!(
            equals(&typed("soon", "date"), &date),
            None,
            "an invalid date"
        );
        assert_eq!(
            equals(&typed("P1D", "duration"), &typed("P1D", "dayTimeDuration")),
            Some(true)
        );
        let iri = ExpressionTerm::from(Term::from(sg("Done")));
        assert_eq!(equals(&iri, &date), Some(false));
    }
}
