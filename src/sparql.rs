//! What a SPARQL query does, from its algebra: whether it calls a SERVICE
//! (a gate condition must not).

use spargebra::algebra::GraphPattern;

/// Whether `query` calls a SERVICE anywhere (inside EXISTS too).
pub fn uses_service(query: &spargebra::Query) -> bool {
    any_pattern(query, &|p| matches!(p, GraphPattern::Service { .. }))
}

/// Whether some graph pattern of `query` (inside EXISTS too) is one `test` accepts.
fn any_pattern(query: &spargebra::Query, test: &dyn Fn(&GraphPattern) -> bool) -> bool {
    match query {
        spargebra::Query::Select { pattern, .. }
        | spargebra::Query::Construct { pattern, .. }
        | spargebra::Query::Describe { pattern, .. }
        | spargebra::Query::Ask { pattern, .. } => in_pattern(pattern, test),
    }
}

fn in_pattern(pattern: &GraphPattern, test: &dyn Fn(&GraphPattern) -> bool) -> bool {
    use spargebra::algebra::{AggregateExpression, GraphPattern as G, OrderExpression};
    if test(pattern) {
        return true;
    }
    let in_expression = |e: &spargebra::algebra::Expression| in_expression(e, test);
    let in_pattern = |p: &GraphPattern| in_pattern(p, test);
    match pattern {
        G::Service { inner, .. } => in_pattern(inner),
        G::Bgp { .. } | G::Path { .. } | G::Values { .. } => false,
        G::Join { left, right }
        | G::Union { left, right }
        | G::Minus { left, right }
        | G::Lateral { left, right } => in_pattern(left) || in_pattern(right),
        G::LeftJoin {
            left,
            right,
            expression,
        } => {
            in_pattern(left) || in_pattern(right) || expression.as_ref().is_some_and(in_expression)
        }
        G::Filter { expr, inner } => in_expression(expr) || in_pattern(inner),
        G::Extend {
            inner, expression, ..
        } => in_expression(expression) || in_pattern(inner),
        G::OrderBy { inner, expression } => {
            in_pattern(inner)
                || expression.iter().any(|e| match e {
                    OrderExpression::Asc(e) | OrderExpression::Desc(e) => in_expression(e),
                })
        }
        G::Group {
            inner, aggregates, ..
        } => {
            in_pattern(inner)
                || aggregates.iter().any(|(_, a)| match a {
                    AggregateExpression::CountSolutions { .. } => false,
                    AggregateExpression::FunctionCall { expr, .. } => in_expression(expr),
                })
        }
        G::Graph { inner, .. }
        | G::Project { inner, .. }
        | G::Distinct { inner }
        | G::Reduced { inner }
        | G::Slice { inner, .. } => in_pattern(inner),
    }
}

fn in_expression(
    expression: &spargebra::algebra::Expression,
    test: &dyn Fn(&GraphPattern) -> bool,
) -> bool {
    use spargebra::algebra::Expression as E;
    let in_expression = |e: &spargebra::algebra::Expression| in_expression(e, test);
    match expression {
        E::Exists(pattern) => in_pattern(pattern, test),
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
        | E::Divide(a, b) => in_expression(a) || in_expression(b),
        E::UnaryPlus(a) | E::UnaryMinus(a) | E::Not(a) => in_expression(a),
        E::If(a, b, c) => [a, b, c].into_iter().any(|e| in_expression(e)),
        E::In(a, list) => in_expression(a) || list.iter().any(in_expression),
        E::Coalesce(list) | E::FunctionCall(_, list) => list.iter().any(in_expression),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(query: &str) -> spargebra::Query {
        crate::check::functions::declare_prefixes(spargebra::SparqlParser::new())
            .parse_query(query)
            .unwrap()
    }

    #[test]
    fn finds_a_service_inside_exists() {
        assert!(uses_service(&parse(
            "ASK { FILTER EXISTS { SERVICE <http://e/> { ?s ?p ?o } } }"
        )));
        assert!(!uses_service(&parse("ASK { ?s ?p ?o }")));
    }
}
