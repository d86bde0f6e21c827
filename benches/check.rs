//! `cargo bench --bench check`: end-to-end figures for `spec check`.
//!
//! - a ~1,000-triple spec, process start included (target: well under 50 ms);
//! - a ~1,000,000-triple workspace of many specs (target: under 3 s on 2 cores),
//!   with triples/second and peak memory, next to parse-only throughput;
//! - one 20,000-task spec, to catch a rule that is quadratic in the spec size;
//! - one file of 40,000 `@prefix` lines and 5,000 tasks, each with a finding
//!   naming an IRI of its own prefix (prefix tables and compaction were
//!   quadratic: 105 s for the prefixes alone).

mod support;

use rayon::prelude::*;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};
use support::Shape;

fn run(dir: &Path, args: &[&str]) -> Duration {
    support::run(SPEC, dir, args)
}

const SPEC: &str = env!("CARGO_BIN_EXE_spec");

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn triples(dir: &Path) -> usize {
    let out = Command::new(SPEC)
        .args(["check", "--format", "json", "--quiet"])
        .current_dir(dir)
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    json["specs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["triples"].as_u64().unwrap() as usize)
        .sum()
}

/// One file of `prefixes` `@prefix` lines and `tasks` tasks, each incomplete
/// (a finding) and depending on a resource of its own prefix (compacted in the
/// message).
fn many_prefixes(prefixes: usize, tasks: usize) -> String {
    use std::fmt::Write;
    let mut text = String::from(
        "@prefix : <https://example.org/prefixes#> .\n@prefix sg: <https://w3id.org/specgraph#> .\n",
    );
    for i in 0..prefixes {
        let _ = writeln!(text, "@prefix p{i}: <https://example.org/ns{i}#> .");
    }
    for t in 0..tasks {
        let _ = writeln!(
            text,
            ":task-{t} a sg:Task ; sg:title \"Task {t}\" ; sg:dependsOn p{}:x .",
            t % prefixes.max(1)
        );
    }
    text
}

fn main() {
    let tmp = tempfile::tempdir().unwrap();

    // 1. One small spec, end to end.
    let small = tmp.path().join("small");
    support::workspace(
        &small,
        1,
        Shape {
            phases: 4,
            tasks_per_phase: 8,
            agents: 5,
            current: None,
        },
    );
    let small_triples = triples(&small);
    run(&small, &["check", "--quiet"]);
    let small_time = median(
        (0..21)
            .map(|_| run(&small, &["check", "--quiet"]))
            .collect(),
    );
    println!("small spec: {small_triples} triples, check end to end (median of 21, process start included): {:.1} ms", small_time.as_secs_f64() * 1e3);

    // 2. The 1M-triple workspace.
    let big = tmp.path().join("big");
    let dirs = support::workspace(
        &big,
        1000,
        Shape {
            phases: 4,
            tasks_per_phase: 8,
            agents: 5,
            current: None,
        },
    );
    let big_triples = triples(&big);
    let big_time = median((0..3).map(|_| run(&big, &["check", "--quiet"])).collect());
    let peak = support::peak_child_rss_bytes() as f64 / (1024.0 * 1024.0);
    println!(
        "workspace: {} specs, {big_triples} triples, check end to end (median of 3): {:.2} s, {:.0} triples/s, peak RSS {:.0} MiB",
        dirs.len(),
        big_time.as_secs_f64(),
        big_triples as f64 / big_time.as_secs_f64(),
        peak
    );

    // Gates and schedule of the same workspace (each also runs every rule).
    for command in ["gates", "status"] {
        let time = median((0..3).map(|_| run(&big, &[command])).collect());
        println!(
            "workspace: spec {command} end to end (median of 3): {:.2} s",
            time.as_secs_f64()
        );
    }

    // Rendering every document of the same workspace (into a fresh folder each time).
    let render_times: Vec<Duration> = (0..3)
        .map(|i| {
            let out = tmp.path().join(format!("docs-{i}"));
            run(&big, &["render", "--out", out.to_str().unwrap()])
        })
        .collect();
    let documents = walkdir::WalkDir::new(tmp.path().join("docs-0"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .count();
    println!(
        "workspace: spec render end to end (median of 3): {:.2} s, {documents} documents",
        median(render_times).as_secs_f64()
    );

    // Parse-only throughput of the same files, in process.
    let texts: Vec<String> = dirs
        .iter()
        .flat_map(|d| specgraph::load::spec_files(d).unwrap())
        .map(|f| std::fs::read_to_string(f).unwrap())
        .collect();
    let start = Instant::now();
    let parsed: usize = texts
        .iter()
        .map(|t| specgraph::load::parse::parse_turtle(t).triples.len())
        .sum();
    let one_core = start.elapsed();
    let start = Instant::now();
    let parsed_parallel: usize = texts
        .par_iter()
        .map(|t| specgraph::load::parse::parse_turtle(t).triples.len())
        .sum();
    let all_cores = start.elapsed();
    assert_eq!(parsed, parsed_parallel);
    println!(
        "parse only (statement splitter + oxttl, same files): {:.0} triples/s on one core, {:.0} triples/s on {} threads",
        parsed as f64 / one_core.as_secs_f64(),
        parsed as f64 / all_cores.as_secs_f64(),
        rayon::current_num_threads()
    );

    // 3. One large spec: a quadratic rule would explode here.
    let wide = tmp.path().join("wide");
    support::workspace(
        &wide,
        1,
        Shape {
            phases: 20,
            tasks_per_phase: 1000,
            agents: 50,
            current: None,
        },
    );
    let wide_triples = triples(&wide);
    let wide_time = run(&wide, &["check", "--quiet"]);
    println!(
        "one large spec: {wide_triples} triples (20,000 tasks), check end to end: {:.2} s",
        wide_time.as_secs_f64()
    );

    // 4. Many prefixes: every prefix table and every compacted IRI scales with them.
    let prefixed = tmp.path().join("prefixed");
    std::fs::create_dir_all(prefixed.join("specs/0000-prefixes")).unwrap();
    std::fs::write(
        prefixed.join("specs/0000-prefixes/prefixes.ttl"),
        many_prefixes(40_000, 5_000),
    )
    .unwrap();
    let prefixed_triples = triples(&prefixed);
    let prefixed_time = run(&prefixed, &["check", "--quiet"]);
    println!(
        "one file of 40,000 @prefix lines, 5,000 tasks with a finding each ({prefixed_triples} triples), check end to end: {:.2} s",
        prefixed_time.as_secs_f64()
    );
}
