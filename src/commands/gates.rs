//! `spec gates`: every gate with its computed state and the reasons.

use crate::check::{Code, SpecReport};
use crate::cli::{FindingsFormat, GatesArgs};
use crate::failure::Failure;
use crate::finding::{Finding, Severity};
use crate::model::gates::{GateState, Verdict};
use crate::pipeline::Session;
use crate::pipeline::{emit, Audience};
use crate::report::emit::{Emitter, Github, Human, Json, Sarif};
use crate::terminal::{EXIT_FINDINGS, EXIT_OK};
use serde_json::json;
use std::fmt::Write;

/// The rule whose errors make `spec gates` fail: a declared pass that is false.
const CLAIM_RULE: Code = Code::GateClaimFalse;

pub fn run(args: &GatesArgs) -> Result<u8, Failure> {
    let mut session = Session::open(&args.workspace)?;
    let audience = Audience::when_people(args.format == FindingsFormat::Human);
    let claims: fn(&Finding) -> bool = |f| f.code == CLAIM_RULE;
    let emitter: Box<dyn Emitter> = match args.format {
        FindingsFormat::Human => Box::new(Human {
            body: human,
            select: claims,
            separator: "\n",
            total: false,
        }),
        FindingsFormat::Json => Box::new(Json {
            body: json,
            select: claims,
        }),
        FindingsFormat::Sarif => Box::new(Sarif {
            rules: session.rules.clone(),
            root: session.workspace.root.clone(),
            select: claims,
            baseline: false,
        }),
        FindingsFormat::Github => Box::new(Github { select: claims }),
    };
    let pieces = emit(&mut session, &args.specs, audience, emitter.as_ref())?;
    let partly_read =
        crate::report::warn_partial_reads(pieces.iter().map(|p| p.partial.as_deref()));
    let false_claim = pieces
        .iter()
        .flat_map(|p| &p.findings)
        .any(|f| f.severity == Severity::Error);
    Ok(if false_claim || (args.strict && partly_read) {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    })
}

fn mark(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Holds => "✓",
        Verdict::Fails => "✗",
        Verdict::Undecided => "?",
        Verdict::NotYet => "·",
    }
}

fn human(report: &SpecReport) -> String {
    let analysis = &report.analysis;
    let gates = &analysis.gates.gates;
    let mut out = String::new();
    let count = |state: GateState| gates.iter().filter(|g| g.state == state).count();
    let _ = writeln!(
        out,
        "{}: {} gates · {} passed, {} failed, {} pending",
        report.spec.name,
        gates.len(),
        count(GateState::Passed),
        count(GateState::Failed),
        count(GateState::Pending)
    );
    for gate in gates {
        let declared = match gate.declared.as_deref() {
            Some(d) if !d.eq_ignore_ascii_case(gate.state.as_str()) => {
                format!(" (declared {})", d.to_lowercase())
            }
            _ => String::new(),
        };
        let _ = writeln!(
            out,
            "\n  {}: {}{declared}",
            gate.gate.describe(),
            gate.state.as_str().to_uppercase()
        );
        let work = &gate.work;
        if work.total > 0 {
            let _ = match work.reason() {
                Some(open) => writeln!(out, "    · work: {open}"),
                None if work.total == 1 => writeln!(out, "    ✓ work: its 1 task is done"),
                None => writeln!(out, "    ✓ work: all {} tasks done", work.total),
            };
        }
        for criterion in &gate.criteria {
            let _ = writeln!(
                out,
                "    {} {}: {}",
                mark(criterion.verdict),
                criterion.criterion.describe(),
                criterion.reasons.join("; ")
            );
        }
    }
    if let Some(claims) = claims(report) {
        let _ = write!(out, "\n{claims}");
    }
    out
}

/// The false claims, one line each (they fail the command).
fn claims(report: &SpecReport) -> Option<String> {
    let lines: Vec<String> = report
        .findings
        .iter()
        .filter(|f| f.code == CLAIM_RULE)
        .map(|f| {
            let at = f
                .location
                .as_ref()
                .map(|l| format!("{}:{}:{}: ", l.file, l.line, l.column))
                .unwrap_or_default();
            format!("{at}{}[{CLAIM_RULE}] {}\n", f.severity, f.message)
        })
        .collect();
    (!lines.is_empty()).then(|| lines.concat())
}

/// One spec of `--format json`, printed (see `json_envelope`).
fn json(report: &SpecReport) -> String {
    let spec = json!({
        "name": report.spec.name,
        "gates": &report.analysis.gates.gates,
        "false_claims": report.findings.iter().filter(|f| f.code == CLAIM_RULE).collect::<Vec<_>>(),
    });
    serde_json::to_string_pretty(&spec).unwrap_or_default()
}
