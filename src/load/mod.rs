//! Stage 1 — load: read a spec directory's Turtle files (in parallel), keep
//! where every triple came from, and put the triples in a dataset for SPARQL
//! (`SpecStore`, dataset.rs): the spec's triples are its default graph, the
//! vocabulary's axioms a named graph beside them, shared by every spec.
//! (Rules read files through the source map, not graphs, and keeping the
//! vocabulary out of the default graph makes every scan cheaper.)

mod dataset;
pub mod imports;
pub mod lexer;
pub mod parse;
pub mod source;

use crate::finding::{Finding, Severity};
pub use dataset::{Graph, Reader, SpecStore, View};
use oxigraph::model::{BlankNode, NamedOrBlankNode, Term, Triple};
use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;
use source::SourceFile;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A statement of a file: where a subject is described.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatementRef {
    pub file: u32,
    pub statement: u32,
}

/// One spec, loaded: its sources and its graph, owned apart so that a
/// command drops the graph (the bulk of a spec's memory) as soon as it is
/// done with it and keeps only what findings are printed against.
pub struct Spec {
    pub sources: Sources,
    pub graph: SpecGraph,
    /// The spec's triples as parsed, in file order: the model, the ill-typed
    /// literal test and the shapes read them (cheaper than decoding them
    /// from the store). `check_spec` frees them before the rules run: at
    /// 2 M triples they were 510 MiB of the peak; the store has the terms too.
    pub triples: Vec<Triple>,
}

/// What a spec's findings are reported against.
#[derive(Debug)]
pub struct Sources {
    /// The directory name (`007-optimize-build-times`).
    pub name: String,
    pub dir: PathBuf,
    pub files: Vec<SourceFile>,
    /// `parse-error` findings of the loader.
    pub syntax_errors: Vec<Finding>,
    pub triple_count: usize,
}

/// The spec as data: the store, the triples as parsed and where each subject
/// is described.
pub struct SpecGraph {
    pub store: SpecStore,
    /// Every statement that describes each subject, in file order.
    pub subjects: HashMap<NamedOrBlankNode, Vec<StatementRef>>,
    /// Namespaces whose IRIs the spec is expected to describe itself.
    pub own_namespaces: BTreeSet<String>,
    /// The specs of the workspace it imports (`owl:imports`), directly or not.
    pub imports: Vec<std::sync::Arc<imports::ImportedSpec>>,
}

/// An I/O problem that stops a spec from loading at all (exit code 2).
#[derive(Debug)]
pub struct LoadError {
    pub path: PathBuf,
    pub message: String,
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.message)
    }
}

/// Options that shape how a spec is loaded.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// Namespaces configured as the spec's own (besides those found in the data).
    pub namespaces: Vec<String>,
    /// The workspace's specs, for `owl:imports` of one another.
    pub imports: std::sync::Arc<imports::Imports>,
}

/// The `.ttl` files of a spec directory, recursively, in a stable order.
/// A single `.ttl` file is a spec of one file.
pub fn spec_files(dir: &Path) -> Result<Vec<PathBuf>, LoadError> {
    if dir.is_file() {
        return Ok(vec![dir.to_path_buf()]);
    }
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(|e| LoadError {
            path: e.path().unwrap_or(dir).to_path_buf(),
            message: e.to_string(),
        })?;
        if entry.file_type().is_file() && entry.path().extension().is_some_and(|e| e == "ttl") {
            files.push(entry.into_path());
        }
    }
    Ok(files)
}

/// Whether `dir` holds a `.ttl` file at any depth (stops at the first one).
pub fn has_turtle(dir: &Path) -> bool {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .any(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "ttl"))
}

struct ParsedSource {
    display: String,
    text: Arc<str>,
    parsed: parse::ParsedFile,
    utf8_error: Option<usize>,
}

