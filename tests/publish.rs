//! `spec publish` and `spec query --endpoint` against a real SPARQL store
//! (issue 17): the Oxigraph server from PyPI (`pip install oxigraph`, which
//! `.ci/run` does), started on 127.0.0.1 in a temporary folder. Skipped,
//! visibly, when the `oxigraph` binary is not there.

mod common;
use common::spec;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The server, stopped when dropped.
struct Server {
    child: Child,
    url: String,
    _data: tempfile::TempDir,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn oxigraph() -> Option<PathBuf> {
    let found = Command::new("which").arg("oxigraph").output().ok()?;
    found
        .status
        .success()
        .then(|| PathBuf::from(String::from_utf8_lossy(&found.stdout).trim()))
}

fn start(binary: &Path) -> Server {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let data = tempfile::tempdir().unwrap();
    let child = Command::new(binary)
        .args(["serve", "--location"])
        .arg(data.path())
        .args(["--bind", &format!("127.0.0.1:{port}")])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("the oxigraph server starts");
    let deadline = Instant::now() + Duration::from_secs(20);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            Instant::now() < deadline,
            "the oxigraph server did not listen"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    Server {
        child,
        url: format!("http://127.0.0.1:{port}"),
        _data: data,
    }
}

/// A workspace with the three example specs.
fn workspace() -> tempfile::TempDir {
    let ws = tempfile::tempdir().unwrap();
    for entry in walkdir::WalkDir::new("specs") {
        let entry = entry.unwrap();
        let target = ws.path().join(entry.path());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
    std::fs::write(ws.path().join("spec.toml"), "name = \"acme/plans\"\n").unwrap();
    ws
}

/// The rows of a SELECT run on the store through `spec query --endpoint`.
fn select(dir: &Path, url: &str, query: &str) -> Vec<serde_json::Value> {
    let (code, out, err) = spec(
        dir,
        &["query", "--endpoint", url, "--format", "json", query],
    );
    assert_eq!(code, 0, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    json["results"]["bindings"].as_array().unwrap().clone()
}

fn count(rows: &[serde_json::Value], variable: &str) -> u64 {
    rows[0][variable]["value"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap()
}

const GRAPHS: &str =
    "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g";

#[test]
fn publish_query_republish_and_remove_on_a_real_store() {
    let Some(binary) = oxigraph() else {
        common::skip(
            "publish_query_republish_and_remove_on_a_real_store",
            "the Oxigraph server is not installed (pip install oxigraph)",
        );
        return;
    };
    let server = start(&binary);
    let ws = workspace();
    let dir = ws.path();
    let url = server.url.as_str();

    let (code, out, err) = spec(dir, &["publish", "--endpoint", url]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("published 3 specs ("), "{out}");
    let base = "https://w3id.org/specgraph/published/acme/plans";
    let graphs = select(dir, url, GRAPHS);
    let names: Vec<&str> = graphs
        .iter()
        .map(|r| r["g"]["value"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            format!("{base}/007-optimize-build-times"),
            format!("{base}/manifest"),
            format!("{base}/phase7-release"),
            format!("{base}/rustydb-v065"),
        ]
    );
    // The computed facts are there, in each spec's graph.
    let ready = select(
        dir,
        url,
        &format!(
            "SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{base}/phase7-release> {{ ?t sg:readiness \"ready\" }} }}"
        ),
    );
    assert_eq!(count(&ready, "n"), 3);
    // The manifest: name, hash, triple count for each.
    let manifest = select(
        dir,
        url,
        &format!(
            "SELECT ?name ?hash ?n WHERE {{ GRAPH <{base}/manifest> {{ ?g rdfs:label ?name ; sg:canonicalHash ?hash ; sg:tripleCount ?n ; sg:workspace \"acme/plans\" }} }} ORDER BY ?name"
        ),
    );
    assert_eq!(manifest.len(), 3);
    assert!(manifest[0]["hash"]["value"]
        .as_str()
        .unwrap()
        .starts_with("sha256:"));

    // Publishing again replaces: the same graphs, the same sizes.
    let (code, _, err) = spec(dir, &["publish", "--endpoint", url]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(select(dir, url, GRAPHS), graphs);

    // An edit is published: the graph holds the new triple, once.
    let plan = dir.join("specs/phase7-release/plan.ttl");
    let mut text = std::fs::read_to_string(&plan).unwrap();
    text.push_str("\n:task-7-1 sg:description \"Published edit\" .\n");
    std::fs::write(&plan, text).unwrap();
    let (code, _, err) = spec(dir, &["publish", "--endpoint", url, "phase7"]);
    assert_eq!(code, 0, "{err}");
    let edit = select(
        dir,
        url,
        "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?t sg:description \"Published edit\" } }",
    );
    assert_eq!(count(&edit, "n"), 1);

    // A spec deleted from the workspace leaves the store on the next publish.
    std::fs::remove_dir_all(dir.join("specs/rustydb-v065")).unwrap();
    let (code, out, err) = spec(dir, &["publish", "--endpoint", url]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains(&format!("removed {base}/rustydb-v065")),
        "{out}"
    );
    let after = select(dir, url, GRAPHS);
    assert_eq!(after.len(), 3, "{after:?}");
    let listed = select(
        dir,
        url,
        &format!("SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{base}/manifest> {{ ?g a sg:PublishedSpec }} }}"),
    );
    assert_eq!(count(&listed, "n"), 2);

    // ASK and CONSTRUCT through the store, printed as local queries are.
    let (code, out, _) = spec(
        dir,
        &[
            "query",
            "--endpoint",
            url,
            "ASK { GRAPH ?g { ?gate sg:computedState sg:Failed } }",
        ],
    );
    assert_eq!((code, out.trim()), (0, "true"));
    let (code, out, err) = spec(
        dir,
        &[
            "query",
            "--endpoint",
            url,
            "CONSTRUCT { ?t a sg:Task } WHERE { GRAPH ?g { ?t sg:readiness \"ready\" } }",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("sg:Task"), "{out}");
    // A syntax error is reported before anything is sent.
    let (code, _, err) = spec(dir, &["query", "--endpoint", url, "SELECT ?x WHERE {"]);
    assert_eq!(code, 2, "{err}");
}

/// An endpoint that is not there: exit 2, within the time limit, saying so.
#[test]
fn an_unreachable_store_is_a_clear_error() {
    let ws = workspace();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("http://127.0.0.1:{port}");
    let started = Instant::now();
    let (code, _, err) = spec(
        ws.path(),
        &[
            "publish",
            "--endpoint",
            &url,
            "--http-timeout",
            "2",
            "phase7",
        ],
    );
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("failed after 3 attempts"), "{err}");
    assert!(started.elapsed() < Duration::from_secs(30));
    let (code, _, err) = spec(ws.path(), &["publish", "--endpoint", "ftp://x"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("not an http:// or https:// URL"), "{err}");
}
