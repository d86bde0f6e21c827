//! Builds the template view (`view.rs`) of one spec from its report and
//! analysis: one builder per entity. Lookups go through maps built once, so
//! building the view stays linear in the size of the spec.

mod inputs;
mod labels;
mod references;

pub use inputs::ViewInputs;

use super::view::*;
use crate::finding::{Finding, Severity};
use crate::model::calendar::{push_digits, Day};
use crate::model::gates::{GateResult, GateState, Verdict};
use crate::model::readiness::TaskState;
use crate::model::schedule::PhaseSpan;
use crate::model::{Agent, Analysis, Campaign, Decision, Name, Phase, Requirement, Risk, Task};
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::collections::{BTreeMap, BTreeSet};

impl SpecView {
    /// The view of the spec `inputs` describe.
    pub fn new(inputs: &ViewInputs) -> Self {
        Builder::new(inputs).build()
    }

    /// The parts of the view the workspace index lists; the rest is dropped.
    pub fn into_summary(self) -> Summary {
        Summary {
            name: self.name,
            title: self.campaign.title,
            dir: self.dir,
            triples: self.triples,
            closure: self.closure,
            errors: self.findings.errors,
            warnings: self.findings.warnings,
            gate_counts: self.gate_counts,
            progress: self.progress,
            schedule: self.schedule,
        }
    }
}

impl ViewInputs<'_> {
    /// What the workspace index lists of the spec, without its view: the
    /// parts are made by the code that makes them for the view
    /// ([`Builder::summary`]), with only the lookups they need.
    pub fn summary(&self) -> Summary {
        Builder::bare(self).summary()
    }
}

/// What the workspace index lists of a spec: the same parts its view holds.
pub struct Summary {
    pub name: String,
    pub title: String,
    pub dir: String,
    pub triples: usize,
    pub closure: ClosureView,
    pub errors: usize,
    pub warnings: usize,
    pub gate_counts: BTreeMap<String, usize>,
    pub progress: ProgressView,
    pub schedule: ScheduleView,
}

struct Builder<'a> {
    inputs: &'a ViewInputs<'a>,
    analysis: &'a Analysis,
    campaign: &'a Campaign,
    /// Briefing file names by agent IRI, unique even when two ids slug alike.
    slugs: BTreeMap<String, String>,
    agents: HashMap<&'a str, &'a Name>,
    phases: HashMap<&'a str, &'a Name>,
    /// Each phase's span in the schedule, by phase IRI (a phase looked its
    /// span up among all of them).
    spans: HashMap<&'a str, &'a PhaseSpan>,
    deliverables: HashMap<&'a str, &'a crate::model::Deliverable>,
    verdicts: HashMap<&'a str, Verdict>,
    /// Titles for the ids in computed prose.
    labels: labels::Labels<'a>,
    /// The campaign's resources as the view refers to them.
    made: references::Made<'a>,
}

