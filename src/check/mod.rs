//! Stage 3 — check: compute the spec's model (stage 2) and store its facts,
//! then run every rule (SPARQL data files, the SHACL shapes, native checks)
//! over the loaded spec and compute its closure figure.

pub mod builtin;
pub mod code;
pub mod cycles;
mod external;
pub mod functions;
mod glued;
pub mod ill_typed;
pub mod locate;
pub mod native;
pub mod rule;
pub mod run;
pub mod scan;
pub mod shacl;
pub mod shapes;

use crate::finding::{Finding, Severity};
use crate::load::{Sources, Spec, SpecGraph};
use crate::model::align::Alignment;
use crate::model::{computed, Analysis};
pub use code::Code;
use functions::FunctionContext;
use rayon::prelude::*;
use rule::{Rule, RuleError, RuleOrigin};
use run::RuleFailure;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

/// The rules in force: the built-in ones and the user's. The built-in ones
/// are borrowed from the process-wide list (parsed once): copying them was
/// about 1,000 allocations and 60 KB of every run.
#[derive(Debug, Clone)]
pub struct RuleSet {
    pub rules: Vec<std::borrow::Cow<'static, Rule>>,
}

impl RuleSet {
    pub fn builtin() -> Self {
        Self {
            rules: builtin::rules()
                .iter()
                .map(std::borrow::Cow::Borrowed)
                .collect(),
        }
    }

    /// Adds every `*.rq` of `dir`. A code that is already taken is an error.
    pub fn add_dir(&mut self, dir: &Path) -> Result<(), RuleError> {
        let entries = std::fs::read_dir(dir).map_err(|e| RuleError {
            origin: dir.display().to_string(),
            line: 0,
            message: format!("cannot read the rules folder: {e}"),
        })?;
        let mut paths: Vec<_> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "rq"))
            .collect();
        paths.sort();
        for path in paths {
            let text = std::fs::read_to_string(&path).map_err(|e| RuleError {
                origin: path.display().to_string(),
                line: 0,
                message: format!("cannot read the rule: {e}"),
            })?;
            let rule = Rule::parse(&text, RuleOrigin::File(path.clone()))?;
            if let Some(existing) = self.get(&rule.code) {
                return Err(RuleError {
                    origin: path.display().to_string(),
                    line: 1,
                    message: format!(
                        "rule code `{}` is already used by {}",
                        rule.code,
                        existing.origin_text()
                    ),
                });
            }
            self.rules.push(std::borrow::Cow::Owned(rule));
        }
        Ok(())
    }

    pub fn get(&self, code: &str) -> Option<&Rule> {
        self.rules
            .iter()
            .map(AsRef::as_ref)
            .find(|r| r.code == code)
    }
}

/// Per-rule severity overrides; `None` turns a rule off.
#[derive(Debug, Clone, Default)]
pub struct CheckConfig {
    pub severities: BTreeMap<String, Option<Severity>>,
    /// Run the rules of one spec in parallel. Worth it for a few big specs; with
    /// many specs, checking specs in parallel already keeps every core busy.
    pub parallel_rules: bool,
    /// SHACL shapes to validate every spec against: the vocabulary's, plus
    /// those of `--shapes` and spec.toml `shapes`.
    pub shapes: shacl::Shapes,
    /// The profiles that align other vocabularies (spec.toml `profiles`).
    pub profiles: crate::profile::Profiles,
    /// spec.toml `hours_per_day` (8 unless set).
    pub hours_per_day: Option<f64>,
    /// Run the `.rq` of every built-in rule, also of those answered natively
    /// (`--reference-rules`; check/scan.rs).
    pub reference_rules: bool,
}

impl CheckConfig {
    /// How `spec` reads another vocabulary in this spec: the spec's own
    /// alignment axioms and those of the profiles in force for it.
    pub fn alignment(&self, spec: &Spec) -> Alignment {
        let profiles = self.profiles.in_force(&spec.triples);
        Alignment::of(
            &spec.triples,
            &profiles,
            self.hours_per_day
                .unwrap_or(crate::model::align::DEFAULT_HOURS_PER_DAY),
        )
    }

    fn severity(&self, rule: &Rule) -> Option<Severity> {
        self.severities
            .get(&rule.code)
            .copied()
            .unwrap_or(Some(rule.severity))
    }
}

/// Required links present out of required links expected (the `sh:minCount`
/// constraints of every targeted shape in force).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Closure {
    pub present: usize,
    pub expected: usize,
}

