//! `cargo bench --bench scaling`: how the time of each command grows with the
//! data, to catch what is superlinear. A pass over every task for each phase
//! or each agent costs nothing on a 1,000-triple spec and most of the time of
//! a 1,000,000-triple one (an issue measured `spec status` growing as
//! n^1.59 on one spec): a figure at one size does not show it, the growth
//! between sizes does.
//!
//! The release binary runs as a child process, start included, on synthetic
//! workspaces (`support::campaign`; one spec of N triples has the shape
//! `Shape::of_triples`: phases and agents grow as the square root of the
//! tasks):
//!
//! - one spec of about 1k, 10k, 100k and 1M triples;
//! - 1, 10, 100 and 1,000 specs of about 1k triples each;
//! - about 1M triples split across 10, 100 and 1,000 specs;
//!
//! for `check`, `gates`, `status`, `render` (into a fresh folder), `export`
//! and `query` (`SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }`) of the first
//! spec (with many specs, they find and load that one among the others),
//! and `fmt --check` (it formats every file in memory and writes nothing; the
//! generated files are not in the canonical layout, so every file is
//! formatted and it exits 1).
//!
//! It prints the median wall time, the median CPU time (user and system,
//! which varies less on a shared machine) and the median user time of each,
//! and the growth exponent log(t2/t1)/log(n2/n1) from the size before in
//! the same series; `!` marks an exponent above 1.15. User time is the
//! program's own work: the system time of a run is mostly the kernel
//! zeroing the memory it touches for the first time, which on the shared
//! development machine varied from 0.2 to 4.4 s between two runs of the
//! same command on the same 1M-triple spec, so a superlinear CPU exponent
//! with a linear user one is the machine's, not a loop of ours. Medians
//! of 5 runs up to 20k triples, 3 up to 200k, 2 above: the whole run took
//! about 9 minutes on 2 cores on 2026-12-05.
//!
//! - `SCALING_MAX=100000`: no workspace above that many triples (a quick run);
//! - `SCALING_COMMANDS=check,status`: only those commands;
//! - `SCALING_BIN=/path/to/spec`: time another binary (an older build, to
//!   compare; the figures of two binaries are only comparable in one run).

mod support;

use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;
use support::Shape;

const QUERY: &str = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }";

const COMMANDS: &[&str] = &[
    "check", "gates", "status", "render", "export", "fmt", "query",
];

/// An exponent above this is marked: linear work plus the usual cache and
/// allocator effects stays under it between sizes 10× apart.
const SUPERLINEAR: f64 = 1.15;

/// User time below this is not compared: the kernel splits a run's CPU
/// time between user and system by sampling at clock ticks, so a run of a
/// few hundredths of a second has no precise user figure (a query at 10k
/// triples: 23 ms of CPU, 12 ms of it "user" in one run). The exponent is
/// printed with `~` and not flagged.
const PRECISE_USER: Duration = Duration::from_millis(50);

/// A workspace to generate: `specs` specs of about `per_spec` triples.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Size {
    specs: usize,
    per_spec: usize,
}

impl Size {
    fn total(self) -> usize {
        self.specs * self.per_spec
    }

    fn label(self) -> String {
        format!("{} × {}", self.specs, short(self.per_spec))
    }
}

/// `1k`, `100k`, `1M`.
fn short(n: usize) -> String {
    match n {
        n if n >= 1_000_000 && n % 1_000_000 == 0 => format!("{}M", n / 1_000_000),
        n if n >= 1_000 && n % 1_000 == 0 => format!("{}k", n / 1_000),
        n => n.to_string(),
    }
}

/// Median wall and CPU time of one command on one workspace.
#[derive(Clone, Copy)]
struct Timing {
    wall: Duration,
    cpu: Duration,
    user: Duration,
}

struct Measured {
    triples: usize,
    times: BTreeMap<&'static str, Timing>,
}

/// The middle sample; of an even number, the mean of the middle two.
fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    let half = samples.len() / 2;
    if samples.len().is_multiple_of(2) {
        (samples[half - 1] + samples[half]) / 2
    } else {
        samples[half]
    }
}

