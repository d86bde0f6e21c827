//! `spec publish --endpoint URL [SPEC…]`: each compiled spec (what `spec
//! export` writes: its triples, the computed facts, its canonical hash)
//! replaces one named graph of a SPARQL store, through the Graph Store
//! Protocol. The graph is named from the workspace's identity and the spec's
//! folder, so publishing again replaces rather than adds, and two
//! workspaces never collide. A manifest graph per workspace records what was
//! published, when, from which commit, with which hash; publishing the whole
//! workspace removes the specs it no longer has.

use crate::check::check_spec;
use crate::cli::{EndpointArgs, PublishArgs};
use crate::endpoint::Endpoint;
use crate::failure::Failure;
use crate::load::load_spec;
use crate::pipeline::Session;
use crate::terminal::EXIT_OK;
use crate::vocabulary::NAMESPACE;
use rayon::prelude::*;
use std::time::{Duration, Instant};

/// Where published graphs are named: `<BASE><workspace>/<spec>`.
pub const GRAPH_BASE: &str = "https://w3id.org/specgraph/published/";

/// The store an `--endpoint` names, or an error when it is missing.
pub fn endpoint(args: &EndpointArgs) -> Result<Endpoint, Failure> {
    let Some(base) = &args.endpoint else {
        return Err(Failure::new("--endpoint is required"));
    };
    if !(args.http_timeout > 0.0 && args.http_timeout.is_finite()) {
        return Err(Failure::new(
            "--http-timeout must be a positive number of seconds",
        ));
    }
    Endpoint::new(
        base,
        args.query_url.as_deref(),
        args.update_url.as_deref(),
        args.store_url.as_deref(),
        Duration::from_secs_f64(args.http_timeout),
    )
}

/// The workspace's identity: spec.toml `name`, else its git remote
/// `origin` (without scheme and credentials), else its folder's name.
fn identity(session: &Session) -> String {
    if let Some(name) = &session.workspace.config.name {
        return name.clone();
    }
    let root = &session.workspace.root;
    let remote = std::process::Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["remote", "get-url", "origin"])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .filter(|r| !r.is_empty());
    match remote {
        Some(url) => {
            let url = url.split_once("://").map_or(url.as_str(), |(_, rest)| rest);
            let url = url.rsplit_once('@').map_or(url, |(_, host)| host);
            url.trim_end_matches(".git").replace(':', "/")
        }
        None => root
            .canonicalize()
            .ok()
            .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
            .unwrap_or_else(|| "workspace".to_owned()),
    }
}

/// An IRI path segment: letters, digits, `.`, `-`, `_` and `/` kept, the rest `-`.
fn segment(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | '/') {
                c
            } else {
                '-'
            }
        })
        .collect::<String>()
        .trim_matches('/')
        .to_owned()
}

fn commit(session: &Session) -> Option<String> {
    std::process::Command::new("git")
        .arg("-C")
        .arg(&session.workspace.root)
        .args(["rev-parse", "HEAD"])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
}

/// One published spec, for the manifest.
struct Compiled {
    name: String,
    triples: usize,
    hash: String,
}

/// Compiles the spec in `dir` and replaces its graph in the store. Each spec
/// is sent as soon as it is compiled and its text dropped: holding all of
/// them first took 430 MiB for the 1,000-spec benchmark workspace.
fn publish_one(
    session: &Session,
    store: &Endpoint,
    base: &str,
    dir: &std::path::Path,
) -> Result<Compiled, Failure> {
    let spec = load_spec(dir, &session.load)?;
    super::export::refuse_unparsed(&spec)?;
    let own = spec.triples.clone();
    let checked = check_spec(spec, &session.rules, &session.check)?;
    let (triples, hash) = super::export::compiled(&own, &checked.report)?;
    let mut ntriples = String::new();
    for triple in &triples {
        ntriples.push_str(&triple.to_string());
        ntriples.push_str(" .\n");
    }
    let name = checked.report.spec.name.clone();
    drop(checked);
    store.put_graph(&format!("{base}/{}", segment(&name)), &ntriples)?;
    Ok(Compiled {
        name,
        triples: triples.len(),
        hash,
    })
}

/// A string as a SPARQL literal.
fn literal(text: &str) -> String {
    oxigraph::model::Literal::new_simple_literal(text).to_string()
}

