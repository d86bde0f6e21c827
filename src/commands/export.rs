//! `spec export SPEC`: the compiled spec as one deterministic RDF document.

use crate::check::{check_spec, functions::Prefixes};
use crate::cli::{ExportArgs, ExportFormat};
use crate::export::{canonical, canonical_order, spec_node};
use crate::failure::Failure;
use crate::load::{display_path, load_spec};
use crate::model::computed;
use crate::pipeline::Session;
use crate::terminal::EXIT_OK;
use oxigraph::io::{JsonLdProfileSet, RdfFormat, RdfSerializer};
use oxigraph::model::{Literal, NamedNode, Triple};
use oxrdf::vocab::rdf;

const RDFS_LABEL: &str = "http://www.w3.org/2000/01/rdf-schema#label";

/// The compiled spec: its own triples as written, the computed facts, and
/// what describes the spec itself (closure, canonical hash), in canonical
/// order. `own` are the spec's triples as parsed (before `check_spec`).
pub fn compiled(
    own: &[Triple],
    report: &crate::check::SpecReport,
) -> Result<(Vec<Triple>, String), Failure> {
    let analysis = &report.analysis;
    let (hash, labels) = canonical(own).map_err(Failure::new)?;
    let mut triples: Vec<Triple> = own.to_vec();
    triples.extend(
        computed::quads(analysis)
            .into_iter()
            .map(|q| Triple::new(q.subject, q.predicate, q.object)),
    );
    let node = spec_node(&report.spec.name);
    let sg =
        |local: &str| NamedNode::new_unchecked(format!("{}{local}", crate::vocabulary::NAMESPACE));
    let about: [(NamedNode, oxigraph::model::Term); 5] = [
        (rdf::TYPE.into_owned(), sg("Spec").into()),
        (
            NamedNode::new_unchecked(RDFS_LABEL),
            Literal::new_simple_literal(&report.spec.name).into(),
        ),
        (
            sg("closurePresent"),
            Literal::from(report.closure.present as i64).into(),
        ),
        (
            sg("closureExpected"),
            Literal::from(report.closure.expected as i64).into(),
        ),
        (
            sg("canonicalHash"),
            Literal::new_simple_literal(&hash).into(),
        ),
    ];
    for (predicate, object) in about {
        triples.push(Triple::new(node.clone(), predicate, object));
    }
    Ok((canonical_order(triples, &labels), hash))
}

/// A spec that does not parse completely is not exported (nor published):
/// the located first syntax error.
pub fn refuse_unparsed(spec: &crate::load::Spec) -> Result<(), Failure> {
    match spec.sources.syntax_errors.first() {
        Some(error) => {
            let at = error
                .location
                .as_ref()
                .map(|l| format!("{}:{}:{}: ", l.file, l.line, l.column))
                .unwrap_or_default();
            Err(Failure::new(format!("{at}{}", error.message))
                .with_help("the spec does not parse; `spec check` lists every syntax error"))
        }
        None => Ok(()),
    }
}

pub fn run(args: &ExportArgs) -> Result<u8, Failure> {
    let mut session = Session::open(&args.workspace)?;
    let dirs = session
        .workspace
        .resolve(std::slice::from_ref(&args.spec))?;
    let [dir] = dirs.as_slice() else {
        return Err(Failure::new("`spec export` takes exactly one spec"));
    };
    session.check.parallel_rules = true;
    let spec = load_spec(dir, &session.load)?;
    refuse_unparsed(&spec)?;
    // The spec's own triples as written (the store would canonicalise
    // literals, `25.0` → `25`); check_spec frees its copy before the rules.
    let own = spec.triples.clone();
    let own = &own;
    let checked = check_spec(spec, &session.rules, &session.check)?;
    let report = &checked.report;

    let (triples, hash) = compiled(own, report)?;

    let prefixes = Prefixes::for_spec(&report.spec);
    let format = match args.format {
        ExportFormat::Turtle => RdfFormat::Turtle,
        ExportFormat::Nquads => RdfFormat::NQuads,
        ExportFormat::Jsonld => RdfFormat::JsonLd {
            profile: JsonLdProfileSet::default(),
        },
    };
    let mut serializer = RdfSerializer::from_format(format);
    if args.format != ExportFormat::Nquads {
        for (prefix, iri) in prefixes.pairs() {
            if let Ok(with) = serializer.clone().with_prefix(prefix, iri) {
                serializer = with;
            }
        }
    }
    let mut writer = serializer.for_writer(Vec::new());
    for triple in &triples {
        writer
            .serialize_triple(triple)
            .map_err(|e| Failure::new(format!("cannot serialise the export: {e}")))?;
    }
    let mut bytes = writer
        .finish()
        .map_err(|e| Failure::new(format!("cannot serialise the export: {e}")))?;
    if !bytes.ends_with(b"\n") {
        bytes.push(b'\n');
    }
    match &args.out {
        Some(path) => {
            crate::fs::write_atomic(path, &bytes)
                .map_err(|e| Failure::new(format!("cannot write {}: {e}", display_path(path))))?;
            eprintln!(
                "exported {} ({} triples, {hash}) to {}",
                report.spec.name,
                triples.len(),
                display_path(path)
            );
        }
        None => crate::terminal::print(&String::from_utf8_lossy(&bytes)),
    }
    Ok(EXIT_OK)
}
