//! One input of each fuzz target: the single copy shared by the `cargo fuzz`
//! targets (`fuzz/fuzz_targets/*.rs`, through `#[path]`) and the stable smoke
//! test (`tests/fuzz_smoke.rs`). Each function panics when, and only when, a
//! property fails: a panic inside `specgraph` or a failed assertion here.

use specgraph::check::{check_spec, CheckConfig, Checked, RuleSet, SpecReport};
use specgraph::commands::render::IndexEntry;
use specgraph::load::{load_spec, parse::parse_turtle, LoadOptions};
use specgraph::render::context::ViewInputs;
use specgraph::render::view::SpecView;
use specgraph::render::{templates, Renderer, HEADER_PREFIX};
use specgraph::report::emit::{Emitter, Github, Human, Json, Sarif};
use specgraph::report::{human, json, Style};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// One input of a target; it panics when a property fails.
pub type Target = fn(&[u8]);

/// The targets, by the name of their corpus folder (`fuzz/corpus/<name>`).
pub const TARGETS: &[(&str, Target)] = &[
    ("load_check", load_check),
    ("fmt_roundtrip", fmt_roundtrip),
    ("render_context", render_context),
    ("record_value", record_value),
];

/// The built-in rules and the default configuration (vocabulary shapes
/// included), built once: compiling the shapes is the costly part.
fn rules_and_config() -> &'static (RuleSet, CheckConfig) {
    static ONCE: OnceLock<(RuleSet, CheckConfig)> = OnceLock::new();
    ONCE.get_or_init(|| (RuleSet::builtin(), CheckConfig::default()))
}

thread_local! {
    /// A folder per thread holding the one-file spec under test.
    static WORKSPACE: tempfile::TempDir = tempfile::Builder::new()
        .prefix("specgraph-fuzz-")
        .tempdir()
        .expect("cannot create a temporary folder");
}

/// Writes `data` as the one `.ttl` file of a spec, loads and checks it.
/// Returns the report and the workspace root (for SARIF's relative paths),
/// or `None` when checking stops with a `RuleFailure`: `spec check` reports
/// it (exit code 2), and a spec can cause one by itself, e.g. with a SHACL
/// shape whose `sh:select` does not parse.
fn checked(data: &[u8]) -> Option<(Checked, PathBuf)> {
    let root = WORKSPACE.with(|dir| dir.path().to_path_buf());
    let spec_dir = root.join("fuzz-spec");
    std::fs::create_dir_all(&spec_dir).expect("cannot create the spec folder");
    std::fs::write(spec_dir.join("spec.ttl"), data).expect("cannot write the spec file");
    let spec = load_spec(&spec_dir, &LoadOptions::default())
        .unwrap_or_else(|e| panic!("load_spec failed on a readable file: {e}"));
    let (rules, config) = rules_and_config();
    let checked = check_spec(spec, rules, config).ok()?;
    Some((checked, root))
}

/// `load_check`: any bytes as a spec file load, check (or stop with a
/// `RuleFailure`) and print in every format without panicking; the JSON and SARIF outputs are JSON.
pub fn load_check(data: &[u8]) {
    let Some((checked, root)) = checked(data) else {
        return;
    };
    let report = checked.report;
    for color in [false, true] {
        for quiet in [false, true] {
            let text = human::render_spec(&report, Style { color, quiet });
            assert!(quiet || !text.is_empty(), "no summary line");
        }
    }
    // Every format through the emitters, as the CLI prints them (twice the
    // spec, for the several-spec paths).
    let every: fn(&specgraph::finding::Finding) -> bool = |_| true;
    let style = Style {
        color: false,
        quiet: false,
    };
    let human = Human {
        body: |r: &SpecReport| human::render_spec(r, style),
        select: every,
        separator: "",
        total: true,
    };
    let pieces = [human.spec(&report), human.spec(&report)];
    assert!(human.finish(&pieces).contains("checked 2 specs"));
    let json = Json {
        body: json::spec,
        select: every,
    };
    let json = json.finish(&[json.spec(&report), json.spec(&report)]);
    if let Err(e) = serde_json::from_str::<serde_json::Value>(&json) {
        panic!("the JSON output is not JSON ({e}):\n{json}");
    }
    let sarif = Sarif {
        rules: rules_and_config().0.clone(),
        root,
        select: every,
        baseline: true,
    };
    let sarif = sarif.finish(&[sarif.spec(&report)]);
    if let Err(e) = serde_json::from_str::<serde_json::Value>(&sarif) {
        panic!("the SARIF output is not JSON ({e}):\n{sarif}");
    }
    let findings = &report.findings;
    let github = Github { select: every };
    let github = github.finish(&[github.spec(&report)]);
    assert_eq!(
        github.lines().count(),
        findings.len(),
        "one GitHub command line per finding:\n{github}"
    );
    assert!(
        github.lines().all(|l| l.starts_with("::")),
        "a GitHub line that is not a workflow command:\n{github}"
    );
}

