//! `sg:condition`: a SPARQL ASK over the spec's own data, run under the
//! deadline. A condition that calls SERVICE is undecided, never true.

use super::gates::Verdict;
use oxigraph::sparql::{QueryResults, SparqlEvaluator};
use oxigraph::store::Store;

/// The verdict of one condition and why.
pub(super) fn evaluate(
    condition: &str,
    parser: &spargebra::SparqlParser,
    evaluator: &SparqlEvaluator,
    store: &Store,
) -> (Verdict, String) {
    let query = match parser.clone().parse_query(condition) {
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
            "sg:condition must not use SERVICE: a gate is decided by the spec's own data".into(),
        );
    }
    let deadline = crate::deadline::Deadline::start();
    match deadline
        .evaluator(evaluator)
        .for_query(query)
        .on_store(store)
        .execute()
    {
        Ok(QueryResults::Boolean(true)) => (Verdict::Holds, "the condition holds".into()),
        Ok(QueryResults::Boolean(false)) => (Verdict::Fails, "the condition does not hold".into()),
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