impl<'a> Builder<'a> {
    /// A builder with the lookups the summary needs (agents' names and
    /// briefing slugs); every other reference is made where it is used.
    fn bare(inputs: &'a ViewInputs<'a>) -> Self {
        let analysis = inputs.analysis;
        let campaign = &analysis.campaign;
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
            inputs,
            analysis,
            campaign,
            labels: labels::Labels::default(),
            slugs,
            agents: campaign
                .agents
                .iter()
                .map(|a| (a.name.iri.as_str(), &a.name))
                .collect(),
            phases: HashMap::default(),
            spans: HashMap::default(),
            deliverables: HashMap::default(),
            verdicts: HashMap::default(),
            made: references::Made::default(),
        }
    }

    /// A builder with every lookup, and the campaign's resources made once.
    fn new(inputs: &'a ViewInputs<'a>) -> Self {
        let mut builder = Self::bare(inputs);
        let (analysis, campaign) = (builder.analysis, builder.campaign);
        builder.labels = labels::Labels::of(campaign);
        builder.phases = campaign
            .phases
            .iter()
            .map(|p| (p.name.iri.as_str(), &p.name))
            .collect();
        builder.spans = first_by(&analysis.schedule.phases, |s| s.phase.iri.as_str());
        builder.deliverables = campaign
            .deliverable_list
            .iter()
            .map(|d| (d.name.iri.as_str(), d))
            .collect();
        builder.verdicts = analysis
            .gates
            .gates
            .iter()
            .flat_map(|g| &g.criteria)
            .map(|c| (c.criterion.iri.as_str(), c.verdict))
            .collect();
        builder.make_references();
        builder
    }

    fn task(&self, index: usize) -> TaskView {
        let task = &self.campaign.tasks[index];
        let readiness = &self.analysis.readiness[index];
        let slot = self.analysis.schedule.slot(&task.name.iri);
        TaskView {
            name: Ref::of(&task.name),
            description: task.description.clone(),
            phase: task.phase.as_deref().map(|p| self.phase_ref(p)),
            assignee: self.agent_opt(task.assignee.as_ref()),
            status: task.status.clone(),
            progress: task.progress,
            priority: task.priority.clone(),
            estimate_days: task.estimate_days,
            readiness: readiness.state.as_str().to_owned(),
            waits_for: readiness
                .blockers
                .iter()
                .map(|b| self.labels.apply(&b.reason))
                .collect(),
            waiting_gate: readiness
                .blockers
                .iter()
                .find(|b| self.campaign.gate(&b.iri).is_some())
                .map(|b| self.gate_ref(&b.iri)),
            waits: self.waits(task, &readiness.blockers),
            memory_keys: task.memory_keys.clone(),
            depends_on: task.depends_on.iter().map(|d| self.dependency(d)).collect(),
            objectives: self.objectives(&task.objectives),
            deliverables: self.deliverable_list(&task.deliverables),
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

    /// What a task waits for, in one line: its open dependencies (all of
    /// them up to three; else how many, of which phase, and the first) and
    /// the gate it waits for.
    fn waits(&self, task: &Task, blockers: &[crate::model::readiness::Blocker]) -> Option<String> {
        if blockers.is_empty() {
            return None;
        }
        let open: Vec<Shared<DependencyView>> = task
            .depends_on
            .iter()
            .map(|d| self.dependency(d))
            .filter(|d| !d.done)
            .collect();
        let describe = |d: &Shared<DependencyView>| {
            let status = d
                .status
                .as_deref()
                .map_or("no status".to_owned(), str::to_lowercase);
            let agent = d
                .assignee
                .as_ref()
                .map_or("unassigned", |a| a.name.label.as_str());
            format!("{} ({status}, {agent})", d.label)
        };
        let mut parts: Vec<String> = Vec::new();
        if open.len() <= 3 {
            parts.extend(open.iter().map(describe));
        } else {
            let phases: BTreeSet<Option<&str>> = task
                .depends_on
                .iter()
                .filter_map(|d| self.campaign.task(d))
                .filter(|t| !t.is_done())
                .map(|t| t.phase.as_deref())
                .collect();
            let of_phase = match phases.iter().next() {
                Some(Some(phase)) if phases.len() == 1 => {
                    format!(" of {}", self.phase_ref(phase).label)
                }
                _ => String::new(),
            };
            parts.push(format!(
                "{} tasks{of_phase}, first: {}",
                open.len(),
                describe(&open[0])
            ));
        }
        if let Some(gate) = blockers
            .iter()
            .find(|b| self.campaign.gate(&b.iri).is_some())
            .map(|b| self.gate_ref(&b.iri))
        {
            let state = gate.state.as_deref().unwrap_or("unknown");
            parts.push(format!("the gate {} ({state})", gate.label));
        }
        if parts.is_empty() {
            // Blockers the lines above do not name (a dependency that is not a task).
            parts.extend(blockers.iter().map(|b| b.reason.clone()));
        }
        Some(format!("waits for {}", parts.join(" and ")))
    }

    fn gate(&self, g: &GateResult) -> GateView {
        let declared = g.declared.as_ref().map(|d| d.to_lowercase());
        let work_open: Vec<String> = g.work.open.iter().map(Ref::label_of).collect();
        GateView {
            name: Ref::of(&g.gate),
            owner: self.agent_opt(g.owner.as_ref()),
            claim_false: declared.as_deref() == Some("passed") && g.state != GateState::Passed,
            due: g.due,
            work_total: g.work.total,
            work_done: g.work.done,
            work_open_text: capped_list(&work_open, 3),
            work_open,
            declared,
            state: g.state.as_str().to_owned(),
            criteria: g
                .criteria
                .iter()
                .map(|c| {
                    let name = Ref::of(&c.criterion);
                    CriterionView {
                        id: name.id,
                        label: name.label,
                        verdict: c.verdict.as_str().to_owned(),
                        reasons: c.reasons.iter().map(|r| self.labels.apply(r)).collect(),
                    }
                })
                .collect(),
            blocking: g
                .blocking_reasons()
                .iter()
                .map(|r| self.labels.apply(r))
                .collect(),
        }
    }

    fn metrics(&self) -> Vec<MetricView> {
        let mut measurements: HashMap<&str, usize> = HashMap::default();
        for m in &self.campaign.measurements {
            *measurements.entry(m.metric.as_str()).or_default() += 1;
        }
        let view = |m: &crate::model::metrics::MetricStatus| MetricView {
            name: Ref::of(&m.metric),
            unit: m.unit.clone(),
            baseline: m.baseline,
            target: m.target,
            limit: m.limit,
            goal: m.goal_text(),
            latest: m.latest.as_ref().map(|l| l.value),
            latest_at: m.latest.as_ref().and_then(|l| l.at.clone()),
            lower_is_better: m.lower_is_better,
            improvement: m.improvement,
            state: m.state.as_str().to_owned(),
            measured_by: self
                .campaign
                .metric(&m.metric.iri)
                .map(|x| x.measured_by.clone())
                .unwrap_or_default(),
            measurements: measurements
                .get(m.metric.iri.as_str())
                .copied()
                .unwrap_or(0),
            counted: m.latest.as_ref().and_then(|l| l.measured_by.as_deref())
                == Some(crate::model::metrics::COUNTED_BY),
        };
        self.analysis.metrics.iter().map(view).collect()
    }

    fn risk(&self, r: &Risk) -> RiskView {
        RiskView {
            name: Ref::of(&r.name),
            probability: r.probability.clone(),
            impact: r.impact.clone(),
            mitigations: r.mitigations.clone(),
            owner: self.agent_opt(r.owner.as_ref()),
            status: r.status.clone(),
        }
    }

    fn decision(&self, d: &Decision) -> DecisionView {
        DecisionView {
            name: Ref::of(&d.name),
            choice: d.choice.clone(),
            context: d.context.clone(),
            alternatives: d.alternatives.clone(),
            status: d.status.clone(),
            owner: self.agent_opt(d.owner.as_ref()),
            decided_on: d.decided_on,
        }
    }

    /// `scenarios`: the position of each scenario by IRI.
    fn requirement(&self, r: &Requirement, scenarios: &HashMap<&str, usize>) -> RequirementView {
        RequirementView {
            name: Ref::of(&r.name),
            priority: r.priority.clone(),
            description: r.description.clone(),
            // In the scenarios' own order, not the order the links are written.
            scenarios: in_order(&r.scenarios, scenarios, &self.campaign.scenarios)
                .map(|s| ScenarioView {
                    name: Ref::of(&s.name),
                    given: s.given.clone(),
                    when: s.when.clone(),
                    then: s.then.clone(),
                })
                .collect(),
        }
    }

    /// The features with their requirements, and the requirements no
    /// feature lists.
    fn scope(&self) -> (Vec<FeatureView>, Vec<RequirementView>) {
        let requirements = &self.campaign.requirements;
        // Each link followed through a map: a filter of all the scenarios
        // for each requirement (and of all the requirements for each
        // feature) grows as their product.
        let scenario_at = positions(&self.campaign.scenarios, |s| &s.name);
        let requirement_at = positions(requirements, |r| &r.name);
        let features = self
            .campaign
            .features
            .iter()
            .map(|f| FeatureView {
                name: Ref::of(&f.name),
                description: f.description.clone(),
                priority: f.priority.clone(),
                status: f.status.clone(),
                requirements: in_order(&f.requirements, &requirement_at, requirements)
                    .map(|r| self.requirement(r, &scenario_at))
                    .collect(),
            })
            .collect();
        let listed: BTreeSet<&str> = self
            .campaign
            .features
            .iter()
            .flat_map(|f| f.requirements.iter().map(String::as_str))
            .collect();
        let others = requirements
            .iter()
            .filter(|r| !listed.contains(r.name.iri.as_str()))
            .map(|r| self.requirement(r, &scenario_at))
            .collect();
        (features, others)
    }

    /// The campaign's figures that spec counts itself.
    fn figures(&self, gates: &[Shared<GateView>]) -> Vec<FigureView> {
        let counts = &self.analysis.counts;
        let campaign = self.campaign;
        let figure = |label: &str, done: usize, total: usize| FigureView {
            label: label.to_owned(),
            done,
            total,
        };
        vec![
            figure("Tasks done", counts.tasks_done, campaign.tasks.len()),
            figure(
                "Phases complete",
                counts.phases_complete,
                campaign.phases.len(),
            ),
            figure("Agents active", counts.agents_active, campaign.agents.len()),
            figure("Gates passed", counts.gates_passed, gates.len()),
        ]
    }

    fn operations(
        &self,
    ) -> (
        Vec<CheckView>,
        Vec<AlertView>,
        Vec<ProtocolStepView>,
        Vec<ReportTemplateView>,
    ) {
        let campaign = self.campaign;
        let checks = campaign
            .checks
            .iter()
            .map(|c| CheckView {
                name: Ref::of(&c.name),
                commands: c.commands.clone(),
                frequency: c.frequency.clone(),
                description: c.description.clone(),
                owner: self.agent_opt(c.owner.as_ref()),
            })
            .collect();
        let alerts = campaign
            .alerts
            .iter()
            .map(|a| AlertView {
                name: Ref::of(&a.name),
                severity: a.severity.clone(),
                trigger: a.trigger.clone(),
                action: a.action.clone(),
            })
            .collect();
        let protocol = campaign
            .protocol
            .iter()
            .map(|p| ProtocolStepView {
                name: Ref::of(&p.name),
                commands: p.commands.clone(),
                frequency: p.frequency.clone(),
                description: p.description.clone(),
                performed_by: p.performed_by.iter().map(|a| self.agent(a)).collect(),
            })
            .collect();
        let templates = campaign
            .report_templates
            .iter()
            .map(|r| ReportTemplateView {
                name: Ref::of(&r.name),
                frequency: r.frequency.clone(),
                template: r.template.clone(),
                path: r.path.clone(),
                owner: self.agent_opt(r.owner.as_ref()),
                description: r.description.clone(),
            })
            .collect();
        (checks, alerts, protocol, templates)
    }

    /// Every memory key, with the label of what reports through it.
    fn memory_keys(&self) -> Vec<MemoryKeyView> {
        let campaign = self.campaign;
        let mut keys: Vec<MemoryKeyView> = Vec::new();
        let mut add = |owner: &Name, list: &[String]| {
            for key in list {
                keys.push(MemoryKeyView {
                    key: key.clone(),
                    owner: Ref::label_of(owner),
                });
            }
        };
        if let Some(name) = &campaign.name {
            add(name, &campaign.memory_keys);
        }
        for phase in &campaign.phases {
            add(&phase.name, &phase.memory_keys);
        }
        for agent in &campaign.agents {
            add(&agent.name, &agent.memory_keys);
        }
        for task in &campaign.tasks {
            add(&task.name, &task.memory_keys);
        }
        keys
    }

    /// The campaign's deliverables, then each phase's.
    fn scoped_deliverables(&self) -> Vec<ScopedDeliverableView> {
        let campaign = self.campaign;
        let mut list: Vec<ScopedDeliverableView> = campaign
            .deliverables
            .iter()
            .map(|d| ScopedDeliverableView {
                deliverable: DeliverableView::clone(&self.deliverable(d)),
                phase: None,
            })
            .collect();
        for phase in &campaign.phases {
            list.extend(phase.deliverables.iter().map(|d| ScopedDeliverableView {
                deliverable: DeliverableView::clone(&self.deliverable(d)),
                phase: Some(Ref::label_of(&phase.name)),
            }));
        }
        list
    }

    /// Risks by impact: high and critical, medium, low, then unstated.
    fn risk_groups(risks: &[RiskView]) -> Vec<RiskGroupView> {
        const GROUPS: &[(&str, &[&str])] = &[
            ("High and critical impact", &["Critical", "High"]),
            ("Medium impact", &["Medium"]),
            ("Low impact", &["Low"]),
        ];
        let mut groups: Vec<RiskGroupView> = GROUPS
            .iter()
            .map(|(label, levels)| RiskGroupView {
                label: (*label).to_owned(),
                risks: risks
                    .iter()
                    .filter(|r| r.impact.as_deref().is_some_and(|i| levels.contains(&i)))
                    .cloned()
                    .collect(),
            })
            .collect();
        let known: Vec<&str> = GROUPS.iter().flat_map(|(_, l)| l.iter().copied()).collect();
        groups.push(RiskGroupView {
            label: "Impact not stated".to_owned(),
            risks: risks
                .iter()
                .filter(|r| r.impact.as_deref().is_none_or(|i| !known.contains(&i)))
                .cloned()
                .collect(),
        });
        groups.retain(|g| !g.risks.is_empty());
        groups
    }

    /// The campaign gate as a sign-off: passed, or what is outstanding.
    fn sign_off(&self, gates: &[Shared<GateView>]) -> Option<SignOffView> {
        let iri = self.campaign.gate.as_deref()?;
        let gate = self.gate_ref(iri);
        let view = gates.iter().find(|g| g.name.id == gate.id);
        let mut outstanding: Vec<String> = Vec::new();
        if let Some(view) = view {
            if let Some(open) = &view.work_open_text {
                outstanding.push(format!(
                    "{} of {} {} open: {open}",
                    view.work_open.len(),
                    view.work_total,
                    if view.work_total == 1 {
                        "task"
                    } else {
                        "tasks"
                    },
                ));
            }
            for c in view.criteria.iter().filter(|c| c.verdict != "holds") {
                let reasons = super::filters::shorten_text(&c.reasons.join("; "), 160);
                outstanding.push(if reasons.is_empty() {
                    c.label.clone()
                } else {
                    format!("{}: {reasons}", c.label)
                });
            }
        }
        let total = outstanding.len();
        outstanding.truncate(10);
        Some(SignOffView {
            ready: gate.state.as_deref() == Some("passed"),
            owner: view.and_then(|v| v.owner.clone()),
            gate,
            outstanding,
            outstanding_total: total,
        })
    }

    /// A phase with its tasks (`members`, already in schedule order).
    fn phase(&self, phase: &Phase, members: Vec<Shared<TaskView>>) -> PhaseView {
        let done = members.iter().filter(|t| t.readiness == "done").count();
        let span = self.spans.get(phase.name.iri.as_str()).map(|s| SpanView {
            start: s.start,
            finish: s.finish,
            days: s.days,
            start_date: s.start_date,
            finish_date: s.finish_date,
            complete: s.complete,
            declared_days: s.declared_days,
            by_declared: s.by_declared,
        });
        PhaseView {
            name: Ref::of(&phase.name),
            order: phase.order,
            status: phase.status.clone(),
            description: phase.description.clone(),
            gate: phase.gate.as_deref().map(|g| self.gate_ref(g)),
            entry_gate: self
                .campaign
                .entry_gate(&phase.name.iri)
                .map(|g| self.gate_ref(g)),
            declared_days: phase.estimate_days,
            span,
            percent_done: percent(done, members.len()),
            done,
            tasks: members,
            objectives: self.objectives(&phase.objectives),
            deliverables: self.deliverable_list(&phase.deliverables),
        }
    }

    /// Earliest start first, unscheduled last; the campaign's task order
    /// among equal starts.
    fn in_schedule_order(&self, mut tasks: Vec<Shared<TaskView>>) -> Vec<Shared<TaskView>> {
        tasks.sort_by(|a, b| {
            let start = |t: &TaskView| t.start.unwrap_or(f64::MAX);
            start(a).total_cmp(&start(b))
        });
        tasks
    }

    /// Every phase in order, and the tasks of no phase, each in schedule order.
    fn phases(&self, tasks: &[Shared<TaskView>]) -> (Vec<PhaseView>, Vec<Shared<TaskView>>) {
        let mut members: HashMap<&str, Vec<Shared<TaskView>>> = HashMap::default();
        let mut unphased = Vec::new();
        for (task, view) in self.campaign.tasks.iter().zip(tasks) {
            match task.phase.as_deref() {
                Some(p) if self.phases.contains_key(p) => {
                    members.entry(p).or_default().push(view.clone())
                }
                _ => unphased.push(view.clone()),
            }
        }
        let phases = self
            .campaign
            .phases
            .iter()
            .map(|phase| {
                let tasks = members.remove(phase.name.iri.as_str()).unwrap_or_default();
                self.phase(phase, self.in_schedule_order(tasks))
            })
            .collect();
        (phases, self.in_schedule_order(unphased))
    }

    /// An agent's briefing: its tasks (in schedule order), and the gates,
    /// risks, deliverables and collisions that are its own (`shares`).
    fn agent_view(
        &self,
        a: &Agent,
        all: &Everything,
        shares: &Shares,
        my_tasks: Vec<Shared<TaskView>>,
    ) -> AgentView {
        let me = self.agent(&a.name.iri);
        let mine = |by| share(by, &me.name.id);
        let mut deliverables: Vec<Shared<DeliverableView>> = my_tasks
            .iter()
            .flat_map(|t| t.deliverables.clone())
            .chain(
                share(&shares.deliverables, &a.name.iri)
                    .iter()
                    .map(|&i| self.deliverable(&self.campaign.deliverable_list[i].name.iri)),
            )
            .collect();
        deliverables.sort_by(|x, y| x.id.cmp(&y.id));
        deliverables.dedup_by(|x, y| x.id == y.id);
        let done = my_tasks.iter().filter(|t| t.readiness == "done").count();
        let finish = my_tasks
            .iter()
            .filter_map(|t| t.finish)
            .fold(None, |latest: Option<f64>, f| {
                Some(latest.map_or(f, |l| l.max(f)))
            });
        let finish_date = my_tasks.iter().filter_map(|t| t.finish_date).max();
        AgentView {
            done,
            total: my_tasks.len(),
            finish,
            finish_date,
            memory_keys: {
                let mut keys = a.memory_keys.clone();
                let mut seen: HashSet<&str> = a.memory_keys.iter().map(String::as_str).collect();
                for key in my_tasks.iter().flat_map(|t| &t.memory_keys) {
                    if seen.insert(key) {
                        keys.push(key.clone());
                    }
                }
                keys
            },
            protocol: {
                let mut steps: Vec<usize> = shares
                    .everyone
                    .iter()
                    .chain(mine(&shares.protocol))
                    .copied()
                    .collect();
                steps.sort_unstable();
                pick(&steps, &all.protocol)
            },
            role: a.role.clone(),
            status: a.status.clone(),
            priority: a.priority.clone(),
            gates: pick(mine(&shares.gates), &all.gates),
            risks: pick(mine(&shares.risks), &all.risks),
            collisions: pick(mine(&shares.collisions), &all.collisions),
            is_coordinator: self.campaign.coordinator.as_deref() == Some(a.name.iri.as_str()),
            deliverables,
            tasks: my_tasks,
            agent: AgentRef::clone(&me),
        }
    }

    fn agents(&self, all: &Everything) -> Vec<AgentView> {
        let mut by_agent: HashMap<&str, Vec<Shared<TaskView>>> = HashMap::default();
        for task in &all.tasks {
            if let Some(assignee) = &task.assignee {
                by_agent
                    .entry(assignee.name.id.as_str())
                    .or_default()
                    .push(task.clone());
            }
        }
        let shares = Shares::of(self.campaign, all);
        self.campaign
            .agents
            .iter()
            .map(|a| {
                let agent = self.agent(&a.name.iri);
                let id = &agent.name.id;
                let mine = by_agent.get(id.as_str()).cloned().unwrap_or_default();
                self.agent_view(a, all, &shares, mine)
            })
            .collect()
    }

    fn progress(&self) -> ProgressView {
        let count = |state: TaskState| {
            self.analysis
                .readiness
                .iter()
                .filter(|r| r.state == state)
                .count()
        };
        let tasks = &self.campaign.tasks;
        let done = count(TaskState::Done);
        ProgressView {
            done,
            active: count(TaskState::Active),
            ready: count(TaskState::Ready),
            blocked: count(TaskState::Blocked),
            total: tasks.len(),
            percent_done: percent(done, tasks.len()),
        }
    }

    fn schedule(&self) -> ScheduleView {
        let schedule = &self.analysis.schedule;
        let by_id: HashMap<&str, &Task> = self
            .campaign
            .tasks
            .iter()
            .map(|t| (t.name.id.as_str(), t))
            .collect();
        let spans = first_by(&schedule.phases, |s| s.phase.id.as_str());
        ScheduleView {
            start_date: schedule.start_date,
            finish_date: schedule.finish_date,
            total_days: schedule.total_days,
            critical_path: schedule
                .critical_path
                .iter()
                .filter_map(|id| match by_id.get(id.as_str()) {
                    Some(task) => Some(self.task_ref(&task.name)),
                    // A phase whose declared duration sets the pace.
                    None => {
                        let span = spans.get(id.as_str())?;
                        let name = Ref::of(&span.phase);
                        Some(TaskRef {
                            id: name.id,
                            label: format!(
                                "{} ({} as declared)",
                                name.label,
                                crate::model::format_days(span.days)
                            ),
                            assignee: None,
                        })
                    }
                })
                .collect(),
            complete: schedule.is_complete(),
            has_estimates: schedule.has_estimates,
            unestimated: schedule.unestimated.clone(),
            unscheduled: schedule.unscheduled.clone(),
        }
    }

    fn campaign(&self, title: String) -> CampaignView {
        let campaign = self.campaign;
        CampaignView {
            id: campaign.name.as_ref().map(|n| n.id.clone()),
            title,
            description: campaign.description.clone(),
            status: campaign.status.clone(),
            coordinator: self.agent_opt(campaign.coordinator.as_ref()),
            start_date: campaign.start_date,
            target_date: campaign.target_date,
            progress: campaign.progress,
            objectives: self.objectives(&campaign.objectives),
            deliverables: self.deliverable_list(&campaign.deliverables),
        }
    }

    fn counts(&self) -> Counts {
        let c = self.campaign;
        Counts {
            phases: c.phases.len(),
            tasks: c.tasks.len(),
            agents: c.agents.len(),
            gates: c.gates.len(),
            criteria: c.criteria.len(),
            metrics: c.metrics.len(),
            measurements: c.measurements.len(),
            risks: c.risks.len(),
            decisions: c.decisions.len(),
            deliverables: c.deliverable_list.len(),
        }
    }

    fn everything(
        &self,
        tasks: Vec<Shared<TaskView>>,
        protocol: Vec<ProtocolStepView>,
    ) -> Everything {
        Everything {
            tasks: self.in_schedule_order(tasks),
            protocol,
            gates: self
                .analysis
                .gates
                .gates
                .iter()
                .map(|g| Shared::new(self.gate(g)))
                .collect(),
            risks: self.campaign.risks.iter().map(|r| self.risk(r)).collect(),
            collisions: self
                .analysis
                .collisions
                .iter()
                .map(|c| CollisionView {
                    file: c.file.clone(),
                    first: self.task_ref(&c.first),
                    second: self.task_ref(&c.second),
                })
                .collect(),
        }
    }

    /// The parts of the view the workspace index lists.
    fn summary(&self) -> Summary {
        let inputs = self.inputs;
        let mut gate_counts = BTreeMap::new();
        for state in [GateState::Passed, GateState::Failed, GateState::Pending] {
            let gates = &self.analysis.gates.gates;
            let count = gates.iter().filter(|g| g.state == state).count();
            gate_counts.insert(state.as_str().to_owned(), count);
        }
        Summary {
            name: inputs.name.to_owned(),
            title: self
                .campaign
                .name
                .as_ref()
                .and_then(|n| n.title.clone())
                .unwrap_or_else(|| inputs.name.to_owned()),
            dir: inputs.dir.clone(),
            triples: inputs.triples,
            closure: ClosureView {
                present: inputs.closure.present,
                expected: inputs.closure.expected,
                percent: inputs.closure.percent(),
                text: inputs.closure.describe(),
            },
            errors: inputs.count(Severity::Error),
            warnings: inputs.count(Severity::Warning),
            gate_counts,
            progress: self.progress(),
            schedule: self.schedule(),
        }
    }

    fn build(self) -> SpecView {
        let inputs = self.inputs;
        let campaign = self.campaign;
        let Summary {
            name,
            title,
            dir,
            triples,
            closure,
            errors,
            warnings,
            gate_counts,
            progress,
            schedule,
        } = self.summary();
        let tasks: Vec<Shared<TaskView>> = (0..campaign.tasks.len())
            .map(|i| Shared::new(self.task(i)))
            .collect();
        let (phases, unphased_tasks) = self.phases(&tasks);
        let (checks, alerts, protocol, report_templates) = self.operations();
        let all = self.everything(tasks, protocol.clone());
        let (features, other_requirements) = self.scope();
        SpecView {
            name,
            dir,
            files: inputs
                .files
                .iter()
                .map(|&(path, triples)| FileView {
                    path: path.to_owned(),
                    triples,
                })
                .collect(),
            triples,
            closure,
            findings: FindingsView {
                errors,
                warnings,
                list: inputs.findings.iter().map(finding).collect(),
            },
            counts: self.counts(),
            campaign: self.campaign(title),
            phases,
            unphased_tasks,
            agents: self.agents(&all),
            metrics: self.metrics(),
            decisions: campaign
                .decisions
                .iter()
                .map(|d| self.decision(d))
                .collect(),
            features,
            other_requirements,
            figures: self.figures(&all.gates),
            checks,
            alerts,
            protocol,
            report_templates,
            memory_keys: self.memory_keys(),
            deliverables: self.scoped_deliverables(),
            risk_groups: Self::risk_groups(&all.risks),
            sign_off: self.sign_off(&all.gates),
            schedule,
            progress,
            gate_counts,
            tasks: all.tasks,
            gates: all.gates,
            risks: all.risks,
            collisions: all.collisions,
        }
    }
}

/// Each agent's share of the lists of `Everything` and of the deliverables,
/// as positions in them, by agent id (deliverables by owner IRI): each list
/// is walked once, where each briefing used to walk all of them (with 144
/// agents and 41,000 deliverables, 144 walks of the deliverables).
struct Shares<'e> {
    gates: HashMap<&'e str, Vec<usize>>,
    risks: HashMap<&'e str, Vec<usize>>,
    collisions: HashMap<&'e str, Vec<usize>>,
    /// The steps nobody in particular performs: every agent's.
    everyone: Vec<usize>,
    protocol: HashMap<&'e str, Vec<usize>>,
    deliverables: HashMap<&'e str, Vec<usize>>,
}

