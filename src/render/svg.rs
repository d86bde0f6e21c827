//! SVG charts for the self-contained HTML dashboard (`spec render --format
//! html`): a gantt chart, a dependency graph and a progress bar, each drawn
//! as one static `<svg>` string — no JavaScript, no network, no font files,
//! so the page works when opened from `file://`.
//!
//! The inputs are this module's own small structs, so the charts do not
//! depend on how the rest of the code base models a spec; the caller maps its
//! views to them. Every function is pure and total: odd numbers (NaN,
//! infinities, a finish before its start) and dangling edge indexes are
//! tolerated rather than reported, and the same input always gives a
//! byte-identical string (no hash maps are iterated, no clock is read).
//!
//! Choices that are not obvious from the code:
//!
//! - Looks are presentation attributes, never a `<style>` element: a style
//!   sheet inside an inline SVG applies to the whole HTML page, so two charts
//!   (or the chart and the page) would restyle each other. `class`
//!   attributes are only hooks for tests and for the page.
//! - Element ids (patterns, markers, the title and the description) start
//!   with a prefix hashed from the chart's kind and its whole input, so
//!   several charts inlined in one page do not capture each other's
//!   `url(#…)` and `aria-labelledby` references, while the output stays
//!   deterministic. Two identical charts share ids, which is harmless: the
//!   elements they name are identical too.
//! - Colour is never the only signal. Each state has its own fill *and*
//!   outline style (done: solid; active: diagonal hatch; ready: dashed
//!   outline on a plain light fill; blocked: cross-hatch with a dotted
//!   outline), its name in a `<title>` tooltip on every bar and node, and a
//!   legend. The critical path is a thick dark outline plus a diamond.
//! - Text widths are estimated from character counts (wide East Asian
//!   characters and emoji count double), since no font metrics are
//!   available; visible labels are cut with an ellipsis at that estimate and
//!   the `<title>` keeps the full text.
//! - Everything is linear in the input: the layering of the dependency graph
//!   is Kahn's algorithm over an adjacency array (no recursion, so a
//!   20,000-task chain neither overflows the stack nor goes quadratic).

use crate::model::calendar::Day;
use crate::model::format_number;
use std::collections::{HashMap, VecDeque};
use std::fmt::Write as _;

/// How far a task has got: done, active (under way), ready (can start), blocked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    Done,
    Active,
    Ready,
    Blocked,
}

impl State {
    /// Every state, in legend order.
    pub const ALL: [State; 4] = [State::Done, State::Active, State::Ready, State::Blocked];

    /// The state as a word, for tooltips and descriptions.
    pub fn name(self) -> &'static str {
        match self {
            State::Done => "done",
            State::Active => "active",
            State::Ready => "ready",
            State::Blocked => "blocked",
        }
    }

    fn legend_name(self) -> &'static str {
        match self {
            State::Done => "Done",
            State::Active => "Active",
            State::Ready => "Ready",
            State::Blocked => "Blocked",
        }
    }

    fn index(self) -> usize {
        match self {
            State::Done => 0,
            State::Active => 1,
            State::Ready => 2,
            State::Blocked => 3,
        }
    }

    /// Light fill (backgrounds, node boxes) and dark colour (outlines and
    /// text on the light fill; each dark-on-light pair is above 4.5:1).
    fn colours(self) -> (&'static str, &'static str) {
        match self {
            State::Done => ("#d4edda", "#155724"),
            State::Active => ("#cce5ff", "#004085"),
            State::Ready => ("#fff3cd", "#856404"),
            State::Blocked => ("#f8d7da", "#721c24"),
        }
    }

    /// Fill, stroke and dash of a state's mark (a gantt bar, a node swatch,
    /// a legend swatch): the second signal besides colour.
    fn mark(self, prefix: &str) -> String {
        let (light, dark) = self.colours();
        match self {
            State::Done => format!(r##"fill="#28a745" stroke="{dark}" stroke-width="1.5""##),
            State::Active => {
                format!(r#"fill="url(#{prefix}-active)" stroke="{dark}" stroke-width="1.5""#)
            }
            State::Ready => format!(
                r#"fill="{light}" stroke="{dark}" stroke-width="1.5" stroke-dasharray="5 3""#
            ),
            State::Blocked => format!(
                r#"fill="url(#{prefix}-blocked)" stroke="{dark}" stroke-width="1.5" stroke-dasharray="2 2""#
            ),
        }
    }

    /// The outline of a dependency-graph node: the state's dark colour and
    /// dash, so the box itself also differs without colour.
    fn outline(self) -> &'static str {
        match self {
            State::Done | State::Active => "",
            State::Ready => r#" stroke-dasharray="5 3""#,
            State::Blocked => r#" stroke-dasharray="2 2""#,
        }
    }
}

/// One bar of the gantt chart: a task scheduled from `start` to `finish`
/// days after the campaign start, in a section (its phase's label).
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub id: String,
    pub label: String,
    pub section: String,
    pub start: f64,
    pub finish: f64,
    pub state: State,
    pub critical: bool,
}

/// A task of the dependency graph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    pub id: String,
    pub label: String,
    pub state: State,
}

// Gantt geometry, in SVG user units (pixels at scale 1).
const GANTT_LABELS: f64 = 260.0;
const GANTT_PLOT: f64 = 700.0;
/// Room right of the plot for the critical diamond and the last tick label.
const GANTT_RIGHT: f64 = 50.0;
const GANTT_TOP: f64 = 84.0;
const ROW_H: f64 = 22.0;
const BAR_H: f64 = 14.0;
/// Visible characters of a task label in the gantt label column.
const GANTT_LABEL_UNITS: usize = 36;

// Dependency-graph geometry.
const NODE_W: f64 = 200.0;
const NODE_H: f64 = 44.0;
const COL_GAP: f64 = 56.0;
const ROW_GAP: f64 = 14.0;
const MARGIN: f64 = 16.0;
const GRAPH_TOP: f64 = 72.0;
/// Visible characters of a label in a node box.
const NODE_LABEL_UNITS: usize = 27;
/// The graph is never narrower than its legend.
const GRAPH_MIN_W: f64 = 470.0;

const FONT: &str = "system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif";
const TEXT: &str = "#212529";
const MUTED: &str = "#495057";
const CRITICAL: &str = "#212529";

