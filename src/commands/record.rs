//! `spec record SPEC METRIC VALUE`: appends one `sg:Measurement` to the spec's
//! `evidence/measurements.ttl`. The file only grows: earlier evidence is kept
//! byte for byte, and the new file replaces the old one atomically.

use crate::check::functions::{closest, Prefixes};
use crate::cli::RecordArgs;
use crate::failure::Failure;
use crate::load::{display_path, load_spec, local_name, parse::parse_turtle};
use crate::model::{format_number, Campaign, Metric};
use crate::pipeline::Session;
use crate::terminal::EXIT_OK;
use crate::vocabulary::NAMESPACE;
use std::fmt::Write;

const XSD: &str = "http://www.w3.org/2001/XMLSchema#";
pub const EVIDENCE_FILE: &str = "evidence/measurements.ttl";

pub fn run(args: &RecordArgs) -> Result<u8, Failure> {
    let session = Session::open(&args.workspace)?;
    let dirs = session
        .workspace
        .resolve(std::slice::from_ref(&args.spec))?;
    let [dir] = dirs.as_slice() else {
        return Err(Failure::new("`spec record` takes exactly one spec"));
    };
    let value = parse_value(&args.value)?;
    let at = match &args.at {
        Some(at) => parse_instant(at)?,
        None => now(),
    };
    let path = dir.join(EVIDENCE_FILE);
    // Everything from reading the spec (which mints the measurement's IRI) to
    // the rename happens under the lock: concurrent records queue up instead
    // of overwriting each other's appends.
    let _lock = lock_spec(dir)?;
    let spec = load_spec(dir, &session.load)?;
    let prefixes = Prefixes::for_spec(&spec.sources);
    let campaign = Campaign::read(&spec, &prefixes, &session.check.alignment(&spec));
    let metric = find_metric(&campaign, &args.metric)?;
    let unit = match (&args.unit, &metric.unit) {
        (Some(given), Some(expected)) if given != expected => {
            return Err(Failure::new(format!(
                "unit `{given}` does not match the unit of {}: `{expected}`",
                metric.name.id
            ))
            .with_help(format!(
                "convert the value to {expected}, or leave out --unit"
            )));
        }
        (given, expected) => given.clone().or_else(|| expected.clone()),
    };

    let existing = read_evidence(&path)?;
    let before = parse_turtle(&existing);
    let declared =
        |prefix: &str, iri: &str| before.prefixes.iter().any(|(p, i)| p == prefix && i == iri);
    let mut text = existing.clone();
    if text.is_empty() {
        text.push_str(&format!(
            "@prefix sg: <{NAMESPACE}> .\n@prefix xsd: <{XSD}> .\n"
        ));
    } else if !text.ends_with('\n') {
        text.push('\n');
    }
    let (sg, xsd) = if existing.is_empty() || (declared("sg", NAMESPACE) && declared("xsd", XSD)) {
        ("sg:".to_owned(), "xsd:".to_owned())
    } else {
        // The file declares other prefixes: write full IRIs rather than redefine them.
        (format!("<{NAMESPACE}"), format!("<{XSD}"))
    };
    let statement = Measurement {
        subject: measurement_iri(&spec, &metric.name.iri),
        metric: &metric.name.iri,
        value: &value.0,
        unit: unit.as_deref(),
        source: args.source.as_deref(),
        commit: args.commit.as_deref(),
        at: &at,
    };
    text.push_str(&statement.turtle(&sg, &xsd));

    // What we append must parse, and must not change how the old content parses.
    let after = parse_turtle(&text);
    if after.errors.len() != before.errors.len() || after.triples.len() <= before.triples.len() {
        return Err(Failure::new(format!(
            "refusing to write {}: the new measurement would not parse cleanly after its existing content",
            display_path(&path)
        ))
        .with_help("run `spec check` on the spec and fix the evidence file first"));
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| Failure::new(format!("cannot create {}: {e}", display_path(parent))))?;
    }
    crate::fs::write_atomic(&path, text.as_bytes())
        .map_err(|e| Failure::new(format!("cannot write {}: {e}", display_path(&path))))?;

    let unit_text = unit.map(|u| format!(" {u}")).unwrap_or_default();
    let target = match metric.target {
        Some(target) => format!(" (target {}{unit_text})", format_number(target)),
        None => String::new(),
    };
    crate::terminal::print(&format!(
        "recorded {} = {}{unit_text} at {}{target} in {}\n",
        metric.name.id,
        value.0,
        at.0,
        display_path(&path)
    ));
    Ok(EXIT_OK)
}

