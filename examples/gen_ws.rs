#[path = "../benches/support/mod.rs"]
mod support;
fn main() {
    let a: Vec<String> = std::env::args().collect();
    support::workspace(std::path::Path::new(&a[1]), a[2].parse().unwrap(), support::Shape { phases: a[3].parse().unwrap(), tasks_per_phase: a[4].parse().unwrap(), agents: 5 });
}