/// The gantt chart: one row per bar, grouped under a header row per section
/// (sections and the bars within them in input order), x scaled to the span
/// from day 0 (or the earliest start, if earlier) to the latest finish. With
/// a start date the axis shows dates, otherwise day numbers.
pub fn gantt(title: &str, bars: &[Bar], start_date: Option<Day>) -> String {
    let title = if title.trim().is_empty() {
        "Gantt chart"
    } else {
        title
    };
    let mut hash = Fnv::new("gantt");
    hash.text(title);
    if let Some(day) = start_date {
        hash.bytes(&day.0.to_le_bytes());
    }
    for bar in bars {
        hash.text(&bar.id);
        hash.text(&bar.label);
        hash.text(&bar.section);
        hash.number(bar.start);
        hash.number(bar.finish);
        hash.bytes(&[bar.state.index() as u8, u8::from(bar.critical)]);
    }
    let prefix = hash.prefix("gantt");
    if bars.is_empty() {
        return empty_chart(&prefix, title);
    }

    // Sections in order of first appearance; a map only finds the group, the
    // order comes from the vector, so the output does not depend on hashing.
    let mut index: HashMap<&str, usize> = HashMap::new();
    let mut sections: Vec<(&str, Vec<usize>)> = Vec::new();
    for (i, bar) in bars.iter().enumerate() {
        let at = *index.entry(bar.section.as_str()).or_insert_with(|| {
            sections.push((bar.section.as_str(), Vec::new()));
            sections.len() - 1
        });
        if let Some((_, rows)) = sections.get_mut(at) {
            rows.push(i);
        }
    }

    let spans: Vec<(f64, f64)> = bars
        .iter()
        .map(|bar| span_of(bar.start, bar.finish))
        .collect();
    let lo = spans.iter().map(|s| s.0).fold(0.0, f64::min);
    let hi = spans.iter().map(|s| s.1).fold(lo, f64::max);
    // A chart of zero-length tasks still needs a non-zero scale.
    let domain = (hi - lo).max(1.0);
    let axis = Axis {
        lo,
        scale: GANTT_PLOT / domain,
        start_date,
    };

    let rows = sections.len() + bars.len();
    let width = GANTT_LABELS + GANTT_PLOT + GANTT_RIGHT;
    let height = GANTT_TOP + rows as f64 * ROW_H + 12.0;
    let critical = bars.iter().filter(|bar| bar.critical).count();

    let mut counts = [0usize; 4];
    for bar in bars {
        counts[bar.state.index()] += 1;
    }
    let mut desc = format!(
        "{} in {} over {}",
        plural(bars.len(), "task", "tasks"),
        plural(sections.len(), "section", "sections"),
        format_days(hi - lo),
    );
    if let Some(day) = start_date {
        let _ = write!(desc, ", from {} to {}", day.plus(lo), day.plus(hi));
    }
    let _ = write!(desc, "; {}; ", state_summary(&counts));
    if critical == 0 {
        desc.push_str("no critical path marked.");
    } else {
        let _ = write!(
            desc,
            "critical path ({}) marked with a thick outline and a diamond.",
            plural(critical, "task", "tasks")
        );
    }

    let mut out = String::with_capacity(2048 + bars.len() * 640);
    open_svg(&mut out, &prefix, width, height, title, &desc);
    defs(&mut out, &prefix, false);
    heading(&mut out, title, width);
    legend(&mut out, &prefix, 12.0, 36.0, true);

    // Time axis: tick labels above the rows, grid lines through them.
    let step = tick_step(hi - lo, start_date.is_some());
    let bottom = height - 12.0;
    out.push_str(r##"<g class="axis" font-size="11" fill="#495057" text-anchor="middle">"##);
    let mut tick = (lo / step).ceil() * step;
    while tick <= lo + domain + 1e-9 {
        let x = num(axis.x(tick));
        let label = match start_date {
            Some(day) => day.plus(tick).to_string(),
            None => format!("day {}", format_number(tick)),
        };
        let _ = write!(
            out,
            r##"<line x1="{x}" y1="{}" x2="{x}" y2="{}" stroke="#dee2e6" stroke-width="1"/><text x="{x}" y="{}">{}</text>"##,
            num(GANTT_TOP - 6.0),
            num(bottom),
            num(GANTT_TOP - 12.0),
            escape(&label),
        );
        tick += step;
    }
    out.push_str("</g>");

    let mut y = GANTT_TOP;
    for (section, members) in &sections {
        let name = if section.trim().is_empty() {
            "(no section)"
        } else {
            section
        };
        let _ = write!(
            out,
            r##"<g class="section"><title>{}</title><rect x="0" y="{}" width="{}" height="{}" fill="#f1f3f5"/><text x="8" y="{}" font-weight="bold">{}</text></g>"##,
            escape(name),
            num(y),
            num(width),
            num(ROW_H),
            num(y + 15.0),
            escape(&truncate(name, 100)),
        );
        y += ROW_H;
        for &i in members {
            let (Some(bar), Some(&(start, finish))) = (bars.get(i), spans.get(i)) else {
                continue;
            };
            gantt_bar(&mut out, &prefix, bar, (start, finish), y, &axis);
            y += ROW_H;
        }
    }
    out.push_str("</svg>");
    out
}

/// The gantt chart's time axis: days to x.
struct Axis {
    lo: f64,
    scale: f64,
    start_date: Option<Day>,
}

impl Axis {
    fn x(&self, day: f64) -> f64 {
        GANTT_LABELS + (day - self.lo) * self.scale
    }
}

/// One row of the gantt chart: the label in the left column, the bar, and
/// for a critical task the outline and the diamond, in one group whose
/// `<title>` tells it all in words.
fn gantt_bar(
    out: &mut String,
    prefix: &str,
    bar: &Bar,
    (start, finish): (f64, f64),
    y: f64,
    axis: &Axis,
) {
    let (x0, x1) = (axis.x(start), axis.x(finish));
    let name = label_with_id(&bar.label, &bar.id);
    let mut tooltip = format!("{name}: {}; ", bar.state.name());
    if start == finish {
        let _ = write!(tooltip, "day {}", format_number(start));
    } else {
        let _ = write!(
            tooltip,
            "days {}–{}",
            format_number(start),
            format_number(finish)
        );
    }
    if let Some(day) = axis.start_date {
        if start == finish {
            let _ = write!(tooltip, " ({})", day.plus(start));
        } else {
            let _ = write!(tooltip, " ({} to {})", day.plus(start), day.plus(finish));
        }
    }
    if bar.critical {
        tooltip.push_str("; on the critical path");
    }
    let visible = if bar.label.trim().is_empty() {
        &bar.id
    } else {
        &bar.label
    };
    // Zero-length tasks (milestones) still get a visible sliver.
    let w = (x1 - x0).max(2.0);
    let top = y + (ROW_H - BAR_H) / 2.0;
    let _ = write!(
        out,
        r#"<g class="bar state-{}{}"><title>{}</title><text x="20" y="{}">{}</text><rect x="{}" y="{}" width="{}" height="{}" rx="2" {}/>"#,
        bar.state.name(),
        if bar.critical { " critical" } else { "" },
        escape(&tooltip),
        num(y + 15.0),
        escape(&truncate(visible, GANTT_LABEL_UNITS)),
        num(x0),
        num(top),
        num(w),
        num(BAR_H),
        bar.state.mark(prefix),
    );
    if bar.critical {
        let _ = write!(
            out,
            r#"<rect class="critical-outline" x="{}" y="{}" width="{}" height="{}" rx="3" fill="none" stroke="{CRITICAL}" stroke-width="3"/>"#,
            num(x0 - 3.0),
            num(top - 3.0),
            num(w + 6.0),
            num(BAR_H + 6.0),
        );
        diamond(out, x0 + w + 12.0, top + BAR_H / 2.0);
    }
    out.push_str("</g>");
}

/// The critical-path glyph: a filled diamond, drawn as a path so it needs no
/// font.
fn diamond(out: &mut String, cx: f64, cy: f64) {
    let _ = write!(
        out,
        r#"<path class="critical-marker" d="M{} {}L{} {}L{} {}L{} {}Z" fill="{CRITICAL}"/>"#,
        num(cx),
        num(cy - 6.0),
        num(cx + 6.0),
        num(cy),
        num(cx),
        num(cy + 6.0),
        num(cx - 6.0),
        num(cy),
    );
}

/// The dependency graph: nodes (tasks) and edges (dependency → dependent, as
/// indexes into `nodes`; indexes out of range are ignored). Columns are the
/// longest-path depth from the tasks without dependencies; tasks on a cycle,
/// or depending on one, have no depth and go into a last column. Within a
/// column nodes keep their input order.
pub fn dependency_graph(title: &str, nodes: &[Node], edges: &[(usize, usize)]) -> String {
    let title = if title.trim().is_empty() {
        "Dependency graph"
    } else {
        title
    };
    let mut hash = Fnv::new("graph");
    hash.text(title);
    for node in nodes {
        hash.text(&node.id);
        hash.text(&node.label);
        hash.bytes(&[node.state.index() as u8]);
    }
    for &(from, to) in edges {
        hash.bytes(&(from as u64).to_le_bytes());
        hash.bytes(&(to as u64).to_le_bytes());
    }
    let prefix = hash.prefix("graph");
    if nodes.is_empty() {
        return empty_chart(&prefix, title);
    }

    let layout = layers(nodes.len(), edges);
    let mut rows = vec![0usize; nodes.len()];
    let mut filled = vec![0usize; layout.columns];
    for (row, &column) in rows.iter_mut().zip(&layout.column) {
        if let Some(count) = filled.get_mut(column) {
            *row = *count;
            *count += 1;
        }
    }
    let most_rows = filled.iter().copied().max().unwrap_or(1);
    let pitch_x = NODE_W + COL_GAP;
    let pitch_y = NODE_H + ROW_GAP;
    let position = |i: usize| {
        let column = layout.column.get(i).copied().unwrap_or(0);
        let row = rows.get(i).copied().unwrap_or(0);
        (
            MARGIN + column as f64 * pitch_x,
            GRAPH_TOP + row as f64 * pitch_y,
        )
    };
    // Edges within the cycle column loop out to the right of it.
    let loop_room = if layout.cyclic > 0 { 56.0 } else { 0.0 };
    let width =
        (2.0 * MARGIN + layout.columns as f64 * pitch_x - COL_GAP + loop_room).max(GRAPH_MIN_W);
    let height = GRAPH_TOP + most_rows as f64 * pitch_y - ROW_GAP + MARGIN;

    let mut counts = [0usize; 4];
    for node in nodes {
        counts[node.state.index()] += 1;
    }
    let mut desc = format!(
        "{} and {} in {}; {}.",
        plural(nodes.len(), "task", "tasks"),
        plural(layout.edges.len(), "dependency", "dependencies"),
        plural(layout.columns, "column", "columns"),
        state_summary(&counts),
    );
    desc.push_str(" Arrows point from a dependency to the task that needs it.");
    if layout.cyclic > 0 {
        let _ = write!(
            desc,
            " {} on or behind a dependency cycle, drawn in the last column.",
            plural(layout.cyclic, "task is", "tasks are")
        );
    }
    let dropped = edges.len() - layout.edges.len();
    if dropped > 0 {
        let _ = write!(
            desc,
            " {} naming no task not drawn.",
            plural(dropped, "dependency", "dependencies")
        );
    }

    let mut out = String::with_capacity(2048 + nodes.len() * 700 + layout.edges.len() * 120);
    open_svg(&mut out, &prefix, width, height, title, &desc);
    defs(&mut out, &prefix, true);
    heading(&mut out, title, width);
    legend(&mut out, &prefix, 12.0, 36.0, false);

    // Edges first, so the nodes cover their ends.
    out.push_str(r##"<g class="edges" fill="none" stroke="#6c757d" stroke-width="1.25">"##);
    let mut in_degree = vec![0usize; nodes.len()];
    let mut out_degree = vec![0usize; nodes.len()];
    for &(from, to) in &layout.edges {
        out_degree[from] += 1;
        in_degree[to] += 1;
        let (xa, ya) = position(from);
        let (xb, yb) = position(to);
        let forward = layout.column.get(to) > layout.column.get(from);
        let d = if forward {
            let (x1, y1, x2, y2) = (xa + NODE_W, ya + NODE_H / 2.0, xb, yb + NODE_H / 2.0);
            let c = (x2 - x1) / 2.0;
            format!(
                "M{} {}C{} {} {} {} {} {}",
                num(x1),
                num(y1),
                num(x1 + c),
                num(y1),
                num(x2 - c),
                num(y2),
                num(x2),
                num(y2)
            )
        } else {
            // Only edges between cycle nodes share a column (or are
            // self-loops): leave the right side high, come back lower.
            let (x1, y1, x2, y2) = (
                xa + NODE_W,
                ya + NODE_H * 0.3,
                xb + NODE_W,
                yb + NODE_H * 0.7,
            );
            format!(
                "M{} {}C{} {} {} {} {} {}",
                num(x1),
                num(y1),
                num(x1 + 44.0),
                num(y1),
                num(x2 + 44.0),
                num(y2),
                num(x2),
                num(y2)
            )
        };
        let style = if forward {
            ""
        } else {
            r##" stroke="#c82333" stroke-dasharray="4 3""##
        };
        let _ = write!(
            out,
            r#"<path d="{d}"{style} marker-end="url(#{prefix}-arrow)"/>"#
        );
    }
    out.push_str("</g>");

    for (i, node) in nodes.iter().enumerate() {
        let (x, y) = position(i);
        let (light, dark) = node.state.colours();
        let mut tooltip = format!(
            "{}: {}; depends on {}, needed by {}",
            label_with_id(&node.label, &node.id),
            node.state.name(),
            plural(in_degree[i], "task", "tasks"),
            plural(out_degree[i], "task", "tasks"),
        );
        if layout.on_cycle.get(i) == Some(&true) {
            tooltip.push_str("; on or behind a dependency cycle");
        }
        let visible = if node.label.trim().is_empty() {
            &node.id
        } else {
            &node.label
        };
        let _ = write!(
            out,
            r#"<g class="node state-{}" transform="translate({} {})"><title>{}</title><rect width="{}" height="{}" rx="4" fill="{light}" stroke="{dark}" stroke-width="1.5"{}/><rect x="3" y="3" width="9" height="{}" {}/><text x="20" y="18">{}</text><text x="20" y="35" font-size="11" fill="{dark}">{}</text></g>"#,
            node.state.name(),
            num(x),
            num(y),
            escape(&tooltip),
            num(NODE_W),
            num(NODE_H),
            node.state.outline(),
            num(NODE_H - 6.0),
            node.state.mark(&prefix),
            escape(&truncate(visible, NODE_LABEL_UNITS)),
            node.state.name(),
        );
    }
    out.push_str("</svg>");
    out
}

/// A horizontal progress bar: `fraction` in 0..=1 (anything else clamped,
/// NaN as 0), with its text above it and the percentage at the right.
pub fn progress_bar(fraction: f64, text: &str) -> String {
    let fraction = if fraction.is_nan() {
        0.0
    } else {
        fraction.clamp(0.0, 1.0)
    };
    let mut hash = Fnv::new("progress");
    hash.number(fraction);
    hash.text(text);
    let prefix = hash.prefix("progress");

    // Never show 100% before the end nor 0% after the start.
    let mut percent = (fraction * 100.0).round() as u32;
    if percent == 100 && fraction < 1.0 {
        percent = 99;
    } else if percent == 0 && fraction > 0.0 {
        percent = 1;
    }
    let title = if text.trim().is_empty() {
        "Progress"
    } else {
        text
    };
    let desc = format!("Progress bar: {percent}% complete.");
    let (width, height, track) = (320.0, 44.0, 318.0);
    let mut out = String::with_capacity(1024);
    open_svg(&mut out, &prefix, width, height, title, &desc);
    let _ = write!(
        out,
        r##"<g class="progress"><text x="1" y="14">{}</text><text x="{}" y="14" text-anchor="end" font-weight="bold">{percent}%</text><rect x="1" y="22" width="{}" height="16" rx="3" fill="#e9ecef" stroke="#6c757d" stroke-width="1"/>"##,
        escape(&truncate(text, 40)),
        num(width - 1.0),
        num(track),
    );
    if fraction > 0.0 {
        let _ = write!(
            out,
            r##"<rect class="progress-fill" x="1" y="22" width="{}" height="16" rx="3" fill="#28a745" stroke="#155724" stroke-width="1"/>"##,
            num(track * fraction),
        );
    }
    out.push_str("</g></svg>");
    out
}

/// The columns of the dependency graph, from Kahn's algorithm.
#[derive(Debug)]
struct Layers {
    /// Column of each node.
    column: Vec<usize>,
    /// Number of columns (at least 1).
    columns: usize,
    /// Whether each node is on or behind a cycle (in the last column).
    on_cycle: Vec<bool>,
    /// How many nodes are.
    cyclic: usize,
    /// The edges whose both ends name a node, in input order.
    edges: Vec<(usize, usize)>,
}

/// Longest-path layering in O(nodes + edges): adjacency in one flat array
/// (offsets per node), then Kahn's algorithm, each node taking the deepest
/// column of its dependencies plus one once all of them are placed. Nodes
/// Kahn never reaches are on a cycle or depend on one; they share the column
/// after the deepest.
fn layers(n: usize, edges: &[(usize, usize)]) -> Layers {
    let edges: Vec<(usize, usize)> = edges
        .iter()
        .copied()
        .filter(|&(from, to)| from < n && to < n)
        .collect();
    let mut in_degree = vec![0usize; n];
    let mut offsets = vec![0usize; n + 1];
    for &(from, to) in &edges {
        offsets[from + 1] += 1;
        in_degree[to] += 1;
    }
    for i in 0..n {
        offsets[i + 1] += offsets[i];
    }
    let mut next = offsets.clone();
    let mut targets = vec![0usize; edges.len()];
    for &(from, to) in &edges {
        targets[next[from]] = to;
        next[from] += 1;
    }

    let mut column = vec![0usize; n];
    let mut placed = vec![false; n];
    let mut queue: VecDeque<usize> = (0..n).filter(|&i| in_degree[i] == 0).collect();
    let mut deepest = 0;
    while let Some(node) = queue.pop_front() {
        placed[node] = true;
        deepest = deepest.max(column[node]);
        for &to in &targets[offsets[node]..offsets[node + 1]] {
            column[to] = column[to].max(column[node] + 1);
            in_degree[to] -= 1;
            if in_degree[to] == 0 {
                queue.push_back(to);
            }
        }
    }
    let any_placed = placed.iter().any(|&p| p);
    let cyclic = placed.iter().filter(|&&p| !p).count();
    let last = if any_placed { deepest + 1 } else { 0 };
    for (col, &p) in column.iter_mut().zip(&placed) {
        if !p {
            *col = last;
        }
    }
    let columns = if cyclic > 0 { last + 1 } else { deepest + 1 };
    Layers {
        column,
        columns,
        on_cycle: placed.iter().map(|&p| !p).collect(),
        cyclic,
        edges,
    }
}

/// A chart with nothing to draw: still a valid, labelled image.
fn empty_chart(prefix: &str, title: &str) -> String {
    let mut out = String::with_capacity(1024);
    open_svg(
        &mut out,
        prefix,
        320.0,
        72.0,
        title,
        "No tasks: there is nothing to chart.",
    );
    heading(&mut out, title, 320.0);
    let _ = write!(
        out,
        r#"<text class="empty" x="12" y="52" fill="{MUTED}">no tasks</text></svg>"#
    );
    out
}

/// The root element, with the accessible name and description first (some
/// screen readers only read a `<title>` that is the first child).
fn open_svg(out: &mut String, prefix: &str, width: f64, height: f64, title: &str, desc: &str) {
    let (w, h) = (num(width), num(height));
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" role="img" aria-labelledby="{prefix}-title {prefix}-desc" font-family="{FONT}" font-size="12" fill="{TEXT}"><title id="{prefix}-title">{}</title><desc id="{prefix}-desc">{}</desc>"#,
        escape(title),
        escape(desc),
    );
}

/// Patterns for the hatched states and, for the graph, the arrowhead.
fn defs(out: &mut String, prefix: &str, arrow: bool) {
    let _ = write!(
        out,
        r##"<defs><pattern id="{prefix}-active" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="8" height="8" fill="#cce5ff"/><path d="M4 0V8" stroke="#004085" stroke-width="3"/></pattern><pattern id="{prefix}-blocked" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="8" height="8" fill="#f8d7da"/><path d="M4 0V8M0 4H8" stroke="#c82333" stroke-width="1.5"/></pattern>"##
    );
    if arrow {
        let _ = write!(
            out,
            r##"<marker id="{prefix}-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto"><path d="M0 0L10 5L0 10Z" fill="#495057"/></marker>"##
        );
    }
    out.push_str("</defs>");
}

/// The visible title (the accessible one is `<title>`).
fn heading(out: &mut String, title: &str, width: f64) {
    let units = ((width - 24.0) / 9.5).max(10.0) as usize;
    let _ = write!(
        out,
        r#"<text class="heading" x="12" y="22" font-size="16" font-weight="bold">{}</text>"#,
        escape(&truncate(title, units))
    );
}

/// The legend: a swatch and a name per state, and for the gantt chart the
/// critical-path outline and diamond.
fn legend(out: &mut String, prefix: &str, x: f64, y: f64, critical: bool) {
    out.push_str(r#"<g class="legend">"#);
    let mut at = x;
    for state in State::ALL {
        let _ = write!(
            out,
            r#"<rect x="{}" y="{}" width="18" height="12" rx="2" {}/><text x="{}" y="{}">{}</text>"#,
            num(at),
            num(y),
            state.mark(prefix),
            num(at + 24.0),
            num(y + 10.5),
            state.legend_name(),
        );
        at += 100.0;
    }
    if critical {
        let _ = write!(
            out,
            r#"<rect x="{}" y="{}" width="18" height="12" rx="2" fill="none" stroke="{CRITICAL}" stroke-width="3"/>"#,
            num(at),
            num(y),
        );
        diamond(out, at + 30.0, y + 6.0);
        let _ = write!(
            out,
            r#"<text x="{}" y="{}">Critical path</text>"#,
            num(at + 42.0),
            num(y + 10.5),
        );
    }
    out.push_str("</g>");
}

/// A bar's start and finish made drawable: not finite → 0, bounded to about
/// three million years either way (so differences stay finite), and the
/// finish not before the start.
fn span_of(start: f64, finish: f64) -> (f64, f64) {
    let bound = |v: f64| {
        if v.is_finite() {
            v.clamp(-1e9, 1e9)
        } else {
            0.0
        }
    };
    let start = bound(start);
    (start, bound(finish).max(start))
}

/// Tick spacing for a span of days: at most about ten ticks (eight dates,
/// which are wider), in whole days; weeks for dates, 1-2-5 steps otherwise.
fn tick_step(span: f64, dated: bool) -> f64 {
    let most = if dated { 8.0 } else { 10.0 };
    let mut step: f64 = 1.0;
    while span / step > most {
        step = if dated {
            match step {
                s if s < 2.0 => 2.0,
                s if s < 7.0 => 7.0,
                s if s < 14.0 => 14.0,
                s => s * 2.0,
            }
        } else {
            let power = 10f64.powf(step.log10().floor());
            let mantissa = step / power;
            if mantissa < 1.5 {
                2.0 * power
            } else if mantissa < 3.5 {
                5.0 * power
            } else {
                10.0 * power
            }
        };
    }
    step
}

/// `3 done, 2 active, 4 ready, 1 blocked`.
fn state_summary(counts: &[usize; 4]) -> String {
    State::ALL
        .iter()
        .map(|state| format!("{} {}", counts[state.index()], state.name()))
        .collect::<Vec<_>>()
        .join(", ")
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn format_days(days: f64) -> String {
    crate::model::format_days(days)
}

/// `Label (id)`, or just one of them when the other is empty or the same.
fn label_with_id(label: &str, id: &str) -> String {
    let label = label.trim();
    let id = id.trim();
    if label.is_empty() {
        id.to_owned()
    } else if id.is_empty() || id == label {
        label.to_owned()
    } else {
        format!("{label} ({id})")
    }
}

/// Text for XML content and attribute values: the five special characters
/// as entities, and characters XML 1.0 forbids (most control characters) as
/// U+FFFD, so no label can make the document ill-formed.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' | '\u{20}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}' => out.push(c),
            _ => out.push('\u{FFFD}'),
        }
    }
    out
}

