//! SHACL-SPARQL: `sh:sparql` constraints and SPARQL-based constraint
//! components, run by oxigraph over the data graph, with `$this`, `$value`,
//! `$currentShape`, `$shapesGraph` and the component's parameters pre-bound
//! and `$PATH` replaced by the shape's path.

use super::graph::{iri, sh, Graph};
use super::path::Path;
use super::shape::Shape;
use super::substitute::substitute_query;
use super::validate::ValidationResult;
use super::Error;
use oxigraph::model::{GraphName, Literal, NamedNode, Quad, Term, Triple};
use oxigraph::sparql::{QueryResults, SparqlEvaluator, Variable};
use oxigraph::store::Store;
use spargebra::algebra::GraphPattern;

/// The named graph holding the shapes, bound to `$shapesGraph`.
const SHAPES_GRAPH: &str = "urn:specgraph:shapes-graph";

pub struct Engine {
    store: Store,
}

/// A SPARQL query of a constraint or validator, ready to run.
#[derive(Debug, Clone)]
pub struct Query {
    parsed: spargebra::Query,
    /// The pre-bound variables the query mentions: only these are bound.
    mentions: Vec<String>,
    /// The variables the query itself returns (before pre-bound ones were added).
    returns: Vec<String>,
    messages: Vec<Literal>,
    /// The node of the sh:SPARQLConstraint or validator (results cite it).
    pub node: Term,
}

/// A SPARQL-based constraint component.
#[derive(Debug, Clone)]
pub struct Component {
    pub id: NamedNode,
    /// (parameter property, optional?)
    parameters: Vec<(NamedNode, bool)>,
    validator: Option<(Term, bool)>,
    node_validator: Option<Term>,
    property_validator: Option<Term>,
}

impl Engine {
    pub fn new(
        data: impl Iterator<Item = Triple>,
        shapes: impl Iterator<Item = Triple>,
    ) -> Result<Self, Error> {
        let store = Store::new().map_err(|e| Error::Evaluation(e.to_string()))?;
        let graph = GraphName::NamedNode(NamedNode::new_unchecked(SHAPES_GRAPH));
        store
            .extend(
                data.map(|t| Quad::new(t.subject, t.predicate, t.object, GraphName::DefaultGraph))
                    .chain(
                        shapes.map(|t| Quad::new(t.subject, t.predicate, t.object, graph.clone())),
                    ),
            )
            .map_err(|e| Error::Evaluation(e.to_string()))?;
        Ok(Self { store })
    }

    fn run(
        &self,
        query: &Query,
        bindings: &[(&str, Term)],
    ) -> Result<(crate::deadline::Deadline, QueryResults<'static>), Error> {
        // IRIs and literals replace the variable in the query itself (so it is
        // bound in FILTERs and nested groups too, as pre-binding means); a blank
        // node cannot be written in a query, so it becomes an initial binding.
        let mut parsed = query.parsed.clone();
        let mut initial = Vec::new();
        for (name, term) in bindings
            .iter()
            .filter(|(n, _)| query.mentions.iter().any(|m| m == n))
        {
            match term {
                Term::NamedNode(_) | Term::Literal(_) => substitute_query(&mut parsed, name, term),
                _ => initial.push((Variable::new_unchecked(*name), term.clone())),
            }
        }
        // The query is the user's: it runs under the query time limit, and
        // the deadline lives as long as its (lazy) results.
        let deadline = crate::deadline::Deadline::start();
        let mut prepared = deadline
            .evaluator(&SparqlEvaluator::new())
            .for_query(parsed);
        for (variable, term) in initial {
            prepared = prepared.substitute_variable(variable, term);
        }
        let results = prepared
            .on_store(&self.store)
            .execute()
            .map_err(|e| Error::Evaluation(deadline.describe(&e)))?;
        Ok((deadline, results))
    }

