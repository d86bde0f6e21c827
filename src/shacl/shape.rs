//! Shapes as data: every node shape and property shape of a shapes graph,
//! with its targets, path, severity, messages and constraints.

use super::graph::{iri, sh, Graph, RDF, RDFS};
use super::path::Path;
use oxigraph::model::{Literal, NamedNode, Term};
use std::collections::HashSet;

#[derive(Debug, Clone)]
pub enum Target {
    Node(Term),
    Class(Term),
    SubjectsOf(NamedNode),
    ObjectsOf(NamedNode),
}

/// One constraint of a shape (its parameters resolved).
#[derive(Debug, Clone)]
pub enum Constraint {
    Class(Term),
    Datatype(NamedNode),
    NodeKind(NamedNode),
    MinCount(u64),
    MaxCount(u64),
    MinExclusive(Term),
    MinInclusive(Term),
    MaxExclusive(Term),
    MaxInclusive(Term),
    MinLength(u64),
    MaxLength(u64),
    Pattern {
        pattern: String,
        flags: Option<String>,
    },
    LanguageIn(Vec<String>),
    UniqueLang,
    Equals(NamedNode),
    Disjoint(NamedNode),
    LessThan(NamedNode),
    LessThanOrEquals(NamedNode),
    Not(Term),
    And(Vec<Term>),
    Or(Vec<Term>),
    Xone(Vec<Term>),
    Node(Term),
    Property(Term),
    QualifiedValueShape {
        shape: Term,
        min: Option<u64>,
        max: Option<u64>,
        disjoint: bool,
    },
    Closed {
        ignored: Vec<Term>,
    },
    HasValue(Term),
    In(Vec<Term>),
    Sparql(Term),
}

impl Constraint {
    /// The constraint component, as results name it.
    pub fn component(&self) -> NamedNode {
        sh(match self {
            Self::Class(_) => "ClassConstraintComponent",
            Self::Datatype(_) => "DatatypeConstraintComponent",
            Self::NodeKind(_) => "NodeKindConstraintComponent",
            Self::MinCount(_) => "MinCountConstraintComponent",
            Self::MaxCount(_) => "MaxCountConstraintComponent",
            Self::MinExclusive(_) => "MinExclusiveConstraintComponent",
            Self::MinInclusive(_) => "MinInclusiveConstraintComponent",
            Self::MaxExclusive(_) => "MaxExclusiveConstraintComponent",
            Self::MaxInclusive(_) => "MaxInclusiveConstraintComponent",
            Self::MinLength(_) => "MinLengthConstraintComponent",
            Self::MaxLength(_) => "MaxLengthConstraintComponent",
            Self::Pattern { .. } => "PatternConstraintComponent",
            Self::LanguageIn(_) => "LanguageInConstraintComponent",
            Self::UniqueLang => "UniqueLangConstraintComponent",
            Self::Equals(_) => "EqualsConstraintComponent",
            Self::Disjoint(_) => "DisjointConstraintComponent",
            Self::LessThan(_) => "LessThanConstraintComponent",
            Self::LessThanOrEquals(_) => "LessThanOrEqualsConstraintComponent",
            Self::Not(_) => "NotConstraintComponent",
            Self::And(_) => "AndConstraintComponent",
            Self::Or(_) => "OrConstraintComponent",
            Self::Xone(_) => "XoneConstraintComponent",
            Self::Node(_) => "NodeConstraintComponent",
            Self::Property(_) => "PropertyConstraintComponent",
            Self::QualifiedValueShape { .. } => "QualifiedMinCountConstraintComponent",
            Self::Closed { .. } => "ClosedConstraintComponent",
            Self::HasValue(_) => "HasValueConstraintComponent",
            Self::In(_) => "InConstraintComponent",
            Self::Sparql(_) => "SPARQLConstraintComponent",
        })
    }
}

#[derive(Debug, Clone)]
pub struct Shape {
    pub id: Term,
    pub path: Option<Path>,
    /// The `sh:path` node as written (results report it).
    pub path_term: Option<Term>,
    pub targets: Vec<Target>,
    pub constraints: Vec<Constraint>,
    pub severity: NamedNode,
    pub messages: Vec<Literal>,
    pub deactivated: bool,
}

/// Every shape of a shapes graph: declared ones, shapes with targets, and
/// shapes referenced by other shapes.
pub fn all(shapes: &Graph) -> Result<Vec<Shape>, String> {
    let rdf_type = iri(RDF, "type");
    let mut ids: Vec<Term> = Vec::new();
    let mut seen = HashSet::new();
    let mut add = |t: Term, ids: &mut Vec<Term>| {
        if seen.insert(t.clone()) {
            ids.push(t);
        }
    };
    for class in ["NodeShape", "PropertyShape"] {
        for s in shapes
            .subjects(&rdf_type, &Term::NamedNode(sh(class)))
            .collect::<Vec<_>>()
        {
            add(s, &mut ids);
        }
    }
    for predicate in [
        "targetNode",
        "targetClass",
        "targetSubjectsOf",
        "targetObjectsOf",
        "path",
    ] {
        for (subject, _) in shapes.with_predicate(&sh(predicate)) {
            add(subject.clone(), &mut ids);
        }
    }
    for predicate in ["node", "property", "not", "qualifiedValueShape"] {
        for (_, object) in shapes.with_predicate(&sh(predicate)) {
            add(object.clone(), &mut ids);
        }
    }
    for predicate in ["and", "or", "xone"] {
        for (_, object) in shapes.with_predicate(&sh(predicate)) {
            for member in shapes.list(object).unwrap_or_default() {
                add(member, &mut ids);
            }
        }
    }
    ids.iter().map(|id| read(shapes, id)).collect()
}