/// `fmt_roundtrip`: text that parses without errors formats to text that
/// parses, means the same triples (the same RDFC-1.0 hash; `spec fmt` itself
/// compares the sets of triples when there is no blank node) and is already
/// formatted.
pub fn fmt_roundtrip(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let parsed = parse_turtle(text);
    if !parsed.errors.is_empty() {
        return;
    }
    let Ok((before, _)) = specgraph::export::canonical(&parsed.triples) else {
        // RDFC-1.0 gives up on some blank node graphs; `spec fmt` cannot verify those either.
        return;
    };
    let formatted = specgraph::format::format(text);
    let after = parse_turtle(&formatted);
    if let Some(error) = after.errors.first() {
        panic!(
            "the formatted text does not parse: {} at byte {}\n--- input\n{text}\n--- formatted\n{formatted}",
            error.message, error.start
        );
    }
    match specgraph::export::canonical(&after.triples) {
        Ok((hash, _)) if hash == before => {}
        other => panic!(
            "formatting changed the triples ({before} -> {:?})\n--- input\n{text}\n--- formatted\n{formatted}",
            other.map(|c| c.0)
        ),
    }
    let again = specgraph::format::format(&formatted);
    assert!(
        again == formatted,
        "formatting is not idempotent\n--- input\n{text}\n--- formatted\n{formatted}\n--- formatted again\n{again}"
    );
}

fn default_renderer() -> Renderer {
    Renderer::new(
        templates::load(None).expect("the default templates load"),
        specgraph::render::Format::Markdown,
    )
    .unwrap_or_else(|e| panic!("the default templates compile: {e:?}"))
}

fn renderer() -> &'static Renderer {
    static ONCE: OnceLock<Renderer> = OnceLock::new();
    ONCE.get_or_init(default_renderer)
}

/// The default templates, every one evaluated by minijinja.
fn reference_renderer() -> &'static Renderer {
    static ONCE: OnceLock<Renderer> = OnceLock::new();
    ONCE.get_or_init(|| default_renderer().reference_templates())
}

/// `render_context`: the checked spec's view renders through the default
/// templates (per spec, per agent and the workspace index) without error;
/// every document starts with the generated-file header, and the documents
/// written natively are byte for byte those minijinja evaluates.
pub fn render_context(data: &[u8]) {
    let Some((checked, _)) = checked(data) else {
        return;
    };
    let inputs = ViewInputs::of(&checked.report);
    let view = SpecView::new(&inputs);
    let documents = renderer()
        .render_spec(&view, &checked)
        .unwrap_or_else(|e| panic!("rendering the default templates failed: {e:?}"));
    for document in &documents {
        assert!(
            document.text.starts_with(HEADER_PREFIX),
            "{} lacks the header",
            document.path.display()
        );
        assert!(
            document.path.is_relative()
                && !document.path.components().any(|c| c.as_os_str() == ".."),
            "a document outside the output folder: {}",
            document.path.display()
        );
    }
    let reference = reference_renderer()
        .render_spec(&view, &checked)
        .unwrap_or_else(|e| panic!("evaluating the default templates failed: {e:?}"));
    assert_eq!(documents.len(), reference.len());
    for (native, evaluated) in documents.iter().zip(&reference) {
        assert_eq!(native.path, evaluated.path);
        assert!(
            native.text == evaluated.text,
            "{}: the native document differs from the template's\n--- native\n{}\n--- template\n{}",
            native.path.display(),
            native.text,
            evaluated.text
        );
    }
    // An up-to-date spec's line of the index is made without its view: the
    // same line.
    let markdown = specgraph::render::Format::Markdown;
    let entry = IndexEntry::of(view.into_summary(), markdown);
    let without_view = IndexEntry::of(inputs.summary(), markdown);
    assert_eq!(
        serde_json::to_string(&entry).unwrap(),
        serde_json::to_string(&without_view).unwrap(),
        "the index line made without the view differs"
    );
    renderer()
        .render_workspace(&[entry])
        .unwrap_or_else(|e| panic!("rendering the workspace index failed: {e:?}"));
}

/// `record_value`: whatever `spec record` accepts as a value is written bare
/// into Turtle, so it must be a valid xsd:integer (no `.`) or xsd:decimal
/// lexical form, as `spec check` (`well_formed`) and oxsdatatypes judge it,
/// and must read back as that literal.
pub fn record_value(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(value) = specgraph::commands::record::parse_value(text) else {
        return;
    };
    let lexical = value.0;
    let (datatype, valid) = if lexical.contains('.') {
        ("decimal", lexical.parse::<oxsdatatypes::Decimal>().is_ok())
    } else {
        ("integer", lexical.parse::<oxsdatatypes::Integer>().is_ok())
    };
    let iri = format!("http://www.w3.org/2001/XMLSchema#{datatype}");
    let literal =
        oxrdf::Literal::new_typed_literal(&lexical, oxrdf::NamedNode::new_unchecked(&iri));
    let well_formed = specgraph::shacl::values::well_formed(&literal);
    assert!(
        valid && well_formed,
        "spec record accepts {text:?} and writes `{lexical}`, which is not a valid xsd:{datatype} \
         (oxsdatatypes: {valid}, spec check: {well_formed})"
    );
    let turtle = format!("<urn:s> <urn:p> {lexical} .\n");
    let parsed = parse_turtle(&turtle);
    assert!(
        parsed.errors.is_empty() && parsed.triples.len() == 1,
        "`{lexical}` written by spec record does not parse as Turtle"
    );
    assert_eq!(
        parsed.triples[0].object,
        oxrdf::Term::Literal(literal),
        "`{lexical}` reads back as another literal"
    );
}

/// The files of `fuzz/corpus/<target>` (or any folder), sorted by name.
pub fn files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(entries) => entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.is_file())
            .collect(),
        Err(_) => Vec::new(),
    };
    files.sort();
    files
}