    /// Runs a SELECT constraint (or validator) for one focus node.
    #[allow(clippy::too_many_arguments)]
    pub fn select(
        &self,
        query: &Query,
        shape: &Shape,
        focus: &Term,
        component: &NamedNode,
        extra: &[(String, Term)],
        out: &mut Vec<ValidationResult>,
    ) -> Result<(), Error> {
        let bindings = pre_bound(shape, focus, None, extra);
        let (deadline, QueryResults::Solutions(solutions)) = self.run(query, &bindings)? else {
            return Err(Error::NotSelect);
        };
        for solution in solutions {
            let solution = solution.map_err(|e| Error::Evaluation(deadline.describe(&e)))?;
            if matches!(solution.get("failure"), Some(Term::Literal(l)) if l.value() == "true") {
                return Err(Error::ReportedFailure(query.node.to_string()));
            }
            let returned = |name: &str| {
                query
                    .returns
                    .iter()
                    .any(|r| r == name)
                    .then(|| solution.get(name))
                    .flatten()
            };
            let focus_node = solution
                .get("this")
                .cloned()
                .unwrap_or_else(|| focus.clone());
            let value = returned("value")
                .cloned()
                .or_else(|| shape.path.is_none().then(|| focus_node.clone()));
            let path = match returned("path") {
                Some(p @ Term::NamedNode(_)) => Some(p.clone()),
                _ => shape.path_term.clone(),
            };
            let lookup = |name: &str| -> Option<Term> {
                solution.get(name).cloned().or_else(|| {
                    bindings
                        .iter()
                        .find(|(n, _)| *n == name)
                        .map(|(_, t)| t.clone())
                })
            };
            let messages = messages(&query.messages, &shape.messages, &lookup);
            out.push(ValidationResult {
                focus: focus_node,
                path,
                value,
                source_shape: shape.id.clone(),
                component: component.clone(),
                severity: shape.severity.clone(),
                messages,
            });
        }
        Ok(())
    }

    /// Runs an ASK validator for one value node; false is a result.
    #[allow(clippy::too_many_arguments)]
    pub fn ask(
        &self,
        query: &Query,
        shape: &Shape,
        focus: &Term,
        value: &Term,
        component: &NamedNode,
        extra: &[(String, Term)],
        out: &mut Vec<ValidationResult>,
    ) -> Result<(), Error> {
        let bindings = pre_bound(shape, focus, Some(value), extra);
        let (_deadline, QueryResults::Boolean(holds)) = self.run(query, &bindings)? else {
            return Err(Error::NotAsk);
        };
        if !holds {
            let lookup = |name: &str| {
                bindings
                    .iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, t)| t.clone())
            };
            out.push(ValidationResult {
                focus: focus.clone(),
                path: shape.path_term.clone(),
                value: Some(value.clone()),
                source_shape: shape.id.clone(),
                component: component.clone(),
                severity: shape.severity.clone(),
                messages: messages(&query.messages, &shape.messages, &lookup),
            });
        }
        Ok(())
    }
}

/// The pre-bound variables of a query: `$this`, `$value` (for ASK
/// validators), `$currentShape`, `$shapesGraph` and the component's parameters.
fn pre_bound<'a>(
    shape: &Shape,
    focus: &Term,
    value: Option<&Term>,
    parameters: &'a [(String, Term)],
) -> Vec<(&'a str, Term)> {
    let mut bindings: Vec<(&str, Term)> = vec![
        ("this", focus.clone()),
        ("currentShape", shape.id.clone()),
        (
            "shapesGraph",
            Term::NamedNode(NamedNode::new_unchecked(SHAPES_GRAPH)),
        ),
    ];
    if let Some(value) = value {
        bindings.push(("value", value.clone()));
    }
    bindings.extend(parameters.iter().map(|(n, t)| (n.as_str(), t.clone())));
    bindings
}

/// `{?name}` and `{$name}` in messages replaced by the bound values.
fn messages(
    own: &[Literal],
    shape: &[Literal],
    lookup: &dyn Fn(&str) -> Option<Term>,
) -> Vec<Literal> {
    let source = if own.is_empty() { shape } else { own };
    source
        .iter()
        .map(|m| {
            let mut text = m.value().to_owned();
            while let Some(start) = text.find("{?").or_else(|| text.find("{$")) {
                let Some(len) = text[start..].find('}') else {
                    break;
                };
                let name = &text[start + 2..start + len];
                let value = lookup(name).map(|t| match t {
                    Term::Literal(l) => l.value().to_owned(),
                    Term::NamedNode(n) => n.as_str().to_owned(),
                    other => other.to_string(),
                });
                text.replace_range(start..start + len + 1, &value.unwrap_or_default());
            }
            match m.language() {
                Some(lang) => Literal::new_language_tagged_literal_unchecked(text, lang),
                None => Literal::new_simple_literal(text),
            }
        })
        .collect()
}

