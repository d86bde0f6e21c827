use clap::Parser;
use specgraph::cli::{Cli, Command};
use specgraph::commands;
use specgraph::terminal::{auto_color, EXIT_FAILURE};
use std::io::IsTerminal;
use std::process::ExitCode;

// A quarter of `spec check`'s CPU time on a large workspace went to glibc's
// malloc and free (millions of small terms and index nodes); with mimalloc the
// whole run takes a sixth less CPU. The first 8 MiB of small blocks come from
// one packed region instead (src/allocator.rs): a small check touches half
// the memory for the first time.
#[global_allocator]
static ALLOCATOR: specgraph::allocator::Startup = specgraph::allocator::Startup::new();

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
    let code = match result {
        Ok(code) => code,
        Err(failure) => {
            let color = auto_color(std::io::stderr().is_terminal());
            eprint!("{}", failure.render(color));
            EXIT_FAILURE
        }
    };
    exit(code)
}

/// Ends the process once its output is flushed, without running the C
/// library's exit handlers. Every file `spec` writes is written, synced and
/// closed inside the command; what is left at exit is mimalloc's exit-time
/// collection, which gives every freed page back to the system one
/// `madvise` at a time and splits the transparent huge pages it touches,
/// just before the kernel takes the whole address space back anyway. That
/// was a sixth of a small check: `perf stat -r 60 spec check --quiet` on the
/// 938-triple spec, three alternating rounds, 6.3–7.2 ms → 5.4–5.6 ms.
fn exit(code: u8) -> ExitCode {
    #[cfg(target_os = "linux")]
    {
        use std::io::Write;
        // stdout is line-buffered: what a command printed without a final
        // line break is still in its buffer. stderr is unbuffered. If the
        // flush fails, the normal exit reports nothing more either.
        if std::io::stdout().flush().is_ok() {
            // SAFETY: `_exit` ends the process; no Rust code runs after it,
            // so no invariant can be observed broken.
            unsafe { libc::_exit(i32::from(code)) }
        }
    }
    ExitCode::from(code)
}