/// Estimated width of a character in "average Latin letters": wide East
/// Asian characters and emoji take two, combining marks and zero-width
/// characters none.
fn units(c: char) -> usize {
    match u32::from(c) {
        0x0300..=0x036F | 0x200B..=0x200F | 0xFE00..=0xFE0F => 0,
        0x1100..=0x115F
        | 0x2E80..=0xA4CF
        | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6
        | 0x1F300..=0x1FAFF
        | 0x20000..=0x3FFFD => 2,
        _ => 1,
    }
}

/// Visible text: on one line, cut to `max` units with an ellipsis (the
/// ellipsis counted) when longer.
fn truncate(text: &str, max: usize) -> String {
    let line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if line.chars().map(units).sum::<usize>() <= max {
        return line;
    }
    let mut out = String::with_capacity(line.len().min(max * 4 + 3));
    let mut used = 0;
    for c in line.chars() {
        let width = units(c);
        if used + width + 1 > max {
            break;
        }
        used += width;
        out.push(c);
    }
    let kept = out.trim_end().len();
    out.truncate(kept);
    out.push('…');
    out
}

/// A coordinate: at most two decimals, no trailing zeros, never `-0`, and
/// `0` for anything not finite, so the output is stable and compact.
fn num(value: f64) -> String {
    if !value.is_finite() {
        return "0".to_owned();
    }
    let text = format!("{value:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".to_owned()
    } else {
        text.to_owned()
    }
}

