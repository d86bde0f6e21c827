//! The vocabulary's shapes (ontology/shapes.ttl) as findings under stable
//! codes, and the closure figure:
//!
//! - `sh:minCount` of a closure shape (`sgs:TaskShape`, …) → `missing-property`;
//! - `sh:maxCount 1` of a values shape (`sgs:owner-values`, …) → `conflicting-values`;
//! - any other constraint of a values shape → `wrong-kind`.
//!
//! A shape belongs to the vocabulary when it is named in the `sgs:` namespace
//! or is a property shape of one, so a user's shapes file that adds to
//! `sgs:TaskShape` extends closure. Results that fit none of these codes stay
//! `shacl-violation`s.

use super::functions::Prefixes;
use super::run::{finding, Bindings};
use super::Code;
use super::{Closure, RuleSet};
use crate::finding::{Finding, Severity};
use crate::load::Spec;
use crate::shacl::graph::{iri, sh, Graph, RDF, RDFS};
use crate::shacl::shape::{Constraint, Shape, Target};
use crate::shacl::validate::{ValidationResult, Validator};
use crate::shacl::values::well_formed;
use crate::vocabulary::SHAPES_NAMESPACE;
use oxigraph::model::{Literal, NamedNode, Term};
use std::collections::HashSet;

/// One validation of a spec, seen through the vocabulary's shapes.
pub struct Vocabulary<'a> {
    pub spec: &'a Spec,
    pub data: &'a Graph,
    pub shapes: &'a Graph,
    pub validator: &'a Validator<'a>,
    pub rules: &'a RuleSet,
    pub prefixes: &'a Prefixes,
}

fn in_namespace(term: &Term) -> bool {
    matches!(term, Term::NamedNode(n) if n.as_str().starts_with(SHAPES_NAMESPACE))
}

fn component(result: &ValidationResult, local: &str) -> bool {
    result.component.as_str() == sh(local).as_str()
}

