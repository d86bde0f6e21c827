//! `spec render`: every spec's documents (and the workspace index) from the
//! templates, written into the output folder — or, with `--check`, compared
//! with it.

use crate::cli::RenderArgs;
use crate::failure::Failure;
use crate::load::display_path;
use crate::pipeline::{check_each, Audience, Session};
use crate::render::cache::{Cache, Kept, Part};
use crate::render::context::{Summary, ViewInputs};
use crate::render::view::SpecView;
use crate::render::{output, templates, Rendered, Renderer};
use crate::terminal::{EXIT_FINDINGS, EXIT_OK};
use serde::Serialize;
use std::fmt::Write;
use std::path::PathBuf;

/// One line of the workspace index.
#[derive(Debug, Serialize)]
pub struct IndexEntry {
    pub name: String,
    pub title: String,
    pub dir: String,
    pub triples: usize,
    pub closure: crate::render::view::ClosureView,
    pub errors: usize,
    pub warnings: usize,
    pub gates: std::collections::BTreeMap<String, usize>,
    pub progress: crate::render::view::ProgressView,
    pub schedule: crate::render::view::ScheduleView,
    /// The spec's dashboard, relative to the index.
    pub dashboard: String,
}

impl IndexEntry {
    /// The index's line for a spec, from its summary.
    pub fn of(summary: Summary, format: crate::render::Format) -> Self {
        Self {
            dashboard: match format {
                crate::render::Format::Markdown => format!("{}/DASHBOARD.md", summary.name),
                crate::render::Format::Html => format!("{}/index.html", summary.name),
            },
            name: summary.name,
            title: summary.title,
            dir: summary.dir,
            triples: summary.triples,
            closure: summary.closure,
            errors: summary.errors,
            warnings: summary.warnings,
            gates: summary.gate_counts,
            progress: summary.progress,
            schedule: summary.schedule,
        }
    }
}

/// One spec's part of a run: the documents to write, how its folder
/// compares, its line of the index (and the fingerprint of what the line
/// is made of), a partial-read warning, and what the cache keeps of it.
struct Spec {
    write: Vec<Rendered>,
    changes: output::Changes,
    entry: IndexEntry,
    fingerprint: Option<String>,
    partial: Option<String>,
    kept: Option<Kept>,
}

/// A part of the output (a spec's documents, the index) with the
/// `fingerprint` of what it is made of: up to date by the cache, with
/// nothing to write, or else `render`ed and compared with `out` (`owned`:
/// its folders, where generated files it does not produce are obsolete).
/// The documents to write, the changes, what the cache keeps.
#[allow(clippy::too_many_arguments)]
fn cached_or_rendered(
    cache: Option<&Cache>,
    part: Part,
    fingerprint: Option<String>,
    out: &std::path::Path,
    owned: &[PathBuf],
    extension: &str,
    render: impl FnOnce() -> Result<Vec<Rendered>, Failure>,
) -> Result<(Vec<Rendered>, output::Changes, Option<Kept>), Failure> {
    if let (Some(cache), Some(fingerprint)) = (cache, &fingerprint) {
        if let Some((kept, changes)) = cache.unchanged(&part, fingerprint, out, owned, extension) {
            return Ok((Vec::new(), changes, Some(kept)));
        }
    }
    let documents = render()?;
    let changes = output::survey(out, &documents, owned, extension)?;
    let kept = cache.map(|c| c.rendered(part, fingerprint.as_deref(), &documents));
    Ok((changes.to_write(documents), changes, kept))
}

pub fn run(args: &RenderArgs) -> Result<u8, Failure> {
    if args.watch {
        let session = Session::open(&args.workspace)?;
        return crate::watch::run(&session.watched(), || once(args));
    }
    once(args)
}

/// The templates in force (`--templates`, spec.toml, `templates/`) for `--format`.
fn renderer(args: &RenderArgs, session: &Session) -> Result<Renderer, Failure> {
    let renderer = Renderer::new(
        templates::load(
            templates::folder(&session.workspace, args.templates.as_deref()).as_deref(),
        )?,
        args.format,
    )?;
    Ok(if args.reference_templates {
        renderer.reference_templates()
    } else {
        renderer
    })
}