/// FNV-1a, 64 bits: a hash that is the same on every platform and Rust
/// release (unlike `DefaultHasher`), for deterministic element ids.
struct Fnv(u64);

impl Fnv {
    fn new(kind: &str) -> Self {
        let mut hash = Fnv(0xcbf2_9ce4_8422_2325);
        hash.text(kind);
        hash
    }

    fn bytes(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }

    /// Length first, so `("ab", "c")` and `("a", "bc")` differ.
    fn text(&mut self, text: &str) {
        self.bytes(&(text.len() as u64).to_le_bytes());
        self.bytes(text.as_bytes());
    }

    fn number(&mut self, value: f64) {
        self.bytes(&value.to_bits().to_le_bytes());
    }

    fn prefix(&self, kind: &str) -> String {
        format!("sg-{kind}-{:012x}", self.0 & 0xffff_ffff_ffff)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small well-formedness check (no XML crate in the dependencies):
    /// balanced and properly nested tags, exactly one root, quoted and unique
    /// attributes, no `<` in attribute values, only the predefined or numeric
    /// entities, and no characters XML 1.0 forbids.
    fn well_formed(xml: &str) -> Result<(), String> {
        let mut stack: Vec<&str> = Vec::new();
        let mut roots = 0;
        let mut i = 0;
        while i < xml.len() {
            let rest = &xml[i..];
            if let Some(after) = rest.strip_prefix("<!--") {
                let end = after.find("-->").ok_or("unclosed comment")?;
                i += 4 + end + 3;
            } else if let Some(after) = rest.strip_prefix("</") {
                let end = after.find('>').ok_or("unclosed end tag")?;
                let name = after[..end].trim_end();
                check_name(name)?;
                match stack.pop() {
                    Some(open) if open == name => {}
                    open => return Err(format!("</{name}> closes {open:?} at {i}")),
                }
                i += 2 + end + 1;
            } else if let Some(after) = rest.strip_prefix('<') {
                let name_end = after
                    .find(|c: char| c.is_whitespace() || c == '>' || c == '/')
                    .ok_or("unclosed start tag")?;
                let name = &after[..name_end];
                check_name(name)?;
                if stack.is_empty() {
                    roots += 1;
                }
                let mut j = name_end;
                let mut seen: Vec<&str> = Vec::new();
                loop {
                    let tail = &after[j..];
                    let trimmed = tail.trim_start();
                    let spaced = trimmed.len() != tail.len();
                    j += tail.len() - trimmed.len();
                    if trimmed.starts_with("/>") {
                        j += 2;
                        break;
                    }
                    if trimmed.starts_with('>') {
                        j += 1;
                        stack.push(name);
                        break;
                    }
                    if trimmed.is_empty() {
                        return Err(format!("<{name} never ends"));
                    }
                    if !spaced {
                        return Err(format!("no space before an attribute of <{name}>"));
                    }
                    let eq = trimmed.find('=').ok_or("attribute without value")?;
                    let attribute = &trimmed[..eq];
                    check_name(attribute)?;
                    if seen.contains(&attribute) {
                        return Err(format!("<{name}> repeats {attribute}"));
                    }
                    seen.push(attribute);
                    let value_part = &trimmed[eq + 1..];
                    let quote = value_part
                        .chars()
                        .next()
                        .filter(|&c| c == '"' || c == '\'')
                        .ok_or(format!("unquoted {attribute}"))?;
                    let close = value_part[1..]
                        .find(quote)
                        .ok_or(format!("unclosed {attribute}"))?;
                    let value = &value_part[1..1 + close];
                    if value.contains('<') {
                        return Err(format!("< in {attribute}"));
                    }
                    check_text(value)?;
                    j += eq + 1 + 1 + close + 1;
                }
                i += 1 + j;
            } else {
                let end = rest.find('<').unwrap_or(rest.len());
                let text = &rest[..end];
                if stack.is_empty() && !text.trim().is_empty() {
                    return Err(format!("text outside the root: {text:?}"));
                }
                check_text(text)?;
                i += end;
            }
        }
        match (stack.last(), roots) {
            (Some(open), _) => Err(format!("<{open}> is never closed")),
            (None, 1) => Ok(()),
            (None, n) => Err(format!("{n} root elements")),
        }
    }

    fn check_name(name: &str) -> Result<(), String> {
        let mut chars = name.chars();
        let first_ok = chars
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_');
        if first_ok && chars.all(|c| c.is_ascii_alphanumeric() || "-_.:".contains(c)) {
            Ok(())
        } else {
            Err(format!("bad name {name:?}"))
        }
    }

    fn check_text(text: &str) -> Result<(), String> {
        if let Some(c) = text
            .chars()
            .find(|&c| c < ' ' && !matches!(c, '\t' | '\n' | '\r'))
        {
            return Err(format!("forbidden character {c:?}"));
        }
        let mut rest = text;
        while let Some(at) = rest.find('&') {
            let after = &rest[at + 1..];
            let end = after.find(';').ok_or("& without ;")?;
            let entity = &after[..end];
            let numeric = entity.strip_prefix("#x").map_or_else(
                || {
                    entity
                        .strip_prefix('#')
                        .is_some_and(|d| !d.is_empty() && d.chars().all(|c| c.is_ascii_digit()))
                },
                |h| !h.is_empty() && h.chars().all(|c| c.is_ascii_hexdigit()),
            );
            if !numeric && !matches!(entity, "amp" | "lt" | "gt" | "quot" | "apos") {
                return Err(format!("unknown entity &{entity};"));
            }
            rest = &after[end + 1..];
        }
        Ok(())
    }

    /// Every `url(#…)` and `aria-labelledby` id names an element of the
    /// same document.
    fn references_resolve(svg: &str) {
        let mut ids = Vec::new();
        let mut rest = svg;
        while let Some(at) = rest.find("url(#") {
            let after = &rest[at + 5..];
            let end = after.find(')').expect("url( closes");
            ids.push(after[..end].to_owned());
            rest = after;
        }
        let at = svg.find("aria-labelledby=\"").expect("aria-labelledby");
        let after = &svg[at + 17..];
        let end = after.find('"').expect("attribute closes");
        ids.extend(after[..end].split(' ').map(str::to_owned));
        assert!(ids.len() >= 2);
        for id in ids {
            assert!(svg.contains(&format!(r#"id="{id}""#)), "no element {id}");
        }
    }

    /// The groups of one class (`<g class="bar…`), up to their first
    /// `</g>` — bar and node groups nest no other group.
    fn groups<'a>(svg: &'a str, start: &str) -> Vec<&'a str> {
        svg.match_indices(start)
            .map(|(at, _)| {
                let end = svg[at..].find("</g>").expect("group closes");
                &svg[at..at + end]
            })
            .collect()
    }

    fn between<'a>(text: &'a str, open: &str, close: &str) -> &'a str {
        let start = text.find(open).expect("opening") + open.len();
        let end = text[start..].find(close).expect("closing");
        &text[start..start + end]
    }