fn read_and_parse(path: &Path) -> Result<ParsedSource, LoadError> {
    let bytes = std::fs::read(path).map_err(|e| LoadError {
        path: path.to_path_buf(),
        message: format!("cannot read file: {e}"),
    })?;
    let (text, utf8_error) = match String::from_utf8(bytes) {
        Ok(text) => (text, None),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            (String::from_utf8_lossy(e.as_bytes()).into_owned(), Some(at))
        }
    };
    let parsed = parse::parse_turtle(&text);
    Ok(ParsedSource {
        display: display_path(path),
        text: Arc::from(text),
        parsed,
        utf8_error,
    })
}

/// Gives the blank nodes of one file (the `file_index`th of its spec)
/// labels of their own. A label belongs to its document (RDF 1.1 Concepts,
/// 3.4): `_:c` in two files of a spec is two nodes, which the parser's
/// labels, used as they were, merged into one. The parser also names
/// `[ … ]` and list nodes at random, so reports named them differently in
/// every run. A label the file wrote becomes `f{file}.{label}`; a node it
/// did not name, `f{file}-{n}` in the order the file mentions them (no `.`:
/// the two kinds cannot meet).
fn scope_blank_nodes(triples: &mut [Triple], file_index: usize) {
    let has_blank = |t: &Triple| {
        matches!(t.subject, NamedOrBlankNode::BlankNode(_))
            || matches!(t.object, Term::BlankNode(_))
    };
    if !triples.iter().any(has_blank) {
        return;
    }
    let mut scoped: HashMap<String, BlankNode> = HashMap::default();
    let mut unnamed = 0usize;
    let mut scope = |blank: &BlankNode| -> BlankNode {
        if let Some(node) = scoped.get(blank.as_str()) {
            return node.clone();
        }
        let label = blank.as_str();
        let node = BlankNode::new_unchecked(if is_generated_label(label) {
            unnamed += 1;
            format!("f{file_index}-{unnamed}")
        } else {
            format!("f{file_index}.{label}")
        });
        scoped.insert(label.to_owned(), node.clone());
        node
    };
    for triple in triples.iter_mut().filter(|t| has_blank(t)) {
        if let NamedOrBlankNode::BlankNode(blank) = &triple.subject {
            triple.subject = scope(blank).into();
        }
        if let Term::BlankNode(blank) = &triple.object {
            triple.object = scope(blank).into();
        }
    }
}