/// The evidence file's text ("" when it does not exist yet).
fn read_evidence(path: &std::path::Path) -> Result<String, Failure> {
    match std::fs::read(path) {
        Ok(bytes) => String::from_utf8(bytes).map_err(|_| {
            Failure::new(format!(
                "{} is not valid UTF-8; refusing to append to it",
                display_path(path)
            ))
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(String::new()),
        Err(e) => Err(Failure::new(format!(
            "cannot read {}: {e}",
            display_path(path)
        ))),
    }
}

/// The statement `spec record` appends.
struct Measurement<'a> {
    subject: String,
    metric: &'a str,
    value: &'a str,
    unit: Option<&'a str>,
    source: Option<&'a str>,
    commit: Option<&'a str>,
    /// The instant and its datatype's local name.
    at: &'a (String, &'static str),
}

impl Measurement<'_> {
    /// As Turtle, with `sg` and `xsd` either the prefixes (`sg:`) or the
    /// opening of full IRIs (`<https://…#`).
    fn turtle(&self, sg: &str, xsd: &str) -> String {
        let close = if sg.starts_with('<') { ">" } else { "" };
        let term = |ns: &str, local: &str| format!("{ns}{local}{close}");
        let mut out = format!("\n<{}> a {} ;\n", self.subject, term(sg, "Measurement"));
        let _ = writeln!(out, "    {} <{}> ;", term(sg, "metric"), self.metric);
        let _ = writeln!(out, "    {} {} ;", term(sg, "value"), self.value);
        for (property, text) in [
            ("unit", self.unit),
            ("measuredBy", self.source),
            ("commit", self.commit),
        ] {
            if let Some(text) = text {
                let _ = writeln!(out, "    {} {} ;", term(sg, property), quote(text));
            }
        }
        let (instant, datatype) = self.at;
        let _ = writeln!(
            out,
            "    {} \"{instant}\"^^{} .",
            term(sg, "at"),
            term(xsd, datatype)
        );
        out
    }
}

/// A decimal number as written, normalised for Turtle (`.5` → `0.5`).
pub struct Value(pub String);

