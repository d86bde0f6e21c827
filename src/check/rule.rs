//! A rule: a SPARQL SELECT kept as a data file, with a comment header that
//! gives its stable code, default severity, message template and explanation.
//!
//! ```text
//! # code: dangling-reference
//! # severity: error
//! # summary: An IRI of the spec's own namespace is used but never described.
//! # message: {object} is used by {subject} but never described in this spec
//! # help: describe {object} or correct the reference[[; did you mean {suggestion}?]]
//! #
//! # Explanation in markdown, with a wrong and a right example…
//! SELECT ?subject ?predicate ?object ?suggestion WHERE { … }
//! ```
//!
//! Each solution is one finding about `?subject`, located at `?object` (or
//! `?predicate`) in the statement that describes `?subject`.

use crate::finding::Severity;
use std::path::PathBuf;

/// Where a rule comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RuleOrigin {
    Builtin,
    File(PathBuf),
}

#[derive(Debug, Clone)]
pub struct Rule {
    pub code: String,
    pub severity: Severity,
    pub summary: String,
    pub message: String,
    pub help: Option<String>,
    pub label: Option<String>,
    pub explanation: String,
    pub query: String,
    /// Whether the rule is a query (not the documentation of a native check).
    is_query: bool,
    /// The query, parsed once (with the standard prefixes) and reused for
    /// every spec. A user's rule is parsed as it is read, to report its
    /// errors; a built-in one when it first runs (`parsed`).
    parsed: std::sync::OnceLock<spargebra::Query>,
    pub origin: RuleOrigin,
    /// The profile the rule belongs to (`# profile: spec-kit`): it runs only
    /// on specs where that profile is on.
    pub profile: Option<String>,
}

/// A malformed rule file, located in that file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleError {
    pub origin: String,
    pub line: usize,
    pub message: String,
}

impl std::fmt::Display for RuleError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.origin, self.line, self.message)
    }
}

