//! Shell completions and the man page are generated from the CLI definition.

mod common;
use common::spec;
use std::path::Path;

#[test]
fn completions_cover_every_shell_and_command() {
    for (shell, marker) in [
        ("bash", "complete -F _spec"),
        ("zsh", "#compdef spec"),
        ("fish", "complete -c spec"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let (code, out, err) = spec(Path::new("."), &["completions", shell]);
        assert_eq!(code, 0, "{shell}: {err}");
        assert!(out.contains(marker), "{shell}");
        for command in [
            "check", "gates", "status", "record", "render", "query", "init", "new",
        ] {
            assert!(out.contains(command), "{shell} completes {command}");
        }
    }
    let (code, _, err) = spec(Path::new("."), &["completions", "tcsh"]);
    assert_eq!(code, 2);
    assert!(err.contains("invalid value 'tcsh'"), "{err}");
}

#[test]
fn man_page_is_roff_with_every_command() {
    let (code, out, _) = spec(Path::new("."), &["man"]);
    assert_eq!(code, 0);
    assert!(out.contains(".TH spec 1"), "{out}");
    assert!(out.contains(".SH SUBCOMMANDS"), "{out}");
    for command in [
        "check", "gates", "status", "record", "render", "query", "init", "new",
    ] {
        assert!(out.contains(&format!("spec\\-{command}(1)")), "{command}");
    }
}