/// Two runs of the largest workspaces: one run of `spec check` on 1M
/// triples took 1.2 to 4.0 s of system time (fresh memory) on the shared
/// development machine, enough to move an exponent by 0.1.
fn repetitions(triples: usize) -> usize {
    match triples {
        0..=20_000 => 5,
        20_001..=200_000 => 3,
        _ => 2,
    }
}

/// Triples of the generated files, parsed in this process.
fn count_triples(dirs: &[PathBuf]) -> usize {
    dirs.iter()
        .flat_map(|d| specgraph::load::spec_files(d).unwrap())
        .map(|f| {
            let text = std::fs::read_to_string(f).unwrap();
            specgraph::load::parse::parse_turtle(&text).triples.len()
        })
        .sum()
}

/// Runs `command` once in `root`, returns its wall and CPU time.
fn run_once(spec: &str, root: &Path, scratch: &Path, command: &str, first: &str) -> Timing {
    let out = scratch.join("out");
    let out_text = out.to_str().unwrap();
    let args: Vec<&str> = match command {
        "render" => vec!["render", "--out", out_text],
        "export" => vec!["export", first, "--out", out_text],
        "fmt" => vec!["fmt", "--check"],
        "query" => vec!["query", first, QUERY],
        other => vec![other],
    };
    let (user_before, system_before) = support::children_times();
    let wall = support::run(spec, root, &args);
    let (user_after, system_after) = support::children_times();
    let user = user_after.saturating_sub(user_before);
    let cpu = user + system_after.saturating_sub(system_before);
    if out.is_dir() {
        std::fs::remove_dir_all(&out).unwrap();
    } else if out.exists() {
        std::fs::remove_file(&out).unwrap();
    }
    Timing { wall, cpu, user }
}

