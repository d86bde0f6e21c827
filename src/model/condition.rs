//! `sg:condition`: a SPARQL ASK over the spec's own data, run under the
//! deadline. A condition that calls SERVICE is undecided, never true.

use super::gates::Verdict;
use crate::load::SpecStore;
use oxigraph::sparql::{QueryResults, SparqlEvaluator};

/// The verdict of one condition and why.
pub(super) fn evaluate(
    condition: &str,
    parser: &spargebra::SparqlParser,
    evaluator: &SparqlEvaluator,
    store: &SpecStore,
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
    if crate::sparql::uses_service(&query) {
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
        .on_queryable_dataset(store.view())
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

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
