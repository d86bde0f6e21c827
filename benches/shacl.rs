//! `cargo bench --bench shacl`: `spec shacl` side by side with pySHACL (when
//! installed) on the same shapes and generated campaign-like data: 4 shapes,
//! ~10 constraints, at ~100k and ~1M triples. Reports time and peak memory.

use std::fmt::Write as _;
use std::process::Command;
use std::time::{Duration, Instant};

const SPEC: &str = env!("CARGO_BIN_EXE_spec");

const SHAPES: &str = r#"@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <https://example.org/bench#> .

ex:TaskShape a sh:NodeShape ; sh:targetClass ex:Task ;
  sh:property [ sh:path ex:title ; sh:minCount 1 ; sh:maxCount 1 ; sh:datatype xsd:string ] ;
  sh:property [ sh:path ex:estimate ; sh:datatype xsd:decimal ; sh:minInclusive 0 ] ;
  sh:property [ sh:path ex:assignee ; sh:minCount 1 ; sh:class ex:Agent ] ;
  sh:property [ sh:path ex:dependsOn ; sh:class ex:Task ] ;
  sh:property [ sh:path ex:status ; sh:in ( ex:Pending ex:Active ex:Done ) ] .
ex:AgentShape a sh:NodeShape ; sh:targetClass ex:Agent ;
  sh:property [ sh:path ex:title ; sh:minCount 1 ; sh:pattern "^Agent" ] .
ex:MetricShape a sh:NodeShape ; sh:targetClass ex:Metric ;
  sh:property [ sh:path ex:unit ; sh:minCount 1 ; sh:maxLength 8 ] ;
  sh:property [ sh:path ex:baseline ; sh:datatype xsd:decimal ] .
ex:PhaseShape a sh:NodeShape ; sh:targetClass ex:Phase ;
  sh:property [ sh:path ex:order ; sh:minCount 1 ; sh:datatype xsd:integer ] .
"#;

/// Campaign-like data of about `triples` triples, with a few violations.
fn data(triples: usize) -> String {
    let mut out = String::from("@prefix ex: <https://example.org/bench#> .\n");
    let tasks = triples / 8;
    for a in 0..100 {
        let _ = writeln!(out, "ex:agent{a} a ex:Agent ; ex:title \"Agent {a}\" .");
    }
    for p in 0..20 {
        let _ = writeln!(out, "ex:phase{p} a ex:Phase ; ex:order {p} .");
    }
    for m in 0..50 {
        let _ = writeln!(
            out,
            "ex:metric{m} a ex:Metric ; ex:unit \"s\" ; ex:baseline {m}.5 ."
        );
    }
    for t in 0..tasks {
        let status = ["ex:Pending", "ex:Active", "ex:Done", "ex:Unknown"]
            [t % 4 * usize::from(t % 97 == 0) + (t % 3) * usize::from(t % 97 != 0)];
        let _ = write!(out, "ex:task{t} a ex:Task ; ex:title \"Task {t}\" ; ex:estimate {}.5 ; ex:assignee ex:agent{} ; ex:status {status} ; ex:phase ex:phase{}", t % 7, t % 100, t % 20);
        if t > 0 {
            let _ = write!(out, " ; ex:dependsOn ex:task{}", t / 2);
        }
        out.push_str(" .\n");
    }
    out
}

/// Runs a command in a fresh process (via /usr/bin/time for its own peak memory).
fn timed(program: &str, args: &[&str]) -> Option<(Duration, f64)> {
    let start = Instant::now();
    let out = Command::new("/usr/bin/time")
        .arg("-f")
        .arg("%M")
        .arg(program)
        .args(args)
        .output()
        .ok()?;
    let elapsed = start.elapsed();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let kib: f64 = stderr.lines().last()?.trim().parse().ok()?;
    if !matches!(out.status.code(), Some(0 | 1)) {
        eprintln!("{program} failed: {stderr}");
        return None;
    }
    Some((elapsed, kib / 1024.0))
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let shapes = dir.path().join("shapes.ttl");
    std::fs::write(&shapes, SHAPES).unwrap();
    let pyshacl = Command::new("python3")
        .args(["-c", "import pyshacl"])
        .status()
        .is_ok_and(|s| s.success());
    for triples in [100_000usize, 1_000_000] {
        let file = dir.path().join(format!("data-{triples}.ttl"));
        std::fs::write(&file, data(triples)).unwrap();
        let (s, d) = (shapes.to_str().unwrap(), file.to_str().unwrap());
        let ours = timed(
            SPEC,
            &["shacl", "--shapes", s, "--data", d, "--format", "json"],
        );
        let line = match ours {
            Some((t, m)) => format!("spec shacl {:.2} s, {:.0} MiB", t.as_secs_f64(), m),
            None => "spec shacl failed".to_owned(),
        };
        let theirs = if pyshacl {
            match timed(
                "python3",
                &["-m", "pyshacl", "-s", s, "-i", "none", "-f", "json-ld", d],
            ) {
                Some((t, m)) => {
                    let ratio = ours
                        .map(|(o, om)| {
                            format!(
                                " ({:.0}× the time, {:.1}× the memory)",
                                t.as_secs_f64() / o.as_secs_f64(),
                                m / om
                            )
                        })
                        .unwrap_or_default();
                    format!("pySHACL {:.2} s, {:.0} MiB{ratio}", t.as_secs_f64(), m)
                }
                None => "pySHACL failed".to_owned(),
            }
        } else {
            "pySHACL not installed".to_owned()
        };
        println!("~{triples} triples: {line}; {theirs}");
    }
}
