//! `spec check`: load each spec, run the rules, print findings and closure.

use crate::check::SpecReport;
use crate::cli::{CheckArgs, FindingsFormat};
use crate::failure::Failure;
use crate::finding::Finding;
use crate::pipeline::{emit, Audience, Session};
use crate::report::emit::{Emitter, Github, Human, Json, Sarif};
use crate::report::{human, json, Style};
use crate::terminal::{EXIT_FINDINGS, EXIT_OK};

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
    let style = Style {
        color: crate::terminal::use_color(args.color),
        quiet: args.quiet,
    };
    let every: fn(&Finding) -> bool = |_| true;
    let emitter: Box<dyn Emitter> = match args.format {
        FindingsFormat::Human => Box::new(Human {
            body: move |report: &SpecReport| human::render_spec(report, style),
            select: every,
            separator: "",
            total: !args.quiet,
        }),
        FindingsFormat::Json => Box::new(Json {
            body: json::spec,
            select: every,
        }),
        FindingsFormat::Sarif => Box::new(Sarif {
            rules: session.rules.clone(),
            root: session.workspace.root.clone(),
            select: every,
        }),
        FindingsFormat::Github => Box::new(Github { select: every }),
    };
    let pieces = emit(&mut session, &args.specs, audience, emitter.as_ref())?;
    let errors = pieces.iter().any(|p| p.errors > 0);
    let warnings = pieces.iter().any(|p| p.warnings > 0);
    Ok(if errors || (args.strict && warnings) {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    })
}