pub fn parse_value(text: &str) -> Result<Value, Failure> {
    let trimmed = text.trim();
    let (sign, digits) = match trimmed.strip_prefix(['-', '+']) {
        Some(rest) => (&trimmed[..1], rest),
        None => ("", trimmed),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    let is_digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    if (whole.is_empty() && fraction.is_empty()) || !is_digits(whole) || !is_digits(fraction) {
        return Err(Failure::new(format!("`{text}` is not a number"))
            .with_help("write the value as a decimal number, e.g. 41 or 12.5"));
    }
    let whole = if whole.is_empty() { "0" } else { whole };
    let sign = if sign == "+" { "" } else { sign };
    let (lexical, datatype) = if fraction.is_empty() {
        (format!("{sign}{whole}"), "integer")
    } else {
        (format!("{sign}{whole}.{fraction}"), "decimal")
    };
    // The test `spec check` applies to the literal once it is written
    // (wrong-kind): a 1000-digit integer or 19 fraction digits would be
    // recorded, then rejected.
    let literal = oxrdf::Literal::new_typed_literal(
        lexical.as_str(),
        oxrdf::NamedNode::new_unchecked(format!("{XSD}{datatype}")),
    );
    if !crate::shacl::values::well_formed(&literal) {
        return Err(Failure::new(format!(
            "`{text}` is out of range for xsd:{datatype}, which `spec check` would reject"
        ))
        .with_help(
            "record at most 18 digits after the decimal point, and a whole part between -9223372036854775808 and 9223372036854775807",
        ));
    }
    Ok(Value(lexical))
}

/// An exclusive lock held for the whole of one `spec record`, released when
/// dropped. The evidence file is replaced by a rename, so the lock is taken on
/// the spec's folder (Unix: `flock` works on a folder) or on a lock file in it.
fn lock_spec(dir: &std::path::Path) -> Result<std::fs::File, Failure> {
    let failure =
        |e: std::io::Error| Failure::new(format!("cannot lock {}: {e}", display_path(dir)));
    #[cfg(unix)]
    let file = std::fs::File::open(dir).map_err(failure)?;
    #[cfg(not(unix))]
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(dir.join(".spec-record.lock"))
        .map_err(failure)?;
    file.lock().map_err(failure)?;
    Ok(file)
}

/// An instant and its datatype's local name (`date` or `dateTime`).
fn parse_instant(text: &str) -> Result<(String, &'static str), Failure> {
    if text.parse::<oxsdatatypes::Date>().is_ok() {
        Ok((text.to_owned(), "date"))
    } else if text.parse::<oxsdatatypes::DateTime>().is_ok() {
        Ok((text.to_owned(), "dateTime"))
    } else {
        Err(
            Failure::new(format!("`{text}` is not a date or a date-time"))
                .with_help("write e.g. 2026-01-29 or 2026-01-29T14:30:00Z"),
        )
    }
}

/// Now, in UTC, to the second.
fn now() -> (String, &'static str) {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    let day = crate::model::calendar::Day(seconds.div_euclid(86_400));
    let rest = seconds.rem_euclid(86_400);
    (
        format!(
            "{day}T{:02}:{:02}:{:02}Z",
            rest / 3600,
            rest % 3600 / 60,
            rest % 60
        ),
        "dateTime",
    )
}

/// A Turtle string literal, escaped as N-Triples escapes it.
fn quote(text: &str) -> String {
    oxrdf::Literal::new_simple_literal(text).to_string()
}

fn find_metric<'a>(campaign: &'a Campaign, wanted: &str) -> Result<&'a Metric, Failure> {
    if let Some(metric) = campaign.metric(wanted) {
        return Ok(metric);
    }
    let matching: Vec<&Metric> = campaign
        .metrics
        .iter()
        .filter(|m| local_name(&m.name.iri) == wanted || m.name.id == wanted)
        .collect();
    match matching.as_slice() {
        [metric] => Ok(metric),
        [] => {
            let suggestion = closest(
                wanted,
                campaign
                    .metrics
                    .iter()
                    .map(|m| (m.name.iri.as_str(), local_name(&m.name.iri))),
            );
            let mut failure = Failure::new(format!("the spec has no metric `{wanted}`"));
            failure = match suggestion {
                Some(iri) => failure.with_help(format!("did you mean `{}`?", local_name(iri))),
                None if campaign.metrics.is_empty() => {
                    failure.with_help("the spec describes no sg:Metric")
                }
                None => failure.with_help(format!(
                    "its metrics are: {}",
                    campaign
                        .metrics
                        .iter()
                        .map(|m| local_name(&m.name.iri))
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            };
            Err(failure)
        }
        several => Err(
            Failure::new(format!("`{wanted}` names several metrics")).with_help(format!(
                "use the full IRI of one of: {}",
                several
                    .iter()
                    .map(|m| m.name.iri.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        ),
    }
}

/// `<metric namespace>measurement-<metric>-<n>`, with the first unused `n`.
fn measurement_iri(spec: &crate::load::Spec, metric: &str) -> String {
    let namespace = crate::load::namespace_of(metric);
    let described: std::collections::HashSet<String> = spec
        .graph
        .subjects
        .keys()
        .filter_map(|s| match s {
            oxigraph::model::NamedOrBlankNode::NamedNode(n) => Some(n.as_str().to_owned()),
            _ => None,
        })
        .collect();
    (1..)
        .map(|n| format!("{namespace}measurement-{}-{n}", local_name(metric)))
        .find(|iri| !described.contains(iri))
        .unwrap_or_default()
}
