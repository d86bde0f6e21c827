//! `spec render` as a user runs it: snapshots of every default template on
//! every example spec, `--check`, overrides, and the error paths.

use std::path::{Path, PathBuf};
use std::process::Command;

const SPEC: &str = env!("CARGO_BIN_EXE_spec");

fn spec(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(SPEC)
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// A workspace with a copy of one example spec (and a spec.toml marking the root).
fn workspace(example: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(
        &Path::new("specs").join(example),
        &dir.path().join("specs").join(example),
    );
    std::fs::write(dir.path().join("spec.toml"), "").unwrap();
    dir
}

fn files(root: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = walk(root)
        .into_iter()
        .map(|p| p.strip_prefix(root).unwrap().to_path_buf())
        .collect();
    found.sort();
    found
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            if entry.file_type().unwrap().is_dir() {
                out.extend(walk(&entry.path()));
            } else {
                out.push(entry.path());
            }
        }
    }
    out
}

#[test]
fn every_default_template_on_every_example_spec() {
    let out = tempfile::tempdir().unwrap();
    let (code, stdout, stderr) = spec(
        Path::new("."),
        &[
            "render",
            "--out",
            out.path().to_str().unwrap(),
            "--isolated",
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.starts_with("rendered "), "{stdout}");
    insta::assert_snapshot!(
        "index",
        std::fs::read_to_string(out.path().join("index.md")).unwrap()
    );
    for example in ["007-optimize-build-times", "phase7-release", "rustydb-v065"] {
        for document in ["DASHBOARD.md", "SUMMARY.md", "COORDINATOR-LOG.md"] {
            let text = std::fs::read_to_string(out.path().join(example).join(document)).unwrap();
            assert!(
                !text.contains("None") && !text.contains("undefined"),
                "{example}/{document}"
            );
            insta::assert_snapshot!(format!("{example}-{document}"), text);
        }
        // One briefing per agent; the first (in agent order) is snapshotted.
        let briefings = files(&out.path().join(example).join("briefings"));
        assert!(briefings.len() >= 4, "{example}: {briefings:?}");
        let first = std::fs::read_to_string(
            out.path()
                .join(example)
                .join("briefings")
                .join(&briefings[0]),
        )
        .unwrap();
        insta::assert_snapshot!(format!("{example}-briefing"), first);
    }
}

#[test]
fn rendering_is_reproducible_and_check_sees_every_difference() {
    let ws = workspace("phase7-release");
    let dir = ws.path();
    let (code, first, err) = spec(dir, &["render"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        first.contains("rendered 10 files into docs: 10 new"),
        "{first}"
    );
    let before: Vec<(PathBuf, Vec<u8>)> = files(&dir.join("docs"))
        .into_iter()
        .map(|p| (p.clone(), std::fs::read(dir.join("docs").join(p)).unwrap()))
        .collect();
    let (code, second, _) = spec(dir, &["render"]);
    assert_eq!(code, 0);
    assert!(
        second.contains("0 new, 0 updated, 10 unchanged"),
        "{second}"
    );
    for (path, bytes) in &before {
        assert_eq!(
            &std::fs::read(dir.join("docs").join(path)).unwrap(),
            bytes,
            "{path:?}"
        );
    }

    let (code, out, _) = spec(dir, &["render", "--check"]);
    assert_eq!((code, out.as_str()), (0, "docs is up to date (10 files)\n"));

    // Stale, missing and obsolete files are each reported; nothing is written.
    let dashboard = dir.join("docs/phase7-release/DASHBOARD.md");
    let edited = std::fs::read_to_string(&dashboard).unwrap() + "edited\n";
    std::fs::write(&dashboard, &edited).unwrap();
    std::fs::remove_file(dir.join("docs/phase7-release/SUMMARY.md")).unwrap();
    let obsolete = dir.join("docs/phase7-release/briefings/former-agent.md");
    std::fs::write(
        &obsolete,
        "<!-- Generated by spec render from specs/phase7-release. -->\n",
    )
    .unwrap();
    let (code, out, _) = spec(dir, &["render", "--check"]);
    assert_eq!(code, 1);
    assert_eq!(
        out,
        "missing: docs/phase7-release/SUMMARY.md\nstale: docs/phase7-release/DASHBOARD.md\nobsolete: docs/phase7-release/briefings/former-agent.md\ndocs is out of date: run `spec render` to update it\n"
    );
    assert_eq!(std::fs::read_to_string(&dashboard).unwrap(), edited);
    let (code, out, _) = spec(dir, &["render"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("1 new, 1 updated, 8 unchanged, 1 obsolete removed"),
        "{out}"
    );
    assert!(!obsolete.exists());
    assert_eq!(spec(dir, &["render", "--check"]).0, 0);
}

#[test]
fn a_hand_written_file_in_the_way_stops_everything() {
    let ws = workspace("phase7-release");
    let dir = ws.path();
    std::fs::create_dir_all(dir.join("docs/phase7-release")).unwrap();
    std::fs::write(
        dir.join("docs/phase7-release/SUMMARY.md"),
        "# My own notes\n",
    )
    .unwrap();
    let (code, out, err) = spec(dir, &["render"]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(err.contains("refusing to overwrite a file not written by spec render: docs/phase7-release/SUMMARY.md"), "{err}");
    assert_eq!(
        files(&dir.join("docs")),
        [PathBuf::from("phase7-release/SUMMARY.md")],
        "nothing else was written"
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("docs/phase7-release/SUMMARY.md")).unwrap(),
        "# My own notes\n"
    );
}

#[test]
fn a_workspace_template_overrides_the_default_and_extra_ones_render_too() {
    let ws = workspace("phase7-release");
    let dir = ws.path();
    std::fs::create_dir_all(dir.join("templates/spec")).unwrap();
    std::fs::write(
        dir.join("templates/spec/SUMMARY.md.j2"),
        "# {{ spec.campaign.title }}\n\n{{ spec.progress.done }}/{{ spec.progress.total }} done\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("templates/spec/OWNERS.md.j2"),
        "{% for row in sparql('SELECT ?gate ?owner WHERE { ?gate a sg:Gate ; sg:owner ?owner } ORDER BY ?gate LIMIT 2') %}\n- {{ row.gate }}: {{ row.owner }}\n{% endfor %}\n",
    )
    .unwrap();
    let (code, _, err) = spec(dir, &["render"]);
    assert_eq!(code, 0, "{err}");
    let summary = std::fs::read_to_string(dir.join("docs/phase7-release/SUMMARY.md")).unwrap();
    assert!(summary.ends_with("0/4 done\n"), "{summary}");
    let owners = std::fs::read_to_string(dir.join("docs/phase7-release/OWNERS.md")).unwrap();
    assert!(owners.ends_with("- :gate-phase-7: :system-architecture-designer\n- :gate-task-7-1: :system-architecture-designer\n"), "{owners}");
    let (code, listing, _) = spec(dir, &["templates"]);
    assert_eq!(code, 0);
    assert!(
        listing.contains("spec/SUMMARY.md.j2") && listing.contains("templates/spec/SUMMARY.md.j2"),
        "{listing}"
    );
    assert!(
        listing.contains("spec/DASHBOARD.md.j2") && listing.contains("built in"),
        "{listing}"
    );
    assert!(listing.contains("spec/OWNERS.md.j2"), "{listing}");
}

#[test]
fn template_errors_name_the_template_file_and_line() {
    let ws = workspace("phase7-release");
    let dir = ws.path();
    std::fs::create_dir_all(dir.join("templates/spec")).unwrap();
    let broken = dir.join("templates/spec/SUMMARY.md.j2");
    std::fs::write(&broken, "# Title\n\n{{ spec.campaign.tittle }}\n").unwrap();
    let (code, out, err) = spec(dir, &["render"]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(
        err.contains("undefined value") && err.contains("spec/SUMMARY.md.j2"),
        "{err}"
    );
    assert!(
        err.contains("3 │ {{ spec.campaign.tittle }}"),
        "the snippet shows line 3:\n{err}"
    );
    assert!(!dir.join("docs").exists(), "nothing is written");

    std::fs::write(&broken, "{% for x in spec.tasks %}\nno end\n").unwrap();
    let (code, _, err) = spec(dir, &["render"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("syntax error") && err.contains("SUMMARY.md.j2"),
        "{err}"
    );

    std::fs::write(&broken, "{{ sparql('SELECT nonsense') }}\n").unwrap();
    let (code, _, err) = spec(dir, &["render"]);
    assert_eq!(code, 2);
    assert!(err.contains("sparql(): the query does not parse"), "{err}");
}

#[test]
fn agent_names_cannot_escape_the_output_folder() {
    let dir = tempfile::tempdir().unwrap();
    let spec_dir = dir.path().join("specs/001-x");
    std::fs::create_dir_all(&spec_dir).unwrap();
    std::fs::write(dir.path().join("spec.toml"), "").unwrap();
    std::fs::write(
        spec_dir.join("plan.ttl"),
        "@prefix sg: <https://w3id.org/specgraph#> .\n\
         <https://example.org/x/..%2F..%2Fevil> a sg:Agent ; sg:title \"Evil\" ; sg:role \"r\" .\n\
         <https://example.org/x#..> a sg:Agent ; sg:title \"Dots\" ; sg:role \"r\" .\n",
    )
    .unwrap();
    let (code, _, err) = spec(dir.path(), &["render"]);
    assert_eq!(code, 0, "{err}");
    let written = files(&dir.path().join("docs"));
    assert!(
        written
            .iter()
            .all(|p| p.starts_with("001-x") || p == Path::new("index.md")),
        "{written:?}"
    );
    assert!(
        written.contains(&PathBuf::from("001-x/briefings/2F---2Fevil.md")),
        "{written:?}"
    );
    assert!(
        written.contains(&PathBuf::from("001-x/briefings/agent.md")),
        "{written:?}"
    );
    assert!(walk(dir.path()).iter().all(|p| p.starts_with(dir.path())));
}
