//! Shapes as data: every node shape and property shape of a shapes graph,
//! with its targets, path, severity, messages and constraints.

use super::graph::{iri, sh, Graph, RDF, SH};
use super::path::Path;
use super::Error;
use oxigraph::model::{Literal, NamedNode, NamedNodeRef, Term};
use rustc_hash::FxHashSet as HashSet;

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
pub fn all(shapes: &Graph) -> Result<Vec<Shape>, Error> {
    let rdf_type = iri(RDF, "type");
    let mut ids: Vec<Term> = Vec::new();
    let mut seen = HashSet::default();
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

/// The values of one shape node, by `sh:` property.
struct Node<'a> {
    shapes: &'a Graph,
    id: &'a Term,
    /// The node's `sh:` properties (local name, value), in the graph's
    /// order, read in one pass: a shape is asked for some forty parameters,
    /// and building each IRI and scanning the node's triples per parameter
    /// was half of compiling the vocabulary's shapes (0.55 ms a process).
    values: Vec<(&'a str, &'a Term)>,
}

impl<'a> Node<'a> {
    fn new(shapes: &'a Graph, id: &'a Term) -> Self {
        let values = shapes
            .outgoing(id)
            .filter_map(|(p, o)| Some((p.as_str().strip_prefix(SH)?, o)))
            .collect();
        Self { shapes, id, values }
    }
}

impl Node<'_> {
    fn get(&self, p: &str) -> Option<&Term> {
        self.values.iter().find(|(name, _)| *name == p).map(|v| v.1)
    }
    fn all(&self, p: &str) -> Vec<Term> {
        self.values
            .iter()
            .filter(|(name, _)| *name == p)
            .map(|(_, o)| (*o).clone())
            .collect()
    }
    fn named(&self, p: &str) -> Vec<NamedNode> {
        self.all(p).iter().filter_map(|t| named(Some(t))).collect()
    }
    fn number(&self, p: &str) -> Option<u64> {
        number(self.get(p))
    }
    fn is_true(&self, p: &str) -> bool {
        matches!(self.get(p), Some(Term::Literal(l)) if l.value() == "true")
    }
    /// Each value of `p`, an RDF list.
    fn lists(&self, p: &str) -> Result<Vec<Vec<Term>>, Error> {
        self.all(p)
            .iter()
            .map(|head| {
                self.shapes.list(head).ok_or_else(|| Error::NotAList {
                    property: p.to_owned(),
                    shape: self.id.to_string(),
                })
            })
            .collect()
    }

    fn targets(&self) -> Vec<Target> {
        let mut targets = Vec::new();
        targets.extend(self.all("targetNode").into_iter().map(Target::Node));
        targets.extend(self.all("targetClass").into_iter().map(Target::Class));
        targets.extend(
            self.named("targetSubjectsOf")
                .into_iter()
                .map(Target::SubjectsOf),
        );
        targets.extend(
            self.named("targetObjectsOf")
                .into_iter()
                .map(Target::ObjectsOf),
        );
        // An implicit class target: a shape that is also a class.
        // Built from constants, not `iri()`: formatting two IRIs per shape
        // was a fifth of reading the vocabulary's shapes.
        let class = Term::NamedNode(oxrdf::vocab::rdfs::CLASS.into_owned());
        if self
            .shapes
            .has(self.id, &oxrdf::vocab::rdf::TYPE.into_owned(), &class)
        {
            targets.push(Target::Class(self.id.clone()));
        }
        targets
    }

    /// The constraints on each value: kind, count, range, length, pattern,
    /// language, and the shapes a value must (not) conform to.
    fn value_constraints(&self, out: &mut Vec<Constraint>) -> Result<(), Error> {
        out.extend(self.all("class").into_iter().map(Constraint::Class));
        out.extend(self.named("datatype").into_iter().map(Constraint::Datatype));
        out.extend(self.named("nodeKind").into_iter().map(Constraint::NodeKind));
        out.extend(self.number("minCount").map(Constraint::MinCount));
        out.extend(self.number("maxCount").map(Constraint::MaxCount));
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
            out.extend(self.all(p).into_iter().map(make));
        }
        out.extend(self.number("minLength").map(Constraint::MinLength));
        out.extend(self.number("maxLength").map(Constraint::MaxLength));
        let flags = match self.get("flags") {
            Some(Term::Literal(f)) => Some(f.value().to_owned()),
            _ => None,
        };
        for pattern in self.all("pattern") {
            if let Term::Literal(l) = pattern {
                out.push(Constraint::Pattern {
                    pattern: l.value().to_owned(),
                    flags: flags.clone(),
                });
            }
        }
        for languages in self.lists("languageIn")? {
            let tags = languages.iter().filter_map(|t| match t {
                Term::Literal(l) => Some(l.value().to_owned()),
                _ => None,
            });
            out.push(Constraint::LanguageIn(tags.collect()));
        }
        if self.is_true("uniqueLang") {
            out.push(Constraint::UniqueLang);
        }
        Ok(())
    }

    /// The constraints between properties, over lists of shapes or values,
    /// qualified counts and closed shapes.
    fn other_constraints(&self, out: &mut Vec<Constraint>) -> Result<(), Error> {
        for (p, make) in [
            ("equals", Constraint::Equals as fn(NamedNode) -> Constraint),
            ("disjoint", Constraint::Disjoint),
            ("lessThan", Constraint::LessThan),
            ("lessThanOrEquals", Constraint::LessThanOrEquals),
        ] {
            out.extend(self.named(p).into_iter().map(make));
        }
        out.extend(self.lists("and")?.into_iter().map(Constraint::And));
        out.extend(self.lists("or")?.into_iter().map(Constraint::Or));
        out.extend(self.lists("xone")?.into_iter().map(Constraint::Xone));
        for shape in self.all("qualifiedValueShape") {
            out.push(Constraint::QualifiedValueShape {
                shape,
                min: self.number("qualifiedMinCount"),
                max: self.number("qualifiedMaxCount"),
                disjoint: self.is_true("qualifiedValueShapesDisjoint"),
            });
        }
        if self.is_true("closed") {
            let ignored = self.lists("ignoredProperties")?.into_iter().flatten();
            out.push(Constraint::Closed {
                ignored: ignored.collect(),
            });
        }
        out.extend(self.lists("in")?.into_iter().map(Constraint::In));
        Ok(())
    }
}

fn read(shapes: &Graph, id: &Term) -> Result<Shape, Error> {
    let node = Node::new(shapes, id);
    let path_term = node.get("path").cloned();
    let path = path_term
        .as_ref()
        .map(|t| Path::parse(shapes, t))
        .transpose()?;
    let mut constraints = Vec::new();
    node.value_constraints(&mut constraints)?;
    node.other_constraints(&mut constraints)?;
    let messages = node.all("message").into_iter().filter_map(|t| match t {
        Term::Literal(l) => Some(l),
        _ => None,
    });
    Ok(Shape {
        id: id.clone(),
        path,
        path_term,
        targets: node.targets(),
        constraints,
        severity: named(node.get("severity")).unwrap_or_else(|| {
            NamedNodeRef::new_unchecked("http://www.w3.org/ns/shacl#Violation").into_owned()
        }),
        messages: messages.collect(),
        deactivated: node.is_true("deactivated"),
    })
}
