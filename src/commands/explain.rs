//! `spec explain CODE`: a rule's documentation, kept beside its query.

use crate::check::functions::closest;
use crate::cli::ExplainArgs;
use crate::failure::Failure;
use crate::pipeline::Session;
use crate::terminal::EXIT_OK;

pub fn run(args: &ExplainArgs) -> Result<u8, Failure> {
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
            None => failure.with_help("`spec rules` lists every code"),
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
