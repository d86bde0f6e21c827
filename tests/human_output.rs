//! Human output in process. This file has one test on purpose: it installs
//! miette's global hook, which a process can do once, before anything in it
//! has made a `miette::Report`.

use specgraph::finding::{Finding, Location, Severity};
use specgraph::report::human::render_finding;
use specgraph::report::Style;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

static HANDLERS_BUILT: AtomicUsize = AtomicUsize::new(0);

/// Rendering a finding must not make a `miette::Report`: each one builds
/// miette's default handler, which queries the terminal (seven `ioctl`
/// calls and the colour variables) per finding. The hook counts those
/// builds; the rendered text is checked too.
#[test]
fn rendering_findings_builds_no_miette_handler_per_finding() {
    miette::set_hook(Box::new(|_| {
        HANDLERS_BUILT.fetch_add(1, Ordering::SeqCst);
        Box::new(miette::GraphicalReportHandler::new())
    }))
    .expect("no miette report was made before this test");
    let text: Arc<str> = Arc::from(":a a sg:Task ;\n    sg:title \"A\" .\n");
    let finding = Finding {
        code: "some-rule".into(),
        severity: Severity::Warning,
        message: "something is wrong".into(),
        help: Some("do something else".into()),
        label: Some("this".into()),
        location: Some(Location {
            file_index: 0,
            file: "plan.ttl".into(),
            line: 2,
            column: 5,
            offset: 19,
            length: 8,
        }),
        subject: None,
        predicate: None,
        object: None,
        baselined: false,
    };
    let style = Style {
        color: false,
        quiet: true,
    };
    for _ in 0..3 {
        let out = render_finding(&finding, Some(&text), style);
        assert!(out.contains("something is wrong"), "{out}");
        assert!(out.contains("plan.ttl:2:5"), "{out}");
        assert!(out.contains("sg:title"), "{out}");
        assert!(out.contains("do something else"), "{out}");
    }
    let unlocated = Finding {
        location: None,
        ..finding
    };
    assert!(render_finding(&unlocated, None, style).contains("something is wrong"));
    assert_eq!(HANDLERS_BUILT.load(Ordering::SeqCst), 0);
}
