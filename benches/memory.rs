//! `cargo bench --bench memory`: peak memory of `spec check` on one large spec.
//!
//! Generates one spec of about 2,000,000 triples (20 phases × 4,400 tasks,
//! with the links of `support::campaign`), runs the release `spec check
//! --quiet` on it as a child process and prints its peak resident memory
//! against the size of the files and the number of triples. The target is a
//! peak of at most 8× the files' size (issue 13). `SPEC_MEMORY_TASKS=N` sets
//! the tasks per phase (a smaller spec for a heap profiler).
//!
//! Then it checks the same spec in this process, stage by stage as
//! `check_spec` does, with a counting allocator around the binary's
//! (mimalloc), and prints the live heap each structure holds and the peak of
//! each stage: where the bytes go. The same spec,
//! to measure by hand: `cargo run --release --example generate_workspace --
//! DIR 1 20 4400`.

mod support;

use specgraph::check::{functions, ill_typed, run, shacl, RuleSet};
use specgraph::finding::Severity;
use specgraph::load::{load_spec, LoadOptions};
use specgraph::model::{computed, Analysis};
use std::alloc::{GlobalAlloc, Layout};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::sync::Arc;
use support::Shape;

/// mimalloc, as in the binary, counting the bytes live and their peak.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is forwarded to mimalloc unchanged; only counters are added.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { mimalloc::MiMalloc.alloc(layout) };
        if !p.is_null() {
            let live = LIVE.fetch_add(layout.size(), Relaxed) + layout.size();
            PEAK.fetch_max(live, Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { mimalloc::MiMalloc.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Relaxed);
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { mimalloc::MiMalloc.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            let live = LIVE.fetch_add(new_size, Relaxed) + new_size;
            PEAK.fetch_max(live, Relaxed);
            LIVE.fetch_sub(layout.size(), Relaxed);
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn live() -> usize {
    LIVE.load(Relaxed)
}

/// Restarts the peak from what is live now.
fn reset_peak() -> usize {
    let now = live();
    PEAK.store(now, Relaxed);
    now
}

const SPEC: &str = env!("CARGO_BIN_EXE_spec");

fn main() {
    let tasks_per_phase = std::env::var("SPEC_MEMORY_TASKS")
        .ok()
        .map_or(4_400, |v| v.parse().expect("SPEC_MEMORY_TASKS is a number"));
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let dirs = support::workspace(
        root,
        1,
        Shape {
            phases: 20,
            tasks_per_phase,
            agents: 5,
            current: None,
        },
    );
    let files = specgraph::load::spec_files(&dirs[0]).unwrap();
    let bytes: u64 = files
        .iter()
        .map(|f| std::fs::metadata(f).unwrap().len())
        .sum();

    // The child first: getrusage reports the largest child's peak so far.
    let elapsed = support::run(SPEC, root, &["check", "--quiet"]);
    let peak = support::peak_child_rss_bytes();

    let triples: usize = files
        .iter()
        .map(|f| {
            let text = std::fs::read_to_string(f).unwrap();
            specgraph::load::parse::parse_turtle(&text).triples.len()
        })
        .sum();
    let mib = |b: u64| b as f64 / (1024.0 * 1024.0);
    println!(
        "one spec: {triples} triples, {:.1} MiB of Turtle ({:.0} bytes/triple); spec check --quiet: {:.2} s, peak RSS {:.0} MiB = {:.0} bytes/triple = {:.2}× the files (target: ≤ 8×)",
        mib(bytes),
        bytes as f64 / triples as f64,
        elapsed.as_secs_f64(),
        mib(peak),
        peak as f64 / triples as f64,
        peak as f64 / bytes as f64,
    );

    breakdown(&dirs[0], triples);
}

/// Frees one part of a loaded spec.
type Free = dyn Fn(&mut specgraph::load::Spec);

/// `check_spec`'s stages in this process: the live heap each structure holds
/// and the peak of each stage, per triple.
fn breakdown(dir: &std::path::Path, triples: usize) {
    let row = |what: &str, bytes: usize| {
        println!(
            "  {what:<58} {:>8.1} MiB {:>6.0} bytes/triple",
            bytes as f64 / (1024.0 * 1024.0),
            bytes as f64 / triples as f64
        );
    };
    println!("in process, live heap (counting allocator around mimalloc):");
    let rules = RuleSet::builtin();
    let shapes = shacl::Shapes::default();
    let base = reset_peak();
    let mut spec = load_spec(dir, &LoadOptions::default()).unwrap();
    row("load: peak", PEAK.load(Relaxed) - base);
    row("load: spec as loaded", live() - base);

    let before = reset_peak();
    let context = Arc::new(functions::FunctionContext::new(&spec));
    let evaluator = functions::evaluator(&context);
    row(
        "function context (described IRIs, prefixes)",
        live() - before,
    );

    let before = reset_peak();
    let alignment = specgraph::check::CheckConfig::default().alignment(&spec);
    let analysis = Analysis::of(&spec, context.prefixes(), &alignment, &evaluator);
    row("model: peak while computed", PEAK.load(Relaxed) - before);
    row("model: analysis kept", live() - before);
    let before = reset_peak();
    computed::insert(&spec.graph.store, &analysis).unwrap();
    row("computed facts added to the store", live() - before);

    // As check_spec: ill-typed literals and the shapes read the parsed
    // triples, which are then freed; the rules run last, over the store.
    let before = reset_peak();
    let graph = specgraph::shacl::graph::Graph::from_refs(spec.triples.iter().map(|t| t.as_ref()));
    row("SHACL data graph (interned index)", live() - before);
    drop(graph);
    let before = reset_peak();
    if let Some(rule) = rules.get(specgraph::check::Code::WrongKind.as_str()) {
        ill_typed::findings(&spec, rule, Severity::Error, context.prefixes());
    }
    let severity = |_: &str| Some(Severity::Error);
    shacl::check(&spec, &shapes, &rules, &severity, context.prefixes()).unwrap();
    row(
        "ill-typed literals and shapes: peak above the spec (graph included)",
        PEAK.load(Relaxed) - before,
    );
    let before = live();
    spec.triples = Vec::new();
    row(
        "spec.triples (Vec<Triple>), freed before the rules",
        before.saturating_sub(live()),
    );

    let before = reset_peak();
    for rule in rules.rules.iter().filter(|r| r.is_query()) {
        run::run_rule(&spec, rule, Severity::Error, &evaluator, context.prefixes()).unwrap();
    }
    row("rules: peak above the spec", PEAK.load(Relaxed) - before);

    drop(analysis);
    drop(evaluator);
    drop(context);
    // What each part of the loaded spec holds, freed one at a time.
    let parts: [(&str, &Free); 3] = [
        ("spec.graph.subjects (source map by subject)", &|s| {
            s.graph.subjects = Default::default()
        }),
        ("spec.graph.store (the interned dataset)", &|s| {
            s.graph.store = specgraph::load::SpecStore::empty()
        }),
        (
            "spec.sources.files (text, statements, lines, prefixes)",
            &|s| s.sources.files = Vec::new(),
        ),
    ];
    for (what, free) in parts {
        let before = live();
        free(&mut spec);
        row(what, before.saturating_sub(live()));
    }
}
