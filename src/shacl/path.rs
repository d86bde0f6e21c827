//! SHACL property paths: a predicate, an inverse, a sequence, alternatives,
//! and the `*`, `+` and `?` repetitions.

use super::graph::{sh, Graph};
use super::Error;
use oxigraph::model::{NamedNode, Term};
use rustc_hash::FxHashSet as HashSet;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Path {
    Predicate(NamedNode),
    Inverse(Box<Path>),
    Sequence(Vec<Path>),
    Alternative(Vec<Path>),
    ZeroOrMore(Box<Path>),
    OneOrMore(Box<Path>),
    ZeroOrOne(Box<Path>),
}

impl Path {
    /// Reads the path whose node is `term` in the shapes graph.
    pub fn parse(shapes: &Graph, term: &Term) -> Result<Self, Error> {
        Self::parse_depth(shapes, term, 0)
    }

    fn parse_depth(shapes: &Graph, term: &Term, depth: usize) -> Result<Self, Error> {
        if depth > 32 {
            return Err(Error::PathTooDeep);
        }
        let inner = |predicate: &str| -> Result<Option<Box<Path>>, Error> {
            shapes
                .object(term, &sh(predicate))
                .map(|t| Self::parse_depth(shapes, t, depth + 1).map(Box::new))
                .transpose()
        };
        match term {
            Term::NamedNode(n) => Ok(Path::Predicate(n.clone())),
            Term::BlankNode(_) => {
                // A list is a sequence path, whatever else the node says (as the W3C suite expects).
                if let Some(members) = shapes.list(term) {
                    if members.len() < 2 {
                        return Err(Error::ShortSequence);
                    }
                    return Ok(Path::Sequence(
                        members
                            .iter()
                            .map(|m| Self::parse_depth(shapes, m, depth + 1))
                            .collect::<Result<_, _>>()?,
                    ));
                }
                if let Some(p) = inner("inversePath")? {
                    return Ok(Path::Inverse(p));
                }
                if let Some(p) = inner("zeroOrMorePath")? {
                    return Ok(Path::ZeroOrMore(p));
                }
                if let Some(p) = inner("oneOrMorePath")? {
                    return Ok(Path::OneOrMore(p));
                }
                if let Some(p) = inner("zeroOrOnePath")? {
                    return Ok(Path::ZeroOrOne(p));
                }
                if let Some(list) = shapes.object(term, &sh("alternativePath")) {
                    let members = shapes.list(list).ok_or(Error::AlternativeNotList)?;
                    return Ok(Path::Alternative(
                        members
                            .iter()
                            .map(|m| Self::parse_depth(shapes, m, depth + 1))
                            .collect::<Result<_, _>>()?,
                    ));
                }
                Err(Error::NotAPath(term.to_string()))
            }
            _ => Err(Error::NotAPath(term.to_string())),
        }
    }

    /// The path in SPARQL property-path syntax (`^ex:knows`, `ex:p/ex:q`), with
    /// IRIs written by `iri` (full `<…>` or compacted).
    pub fn to_sparql(&self, iri: &dyn Fn(&str) -> String) -> String {
        let group = |p: &Path| match p {
            Path::Predicate(_) | Path::Inverse(_) => p.to_sparql(iri),
            other => format!("({})", other.to_sparql(iri)),
        };
        match self {
            Path::Predicate(p) => iri(p.as_str()),
            Path::Inverse(p) => format!("^{}", group(p)),
            Path::Sequence(steps) => steps.iter().map(group).collect::<Vec<_>>().join("/"),
            Path::Alternative(options) => options.iter().map(group).collect::<Vec<_>>().join("|"),
            Path::ZeroOrMore(p) => format!("{}*", group(p)),
            Path::OneOrMore(p) => format!("{}+", group(p)),
            Path::ZeroOrOne(p) => format!("{}?", group(p)),
        }
    }

    /// The nodes reached from `focus`, without repeats, in a stable order.
    pub fn values(&self, data: &Graph, focus: &Term) -> Vec<Term> {
        if let Path::Predicate(p) = self {
            // The graph holds no repeated triple: a predicate's objects are distinct.
            return data.objects(focus, p).cloned().collect();
        }
        let mut out = Vec::new();
        let mut seen = HashSet::default();
        for value in self.reach(data, focus) {
            if seen.insert(value.clone()) {
                out.push(value);
            }
        }
        out
    }

    fn reach(&self, data: &Graph, focus: &Term) -> Vec<Term> {
        match self {
            Path::Predicate(p) => data.objects(focus, p).cloned().collect(),
            Path::Inverse(inner) => match inner.as_ref() {
                Path::Predicate(p) => data.subjects(p, focus).collect(),
                other => {
                    // The inverse of a complex path: the nodes from which it reaches `focus`.
                    let candidates: Vec<Term> = data
                        .nodes()
                        .cloned()
                        .collect::<HashSet<_>>()
                        .into_iter()
                        .collect();
                    candidates
                        .into_iter()
                        .filter(|c| other.reach(data, c).contains(focus))
                        .collect()
                }
            },
            Path::Sequence(steps) => {
                let mut current = vec![focus.clone()];
                for step in steps {
                    let mut next = Vec::new();
                    let mut seen = HashSet::default();
                    for node in &current {
                        for value in step.reach(data, node) {
                            if seen.insert(value.clone()) {
                                next.push(value);
                            }
                        }
                    }
                    current = next;
                }
                current
            }
            Path::Alternative(options) => {
                options.iter().flat_map(|o| o.reach(data, focus)).collect()
            }
            Path::ZeroOrMore(inner) => closure(data, inner, focus, true),
            Path::OneOrMore(inner) => closure(data, inner, focus, false),
            Path::ZeroOrOne(inner) => {
                let mut out = vec![focus.clone()];
                out.extend(inner.reach(data, focus));
                out
            }
        }
    }
}

fn closure(data: &Graph, inner: &Path, focus: &Term, include_focus: bool) -> Vec<Term> {
    let mut out = Vec::new();
    let mut seen = HashSet::default();
    if include_focus {
        seen.insert(focus.clone());
        out.push(focus.clone());
    }
    let mut stack = vec![focus.clone()];
    while let Some(node) = stack.pop() {
        for value in inner.reach(data, &node) {
            if seen.insert(value.clone()) {
                out.push(value.clone());
                stack.push(value);
            }
        }
    }
    out
}
