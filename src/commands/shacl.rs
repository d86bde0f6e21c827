//! `spec shacl --shapes S --data D`: a plain SHACL validator, pySHACL-style.
//! Exit 0 when the data conforms, 1 when it does not, 2 on bad input.

use crate::check::functions::Prefixes;
use crate::cli::{ShaclArgs, ShaclFormat};
use crate::failure::Failure;
use crate::shacl::read::read_graph;
use crate::terminal::{EXIT_FINDINGS, EXIT_OK};
use oxigraph::model::Term;
use std::fmt::Write;

pub fn run(args: &ShaclArgs) -> Result<u8, Failure> {
    let (shapes_graph, shape_prefixes) = read_graph(&args.shapes)?;
    let (data_graph, data_prefixes) = read_graph(&args.data)?;
    let report = crate::shacl::validate_graphs(&data_graph, &shapes_graph)
        .map_err(|e| Failure::new(format!("the shapes are not valid SHACL: {e}")))?;
    let mut table: Vec<(String, String)> = shape_prefixes;
    table.extend(data_prefixes);
    let prefixes = Prefixes::from_pairs(table);
    let show = |t: &Term| match t {
        Term::NamedNode(n) => prefixes.compact(n.as_str()),
        other => other.to_string(),
    };
    let compact = |iri: &str| prefixes.compact(iri);
    // Blank nodes are shown by what they are: a path by its SPARQL syntax, a
    // shape by the shape that holds it.
    let show_path = |t: &Term| match crate::shacl::path::Path::parse(&shapes_graph, t) {
        Ok(path) => path.to_sparql(&compact),
        Err(_) => show(t),
    };
    let show_shape = |t: &Term| match t {
        Term::NamedNode(_) => show(t),
        _ => match shapes_graph
            .subjects(&crate::shacl::graph::sh("property"), t)
            .next()
        {
            Some(parent) => format!("a property shape of {}", show(&parent)),
            None => "an anonymous shape".to_owned(),
        },
    };
    let output = match args.format {
        ShaclFormat::Turtle => {
            let mut serializer = oxttl::TurtleSerializer::new();
            for (prefix, iri) in prefixes.pairs() {
                if let Ok(with) = serializer.clone().with_prefix(prefix, iri) {
                    serializer = with;
                }
            }
            let mut writer = serializer.for_writer(Vec::new());
            for triple in crate::shacl::report::triples(&report, &shapes_graph) {
                writer
                    .serialize_triple(&triple)
                    .map_err(|e| Failure::new(format!("cannot write Turtle: {e}")))?;
            }
            String::from_utf8_lossy(
                &writer
                    .finish()
                    .map_err(|e| Failure::new(format!("cannot write Turtle: {e}")))?,
            )
            .into_owned()
        }
        ShaclFormat::Json => {
            let results: Vec<serde_json::Value> = report
                .results
                .iter()
                .map(|r| {
                    serde_json::json!({
                        "focusNode": r.focus.to_string(),
                        "resultPath": r.path.as_ref().map(|p| p.to_string()),
                        "value": r.value.as_ref().map(|v| v.to_string()),
                        "sourceShape": r.source_shape.to_string(),
                        "sourceConstraintComponent": r.component.as_str(),
                        "resultSeverity": r.severity.as_str(),
                        "resultMessage": r.messages.iter().map(|m| m.value()).collect::<Vec<_>>(),
                    })
                })
                .collect();
            let mut text = serde_json::to_string_pretty(&serde_json::json!({
                "version": 1, "conforms": report.conforms(), "results": results
            }))
            .unwrap_or_default();
            text.push('\n');
            text
        }
        ShaclFormat::Human => {
            let mut out = String::new();
            for r in &report.results {
                let severity = r
                    .severity
                    .as_str()
                    .rsplit('#')
                    .next()
                    .unwrap_or("Violation");
                let component = r.component.as_str().rsplit('#').next().unwrap_or("");
                let _ = write!(out, "{severity}: {} ", show(&r.focus));
                if let Some(path) = &r.path {
                    let _ = write!(out, "{} ", show_path(path));
                }
                if let Some(value) = &r.value {
                    let _ = write!(out, "= {} ", show(value));
                }
                let _ = write!(out, "— {component} of {}", show_shape(&r.source_shape));
                if let Some(message) = r.messages.first() {
                    let _ = write!(out, ": {}", message.value());
                }
                out.push('\n');
            }
            let _ = writeln!(
                out,
                "{}",
                if report.conforms() {
                    "conforms".to_owned()
                } else {
                    format!(
                        "does not conform: {} result{}",
                        report.results.len(),
                        if report.results.len() == 1 { "" } else { "s" }
                    )
                }
            );
            out
        }
    };
    crate::terminal::print(&output);
    Ok(if report.conforms() {
        EXIT_OK
    } else {
        EXIT_FINDINGS
    })
}
