//! Running one rule over one spec and turning its solutions into located findings.

use super::functions::Prefixes;
use super::locate::locate;
use super::rule::{Rule, RuleOrigin};
use crate::deadline::Deadline;
use crate::finding::{Finding, Severity};
use crate::load::Spec;
use oxigraph::model::{Literal, NamedOrBlankNode, Term};
use oxigraph::sparql::{QueryEvaluationError, QueryResults, QuerySolution, SparqlEvaluator};

/// A rule that failed while running (a bug in a user rule, say): exit code 2.
#[derive(Debug)]
pub struct RuleFailure {
    pub code: String,
    pub message: String,
}

/// Runs `rule` on `spec` and returns its findings with the given severity.
pub fn run_rule(
    spec: &Spec,
    rule: &Rule,
    severity: Severity,
    evaluator: &SparqlEvaluator,
    prefixes: &Prefixes,
) -> Result<Vec<Finding>, RuleFailure> {
    let failure = |message: String| RuleFailure {
        code: rule.code.clone(),
        message,
    };
    let Some(query) = rule.parsed() else {
        return Ok(Vec::new());
    };
    // The user's rules run under the query time limit; the built-in ones are
    // linear scans of the spec (a 460k-triple spec needs more than 5 s in a
    // debug build) and are not cut short.
    let solutions = match rule.origin {
        RuleOrigin::Builtin => select(spec, query, evaluator, None),
        RuleOrigin::File(_) => select(
            spec,
            query,
            evaluator,
            Some(&crate::deadline::Deadline::start()),
        ),
    }
    .map_err(failure)?;
    Ok(solutions
        .iter()
        .filter_map(|solution| finding(spec, rule, severity, solution, prefixes))
        .collect())
}

/// The finding one solution of `rule` stands for, located at its `?object`
/// (or `?predicate`) in the statements about its `?subject`.
pub fn finding(
    spec: &Spec,
    rule: &Rule,
    severity: Severity,
    solution: &dyn Lookup,
    prefixes: &Prefixes,
) -> Option<Finding> {
    let subject = solution.get("subject").and_then(as_subject)?;
    let predicate = solution.get("predicate");
    let object = solution.get("object");
    let location = locate(spec, &subject, predicate, object);
    let render = |template: &str| render(template, solution, prefixes);
    Some(Finding {
        code: rule.code.clone(),
        severity,
        message: render(&rule.message),
        help: rule.help.as_deref().map(render).filter(|h| !h.is_empty()),
        label: rule.label.as_deref().map(render).filter(|l| !l.is_empty()),
        location,
        subject: Some(match &subject {
            NamedOrBlankNode::NamedNode(n) => n.as_str().to_owned(),
            NamedOrBlankNode::BlankNode(b) => b.to_string(),
        }),
        predicate: predicate.map(crate::finding::term_text),
        object: object.map(crate::finding::term_text),
        baselined: false,
    })
}

/// Evaluates a SELECT on the spec: its triples are the default graph, the
/// vocabulary's axioms the named graph `<https://w3id.org/specgraph>`.
pub fn select(
    spec: &Spec,
    query: &spargebra::Query,
    evaluator: &SparqlEvaluator,
    deadline: Option<&Deadline>,
) -> Result<Vec<QuerySolution>, String> {
    let prepared = match deadline {
        Some(deadline) => deadline.evaluator(evaluator),
        None => evaluator.clone(),
    }
    .for_query(query.clone());
    let failed = |e: &QueryEvaluationError| match deadline {
        Some(deadline) => format!("evaluation failed: {}", deadline.describe(e)),
        None => format!("evaluation failed: {e}"),
    };
    match prepared
        .on_queryable_dataset(spec.graph.store.view())
        .execute()
    {
        Ok(QueryResults::Solutions(solutions)) => solutions
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| failed(&e)),
        Ok(_) => Err("a rule must be a SELECT query".into()),
        Err(e) => Err(failed(&e)),
    }
}

/// What a finding's message, help and label are written from: the variables
/// of a rule's solution, or the values a native check supplies.
pub trait Lookup {
    fn get(&self, name: &str) -> Option<&Term>;
}

impl Lookup for QuerySolution {
    fn get(&self, name: &str) -> Option<&Term> {
        QuerySolution::get(self, name)
    }
}