/// `--out`, else spec.toml's `output`, else `docs/` at the workspace root.
fn out_folder(args: &RenderArgs, session: &Session) -> PathBuf {
    match (&args.out, &session.workspace.config.output) {
        (Some(out), _) => out.clone(),
        (None, Some(configured)) => session.workspace.root.join(configured),
        (None, None) => session.workspace.root.join("docs"),
    }
}

fn once(args: &RenderArgs) -> Result<u8, Failure> {
    if args.endpoint.endpoint.is_some() {
        return portfolio(args);
    }
    let mut session = Session::open(&args.workspace)?;
    let renderer = renderer(args, &session)?;
    let out = out_folder(args, &session);
    // The site goes beside the markdown documents, in their `html/`.
    let out = match (args.format, &args.out) {
        (crate::render::Format::Html, None) => out.join("html"),
        _ => out,
    };
    if out.exists() && !out.is_dir() {
        return Err(Failure::new(format!(
            "--out {} is not a folder",
            display_path(&out)
        )));
    }
    let renderer = &renderer;
    let extension = args.format.extension();
    let cache = if args.check || args.no_cache {
        None
    } else {
        Cache::open(&session.workspace.root, &out, renderer)
    };
    let cache = cache.as_ref();
    // Each spec is rendered in the thread that checked it, while its graph is
    // there for `sparql()`, and compared there with what its folder holds:
    // only the documents to write are kept (none when the output is up to
    // date), and the folders are read in parallel. A spec whose documents
    // the cache knows to be up to date is not rendered at all.
    let per_spec: Vec<Spec> = check_each(&mut session, &args.specs, Audience::People, |checked| {
        let report = &checked.report;
        let inputs = ViewInputs::of(report);
        let owned = [PathBuf::from(&report.spec.name)];
        let part = Part::Spec(report.spec.name.clone());
        // The view is built only when the documents are rendered again.
        let fingerprint = cache.and_then(|c| c.fingerprint(&inputs));
        let mut summary = None;
        let (write, changes, kept) = cached_or_rendered(
            cache,
            part,
            fingerprint.clone(),
            &out,
            &owned,
            extension,
            || {
                let view = SpecView::new(&inputs);
                let documents = renderer.render_spec(&view, &checked);
                summary = Some(view.into_summary());
                documents
            },
        )?;
        let summary = summary.unwrap_or_else(|| inputs.summary());
        Ok::<_, Failure>(Spec {
            write,
            changes,
            partial: crate::report::partial_read_warning(report),
            entry: IndexEntry::of(summary, args.format),
            fingerprint,
            kept,
        })
    })?
    .into_iter()
    .collect::<Result<_, _>>()?;

    let partial: Vec<Option<String>> = per_spec.iter().map(|s| s.partial.clone()).collect();
    if crate::report::warn_partial_reads(partial.iter().map(Option::as_deref)) && args.strict {
        eprintln!("--strict: nothing written");
        return Ok(EXIT_FINDINGS);
    }
    let mut documents = Vec::new();
    let mut parts = Vec::with_capacity(per_spec.len() + 1);
    let mut entries = Vec::with_capacity(per_spec.len());
    let mut kept = Vec::with_capacity(per_spec.len() + 1);
    let mut views = Vec::with_capacity(per_spec.len());
    for spec in per_spec {
        documents.extend(spec.write);
        parts.push(spec.changes);
        entries.push(spec.entry);
        kept.extend(spec.kept);
        views.push(spec.fingerprint);
    }
    // The index lists every spec of the workspace: it is rendered when the whole workspace is.
    if args.specs.is_empty() {
        // Its lines are made of what the specs' views are made of, so its
        // fingerprint is taken of the specs' fingerprints (whose run
        // identity covers the format the lines' links depend on):
        // fingerprinting the 1,000 lines on this thread was 0.9% of an
        // up-to-date render, all of it serial. It is rendered again when any
        // spec changed; a spec without a fingerprint leaves it uncached.
        let views: Option<Vec<String>> = views.into_iter().collect();
        let fingerprint = cache
            .zip(views)
            .and_then(|(c, views)| c.fingerprint(&views));
        let (write, changes, index) = cached_or_rendered(
            cache,
            Part::Index,
            fingerprint,
            &out,
            &[],
            extension,
            || renderer.render_workspace(&entries),
        )?;
        documents.extend(write);
        parts.push(changes);
        kept.extend(index);
    }
    let changes = output::Changes::merged(parts);
    changes.refuse_files_in_the_way()?;
    let rendered = changes.missing.len() + changes.stale.len() + changes.unchanged;
    let shown = display_path(&out);
    let mut text = String::new();
    if args.check {
        for (label, paths) in [
            ("missing", &changes.missing),
            ("stale", &changes.stale),
            ("obsolete", &changes.obsolete),
        ] {
            for path in paths {
                let _ = writeln!(text, "{label}: {}", display_path(&out.join(path)));
            }
        }
        if changes.is_empty() {
            let _ = writeln!(text, "{shown} is up to date ({rendered} files)");
            crate::terminal::print(&text);
            return Ok(EXIT_OK);
        }
        let _ = writeln!(
            text,
            "{shown} is out of date: run `spec render{}` to update it",
            match args.format {
                crate::render::Format::Html => " --format html",
                crate::render::Format::Markdown => "",
            }
        );
        crate::terminal::print(&text);
        return Ok(EXIT_FINDINGS);
    }
    output::apply(&out, &documents, &changes)?;
    if let Some(cache) = cache {
        cache.save(kept, args.specs.is_empty());
    }
    let _ = writeln!(
        text,
        "rendered {rendered} files into {shown}: {} new, {} updated, {} unchanged{}",
        changes.missing.len(),
        changes.stale.len(),
        changes.unchanged,
        if changes.obsolete.is_empty() {
            String::new()
        } else {
            format!(", {} obsolete removed", changes.obsolete.len())
        }
    );
    crate::terminal::print(&text);
    Ok(EXIT_OK)
}

