//! A generator of synthetic campaigns with realistic links: phases in order,
//! each closed by a gate with criteria; tasks with assignee, estimate, status,
//! progress, dependencies on earlier tasks, files touched, deliverables and
//! objectives; agents, metrics with measurements, risks. Deterministic.

use std::fmt::Write;
use std::path::{Path, PathBuf};

/// Size of one synthetic spec.
#[derive(Debug, Clone, Copy)]
pub struct Shape {
    pub phases: usize,
    pub tasks_per_phase: usize,
    pub agents: usize,
    /// The phase under way: the phases before it are done, those after it
    /// wait. `None`: one drawn at random (with the seed).
    pub current: Option<usize>,
}

impl Shape {
    /// The shape of one spec of about `triples` triples, for timing how a
    /// command grows with one spec's size. Phases and agents grow as the
    /// square root of the tasks (4 phases of 9 tasks and 5 agents at 1,000
    /// triples, 144 phases of 289 tasks and 144 agents at 1,000,000), so a
    /// pass over every task for each phase or each agent shows as growth,
    /// where a fixed handful of phases would hide it. The phase under way is
    /// the middle one, so that specs of every size are half done: with one
    /// drawn at random, the open tasks (and what is computed of them) went
    /// from a tenth to a half of the spec between two sizes. The tasks
    /// sharing a file within one phase stay few (file collisions, pairs by
    /// nature, grow as n^1.5 here, to about 1,000 at 1,000,000 triples). A
    /// task is about 23 triples, a phase with its gate 24, the rest of a spec
    /// about 100.
    #[allow(dead_code)] // not every benchmark uses it
    pub fn of_triples(triples: usize) -> Self {
        let tasks = (triples.saturating_sub(104) / 24).max(1);
        let phases = ((tasks as f64 / 2.0).sqrt().round() as usize).max(1);
        Shape {
            phases,
            tasks_per_phase: ((tasks as f64 / phases as f64).round() as usize).max(1),
            agents: phases.max(5),
            current: Some(phases.div_ceil(2)),
        }
    }
}

/// A tiny deterministic pseudo-random sequence (no dependency needed).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, bound: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % bound.max(1)
    }
}

