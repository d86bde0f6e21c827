//! `spec query [SPEC] QUERY`: ad-hoc SPARQL over one spec — its files and
//! evidence (the default graph), the vocabulary and the computed facts (named
//! graphs) — with the vocabulary's and the spec's prefixes declared.

use crate::check::{check_spec, functions};
use crate::cli::{QueryArgs, QueryFormat};
use crate::failure::Failure;
use crate::load::load_spec;
use crate::pipeline::Session;
use crate::terminal::EXIT_OK;
use oxigraph::model::Term;
use oxigraph::sparql::QueryResults;
use sparesults::{QueryResultsFormat, QueryResultsSerializer};
use std::path::PathBuf;

pub fn run(args: &QueryArgs) -> Result<u8, Failure> {
    if args.endpoint.endpoint.is_some() {
        return remote(args);
    }
    let mut session = Session::open(&args.workspace)?;
    // With --file every argument names a spec; without, the last one is the query.
    let (specs, text, origin) = match &args.file {
        Some(file) => {
            let text = std::fs::read_to_string(file).map_err(|e| {
                Failure::new(format!(
                    "cannot read {}: {e}",
                    crate::load::display_path(file)
                ))
            })?;
            (args.args.clone(), text, crate::load::display_path(file))
        }
        None => {
            let Some((query, specs)) = args.args.split_last() else {
                return Err(Failure::new("give a query, or --file FILE")
                    .with_help("e.g. spec query 007 'SELECT ?task WHERE { ?task a sg:Task }'"));
            };
            (specs.to_vec(), query.clone(), "the query".to_owned())
        }
    };
    let specs: Vec<PathBuf> = specs.iter().map(PathBuf::from).collect();
    let dirs = session.workspace.resolve(&specs)?;
    let [dir] = dirs.as_slice() else {
        let names: Vec<String> = dirs.iter().map(|d| crate::load::display_path(d)).collect();
        return Err(Failure::new(format!(
            "the query needs one spec; the workspace has {}",
            dirs.len()
        ))
        .with_help(format!("name one: {}", names.join(", "))));
    };
    session.check.parallel_rules = true;
    let spec = load_spec(dir, &session.load)?;
    // Checking adds the computed facts (gate states, schedule, …) to the store.
    let checked = check_spec(spec, &session.rules, &session.check)?;
    let prefixes = checked.functions.prefixes();
    let query = prefixes
        .declare(spargebra::SparqlParser::new())
        .parse_query(&text)
        .map_err(|e| syntax_failure(&e.to_string(), &origin, &text))?;
    let deadline = crate::deadline::Deadline::start();
    let failed = |e: oxigraph::sparql::QueryEvaluationError| {
        Failure::new(format!("the query failed: {}", deadline.describe(&e)))
    };
    let results = deadline
        .evaluator(&checked.evaluator())
        .for_query(query)
        .on_queryable_dataset(checked.graph.store.view())
        .execute()
        .map_err(failed)?;
    crate::terminal::print(&present(results, args.format, prefixes, &|e| {
        deadline.describe(e)
    })?);
    Ok(EXIT_OK)
}