impl Closure {
    /// Percentage with one decimal, rounded, except that a closure with a
    /// gap never shows as 100% (99.96% is 99.9%) and one with a link never
    /// as 0%; `None` when no shape requires anything (a closure of 0
    /// required links is not 100%: nothing was checked).
    pub fn percent(&self) -> Option<f64> {
        if self.expected == 0 {
            return None;
        }
        let rounded = (self.present as f64 * 1000.0 / self.expected as f64).round() / 10.0;
        Some(
            if self.present < self.expected {
                rounded.min(99.9)
            } else {
                rounded
            }
            .max(if self.present > 0 { 0.1 } else { 0.0 }),
        )
    }

    /// `93.8% of 352 required links (330 present)`, or why there is no figure.
    pub fn describe(&self) -> String {
        match self.percent() {
            Some(percent) => format!(
                "{percent:.1}% of {} required links ({} present)",
                self.expected, self.present
            ),
            None => "n/a: no shape requires anything of this spec's entities".to_owned(),
        }
    }
}

/// Everything `spec check` found in one spec, with what it computed.
pub struct SpecReport {
    pub spec: Sources,
    pub findings: Vec<Finding>,
    pub closure: Closure,
    /// Gates, metrics, readiness and schedule, as computed from the data.
    pub analysis: Analysis,
}

impl SpecReport {
    /// Findings of `severity` that count: those not in the baseline.
    pub fn count(&self, severity: Severity) -> usize {
        crate::finding::counted(&self.findings, severity)
    }
}

/// A checked spec: its report, and its graph with the SPARQL context the
/// rules ran with (for `sparql()` in templates, `spec query`, `spec export`).
/// A command that only prints the report drops the rest with it.
pub struct Checked {
    pub report: SpecReport,
    pub graph: SpecGraph,
    pub functions: Arc<FunctionContext>,
}

impl Checked {
    /// A SPARQL evaluator with the `sg:` functions, over this spec.
    pub fn evaluator(&self) -> oxigraph::sparql::SparqlEvaluator {
        functions::evaluator(&self.functions)
    }
}

/// The size of a spec from which its rules run in parallel.
const PARALLEL_RULES_TRIPLES: usize = 20_000;