/// The three files of a spec: (feature.ttl, entities.ttl, plan.ttl).
pub fn campaign(name: &str, shape: Shape, seed: u64) -> [String; 3] {
    let mut rng = Lcg(seed);
    let head = format!(
        "@prefix : <https://example.org/{name}#> .\n@prefix sg: <https://w3id.org/specgraph#> .\n@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n\n"
    );
    let mut feature = head.clone();
    let _ = writeln!(
        feature,
        ":campaign a sg:Campaign ;\n    sg:title \"Campaign {name}\" ;\n    sg:description \"A synthetic campaign.\" ;\n    sg:coordinator :agent-0 ;\n    sg:status sg:Active ;\n    sg:startDate \"2026-01-05\"^^xsd:date .\n"
    );
    let _ = writeln!(feature, ":feature a sg:Feature ;\n    sg:title \"Feature of {name}\" ;\n    sg:description \"What {name} delivers.\" ;\n    sg:requirement :req-1, :req-2 .\n");
    for r in 1..=2 {
        let _ = writeln!(
            feature,
            ":req-{r} a sg:Requirement ; sg:title \"Requirement {r}\" ."
        );
    }

    let mut entities = head.clone();
    for a in 0..shape.agents {
        let _ = writeln!(entities, ":agent-{a} a sg:Agent ;\n    sg:title \"Agent {a}\" ;\n    sg:role \"works on stream {a}\" ;\n    sg:order {a} .\n");
    }
    for m in 0..5 {
        let baseline = 100 + rng.next(100);
        let _ = writeln!(entities, ":metric-{m} a sg:Metric ;\n    sg:title \"Metric {m}\" ;\n    sg:unit \"s\" ;\n    sg:baseline {baseline} ;\n    sg:target {} ;\n    sg:direction sg:LowerIsBetter ;\n    sg:measuredBy \"cargo bench -- m{m}\" .\n", baseline / 4);
        let _ = writeln!(entities, ":measurement-{m} a sg:Measurement ;\n    sg:metric :metric-{m} ;\n    sg:value {} ;\n    sg:at \"2026-01-1{m}\"^^xsd:date .\n", baseline / 2);
    }
    for r in 0..3 {
        let _ = writeln!(entities, ":risk-{r} a sg:Risk ;\n    sg:title \"Risk {r}\" ;\n    sg:probability sg:Medium ;\n    sg:impact sg:High ;\n    sg:mitigation \"Watch it closely.\" ;\n    sg:owner :agent-{} .\n", rng.next(shape.agents));
    }

    // Phases before the current one are done and their gates pass; the
    // current phase is under way; later phases wait. Statuses agree with the
    // dependencies, so findings are as rare as in a maintained spec.
    let drawn = 1 + rng.next(shape.phases);
    let current = shape.current.unwrap_or(drawn);
    let mut plan = head;
    let mut previous_tasks: Vec<String> = Vec::new();
    let mut done: std::collections::HashSet<String> = std::collections::HashSet::new();
    for p in 1..=shape.phases {
        let (phase_status, passed) = match p.cmp(&current) {
            std::cmp::Ordering::Less => ("sg:Done", true),
            std::cmp::Ordering::Equal => ("sg:Active", false),
            std::cmp::Ordering::Greater => ("sg:Pending", false),
        };
        let _ = writeln!(plan, ":phase-{p} a sg:Phase ;\n    sg:title \"Phase {p}\" ;\n    sg:campaign :campaign ;\n    sg:order {p} ;\n    sg:gate :gate-{p} ;\n    sg:status {phase_status} .\n");
        let _ = writeln!(plan, ":gate-{p} a sg:Gate ;\n    sg:title \"Gate {p}\" ;\n    sg:owner :agent-0 ;\n    sg:criterion :gate-{p}-c1, :gate-{p}-c2, :gate-{p}-c3 .");
        let _ = writeln!(
            plan,
            ":gate-{p}-c1 a sg:Criterion ; sg:title \"Checklist {p}\" ; sg:satisfied {passed} ."
        );
        let threshold = if passed { 100 } else { 50 };
        let _ = writeln!(plan, ":gate-{p}-c2 a sg:Criterion ; sg:title \"Metric {p}\" ; sg:metric :metric-{} ; sg:comparator \"<=\" ; sg:threshold {threshold} .", rng.next(5));
        let _ = writeln!(plan, ":gate-{p}-c3 a sg:Criterion ; sg:title \"Query {p}\" ; sg:condition \"ASK {{ ?t a sg:Task }}\" .\n");
        let mut this_phase = Vec::new();
        for t in 1..=shape.tasks_per_phase {
            let id = format!("task-{p}-{t}");
            let pool = if this_phase.is_empty() {
                &previous_tasks
            } else {
                &this_phase
            };
            let dependency = (!pool.is_empty()).then(|| pool[rng.next(pool.len())].clone());
            let unblocked = dependency.as_ref().is_none_or(|d| done.contains(d));
            let (status, progress) = if p < current {
                ("sg:Done", 100)
            } else if p > current || !unblocked {
                ("sg:Pending", 0)
            } else {
                match rng.next(3) {
                    0 => ("sg:Done", 100),
                    1 => ("sg:Active", rng.next(100)),
                    _ => ("sg:Pending", 0),
                }
            };
            if status == "sg:Done" {
                done.insert(id.clone());
            }
            let _ = write!(plan, ":{id} a sg:Task ;\n    sg:title \"Task {p}.{t}\" ;\n    sg:description \"Work item {t} of phase {p}.\" ;\n    sg:phase :phase-{p} ;\n    sg:order {t} ;\n    sg:assignee :agent-{} ;\n    sg:estimateDays {}.{} ;\n    sg:status {status} ;\n    sg:progress {progress} ;\n", rng.next(shape.agents), 1 + rng.next(3), rng.next(10));
            if let Some(dependency) = dependency {
                let _ = writeln!(plan, "    sg:dependsOn :{dependency} ;");
            }
            // Each task owns its module; one in ten also edits a shared file,
            // so a few parallel file collisions appear, as in real campaigns.
            let shared = if rng.next(10) == 0 {
                format!(", \"src/shared_{}.rs\"", rng.next(50))
            } else {
                String::new()
            };
            let _ = write!(plan, "    sg:touches \"src/{id}.rs\"{shared} ;\n    sg:deliverable :{id}-out ;\n    sg:objective :{id}-o1, :{id}-o2 .\n");
            let _ = writeln!(plan, ":{id}-out a sg:Deliverable ; sg:title \"Output of {p}.{t}\" ; sg:path \"docs/{id}.md\" .");
            for o in 1..=2 {
                let _ = writeln!(plan, ":{id}-o{o} a sg:Criterion ; sg:title \"Objective {o} of {p}.{t}\" ; sg:satisfied {} .", status == "sg:Done");
            }
            plan.push('\n');
            this_phase.push(id);
        }
        previous_tasks = this_phase;
    }
    [feature, entities, plan]
}

