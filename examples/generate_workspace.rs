//! Writes a synthetic workspace for timing `spec` by hand:
//! `cargo run --release --example generate_workspace -- DIR SPECS PHASES TASKS_PER_PHASE`
//! (1000 specs × 4 phases × 8 tasks ≈ 1,000,000 triples).

#[path = "../benches/support/mod.rs"]
mod support;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [dir, specs, phases, tasks] = args.as_slice() else {
        eprintln!("usage: generate_workspace DIR SPECS PHASES TASKS_PER_PHASE");
        std::process::exit(2);
    };
    let number = |text: &str| -> usize {
        text.parse().unwrap_or_else(|_| {
            eprintln!("not a number: {text}");
            std::process::exit(2)
        })
    };
    let shape = support::Shape {
        phases: number(phases),
        tasks_per_phase: number(tasks),
        agents: 5,
    };
    let written = support::workspace(std::path::Path::new(dir), number(specs), shape);
    println!("wrote {} specs under {dir}/specs", written.len());
}
