//! `spec check`: load each spec, run the rules, print findings and closure.

use crate::cli::{CheckArgs, FindingsFormat};
use crate::failure::Failure;
use crate::finding::Severity;
use crate::pipeline::Session;
use crate::pipeline::{check_all, Audience};
use crate::report::{github, human, json, sarif, Style};
use crate::terminal::{EXIT_FINDINGS, EXIT_OK};
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
        color: crate::terminal::use_color(args.color),
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
