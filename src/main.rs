use clap::Parser;
use specgraph::cli::{Cli, Command};
use specgraph::commands;
use specgraph::terminal::{auto_color, EXIT_FAILURE};
use std::io::IsTerminal;
use std::process::ExitCode;

// A quarter of `spec check`'s CPU time on a large workspace went to glibc's
// malloc and free (millions of small terms and index nodes); with mimalloc the
// whole run takes a sixth less CPU.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Check(args) => commands::check::run(args),
        Command::Baseline(args) => commands::baseline::run(args),
        Command::Gates(args) => commands::gates::run(args),
        Command::Status(args) => commands::status::run(args),
        Command::Record(args) => commands::record::run(args),
        Command::Render(args) => commands::render::run(args),
        Command::Templates(args) => commands::templates::run(args),
        Command::Init => commands::init::run(),
        Command::New(args) => commands::new::run(args),
        Command::Query(args) => commands::query::run(args),
        Command::Completions(args) => commands::completions::run(args),
        Command::Man => commands::completions::man(),
        Command::Export(args) => commands::export::run(args),
        #[cfg(feature = "endpoint")]
        Command::Publish(args) => commands::publish::run(args),
        Command::Fmt(args) => commands::fmt::run(args),
        Command::Shacl(args) => commands::shacl::run(args),
        Command::Rules(args) => commands::rules::run(args),
        Command::Explain(args) => commands::explain::run(args),
        Command::Hook(command) => commands::hook::run(command),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(failure) => {
            let color = auto_color(std::io::stderr().is_terminal());
            eprint!("{}", failure.render(color));
            ExitCode::from(EXIT_FAILURE)
        }
    }
}