/// A label the parser made up (`BlankNode::default()`: a random 128-bit
/// number in hexadecimal) rather than one the file wrote. A file's own
/// label that looks like one is renamed as if unnamed: still one node in
/// its file, only named differently.
fn is_generated_label(label: &str) -> bool {
    label.len() >= 16
        && label
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// The size of a spec's files from which they are parsed in parallel
/// (about 30,000 triples).
const PARALLEL_PARSE_BYTES: u64 = 1 << 20;

/// Loads one spec directory (or a single file).
pub fn load_spec(dir: &Path, options: &LoadOptions) -> Result<Spec, LoadError> {
    let paths = spec_files(dir)?;
    // Files are parsed in parallel only when there is enough to share: the
    // thread pool's start alone is about 0.5 ms, a tenth of checking a
    // 1,000-triple spec.
    let bytes: u64 = paths
        .iter()
        .filter_map(|p| std::fs::metadata(p).ok())
        .map(|m| m.len())
        .sum();
    let sources: Vec<ParsedSource> = if paths.len() > 1 && bytes >= PARALLEL_PARSE_BYTES {
        paths
            .par_iter()
            .map(|p| read_and_parse(p))
            .collect::<Result<_, _>>()?
    } else {
        paths
            .iter()
            .map(|p| read_and_parse(p))
            .collect::<Result<_, _>>()?
    };

    let mut files = Vec::with_capacity(sources.len());
    let mut subjects: HashMap<NamedOrBlankNode, Vec<StatementRef>> = HashMap::default();
    let mut syntax_errors = Vec::new();
    // Sized once: growing by doubling left up to half of it unused.
    let total: usize = sources.iter().map(|s| s.parsed.triples.len()).sum();
    let mut triples: Vec<Triple> = Vec::new();
    let mut triple_count = 0;
    for (file_index, source) in sources.into_iter().enumerate() {
        let ParsedSource {
            display,
            text,
            mut parsed,
            utf8_error,
        } = source;
        let file = SourceFile::new(
            display,
            text,
            parsed.statements,
            parsed.prefixes,
            parsed.triples.len(),
        );
        if let Some(at) = utf8_error {
            syntax_errors.push(syntax_finding(
                &file,
                file_index,
                at,
                1,
                "the file is not valid UTF-8",
            ));
        }
        for error in &parsed.errors {
            syntax_errors.push(syntax_finding(
                &file,
                file_index,
                error.start,
                error.end - error.start,
                &error.message,
            ));
        }
        triple_count += parsed.triples.len();
        scope_blank_nodes(&mut parsed.triples, file_index);

        let mut last: Option<(&NamedOrBlankNode, u32)> = None;
        for (triple, &statement) in parsed.triples.iter().zip(&parsed.triple_statement) {
            // Consecutive triples usually share subject and statement: record once.
            if last != Some((&triple.subject, statement)) {
                let refs = subjects.entry(triple.subject.clone()).or_default();
                let here = StatementRef {
                    file: file_index as u32,
                    statement,
                };
                if refs.last() != Some(&here) {
                    refs.push(here);
                }
                last = Some((&triple.subject, statement));
            }
        }
        if triples.is_empty() {
            // The first file's triples are moved, not copied.
            triples = parsed.triples;
            triples.reserve_exact(total - triples.len());
        } else {
            triples.extend(parsed.triples);
        }
        files.push(file);
    }
    let store = SpecStore::new(&triples);

    // A vocabulary the spec imports defines its own terms, even where the
    // spec adds statements about a few of them.
    let imported: Vec<&str> = triples
        .iter()
        .filter(|t| t.predicate.as_str() == OWL_IMPORTS)
        .filter_map(|t| match &t.object {
            oxigraph::model::Term::NamedNode(n) => Some(n.as_str()),
            _ => None,
        })
        .collect();
    let imports = options.imports.resolve(&imported, dir);
    let mut own_namespaces = own_namespaces(&files, &subjects, options, &imported);
    // The namespaces an imported spec of the workspace defines are checked
    // against what it describes (dangling-reference).
    for spec in &imports {
        own_namespaces.extend(spec.namespaces.iter().cloned());
    }
    Ok(Spec {
        sources: Sources {
            name: spec_name(dir),
            dir: dir.to_path_buf(),
            files,
            syntax_errors,
            triple_count,
        },
        graph: SpecGraph {
            store,
            subjects,
            own_namespaces,
            imports,
        },
        triples,
    })
}

fn syntax_finding(
    file: &SourceFile,
    file_index: usize,
    offset: usize,
    length: usize,
    message: &str,
) -> Finding {
    Finding {
        code: crate::check::Code::ParseError.into(),
        severity: Severity::Error,
        message: format!("syntax error: {}", first_line(message)),
        help: Some(parse_help(message)),
        label: Some(first_line(message).into()),
        location: Some(file.location(file_index, offset, length.max(1))),
        subject: None,
        predicate: None,
        object: None,
        baselined: false,
    }
}

fn first_line(message: &str) -> &str {
    message.lines().next().unwrap_or(message)
}

fn parse_help(message: &str) -> String {
    // oxttl says "The prefix ex: has not been declared".
    let undeclared = message
        .strip_prefix("The prefix ")
        .and_then(|rest| rest.strip_suffix(" has not been declared"));
    if let Some(prefix) = undeclared {
        format!("declare it at the top of the file: `@prefix {prefix} <…> .`")
    } else if message.contains("No scheme found") {
        "a relative IRI needs a base: declare one at the top of the file (`@base <https://example.org/my-spec/> .`) or write the full IRI".into()
    } else if message.contains("UTF-8") {
        "save the file as UTF-8".into()
    } else {
        "fix the Turtle syntax here; the rest of the file was still checked".into()
    }
}

/// The directory name of a spec (the file stem for a one-file spec).
pub fn spec_name(dir: &Path) -> String {
    let dir = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
    let name = if dir.is_file() {
        dir.file_stem()
    } else {
        dir.file_name()
    };
    name.map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| dir.display().to_string())
}

