use specgraph::check::functions::*;
use std::sync::Arc;
use std::time::Instant;
fn main() {
    let root = std::env::args().nth(1).unwrap();
    let mut dirs: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    dirs.sort();
    dirs.truncate(200);
    let specs: Vec<_> = dirs
        .iter()
        .map(|d| specgraph::load::load_spec(d, &Default::default()).unwrap())
        .collect();
    for file in std::env::args().skip(2) {
        let text = std::fs::read_to_string(&file).unwrap();
        let q = declare_prefixes(spargebra::SparqlParser::new())
            .parse_query(&text)
            .unwrap();
        let s = Instant::now();
        let mut n = 0;
        for spec in &specs {
            let ctx = Arc::new(FunctionContext::new(spec));
            n += specgraph::check::run::select(spec, &q, &ctx).unwrap().len();
        }
        println!(
            "{file}: {:.3} ms per spec, {n} rows",
            s.elapsed().as_secs_f64() * 1000.0 / specs.len() as f64
        );
    }
}