/// `PREFIX` declarations from `sh:prefixes` (each `sh:declare` with
/// `sh:prefix` and `sh:namespace`).
fn prefix_declarations(shapes: &Graph, node: &Term) -> String {
    let mut out = String::new();
    // A prefixes node may import other ontologies' declarations (owl:imports).
    let imports = iri("http://www.w3.org/2002/07/owl#", "imports");
    let mut sources: Vec<Term> = shapes.objects(node, &sh("prefixes")).cloned().collect();
    let mut seen = rustc_hash::FxHashSet::default();
    while let Some(prefixes) = sources.pop() {
        if !seen.insert(prefixes.clone()) {
            continue;
        }
        sources.extend(shapes.objects(&prefixes, &imports).cloned());
        for declaration in shapes.objects(&prefixes, &sh("declare")) {
            let prefix = shapes.object(declaration, &sh("prefix"));
            let namespace = shapes.object(declaration, &sh("namespace"));
            if let (Some(Term::Literal(p)), Some(Term::Literal(n))) = (prefix, namespace) {
                out.push_str(&format!("PREFIX {}: <{}>\n", p.value(), n.value()));
            }
        }
    }
    out
}

/// Reads the query of a constraint or validator node (`sh:select` or `sh:ask`),
/// with `$PATH` replaced when the shape has a path, and refuses what SHACL
/// forbids around pre-bound variables.
pub fn query(shapes: &Graph, node: &Term, path: Option<&Path>) -> Result<Query, Error> {
    let text = match (
        shapes.object(node, &sh("select")),
        shapes.object(node, &sh("ask")),
    ) {
        (Some(Term::Literal(l)), _) | (None, Some(Term::Literal(l))) => l.value().to_owned(),
        _ => return Err(Error::NoQuery(node.to_string())),
    };
    let text = match path {
        Some(path) => text.replace("$PATH", &path.to_sparql(&|iri| format!("<{iri}>"))),
        None => text,
    };
    let full = format!("{}{text}", prefix_declarations(shapes, node));
    let mut parsed = spargebra::SparqlParser::new()
        .parse_query(&full)
        .map_err(|e| Error::QuerySyntax {
            node: node.to_string(),
            message: e.to_string(),
        })?;
    // Pre-bound variables (and component parameters) are bound as initial
    // values of the query's outermost projection: project the ones it mentions.
    let mentions: Vec<String> = variables_in(&text);
    let mut returns = Vec::new();
    if let spargebra::Query::Select { pattern, .. } = &mut parsed {
        if let Some(projected) = projection(pattern) {
            returns = projected.iter().map(|v| v.as_str().to_owned()).collect();
            for name in &mentions {
                let variable = Variable::new_unchecked(name.as_str());
                if !projected.contains(&variable) {
                    projected.push(variable);
                }
            }
        }
    }
    let pattern = match &parsed {
        spargebra::Query::Select { pattern, .. } | spargebra::Query::Ask { pattern, .. } => pattern,
        _ => return Err(Error::QueryForm(node.to_string())),
    };
    let pre_bound: Vec<&str> = PRE_BOUND
        .iter()
        .copied()
        .filter(|v| variables_in(&text).iter().any(|m| m == v))
        .collect();
    check_supported(pattern, true, &pre_bound)?;
    Ok(Query {
        parsed,
        mentions,
        returns,
        messages: shapes
            .objects(node, &sh("message"))
            .filter_map(|t| match t {
                Term::Literal(l) => Some(l.clone()),
                _ => None,
            })
            .collect(),
        node: node.clone(),
    })
}

const PRE_BOUND: &[&str] = &["this", "value", "currentShape", "shapesGraph", "PATH"];