/// Writes `count` specs of `shape` under `root/specs/`, returns their directories.
pub fn workspace(root: &Path, count: usize, shape: Shape) -> Vec<PathBuf> {
    let specs = root.join("specs");
    (0..count)
        .map(|i| {
            let name = format!("{i:04}-synthetic");
            let dir = specs.join(&name);
            std::fs::create_dir_all(&dir).unwrap();
            let [feature, entities, plan] = campaign(&name, shape, i as u64 + 1);
            std::fs::write(dir.join("feature.ttl"), feature).unwrap();
            std::fs::write(dir.join("entities.ttl"), entities).unwrap();
            std::fs::write(dir.join("plan.ttl"), plan).unwrap();
            dir
        })
        .collect()
}

/// Runs `spec ARGS` (the binary at `spec`) in `dir` and times it, process
/// start included; it must end with exit 0 or 1 (findings are expected).
#[allow(dead_code)] // not every benchmark runs the binary
pub fn run(spec: &str, dir: &Path, args: &[&str]) -> std::time::Duration {
    let start = std::time::Instant::now();
    let out = std::process::Command::new(spec)
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    let elapsed = start.elapsed();
    assert!(
        out.status.code().is_some_and(|c| c <= 1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    elapsed
}

/// CPU time (user and system) of the child processes waited for so far
/// (getrusage): around one `run`, what that process used of the cores,
/// which varies less than its wall time on a shared machine.
#[allow(dead_code)]
pub fn children_cpu_time() -> std::time::Duration {
    let (user, system) = children_times();
    user + system
}

/// User and system CPU time of the child processes waited for so far.
#[allow(dead_code)]
pub fn children_times() -> (std::time::Duration, std::time::Duration) {
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    // SAFETY: getrusage writes a full rusage into the pointer it is given.
    let usage = unsafe {
        libc::getrusage(libc::RUSAGE_CHILDREN, usage.as_mut_ptr());
        usage.assume_init()
    };
    let time = |t: libc::timeval| {
        std::time::Duration::from_secs(t.tv_sec as u64)
            + std::time::Duration::from_micros(t.tv_usec as u64)
    };
    (time(usage.ru_utime), time(usage.ru_stime))
}

/// Peak resident memory of the largest child process so far, in bytes
/// (getrusage; Linux reports KiB).
#[allow(dead_code)]
pub fn peak_child_rss_bytes() -> u64 {
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    // SAFETY: getrusage writes a full rusage into the pointer it is given.
    let usage = unsafe {
        libc::getrusage(libc::RUSAGE_CHILDREN, usage.as_mut_ptr());
        usage.assume_init()
    };
    usage.ru_maxrss as u64 * 1024
}