/// `spec query --endpoint URL QUERY`: the query runs in the store, and its
/// results are printed as a local query's are.
#[cfg(feature = "endpoint")]
fn remote(args: &QueryArgs) -> Result<u8, Failure> {
    let store = super::publish::endpoint(&args.endpoint)?;
    let (text, origin) = match (&args.file, args.args.as_slice()) {
        (Some(file), []) => (
            std::fs::read_to_string(file).map_err(|e| {
                Failure::new(format!("cannot read {}: {e}", crate::load::display_path(file)))
            })?,
            crate::load::display_path(file),
        ),
        (None, [query]) => (query.clone(), "the query".to_owned()),
        _ => {
            return Err(Failure::new(
                "with --endpoint, give the query alone (or --file FILE): it runs on the store, not on a spec",
            ))
        }
    };
    let prefixes = crate::check::functions::Prefixes::from_pairs(Vec::new());
    // Parsed here, with the standard prefixes, so a syntax error is located
    // before anything is sent; sent with full IRIs.
    let query = prefixes
        .declare(spargebra::SparqlParser::new())
        .parse_query(&text)
        .map_err(|e| syntax_failure(&e.to_string(), &origin, &text))?;
    let graph = matches!(
        query,
        spargebra::Query::Construct { .. } | spargebra::Query::Describe { .. }
    );
    let accept = if graph {
        "application/n-triples"
    } else {
        "application/sparql-results+json"
    };
    let body = store.query(&query.to_string(), accept)?;
    let unreadable =
        |e: &dyn std::fmt::Display| Failure::new(format!("the store's answer cannot be read: {e}"));
    let results = if graph {
        let triples: Vec<Result<oxigraph::model::Triple, oxigraph::sparql::QueryEvaluationError>> =
            oxttl::NTriplesParser::new()
                .for_slice(body.as_bytes())
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| unreadable(&e))?
                .into_iter()
                .map(Ok)
                .collect();
        QueryResults::Graph(oxigraph::sparql::QueryTripleIter::new(triples.into_iter()))
    } else {
        let parsed = sparesults::QueryResultsParser::from_format(QueryResultsFormat::Json)
            .for_slice(body.as_bytes())
            .map_err(|e| unreadable(&e))?;
        match parsed {
            sparesults::SliceQueryResultsParserOutput::Boolean(answer) => {
                QueryResults::Boolean(answer)
            }
            sparesults::SliceQueryResultsParserOutput::Solutions(solutions) => {
                let variables: std::sync::Arc<[oxigraph::sparql::Variable]> =
                    solutions.variables().to_vec().into();
                let rows: Vec<oxigraph::sparql::QuerySolution> = solutions
                    .collect::<Result<_, _>>()
                    .map_err(|e| unreadable(&e))?;
                QueryResults::Solutions(oxigraph::sparql::QuerySolutionIter::new(
                    variables,
                    rows.into_iter().map(Ok),
                ))
            }
        }
    };
    crate::terminal::print(&present(
        results,
        args.format,
        &prefixes,
        &ToString::to_string,
    )?);
    Ok(EXIT_OK)
}

#[cfg(not(feature = "endpoint"))]
fn remote(_: &QueryArgs) -> Result<u8, Failure> {
    Err(Failure::new(
        "this spec was built without the `endpoint` feature: --endpoint is not available",
    ))
}

/// Query results as the user asked for them: Turtle for a graph, a table,
/// or a SPARQL results format.
fn present(
    results: QueryResults<'_>,
    format: QueryFormat,
    prefixes: &crate::check::functions::Prefixes,
    describe: &dyn Fn(&oxigraph::sparql::QueryEvaluationError) -> String,
) -> Result<String, Failure> {
    let failed = |e: oxigraph::sparql::QueryEvaluationError| {
        Failure::new(format!("the query failed: {}", describe(&e)))
    };
    let output = match results {
        QueryResults::Graph(triples) => {
            let mut serializer = oxttl::TurtleSerializer::new();
            for (prefix, iri) in prefixes.pairs() {
                // A namespace that is not a valid IRI is simply not abbreviated.
                if let Ok(with) = serializer.clone().with_prefix(prefix, iri) {
                    serializer = with;
                }
            }
            let mut writer = serializer.for_writer(Vec::new());
            for triple in triples {
                let triple = triple.map_err(failed)?;
                writer
                    .serialize_triple(&triple)
                    .map_err(|e| Failure::new(format!("cannot write Turtle: {e}")))?;
            }
            let bytes = writer
                .finish()
                .map_err(|e| Failure::new(format!("cannot write Turtle: {e}")))?;
            String::from_utf8_lossy(&bytes).into_owned()
        }
        QueryResults::Boolean(answer) => match format {
            QueryFormat::Table => format!("{answer}\n"),
            format => {
                let bytes = QueryResultsSerializer::from_format(results_format(format))
                    .serialize_boolean_to_writer(Vec::new(), answer)
                    .map_err(|e| Failure::new(format!("cannot write the results: {e}")))?;
                with_newline(bytes)
            }
        },
        QueryResults::Solutions(solutions) => {
            let variables: Vec<oxigraph::sparql::Variable> = solutions.variables().to_vec();
            let rows: Vec<oxigraph::sparql::QuerySolution> =
                solutions.collect::<Result<_, _>>().map_err(failed)?;
            match format {
                QueryFormat::Table => table(&variables, &rows, prefixes),
                format => {
                    let mut serializer =
                        QueryResultsSerializer::from_format(results_format(format))
                            .serialize_solutions_to_writer(Vec::new(), variables)
                            .map_err(|e| Failure::new(format!("cannot write the results: {e}")))?;
                    for row in &rows {
                        serializer
                            .serialize(row.iter())
                            .map_err(|e| Failure::new(format!("cannot write the results: {e}")))?;
                    }
                    with_newline(
                        serializer
                            .finish()
                            .map_err(|e| Failure::new(format!("cannot write the results: {e}")))?,
                    )
                }
            }
        }
    };
    Ok(output)
}

