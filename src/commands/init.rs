//! `spec init`: starts a workspace — `spec.toml` and an empty `.specify/specs/`
//! — without touching anything that exists.

use crate::failure::Failure;
use crate::load::display_path;
use crate::terminal::EXIT_OK;

const CONFIG: &str = r#"# specgraph workspace configuration. Every key is optional.
# `spec check`, `spec render` and the other commands find this file in the
# current folder or its parents.

# Folders whose subfolders are spec directories.
roots = [".specify/specs"]

# Where `spec render` writes, and a folder of template overrides.
# output = "docs"
# templates = "templates"

# Folders of your own rules (*.rq), besides rules/ next to this file.
# rules = ["rules"]

# Namespaces the specs describe themselves (for dangling-reference).
# namespaces = ["https://example.org/specs/"]

# Per-rule severity: error, warning, info or off.
# [severity]
# literal-names-resource = "error"
"#;

pub fn run() -> Result<u8, Failure> {
    let cwd = std::env::current_dir()
        .map_err(|e| Failure::new(format!("cannot read the working directory: {e}")))?;
    for name in crate::config::FILE_NAMES {
        let existing = cwd.join(name);
        if existing.exists() {
            return Err(Failure::new(format!(
                "{} already exists; spec init leaves it as it is",
                display_path(&existing)
            ))
            .with_help("`spec new NAME` creates a spec in the existing workspace"));
        }
    }
    let specs = cwd.join(".specify/specs");
    std::fs::create_dir_all(&specs)
        .map_err(|e| Failure::new(format!("cannot create {}: {e}", display_path(&specs))))?;
    let config = cwd.join("spec.toml");
    // create_new: never replaces a file that appeared meanwhile.
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&config)
        .and_then(|mut file| std::io::Write::write_all(&mut file, CONFIG.as_bytes()))
        .map_err(|e| Failure::new(format!("cannot write {}: {e}", display_path(&config))))?;
    crate::terminal::print(
        "created spec.toml and .specify/specs/\nnext: `spec new my-campaign` creates a spec to fill in\n",
    );
    Ok(EXIT_OK)
}
