//! `wrong-kind` for ill-typed literals (`"2025-02-30"^^xsd:date`, `"1x"^^xsd:integer`),
//! on every property, the vocabulary's or not.
//!
//! Whether a literal is valid for its datatype depends on the literal alone,
//! so it is tested where the parsed triples are at hand, with the lexical test
//! of `sh:datatype`. As a SPARQL rule it was a scan of every triple of the
//! spec (0.43 CPU-s per million triples); here it is a loop over the
//! literals.

use super::functions::Prefixes;
use super::rule::Rule;
use super::run::{finding, Bindings};
use crate::finding::{Finding, Severity};
use crate::load::Spec;
use crate::shacl::graph::XSD;
use crate::shacl::values::well_formed;
use oxigraph::model::{Literal, Term};

/// The code the findings are reported under.
/// One `wrong-kind` finding per ill-typed literal of `spec`, in file order.
pub fn findings(spec: &Spec, rule: &Rule, severity: Severity, prefixes: &Prefixes) -> Vec<Finding> {
    spec.triples
        .iter()
        .filter_map(|triple| {
            let Term::Literal(literal) = &triple.object else {
                return None;
            };
            if well_formed(literal) {
                return None;
            }
            let bindings = Bindings::new()
                .term("subject", triple.subject.clone())
                .term("predicate", triple.predicate.clone())
                .term("object", triple.object.clone())
                .text("problem", "is {object}, which is not a valid {expected}")
                .term("expected", literal.datatype().into_owned())
                .text("helpText", &help(literal));
            finding(spec, rule, severity, &bindings, prefixes)
        })
        .collect()
}

/// "write a valid {expected}, e.g. …", with an example of the datatype.
fn help(literal: &Literal) -> String {
    let local = literal
        .datatype()
        .as_str()
        .strip_prefix(XSD)
        .unwrap_or_default();
    match example(local) {
        Some(example) => format!("write a valid {{expected}}, e.g. {example}"),
        None => "write a valid {expected}".to_owned(),
    }
}

/// A valid value of an XSD datatype, as it is written in Turtle.
fn example(local: &str) -> Option<String> {
    Some(match local {
        "integer" => "42".into(),
        "long" | "int" | "short" | "byte" | "nonNegativeInteger" | "positiveInteger"
        | "unsignedLong" | "unsignedInt" | "unsignedShort" | "unsignedByte" => {
            format!("\"7\"^^xsd:{local}")
        }
        "nonPositiveInteger" | "negativeInteger" => format!("\"-1\"^^xsd:{local}"),
        "decimal" => "2.5".into(),
        "double" => "2.5e3".into(),
        "float" => "\"2.5\"^^xsd:float".into(),
        "boolean" => "true or false".into(),
        "date" => "\"2025-10-23\"^^xsd:date".into(),
        "dateTime" => "\"2025-10-23T09:00:00Z\"^^xsd:dateTime".into(),
        "time" => "\"09:00:00\"^^xsd:time".into(),
        "duration" => "\"P3DT4H\"^^xsd:duration".into(),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_example_is_well_formed_for_its_datatype() {
        for local in [
            "integer",
            "long",
            "int",
            "short",
            "byte",
            "nonNegativeInteger",
            "positiveInteger",
            "nonPositiveInteger",
            "negativeInteger",
            "unsignedLong",
            "unsignedInt",
            "unsignedShort",
            "unsignedByte",
            "decimal",
            "double",
            "float",
            "boolean",
            "date",
            "dateTime",
            "time",
            "duration",
        ] {
            let example = example(local).unwrap_or_else(|| panic!("no example for {local}"));
            let lexical = match example.strip_prefix('"') {
                Some(quoted) => quoted.split('"').next().unwrap_or_default(),
                None => example.split(' ').next().unwrap_or_default(),
            };
            let datatype = oxigraph::model::NamedNode::new_unchecked(format!("{XSD}{local}"));
            let literal = Literal::new_typed_literal(lexical, datatype);
            assert!(well_formed(&literal), "{example} is a valid xsd:{local}");
        }
    }
}