/// Codes are kebab-case ASCII: stable identifiers users put in configs and CI.
pub fn is_valid_code(code: &str) -> bool {
    !code.is_empty()
        && code.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

impl Rule {
    /// Reads a rule file's header and checks that its query is a SELECT with `?subject`.
    pub fn parse(text: &str, origin: RuleOrigin) -> Result<Self, RuleError> {
        let mut rule = Self::parse_header(text, origin)?;
        let parsed = rule.validate_query().map_err(|(line, message)| RuleError {
            origin: rule.origin_text(),
            line,
            message,
        })?;
        rule.is_query = true;
        rule.parsed = std::sync::OnceLock::from(parsed);
        Ok(rule)
    }

    /// Reads a built-in rule's header; its query is parsed when it first
    /// runs. Parsing every built-in query up front was 1 ms of each process,
    /// and a check runs only some of them (not the natively answered ones,
    /// nor a profile's where it is off). `builtin.rs` tests that each parses.
    pub fn parse_builtin(text: &str) -> Result<Self, RuleError> {
        let mut rule = Self::parse_header(text, RuleOrigin::Builtin)?;
        rule.is_query = true;
        Ok(rule)
    }

    /// The parsed query, or `None` for a native check's documentation.
    pub fn parsed(&self) -> Option<&spargebra::Query> {
        if !self.is_query {
            return None;
        }
        Some(self.parsed.get_or_init(|| {
            self.validate_query()
                .unwrap_or_else(|(line, e)| panic!("built-in rule {} line {line}: {e}", self.code))
        }))
    }

    /// Reads the header of a diagnostic that is not a query (`parse-error`).
    pub fn parse_documentation(text: &str, origin: RuleOrigin) -> Result<Self, RuleError> {
        Self::parse_header(text, origin)
    }

    /// Whether this rule is a SPARQL query (and not the loader's documentation).
    pub fn is_query(&self) -> bool {
        self.is_query
    }

    fn parse_header(text: &str, origin: RuleOrigin) -> Result<Self, RuleError> {
        let origin_name = match &origin {
            RuleOrigin::Builtin => "<builtin>".to_owned(),
            RuleOrigin::File(p) => p.display().to_string(),
        };
        let error = |line: usize, message: String| RuleError {
            origin: origin_name.clone(),
            line,
            message,
        };
        let mut fields: Vec<(&str, String, usize)> = Vec::new();
        let mut explanation = Vec::new();
        let mut in_explanation = false;
        for (index, line) in text.lines().enumerate() {
            let Some(comment) = line.trim_start().strip_prefix('#') else {
                if line.trim().is_empty() && !in_explanation && fields.is_empty() {
                    continue;
                }
                break;
            };
            let comment = comment.strip_prefix(' ').unwrap_or(comment);
            if in_explanation {
                explanation.push(comment.trim_end());
                continue;
            }
            if comment.trim().is_empty() {
                in_explanation = true;
                continue;
            }
            match comment.split_once(':') {
                Some((key, value)) if key.bytes().all(|b| b.is_ascii_lowercase()) => {
                    fields.push((key, value.trim().to_owned(), index + 1));
                }
                _ => {
                    return Err(error(
                        index + 1,
                        format!("expected a `# key: value` header line, found `#{comment}`"),
                    ))
                }
            }
        }
        let get = |key: &str| fields.iter().find(|(k, _, _)| *k == key);
        for (key, _, line) in &fields {
            if !matches!(
                *key,
                "code" | "severity" | "summary" | "message" | "help" | "label" | "profile"
            ) {
                return Err(error(
                    *line,
                    format!("unknown header key `{key}` (expected code, severity, summary, message, help, label or profile)"),
                ));
            }
        }
        let require = |key: &str| {
            get(key)
                .map(|(_, v, line)| (v.clone(), *line))
                .ok_or_else(|| error(1, format!("the header has no `# {key}:` line")))
        };
        let (code, code_line) = require("code")?;
        if !is_valid_code(&code) {
            return Err(error(
                code_line,
                format!("rule code `{code}` is not kebab-case (e.g. `task-without-owner`)"),
            ));
        }
        let (severity_text, severity_line) = require("severity")?;
        let severity = Severity::parse(&severity_text).ok_or_else(|| {
            error(
                severity_line,
                format!("severity `{severity_text}` is not one of error, warning, info"),
            )
        })?;
        let (message, _) = require("message")?;
        let summary = get("summary").map_or_else(|| message.clone(), |(_, v, _)| v.clone());
        while explanation.last().is_some_and(|l: &&str| l.is_empty()) {
            explanation.pop();
        }
        Ok(Rule {
            code,
            severity,
            summary,
            message,
            help: get("help").map(|(_, v, _)| v.clone()),
            label: get("label").map(|(_, v, _)| v.clone()),
            explanation: explanation.join("\n"),
            query: text.to_owned(),
            is_query: false,
            parsed: std::sync::OnceLock::new(),
            origin,
            profile: get("profile").map(|(_, v, _)| v.clone()),
        })
    }

    fn validate_query(&self) -> Result<spargebra::Query, (usize, String)> {
        let query = spargebra::SparqlParser::new();
        let query = super::functions::declare_prefixes(query)
            .parse_query(&self.query)
            .map_err(|e| {
                (
                    syntax_error_line(&e.to_string()),
                    format!("invalid SPARQL: {e}"),
                )
            })?;
        match &query {
            spargebra::Query::Select { pattern, .. } => {
                let mut has_subject = false;
                pattern.on_in_scope_variable(|v| has_subject |= v.as_str() == "subject");
                if has_subject {
                    Ok(query)
                } else {
                    Err((
                        1,
                        "the query must bind ?subject (the resource the finding is about)".into(),
                    ))
                }
            }
            _ => Err((1, "a rule must be a SELECT query".into())),
        }
    }

    pub fn origin_text(&self) -> String {
        match &self.origin {
            RuleOrigin::Builtin => "built-in".into(),
            RuleOrigin::File(p) => p.display().to_string(),
        }
    }
}

/// peg reports `error at L:C: …`; pull out the line to point at.
fn syntax_error_line(message: &str) -> usize {
    message
        .split("error at ")
        .nth(1)
        .and_then(|rest| rest.split(':').next())
        .and_then(|line| line.trim().parse().ok())
        .unwrap_or(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "# code: my-rule\n# severity: warning\n# message: {subject} is odd\n#\n# Why it matters.\nSELECT ?subject WHERE { ?subject a sg:Task }\n";

    #[test]
    fn parses_header_and_explanation() {
        let rule = Rule::parse(GOOD, RuleOrigin::Builtin).unwrap();
        assert_eq!(rule.code, "my-rule");
        assert_eq!(rule.severity, Severity::Warning);
        assert_eq!(rule.explanation, "Why it matters.");
        assert_eq!(rule.summary, "{subject} is odd");
    }

    #[test]
    fn rejects_malformed_rules_with_a_line() {
        let cases = [
            (GOOD.replace("my-rule", "My_Rule"), 1, "kebab-case"),
            (GOOD.replace("warning", "fatal"), 2, "severity"),
            (
                GOOD.replace("# message: {subject} is odd\n", ""),
                1,
                "message",
            ),
            (GOOD.replace("SELECT ?subject", "SELECT ?x"), 1, "?subject"),
            (GOOD.replace("sg:Task }", "sg:Task "), 7, "invalid SPARQL"),
            (GOOD.replace("# code:", "# kode:"), 1, "unknown header key"),
        ];
        for (text, line, needle) in cases {
            let err = Rule::parse(&text, RuleOrigin::Builtin).unwrap_err();
            assert!(err.message.contains(needle), "{needle}: {}", err.message);
            assert_eq!(err.line, line, "{needle}: {}", err.message);
        }
    }

    #[test]
    fn codes_are_kebab_case() {
        assert!(is_valid_code("parse-error"));
        assert!(is_valid_code("rule2"));
        assert!(!is_valid_code("-x"));
        assert!(!is_valid_code("a--b"));
        assert!(!is_valid_code("Upper"));
    }
}
