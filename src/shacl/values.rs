//! Tests on single terms that the constraint components share: lexical
//! forms (well-formed literals), datatypes and node kinds, language ranges,
//! patterns, and the order of values.

use super::graph::XSD;
use oxigraph::model::{Literal, NamedNode, Term};
use std::cmp::Ordering;

pub(super) fn text_of(term: &Term) -> Option<String> {
    match term {
        Term::NamedNode(n) => Some(n.as_str().to_owned()),
        Term::Literal(l) => Some(l.value().to_owned()),
        _ => None,
    }
}

pub(super) fn compile(pattern: &str, flags: Option<&str>) -> Option<regex::Regex> {
    let flags: String = flags
        .unwrap_or("")
        .chars()
        .filter(|c| "imsx".contains(*c))
        .collect();
    let source = if flags.is_empty() {
        pattern.to_owned()
    } else {
        format!("(?{flags}){pattern}")
    };
    regex::Regex::new(&source).ok()
}

/// SPARQL's langMatches with a basic language range.
pub(super) fn lang_matches(tag: &str, range: &str) -> bool {
    let (tag, range) = (tag.to_ascii_lowercase(), range.to_ascii_lowercase());
    range == "*" || tag == range || tag.starts_with(&format!("{range}-"))
}

pub(super) fn has_node_kind(term: &Term, kind: &NamedNode) -> bool {
    let local = kind.as_str().strip_prefix(super::graph::SH).unwrap_or("");
    match term {
        Term::NamedNode(_) => matches!(local, "IRI" | "BlankNodeOrIRI" | "IRIOrLiteral"),
        Term::BlankNode(_) => {
            matches!(local, "BlankNode" | "BlankNodeOrIRI" | "BlankNodeOrLiteral")
        }
        Term::Literal(_) => matches!(local, "Literal" | "BlankNodeOrLiteral" | "IRIOrLiteral"),
        #[allow(unreachable_patterns)]
        _ => false,
    }
}

pub(super) fn has_datatype(term: &Term, datatype: &NamedNode) -> bool {
    let Term::Literal(literal) = term else {
        return false;
    };
    if literal.datatype() != datatype.as_ref() {
        return false;
    }
    if datatype.as_str() == RDF_LANG_STRING {
        return literal.language().is_some();
    }
    well_formed(literal)
}

const RDF_LANG_STRING: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString";

/// Whether a literal's lexical form is valid for its (XSD) datatype.
pub fn well_formed(literal: &Literal) -> bool {
    let value = literal.value();
    let Some(local) = literal.datatype().as_str().strip_prefix(XSD) else {
        return true;
    };
    match local {
        "integer" | "long" | "int" | "short" | "byte" | "nonNegativeInteger"
        | "positiveInteger" | "nonPositiveInteger" | "negativeInteger" | "unsignedLong"
        | "unsignedInt" | "unsignedShort" | "unsignedByte" => {
            let Ok(n) = value.parse::<oxsdatatypes::Integer>() else {
                return false;
            };
            let n = i128::from(i64::from(n));
            match local {
                "int" => i32::try_from(n).is_ok(),
                "short" => i16::try_from(n).is_ok(),
                "byte" => i8::try_from(n).is_ok(),
                "nonNegativeInteger" | "unsignedLong" => n >= 0,
                "positiveInteger" => n > 0,
                "nonPositiveInteger" => n <= 0,
                "negativeInteger" => n < 0,
                "unsignedInt" => (0..=i128::from(u32::MAX)).contains(&n),
                "unsignedShort" => (0..=i128::from(u16::MAX)).contains(&n),
                "unsignedByte" => (0..=i128::from(u8::MAX)).contains(&n),
                _ => true,
            }
        }
        "decimal" => value.parse::<oxsdatatypes::Decimal>().is_ok(),
        "double" => value.parse::<oxsdatatypes::Double>().is_ok(),
        "float" => value.parse::<oxsdatatypes::Float>().is_ok(),
        "boolean" => value.parse::<oxsdatatypes::Boolean>().is_ok(),
        "date" => value.parse::<oxsdatatypes::Date>().is_ok(),
        "dateTime" => value.parse::<oxsdatatypes::DateTime>().is_ok(),
        "time" => value.parse::<oxsdatatypes::Time>().is_ok(),
        "duration" => value.parse::<oxsdatatypes::Duration>().is_ok(),
        _ => true,
    }
}

/// SPARQL's ordering of two literals, when they are comparable.
pub(super) fn compare(a: &Term, b: &Term) -> Option<Ordering> {
    let (Term::Literal(a), Term::Literal(b)) = (a, b) else {
        return None;
    };
    if !well_formed(a) || !well_formed(b) {
        return None;
    }
    let kind = |l: &Literal| l.datatype().as_str().strip_prefix(XSD).map(str::to_owned);
    let numeric = |k: &str| {
        matches!(
            k,
            "integer"
                | "decimal"
                | "double"
                | "float"
                | "long"
                | "int"
                | "short"
                | "byte"
                | "nonNegativeInteger"
                | "positiveInteger"
                | "nonPositiveInteger"
                | "negativeInteger"
                | "unsignedLong"
                | "unsignedInt"
                | "unsignedShort"
                | "unsignedByte"
        )
    };
    match (kind(a)?.as_str(), kind(b)?.as_str()) {
        (x, y) if numeric(x) && numeric(y) => {
            let (x, y) = (
                a.value().parse::<f64>().ok()?,
                b.value().parse::<f64>().ok()?,
            );
            x.partial_cmp(&y)
        }
        ("date", "date") => a
            .value()
            .parse::<oxsdatatypes::Date>()
            .ok()?
            .partial_cmp(&b.value().parse().ok()?),
        ("dateTime", "dateTime") => a
            .value()
            .parse::<oxsdatatypes::DateTime>()
            .ok()?
            .partial_cmp(&b.value().parse().ok()?),
        ("time", "time") => a
            .value()
            .parse::<oxsdatatypes::Time>()
            .ok()?
            .partial_cmp(&b.value().parse().ok()?),
        ("string", "string") => Some(a.value().cmp(b.value())),
        ("boolean", "boolean") => Some(a.value().cmp(b.value())),
        _ => None,
    }
}
