//! Specs that import another spec of the workspace: `owl:imports <IRI>`
//! where a spec of the workspace declares `<IRI> a owl:Ontology`. The terms
//! of the imported spec's namespaces are defined there: a reference to one
//! that the imported spec describes is not dangling, and one that it does not
//! describe is (`cron` importing `universal` and naming `ggen:DocsHub`,
//! which `universal` never defines).
//!
//! The index of the workspace's ontologies is built on first need only — a
//! spec importing something other than a well-known vocabulary — by parsing
//! every spec of the workspace once.

use super::parse::parse_turtle;
use super::{is_well_known, namespace_of, spec_files, spec_name};
use oxigraph::model::{NamedOrBlankNode, Term};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

const OWL_ONTOLOGY: &str = "http://www.w3.org/2002/07/owl#Ontology";
const OWL_IMPORTS: &str = "http://www.w3.org/2002/07/owl#imports";

/// What an imported spec defines.
#[derive(Debug)]
pub struct ImportedSpec {
    /// The spec's folder name (`universal`).
    pub name: String,
    pub dir: PathBuf,
    /// The namespaces it describes subjects in (shared vocabularies excepted).
    pub namespaces: BTreeSet<String>,
    /// Every IRI it describes.
    pub described: HashSet<String>,
    /// What it imports in turn.
    pub imports: Vec<String>,
}

/// The workspace's specs, and the ontologies they declare: both found only
/// when a spec imports something that is not a well-known vocabulary
/// (listing a 1,000-spec workspace to check one spec took 30 ms).
#[derive(Default)]
pub struct Imports {
    dirs: OnceLock<Vec<PathBuf>>,
    list: Option<Box<dyn Fn() -> Vec<PathBuf> + Send + Sync>>,
    index: OnceLock<HashMap<String, Arc<ImportedSpec>>>,
}

impl std::fmt::Debug for Imports {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Imports")
            .field("dirs", &self.dirs.get())
            .finish_non_exhaustive()
    }
}

/// `<…/universal>`, `<…/universal#>` and `<…/universal/>` name one ontology.
fn key(iri: &str) -> &str {
    iri.strip_suffix(['#', '/']).unwrap_or(iri)
}

impl Imports {
    /// The specs in `dirs`.
    pub fn new(dirs: Vec<PathBuf>) -> Self {
        Self {
            dirs: OnceLock::from(dirs),
            ..Self::default()
        }
    }

    /// The specs `list` gives, asked for on first need.
    pub fn lazy(list: impl Fn() -> Vec<PathBuf> + Send + Sync + 'static) -> Self {
        Self {
            list: Some(Box::new(list)),
            ..Self::default()
        }
    }

    fn dirs(&self) -> &[PathBuf] {
        self.dirs
            .get_or_init(|| self.list.as_ref().map(|list| list()).unwrap_or_default())
    }

    fn index(&self) -> &HashMap<String, Arc<ImportedSpec>> {
        self.index.get_or_init(|| {
            let mut index = HashMap::new();
            for dir in self.dirs() {
                let Some((ontologies, spec)) = read(dir) else {
                    continue;
                };
                let spec = Arc::new(spec);
                for ontology in ontologies {
                    index
                        .entry(key(&ontology).to_owned())
                        .or_insert_with(|| Arc::clone(&spec));
                }
            }
            index
        })
    }

    /// The workspace specs that the spec in `dir` imports, directly or
    /// through one another, given its `owl:imports` objects.
    pub fn resolve(&self, imports: &[&str], dir: &Path) -> Vec<Arc<ImportedSpec>> {
        let mut pending: Vec<String> = imports
            .iter()
            .filter(|iri| !is_well_known(namespace_of(iri)) && !is_well_known(iri))
            .map(|iri| (*iri).to_owned())
            .collect();
        if pending.is_empty() || self.dirs().is_empty() {
            return Vec::new();
        }
        let index = self.index();
        let here = canonical(dir);
        let mut seen: HashSet<String> = HashSet::new();
        let mut found: Vec<Arc<ImportedSpec>> = Vec::new();
        while let Some(iri) = pending.pop() {
            if !seen.insert(key(&iri).to_owned()) {
                continue;
            }
            let Some(spec) = index.get(key(&iri)) else {
                continue;
            };
            if spec.dir == here || found.iter().any(|f| Arc::ptr_eq(f, spec)) {
                continue;
            }
            pending.extend(spec.imports.iter().cloned());
            found.push(Arc::clone(spec));
        }
        found.sort_by(|a, b| a.name.cmp(&b.name));
        found
    }
}

fn canonical(dir: &Path) -> PathBuf {
    dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf())
}

/// The ontologies a spec declares and what it defines; a spec without an
/// ontology (or unreadable) is left out.
fn read(dir: &Path) -> Option<(Vec<String>, ImportedSpec)> {
    let mut ontologies = Vec::new();
    let mut described = HashSet::new();
    let mut imports = Vec::new();
    for path in spec_files(dir).ok()? {
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        let parsed = parse_turtle(&String::from_utf8_lossy(&bytes));
        for triple in &parsed.triples {
            let NamedOrBlankNode::NamedNode(subject) = &triple.subject else {
                continue;
            };
            described.insert(subject.as_str().to_owned());
            match (triple.predicate.as_str(), &triple.object) {
                (p, Term::NamedNode(o))
                    if p == oxrdf::vocab::rdf::TYPE.as_str() && o.as_str() == OWL_ONTOLOGY =>
                {
                    ontologies.push(subject.as_str().to_owned());
                }
                (OWL_IMPORTS, Term::NamedNode(o)) => imports.push(o.as_str().to_owned()),
                _ => {}
            }
        }
    }
    if ontologies.is_empty() {
        return None;
    }
    let namespaces = described
        .iter()
        .map(|iri| namespace_of(iri).to_owned())
        .filter(|ns| !ns.is_empty() && !is_well_known(ns))
        .collect();
    Some((
        ontologies,
        ImportedSpec {
            name: spec_name(dir),
            dir: canonical(dir),
            namespaces,
            described,
            imports,
        },
    ))
}
