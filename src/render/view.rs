//! The template API: a typed, documented view of one spec, made for
//! templates — references are resolved to the things they name (a task's
//! assignee is an agent with an id and a title, not an IRI), lists are in a
//! stable order, and every figure is computed, never typed.
//!
//! A template that names a field that does not exist fails (undefined
//! variables are errors). `context.rs` builds these from the model.

use crate::model::calendar::Day;
use crate::model::{Campaign, Name};
use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};
use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

/// A part of the view that several lists hold (a task is in `tasks`, in its
/// phase's `tasks` and in its agent's; a gate in `gates` and its owner's),
/// turned into a template value once however many lists hold it. Serialising
/// every copy was a tenth of the CPU of `spec render` (`perf`, 100 specs).
/// Elsewhere (JSON) it serialises as the part itself.
#[derive(Debug)]
pub struct Shared<T>(Arc<(T, OnceLock<minijinja::Value>)>);

impl<T> Shared<T> {
    pub fn new(part: T) -> Self {
        Self(Arc::new((part, OnceLock::new())))
    }
}

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Self(Arc::clone(&self.0))
    }
}

impl<T> std::ops::Deref for Shared<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0 .0
    }
}

impl<T: Serialize> Serialize for Shared<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let (part, value) = &*self.0;
        if minijinja::value::serializing_for_value() {
            // A value inside a value being built is passed on as it is.
            value
                .get_or_init(|| minijinja::Value::from_serialize(part))
                .serialize(serializer)
        } else {
            part.serialize(serializer)
        }
    }
}

/// A part whose fields are written into the struct that holds it: what
/// `#[serde(flatten)]` does, but as a struct with static keys. serde
/// writes a flattened struct as a map, which minijinja builds as an ordered
/// map with an allocated string per key, searched by comparing values: at
/// every render every task's twenty-odd keys were allocated and sorted,
/// and every `t.label` was a tree search. Timed per stage, `spec render`
/// of 100 generated specs (806 k triples), CPU summed over threads:
/// building the template values 170 → 62 ms, the four templates
/// 810 → 670 ms; the pages are byte-identical.
pub trait Flat {
    /// How many fields it writes.
    const FIELDS: usize;
    fn write<S: SerializeStruct>(&self, out: &mut S) -> Result<(), S::Error>;
}

