//! The template context: a typed, documented view of one spec, made for
//! templates — references are resolved to the things they name (a task's
//! assignee is an agent with an id and a title, not an IRI), lists are in a
//! stable order, and every figure is computed, never typed.
//!
//! Every field is listed in the README ("Template context"); a template that
//! names a field that does not exist fails (undefined variables are errors).

use crate::check::SpecReport;
use crate::finding::Severity;
use crate::model::calendar::Day;
use crate::model::gates::{GateState, Verdict};
use crate::model::readiness::TaskState;
use crate::model::{format_number, Analysis, Campaign, Name};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// A reference to a resource: how it is written, its title and a label
/// (the title, or the id when it has none).
#[derive(Debug, Clone, Serialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct Ref {
    pub id: String,
    pub title: Option<String>,
    pub label: String,
}

impl Ref {
    fn of(name: &Name) -> Self {
        Self {
            id: name.id.clone(),
            title: name.title.clone(),
            label: name.title.clone().unwrap_or_else(|| name.id.clone()),
        }
    }

    /// A reference by IRI, resolved through the model when it describes it.
    fn to(campaign: &Campaign, iri: &str, name: Option<&Name>) -> Self {
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

#[derive(Debug, Clone, Serialize)]
pub struct AgentRef {
    pub id: String,
    pub title: Option<String>,
    pub label: String,
    /// The file name of the agent's briefing (`briefings/<slug>.md`).
    pub slug: String,
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
    pub percent: f64,
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
    pub coordinator: Option<AgentRef>,
    pub start_date: Option<Day>,
    pub target_date: Option<Day>,
    /// Declared progress (`sg:progress`), if any.
    pub progress: Option<f64>,
    pub objectives: Vec<ObjectiveView>,
    pub deliverables: Vec<DeliverableView>,
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
    pub owner: Option<AgentRef>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DependencyView {
    pub id: String,
    pub label: String,
    pub status: Option<String>,
    pub done: bool,
    /// Who delivers it (the dependency's assignee).
    pub assignee: Option<AgentRef>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TaskView {
    pub id: String,
    pub title: Option<String>,
    pub label: String,
    pub description: Option<String>,
    pub phase: Option<Ref>,
    pub assignee: Option<AgentRef>,
    pub status: Option<String>,
    pub progress: Option<f64>,
    pub priority: Option<String>,
    pub estimate_days: Option<f64>,
    /// `done`, `ready` or `blocked`.
    pub readiness: String,
    /// What it waits for, in words.
    pub waits_for: Vec<String>,
    /// Its phase's entry gate, while that gate has not passed.
    pub waiting_gate: Option<GateRef>,
    pub depends_on: Vec<DependencyView>,
    pub objectives: Vec<ObjectiveView>,
    pub deliverables: Vec<DeliverableView>,
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

#[derive(Debug, Clone, Serialize)]
pub struct CriterionView {
    pub id: String,
    pub label: String,
    /// `holds`, `fails` or `undecided`.
    pub verdict: String,
    pub reasons: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct GateView {
    pub id: String,
    pub title: Option<String>,
    pub label: String,
    pub owner: Option<AgentRef>,
    /// What the spec declares (`passed`, `pending`, …), lower case.
    pub declared: Option<String>,
    /// `passed`, `failed` or `pending`, computed.
    pub state: String,
    /// A declared state that the computed one contradicts.
    pub claim_false: bool,
    pub criteria: Vec<CriterionView>,
    /// The criteria that keep the gate from passing, with their reasons.
    pub blocking: Vec<String>,
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
}

#[derive(Debug, Clone, Serialize)]
pub struct PhaseView {
    pub id: String,
    pub title: Option<String>,
    pub label: String,
    pub order: Option<f64>,
    pub status: Option<String>,
    pub description: Option<String>,
    /// The gate that closes it, and the gate it waits for.
    pub gate: Option<GateRef>,
    pub entry_gate: Option<GateRef>,
    pub declared_days: Option<f64>,
    pub span: Option<SpanView>,
    pub tasks: Vec<TaskView>,
    pub objectives: Vec<ObjectiveView>,
    pub deliverables: Vec<DeliverableView>,
    /// Tasks done out of tasks, and their percentage.
    pub done: usize,
    pub percent_done: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct GateRef {
    pub id: String,
    pub label: String,
    pub state: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MetricView {
    pub id: String,
    pub title: Option<String>,
    pub label: String,
    pub unit: Option<String>,
    pub baseline: Option<f64>,
    pub target: Option<f64>,
    pub latest: Option<f64>,
    pub latest_at: Option<String>,
    pub lower_is_better: bool,
    /// Baseline over latest (or the reverse when higher is better): 8.0 for 120 s → 15 s.
    pub improvement: Option<f64>,
    /// `met`, `not met` or `unmeasured`.
    pub state: String,
    pub measured_by: Vec<String>,
    pub measurements: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct RiskView {
    pub id: String,
    pub title: Option<String>,
    pub label: String,
    pub probability: Option<String>,
    pub impact: Option<String>,
    pub mitigations: Vec<String>,
    pub owner: Option<AgentRef>,
    pub status: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DecisionView {
    pub id: String,
    pub title: Option<String>,
    pub label: String,
    pub choice: Option<String>,
    pub context: Vec<String>,
    pub alternatives: Vec<String>,
    pub status: Option<String>,
    pub owner: Option<AgentRef>,
    pub decided_on: Option<Day>,
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
    pub assignee: Option<AgentRef>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AgentView {
    pub id: String,
    pub title: Option<String>,
    pub label: String,
    pub slug: String,
    pub role: Option<String>,
    pub status: Option<String>,
    pub priority: Option<String>,
    /// Its tasks, in schedule order.
    pub tasks: Vec<TaskView>,
    pub gates: Vec<GateView>,
    pub risks: Vec<RiskView>,
    pub deliverables: Vec<DeliverableView>,
    /// Files it shares with tasks that may run at the same time as its own.
    pub collisions: Vec<CollisionView>,
    pub is_coordinator: bool,
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
    pub unphased_tasks: Vec<TaskView>,
    /// Every task, in schedule order (earliest start, then phase and id).
    pub tasks: Vec<TaskView>,
    pub gates: Vec<GateView>,
    pub gate_counts: BTreeMap<String, usize>,
    pub metrics: Vec<MetricView>,
    pub risks: Vec<RiskView>,
    pub decisions: Vec<DecisionView>,
    pub agents: Vec<AgentView>,
    pub collisions: Vec<CollisionView>,
    pub schedule: ScheduleView,
    pub progress: ProgressView,
}

/// A file-name-safe version of an id (`:agent-1` → `agent-1`).
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

impl SpecView {
    pub fn new(report: &SpecReport, analysis: &Analysis) -> Self {
        Builder::new(report, analysis).build()
    }
}

struct Builder<'a> {
    report: &'a SpecReport,
    analysis: &'a Analysis,
    campaign: &'a Campaign,
    slugs: BTreeMap<String, String>,
    /// Lookups by IRI, so that building the view stays linear in the spec.
    agents: HashMap<&'a str, &'a Name>,
    deliverables: HashMap<&'a str, &'a crate::model::Deliverable>,
    verdicts: HashMap<&'a str, Verdict>,
}

impl<'a> Builder<'a> {
    fn new(report: &'a SpecReport, analysis: &'a Analysis) -> Self {
        let campaign = &analysis.campaign;
        // Unique briefing names, even when two agent ids slug alike.
        let mut slugs = BTreeMap::new();
        let mut taken = BTreeSet::new();
        for agent in &campaign.agents {
            let base = slug(&agent.name.id);
            let mut candidate = base.clone();
            let mut n = 2;
            while !taken.insert(candidate.clone()) {
                candidate = format!("{base}-{n}");
                n += 1;
            }
            slugs.insert(agent.name.iri.clone(), candidate);
        }
        Self {
            report,
            analysis,
            campaign,
            slugs,
            agents: campaign
                .agents
                .iter()
                .map(|a| (a.name.iri.as_str(), &a.name))
                .collect(),
            deliverables: campaign
                .deliverable_list
                .iter()
                .map(|d| (d.name.iri.as_str(), d))
                .collect(),
            verdicts: analysis
                .gates
                .gates
                .iter()
                .flat_map(|g| &g.criteria)
                .map(|c| (c.criterion.iri.as_str(), c.verdict))
                .collect(),
        }
    }

    fn agent(&self, iri: &str) -> AgentRef {
        let r = Ref::to(self.campaign, iri, self.agents.get(iri).copied());
        AgentRef {
            slug: self.slugs.get(iri).cloned().unwrap_or_else(|| slug(&r.id)),
            id: r.id,
            title: r.title,
            label: r.label,
        }
    }

    fn agent_opt(&self, iri: Option<&String>) -> Option<AgentRef> {
        iri.map(|i| self.agent(i))
    }

    fn objective(&self, iri: &str) -> ObjectiveView {
        match self.campaign.criterion(iri) {
            Some(c) => {
                let computed = self.verdicts.get(iri).map(|v| *v == Verdict::Holds);
                ObjectiveView {
                    title: c.name.title.clone().unwrap_or_else(|| c.name.id.clone()),
                    done: computed.unwrap_or(c.satisfied == Some(true)),
                }
            }
            None => ObjectiveView {
                title: self.campaign.id(iri),
                done: false,
            },
        }
    }

    fn deliverable(&self, iri: &str) -> DeliverableView {
        match self.deliverables.get(iri) {
            Some(d) => DeliverableView {
                id: d.name.id.clone(),
                title: d.name.title.clone().unwrap_or_else(|| d.name.id.clone()),
                path: d.path.clone(),
                owner: self.agent_opt(d.owner.as_ref()),
            },
            None => {
                let id = self.campaign.id(iri);
                DeliverableView {
                    title: id.clone(),
                    id,
                    path: None,
                    owner: None,
                }
            }
        }
    }

    fn gate_ref(&self, iri: &str) -> GateRef {
        let name = self.campaign.gate(iri).map(|g| &g.name);
        let r = Ref::to(self.campaign, iri, name);
        GateRef {
            id: r.id,
            label: r.label,
            state: self
                .analysis
                .gates
                .state(iri)
                .map(|s| s.as_str().to_owned()),
        }
    }

    fn task_ref(&self, name: &Name) -> TaskRef {
        let assignee = self
            .campaign
            .task(&name.iri)
            .and_then(|t| self.agent_opt(t.assignee.as_ref()));
        TaskRef {
            id: name.id.clone(),
            label: name.title.clone().unwrap_or_else(|| name.id.clone()),
            assignee,
        }
    }

    fn task(&self, index: usize) -> TaskView {
        let task = &self.campaign.tasks[index];
        let readiness = &self.analysis.readiness[index];
        let slot = self.analysis.schedule.slot(&task.name.iri);
        let phase = task.phase.as_ref().map(|p| {
            let name = self
                .campaign
                .phases
                .iter()
                .find(|x| &x.name.iri == p)
                .map(|x| &x.name);
            Ref::to(self.campaign, p, name)
        });
        TaskView {
            id: task.name.id.clone(),
            title: task.name.title.clone(),
            label: task
                .name
                .title
                .clone()
                .unwrap_or_else(|| task.name.id.clone()),
            description: task.description.clone(),
            phase,
            assignee: self.agent_opt(task.assignee.as_ref()),
            status: task.status.clone(),
            progress: task.progress,
            priority: task.priority.clone(),
            estimate_days: task.estimate_days,
            readiness: match readiness.state {
                TaskState::Done => "done",
                TaskState::Ready => "ready",
                TaskState::Blocked => "blocked",
            }
            .to_owned(),
            waits_for: readiness
                .blockers
                .iter()
                .map(|b| b.reason.clone())
                .collect(),
            waiting_gate: task
                .phase
                .as_deref()
                .and_then(|p| self.campaign.entry_gate(p))
                .filter(|g| {
                    self.analysis.gates.state(g) != Some(crate::model::gates::GateState::Passed)
                })
                .map(|g| self.gate_ref(g)),
            depends_on: task
                .depends_on
                .iter()
                .map(|d| {
                    let dependency = self.campaign.task(d);
                    let r = Ref::to(self.campaign, d, dependency.map(|t| &t.name));
                    DependencyView {
                        id: r.id,
                        label: r.label,
                        status: dependency.and_then(|t| t.status.clone()),
                        done: dependency.is_some_and(|t| t.is_done()),
                        assignee: dependency.and_then(|t| self.agent_opt(t.assignee.as_ref())),
                    }
                })
                .collect(),
            objectives: task.objectives.iter().map(|o| self.objective(o)).collect(),
            deliverables: task
                .deliverables
                .iter()
                .map(|d| self.deliverable(d))
                .collect(),
            touches: task.touches.clone(),
            start: slot.map(|s| s.start),
            finish: slot.map(|s| s.finish),
            start_date: slot.and_then(|s| s.start_date),
            finish_date: slot.and_then(|s| s.finish_date),
            critical: slot.is_some_and(|s| s.critical),
            gantt_start: match (self.analysis.schedule.start_date, slot) {
                (Some(day), Some(slot)) => Some(date_time(day, slot.start)),
                _ => None,
            },
            gantt_hours: slot.map_or(0, |s| ((s.finish - s.start) * 24.0).round().max(0.0) as u64),
        }
    }

    fn gates(&self) -> Vec<GateView> {
        self.analysis
            .gates
            .gates
            .iter()
            .map(|g| {
                let declared = g.declared.as_ref().map(|d| d.to_lowercase());
                GateView {
                    id: g.gate.id.clone(),
                    title: g.gate.title.clone(),
                    label: g.gate.title.clone().unwrap_or_else(|| g.gate.id.clone()),
                    owner: self.agent_opt(g.owner.as_ref()),
                    claim_false: declared.as_deref() == Some("passed")
                        && g.state == GateState::Failed,
                    declared,
                    state: g.state.as_str().to_owned(),
                    criteria: g
                        .criteria
                        .iter()
                        .map(|c| CriterionView {
                            id: c.criterion.id.clone(),
                            label: c
                                .criterion
                                .title
                                .clone()
                                .unwrap_or_else(|| c.criterion.id.clone()),
                            verdict: match c.verdict {
                                Verdict::Holds => "holds",
                                Verdict::Fails => "fails",
                                Verdict::Undecided => "undecided",
                            }
                            .to_owned(),
                            reasons: c.reasons.clone(),
                        })
                        .collect(),
                    blocking: g.blocking_reasons(),
                }
            })
            .collect()
    }

    fn metrics(&self) -> Vec<MetricView> {
        self.analysis
            .metrics
            .iter()
            .map(|m| {
                let metric = self.campaign.metric(&m.metric.iri);
                MetricView {
                    id: m.metric.id.clone(),
                    title: m.metric.title.clone(),
                    label: m
                        .metric
                        .title
                        .clone()
                        .unwrap_or_else(|| m.metric.id.clone()),
                    unit: m.unit.clone(),
                    baseline: m.baseline,
                    target: m.target,
                    latest: m.latest.as_ref().map(|l| l.value),
                    latest_at: m.latest.as_ref().and_then(|l| l.at.clone()),
                    lower_is_better: m.lower_is_better,
                    improvement: m.improvement,
                    state: m.state.as_str().to_owned(),
                    measured_by: metric.map(|x| x.measured_by.clone()).unwrap_or_default(),
                    measurements: self
                        .campaign
                        .measurements
                        .iter()
                        .filter(|x| x.metric == m.metric.iri)
                        .count(),
                }
            })
            .collect()
    }

    fn risks(&self) -> Vec<RiskView> {
        self.campaign
            .risks
            .iter()
            .map(|r| RiskView {
                id: r.name.id.clone(),
                title: r.name.title.clone(),
                label: r.name.title.clone().unwrap_or_else(|| r.name.id.clone()),
                probability: r.probability.clone(),
                impact: r.impact.clone(),
                mitigations: r.mitigations.clone(),
                owner: self.agent_opt(r.owner.as_ref()),
                status: r.status.clone(),
            })
            .collect()
    }

    fn build(self) -> SpecView {
        let report = self.report;
        let campaign = self.campaign;
        let analysis = self.analysis;
        let tasks: Vec<TaskView> = (0..campaign.tasks.len()).map(|i| self.task(i)).collect();
        let gates = self.gates();
        let risks = self.risks();
        let collisions: Vec<CollisionView> = analysis
            .collisions
            .iter()
            .map(|c| CollisionView {
                file: c.file.clone(),
                first: self.task_ref(&c.first),
                second: self.task_ref(&c.second),
            })
            .collect();

        let mut phases = Vec::new();
        let mut in_phase = vec![false; tasks.len()];
        for phase in &campaign.phases {
            let members: Vec<TaskView> = campaign
                .tasks
                .iter()
                .enumerate()
                .filter(|(_, t)| t.phase.as_deref() == Some(phase.name.iri.as_str()))
                .map(|(i, _)| {
                    in_phase[i] = true;
                    tasks[i].clone()
                })
                .collect();
            let members = in_schedule_order(members);
            let done = members.iter().filter(|t| t.readiness == "done").count();
            let span = analysis
                .schedule
                .phases
                .iter()
                .find(|s| s.phase.iri == phase.name.iri)
                .map(|s| SpanView {
                    start: s.start,
                    finish: s.finish,
                    days: s.days,
                    start_date: s.start_date,
                    finish_date: s.finish_date,
                    complete: s.complete,
                });
            phases.push(PhaseView {
                id: phase.name.id.clone(),
                title: phase.name.title.clone(),
                label: phase
                    .name
                    .title
                    .clone()
                    .unwrap_or_else(|| phase.name.id.clone()),
                order: phase.order,
                status: phase.status.clone(),
                description: phase.description.clone(),
                gate: phase.gate.as_deref().map(|g| self.gate_ref(g)),
                entry_gate: campaign
                    .entry_gate(&phase.name.iri)
                    .map(|g| self.gate_ref(g)),
                declared_days: phase.estimate_days,
                span,
                percent_done: percent(done, members.len()),
                done,
                tasks: members,
                objectives: phase.objectives.iter().map(|o| self.objective(o)).collect(),
                deliverables: phase
                    .deliverables
                    .iter()
                    .map(|d| self.deliverable(d))
                    .collect(),
            });
        }
        let unphased_tasks = in_schedule_order(
            tasks
                .iter()
                .enumerate()
                .filter(|(i, _)| !in_phase[*i])
                .map(|(_, t)| t.clone())
                .collect(),
        );
        let all_tasks = in_schedule_order(tasks.clone());

        let agents = campaign
            .agents
            .iter()
            .map(|a| {
                let me = self.agent(&a.name.iri);
                let mine = |owner: &Option<AgentRef>| owner.as_ref().is_some_and(|o| o.id == me.id);
                let my_tasks: Vec<TaskView> = all_tasks
                    .iter()
                    .filter(|t| mine(&t.assignee))
                    .cloned()
                    .collect();
                let mut deliverables: Vec<DeliverableView> = my_tasks
                    .iter()
                    .flat_map(|t| t.deliverables.clone())
                    .chain(
                        campaign
                            .deliverable_list
                            .iter()
                            .filter(|d| d.owner.as_deref() == Some(a.name.iri.as_str()))
                            .map(|d| self.deliverable(&d.name.iri)),
                    )
                    .collect();
                deliverables.sort_by(|x, y| x.id.cmp(&y.id));
                deliverables.dedup_by(|x, y| x.id == y.id);
                AgentView {
                    id: me.id.clone(),
                    title: me.title.clone(),
                    label: me.label.clone(),
                    slug: me.slug.clone(),
                    role: a.role.clone(),
                    status: a.status.clone(),
                    priority: a.priority.clone(),
                    gates: gates.iter().filter(|g| mine(&g.owner)).cloned().collect(),
                    risks: risks.iter().filter(|r| mine(&r.owner)).cloned().collect(),
                    collisions: collisions
                        .iter()
                        .filter(|c| mine(&c.first.assignee) || mine(&c.second.assignee))
                        .cloned()
                        .collect(),
                    is_coordinator: campaign.coordinator.as_deref() == Some(a.name.iri.as_str()),
                    deliverables,
                    tasks: my_tasks,
                }
            })
            .collect();

        let mut gate_counts = BTreeMap::new();
        for state in ["passed", "failed", "pending"] {
            gate_counts.insert(
                state.to_owned(),
                gates.iter().filter(|g| g.state == state).count(),
            );
        }
        let count = |state: TaskState| {
            analysis
                .readiness
                .iter()
                .filter(|r| r.state == state)
                .count()
        };
        let done = count(TaskState::Done);
        let progress = ProgressView {
            done,
            active: campaign
                .tasks
                .iter()
                .filter(|t| t.status.as_deref() == Some("Active"))
                .count(),
            ready: count(TaskState::Ready),
            blocked: count(TaskState::Blocked),
            total: campaign.tasks.len(),
            percent_done: percent(done, campaign.tasks.len()),
        };
        let schedule = &analysis.schedule;
        let schedule_view = ScheduleView {
            start_date: schedule.start_date,
            finish_date: schedule.finish_date,
            total_days: schedule.total_days,
            critical_path: schedule
                .critical_path
                .iter()
                .filter_map(|id| campaign.tasks.iter().find(|t| &t.name.id == id))
                .map(|t| self.task_ref(&t.name))
                .collect(),
            complete: schedule.is_complete(),
            has_estimates: campaign.tasks.iter().any(|t| t.estimate_days.is_some()),
            unestimated: schedule.unestimated.clone(),
            unscheduled: schedule.unscheduled.clone(),
        };
        let campaign_view = CampaignView {
            id: campaign.name.as_ref().map(|n| n.id.clone()),
            title: campaign
                .name
                .as_ref()
                .and_then(|n| n.title.clone())
                .unwrap_or_else(|| report.spec.name.clone()),
            description: campaign.description.clone(),
            status: campaign.status.clone(),
            coordinator: self.agent_opt(campaign.coordinator.as_ref()),
            start_date: campaign.start_date,
            target_date: campaign.target_date,
            progress: campaign.progress,
            objectives: campaign
                .objectives
                .iter()
                .map(|o| self.objective(o))
                .collect(),
            deliverables: campaign
                .deliverables
                .iter()
                .map(|d| self.deliverable(d))
                .collect(),
        };
        let findings = FindingsView {
            errors: report.count(Severity::Error),
            warnings: report.count(Severity::Warning),
            list: report
                .findings
                .iter()
                .map(|f| FindingView {
                    code: f.code.clone(),
                    severity: f.severity.as_str().to_owned(),
                    message: f.message.clone(),
                    file: f.location.as_ref().map(|l| l.file.clone()),
                    line: f.location.as_ref().map(|l| l.line),
                })
                .collect(),
        };
        let decisions = campaign
            .decisions
            .iter()
            .map(|d| DecisionView {
                id: d.name.id.clone(),
                title: d.name.title.clone(),
                label: d.name.title.clone().unwrap_or_else(|| d.name.id.clone()),
                choice: d.choice.clone(),
                context: d.context.clone(),
                alternatives: d.alternatives.clone(),
                status: d.status.clone(),
                owner: self.agent_opt(d.owner.as_ref()),
                decided_on: d.decided_on,
            })
            .collect();
        SpecView {
            name: report.spec.name.clone(),
            dir: crate::load::display_path(&report.spec.dir),
            files: report
                .spec
                .files
                .iter()
                .map(|f| FileView {
                    path: f.display.clone(),
                    triples: f.triple_count,
                })
                .collect(),
            triples: report.spec.triple_count,
            closure: ClosureView {
                present: report.closure.present,
                expected: report.closure.expected,
                percent: report.closure.percent(),
            },
            findings,
            counts: Counts {
                phases: campaign.phases.len(),
                tasks: campaign.tasks.len(),
                agents: campaign.agents.len(),
                gates: campaign.gates.len(),
                criteria: campaign.criteria.len(),
                metrics: campaign.metrics.len(),
                measurements: campaign.measurements.len(),
                risks: campaign.risks.len(),
                decisions: campaign.decisions.len(),
                deliverables: campaign.deliverable_list.len(),
            },
            campaign: campaign_view,
            phases,
            unphased_tasks,
            tasks: all_tasks,
            gates,
            gate_counts,
            metrics: self.metrics(),
            risks,
            decisions,
            agents,
            collisions,
            schedule: schedule_view,
            progress,
        }
    }
}

/// `day` plus `days` (fractional), as `YYYY-MM-DD HH:mm`.
fn date_time(day: Day, days: f64) -> String {
    let minutes = (days * 24.0 * 60.0).round() as i64;
    let date = Day(day.0 + minutes.div_euclid(24 * 60));
    let rest = minutes.rem_euclid(24 * 60);
    format!("{date} {:02}:{:02}", rest / 60, rest % 60)
}

fn percent(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        (part as f64 * 1000.0 / whole as f64).round() / 10.0
    }
}

/// Earliest start first; unscheduled tasks last; then by id.
fn in_schedule_order(mut tasks: Vec<TaskView>) -> Vec<TaskView> {
    tasks.sort_by(|a, b| {
        let key = |t: &TaskView| t.start.unwrap_or(f64::MAX);
        key(a).total_cmp(&key(b)).then_with(|| a.id.cmp(&b.id))
    });
    tasks
}

/// `2.4 days`, `1 day`.
pub fn days_text(value: f64) -> String {
    let unit = if value == 1.0 { "day" } else { "days" };
    format!("{} {unit}", format_number(value))
}
