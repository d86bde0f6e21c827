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
        .on_store(&checked.graph.store)
        .execute()
        .map_err(failed)?;
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
        QueryResults::Boolean(answer) => match args.format {
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
            match args.format {
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
    crate::terminal::print(&output);
    Ok(EXIT_OK)
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
