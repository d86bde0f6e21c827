//! The HTML site of `spec render --format html`, in a real browser (issue
//! 16): Debian's Chromium, headless, loads every page of the example specs
//! from `file://`. No console message, nothing fetched from elsewhere, the
//! key figures in the DOM, a screenshot that is a PNG. Skipped, visibly,
//! when Chromium is not installed (`.ci/run` installs it).

mod common;
use common::spec;
use std::path::{Path, PathBuf};
use std::process::Command;

const FLAGS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--enable-logging=stderr",
    "--v=0",
];

fn chromium() -> Option<PathBuf> {
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .find_map(|name| {
            let found = Command::new("which").arg(name).output().ok()?;
            found
                .status
                .success()
                .then(|| PathBuf::from(String::from_utf8_lossy(&found.stdout).trim()))
        })
}

/// Runs the browser on `page` with `extra` flags: (stdout, stderr).
fn browse(browser: &Path, page: &Path, extra: &[&str], profile: &Path) -> (String, String) {
    let url = format!("file://{}", page.display());
    let output = Command::new(browser)
        .args(FLAGS)
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(extra)
        .arg(&url)
        .output()
        .expect("the browser runs");
    assert!(output.status.success(), "{url}: {:?}", output);
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// Every `href="…"` and `src="…"` of a page.
fn references(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    for attribute in ["href=\"", "src=\""] {
        let mut rest = html;
        while let Some(at) = rest.find(attribute) {
            rest = &rest[at + attribute.len()..];
            if let Some(end) = rest.find('"') {
                found.push(rest[..end].to_owned());
            }
        }
    }
    found
}

#[test]
fn the_example_sites_load_in_a_browser_without_errors() {
    let Some(browser) = chromium() else {
        common::skip(
            "the_example_sites_load_in_a_browser_without_errors",
            "Chromium is not installed (apt-get install chromium)",
        );
        return;
    };
    let site = tempfile::tempdir().unwrap();
    let profile = tempfile::tempdir().unwrap();
    let (code, _, err) = spec(
        Path::new("."),
        &[
            "render",
            "--format",
            "html",
            "--out",
            site.path().to_str().unwrap(),
            // A temporary output folder: no cache file for it in the repository.
            "--no-cache",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let pages = [
        (
            "index.html",
            vec!["Campaign specs", "phase7-release/index.html"],
        ),
        (
            "phase7-release/index.html",
            vec![
                "Counted from the data",
                "of 270 required links (261 present)",
                "Schedule of eventmesh Phase 7",
                "Dependencies of eventmesh Phase 7",
                "Task 7.4: Release Preparation",
            ],
        ),
        (
            "rustydb-v065/index.html",
            vec![
                "1/13",
                "agents active",
                "Build fails to compile",
                "High and critical impact",
                "Release readiness (pre-release requirements)",
            ],
        ),
        (
            "007-optimize-build-times/index.html",
            vec![
                "Pre-execution go/no-go",
                "declared passed!",
                "Critical path:",
            ],
        ),
    ];
    for (page, expected) in pages {
        let path = site.path().join(page);
        let (dom, log) = browse(&browser, &path, &["--dump-dom"], profile.path());
        let console: Vec<&str> = log.lines().filter(|l| l.contains(":CONSOLE")).collect();
        assert!(console.is_empty(), "{page}: console messages: {console:#?}");
        assert!(dom.contains("<h1>"), "{page}: {dom}");
        for text in expected {
            assert!(dom.contains(text), "{page}: `{text}` is not in the DOM");
        }
        if page != "index.html" {
            assert!(dom.matches("<svg").count() >= 2, "{page}: charts");
        }
        // Nothing leaves the site: anchors, or files of the site that exist.
        for reference in references(&dom) {
            assert!(
                !reference.contains("://") && !reference.starts_with("//"),
                "{page}: {reference}"
            );
            if !reference.starts_with('#') {
                let target = path.parent().unwrap().join(&reference);
                assert!(target.is_file(), "{page}: {reference} does not exist");
            }
        }
        let shot = site.path().join(format!("{}.png", page.replace('/', "-")));
        browse(
            &browser,
            &path,
            &[
                &format!("--screenshot={}", shot.display()),
                "--window-size=1280,1600",
                "--hide-scrollbars",
            ],
            profile.path(),
        );
        let png = std::fs::read(&shot).unwrap();
        assert!(png.starts_with(b"\x89PNG"), "{page}: screenshot");
        assert!(png.len() > 20_000, "{page}: a screenshot of an empty page");
    }
}

/// The site works without a network and without JavaScript: no script, no
/// external style sheet, no font file — checked on the files, without a
/// browser.
#[test]
fn the_site_is_self_contained_and_escapes_the_data() {
    let ws = tempfile::tempdir().unwrap();
    let dir = ws.path().join("specs/001-x");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("plan.ttl"),
        "@prefix : <https://example.org/x#> .\n@prefix sg: <https://w3id.org/specgraph#> .\n\
         :c a sg:Campaign ; sg:title \"<script>alert(1)</script> & co\" .\n\
         :t a sg:Task ; sg:title \"Task <b>one</b>\" ; sg:estimateDays 1 .\n",
    )
    .unwrap();
    std::fs::write(ws.path().join("spec.toml"), "").unwrap();
    let (code, out, err) = spec(ws.path(), &["render", "--format", "html"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("into docs/html"), "{out}");
    let page = std::fs::read_to_string(ws.path().join("docs/html/001-x/index.html")).unwrap();
    assert!(!page.contains("<script"), "{page}");
    assert!(
        page.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; co"),
        "{page}"
    );
    assert!(!page.contains("<b>one</b>"), "{page}");
    for external in ["<link ", "@import", "url(http", "src=\"http"] {
        assert!(!page.contains(external), "{external}");
    }
    // The markdown documents and the site live side by side: rendering one
    // format never removes the other's files.
    let (code, _, err) = spec(ws.path(), &["render"]);
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = spec(ws.path(), &["render", "--format", "html", "--out", "docs"]);
    assert_eq!(code, 0, "{err}");
    let (code, out, err) = spec(ws.path(), &["render"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("0 new, 0 updated"), "{out}");
    assert!(ws.path().join("docs/001-x/index.html").is_file());
    assert!(ws.path().join("docs/001-x/DASHBOARD.md").is_file());
    // Overridden by name, like the markdown templates.
    let custom = ws.path().join("templates/html/spec");
    std::fs::create_dir_all(&custom).unwrap();
    std::fs::write(
        custom.join("index.html.j2"),
        "<p>{{ spec.campaign.title }}: {{ spec.tasks|length }} task</p>\n{{ charts.gantt }}\n",
    )
    .unwrap();
    let (code, _, err) = spec(ws.path(), &["render", "--format", "html"]);
    assert_eq!(code, 0, "{err}");
    let page = std::fs::read_to_string(ws.path().join("docs/html/001-x/index.html")).unwrap();
    assert!(page.contains("&amp; co: 1 task</p>"), "{page}");
    assert!(page.contains("<svg"), "{page}");
}