fn measure(spec: &str, tmp: &Path, size: Size, commands: &[&'static str]) -> Measured {
    let root = tmp.join(format!("ws-{}-{}", size.specs, size.per_spec));
    let dirs = support::workspace(&root, size.specs, Shape::of_triples(size.per_spec));
    let triples = count_triples(&dirs);
    let first = dirs[0].file_name().unwrap().to_str().unwrap().to_owned();
    let scratch = tmp.join("scratch");
    std::fs::create_dir_all(&scratch).unwrap();
    let reps = repetitions(triples);
    let mut times = BTreeMap::new();
    for &command in commands {
        let runs: Vec<Timing> = (0..reps)
            .map(|_| run_once(spec, &root, &scratch, command, &first))
            .collect();
        let timing = Timing {
            wall: median(runs.iter().map(|t| t.wall).collect()),
            cpu: median(runs.iter().map(|t| t.cpu).collect()),
            user: median(runs.iter().map(|t| t.user).collect()),
        };
        eprintln!(
            "  {:<14} {triples:>9} triples  {command:<7} {:>8.3} s wall {:>8.3} s CPU {:>8.3} s user (medians of {reps})",
            size.label(),
            timing.wall.as_secs_f64(),
            timing.cpu.as_secs_f64(),
            timing.user.as_secs_f64()
        );
        times.insert(command, timing);
    }
    std::fs::remove_dir_all(&root).unwrap();
    Measured { triples, times }
}

/// log(t2/t1) / log(n2/n1).
fn exponent(n1: usize, t1: Duration, n2: usize, t2: Duration) -> f64 {
    (t2.as_secs_f64() / t1.as_secs_f64()).ln() / (n2 as f64 / n1 as f64).ln()
}

/// One table of a series (each size with the exponent from the one before)
/// or, with `growth` false, of sizes side by side.
fn table(
    title: &str,
    sizes: &[Size],
    results: &BTreeMap<Size, Measured>,
    commands: &[&'static str],
    pick: fn(&Timing) -> Duration,
    growth: bool,
    precise_from: Duration,
) -> (String, Vec<String>) {
    let mut out = String::new();
    let mut flagged = Vec::new();
    let _ = writeln!(out, "\n{title}\n");
    let _ = write!(out, "| specs × triples | triples |");
    for command in commands {
        let _ = write!(out, " {command} |");
    }
    let _ = write!(out, "\n|---|---:|");
    for _ in commands {
        let _ = write!(out, "---:|");
    }
    out.push('\n');
    let mut previous: Option<(Size, &Measured)> = None;
    for &size in sizes {
        let Some(measured) = results.get(&size) else {
            continue;
        };
        let _ = write!(out, "| {} | {} |", size.label(), measured.triples);
        for command in commands {
            let time = pick(&measured.times[command]);
            let mut cell = format!("{:.3} s", time.as_secs_f64());
            if let (true, Some((before_size, before))) = (growth, previous) {
                let earlier = pick(&before.times[command]);
                let e = exponent(before.triples, earlier, measured.triples, time);
                let precise = earlier >= precise_from;
                let flag = precise && e > SUPERLINEAR;
                let mark = if flag { " !" } else { "" };
                let rough = if precise { "" } else { "~" };
                let _ = write!(cell, " ({rough}n^{e:.2}{mark})");
                if flag {
                    flagged.push(format!(
                        "{title}: {command} from {} to {}: n^{e:.2}",
                        before_size.label(),
                        size.label()
                    ));
                }
            }
            let _ = write!(out, " {cell} |");
        }
        out.push('\n');
        previous = Some((size, measured));
    }
    (out, flagged)
}

fn main() {
    let spec = std::env::var("SCALING_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_spec").into());
    let max: usize = std::env::var("SCALING_MAX")
        .ok()
        .map(|m| m.replace('_', "").parse().expect("SCALING_MAX: a number"))
        .unwrap_or(1_000_000);
    let commands: Vec<&'static str> = match std::env::var("SCALING_COMMANDS") {
        Ok(list) => COMMANDS
            .iter()
            .copied()
            .filter(|c| list.split(',').any(|l| l.trim() == *c))
            .collect(),
        Err(_) => COMMANDS.to_vec(),
    };
    let keep = |s: &Size| s.total() <= max;
    let one: Vec<Size> = [1_000, 10_000, 100_000, 1_000_000]
        .into_iter()
        .map(|n| Size {
            specs: 1,
            per_spec: n,
        })
        .filter(keep)
        .collect();
    let many: Vec<Size> = [1, 10, 100, 1_000]
        .into_iter()
        .map(|specs| Size {
            specs,
            per_spec: 1_000,
        })
        .filter(keep)
        .collect();
    // The largest total, split; specs of fewer than 1,000 triples are not
    // campaigns this generator writes well.
    let total = max.min(1_000_000);
    let split: Vec<Size> = [1, 10, 100, 1_000]
        .into_iter()
        .filter(|&specs| total / specs >= 1_000)
        .map(|specs| Size {
            specs,
            per_spec: total / specs,
        })
        .collect();
    let mut all: Vec<Size> = one.iter().chain(&many).chain(&split).copied().collect();
    all.sort();
    all.dedup();

    eprintln!("spec: {spec}");
    let tmp = tempfile::tempdir().unwrap();
    let mut results = BTreeMap::new();
    // Smallest first: a quick look at the small sizes before the long ones.
    all.sort_by_key(|s| (s.total(), s.specs));
    for size in all {
        results.insert(size, measure(&spec, tmp.path(), size, &commands));
    }

    let wall = |t: &Timing| t.wall;
    let cpu = |t: &Timing| t.cpu;
    let user = |t: &Timing| t.user;
    let mut flagged = Vec::new();
    for (pick, what, precise_from) in [
        (wall as fn(&Timing) -> Duration, "wall", Duration::ZERO),
        (cpu, "CPU", Duration::ZERO),
        (user, "user", PRECISE_USER),
    ] {
        for (title, sizes, growth) in [
            (format!("One spec, {what} time"), &one, true),
            (format!("Specs of ~1k triples, {what} time"), &many, true),
            (
                format!("~{} triples split across specs, {what} time", short(total)),
                &split,
                false,
            ),
        ] {
            let (text, flags) = table(
                &title,
                sizes,
                &results,
                &commands,
                pick,
                growth,
                precise_from,
            );
            print!("{text}");
            flagged.extend(flags);
        }
    }
    println!();
    if flagged.is_empty() {
        println!("No exponent above {SUPERLINEAR}.");
    } else {
        println!("Exponents above {SUPERLINEAR} (superlinear):");
        for line in flagged {
            println!("  ! {line}");
        }
    }
}