/// SHACL-SPARQL forbids MINUS, VALUES, SERVICE, reassigning a pre-bound
/// variable, and a nested SELECT that does not return every pre-bound
/// variable the query uses (pre-binding would not mean what it says).
fn check_supported(pattern: &GraphPattern, top: bool, pre_bound: &[&str]) -> Result<(), Error> {
    use GraphPattern as G;
    let recurse = |p: &GraphPattern| check_supported(p, false, pre_bound);
    match pattern {
        G::Minus { .. } => Err(Error::Forbidden("MINUS")),
        G::Values { .. } => Err(Error::Forbidden("VALUES")),
        G::Service { .. } => Err(Error::Forbidden("SERVICE")),
        G::Project { inner, .. } if top => recurse(inner),
        G::Project { inner, variables } => {
            if let Some(missing) = pre_bound
                .iter()
                .find(|v| !variables.iter().any(|x| x.as_str() == **v))
            {
                return Err(Error::NestedSelect((*missing).to_owned()));
            }
            recurse(inner)
        }
        G::Extend {
            inner, variable, ..
        } => {
            if PRE_BOUND.contains(&variable.as_str()) {
                return Err(Error::PreBoundAssigned(variable.as_str().to_owned()));
            }
            recurse(inner)
        }
        G::Join { left, right } | G::LeftJoin { left, right, .. } | G::Union { left, right } => {
            recurse(left)?;
            recurse(right)
        }
        G::Filter { inner, .. }
        | G::Graph { inner, .. }
        | G::OrderBy { inner, .. }
        | G::Distinct { inner }
        | G::Reduced { inner }
        | G::Slice { inner, .. }
        | G::Group { inner, .. } => check_supported(inner, top, pre_bound),
        _ => Ok(()),
    }
}

/// Every SPARQL-based constraint component of the shapes graph.
pub fn components(shapes: &Graph) -> Vec<Component> {
    shapes
        .instances(&Term::NamedNode(sh("ConstraintComponent")))
        .into_iter()
        .filter_map(|c| match c {
            Term::NamedNode(id) => Some(id.clone()),
            _ => None,
        })
        .map(|id| {
            let node = Term::NamedNode(id.clone());
            let parameters = shapes
                .objects(&node, &sh("parameter"))
                .filter_map(|p| {
                    let path = match shapes.object(p, &sh("path")) {
                        Some(Term::NamedNode(n)) => n.clone(),
                        _ => return None,
                    };
                    let optional = matches!(shapes.object(p, &sh("optional")), Some(Term::Literal(l)) if l.value() == "true");
                    Some((path, optional))
                })
                .collect();
            let validator = shapes.object(&node, &sh("validator")).map(|v| {
                let is_ask = shapes.object(v, &sh("ask")).is_some();
                (v.clone(), is_ask)
            });
            Component {
                parameters,
                validator,
                node_validator: shapes.object(&node, &sh("nodeValidator")).cloned(),
                property_validator: shapes.object(&node, &sh("propertyValidator")).cloned(),
                id,
            }
        })
        .collect()
}

impl Component {
    /// The parameter bindings when `shape` uses this component (all required
    /// parameters have a value), else `None`.
    pub fn bindings(&self, shapes: &Graph, shape: &Shape) -> Option<Vec<(String, Term)>> {
        let mut out = Vec::new();
        for (parameter, optional) in &self.parameters {
            match shapes.object(&shape.id, parameter) {
                Some(value) => out.push((
                    crate::load::local_name(parameter.as_str()).to_owned(),
                    value.clone(),
                )),
                None if *optional => {}
                None => return None,
            }
        }
        (!self.parameters.is_empty()).then_some(out)
    }

    /// The validator to use for `shape`: (node, is ASK).
    pub fn validator_for(&self, shape: &Shape, shapes: &Graph) -> Option<(Term, bool)> {
        let specific = if shape.path.is_some() {
            &self.property_validator
        } else {
            &self.node_validator
        };
        match specific {
            Some(v) => Some((v.clone(), shapes.object(v, &sh("ask")).is_some())),
            None => self.validator.clone(),
        }
    }
}

/// Every `$name` or `?name` in a query text.
fn variables_in(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'$' || bytes[i] == b'?' {
            let start = i + 1;
            let mut end = start;
            while end < bytes.len() && (bytes[end].is_ascii_alphanumeric() || bytes[end] == b'_') {
                end += 1;
            }
            if end > start {
                let name = text[start..end].to_owned();
                if !out.contains(&name) {
                    out.push(name);
                }
            }
            i = end;
        } else {
            i += 1;
        }
    }
    out
}

/// The variable list of a SELECT's outermost projection.
fn projection(pattern: &mut GraphPattern) -> Option<&mut Vec<Variable>> {
    match pattern {
        GraphPattern::Project { variables, .. } => Some(variables),
        GraphPattern::Distinct { inner }
        | GraphPattern::Reduced { inner }
        | GraphPattern::Slice { inner, .. }
        | GraphPattern::OrderBy { inner, .. } => projection(inner),
        _ => None,
    }
}
