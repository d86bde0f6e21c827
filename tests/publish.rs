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
    // The portfolio, across two workspaces.
    let other = workspace();
    std::fs::write(other.path().join("spec.toml"), "name = \"other/plans\"\n").unwrap();
    let (code, _, err) = spec(other.path(), &["publish", "--endpoint", url, "phase7"]);
    assert_eq!(code, 0, "{err}");
    let out_dir = tempfile::tempdir().unwrap();
    let (code, out, err) = spec(
        dir,
        &[
            "render",
            "--endpoint",
            url,
            "--out",
            out_dir.path().to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("the portfolio of 3 published specs"), "{out}");
    let portfolio = std::fs::read_to_string(out_dir.path().join("portfolio.md")).unwrap();
    for expected in [
        "3 published specs from 2 workspaces",
        "| acme/plans | 007-optimize-build-times | 0/14 | 0 | 0 / 1 / 9 |",
        "| acme/plans | 007-optimize-build-times | Pre-execution go/no-go |",
        "| other/plans | phase7-release | Task 7.1: Build Infrastructure | cicd-engineer |",
        "| cicd-engineer | 2 | acme/plans: phase7-release, other/plans: phase7-release |",
    ] {
        assert!(portfolio.contains(expected), "{expected}\n---\n{portfolio}");
    }

    // The same as a page of the HTML site.
    let (code, _, err) = spec(
        dir,
        &[
            "render",
            "--endpoint",
            url,
            "--format",
            "html",
            "--out",
            out_dir.path().to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{err}");
    let page = std::fs::read_to_string(out_dir.path().join("portfolio.html")).unwrap();
    assert!(
        page.contains("<h2 id=\"failing\">Gates failing anywhere</h2>"),
        "{page}"
    );
    assert!(page.contains("Pre-execution go&#x2f;no-go"), "{page}");
    assert!(page.contains("<svg"), "{page}");

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

/// A one-answer HTTP server: every request gets `status` and `body`; it
/// counts the requests and keeps their headers.
fn answering(
    status: &'static str,
    body: &'static str,
) -> (String, std::sync::Arc<std::sync::Mutex<Vec<String>>>) {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let log = seen.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut request = Vec::new();
            let mut buffer = [0u8; 65536];
            // Headers, then as much of the body as the length says.
            while let Ok(n) = stream.read(&mut buffer) {
                if n == 0 {
                    break;
                }
                request.extend_from_slice(&buffer[..n]);
                let text = String::from_utf8_lossy(&request);
                if let Some(end) = text.find("\r\n\r\n") {
                    let length = text[..end]
                        .lines()
                        .find_map(|l| {
                            l.to_ascii_lowercase()
                                .strip_prefix("content-length:")
                                .map(|v| v.trim().parse::<usize>().unwrap_or(0))
                        })
                        .unwrap_or(0);
                    if request.len() >= end + 4 + length {
                        break;
                    }
                }
            }
            log.lock()
                .unwrap()
                .push(String::from_utf8_lossy(&request).into_owned());
            let answer = format!(
                "HTTP/1.1 {status}\r\nContent-Type: text/plain\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = stream.write_all(answer.as_bytes());
        }
    });
    (url, seen)
}

fn publish_with_token(dir: &Path, url: &str) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_spec"))
        .args([
            "publish",
            "--endpoint",
            url,
            "--http-timeout",
            "5",
            "phase7",
        ])
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("SPEC_ENDPOINT_TOKEN", "s3cret-token")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// What a store refuses is said clearly, and the credentials never appear.
#[test]
fn refused_credentials_client_errors_and_server_errors_are_clear() {
    let ws = workspace();
    let (url, seen) = answering("401 Unauthorized", "");
    let (code, err) = publish_with_token(ws.path(), &url);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("refused the credentials (401)"), "{err}");
    assert!(!err.contains("s3cret"), "{err}");
    // The token went to the store as a bearer token, once (4xx is not retried).
    let requests = seen.lock().unwrap().clone();
    assert_eq!(requests.len(), 1, "{requests:?}");
    assert!(requests[0]
        .to_ascii_lowercase()
        .contains("authorization: bearer s3cret-token"));
    assert!(requests[0].starts_with("PUT /store?graph=https%3A%2F%2Fw3id.org%2Fspecgraph%2Fpublished%2Facme%2Fplans%2Fphase7-release"), "{}", requests[0]);

    let (url, _) = answering("400 Bad Request", "Unsupported graph name\nmore");
    let (code, err) = publish_with_token(ws.path(), &url);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("answered 400: Unsupported graph name"),
        "{err}"
    );

    let (url, seen) = answering("503 Service Unavailable", "overloaded");
    let (code, err) = publish_with_token(ws.path(), &url);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("failed after 3 attempts: 503 overloaded"),
        "{err}"
    );
    assert_eq!(seen.lock().unwrap().len(), 3);
}