/// Runs every rule on `spec` (in parallel; the store is shared read-only).
pub fn check_spec(
    mut spec: Spec,
    rules: &RuleSet,
    config: &CheckConfig,
) -> Result<Checked, RuleFailure> {
    let context = Arc::new(FunctionContext::new(&spec));
    let evaluator = functions::evaluator(&context);
    let prefixes = context.prefixes();
    // Gate states, readiness and the schedule go into the store first: some
    // rules compare them with what the spec declares.
    let alignment = config.alignment(&spec);
    let analysis = Analysis::of(&spec, prefixes, &alignment, &evaluator);
    computed::insert(&spec.graph.store, &analysis).map_err(|message| RuleFailure {
        code: "computed".into(),
        message,
    })?;
    let mut findings: Vec<Finding> = spec
        .sources
        .syntax_errors
        .iter()
        .filter_map(|f| {
            let severity = rules
                .get(&f.code)
                .map_or(Some(f.severity), |r| config.severity(r))?;
            Some(Finding {
                severity,
                ..f.clone()
            })
        })
        .collect();
    // Ill-typed literals, on every property (wrong-kind.md).
    if let Some(rule) = rules.get(Code::WrongKind.as_str()) {
        if let Some(severity) = config.severity(rule) {
            findings.extend(ill_typed::findings(&spec, rule, severity, prefixes));
        }
    }
    // The shapes: closure (missing-property), values (wrong-kind,
    // conflicting-values) and the user's (shacl-violation).
    let severity = |code: &str| match rules.get(code) {
        Some(rule) => config.severity(rule),
        None => Some(Severity::Error),
    };
    let shapes =
        shacl::check(&spec, &config.shapes, rules, &severity, prefixes).map_err(|message| {
            RuleFailure {
                code: Code::ShaclViolation.into(),
                message,
            }
        })?;
    findings.extend(shapes.findings);
    // Prefixes without a trailing separator (glued-prefix.md): one finding
    // each, and the findings they cause are dropped below.
    let glued = match rules.get(Code::GluedPrefix.as_str()) {
        Some(rule) => match config.severity(rule) {
            Some(severity) => {
                let (found, iris) = glued::findings(&spec, rule, severity, prefixes);
                findings.extend(found);
                iris
            }
            None => Vec::new(),
        },
        None => Vec::new(),
    };
    // Namespaces nothing can check, once each (external-vocabulary.md).
    if let Some(rule) = rules.get(Code::ExternalVocabulary.as_str()) {
        if let Some(severity) = config.severity(rule) {
            findings.extend(external::findings(
                &spec,
                rule,
                severity,
                prefixes,
                &alignment.namespaces,
            ));
        }
    }
    let mut active: Vec<(&Rule, Severity)> = rules
        .rules
        .iter()
        .map(AsRef::as_ref)
        .filter(|rule| rule.is_query())
        // A profile's rules run where the profile is on.
        .filter(|rule| {
            rule.profile
                .as_ref()
                .is_none_or(|p| alignment.profiles.contains(p))
        })
        .filter_map(|rule| Some((rule, config.severity(rule)?)))
        .collect();
    // The scanning rules in one pass over the parsed triples, unless their
    // queries are asked for (scan.rs).
    // The rules that compare declarations with the computed facts read the
    // dataset directly (native.rs).
    if !config.reference_rules {
        let mut scanning = scan::Active::default();
        let mut natively = Vec::new();
        active.retain(|&(rule, severity)| {
            let builtin = matches!(rule.origin, RuleOrigin::Builtin);
            if builtin && scan::CODES.contains(&rule.code.as_str()) {
                scanning.set(rule, severity);
                false
            } else if builtin && native::CODES.contains(&rule.code.as_str()) {
                natively.push((rule, severity));
                false
            } else {
                true
            }
        });
        findings.extend(scan::findings(&spec, &context, &scanning));
        findings.extend(native::findings(&spec, &context, &natively));
    }
    // Everything that reads the parsed triples has run: the rules read the
    // store, so the second copy goes before they build their intermediate
    // results (the peak of a large check).
    drop(std::mem::take(&mut spec.triples));
    let run = |&(rule, severity): &(&Rule, Severity)| {
        run::run_rule(&spec, rule, severity, &evaluator, prefixes)
    };
    // Rules run in parallel on a big spec only: on a small one the thread
    // pool would cost more than the rules.
    let per_rule: Vec<Vec<Finding>> =
        if config.parallel_rules && spec.sources.triple_count >= PARALLEL_RULES_TRIPLES {
            active.par_iter().map(run).collect::<Result<_, _>>()?
        } else {
            active.iter().map(run).collect::<Result<_, _>>()?
        };
    findings.extend(per_rule.into_iter().flatten());
    if !glued.is_empty() {
        findings.retain(|f| {
            // About a glued IRI, as the offending term or the property.
            let is_glued = |term: &Option<String>| {
                term.as_deref().is_some_and(|t| {
                    glued
                        .iter()
                        .any(|g| t.starts_with(g.as_str()) && glued::glues(t, g.len()))
                })
            };
            !(glued::CAUSED.contains(&f.code.as_str())
                && (is_glued(&f.object) || is_glued(&f.predicate)))
        });
    }
    // A total order: findings that tie on place, code and message (two
    // `literal-names-resource` of one string, say) keep one order whichever
    // way the rules were evaluated.
    // Blank node labels are drawn at random per run, so they do not order.
    fn tie(f: &Finding) -> [Option<&str>; 5] {
        let subject = f.subject.as_deref().filter(|s| !s.starts_with("_:"));
        let (predicate, object) = (f.predicate.as_deref(), f.object.as_deref());
        [
            subject,
            predicate,
            object,
            f.label.as_deref(),
            f.help.as_deref(),
        ]
    }
    findings.sort_by(|a, b| {
        a.sort_key()
            .cmp(&b.sort_key())
            .then_with(|| tie(a).cmp(&tie(b)))
    });
    findings.dedup();
    let Spec { sources, graph, .. } = spec;
    Ok(Checked {
        report: SpecReport {
            spec: sources,
            findings,
            closure: shapes.closure,
            analysis,
        },
        graph,
        functions: context,
    })
}

#[cfg(test)]
mod closure_tests {
    use super::Closure;

    #[test]
    fn rounds_but_never_claims_what_is_not_there() {
        let percent = |present, expected| Closure { present, expected }.percent();
        assert_eq!(percent(245, 254), Some(96.5), "96.46% rounds up");
        assert_eq!(percent(9_996, 10_000), Some(99.9), "99.96% is not 100%");
        assert_eq!(percent(1, 10_000), Some(0.1), "one link is not 0%");
        assert_eq!(percent(0, 10), Some(0.0));
        assert_eq!(percent(10, 10), Some(100.0));
        assert_eq!(percent(0, 0), None);
        assert_eq!(
            Closure {
                present: 245,
                expected: 254
            }
            .describe(),
            "96.5% of 254 required links (245 present)"
        );
    }
}