/// The values of one finding of a native check (shapes, ill-typed literals),
/// named as a rule's query would name them (`subject`, `predicate`, `object`,
/// `problem`, …), so the rule's message templates write it.
#[derive(Debug, Clone, Default)]
pub struct Bindings(Vec<(&'static str, Term)>);

impl Bindings {
    pub fn new() -> Self {
        Self::default()
    }

    /// An RDF term, written as in Turtle (`:task-1`, `"text"`, `42`).
    pub fn term(mut self, name: &'static str, term: impl Into<Term>) -> Self {
        self.0.push((name, term.into()));
        self
    }

    /// Prose, written as it is; it may hold `{placeholders}` of its own.
    pub fn text(self, name: &'static str, text: &str) -> Self {
        self.term(name, Literal::new_simple_literal(text))
    }
}

impl Lookup for Bindings {
    fn get(&self, name: &str) -> Option<&Term> {
        self.0.iter().find(|(n, _)| *n == name).map(|(_, t)| t)
    }
}

fn as_subject(term: &Term) -> Option<NamedOrBlankNode> {
    match term {
        Term::NamedNode(n) => Some(n.clone().into()),
        Term::BlankNode(b) => Some(b.clone().into()),
        _ => None,
    }
}

/// Writes a term the way a user would type it in Turtle.
pub fn format_term(term: &Term, prefixes: &Prefixes) -> String {
    match term {
        Term::NamedNode(n) => prefixes.compact(n.as_str()),
        Term::BlankNode(_) => "a blank node".into(),
        Term::Literal(l) => {
            let datatype = l.datatype().as_str();
            // Turtle's shorthand: valid integers, decimals and booleans are written bare.
            let bare = match datatype {
                "http://www.w3.org/2001/XMLSchema#integer"
                | "http://www.w3.org/2001/XMLSchema#decimal" => l.value().parse::<f64>().is_ok(),
                "http://www.w3.org/2001/XMLSchema#boolean" => matches!(l.value(), "true" | "false"),
                _ => false,
            };
            if bare {
                l.value().to_owned()
            } else if let Some(lang) = l.language() {
                format!("{:?}@{lang}", l.value())
            } else if datatype == "http://www.w3.org/2001/XMLSchema#string" {
                format!("{:?}", l.value())
            } else {
                format!("{:?}^^{}", l.value(), prefixes.compact(datatype))
            }
        }
        #[allow(unreachable_patterns)]
        other => other.to_string(),
    }
}

/// Fills `{variable}` placeholders from a solution. A `[[ … ]]` segment is kept
/// only when every variable it mentions is bound. A bound plain string may hold
/// placeholders of its own (one level), so rules can choose wording per case.
pub fn render(template: &str, solution: &dyn Lookup, prefixes: &Prefixes) -> String {
    render_nested(template, solution, prefixes, 0)
}

/// Bound strings may nest placeholders a few levels deep, never without end
/// (a rule binding `?x` to `"{x}"` must not recurse forever).
const MAX_NESTING: usize = 4;

fn render_nested(
    template: &str,
    solution: &dyn Lookup,
    prefixes: &Prefixes,
    depth: usize,
) -> String {
    let mut out = String::new();
    let mut rest = template;
    while let Some(start) = rest.find("[[") {
        out.push_str(
            &substitute(&rest[..start], solution, prefixes, true, depth).unwrap_or_default(),
        );
        let Some(len) = rest[start + 2..].find("]]") else {
            rest = &rest[start..];
            break;
        };
        let segment = &rest[start + 2..start + 2 + len];
        if let Some(text) = substitute(segment, solution, prefixes, false, depth) {
            out.push_str(&text);
        }
        rest = &rest[start + 2 + len + 2..];
    }
    out.push_str(&substitute(rest, solution, prefixes, true, depth).unwrap_or_default());
    out
}

/// Replaces placeholders; `None` when a variable is unbound and `allow_unbound` is false.
fn substitute(
    text: &str,
    solution: &dyn Lookup,
    prefixes: &Prefixes,
    allow_unbound: bool,
    depth: usize,
) -> Option<String> {
    let mut out = String::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        let name = &rest[open + 1..open + close];
        out.push_str(&rest[..open]);
        match solution.get(name) {
            Some(Term::Literal(l))
                if l.datatype().as_str().ends_with("#string") && l.value().contains('{') =>
            {
                if depth < MAX_NESTING {
                    out.push_str(&render_nested(l.value(), solution, prefixes, depth + 1));
                } else {
                    out.push_str(l.value());
                }
            }
            Some(Term::Literal(l))
                if l.datatype().as_str().ends_with("#string") && is_text_variable(name) =>
            {
                out.push_str(l.value());
            }
            Some(term) => out.push_str(&format_term(term, prefixes)),
            None if allow_unbound => {}
            None => return None,
        }
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    Some(out)
}

/// Variables meant as prose (not RDF terms to quote): `?problem`, `?members`, `?…Text`.
fn is_text_variable(name: &str) -> bool {
    matches!(name, "problem" | "members" | "reason") || name.ends_with("Text")
}
