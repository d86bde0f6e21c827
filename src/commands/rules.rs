//! `spec rules`: the rules in force, with code, severity, origin and summary.

use crate::cli::{Format, RulesArgs};
use crate::failure::Failure;
use crate::pipeline::Session;
use crate::terminal::EXIT_OK;
use serde::Serialize;

#[derive(Serialize)]
struct RuleJson<'a> {
    code: &'a str,
    severity: &'a str,
    origin: String,
    summary: &'a str,
}

pub fn run(args: &RulesArgs) -> Result<u8, Failure> {
    let session = Session::open(&args.workspace)?;
    let rows: Vec<RuleJson> = session
        .rules
        .rules
        .iter()
        .map(|rule| RuleJson {
            code: &rule.code,
            severity: match session.check.severities.get(&rule.code) {
                Some(None) => "off",
                Some(Some(s)) => s.as_str(),
                None => rule.severity.as_str(),
            },
            origin: rule.origin_text(),
            summary: &rule.summary,
        })
        .collect();
    let output = match args.format {
        Format::Json => serde_json::to_string_pretty(&rows).expect("rules serialise") + "\n",
        Format::Human => {
            let width = rows.iter().map(|r| r.code.len()).max().unwrap_or(0);
            let mut out = String::new();
            for row in &rows {
                out.push_str(&format!(
                    "{:width$}  {:7}  {}\n",
                    row.code, row.severity, row.summary
                ));
            }
            out.push_str("\n`spec explain CODE` explains a rule with examples.\n");
            out
        }
    };
    print!("{output}");
    Ok(EXIT_OK)
}
