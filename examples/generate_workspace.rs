//! Writes a synthetic workspace for timing `spec` by hand:
//! `cargo run --release --example generate_workspace -- DIR SPECS PHASES TASKS_PER_PHASE`
//! (1000 specs × 4 phases × 8 tasks ≈ 1,000,000 triples), or
//! `… -- DIR SPECS --triples N` for specs of about N triples each in the
//! shape `cargo bench --bench scaling` times (`Shape::of_triples`: phases
//! and agents grow with the square root of the tasks).

#[path = "../benches/support/mod.rs"]
mod support;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let number = |text: &str| -> usize {
        text.parse().unwrap_or_else(|_| {
            eprintln!("not a number: {text}");
            std::process::exit(2)
        })
    };
    let (dir, specs, shape) = match args.as_slice() {
        [dir, specs, flag, triples] if flag == "--triples" => {
            (dir, specs, support::Shape::of_triples(number(triples)))
        }
        [dir, specs, phases, tasks] => (
            dir,
            specs,
            support::Shape {
                phases: number(phases),
                tasks_per_phase: number(tasks),
                agents: 5,
                current: None,
            },
        ),
        _ => {
            eprintln!(
                "usage: generate_workspace DIR SPECS PHASES TASKS_PER_PHASE\n       generate_workspace DIR SPECS --triples N"
            );
            std::process::exit(2);
        }
    };
    let written = support::workspace(std::path::Path::new(dir), number(specs), shape);
    println!(
        "wrote {} specs of {} phases × {} tasks, {} agents, under {dir}/specs",
        written.len(),
        shape.phases,
        shape.tasks_per_phase,
        shape.agents
    );
}