fn number(term: Option<&Term>) -> Option<u64> {
    match term? {
        Term::Literal(l) => l.value().parse().ok(),
        _ => None,
    }
}

fn named(term: Option<&Term>) -> Option<NamedNode> {
    match term? {
        Term::NamedNode(n) => Some(n.clone()),
        _ => None,
    }
}

fn read(shapes: &Graph, id: &Term) -> Result<Shape, String> {
    let get = |p: &str| shapes.object(id, &sh(p));
    let all = |p: &str| shapes.objects(id, &sh(p)).cloned().collect::<Vec<_>>();
    let list = |p: &str| -> Result<Vec<Vec<Term>>, String> {
        all(p)
            .iter()
            .map(|head| {
                shapes
                    .list(head)
                    .ok_or_else(|| format!("{p} of {id} is not a list"))
            })
            .collect()
    };
    let path_term = get("path").cloned();
    let path = path_term
        .as_ref()
        .map(|t| Path::parse(shapes, t))
        .transpose()?;
    let mut targets = Vec::new();
    targets.extend(all("targetNode").into_iter().map(Target::Node));
    targets.extend(all("targetClass").into_iter().map(Target::Class));
    targets.extend(
        all("targetSubjectsOf")
            .iter()
            .filter_map(|t| named(Some(t)))
            .map(Target::SubjectsOf),
    );
    targets.extend(
        all("targetObjectsOf")
            .iter()
            .filter_map(|t| named(Some(t)))
            .map(Target::ObjectsOf),
    );
    // An implicit class target: a shape that is also a class.
    let rdf_type = iri(RDF, "type");
    if shapes.has(id, &rdf_type, &Term::NamedNode(iri(RDFS, "Class"))) {
        targets.push(Target::Class(id.clone()));
    }

    let mut constraints = Vec::new();
    for c in all("class") {
        constraints.push(Constraint::Class(c));
    }
    for d in all("datatype").iter().filter_map(|t| named(Some(t))) {
        constraints.push(Constraint::Datatype(d));
    }
    for k in all("nodeKind").iter().filter_map(|t| named(Some(t))) {
        constraints.push(Constraint::NodeKind(k));
    }
    if let Some(n) = number(get("minCount")) {
        constraints.push(Constraint::MinCount(n));
    }
    if let Some(n) = number(get("maxCount")) {
        constraints.push(Constraint::MaxCount(n));
    }
    for (p, make) in [
        (
            "minExclusive",
            Constraint::MinExclusive as fn(Term) -> Constraint,
        ),
        ("minInclusive", Constraint::MinInclusive),
        ("maxExclusive", Constraint::MaxExclusive),
        ("maxInclusive", Constraint::MaxInclusive),
        ("not", Constraint::Not),
        ("node", Constraint::Node),
        ("property", Constraint::Property),
        ("hasValue", Constraint::HasValue),
        ("sparql", Constraint::Sparql),
    ] {
        for value in all(p) {
            constraints.push(make(value));
        }
    }
    if let Some(n) = number(get("minLength")) {
        constraints.push(Constraint::MinLength(n));
    }
    if let Some(n) = number(get("maxLength")) {
        constraints.push(Constraint::MaxLength(n));
    }
    for pattern in all("pattern") {
        if let Term::Literal(l) = pattern {
            let flags = match get("flags") {
                Some(Term::Literal(f)) => Some(f.value().to_owned()),
                _ => None,
            };
            constraints.push(Constraint::Pattern {
                pattern: l.value().to_owned(),
                flags,
            });
        }
    }
    for languages in list("languageIn")? {
        constraints.push(Constraint::LanguageIn(
            languages
                .iter()
                .filter_map(|t| match t {
                    Term::Literal(l) => Some(l.value().to_owned()),
                    _ => None,
                })
                .collect(),
        ));
    }
    if matches!(get("uniqueLang"), Some(Term::Literal(l)) if l.value() == "true") {
        constraints.push(Constraint::UniqueLang);
    }
    for (p, make) in [
        ("equals", Constraint::Equals as fn(NamedNode) -> Constraint),
        ("disjoint", Constraint::Disjoint),
        ("lessThan", Constraint::LessThan),
        ("lessThanOrEquals", Constraint::LessThanOrEquals),
    ] {
        for value in all(p).iter().filter_map(|t| named(Some(t))) {
            constraints.push(make(value));
        }
    }
    for members in list("and")? {
        constraints.push(Constraint::And(members));
    }
    for members in list("or")? {
        constraints.push(Constraint::Or(members));
    }
    for members in list("xone")? {
        constraints.push(Constraint::Xone(members));
    }
    for shape in all("qualifiedValueShape") {
        constraints.push(Constraint::QualifiedValueShape {
            shape,
            min: number(get("qualifiedMinCount")),
            max: number(get("qualifiedMaxCount")),
            disjoint: matches!(get("qualifiedValueShapesDisjoint"), Some(Term::Literal(l)) if l.value() == "true"),
        });
    }
    if matches!(get("closed"), Some(Term::Literal(l)) if l.value() == "true") {
        constraints.push(Constraint::Closed {
            ignored: list("ignoredProperties")?.into_iter().flatten().collect(),
        });
    }
    for members in list("in")? {
        constraints.push(Constraint::In(members));
    }
    Ok(Shape {
        id: id.clone(),
        path,
        path_term,
        targets,
        constraints,
        severity: named(get("severity")).unwrap_or_else(|| sh("Violation")),
        messages: all("message")
            .into_iter()
            .filter_map(|t| match t {
                Term::Literal(l) => Some(l),
                _ => None,
            })
            .collect(),
        deactivated: matches!(get("deactivated"), Some(Term::Literal(l)) if l.value() == "true"),
    })
}
