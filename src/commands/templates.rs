//! `spec templates`: the templates `spec render` uses and where each comes from.

use crate::cli::TemplatesArgs;
use crate::failure::Failure;
use crate::pipeline::Session;
use crate::render::templates::{self, Scope};
use crate::terminal::EXIT_OK;
use std::fmt::Write;

pub fn run(args: &TemplatesArgs) -> Result<u8, Failure> {
    let session = Session::open(&args.workspace)?;
    let dir = crate::render::templates::folder(&session.workspace, args.templates.as_deref());
    let set = templates::load(dir.as_deref())?;
    let mut out = String::new();
    for template in &set {
        let renders = match template.scope() {
            Scope::Workspace => format!("<out>/{}", template.output_name()),
            Scope::Spec => format!("<out>/<spec>/{}", template.output_name()),
            Scope::Agent => format!(
                "<out>/<spec>/briefings/<agent>.{}",
                templates::Format::of(template).extension()
            ),
            Scope::Library => "(imported by other templates)".to_owned(),
            Scope::Portfolio => format!("<out>/{} (with --endpoint)", template.output_name()),
        };
        let _ = writeln!(
            out,
            "{:<28} {:<40} {}",
            template.name,
            renders,
            template.origin()
        );
    }
    crate::terminal::print(&out);
    Ok(EXIT_OK)
}
