//! The built-in rules: `ontology/rules/*.rq`, embedded in the binary.

use super::rule::{Rule, RuleOrigin};
use std::sync::OnceLock;

/// `(file name, text)` of every built-in rule file. `parse-error.md` documents the
/// loader's own diagnostic, which has no query.
pub const FILES: &[(&str, &str)] = &[
    (
        "parse-error.md",
        include_str!("../../ontology/rules/parse-error.md"),
    ),
    (
        "glued-prefix.md",
        include_str!("../../ontology/rules/glued-prefix.md"),
    ),
    (
        "external-vocabulary.md",
        include_str!("../../ontology/rules/external-vocabulary.md"),
    ),
    (
        "shacl-violation.md",
        include_str!("../../ontology/rules/shacl-violation.md"),
    ),
    (
        "dangling-reference.rq",
        include_str!("../../ontology/rules/dangling-reference.rq"),
    ),
    (
        "unknown-term.rq",
        include_str!("../../ontology/rules/unknown-term.rq"),
    ),
    (
        "missing-property.md",
        include_str!("../../ontology/rules/missing-property.md"),
    ),
    (
        "wrong-kind.md",
        include_str!("../../ontology/rules/wrong-kind.md"),
    ),
    (
        "dependency-cycle.rq",
        include_str!("../../ontology/rules/dependency-cycle.rq"),
    ),
    (
        "conflicting-values.md",
        include_str!("../../ontology/rules/conflicting-values.md"),
    ),
    (
        "literal-names-resource.rq",
        include_str!("../../ontology/rules/literal-names-resource.rq"),
    ),
    (
        "metric-target-direction.rq",
        include_str!("../../ontology/rules/metric-target-direction.rq"),
    ),
    (
        "gate-claim-false.rq",
        include_str!("../../ontology/rules/gate-claim-false.rq"),
    ),
    (
        "phase-done-with-open-tasks.rq",
        include_str!("../../ontology/rules/phase-done-with-open-tasks.rq"),
    ),
    (
        "done-before-dependency.rq",
        include_str!("../../ontology/rules/done-before-dependency.rq"),
    ),
    (
        "active-while-blocked.rq",
        include_str!("../../ontology/rules/active-while-blocked.rq"),
    ),
    (
        "blocked-but-ready.rq",
        include_str!("../../ontology/rules/blocked-but-ready.rq"),
    ),
    (
        "dependency-crosses-phase-backwards.rq",
        include_str!("../../ontology/rules/dependency-crosses-phase-backwards.rq"),
    ),
    (
        "parallel-file-collision.rq",
        include_str!("../../ontology/rules/parallel-file-collision.rq"),
    ),
    (
        "schedule-mismatch.rq",
        include_str!("../../ontology/rules/schedule-mismatch.rq"),
    ),
    (
        "sk-story-without-scenario.rq",
        include_str!("../../ontology/rules/sk-story-without-scenario.rq"),
    ),
    (
        "sk-scenario-incomplete.rq",
        include_str!("../../ontology/rules/sk-scenario-incomplete.rq"),
    ),
    (
        "sk-requirement-without-task.rq",
        include_str!("../../ontology/rules/sk-requirement-without-task.rq"),
    ),
    (
        "sk-empty-dependency.rq",
        include_str!("../../ontology/rules/sk-empty-dependency.rq"),
    ),
];

/// Parsed built-in rules, in `FILES` order.
pub fn rules() -> &'static [Rule] {
    static RULES: OnceLock<Vec<Rule>> = OnceLock::new();
    RULES.get_or_init(|| {
        FILES
            .iter()
            .map(|(name, text)| {
                let parsed = if name.ends_with(".md") {
                    Rule::parse_documentation(text, RuleOrigin::Builtin)
                } else {
                    Rule::parse_builtin(text)
                };
                parsed.unwrap_or_else(|e| panic!("built-in rule {name} is malformed: {e}"))
            })
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn every_rule_file_is_embedded_once_and_codes_are_unique() {
        let on_disk: BTreeSet<String> =
            std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/ontology/rules"))
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect();
        let embedded: BTreeSet<String> = FILES.iter().map(|(n, _)| (*n).to_owned()).collect();
        assert_eq!(on_disk, embedded);
        let codes: BTreeSet<&str> = rules().iter().map(|r| r.code.as_str()).collect();
        assert_eq!(codes.len(), rules().len(), "duplicate rule codes");
        for (rule, (name, _)) in rules().iter().zip(FILES) {
            assert_eq!(
                format!("{}.", rule.code),
                name[..=rule.code.len()],
                "file name matches code"
            );
            if name.ends_with(".rq") {
                // Parsed on first use at run time: each must parse as a rule.
                let reparsed = Rule::parse(
                    FILES.iter().find(|f| f.0 == *name).unwrap().1,
                    RuleOrigin::Builtin,
                );
                assert!(reparsed.is_ok(), "{name}: {:?}", reparsed.err());
                assert!(rule.parsed().is_some(), "{name}");
            }
            assert!(
                rule.explanation.contains("Wrong") && rule.explanation.contains("Right"),
                "{} explains with examples",
                rule.code
            );
        }
    }
}
