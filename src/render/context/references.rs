//! Resolving references for the view: an IRI becomes the agent, objective,
//! deliverable, gate or task it names (with its label), or at least its id.
//!
//! The campaign's own resources are made once per view ([`Made`]) and
//! shared ([`Shared`]) by every part that names them: made for each
//! reference, they were a third of building a view, and the render cache's
//! fingerprint wrote every copy (callgrind, building the views of 100
//! generated specs: 64 M instructions before, 41 M with agents, gates,
//! phases and dependencies shared).

use super::Builder;
use crate::model::gates::Verdict;
use crate::model::{Name, Task};
use crate::render::view::*;
use rustc_hash::FxHashMap as HashMap;

/// The campaign's agents, gates, phases, tasks (as dependencies), criteria
/// (as objectives) and deliverables as the view refers to them, by IRI.
#[derive(Default)]
pub(super) struct Made<'a> {
    agents: HashMap<&'a str, Shared<AgentRef>>,
    gates: HashMap<&'a str, Shared<GateRef>>,
    phases: HashMap<&'a str, Shared<Ref>>,
    dependencies: HashMap<&'a str, Shared<DependencyView>>,
    objectives: HashMap<&'a str, Shared<ObjectiveView>>,
    deliverables: HashMap<&'a str, Shared<DeliverableView>>,
}

/// One part for each resource of `names`, made by `make` from its IRI.
fn once_each<'a, T>(
    names: impl ExactSizeIterator<Item = &'a Name>,
    make: impl Fn(&str) -> T,
) -> HashMap<&'a str, Shared<T>> {
    let mut made = HashMap::with_capacity_and_hasher(names.len(), Default::default());
    for name in names {
        let iri = name.iri.as_str();
        made.entry(iri).or_insert_with(|| Shared::new(make(iri)));
    }
    made
}

/// The part `made` holds for `iri`, or else one `make` makes now.
fn shared<T>(made: &HashMap<&str, Shared<T>>, iri: &str, make: impl FnOnce() -> T) -> Shared<T> {
    match made.get(iri) {
        Some(part) => part.clone(),
        None => Shared::new(make()),
    }
}

impl Builder<'_> {
    /// Makes every resource of the campaign, as a reference to it is made
    /// (agents first: the others name them).
    pub(super) fn make_references(&mut self) {
        let campaign = self.campaign;
        self.made.agents = once_each(campaign.agents.iter().map(|a| &a.name), |iri| {
            self.new_agent(iri)
        });
        self.made.gates = once_each(campaign.gates.iter().map(|g| &g.name), |iri| {
            self.new_gate_ref(iri)
        });
        self.made.phases = once_each(campaign.phases.iter().map(|p| &p.name), |iri| {
            self.new_phase_ref(iri)
        });
        self.made.dependencies = once_each(campaign.tasks.iter().map(|t| &t.name), |iri| {
            self.new_dependency(iri)
        });
        self.made.objectives = once_each(campaign.criteria.iter().map(|c| &c.name), |iri| {
            self.new_objective(iri)
        });
        self.made.deliverables =
            once_each(campaign.deliverable_list.iter().map(|d| &d.name), |iri| {
                self.new_deliverable(iri)
            });
    }

    pub(super) fn agent(&self, iri: &str) -> Shared<AgentRef> {
        shared(&self.made.agents, iri, || self.new_agent(iri))
    }

    fn new_agent(&self, iri: &str) -> AgentRef {
        let name = Ref::to(self.campaign, iri, self.agents.get(iri).copied());
        AgentRef {
            slug: self
                .slugs
                .get(iri)
                .cloned()
                .unwrap_or_else(|| slug(&name.id)),
            name,
        }
    }

    pub(super) fn agent_opt(&self, iri: Option<&String>) -> Option<Shared<AgentRef>> {
        iri.map(|i| self.agent(i))
    }

    pub(super) fn objective(&self, iri: &str) -> Shared<ObjectiveView> {
        shared(&self.made.objectives, iri, || self.new_objective(iri))
    }

    fn new_objective(&self, iri: &str) -> ObjectiveView {
        match self.campaign.criterion(iri) {
            Some(c) => {
                let computed = self.verdicts.get(iri).map(|v| *v == Verdict::Holds);
                ObjectiveView {
                    title: Ref::label_of(&c.name),
                    done: computed.unwrap_or(c.satisfied == Some(true)),
                }
            }
            None => ObjectiveView {
                title: self.campaign.id(iri),
                done: false,
            },
        }
    }

    pub(super) fn objectives(&self, iris: &[String]) -> Vec<Shared<ObjectiveView>> {
        iris.iter().map(|o| self.objective(o)).collect()
    }

    pub(super) fn deliverable(&self, iri: &str) -> Shared<DeliverableView> {
        shared(&self.made.deliverables, iri, || self.new_deliverable(iri))
    }

    fn new_deliverable(&self, iri: &str) -> DeliverableView {
        match self.deliverables.get(iri) {
            Some(d) => DeliverableView {
                id: d.name.id.clone(),
                title: Ref::label_of(&d.name),
                path: d.path.clone(),
                owner: self.agent_opt(d.owner.as_ref()),
                status: d.status.clone(),
            },
            None => {
                let id = self.campaign.id(iri);
                DeliverableView {
                    title: id.clone(),
                    id,
                    path: None,
                    owner: None,
                    status: None,
                }
            }
        }
    }

    pub(super) fn deliverable_list(&self, iris: &[String]) -> Vec<Shared<DeliverableView>> {
        iris.iter().map(|d| self.deliverable(d)).collect()
    }

    pub(super) fn gate_ref(&self, iri: &str) -> Shared<GateRef> {
        shared(&self.made.gates, iri, || self.new_gate_ref(iri))
    }

    fn new_gate_ref(&self, iri: &str) -> GateRef {
        let name = Ref::to(self.campaign, iri, self.campaign.gate(iri).map(|g| &g.name));
        GateRef {
            id: name.id,
            label: name.label,
            state: self
                .analysis
                .gates
                .state(iri)
                .map(|s| s.as_str().to_owned()),
        }
    }

    pub(super) fn task_ref(&self, name: &Name) -> TaskRef {
        let assignee = self
            .campaign
            .task(&name.iri)
            .and_then(|t| self.agent_opt(t.assignee.as_ref()));
        let name = Ref::of(name);
        TaskRef {
            id: name.id,
            label: name.label,
            assignee,
        }
    }

    /// The task `iri` names, as something another task depends on.
    pub(super) fn dependency(&self, iri: &str) -> Shared<DependencyView> {
        shared(&self.made.dependencies, iri, || self.new_dependency(iri))
    }

    fn new_dependency(&self, iri: &str) -> DependencyView {
        let dependency = self.campaign.task(iri);
        let name = Ref::to(self.campaign, iri, dependency.map(|t| &t.name));
        DependencyView {
            id: name.id,
            label: name.label,
            status: dependency.and_then(|t| t.status.clone()),
            done: dependency.is_some_and(Task::is_done),
            assignee: dependency.and_then(|t| self.agent_opt(t.assignee.as_ref())),
        }
    }

    pub(super) fn phase_ref(&self, iri: &str) -> Shared<Ref> {
        shared(&self.made.phases, iri, || self.new_phase_ref(iri))
    }

    fn new_phase_ref(&self, iri: &str) -> Ref {
        Ref::to(self.campaign, iri, self.phases.get(iri).copied())
    }
}