/// A view struct that serialises as one struct, its `flatten` field's
/// fields first (see [`Flat`]). Every field needs a trailing comma.
macro_rules! flattened {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $(#[$flat_meta:meta])*
            flatten pub $flat:ident: $flat_ty:ty,
            $(
                $(#[$field_meta:meta])*
                pub $field:ident: $ty:ty,
            )*
        }
    ) => {
        $(#[$meta])*
        pub struct $name {
            $(#[$flat_meta])*
            pub $flat: $flat_ty,
            $(
                $(#[$field_meta])*
                pub $field: $ty,
            )*
        }

        impl Flat for $name {
            const FIELDS: usize = <$flat_ty as Flat>::FIELDS + [$(stringify!($field)),*].len();
            fn write<S: SerializeStruct>(&self, out: &mut S) -> Result<(), S::Error> {
                self.$flat.write(out)?;
                $(out.serialize_field(stringify!($field), &self.$field)?;)*
                Ok(())
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let mut out = serializer.serialize_struct(stringify!($name), <Self as Flat>::FIELDS)?;
                self.write(&mut out)?;
                out.end()
            }
        }
    };
}

/// A reference to a resource: how it is written, its title and a label
/// (the title, or the id when it has none).
#[derive(Debug, Clone, Serialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct Ref {
    pub id: String,
    pub title: Option<String>,
    pub label: String,
}

flattened! {
#[derive(Debug, Clone)]
pub struct AgentRef {
    flatten pub name: Ref,
    /// The file name of the agent's briefing (`briefings/<slug>.md`).
    pub slug: String,
}
}

#[derive(Debug, Clone, Serialize)]
pub struct FileView {
    pub path: String,
    pub triples: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct ClosureView {
    pub present: usize,
    pub expected: usize,
    /// `None` (template: `none`) when no shape requires anything: "n/a".
    pub percent: Option<f64>,
    /// `93.8% of 352 required links (330 present)`, or the reason there is no figure.
    pub text: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct FindingView {
    pub code: String,
    pub severity: String,
    pub message: String,
    pub file: Option<String>,
    pub line: Option<usize>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FindingsView {
    pub errors: usize,
    pub warnings: usize,
    pub list: Vec<FindingView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Counts {
    pub phases: usize,
    pub tasks: usize,
    pub agents: usize,
    pub gates: usize,
    pub criteria: usize,
    pub metrics: usize,
    pub measurements: usize,
    pub risks: usize,
    pub decisions: usize,
    pub deliverables: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct CampaignView {
    pub id: Option<String>,
    pub title: String,
    pub description: Option<String>,
    pub status: Option<String>,
    pub coordinator: Option<Shared<AgentRef>>,
    pub start_date: Option<Day>,
    pub target_date: Option<Day>,
    /// Declared progress (`sg:progress`), if any.
    pub progress: Option<f64>,
    pub objectives: Vec<Shared<ObjectiveView>>,
    pub deliverables: Vec<Shared<DeliverableView>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ObjectiveView {
    pub title: String,
    /// Whether the objective holds (checked, or computed from its data).
    pub done: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct DeliverableView {
    pub id: String,
    pub title: String,
    pub path: Option<String>,
    pub owner: Option<Shared<AgentRef>>,
    pub status: Option<String>,
}

flattened! {
/// A deliverable of the campaign or of a phase, with where it belongs.
#[derive(Debug, Clone)]
pub struct ScopedDeliverableView {
    flatten pub deliverable: DeliverableView,
    /// The phase's label, or none for the campaign's own.
    pub phase: Option<String>,
}
}

flattened! {
#[derive(Debug, Clone)]
pub struct CheckView {
    flatten pub name: Ref,
    pub commands: Vec<String>,
    pub frequency: Option<String>,
    pub description: Option<String>,
    pub owner: Option<Shared<AgentRef>>,
}
}

flattened! {
#[derive(Debug, Clone)]
pub struct AlertView {
    flatten pub name: Ref,
    /// `Critical`, `Warning`, `Info`.
    pub severity: Option<String>,
    pub trigger: Option<String>,
    pub action: Option<String>,
}
}

flattened! {
#[derive(Debug, Clone)]
pub struct ProtocolStepView {
    flatten pub name: Ref,
    pub commands: Vec<String>,
    pub frequency: Option<String>,
    pub description: Option<String>,
    /// Who performs it; empty means every agent.
    pub performed_by: Vec<Shared<AgentRef>>,
}
}

flattened! {
#[derive(Debug, Clone)]
pub struct ReportTemplateView {
    flatten pub name: Ref,
    pub frequency: Option<String>,
    pub template: Option<String>,
    pub path: Option<String>,
    pub owner: Option<Shared<AgentRef>>,
    pub description: Option<String>,
}
}

/// A memory key and who reports through it.
#[derive(Debug, Clone, Serialize)]
pub struct MemoryKeyView {
    pub key: String,
    /// The task, agent, phase or campaign it belongs to.
    pub owner: String,
}

/// What spec counts itself: `done` of `total`.
#[derive(Debug, Clone, Serialize)]
pub struct FigureView {
    pub label: String,
    pub done: usize,
    pub total: usize,
}

/// Risks of one impact level ("High and critical impact").
#[derive(Debug, Clone, Serialize)]
pub struct RiskGroupView {
    pub label: String,
    pub risks: Vec<RiskView>,
}

/// The campaign's sign-off: its gate, computed.
#[derive(Debug, Clone, Serialize)]
pub struct SignOffView {
    pub gate: Shared<GateRef>,
    pub owner: Option<Shared<AgentRef>>,
    /// `ready` when the gate passed, else `not ready`.
    pub ready: bool,
    /// What keeps it from passing: open work and unmet criteria, capped.
    pub outstanding: Vec<String>,
    /// How many items are outstanding in all.
    pub outstanding_total: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct DependencyView {
    pub id: String,
    pub label: String,
    pub status: Option<String>,
    pub done: bool,
    /// Who delivers it (the dependency's assignee).
    pub assignee: Option<Shared<AgentRef>>,
}

flattened! {
#[derive(Debug, Clone)]
pub struct TaskView {
    flatten pub name: Ref,
    pub description: Option<String>,
    pub phase: Option<Shared<Ref>>,
    pub assignee: Option<Shared<AgentRef>>,
    pub status: Option<String>,
    pub progress: Option<f64>,
    pub priority: Option<String>,
    pub estimate_days: Option<f64>,
    /// `done`, `ready` or `blocked`.
    pub readiness: String,
    /// What it waits for, in words.
    pub waits_for: Vec<String>,
    pub memory_keys: Vec<String>,
    /// The same in one line of bounded length ("waits for 9 tasks of Phase
    /// 2, first: …"), or none when it waits for nothing.
    pub waits: Option<String>,
    /// Its phase's entry gate, while that gate has not passed.
    pub waiting_gate: Option<Shared<GateRef>>,
    pub depends_on: Vec<Shared<DependencyView>>,
    pub objectives: Vec<Shared<ObjectiveView>>,
    pub deliverables: Vec<Shared<DeliverableView>>,
    pub touches: Vec<String>,
    /// Earliest start and finish in days from the campaign start, if scheduled.
    pub start: Option<f64>,
    pub finish: Option<f64>,
    pub start_date: Option<Day>,
    pub finish_date: Option<Day>,
    pub critical: bool,
    /// For a Mermaid gantt: the start as `YYYY-MM-DD HH:mm` (with a start
    /// date) and the duration in whole hours.
    pub gantt_start: Option<String>,
    pub gantt_hours: u64,
}
}

#[derive(Debug, Clone, Serialize)]
pub struct CriterionView {
    pub id: String,
    pub label: String,
    /// `holds`, `fails` or `undecided`.
    pub verdict: String,
    pub reasons: Vec<String>,
}

flattened! {
#[derive(Debug, Clone)]
pub struct GateView {
    flatten pub name: Ref,
    pub owner: Option<Shared<AgentRef>>,
    /// What the spec declares (`passed`, `pending`, …), lower case.
    pub declared: Option<String>,
    /// `passed`, `failed` or `pending`, computed.
    pub state: String,
    /// A declared state that the computed one contradicts.
    pub claim_false: bool,
    /// Whether the gate is due (its work done, or it or its phase declared
    /// passed or done): only a due gate fails.
    pub due: bool,
    /// The tasks the gate closes: how many, how many done, the open ones' ids.
    pub work_total: usize,
    pub work_done: usize,
    /// The open tasks it closes, by label.
    pub work_open: Vec<String>,
    /// The same in one line: at most three, then "and N more".
    pub work_open_text: Option<String>,
    pub criteria: Vec<CriterionView>,
    /// The criteria that keep the gate from passing, with their reasons.
    pub blocking: Vec<String>,
}
}

#[derive(Debug, Clone, Serialize)]
pub struct SpanView {
    pub start: f64,
    pub finish: f64,
    pub days: f64,
    pub start_date: Option<Day>,
    pub finish_date: Option<Day>,
    /// Every task of the phase has an estimate.
    pub complete: bool,
    /// The phase's declared duration, and whether it (not the tasks) sets
    /// the phase's end.
    pub declared_days: Option<f64>,
    pub by_declared: bool,
}

flattened! {
#[derive(Debug, Clone)]
pub struct PhaseView {
    flatten pub name: Ref,
    pub order: Option<f64>,
    pub status: Option<String>,
    pub description: Option<String>,
    /// The gate that closes it, and the gate it waits for.
    pub gate: Option<Shared<GateRef>>,
    pub entry_gate: Option<Shared<GateRef>>,
    pub declared_days: Option<f64>,
    pub span: Option<SpanView>,
    pub tasks: Vec<Shared<TaskView>>,
    pub objectives: Vec<Shared<ObjectiveView>>,
    pub deliverables: Vec<Shared<DeliverableView>>,
    /// Tasks done out of tasks, and their percentage.
    pub done: usize,
    pub percent_done: f64,
}
}

#[derive(Debug, Clone, Serialize)]
pub struct GateRef {
    pub id: String,
    pub label: String,
    pub state: Option<String>,
}

flattened! {
#[derive(Debug, Clone)]
pub struct MetricView {
    flatten pub name: Ref,
    pub unit: Option<String>,
    pub baseline: Option<f64>,
    pub target: Option<f64>,
    /// A bound to keep all along (`sg:limit`).
    pub limit: Option<f64>,
    /// The target, the limit ("limit <= 20 count") or both, with the unit.
    pub goal: String,
    pub latest: Option<f64>,
    pub latest_at: Option<String>,
    pub lower_is_better: bool,
    /// Baseline over latest (or the reverse when higher is better): 8.0 for 120 s → 15 s.
    pub improvement: Option<f64>,
    /// `met`, `not met`, `unmeasured`, `within limit` or `over limit`.
    pub state: String,
    pub measured_by: Vec<String>,
    pub measurements: usize,
    /// Its value is counted by spec from the data (`sg:counts`).
    pub counted: bool,
}
}

flattened! {
#[derive(Debug, Clone)]
pub struct RiskView {
    flatten pub name: Ref,
    pub probability: Option<String>,
    pub impact: Option<String>,
    pub mitigations: Vec<String>,
    pub owner: Option<Shared<AgentRef>>,
    pub status: Option<String>,
}
}

flattened! {
#[derive(Debug, Clone)]
pub struct DecisionView {
    flatten pub name: Ref,
    pub choice: Option<String>,
    pub context: Vec<String>,
    pub alternatives: Vec<String>,
    pub status: Option<String>,
    pub owner: Option<Shared<AgentRef>>,
    pub decided_on: Option<Day>,
}
}

flattened! {
/// A feature with its requirements (or user stories) and their scenarios.
#[derive(Debug, Clone)]
pub struct FeatureView {
    flatten pub name: Ref,
    pub description: Option<String>,
    pub priority: Option<String>,
    pub status: Option<String>,
    pub requirements: Vec<RequirementView>,
}
}

flattened! {
#[derive(Debug, Clone)]
pub struct RequirementView {
    flatten pub name: Ref,
    pub priority: Option<String>,
    pub description: Option<String>,
    pub scenarios: Vec<ScenarioView>,
}
}

flattened! {
/// An acceptance scenario: given, when, then.
#[derive(Debug, Clone)]
pub struct ScenarioView {
    flatten pub name: Ref,
    pub given: Option<String>,
    pub when: Option<String>,
    pub then: Option<String>,
}
}

#[derive(Debug, Clone, Serialize)]
pub struct CollisionView {
    pub file: String,
    pub first: TaskRef,
    pub second: TaskRef,
}

#[derive(Debug, Clone, Serialize)]
pub struct TaskRef {
    pub id: String,
    pub label: String,
    pub assignee: Option<Shared<AgentRef>>,
}

flattened! {
#[derive(Debug, Clone)]
pub struct AgentView {
    /// Its id, title, label and briefing slug.
    flatten pub agent: AgentRef,
    pub role: Option<String>,
    pub status: Option<String>,
    pub priority: Option<String>,
    /// Its tasks, in schedule order.
    pub tasks: Vec<Shared<TaskView>>,
    pub gates: Vec<Shared<GateView>>,
    pub risks: Vec<RiskView>,
    pub deliverables: Vec<Shared<DeliverableView>>,
    /// Files it shares with tasks that may run at the same time as its own.
    pub collisions: Vec<CollisionView>,
    pub is_coordinator: bool,
    /// Its tasks done, of all its tasks.
    pub done: usize,
    pub total: usize,
    /// When its last task finishes, by the schedule (days from the start,
    /// and the date when the campaign has a start date).
    pub finish: Option<f64>,
    pub finish_date: Option<Day>,
    /// Its own memory keys, then its tasks'.
    pub memory_keys: Vec<String>,
    /// The protocol steps it performs: those of every agent and its own.
    pub protocol: Vec<ProtocolStepView>,
}
}

#[derive(Debug, Clone, Serialize)]
pub struct ScheduleView {
    pub start_date: Option<Day>,
    pub finish_date: Option<Day>,
    pub total_days: f64,
    pub critical_path: Vec<TaskRef>,
    /// Every task has an estimate and a place in the schedule.
    pub complete: bool,
    /// At least one task has an estimate (otherwise there is no schedule to speak of).
    pub has_estimates: bool,
    pub unestimated: Vec<String>,
    pub unscheduled: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProgressView {
    pub done: usize,
    pub active: usize,
    pub ready: usize,
    pub blocked: usize,
    pub total: usize,
    pub percent_done: f64,
}

/// Everything a spec template sees (as `spec`), and a briefing too (plus `agent`).
#[derive(Debug, Clone, Serialize)]
pub struct SpecView {
    pub name: String,
    pub dir: String,
    pub files: Vec<FileView>,
    pub triples: usize,
    pub closure: ClosureView,
    pub findings: FindingsView,
    pub counts: Counts,
    pub campaign: CampaignView,
    pub phases: Vec<PhaseView>,
    /// Tasks that belong to no (ordered) phase.
    pub unphased_tasks: Vec<Shared<TaskView>>,
    /// Every task, in schedule order (earliest start, then phase and id).
    pub tasks: Vec<Shared<TaskView>>,
    pub gates: Vec<Shared<GateView>>,
    pub gate_counts: BTreeMap<String, usize>,
    pub metrics: Vec<MetricView>,
    pub risks: Vec<RiskView>,
    pub decisions: Vec<DecisionView>,
    /// The features, each with its requirements and their scenarios.
    pub features: Vec<FeatureView>,
    /// Requirements no feature lists.
    pub other_requirements: Vec<RequirementView>,
    /// What spec counts itself: tasks done, phases complete, agents active,
    /// gates passed (each `done` of `total`).
    pub figures: Vec<FigureView>,
    pub checks: Vec<CheckView>,
    /// Most severe first.
    pub alerts: Vec<AlertView>,
    pub protocol: Vec<ProtocolStepView>,
    pub report_templates: Vec<ReportTemplateView>,
    /// Every memory key, with whom it belongs to.
    pub memory_keys: Vec<MemoryKeyView>,
    /// The campaign's and the phases' deliverables.
    pub deliverables: Vec<ScopedDeliverableView>,
    /// Risks by impact, highest first.
    pub risk_groups: Vec<RiskGroupView>,
    /// The campaign gate's verdict, when the campaign has a gate.
    pub sign_off: Option<SignOffView>,
    pub agents: Vec<AgentView>,
    pub collisions: Vec<CollisionView>,
    pub schedule: ScheduleView,
    pub progress: ProgressView,
}

impl Flat for Ref {
    const FIELDS: usize = 3;
    fn write<S: SerializeStruct>(&self, out: &mut S) -> Result<(), S::Error> {
        out.serialize_field("id", &self.id)?;
        out.serialize_field("title", &self.title)?;
        out.serialize_field("label", &self.label)
    }
}

impl Flat for DeliverableView {
    const FIELDS: usize = 5;
    fn write<S: SerializeStruct>(&self, out: &mut S) -> Result<(), S::Error> {
        out.serialize_field("id", &self.id)?;
        out.serialize_field("title", &self.title)?;
        out.serialize_field("path", &self.path)?;
        out.serialize_field("owner", &self.owner)?;
        out.serialize_field("status", &self.status)
    }
}

impl Ref {
    pub(crate) fn of(name: &Name) -> Self {
        Self {
            id: name.id.clone(),
            title: name.title.clone(),
            label: Self::label_of(name),
        }
    }

    /// What a resource is called in prose: its title, or its id.
    pub(crate) fn label_of(name: &Name) -> String {
        name.title.as_ref().unwrap_or(&name.id).clone()
    }

    /// A reference by IRI, resolved through the model when it describes it.
    pub(crate) fn to(campaign: &Campaign, iri: &str, name: Option<&Name>) -> Self {
        match name {
            Some(name) => Self::of(name),
            None => {
                let id = campaign.id(iri);
                Self {
                    label: id.clone(),
                    id,
                    title: None,
                }
            }
        }
    }
}

/// A file-name-safe version of an id (`:agent-1` → `agent-1`): its local
/// name with every other character a dash, case kept (ids are
/// case-sensitive), for briefing file names and the exported spec node.
pub fn slug(id: &str) -> String {
    let local = id.rsplit([':', '#', '/']).next().unwrap_or(id);
    let mut out: String = local
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    out = out.trim_matches('-').to_owned();
    if out.is_empty() || out.starts_with('.') {
        out.insert_str(0, "agent");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    fn object(value: &impl Serialize) -> serde_json::Map<String, Value> {
        match serde_json::to_value(value).unwrap() {
            Value::Object(map) => map,
            other => panic!("not an object: {other}"),
        }
    }

    fn name() -> Ref {
        Ref {
            id: ":lead".into(),
            title: Some("Lead".into()),
            label: "Lead".into(),
        }
    }

    /// The hand-written `Flat` impls write exactly the fields their derived
    /// `Serialize` writes: a field added to `Ref` or `DeliverableView` and
    /// not to its `Flat` fails here.
    #[test]
    fn a_flattened_struct_writes_its_part_then_its_own_fields() {
        let agent = AgentRef {
            name: name(),
            slug: "lead".into(),
        };
        let mut expected = object(&agent.name);
        expected.insert("slug".into(), json!("lead"));
        assert_eq!(object(&agent), expected);
        let keys: Vec<_> = object(&agent).keys().cloned().collect();
        assert_eq!(keys, ["id", "label", "slug", "title"]);
        assert_eq!(<AgentRef as Flat>::FIELDS, 4);

        let deliverable = DeliverableView {
            id: ":report".into(),
            title: "Report".into(),
            path: Some("docs/report.md".into()),
            owner: Some(Shared::new(agent)),
            status: None,
        };
        let scoped = ScopedDeliverableView {
            deliverable: deliverable.clone(),
            phase: Some("Phase 1".into()),
        };
        let mut expected = object(&deliverable);
        expected.insert("phase".into(), json!("Phase 1"));
        assert_eq!(object(&scoped), expected);
        assert_eq!(
            <DeliverableView as Flat>::FIELDS,
            object(&deliverable).len()
        );
        assert_eq!(<Ref as Flat>::FIELDS, object(&name()).len());
    }
}