impl Vocabulary<'_> {
    /// Whether `shape` is one of the vocabulary's (or a property shape of one).
    fn owns(&self, shape: &Term) -> bool {
        in_namespace(shape) || self.vocabulary_parents(shape).next().is_some()
    }

    /// The vocabulary's node shapes that hold `shape` as a property shape.
    fn vocabulary_parents<'s>(&'s self, shape: &Term) -> impl Iterator<Item = Term> + 's {
        self.shapes
            .subjects(&sh("property"), shape)
            .filter(in_namespace)
    }

    /// The findings of the vocabulary's results (with the severities in force),
    /// and the results that are not the vocabulary's.
    pub fn findings<'r>(
        &self,
        results: &'r [ValidationResult],
        severity: &dyn Fn(&str) -> Option<Severity>,
    ) -> (Vec<Finding>, Vec<&'r ValidationResult>) {
        let mut findings = Vec::new();
        let mut others = Vec::new();
        let mut wrong_kind_seen = HashSet::new();
        for result in results {
            if !self.owns(&result.source_shape) {
                others.push(result);
                continue;
            }
            let (code, solutions) = if component(result, "MinCountConstraintComponent") {
                (Code::MissingProperty, self.missing_property(result))
            } else if component(result, "MaxCountConstraintComponent") {
                (Code::ConflictingValues, self.conflicting_values(result))
            } else if result.value.is_some() {
                // Several constraints may reject one value (a string for a number
                // is outside both bounds too): one finding per value.
                let key = (
                    result.focus.clone(),
                    result.path.clone(),
                    result.value.clone(),
                );
                if !wrong_kind_seen.insert(key) {
                    continue;
                }
                (Code::WrongKind, self.wrong_kind(result))
            } else {
                (Code::WrongKind, None)
            };
            let Some(solutions) = solutions else {
                others.push(result);
                continue;
            };
            let (Some(rule), Some(severity)) =
                (self.rules.get(code.as_str()), severity(code.as_str()))
            else {
                continue;
            };
            findings.extend(
                solutions
                    .iter()
                    .filter_map(|s| finding(self.spec, rule, severity, s, self.prefixes)),
            );
        }
        (findings, others)
    }

    /// Required links expected and present, over every shape in force — the
    /// vocabulary's, the user's (`--shapes`, spec.toml) and the spec's own:
    /// one link per focus node of a targeted shape and `sh:minCount` ≥ 1
    /// property shape of it (or of a targeted property shape with one
    /// itself); present are those minus the `sh:minCount` results. A spec in
    /// a vocabulary no shape describes has nothing to count: `expected` 0,
    /// which every output shows as "n/a", never as 100%.
    pub fn closure(&self, results: &[ValidationResult]) -> Closure {
        let mut expected = 0;
        let mut counted: HashSet<&Term> = HashSet::new();
        for shape in self.validator.shapes() {
            if shape.deactivated || shape.targets.is_empty() {
                continue;
            }
            let mut required: Vec<&Shape> = shape
                .constraints
                .iter()
                .filter_map(|c| match c {
                    Constraint::Property(p) => self.validator.shape(p),
                    _ => None,
                })
                .filter(|p| !p.deactivated && is_required(p))
                .collect();
            if is_required(shape) {
                required.push(shape);
            }
            if !required.is_empty() {
                expected += required.len() * self.validator.focus_nodes(shape).len();
                counted.extend(required.iter().map(|p| &p.id));
            }
        }
        let gaps = results
            .iter()
            .filter(|r| component(r, "MinCountConstraintComponent"))
            .filter(|r| counted.contains(&r.source_shape))
            .count();
        Closure {
            present: expected.saturating_sub(gaps),
            expected,
        }
    }

    /// `{subject} is a {object} without {property}`: the class is the target
    /// class of the closure shape that the focus node is an instance of.
    fn missing_property(&self, result: &ValidationResult) -> Option<Vec<Bindings>> {
        let property = self.required_path(result)?;
        let (parent, class) = self
            .vocabulary_parents(&result.source_shape)
            .find_map(|parent| {
                let class =
                    self.validator
                        .shape(&parent)?
                        .targets
                        .iter()
                        .find_map(|t| match t {
                            Target::Class(c) if self.data.is_instance(&result.focus, c) => {
                                Some(c.clone())
                            }
                            _ => None,
                        })?;
                Some((parent, class))
            })?;
        let bindings = Bindings::new()
            .term("subject", result.focus.clone())
            .term("predicate", iri(RDF, "type"))
            .term("object", class)
            .term("shape", parent);
        Some(vec![match property.as_slice() {
            [one] => bindings.term("property", one.clone()),
            // `sg:target or sg:limit`: each alternative written as a term.
            many => many
                .iter()
                .zip(ALTERNATIVES)
                .fold(bindings, |b, (p, name)| b.term(name, p.clone()))
                .text(
                    "property",
                    &ALTERNATIVES[..many.len().min(ALTERNATIVES.len())]
                        .iter()
                        .map(|name| format!("{{{name}}}"))
                        .collect::<Vec<_>>()
                        .join(" or "),
                ),
        }])
    }

    /// The property (or, for `sh:alternativePath`, the properties) a
    /// `sh:minCount` result asks for.
    fn required_path(&self, result: &ValidationResult) -> Option<Vec<NamedNode>> {
        if let Some(property) = simple_path(result) {
            return Some(vec![property]);
        }
        let path = crate::shacl::path::Path::parse(self.shapes, result.path.as_ref()?).ok()?;
        match path {
            crate::shacl::path::Path::Alternative(paths) => paths
                .into_iter()
                .map(|p| match p {
                    crate::shacl::path::Path::Predicate(n) => Some(n),
                    _ => None,
                })
                .collect::<Option<Vec<_>>>()
                .filter(|list| (1..=ALTERNATIVES.len()).contains(&list.len())),
            _ => None,
        }
    }

    /// One solution per pair of different values, located at the later one
    /// (in the order of their text). Equal numbers (`2`, `2.0`) are one value.
    fn conflicting_values(&self, result: &ValidationResult) -> Option<Vec<Bindings>> {
        let predicate = simple_path(result)?;
        let mut values: Vec<&Term> = self.data.objects(&result.focus, &predicate).collect();
        values.sort_by_key(|v| text_order(v));
        let mut distinct: Vec<&Term> = Vec::new();
        for value in values {
            if !distinct.iter().any(|d| numerically_equal(d, value)) {
                distinct.push(value);
            }
        }
        let mut solutions = Vec::new();
        for (i, object) in distinct.iter().enumerate() {
            for other in &distinct[..i] {
                solutions.push(
                    Bindings::new()
                        .term("subject", result.focus.clone())
                        .term("predicate", predicate.clone())
                        .term("object", (*object).clone())
                        .term("other", (*other).clone()),
                );
            }
        }
        Some(solutions)
    }

    /// Why the value is not of the kind the values shape takes, and what it takes.
    fn wrong_kind(&self, result: &ValidationResult) -> Option<Vec<Bindings>> {
        let predicate = simple_path(result)?;
        let value = result.value.as_ref()?;
        let shape = self.validator.shape(&result.source_shape)?;
        let kinds = self.kinds(&shape.id, 0);
        let problem = match value {
            Term::Literal(literal) => {
                let datatype = literal.datatype();
                if !well_formed(literal) {
                    // Reported once, on every property, by `ill_typed`.
                    return Some(Vec::new());
                } else if let Some(kind) = kinds
                    .iter()
                    .find(|k| k.datatypes.iter().any(|d| d.as_ref() == datatype))
                {
                    kind.bound_problem(literal)?
                } else if kinds.iter().any(|k| !k.datatypes.is_empty()) {
                    "is {object}, a literal of the wrong datatype".to_owned()
                } else {
                    "is the literal {object}, but a resource is expected".to_owned()
                }
            }
            _ if kinds
                .iter()
                .all(|k| k.classes.is_empty() && k.values.is_empty()) =>
            {
                "is the resource {object}, but a literal is expected".to_owned()
            }
            _ if self.data.objects(value, &iri(RDF, "type")).next().is_some() => {
                "is {object}, which is not of the expected class".to_owned()
            }
            _ => "is {object}, which has no rdf:type".to_owned(),
        };
        let expected: Vec<String> = kinds.iter().map(|k| k.describe(self.prefixes)).collect();
        let mut expected_text = Vec::new();
        for text in expected {
            if !expected_text.contains(&text) {
                expected_text.push(text);
            }
        }
        Some(vec![Bindings::new()
            .term("subject", result.focus.clone())
            .term("predicate", predicate)
            .term("object", value.clone())
            .text("problem", &problem)
            .term("shape", shape.id.clone())
            .text("expectedText", &expected_text.join(" or "))
            .text(
                "helpText",
                "{predicate} takes {expectedText}; see {shape} in ontology/shapes.ttl",
            )])
    }

    /// The kinds of value a shape accepts: one per alternative of its `sh:or`,
    /// each with the classes, datatypes, values and bounds it admits
    /// (`sh:node` shapes such as `sgs:Number` merged in, with their label).
    fn kinds(&self, id: &Term, depth: usize) -> Vec<Kind> {
        let Some(shape) = self.validator.shape(id) else {
            return vec![Kind::default()];
        };
        let mut own = Kind::default();
        let mut kinds = vec![];
        let mut nested: Vec<Vec<Kind>> = Vec::new();
        for constraint in &shape.constraints {
            match constraint {
                Constraint::Class(c) => own.classes.push(c.clone()),
                Constraint::Datatype(d) => own.datatypes.push(d.clone()),
                Constraint::In(values) => own.values.extend(values.iter().cloned()),
                Constraint::MinInclusive(t) => own.minimum = Some(t.clone()),
                Constraint::MaxInclusive(t) => own.maximum = Some(t.clone()),
                Constraint::Node(n) if depth < 8 => {
                    let label = self
                        .shapes
                        .object(n, &iri(RDFS, "label"))
                        .and_then(|l| match l {
                            Term::Literal(l) => Some(l.value().to_owned()),
                            _ => None,
                        });
                    let mut inner = self.kinds(n, depth + 1);
                    for kind in &mut inner {
                        kind.label = kind.label.take().or_else(|| label.clone());
                    }
                    nested.push(inner);
                }
                Constraint::Or(members) if depth < 8 => nested.push(
                    members
                        .iter()
                        .flat_map(|m| self.kinds(m, depth + 1))
                        .collect(),
                ),
                _ => {}
            }
        }
        kinds.push(own);
        // Every alternative of every nested list, merged with the shape's own constraints.
        for alternatives in nested {
            kinds = kinds
                .iter()
                .flat_map(|k| alternatives.iter().map(move |a| k.merged(a)))
                .collect();
        }
        kinds
    }
}

