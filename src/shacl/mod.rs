//! Stage — SHACL: validate a data graph against SHACL shapes (W3C SHACL Core),
//! natively over parsed triples.

pub mod graph;
pub mod path;
pub mod report;
pub mod shape;
pub mod sparql;
pub mod validate;

use oxigraph::model::Triple;
pub use validate::{Report, ValidationResult};

/// Validates `data` against the shapes in `shapes`.
pub fn validate(data: Vec<Triple>, shapes: Vec<Triple>) -> Result<Report, String> {
    let data = graph::Graph::new(data);
    let shapes = graph::Graph::new(shapes);
    validate::Validator::new(&data, &shapes)?.run()
}