impl<'e> Shares<'e> {
    fn of(campaign: &'e Campaign, all: &'e Everything) -> Self {
        let id = |owner: &'e Option<Shared<AgentRef>>| owner.as_ref().map(|o| o.name.id.as_str());
        Self {
            gates: positions_by(&all.gates, |g| id(&g.owner)),
            risks: positions_by(&all.risks, |r| id(&r.owner)),
            collisions: positions_by(&all.collisions, |c| {
                [id(&c.first.assignee), id(&c.second.assignee)]
                    .into_iter()
                    .flatten()
            }),
            everyone: (0..all.protocol.len())
                .filter(|&i| all.protocol[i].performed_by.is_empty())
                .collect(),
            protocol: positions_by(&all.protocol, |p| {
                p.performed_by.iter().map(|b| b.name.id.as_str())
            }),
            deliverables: positions_by(&campaign.deliverable_list, |d| d.owner.as_deref()),
        }
    }
}

/// Each item by `key`: the first of equal keys, as a search in order finds.
fn first_by<'e, T>(items: &'e [T], key: impl Fn(&'e T) -> &'e str) -> HashMap<&'e str, &'e T> {
    let mut by = HashMap::default();
    for item in items {
        by.entry(key(item)).or_insert(item);
    }
    by
}

