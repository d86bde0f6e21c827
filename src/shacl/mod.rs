//! SHACL, used by stage 3 and by `spec shacl`: validate a data graph against
//! SHACL shapes (W3C SHACL Core and SHACL-SPARQL),
//! natively over parsed triples.

mod error;
pub mod graph;
pub mod path;
pub mod read;
pub mod report;
pub mod shape;
pub mod sparql;
mod substitute;
pub mod validate;
pub mod values;

pub use error::Error;
use oxigraph::model::Triple;
pub use validate::{Report, ValidationResult};

/// Validates `data` against the shapes in `shapes`.
pub fn validate(data: Vec<Triple>, shapes: Vec<Triple>) -> Result<Report, Error> {
    validate_graphs(&graph::Graph::new(data), &graph::Graph::new(shapes))
}

/// Validates an indexed data graph against an indexed shapes graph.
pub fn validate_graphs(data: &graph::Graph, shapes: &graph::Graph) -> Result<Report, Error> {
    validate::Validator::new(data, shapes)?.run()
}
