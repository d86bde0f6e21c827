//! `spec check`: load each spec, run the rules, print findings and closure.

use super::{Session, EXIT_FINDINGS, EXIT_OK};
use crate::check::{check_spec, SpecReport};
use crate::cli::{CheckArgs, FindingsFormat};
use crate::failure::Failure;
use crate::finding::Severity;
use crate::load::load_spec;
use crate::report::{github, human, json, sarif, Style};
use rayon::prelude::*;
use std::io::Write;

pub fn run(args: &CheckArgs) -> Result<u8, Failure> {
    if args.watch {
        let session = Session::open(&args.workspace)?;
        return crate::watch::run(&session.watched(), || once(args));
    }
    once(args)
}

fn once(args: &CheckArgs) -> Result<u8, Failure> {
    let mut session = Session::open(&args.workspace)?;
    let audience = Audience::when_people(args.format == FindingsFormat::Human && !args.quiet);
    let reports = check_all(&mut session, &args.specs, audience)?;

    let style = Style {
        color: super::use_color(args.color),
        quiet: args.quiet,
    };
    let findings: Vec<&crate::finding::Finding> =
        reports.iter().flat_map(|r| &r.findings).collect();
    let output = match args.format {
        FindingsFormat::Json => json::render(&reports),
        FindingsFormat::Sarif => sarif::render(&findings, &session.rules, &session.workspace.root),
        FindingsFormat::Github => github::render(&findings),
        FindingsFormat::Human => {
            let mut out = String::new();
            for report in &reports {
                out.push_str(&human::render_spec(report, style));
            }
            if reports.len() > 1 && !args.quiet {
                out.push_str(&human::total_line(&reports));
                out.push('\n');
            }
            out
        }
    };
    let mut stdout = std::io::stdout().lock();
    // A closed pipe (`spec check | head`) is not an error worth reporting.
    let _ = stdout
        .write_all(output.as_bytes())
        .and_then(|()| stdout.flush());

    let failing = |severity: Severity| reports.iter().any(|r| r.count(severity) > 0);
    if failing(Severity::Error) || (args.strict && failing(Severity::Warning)) {
        Ok(EXIT_FINDINGS)
    } else {
        Ok(EXIT_OK)
    }
}

/// Who reads the output: a progress bar is shown only to people.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    People,
    Machines,
}

impl Audience {
    /// People read human output; machines read everything else.
    pub fn when_people(human_output: bool) -> Self {
        if human_output {
            Self::People
        } else {
            Self::Machines
        }
    }
}

/// Loads and checks the specs named by `arguments` (every spec of the workspace
/// when empty), in parallel; reports come back in argument order, with their
/// findings (the analysis is dropped; see `check_each`).
pub fn check_all(
    session: &mut Session,
    arguments: &[std::path::PathBuf],
    audience: Audience,
) -> Result<Vec<SpecReport>, Failure> {
    check_each(session, arguments, audience, |mut report| {
        report.analysis = None;
        report
    })
}

/// Like `check_all`, but hands each report to `keep` in the worker thread as
/// soon as its spec is checked: a command keeps what it prints of a spec (its
/// lines, its JSON), not every spec's whole analysis until the end.
pub fn check_each<T: Send>(
    session: &mut Session,
    arguments: &[std::path::PathBuf],
    audience: Audience,
    keep: impl Fn(SpecReport) -> T + Sync,
) -> Result<Vec<T>, Failure> {
    let dirs = session.workspace.resolve(arguments)?;
    session.check.parallel_rules = dirs.len() < rayon::current_num_threads();
    let session = &*session;
    let bar = crate::progress::bar(dirs.len(), audience == Audience::People);
    let kept = dirs
        .par_iter()
        .map(|dir| {
            bar.inc(1);
            let spec = load_spec(dir, &session.load)?;
            let mut report = check_spec(spec, &session.rules, &session.check)?;
            // Only the sources are needed to print findings: free the graph now.
            report.spec.release_graph();
            Ok(keep(report))
        })
        .collect();
    bar.finish_and_clear();
    kept
}
