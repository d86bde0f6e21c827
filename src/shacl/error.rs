//! Why SHACL validation could not produce a report: shapes that are not
//! valid SHACL, a SPARQL-based constraint that cannot run. (A data graph that
//! does not conform is a report, not an error.)

/// Every way validation can fail; the messages are the ones `spec shacl` and
/// `spec check` print.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum Error {
    #[error("{0} is not a SHACL path")]
    #[diagnostic(code(shacl::path))]
    NotAPath(String),
    #[error("the path nests too deeply (or loops)")]
    #[diagnostic(code(shacl::path))]
    PathTooDeep,
    #[error("sh:alternativePath needs a list")]
    #[diagnostic(code(shacl::path))]
    AlternativeNotList,
    #[error("a sequence path needs at least two members")]
    #[diagnostic(code(shacl::path))]
    ShortSequence,
    #[error("{property} of {shape} is not a list")]
    #[diagnostic(code(shacl::shape))]
    NotAList { property: String, shape: String },
    #[error("{0} has no sh:select or sh:ask query")]
    #[diagnostic(code(shacl::sparql))]
    NoQuery(String),
    #[error("the SPARQL query of {node} does not parse: {message}")]
    #[diagnostic(code(shacl::sparql))]
    QuerySyntax { node: String, message: String },
    #[error("the SPARQL query of {0} must be a SELECT or an ASK")]
    #[diagnostic(code(shacl::sparql))]
    QueryForm(String),
    #[error("{0} is not allowed in a SHACL-SPARQL query")]
    #[diagnostic(code(shacl::sparql))]
    Forbidden(&'static str),
    #[error("a nested SELECT must return the pre-bound ${0}")]
    #[diagnostic(code(shacl::sparql))]
    NestedSelect(String),
    #[error("${0} is pre-bound and cannot be assigned")]
    #[diagnostic(code(shacl::sparql))]
    PreBoundAssigned(String),
    #[error("a SPARQL constraint must be a SELECT query")]
    #[diagnostic(code(shacl::sparql))]
    NotSelect,
    #[error("an ASK validator must be an ASK query")]
    #[diagnostic(code(shacl::sparql))]
    NotAsk,
    #[error("the SPARQL constraint {0} reported a failure")]
    #[diagnostic(code(shacl::sparql))]
    ReportedFailure(String),
    /// Evaluating a query failed (a time limit, the store).
    #[error("{0}")]
    #[diagnostic(code(shacl::evaluation))]
    Evaluation(String),
}