/// `spec render --endpoint URL`: the portfolio of a SPARQL store.
#[cfg(feature = "endpoint")]
fn portfolio(args: &RenderArgs) -> Result<u8, Failure> {
    if !args.specs.is_empty() {
        return Err(Failure::new(
            "with --endpoint, the portfolio covers every spec of the store: name no spec",
        ));
    }
    let store = super::publish::endpoint(&args.endpoint)?;
    let session = Session::open(&args.workspace)?;
    let renderer = renderer(args, &session)?;
    let out = out_folder(args, &session);
    let portfolio = super::portfolio::read(&store)?;
    let documents =
        renderer.render_portfolio(&portfolio, &format!("the SPARQL store {}", store.query))?;
    if documents.is_empty() {
        return Err(Failure::new(format!(
            "no portfolio template for --format {}: add templates/{}portfolio.{}.j2",
            args.format.extension(),
            if args.format == crate::render::Format::Html {
                "html/"
            } else {
                ""
            },
            args.format.extension()
        )));
    }
    let changes = output::compare(&out, &documents, &[], args.format.extension())?;
    if args.check {
        let up_to_date = changes.is_empty();
        crate::terminal::print(&format!(
            "{} is {}\n",
            display_path(&out),
            if up_to_date {
                "up to date"
            } else {
                "out of date: run `spec render --endpoint` to update it"
            }
        ));
        return Ok(if up_to_date { EXIT_OK } else { EXIT_FINDINGS });
    }
    output::apply(&out, &documents, &changes)?;
    crate::terminal::print(&format!(
        "rendered the portfolio of {} published specs into {}\n",
        portfolio.specs.len(),
        display_path(&out)
    ));
    Ok(EXIT_OK)
}

#[cfg(not(feature = "endpoint"))]
fn portfolio(_: &RenderArgs) -> Result<u8, Failure> {
    Err(Failure::new(
        "this spec was built without the `endpoint` feature: --endpoint is not available",
    ))
}