/// A path relative to the working directory when it lies below it.
pub fn display_path(path: &Path) -> String {
    let shown = std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(&cwd).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| path.to_path_buf());
    let shown = shown.strip_prefix("./").unwrap_or(&shown);
    shown.display().to_string()
}

/// The namespace of an IRI: everything up to the last `#`, or else the last `/`.
/// The part of an IRI after its namespace (`task-1` of `https://e.org/x#task-1`).
pub fn local_name(iri: &str) -> &str {
    &iri[namespace_of(iri).len()..]
}

pub fn namespace_of(iri: &str) -> &str {
    // A plain loop over the bytes from the end: `rfind` with a char pattern
    // costs about 200 instructions on an IRI (its searcher's set-up), and
    // the rules cut the namespace of nearly every term of a spec (2.5% of
    // checking 100 specs, callgrind). `#` and `/` are ASCII, so the cut
    // is a character boundary.
    let bytes = iri.as_bytes();
    let cut = match bytes.iter().rposition(|&b| b == b'#') {
        Some(hash) => hash + 1,
        None => bytes
            .iter()
            .rposition(|&b| b == b'/')
            .map_or(bytes.len(), |slash| slash + 1),
    };
    &iri[..cut]
}

/// Namespaces of shared vocabularies: describing one term of them does not
/// make them the spec's own. (W3C's covers RDF, RDFS, OWL, XSD, SHACL, SKOS
/// and PROV.)
const WELL_KNOWN: &[&str] = &[
    "http://www.w3.org/",
    "https://www.w3.org/",
    "http://purl.org/dc/",
    "http://purl.org/vocab/vann/",
    "http://xmlns.com/foaf/",
    "http://usefulinc.com/ns/doap#",
    "http://schema.org/",
    "https://schema.org/",
    crate::vocabulary::NAMESPACE,
];

const OWL_IMPORTS: &str = "http://www.w3.org/2002/07/owl#imports";

/// A shared vocabulary's namespace (W3C, Dublin Core, VANN, FOAF, DOAP,
/// schema.org, `sg:`): never a spec's own.
pub fn is_well_known(namespace: &str) -> bool {
    WELL_KNOWN.iter().any(|w| namespace.starts_with(w))
}

/// The spec's own namespaces: its files' empty prefix (`:`), the namespaces
/// it describes subjects in, and the configured ones — shared vocabularies
/// and vocabularies it imports (`owl:imports <…/doap#>`) excepted.
fn own_namespaces(
    files: &[SourceFile],
    subjects: &HashMap<NamedOrBlankNode, Vec<StatementRef>>,
    options: &LoadOptions,
    imported: &[&str],
) -> BTreeSet<String> {
    let mut own: BTreeSet<String> = options.namespaces.iter().cloned().collect();
    for file in files {
        if let Some(iri) = file.prefix("") {
            own.insert(iri.to_owned());
        }
    }
    for subject in subjects.keys() {
        if let NamedOrBlankNode::NamedNode(node) = subject {
            let ns = namespace_of(node.as_str());
            if !own.contains(ns) {
                own.insert(ns.to_owned());
            }
        }
    }
    // An import names the ontology, `<…/doap#>` or `<…/doap>`: both mean
    // the namespace `…/doap#` (or `…/doap/`).
    let is_imported = |ns: &str| {
        imported
            .iter()
            .any(|i| ns == *i || ns.strip_suffix(['#', '/']).is_some_and(|bare| bare == *i))
    };
    own.retain(|ns| !is_well_known(ns) && !ns.is_empty() && !is_imported(ns));
    own
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn namespaces_cut_at_hash_or_slash() {
        assert_eq!(namespace_of("http://e/a#b"), "http://e/a#");
        assert_eq!(namespace_of("http://e/a/b"), "http://e/a/");
        assert_eq!(namespace_of("urn:x"), "urn:x");
    }
}