/// One kind of value a values shape accepts.
#[derive(Debug, Clone, Default)]
struct Kind {
    classes: Vec<Term>,
    datatypes: Vec<NamedNode>,
    values: Vec<Term>,
    minimum: Option<Term>,
    maximum: Option<Term>,
    /// How to name the datatypes (`rdfs:label` of an `sh:node` shape: "a number").
    label: Option<String>,
}

impl Kind {
    fn merged(&self, other: &Kind) -> Kind {
        let join = |a: &Vec<Term>, b: &Vec<Term>| a.iter().chain(b).cloned().collect();
        Kind {
            classes: join(&self.classes, &other.classes),
            datatypes: self
                .datatypes
                .iter()
                .chain(&other.datatypes)
                .cloned()
                .collect(),
            values: join(&self.values, &other.values),
            minimum: other.minimum.clone().or_else(|| self.minimum.clone()),
            maximum: other.maximum.clone().or_else(|| self.maximum.clone()),
            label: other.label.clone().or_else(|| self.label.clone()),
        }
    }

    /// Which bound a literal of an accepted datatype is outside of.
    fn bound_problem(&self, literal: &Literal) -> Option<String> {
        let value = number(literal)?;
        if let Some(min) = self.minimum.as_ref().and_then(term_number) {
            if value < min {
                return Some(format!(
                    "is {{object}}, below the minimum {}",
                    show_number(self.minimum.as_ref()?)
                ));
            }
        }
        if let Some(max) = self.maximum.as_ref().and_then(term_number) {
            if value > max {
                return Some(format!(
                    "is {{object}}, above the maximum {}",
                    show_number(self.maximum.as_ref()?)
                ));
            }
        }
        None
    }