/// The position of each item by IRI (the model reads each resource once:
/// IRIs do not repeat).
fn positions<'e, T>(items: &'e [T], name: impl Fn(&'e T) -> &'e Name) -> HashMap<&'e str, usize> {
    items
        .iter()
        .enumerate()
        .map(|(i, item)| (name(item).iri.as_str(), i))
        .collect()
}

/// The items `links` names, in the order of `items` (`positions`: theirs by
/// IRI), each once.
fn in_order<'e, T>(
    links: &[String],
    positions: &HashMap<&str, usize>,
    items: &'e [T],
) -> impl Iterator<Item = &'e T> {
    let mut found: Vec<usize> = links
        .iter()
        .filter_map(|l| positions.get(l.as_str()).copied())
        .collect();
    found.sort_unstable();
    found.dedup();
    found.into_iter().map(move |i| &items[i])
}

/// The positions `by` holds for `key`.
fn share<'m>(by: &'m HashMap<&str, Vec<usize>>, key: &str) -> &'m [usize] {
    by.get(key).map_or(&[], Vec::as_slice)
}

/// The items at `positions`.
fn pick<T: Clone>(positions: &[usize], items: &[T]) -> Vec<T> {
    positions.iter().map(|&i| items[i].clone()).collect()
}

/// The positions of `items` by each key `keys` gives them, in order, each
/// position once per key.
fn positions_by<'e, T, K: IntoIterator<Item = &'e str>>(
    items: &'e [T],
    keys: impl Fn(&'e T) -> K,
) -> HashMap<&'e str, Vec<usize>> {
    let mut by: HashMap<&str, Vec<usize>> = HashMap::default();
    for (i, item) in items.iter().enumerate() {
        for key in keys(item) {
            let list = by.entry(key).or_default();
            if list.last() != Some(&i) {
                list.push(i);
            }
        }
    }
    by
}

