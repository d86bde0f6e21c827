//! `spec fmt [--check] [PATHS]`: rewrites Turtle files in the canonical layout
//! (`src/format.rs`). A file that does not parse is left as it is, with its
//! first syntax error located; a result that would not mean exactly the same
//! triples is refused, and so is one that cannot be compared.

use crate::cli::FmtArgs;
use crate::failure::Failure;
use crate::load::{display_path, parse::parse_turtle, spec_files};
use crate::pipeline::Session;
use crate::terminal::{EXIT_FAILURE, EXIT_FINDINGS, EXIT_OK};
use std::fmt::Write;
use std::path::PathBuf;

pub fn run(args: &FmtArgs) -> Result<u8, Failure> {
    let files: Vec<PathBuf> = if args.paths.is_empty() {
        let session = Session::open(&args.workspace)?;
        let mut files = Vec::new();
        for dir in session.workspace.resolve(&[])? {
            files.extend(spec_files(&dir)?);
        }
        files
    } else {
        let mut files = Vec::new();
        for path in &args.paths {
            if !path.exists() {
                return Err(Failure::new(format!(
                    "{} does not exist",
                    display_path(path)
                )));
            }
            files.extend(spec_files(path)?);
        }
        files
    };
    let color = crate::terminal::auto_color(std::io::stderr().is_terminal());
    let mut report = String::new();
    let (mut changed, mut broken, mut uncompared) = (0, 0, 0);
    for path in &files {
        let shown = display_path(path);
        let text = std::fs::read_to_string(path)
            .map_err(|e| Failure::new(format!("cannot read {shown}: {e}")))?;
        let parsed = parse_turtle(&text);
        if let Some(error) = parsed.errors.first() {
            let (line, column) =
                crate::load::source::LineIndex::new(&text).line_column(&text, error.start);
            let failure = Failure::new(format!("{shown}: not formatted: {}", error.message))
                .in_text_at(&shown, text.clone(), line, column, "here");
            eprint!("{}", failure.render(color));
            broken += 1;
            continue;
        }
        let formatted = crate::format::format(&text);
        if formatted == text {
            continue;
        }
        // Never change meaning: the same triples, blank nodes aside.
        let after = parse_turtle(&formatted);
        let same = if after.errors.is_empty() {
            crate::export::same_graph(&parsed.triples, &after.triples)
        } else {
            Ok(false)
        };
        let same = match same {
            Ok(same) => same,
            Err(reason) => {
                let failure = Failure::new(format!(
                    "{shown}: not formatted: its triples could not be compared with the new layout's ({reason})"
                ))
                .with_help(
                    "the file is left as it is; blank nodes that cannot be told apart make the comparison too costly: name some of them",
                );
                eprint!("{}", failure.render(color));
                uncompared += 1;
                continue;
            }
        };
        if !same {
            return Err(Failure::new(format!(
                "{shown}: the canonical layout would change its triples; the file is left as it is"
            ))
            .with_help("this is a bug in spec fmt: please report it with the file"));
        }
        changed += 1;
        if args.check {
            let _ = writeln!(report, "would reformat {shown}");
        } else {
            crate::fs::write_atomic(path, formatted.as_bytes())
                .map_err(|e| Failure::new(format!("cannot write {shown}: {e}")))?;
            let _ = writeln!(report, "formatted {shown}");
        }
    }
    let _ = writeln!(
        report,
        "{} file{} {}, {} already formatted{}{}",
        changed,
        if changed == 1 { "" } else { "s" },
        if args.check {
            "to reformat"
        } else {
            "reformatted"
        },
        files.len() - changed - broken - uncompared,
        if broken > 0 {
            format!(", {broken} not parsed (left as they are)")
        } else {
            String::new()
        },
        if uncompared > 0 {
            format!(", {uncompared} not compared (left as they are)")
        } else {
            String::new()
        }
    );
    crate::terminal::print(&report);
    Ok(if broken + uncompared > 0 {
        EXIT_FAILURE
    } else if args.check && changed > 0 {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    })
}

use std::io::IsTerminal;
