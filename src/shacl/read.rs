//! Reading SHACL shapes and data graphs from Turtle files (`spec shacl`,
//! `--shapes` and spec.toml `shapes`).

use super::graph::Graph;
use crate::failure::Failure;
use crate::load::{display_path, spec_files};
use std::path::PathBuf;

/// Streams Turtle files straight into an indexed graph: a million-triple data
/// file is never held as a list of triples. A syntax error is exit 2, located.
pub fn read_graph(paths: &[PathBuf]) -> Result<(Graph, Vec<(String, String)>), Failure> {
    let mut graph = Graph::default();
    let mut prefixes = Vec::new();
    for path in paths {
        if !path.exists() {
            return Err(Failure::new(format!(
                "{} does not exist",
                display_path(path)
            )));
        }
        for file in spec_files(path)? {
            let shown = display_path(&file);
            let text = std::fs::read_to_string(&file)
                .map_err(|e| Failure::new(format!("cannot read {shown}: {e}")))?;
            // Relative IRIs (`<>`, `<#x>`) resolve against the file's URL.
            let base = crate::fs::file_url(&file);
            let mut parser = oxttl::TurtleParser::new()
                .with_base_iri(&base)
                .map_err(|e| Failure::new(format!("cannot use {base} as a base IRI: {e}")))?
                .for_slice(text.as_bytes());
            for triple in parser.by_ref() {
                match triple {
                    Ok(triple) => graph.insert(triple),
                    Err(e) => {
                        let line = e.location().start.line as usize + 1;
                        let column = e.location().start.column as usize + 1;
                        return Err(Failure::new(format!(
                            "{shown}:{line}:{column}: {}",
                            e.message()
                        ))
                        .in_text_at(
                            &shown,
                            text.clone(),
                            line,
                            column,
                            "here",
                        ));
                    }
                }
            }
            prefixes.extend(parser.prefixes().map(|(p, i)| (p.to_owned(), i.to_owned())));
        }
    }
    Ok((graph, prefixes))
}