/// The lists several parts of the view draw from (an agent's briefing takes
/// its own share of each).
struct Everything {
    /// In schedule order.
    tasks: Vec<Shared<TaskView>>,
    protocol: Vec<ProtocolStepView>,
    gates: Vec<Shared<GateView>>,
    risks: Vec<RiskView>,
    collisions: Vec<CollisionView>,
}

fn finding(f: &Finding) -> FindingView {
    FindingView {
        code: f.code.clone(),
        severity: f.severity.as_str().to_owned(),
        message: f.message.clone(),
        file: f.location.as_ref().map(|l| l.file.clone()),
        line: f.location.as_ref().map(|l| l.line),
    }
}

/// `day` plus `days` (fractional), as `YYYY-MM-DD HH:mm`.
fn date_time(day: Day, days: f64) -> String {
    let minutes = (days * 24.0 * 60.0).round() as i64;
    let date = Day(day.0 + minutes.div_euclid(24 * 60));
    let rest = minutes.rem_euclid(24 * 60) as u32;
    let mut text = String::with_capacity(16);
    date.push_to(&mut text);
    text.push(' ');
    push_digits(&mut text, rest / 60, 2);
    text.push(':');
    push_digits(&mut text, rest % 60, 2);
    text
}

/// `A, B, C and 6 more`: a list cut at `keep` items.
fn capped_list(items: &[String], keep: usize) -> Option<String> {
    match items.len() {
        0 => None,
        n if n <= keep + 1 => Some(items.join(", ")),
        n => Some(format!(
            "{} and {} more",
            items[..keep].join(", "),
            n - keep
        )),
    }
}

fn percent(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        (part as f64 * 1000.0 / whole as f64).round() / 10.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gantt_times_are_dates_with_hours_and_minutes() {
        let start = Day::from_ymd(2026, 1, 31);
        assert_eq!(date_time(start, 0.0), "2026-01-31 00:00");
        assert_eq!(date_time(start, 1.5), "2026-02-01 12:00");
        assert_eq!(
            date_time(start, 0.25 / 24.0 * 4.0 + 2.0),
            "2026-02-02 01:00"
        );
        assert_eq!(date_time(start, -0.5), "2026-01-30 12:00");
        assert_eq!(date_time(start, 10.0 / 1440.0), "2026-01-31 00:10");
    }
}