fn with_newline(bytes: Vec<u8>) -> String {
    let mut text = String::from_utf8_lossy(&bytes).into_owned();
    if !text.ends_with('\n') {
        text.push('\n');
    }
    text
}

fn results_format(format: QueryFormat) -> QueryResultsFormat {
    match format {
        QueryFormat::Csv => QueryResultsFormat::Csv,
        QueryFormat::Tsv => QueryResultsFormat::Tsv,
        QueryFormat::Json | QueryFormat::Table => QueryResultsFormat::Json,
    }
}

/// A syntax error shown at its line in the query, with the column in the message.
fn syntax_failure(message: &str, origin: &str, text: &str) -> Failure {
    // spargebra reports "error at LINE:COLUMN: expected …".
    let position = message.split("error at ").nth(1).and_then(|rest| {
        rest.split(':')
            .take(2)
            .map(|n| n.trim().parse::<usize>().ok())
            .collect::<Option<Vec<_>>>()
    });
    let failure = Failure::new(format!("SPARQL syntax error in {origin}: {message}"));
    match position.as_deref() {
        Some([line, column]) => failure.in_text_at(origin, text.to_owned(), *line, *column, "here"),
        _ => failure,
    }
}

/// An aligned table: IRIs written with the spec's prefixes, literals by value.
fn table(
    variables: &[oxigraph::sparql::Variable],
    rows: &[oxigraph::sparql::QuerySolution],
    prefixes: &functions::Prefixes,
) -> String {
    let cell = |term: Option<&Term>| match term {
        None => String::new(),
        Some(Term::NamedNode(n)) => prefixes.compact(n.as_str()),
        Some(Term::Literal(l)) => l.value().replace('\n', "\\n"),
        Some(other) => other.to_string(),
    };
    let header: Vec<String> = variables.iter().map(|v| v.as_str().to_owned()).collect();
    let body: Vec<Vec<String>> = rows
        .iter()
        .map(|row| variables.iter().map(|v| cell(row.get(v))).collect())
        .collect();
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in &body {
        for (width, value) in widths.iter_mut().zip(row) {
            *width = (*width).max(value.chars().count());
        }
    }
    let line = |values: &[String]| -> String {
        let cells: Vec<String> = values
            .iter()
            .zip(&widths)
            .map(|(v, w)| format!("{v}{}", " ".repeat(w - v.chars().count())))
            .collect();
        format!("{}\n", cells.join("  ").trim_end())
    };
    let mut out = line(&header);
    out.push_str(&line(
        &widths.iter().map(|w| "-".repeat(*w)).collect::<Vec<_>>(),
    ));
    for row in &body {
        out.push_str(&line(row));
    }
    out.push_str(&format!(
        "({} row{})\n",
        rows.len(),
        if rows.len() == 1 { "" } else { "s" }
    ));
    out
}
