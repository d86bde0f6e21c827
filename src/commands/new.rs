//! `spec new NAME`: the next numbered spec directory, with skeleton files that
//! load cleanly. They hold no invented values: `spec check` on the new spec
//! lists exactly the links a person has to fill in.

use crate::cli::NewArgs;
use crate::failure::Failure;
use crate::load::display_path;
use crate::pipeline::Session;
use crate::terminal::EXIT_OK;

/// `007-name` → 7.
fn number_of(name: &str) -> Option<u32> {
    let (digits, rest) = name.split_at(name.find(|c: char| !c.is_ascii_digit())?);
    (digits.len() == 3 && rest.starts_with('-')).then(|| digits.parse().ok())?
}

/// A spec folder's name from what the user typed: lower-case letters, digits
/// and single dashes (`Faster Tests!` → `faster-tests`). Not
/// `render::view::slug`, which keeps an id's case and every character's place
/// so that two agents' briefings never merge.
fn folder_name(name: &str) -> String {
    let mut out = String::new();
    for c in name.trim().chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_owned()
}

/// A Turtle string literal: Rust's `{:?}` wrote escapes such as `\u{e9}`
/// that Turtle rejects.
fn quote(text: &str) -> String {
    oxrdf::Literal::new_simple_literal(text).to_string()
}

pub fn run(args: &NewArgs) -> Result<u8, Failure> {
    let session = Session::open(&args.workspace)?;
    let workspace = &session.workspace;
    let roots = workspace.roots();
    // The first root that exists, else the first one configured.
    let root = roots
        .iter()
        .find(|r| r.is_dir())
        .or_else(|| roots.first())
        .cloned()
        .ok_or_else(|| Failure::new("no spec root configured"))?;
    let name = folder_name(&args.name);
    if name.is_empty() {
        return Err(Failure::new(format!(
            "`{}` has no letters or digits to name a spec",
            args.name
        )));
    }
    // Every numbered folder counts, even one that has no Turtle yet.
    let highest = roots
        .iter()
        .filter_map(|r| std::fs::read_dir(r).ok())
        .flatten()
        .filter_map(Result::ok)
        .filter(|e| e.path().is_dir())
        .filter_map(|e| number_of(&e.file_name().to_string_lossy()))
        .max()
        .unwrap_or(0);
    let dir_name = if number_of(&name).is_some() {
        name.clone()
    } else {
        format!("{:03}-{name}", highest + 1)
    };
    let dir = root.join(&dir_name);
    if dir.exists() {
        return Err(Failure::new(format!(
            "{} already exists",
            display_path(&dir)
        )));
    }
    let title = args.title.clone().unwrap_or_else(|| {
        // `008-faster-tests` → "Faster tests".
        let words = if number_of(&name).is_some() {
            &name[4..]
        } else {
            name.as_str()
        };
        let mut title = words.replace('-', " ");
        if let Some(first) = title.get_mut(0..1) {
            first.make_ascii_uppercase();
        }
        title
    });
    let namespace = format!("https://example.org/specs/{dir_name}#");
    let head = format!(
        "@prefix : <{namespace}> .\n@prefix sg: <https://w3id.org/specgraph#> .\n@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
    );
    let feature = format!(
        "{head}\n# The campaign and the feature it delivers. Replace the namespace above with\n# your own. `spec check` lists every required link still missing.\n\n\
         :campaign a sg:Campaign ;\n    sg:title {title} .\n\n\
         :feature a sg:Feature ;\n    sg:title {title} .\n",
        title = quote(&title)
    );
    let entities = format!(
        "{head}\n# Agents, metrics (baseline, target, unit, direction) and risks.\n\n\
         :coordinator a sg:Agent ;\n    sg:title \"Coordinator\" .\n"
    );
    let plan = format!(
        "{head}\n# Phases in sg:order, each closed by an sg:Gate; tasks with an assignee,\n# an estimate in days and their dependencies (sg:dependsOn).\n\n\
         :phase-1 a sg:Phase ;\n    sg:title \"Phase 1\" ;\n    sg:campaign :campaign ;\n    sg:order 1 .\n\n\
         :task-1 a sg:Task ;\n    sg:title \"First task\" ;\n    sg:phase :phase-1 .\n"
    );
    std::fs::create_dir_all(&dir)
        .map_err(|e| Failure::new(format!("cannot create {}: {e}", display_path(&dir))))?;
    for (file, text) in [
        ("feature.ttl", feature),
        ("entities.ttl", entities),
        ("plan.ttl", plan),
    ] {
        let path = dir.join(file);
        std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .and_then(|mut f| std::io::Write::write_all(&mut f, text.as_bytes()))
            .map_err(|e| Failure::new(format!("cannot write {}: {e}", display_path(&path))))?;
    }
    let number = &dir_name[..3];
    crate::terminal::print(&format!(
        "created {} (feature.ttl, entities.ttl, plan.ttl)\nnext: `spec check {number}` lists the links to fill in\n",
        display_path(&dir)
    ));
    Ok(EXIT_OK)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_names() {
        assert_eq!(number_of("007-optimize"), Some(7));
        assert_eq!(number_of("phase7-release"), None);
        assert_eq!(number_of("0007-x"), None);
        assert_eq!(folder_name("Faster Tests!"), "faster-tests");
        assert_eq!(folder_name("012-Next one"), "012-next-one");
    }
}
