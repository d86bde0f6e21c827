//! Pre-binding by substitution: a pre-bound variable (`$this`, `$value`, a
//! parameter) is replaced by its IRI or literal everywhere in the query's
//! algebra, FILTERs and nested groups included, as SHACL-SPARQL's pre-binding
//! means.

use oxigraph::model::{Literal, Term};
use spargebra::algebra::GraphPattern;

pub(super) fn substitute_query(query: &mut spargebra::Query, name: &str, term: &Term) {
    match query {
        spargebra::Query::Select { pattern, .. } | spargebra::Query::Ask { pattern, .. } => {
            substitute_pattern(pattern, name, term)
        }
        _ => {}
    }
}

fn substitute_term_pattern(pattern: &mut spargebra::term::TermPattern, name: &str, term: &Term) {
    use spargebra::term::TermPattern;
    if matches!(pattern, TermPattern::Variable(v) if v.as_str() == name) {
        *pattern = match term {
            Term::NamedNode(n) => TermPattern::NamedNode(n.clone()),
            Term::Literal(l) => TermPattern::Literal(l.clone()),
            _ => return,
        };
    }
}

fn substitute_named_pattern(
    pattern: &mut spargebra::term::NamedNodePattern,
    name: &str,
    term: &Term,
) {
    use spargebra::term::NamedNodePattern;
    if let (NamedNodePattern::Variable(v), Term::NamedNode(n)) = (&*pattern, term) {
        if v.as_str() == name {
            *pattern = NamedNodePattern::NamedNode(n.clone());
        }
    }
}

fn substitute_pattern(pattern: &mut GraphPattern, name: &str, term: &Term) {
    use GraphPattern as G;
    match pattern {
        G::Bgp { patterns } => {
            for triple in patterns {
                substitute_term_pattern(&mut triple.subject, name, term);
                substitute_named_pattern(&mut triple.predicate, name, term);
                substitute_term_pattern(&mut triple.object, name, term);
            }
        }
        G::Path {
            subject, object, ..
        } => {
            substitute_term_pattern(subject, name, term);
            substitute_term_pattern(object, name, term);
        }
        G::Join { left, right } | G::Union { left, right } | G::Minus { left, right } => {
            substitute_pattern(left, name, term);
            substitute_pattern(right, name, term);
        }
        G::LeftJoin {
            left,
            right,
            expression,
        } => {
            substitute_pattern(left, name, term);
            substitute_pattern(right, name, term);
            if let Some(e) = expression {
                substitute_expression(e, name, term);
            }
        }
        G::Filter { expr, inner } => {
            substitute_expression(expr, name, term);
            substitute_pattern(inner, name, term);
        }
        G::Graph { name: graph, inner }
        | G::Service {
            name: graph, inner, ..
        } => {
            substitute_named_pattern(graph, name, term);
            substitute_pattern(inner, name, term);
        }
        G::Extend {
            inner, expression, ..
        } => {
            substitute_pattern(inner, name, term);
            substitute_expression(expression, name, term);
        }
        G::OrderBy { inner, expression } => {
            substitute_pattern(inner, name, term);
            for e in expression {
                match e {
                    spargebra::algebra::OrderExpression::Asc(e)
                    | spargebra::algebra::OrderExpression::Desc(e) => {
                        substitute_expression(e, name, term)
                    }
                }
            }
        }
        G::Project { inner, .. }
        | G::Distinct { inner }
        | G::Reduced { inner }
        | G::Slice { inner, .. }
        | G::Group { inner, .. } => substitute_pattern(inner, name, term),
        _ => {}
    }
}

fn substitute_expression(expression: &mut spargebra::algebra::Expression, name: &str, term: &Term) {
    use spargebra::algebra::Expression as E;
    match expression {
        E::Variable(v) if v.as_str() == name => {
            *expression = match term {
                Term::NamedNode(n) => E::NamedNode(n.clone()),
                Term::Literal(l) => E::Literal(l.clone()),
                _ => return,
            }
        }
        E::Bound(v) if v.as_str() == name => *expression = E::Literal(Literal::from(true)),
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
        | E::Divide(a, b) => {
            substitute_expression(a, name, term);
            substitute_expression(b, name, term);
        }
        E::In(a, list) => {
            substitute_expression(a, name, term);
            for e in list {
                substitute_expression(e, name, term);
            }
        }
        E::UnaryPlus(a) | E::UnaryMinus(a) | E::Not(a) => substitute_expression(a, name, term),
        E::Exists(pattern) => substitute_pattern(pattern, name, term),
        E::If(a, b, c) => {
            substitute_expression(a, name, term);
            substitute_expression(b, name, term);
            substitute_expression(c, name, term);
        }
        E::Coalesce(list) | E::FunctionCall(_, list) => {
            for e in list {
                substitute_expression(e, name, term);
            }
        }
        _ => {}
    }
}
