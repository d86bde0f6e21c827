//! The rule codes that Rust code itself produces or reads. The `.rq` rules
//! carry their codes in their headers (and user rules bring their own), so
//! `Finding::code` stays a string; these are the ones a typo in Rust must not
//! be able to misspell. Each has its documentation among the built-in rules
//! (`ontology/rules/<code>.md` or `.rq`), which a test keeps true.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Code {
    /// The loader: a file (or part of it) that is not Turtle.
    ParseError,
    /// A closure shape's `sh:minCount`: a required link is absent.
    MissingProperty,
    /// A values shape's `sh:maxCount 1`: two values where one is allowed.
    ConflictingValues,
    /// A values shape's other constraints, and ill-typed literals.
    WrongKind,
    /// A result of the user's or the spec's own SHACL shapes.
    ShaclViolation,
    /// A gate (or work behind it) declared done that the data contradicts;
    /// `spec gates` fails on it.
    GateClaimFalse,
    /// A prefix without its trailing `/` or `#` (a native check of the declarations).
    GluedPrefix,
    /// A namespace whose terms nothing can check (a native check, once per namespace).
    ExternalVocabulary,
}

impl Code {
    pub const ALL: [Self; 8] = [
        Self::ParseError,
        Self::MissingProperty,
        Self::ConflictingValues,
        Self::WrongKind,
        Self::ShaclViolation,
        Self::GateClaimFalse,
        Self::GluedPrefix,
        Self::ExternalVocabulary,
    ];

    /// The kebab-case code users see, configure and look up with `spec explain`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::ParseError => "parse-error",
            Self::MissingProperty => "missing-property",
            Self::ConflictingValues => "conflicting-values",
            Self::WrongKind => "wrong-kind",
            Self::ShaclViolation => "shacl-violation",
            Self::GateClaimFalse => "gate-claim-false",
            Self::GluedPrefix => "glued-prefix",
            Self::ExternalVocabulary => "external-vocabulary",
        }
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<Code> for String {
    fn eq(&self, code: &Code) -> bool {
        self == code.as_str()
    }
}

impl From<Code> for String {
    fn from(code: Code) -> Self {
        code.as_str().to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::Code;
    use crate::check::RuleSet;

    #[test]
    fn every_native_code_is_a_documented_built_in_rule() {
        let rules = RuleSet::builtin();
        for code in Code::ALL {
            let rule = rules
                .get(code.as_str())
                .unwrap_or_else(|| panic!("{code} has no file in ontology/rules/"));
            assert!(!rule.summary.is_empty(), "{code} has no summary");
            assert!(
                !rule.explanation.trim().is_empty(),
                "{code} has no explanation"
            );
        }
    }
}
