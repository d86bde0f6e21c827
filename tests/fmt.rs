//! `spec fmt`: canonical layout, every comment kept, same triples, idempotent;
//! a file that does not parse is left untouched.

mod common;
use common::spec;
use std::path::Path;

fn comments(text: &str) -> Vec<String> {
    // Comment text as written (a '#' outside strings and IRIs starts one; the
    // example specs keep '#' inside IRIs, so only lines' comment parts after
    // code-free '#' or ' # ' count).
    text.lines()
        .filter_map(|l| {
            let t = l.trim_start();
            if t.starts_with('#') {
                Some(t.trim_end().to_owned())
            } else {
                l.find(" # ").map(|i| l[i + 1..].trim_end().to_owned())
            }
        })
        .collect()
}

fn copy_specs(to: &Path) {
    for entry in walk(Path::new("specs")) {
        let target = to.join(&entry);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::copy(&entry, target).unwrap();
    }
    std::fs::write(to.join("spec.toml"), "").unwrap();
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        if entry.file_type().unwrap().is_dir() {
            out.extend(walk(&entry.path()));
        } else {
            out.push(entry.path());
        }
    }
    out.sort();
    out
}

#[test]
fn formats_the_example_specs_without_losing_anything() {
    let dir = tempfile::tempdir().unwrap();
    copy_specs(dir.path());
    let before_check = spec(dir.path(), &["check", "--format", "json", "--quiet"]).1;
    let ttl: Vec<_> = walk(&dir.path().join("specs"))
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "ttl"))
        .collect();
    let before: Vec<String> = ttl
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();

    let (code, out, _) = spec(dir.path(), &["fmt", "--check"]);
    assert_eq!(code, 1);
    assert!(
        out.contains("would reformat specs/phase7-release/plan.ttl"),
        "{out}"
    );
    assert_eq!(
        ttl.iter()
            .map(|p| std::fs::read_to_string(p).unwrap())
            .collect::<Vec<_>>(),
        before,
        "--check writes nothing"
    );

    let (code, out, err) = spec(dir.path(), &["fmt"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.ends_with("files reformatted, 4 already formatted\n"),
        "{out}"
    );
    for (path, original) in ttl.iter().zip(&before) {
        let formatted = std::fs::read_to_string(path).unwrap();
        assert_eq!(
            comments(&formatted),
            comments(original),
            "{path:?} keeps every comment, in order"
        );
        assert!(
            formatted.lines().all(|l| !l.ends_with(' ')),
            "{path:?}: no trailing spaces"
        );
    }
    // Same triples, same findings (locations aside), and idempotent.
    let after_check = spec(dir.path(), &["check", "--format", "json", "--quiet"]).1;
    let summary = |json: &str| {
        let v: serde_json::Value = serde_json::from_str(json).unwrap();
        v["specs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| {
                (
                    s["triples"].clone(),
                    s["closure"].clone(),
                    s["findings"].as_array().unwrap().len(),
                )
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(summary(&after_check), summary(&before_check));
    let (code, out, _) = spec(dir.path(), &["fmt", "--check"]);
    assert_eq!(
        (code, out.as_str()),
        (0, "0 files to reformat, 10 already formatted\n")
    );
}

#[test]
fn a_file_that_does_not_parse_is_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let broken = "@prefix : <https://example.org/x#> .\n:a :b :c ;\n  :d\n";
    let good = "@prefix : <https://example.org/x#> .\n:a :b :c;:d :e .\n";
    std::fs::write(dir.path().join("broken.ttl"), broken).unwrap();
    std::fs::write(dir.path().join("good.ttl"), good).unwrap();
    let (code, out, err) = spec(dir.path(), &["fmt", "broken.ttl", "good.ttl", "--isolated"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("broken.ttl: not formatted") && err.contains("broken.ttl:4:1"),
        "{err}"
    );
    assert!(
        out.contains("formatted good.ttl") && out.contains("1 not parsed"),
        "{out}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("broken.ttl")).unwrap(),
        broken
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("good.ttl")).unwrap(),
        "@prefix : <https://example.org/x#> .\n:a :b :c ;\n    :d :e .\n"
    );
}

/// Eight blank nodes that cannot be told apart (each points to all the
/// others) exceed RDFC-1.0's call limit, so `spec fmt` cannot prove that a
/// new layout keeps the triples: it says so and leaves the file alone,
/// rather than writing a layout it did not check.
#[test]
fn a_file_whose_triples_cannot_be_compared_is_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let mut clique = String::from("@prefix : <https://example.org/x#> .\n");
    for i in 0..8 {
        for j in (0..8).filter(|&j| j != i) {
            clique.push_str(&format!("_:b{i}   :next   _:b{j} .\n"));
        }
    }
    std::fs::write(dir.path().join("clique.ttl"), &clique).unwrap();
    let good = "@prefix : <https://example.org/x#> .\n:a :b :c;:d :e .\n";
    std::fs::write(dir.path().join("good.ttl"), good).unwrap();
    let (code, out, err) = spec(dir.path(), &["fmt", "clique.ttl", "good.ttl", "--isolated"]);
    assert_eq!(code, 2, "{out}{err}");
    let flat = err.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains(
            "clique.ttl: not formatted: its triples could not be compared with the new layout's"
        ),
        "{err}"
    );
    assert!(flat.contains("Hash N-degree Quads"), "{err}");
    assert!(
        out.contains("formatted good.ttl") && out.contains("1 not compared"),
        "{out}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("clique.ttl")).unwrap(),
        clique
    );
    let (code, out, err) = spec(dir.path(), &["fmt", "--check", "clique.ttl", "--isolated"]);
    assert_eq!(code, 2, "{out}{err}");
}