pub fn run(args: &PublishArgs) -> Result<u8, Failure> {
    let store = endpoint(&args.endpoint)?;
    let mut session = Session::open(&args.workspace)?;
    let dirs = session.workspace.resolve(&args.specs)?;
    session.check.parallel_rules = dirs.len() < crate::pipeline::threads();
    let session = &session;
    let workspace = identity(session);
    let base = format!("{GRAPH_BASE}{}", segment(&workspace));
    let manifest = format!("{base}/manifest");
    let started = Instant::now();
    let store_ref = &store;
    let base_ref = base.as_str();
    let compiled: Vec<Compiled> = dirs
        .par_iter()
        .map(|dir| publish_one(session, store_ref, base_ref, dir))
        .collect::<Result<_, _>>()?;
    let now = oxsdatatypes::DateTime::now().to_string();
    let commit = commit(session);
    let mut manifest_update = String::new();
    let mut total = 0;
    for spec in &compiled {
        let graph = format!("{base}/{}", segment(&spec.name));
        total += spec.triples;
        manifest_update.push_str(&format!(
            "DELETE WHERE {{ GRAPH <{manifest}> {{ <{graph}> ?p ?o }} }};\n\
             INSERT DATA {{ GRAPH <{manifest}> {{ <{graph}> a <{NAMESPACE}PublishedSpec> ; \
             <http://www.w3.org/2000/01/rdf-schema#label> {name} ; <{NAMESPACE}workspace> {ws} ; \
             <{NAMESPACE}publishedAt> \"{now}\"^^<http://www.w3.org/2001/XMLSchema#dateTime> ; \
             <{NAMESPACE}canonicalHash> {hash} ; <{NAMESPACE}tripleCount> {count}{commit} }} }};\n",
            name = literal(&spec.name),
            ws = literal(&workspace),
            hash = literal(&spec.hash),
            count = spec.triples,
            commit = commit
                .as_deref()
                .map(|c| format!(" ; <{NAMESPACE}commit> {}", literal(c)))
                .unwrap_or_default(),
        ));
    }
    // Publishing the whole workspace: what the store has from it and the
    // workspace no longer has goes.
    let mut removed = Vec::new();
    if args.specs.is_empty() {
        let published = published_graphs(&store, &manifest)?;
        let current: std::collections::HashSet<String> = compiled
            .iter()
            .map(|s| format!("{base}/{}", segment(&s.name)))
            .collect();
        for graph in published.into_iter().filter(|g| !current.contains(g)) {
            store.delete_graph(&graph)?;
            manifest_update.push_str(&format!(
                "DELETE WHERE {{ GRAPH <{manifest}> {{ <{graph}> ?p ?o }} }};\n"
            ));
            removed.push(graph);
        }
    }
    if !manifest_update.is_empty() {
        store.update(manifest_update.trim_end().trim_end_matches(';'))?;
    }
    let seconds = started.elapsed().as_secs_f64();
    let mut text = format!(
        "published {} {} ({total} triples) to {} as {base}/… in {seconds:.2} s ({:.0} triples/s)\n",
        compiled.len(),
        if compiled.len() == 1 { "spec" } else { "specs" },
        store.store,
        total as f64 / seconds.max(1e-9),
    );
    for graph in &removed {
        text.push_str(&format!(
            "removed {graph}: the workspace no longer has it\n"
        ));
    }
    crate::terminal::print(&text);
    Ok(EXIT_OK)
}

/// The graphs the manifest lists.
fn published_graphs(store: &Endpoint, manifest: &str) -> Result<Vec<String>, Failure> {
    let rows = super::portfolio::select(
        store,
        &format!("SELECT ?graph WHERE {{ GRAPH <{manifest}> {{ ?graph a sg:PublishedSpec }} }}"),
    )?;
    Ok(rows
        .into_iter()
        .filter_map(|mut r| r.remove("graph"))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::segment;

    #[test]
    fn graph_names_are_iri_safe() {
        assert_eq!(segment("github.com/org/repo"), "github.com/org/repo");
        assert_eq!(segment("my spec #1"), "my-spec--1");
        assert_eq!(segment("/x/"), "x");
    }
}
