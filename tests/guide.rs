//! The guide's reference sections that mirror code are kept true by tests:
//! the rule table lists every built-in rule with its default severity, and
//! every relative link of the README and the guide points at a file that
//! exists.

use specgraph::check::builtin;
use std::path::Path;

#[test]
fn the_rule_table_lists_every_built_in_rule_with_its_severity() {
    let text = std::fs::read_to_string("guide/rules.md").unwrap();
    let rows: Vec<(String, String)> = text
        .lines()
        .filter_map(|line| {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            let code = cells.get(1)?.strip_prefix('`')?.strip_suffix('`')?;
            Some((code.to_owned(), cells.get(2)?.to_string()))
        })
        .collect();
    let mut expected: Vec<(String, String)> = builtin::rules()
        .iter()
        .map(|r| (r.code.clone(), r.severity.as_str().to_owned()))
        .collect();
    let mut listed = rows.clone();
    expected.sort();
    listed.sort();
    assert_eq!(
        listed, expected,
        "guide/rules.md's table must list each built-in rule once, with its default severity"
    );
}

#[test]
fn relative_links_of_the_readme_and_the_guide_resolve() {
    let mut pages = vec![
        Path::new("README.md").to_path_buf(),
        "CONTRIBUTING.md".into(),
    ];
    for entry in std::fs::read_dir("guide").unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "md") {
            pages.push(path);
        }
    }
    let mut broken = Vec::new();
    for page in &pages {
        let text = std::fs::read_to_string(page).unwrap();
        let dir = page.parent().unwrap();
        let mut rest = text.as_str();
        while let Some(start) = rest.find("](") {
            rest = &rest[start + 2..];
            let Some(end) = rest.find(')') else { break };
            let target = &rest[..end];
            let path = target.split('#').next().unwrap_or("");
            let local = !path.is_empty() && !path.contains("://") && !path.starts_with("mailto:");
            if local && !dir.join(path).exists() {
                broken.push(format!("{}: {target}", page.display()));
            }
        }
    }
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}