    fn bar(id: &str, section: &str, start: f64, finish: f64, state: State) -> Bar {
        Bar {
            id: id.to_owned(),
            label: format!("Task {id}"),
            section: section.to_owned(),
            start,
            finish,
            state,
            critical: false,
        }
    }

    fn node(id: &str, state: State) -> Node {
        Node {
            id: id.to_owned(),
            label: format!("Task {id}"),
            state,
        }
    }

    fn sample_bars() -> Vec<Bar> {
        let mut bars = vec![
            bar("t1", "Design", 0.0, 2.0, State::Done),
            bar("t2", "Build", 2.0, 5.0, State::Active),
            bar("t3", "Design", 1.0, 3.0, State::Ready),
            bar("t4", "Build", 5.0, 6.0, State::Blocked),
        ];
        bars[1].critical = true;
        bars
    }

    #[test]
    fn gantt_is_accessible_and_summarised() {
        let svg = gantt("Campaign schedule", &sample_bars(), None);
        well_formed(&svg).expect("well-formed");
        references_resolve(&svg);
        assert!(svg.starts_with(r#"<svg xmlns="http://www.w3.org/2000/svg" width="1010" height=""#));
        assert!(svg.contains(r#"viewBox="0 0 1010 "#));
        assert!(svg.contains(r#"role="img""#));
        assert_eq!(between(&svg, "-title\">", "</title>"), "Campaign schedule");
        assert_eq!(
            between(&svg, "-desc\">", "</desc>"),
            "4 tasks in 2 sections over 6 days; 1 done, 1 active, 1 ready, 1 blocked; \
             critical path (1 task) marked with a thick outline and a diamond."
        );
        let legend = between(&svg, r#"<g class="legend">"#, "</g>");
        for name in ["Done", "Active", "Ready", "Blocked", "Critical path"] {
            assert!(legend.contains(&format!(">{name}</text>")), "legend {name}");
        }
        assert!(svg.contains(">day 0</text>") && svg.contains(">day 6</text>"));
        assert!(svg.contains("<title>Task t2 (t2): active; days 2–5; on the critical path</title>"));
    }

    #[test]
    fn states_differ_by_pattern_and_stroke_not_only_colour() {
        let svg = gantt("", &sample_bars(), None);
        let bars = groups(&svg, r#"<g class="bar"#);
        assert_eq!(bars.len(), 4);
        let mark = |state: &str| {
            bars.iter()
                .find(|g| g.contains(&format!("state-{state}")))
                .copied()
                .expect("bar of that state")
        };
        assert!(mark("done").contains(r##"fill="#28a745""##));
        assert!(mark("active").contains("-active)"));
        assert!(mark("ready").contains(r#"stroke-dasharray="5 3""#));
        assert!(mark("blocked").contains("-blocked)"));
        assert!(mark("blocked").contains(r#"stroke-dasharray="2 2""#));
        // An empty title falls back to a name.
        assert_eq!(between(&svg, "-title\">", "</title>"), "Gantt chart");
    }

    #[test]
    fn only_critical_bars_have_the_outline_and_marker() {
        let svg = gantt("Plan", &sample_bars(), None);
        let bars = groups(&svg, r#"<g class="bar"#);
        for group in bars {
            let critical = group.starts_with(r#"<g class="bar state-active critical""#);
            assert_eq!(group.contains("critical-marker"), critical, "{group}");
            assert_eq!(group.contains("critical-outline"), critical, "{group}");
            if critical {
                assert!(group.contains(r#"stroke-width="3""#));
            }
        }
    }

    #[test]
    fn gantt_groups_rows_by_section_in_input_order() {
        let svg = gantt("Plan", &sample_bars(), None);
        let order: Vec<usize> = ["<title>Design</title>", "Task t1 (t1)", "Task t3 (t3)"]
            .iter()
            .chain(&["<title>Build</title>", "Task t2 (t2)", "Task t4 (t4)"])
            .map(|needle| svg.find(needle).expect(needle))
            .collect();
        assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");
        assert_eq!(svg.matches(r#"<g class="section">"#).count(), 2);
    }

    #[test]
    fn gantt_dates_ticks_from_the_start_date() {
        let start = Day::from_ymd(2026, 1, 25);
        let svg = gantt("Plan", &sample_bars(), Some(start));
        well_formed(&svg).expect("well-formed");
        assert!(svg.contains(">2026-01-25</text>"));
        assert!(svg.contains(">2026-01-31</text>"));
        assert!(!svg.contains(">day 0<"));
        assert!(svg.contains("from 2026-01-25 to 2026-01-31"));
        assert!(svg.contains("days 2–5 (2026-01-27 to 2026-01-30)"));
    }

    #[test]
    fn tick_steps_stay_few() {
        assert_eq!(tick_step(6.0, false), 1.0);
        assert_eq!(tick_step(30.0, false), 5.0);
        assert_eq!(tick_step(30.0, true), 7.0);
        assert_eq!(tick_step(1000.0, false), 100.0);
        assert!(tick_step(2e9, true) * 8.0 >= 2e9);
    }

    #[test]
    fn text_is_escaped_and_long_labels_truncated() {
        let mut bars = sample_bars();
        bars[0].label = "<script>alert(\"x\")</script> & 'y'".to_owned();
        bars[1].label = "A very long task label that goes on and on well past the column".into();
        bars[2].label = "bell\u{7}\u{0}char".to_owned();
        bars[3].section = "R&D <phase>".to_owned();
        let svg = gantt("<Plan> & \"more\"", &bars, None);
        well_formed(&svg).expect("well-formed");
        assert!(!svg.contains("<script>"));
        assert!(
            svg.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &apos;y&apos;")
        );
        assert!(svg.contains("&lt;Plan&gt; &amp; &quot;more&quot;"));
        assert!(svg.contains("<title>R&amp;D &lt;phase&gt;</title>"));
        assert!(svg.contains("bell\u{FFFD}\u{FFFD}char"));
        // Visible text cut with an ellipsis, the tooltip whole.
        assert!(svg.contains(">A very long task label that goes on…</text>"));
        assert!(svg.contains(
            "<title>A very long task label that goes on and on well past the column (t2): "
        ));
    }

    #[test]
    fn truncation_counts_wide_characters_and_keeps_short_text() {
        assert_eq!(truncate("short", 10), "short");
        assert_eq!(truncate("two\n lines", 20), "two lines");
        assert_eq!(truncate("abcdefghijkl", 6), "abcde…");
        assert_eq!(truncate("ab cdefgh", 4), "ab…");
        assert_eq!(truncate("日本語のラベル", 7), "日本語…");
        assert_eq!(num(-0.001), "0");
        assert_eq!(num(12.50), "12.5");
        assert_eq!(num(f64::NAN), "0");
    }

    #[test]
    fn odd_numbers_do_not_break_the_gantt() {
        let bars = vec![
            bar("a", "S", f64::NAN, f64::INFINITY, State::Ready),
            bar("b", "S", 3.0, 1.0, State::Done),
            bar("c", "", -2.0, 0.0, State::Blocked),
            bar("d", "S", 4.0, 4.0, State::Active),
        ];
        let svg = gantt("Odd", &bars, Some(Day::from_ymd(2026, 3, 1)));
        well_formed(&svg).expect("well-formed");
        assert!(!svg.contains("NaN") && !svg.contains("inf"));
        assert!(svg.contains("(no section)"));
        assert!(svg.contains("<title>Task b (b): done; day 3 (2026-03-04)</title>"));
        assert!(!svg.contains(">day "));
        assert!(svg.contains("over 6 days, from 2026-02-27 to 2026-03-05"));
    }

    #[test]
    fn empty_inputs_say_no_tasks() {
        for svg in [
            gantt("Plan", &[], None),
            dependency_graph("Graph", &[], &[(0, 1)]),
        ] {
            well_formed(&svg).expect("well-formed");
            references_resolve(&svg);
            assert!(svg.contains(r#"role="img""#));
            assert!(svg.contains(">no tasks</text>"));
            assert!(svg.contains("No tasks: there is nothing to chart."));
            assert!(svg.contains(r#"viewBox="0 0 320 72""#));
        }
    }

    #[test]
    fn graph_columns_are_longest_path_depths() {
        // a → b → d, a → c → d, a → d, e alone; an edge to nowhere.
        let layout = layers(5, &[(0, 1), (0, 2), (1, 3), (2, 3), (0, 3), (4, 9)]);
        assert_eq!(layout.column, vec![0, 1, 1, 2, 0]);
        assert_eq!(layout.columns, 3);
        assert_eq!(layout.cyclic, 0);
        assert_eq!(layout.edges.len(), 5);
    }

    #[test]
    fn graph_is_accessible_with_rows_in_input_order() {
        let nodes = vec![
            node("a", State::Done),
            node("b", State::Active),
            node("c", State::Ready),
            node("d", State::Blocked),
        ];
        let svg = dependency_graph("Dependencies", &nodes, &[(0, 1), (0, 2), (1, 3), (2, 3)]);
        well_formed(&svg).expect("well-formed");
        references_resolve(&svg);
        assert_eq!(
            between(&svg, "-desc\">", "</desc>"),
            "4 tasks and 4 dependencies in 3 columns; 1 done, 1 active, 1 ready, 1 blocked. \
             Arrows point from a dependency to the task that needs it."
        );
        let legend = between(&svg, r#"<g class="legend">"#, "</g>");
        for name in ["Done", "Active", "Ready", "Blocked"] {
            assert!(legend.contains(&format!(">{name}</text>")));
        }
        let node_groups = groups(&svg, r#"<g class="node"#);
        assert_eq!(node_groups.len(), 4);
        assert!(node_groups[1].contains(r#"transform="translate(272 72)""#));
        assert!(node_groups[2].contains(r#"transform="translate(272 130)""#));
        assert!(node_groups[3]
            .contains("<title>Task d (d): blocked; depends on 2 tasks, needed by 0 tasks</title>"));
        assert!(node_groups[3].contains(">blocked</text>"));
        assert_eq!(svg.matches("marker-end=").count(), 4);
        assert!(svg.contains("<marker id="));
    }

    #[test]
    fn cycles_terminate_in_the_last_column() {
        // a → b → c → b (cycle), c → d (behind it), e → e (self-loop), f alone.
        let edges = [(0, 1), (1, 2), (2, 1), (2, 3), (4, 4)];
        let layout = layers(6, &edges);
        assert_eq!(layout.column, vec![0, 1, 1, 1, 1, 0]);
        assert_eq!(layout.columns, 2);
        assert_eq!(layout.cyclic, 4);

        let all_cyclic = layers(2, &[(0, 1), (1, 0)]);
        assert_eq!((all_cyclic.column, all_cyclic.columns), (vec![0, 0], 1));

        let nodes: Vec<Node> = ["a", "b", "c", "d", "e", "f"]
            .iter()
            .map(|id| node(id, State::Blocked))
            .collect();
        let svg = dependency_graph("Loops", &nodes, &edges);
        well_formed(&svg).expect("well-formed");
        assert!(
            svg.contains("4 tasks are on or behind a dependency cycle, drawn in the last column.")
        );
        let node_groups = groups(&svg, r#"<g class="node"#);
        for group in &node_groups[1..5] {
            assert!(group.contains(r#"transform="translate(272 "#), "{group}");
            assert!(group.contains("on or behind a dependency cycle"));
        }
        // Edges within the cycle column are dashed.
        assert_eq!(svg.matches(r#"stroke-dasharray="4 3""#).count(), 4);
    }

    #[test]
    fn a_long_chain_renders_in_linear_time() {
        let n = 20_000;
        let nodes: Vec<Node> = (0..n)
            .map(|i| node(&format!("t{i}"), State::Ready))
            .collect();
        let edges: Vec<(usize, usize)> = (1..n).map(|i| (i - 1, i)).collect();
        let svg = dependency_graph("Chain", &nodes, &edges);
        assert_eq!(svg.matches(r#"<g class="node"#).count(), n);
        assert!(svg.contains(&format!(
            "{n} tasks and {} dependencies in {n} columns",
            n - 1
        )));
        well_formed(&svg).expect("well-formed");
        let layout = layers(n, &edges);
        assert!(layout.column.iter().enumerate().all(|(i, &c)| c == i));

        let bars: Vec<Bar> = (0..n)
            .map(|i| {
                bar(
                    &format!("t{i}"),
                    "Phase",
                    i as f64,
                    i as f64 + 1.0,
                    State::Done,
                )
            })
            .collect();
        let chart = gantt("Long", &bars, Some(Day::from_ymd(2026, 1, 1)));
        assert_eq!(chart.matches(r#"<g class="bar"#).count(), n);
        well_formed(&chart).expect("well-formed");
    }

    #[test]
    fn output_is_deterministic_and_ids_are_per_chart() {
        let bars = sample_bars();
        let nodes = vec![node("a", State::Done), node("b", State::Ready)];
        assert_eq!(gantt("P", &bars, None), gantt("P", &bars, None));
        assert_eq!(
            dependency_graph("G", &nodes, &[(0, 1)]),
            dependency_graph("G", &nodes, &[(0, 1)])
        );
        assert_eq!(progress_bar(0.5, "Half"), progress_bar(0.5, "Half"));
        let id = |svg: &str| between(svg, r#"<title id=""#, "\"").to_owned();
        assert_ne!(id(&gantt("P", &bars, None)), id(&gantt("Q", &bars, None)));
        assert_ne!(
            id(&progress_bar(0.5, "Half")),
            id(&progress_bar(0.6, "Half"))
        );
    }

    #[test]
    fn progress_bar_clamps_and_tells_the_percentage() {
        let width = |svg: &str| {
            svg.find("progress-fill")
                .map(|at| between(&svg[at..], r#"width=""#, "\"").to_owned())
        };
        let full = progress_bar(1.5, "All done");
        well_formed(&full).expect("well-formed");
        references_resolve(&full);
        assert!(full.contains(">100%</text>"));
        assert_eq!(width(&full).as_deref(), Some("318"));
        assert_eq!(between(&full, "-title\">", "</title>"), "All done");
        assert!(full.contains("Progress bar: 100% complete."));

        for odd in [f64::NAN, -1.0, f64::NEG_INFINITY] {
            let svg = progress_bar(odd, "");
            well_formed(&svg).expect("well-formed");
            assert!(svg.contains(">0%</text>"));
            assert_eq!(width(&svg), None);
            assert_eq!(between(&svg, "-title\">", "</title>"), "Progress");
        }
        assert!(progress_bar(0.999, "x").contains(">99%</text>"));
        assert!(progress_bar(0.001, "x").contains(">1%</text>"));
        let half = progress_bar(0.5, "7 of 14 <tasks>");
        assert_eq!(width(&half).as_deref(), Some("159"));
        assert!(half.contains(">7 of 14 &lt;tasks&gt;</text>"));
    }

    #[test]
    fn the_checker_rejects_ill_formed_xml() {
        for bad in [
            "<a><b></a></b>",
            "<a>",
            "<a>&</a>",
            "<a>&nbsp;</a>",
            r#"<a x="1" x="2"/>"#,
            r#"<a x="<"/>"#,
            "<a x=1/>",
            "<a/><b/>",
            "text<a/>",
            "<a>\u{0}</a>",
        ] {
            assert!(well_formed(bad).is_err(), "{bad}");
        }
        well_formed(r#"<a x="&amp;'" y='"'><!-- c --><b/>&#233;&#xE9;</a>"#).expect("well-formed");
    }
}
