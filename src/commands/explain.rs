//! `spec explain CODE`: a rule's documentation, kept beside its query.

use crate::check::functions::closest;
use crate::cli::ExplainArgs;
use crate::failure::Failure;
use crate::pipeline::Session;
use crate::terminal::EXIT_OK;

/// The README's section on what is computed, one `###` topic each.
const SEMANTICS: &str = include_str!("../../README.md");

/// `gates`, `readiness` or `schedule`: that paragraph of the README's
/// "Gates, readiness and the schedule" section.
fn topic(name: &str) -> Option<&'static str> {
    let section = SEMANTICS
        .split("\n## Gates, readiness and the schedule\n")
        .nth(1)?;
    let section = section.split("\n## ").next()?;
    section.split("\n### ").skip(1).find_map(|part| {
        let (title, body) = part.split_once('\n')?;
        title.eq_ignore_ascii_case(name).then(|| body.trim())
    })
}

pub fn run(args: &ExplainArgs) -> Result<u8, Failure> {
    if let Some(text) = topic(&args.code) {
        println!("{}\n\n{text}", args.code);
        return Ok(EXIT_OK);
    }
    let session = Session::open(&args.workspace)?;
    let Some(rule) = session.rules.get(&args.code) else {
        let codes = session
            .rules
            .rules
            .iter()
            .map(|r| (r.code.as_str(), r.code.as_str()));
        let mut failure = Failure::new(format!("no rule has the code `{}`", args.code));
        failure = match closest(&args.code, codes) {
            Some(code) => failure.with_help(format!(
                "did you mean `{code}`? (`spec rules` lists every code)"
            )),
            None => failure.with_help(
                "`spec rules` lists every code; `gates`, `readiness` and `schedule` explain what is computed",
            ),
        };
        return Err(failure);
    };
    println!(
        "{} ({}, {})\n",
        rule.code,
        rule.severity,
        rule.origin_text()
    );
    println!("{}\n", rule.summary);
    if !rule.explanation.is_empty() {
        println!("{}", rule.explanation);
    }
    Ok(EXIT_OK)
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_topic_is_a_readme_paragraph() {
        for name in ["gates", "readiness", "schedule"] {
            let text = super::topic(name).unwrap_or_else(|| panic!("{name}"));
            assert!(
                text.len() > 200 && !text.contains("\n## "),
                "{name}: {text}"
            );
        }
        assert!(super::topic("missing-property").is_none());
    }
}
