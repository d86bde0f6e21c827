//! SARIF 2.1.0 for code scanning (GitHub, GitLab, IDEs): one run, the rules
//! in force with their summary and explanation, one result per finding with a
//! workspace-relative file URI and a line/column region.

use crate::check::RuleSet;
use crate::finding::{Finding, Severity};
use serde_json::{json, Value};
use std::path::Path;

/// Where each rule's documentation lives (also printed by `spec explain CODE`).
pub const RULE_HELP_BASE: &str = "https://w3id.org/specgraph/rules#";

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// `root`-relative, `/`-separated and percent-encoded, as SARIF wants a URI reference.
pub fn relative_uri(file: &str, root: &Path) -> String {
    let absolute = std::env::current_dir()
        .map(|cwd| cwd.join(file))
        .unwrap_or_else(|_| Path::new(file).to_path_buf());
    let relative = absolute
        .strip_prefix(root)
        .map(Path::to_path_buf)
        .unwrap_or(absolute);
    let text = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .filter(|c| c != "/")
        .collect::<Vec<_>>()
        .join("/");
    crate::fs::percent_encode_path(&text)
}

pub fn render(findings: &[&Finding], rules: &RuleSet, root: &Path, baseline: bool) -> String {
    // Every rule in force, in a stable order; results point at them by index.
    let mut codes: Vec<&str> = rules.rules.iter().map(|r| r.code.as_str()).collect();
    codes.sort_unstable();
    let descriptors: Vec<Value> = codes
        .iter()
        .filter_map(|code| rules.get(code))
        .map(|rule| {
            json!({
                "id": rule.code,
                "name": rule.code,
                "shortDescription": { "text": rule.summary },
                "fullDescription": { "text": rule.summary },
                "help": { "text": rule.explanation, "markdown": rule.explanation },
                "helpUri": format!("{RULE_HELP_BASE}{}", rule.code),
                "defaultConfiguration": { "level": level(rule.severity) },
            })
        })
        .collect();
    let results: Vec<Value> = findings
        .iter()
        .map(|f| {
            let mut message = f.message.clone();
            if let Some(help) = &f.help {
                message = format!("{message}\nhelp: {help}");
            }
            let mut result = json!({
                "ruleId": f.code,
                "level": level(f.severity),
                "message": { "text": message },
            });
            if let Some(index) = codes.iter().position(|c| *c == f.code) {
                result["ruleIndex"] = json!(index);
            }
            if let Some(location) = &f.location {
                result["locations"] = json!([{
                    "physicalLocation": {
                        "artifactLocation": {
                            "uri": relative_uri(&location.file, root),
                            "uriBaseId": "%SRCROOT%",
                        },
                        "region": { "startLine": location.line, "startColumn": location.column },
                    }
                }]);
            }
            if let Some(subject) = &f.subject {
                result["properties"] = json!({ "subject": subject });
            }
            if baseline {
                result["baselineState"] = json!(if f.baselined { "unchanged" } else { "new" });
            }
            result
        })
        .collect();
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "spec",
                    "fullName": "specgraph spec",
                    "version": env!("CARGO_PKG_VERSION"),
                    "informationUri": "https://w3id.org/specgraph",
                    "rules": descriptors,
                }
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    });
    let mut text = serde_json::to_string_pretty(&log).unwrap_or_default();
    text.push('\n');
    text
}
