//! Machine formats end to end: SARIF validated against the official SARIF
//! 2.1.0 schema (tests/data, from OASIS), GitHub Actions commands with nasty
//! messages, and the JSON envelope's shape.

mod common;
use common::spec;
use std::path::Path;

/// A workspace whose user rule reports a message full of characters that
/// workflow commands must escape: `%`, `:`, `,` and a line break.
fn nasty_workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("specs/001-nasty,c:d")).unwrap();
    std::fs::create_dir_all(root.join("rules")).unwrap();
    std::fs::write(root.join("spec.toml"), "").unwrap();
    std::fs::write(
        root.join("specs/001-nasty,c:d/plan.ttl"),
        "@prefix : <https://example.org/n#> .\n@prefix sg: <https://w3id.org/specgraph#> .\n\
         :a a sg:Agent ; sg:title \"A\" ; sg:role \"100%: done, or\\nnot\" .\n",
    )
    .unwrap();
    std::fs::write(
        root.join("rules/role-text.rq"),
        "# code: role-text\n# severity: warning\n# summary: Shows a role.\n# message: role of {subject} is {roleText}\n#\n# Wrong/Right: an example rule.\n\
         SELECT ?subject ?predicate ?object ?roleText WHERE { ?subject sg:role ?object . BIND(sg:role AS ?predicate) BIND(STR(?object) AS ?roleText) }\n",
    )
    .unwrap();
    dir
}

#[test]
fn github_commands_escape_data_and_properties() {
    let ws = nasty_workspace();
    let (code, out, err) = spec(ws.path(), &["check", "--format", "github"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        "::warning file=specs/001-nasty%2Cc%3Ad/plan.ttl,line=3,col=40,title=spec role-text::role of :a is 100%25: done, or%0Anot\n"
    );
}

fn validate_sarif(text: &str) -> serde_json::Value {
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string("tests/data/sarif-schema-2.1.0.json").unwrap(),
    )
    .unwrap();
    let log: serde_json::Value = serde_json::from_str(text).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&log)
        .map(|e| format!("{e} at {}", e.instance_path))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    log
}

#[test]
fn sarif_is_valid_and_points_at_workspace_relative_files() {
    let ws = nasty_workspace();
    let (code, out, _) = spec(ws.path(), &["check", "--format", "sarif"]);
    assert_eq!(code, 0);
    let log = validate_sarif(&out);
    let run = &log["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let result = &run["results"][0];
    let index = result["ruleIndex"].as_u64().unwrap() as usize;
    assert_eq!(rules[index]["id"], "role-text");
    assert_eq!(result["ruleId"], "role-text");
    assert_eq!(result["level"], "warning");
    let location = &result["locations"][0]["physicalLocation"];
    assert_eq!(
        location["artifactLocation"]["uri"],
        "specs/001-nasty%2Cc%3Ad/plan.ttl"
    );
    assert_eq!(location["region"]["startLine"], 3);
    // From a subfolder the URIs stay relative to the workspace root.
    let (_, out, _) = spec(
        &ws.path().join("specs"),
        &["check", "001", "--format", "sarif"],
    );
    let log = validate_sarif(&out);
    assert_eq!(
        log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "specs/001-nasty%2Cc%3Ad/plan.ttl"
    );
    // Every built-in rule is described, with its explanation and a help URI.
    let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert!(
        ids.contains(&"dangling-reference") && ids.contains(&"gate-claim-false"),
        "{ids:?}"
    );
    assert!(rules.iter().all(|r| r["helpUri"]
        .as_str()
        .unwrap()
        .ends_with(r["id"].as_str().unwrap())));
}

#[test]
fn sarif_of_the_example_specs_is_valid() {
    let (code, out, _) = spec(Path::new("."), &["check", "--format", "sarif"]);
    assert_eq!(code, 1);
    let log = validate_sarif(&out);
    assert!(log["runs"][0]["results"].as_array().unwrap().len() > 50);
    let (code, out, _) = spec(Path::new("."), &["gates", "--format", "sarif"]);
    assert_eq!(code, 1);
    let log = validate_sarif(&out);
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert!(
        results.iter().all(|r| r["ruleId"] == "gate-claim-false"),
        "{results:?}"
    );
}

#[test]
fn machine_formats_have_no_colour_even_when_asked() {
    for format in ["json", "sarif", "github"] {
        let (_, out, _) = spec(
            Path::new("."),
            &["check", "--format", format, "--color", "always"],
        );
        assert!(!out.contains('\u{1b}'), "{format}");
    }
}

#[test]
fn gates_and_status_json_hold_every_example_spec_in_argument_order() {
    let names = ["007-optimize-build-times", "phase7-release", "rustydb-v065"];
    let paths: Vec<String> = names.iter().map(|n| format!("specs/{n}")).collect();
    for command in ["gates", "status"] {
        let mut args = vec![command, "--format", "json"];
        args.extend(paths.iter().map(String::as_str));
        let (_, out, err) = spec(Path::new("."), &args);
        let envelope: serde_json::Value =
            serde_json::from_str(&out).unwrap_or_else(|e| panic!("{command}: {e}\n{out}\n{err}"));
        assert_eq!(envelope["version"], 1, "{command}");
        let specs = envelope["specs"].as_array().unwrap();
        let printed: Vec<&str> = specs.iter().map(|s| s["name"].as_str().unwrap()).collect();
        assert_eq!(printed, names, "{command}");
        let detail = if command == "gates" { "gates" } else { "tasks" };
        assert!(
            specs
                .iter()
                .all(|s| !s[detail].as_array().unwrap().is_empty()),
            "{command}: every spec has {detail}"
        );
    }
}