    fn describe(&self, prefixes: &Prefixes) -> String {
        let compact = |t: &Term| match t {
            Term::NamedNode(n) => prefixes.compact(n.as_str()),
            other => other.to_string(),
        };
        let mut text = if !self.classes.is_empty() {
            let classes: Vec<String> = self.classes.iter().map(compact).collect();
            format!("an instance of {}", classes.join(" and "))
        } else if !self.values.is_empty() {
            let values: Vec<String> = self.values.iter().map(compact).collect();
            format!("one of {}", values.join(", "))
        } else if let Some(label) = &self.label {
            label.clone()
        } else if !self.datatypes.is_empty() {
            let datatypes: Vec<String> = self
                .datatypes
                .iter()
                .map(|d| format!("a {}", prefixes.compact(d.as_str())))
                .collect();
            datatypes.join(" or ")
        } else {
            "a value".to_owned()
        };
        match (&self.minimum, &self.maximum) {
            (Some(min), Some(max)) => text.push_str(&format!(
                " between {} and {}",
                show_number(min),
                show_number(max)
            )),
            (Some(min), None) => text.push_str(&format!(" of at least {}", show_number(min))),
            (None, Some(max)) => text.push_str(&format!(" of at most {}", show_number(max))),
            (None, None) => {}
        }
        text
    }
}

/// Whether a property shape requires a value (`sh:minCount` of 1 or more on a predicate).
/// Placeholder names of the properties of an `sh:alternativePath`.
const ALTERNATIVES: [&str; 4] = [
    "alternative1",
    "alternative2",
    "alternative3",
    "alternative4",
];

fn is_required(shape: &Shape) -> bool {
    shape.path_term.is_some()
        && shape
            .constraints
            .iter()
            .any(|c| matches!(c, Constraint::MinCount(n) if *n >= 1))
}

fn simple_path(result: &ValidationResult) -> Option<NamedNode> {
    match &result.path {
        Some(Term::NamedNode(n)) => Some(n.clone()),
        _ => None,
    }
}

fn number(literal: &Literal) -> Option<f64> {
    literal.value().trim().parse().ok()
}

fn term_number(term: &Term) -> Option<f64> {
    match term {
        Term::Literal(l) => number(l),
        _ => None,
    }
}

fn show_number(term: &Term) -> String {
    match term {
        Term::Literal(l) => l.value().to_owned(),
        other => other.to_string(),
    }
}

fn numerically_equal(a: &Term, b: &Term) -> bool {
    if a == b {
        return true;
    }
    let numeric = |t: &Term| match t {
        Term::Literal(l)
            if l.datatype().as_str().starts_with(crate::shacl::graph::XSD) && well_formed(l) =>
        {
            number(l)
        }
        _ => None,
    };
    matches!((numeric(a), numeric(b)), (Some(x), Some(y)) if x == y)
}

/// The order the `conflicting-values` findings follow: by text, then datatype.
fn text_order(term: &Term) -> (String, String) {
    match term {
        Term::NamedNode(n) => (n.as_str().to_owned(), String::new()),
        Term::BlankNode(b) => (b.as_str().to_owned(), String::new()),
        Term::Literal(l) => (l.value().to_owned(), l.datatype().as_str().to_owned()),
        #[allow(unreachable_patterns)]
        other => (other.to_string(), String::new()),
    }
}
