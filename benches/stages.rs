//! `cargo bench --bench stages`: where the time of `spec check` goes on the
//! 1,000,000-triple synthetic workspace (`STAGES_WORKSPACE=100,8,42` for
//! the 100 larger specs) — loading, then each rule on its own
//! (as a query; and the native forms `spec check` runs instead), then the
//! model (gates, schedule, …) and the vocabulary's SHACL shapes, in
//! one process on one thread. Use it to find the stage or rule to optimise;
//! `SPEC_RULES=DIR cargo bench --bench stages` times the rules in DIR too.

mod support;

// The allocator of the `spec` binary, so that the stages cost what they cost there.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use specgraph::check::{functions, ill_typed, native, run, scan, shacl, RuleSet};
use specgraph::finding::Severity;
use specgraph::load::{load_spec, LoadOptions};
use specgraph::model::{computed, Analysis};
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};
use support::Shape;

fn main() {
    let tmp = tempfile::tempdir().unwrap();
    // STAGES_WORKSPACE=SPECS,PHASES,TASKS_PER_PHASE times another shape, e.g.
    // `100,8,42`: the 100 larger specs of `cargo bench --bench check`.
    let (specs, phases, tasks_per_phase) = match std::env::var("STAGES_WORKSPACE") {
        Ok(shape) => {
            let n: Vec<usize> = shape
                .split(',')
                .map(|n| {
                    n.trim()
                        .parse()
                        .expect("STAGES_WORKSPACE=SPECS,PHASES,TASKS")
                })
                .collect();
            assert_eq!(n.len(), 3, "STAGES_WORKSPACE=SPECS,PHASES,TASKS");
            (n[0], n[1], n[2])
        }
        Err(_) => (1000, 4, 8),
    };
    let dirs = support::workspace(
        tmp.path(),
        specs,
        Shape {
            phases,
            tasks_per_phase,
            agents: 5,
            current: None,
        },
    );
    let options = LoadOptions::default();
    let mut rules = RuleSet::builtin();
    // SPEC_RULES=DIR times the rules of DIR as well: a way to compare a rule
    // with a rewrite of it (give the rewrite its own code).
    if let Ok(dir) = std::env::var("SPEC_RULES") {
        rules.add_dir(std::path::Path::new(&dir)).unwrap();
    }
    let shapes = shacl::Shapes::default();
    let mut times: BTreeMap<String, Duration> = BTreeMap::new();
    let mut triples = 0;
    // One spec at a time, dropped before the next, as `spec check` does: a
    // thousand live stores would make fresh memory, not loading, the cost.
    for dir in &dirs {
        let start = Instant::now();
        let spec = load_spec(dir, &options).unwrap();
        *times.entry("load".into()).or_default() += start.elapsed();
        triples += spec.sources.triple_count;
        let spec = &spec;
        let context = Arc::new(functions::FunctionContext::new(spec));
        let evaluator = functions::evaluator(&context);
        let start = Instant::now();
        let alignment = specgraph::check::CheckConfig::default().alignment(spec);
        let analysis = Analysis::of(spec, context.prefixes(), &alignment, &evaluator);
        computed::insert(&spec.graph.store, &analysis).unwrap();
        *times
            .entry("(model: gates, schedule, …)".into())
            .or_default() += start.elapsed();
        for rule in rules.rules.iter().filter(|r| r.is_query()) {
            let start = Instant::now();
            run::run_rule(spec, rule, Severity::Error, &evaluator, context.prefixes()).unwrap();
            *times.entry(rule.code.clone()).or_default() += start.elapsed();
        }
        // The three scanning rules as `spec check` runs them: one native pass.
        let start = Instant::now();
        let mut native = scan::Active::default();
        for code in scan::CODES {
            native.set(rules.get(code).unwrap(), Severity::Error);
        }
        scan::findings(spec, &context, &native);
        *times
            .entry("(native scan of the three)".into())
            .or_default() += start.elapsed();
        // The ten rules that compare declarations with the computed facts, as
        // `spec check` runs them: read from the dataset (check/native.rs).
        let start = Instant::now();
        let natively: Vec<_> = native::CODES
            .iter()
            .map(|code| (rules.get(code).unwrap(), Severity::Error))
            .collect();
        native::findings(spec, &context, &natively);
        *times
            .entry("(native: the ten computed-fact rules)".into())
            .or_default() += start.elapsed();
        // The dataset SPARQL runs on is part of loading; shown apart as well.
        let start = Instant::now();
        drop(specgraph::load::SpecStore::new(&spec.triples));
        *times.entry("(load: the dataset alone)".into()).or_default() += start.elapsed();
        let start = Instant::now();
        if let Some(rule) = rules.get(specgraph::check::Code::WrongKind.as_str()) {
            ill_typed::findings(spec, rule, Severity::Error, context.prefixes());
        }
        *times
            .entry("(wrong-kind: ill-typed literals)".into())
            .or_default() += start.elapsed();
        // Indexing the data is part of the shapes' time; shown apart as well.
        let start = Instant::now();
        drop(specgraph::shacl::graph::Graph::from_refs(
            spec.triples.iter().map(|t| t.as_ref()),
        ));
        *times.entry("(shapes: indexing alone)".into()).or_default() += start.elapsed();
        let start = Instant::now();
        let severity = |_: &str| Some(Severity::Error);
        shacl::check(spec, &shapes, &rules, &severity, context.prefixes()).unwrap();
        *times.entry("(shapes: closure, values)".into()).or_default() += start.elapsed();
    }
    println!("{} specs, {triples} triples, one thread", dirs.len());
    for (code, time) in &times {
        println!("{code:<24} {:>8.0} ms", time.as_secs_f64() * 1e3);
    }
}
