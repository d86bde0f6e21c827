//! Resolving references for the view: an IRI becomes the agent, objective,
//! deliverable, gate or task it names (with its label), or at least its id.

use super::Builder;
use crate::model::gates::Verdict;
use crate::model::{Name, Task};
use crate::render::view::*;

impl Builder<'_> {
    /// The agent `iri` names: the campaign's are made once (in
    /// [`Builder::new`]) and shared by every task, deliverable, gate and
    /// risk that names them.
    pub(super) fn agent(&self, iri: &str) -> Shared<AgentRef> {
        match self.agent_refs.get(iri) {
            Some(agent) => agent.clone(),
            None => Shared::new(self.agent_ref(iri)),
        }
    }

    pub(super) fn agent_ref(&self, iri: &str) -> AgentRef {
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

    pub(super) fn objective(&self, iri: &str) -> ObjectiveView {
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

    pub(super) fn objectives(&self, iris: &[String]) -> Vec<ObjectiveView> {
        iris.iter().map(|o| self.objective(o)).collect()
    }

    pub(super) fn deliverable(&self, iri: &str) -> DeliverableView {
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

    pub(super) fn deliverable_list(&self, iris: &[String]) -> Vec<DeliverableView> {
        iris.iter().map(|d| self.deliverable(d)).collect()
    }

    /// The gate `iri` names, shared like [`Builder::agent`]'s agents.
    pub(super) fn gate_ref(&self, iri: &str) -> Shared<GateRef> {
        match self.gate_refs.get(iri) {
            Some(gate) => gate.clone(),
            None => Shared::new(self.new_gate_ref(iri)),
        }
    }

    pub(super) fn new_gate_ref(&self, iri: &str) -> GateRef {
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

    /// The task `iri` names, as a dependency: shared like [`Builder::agent`]'s agents.
    pub(super) fn dependency(&self, iri: &str) -> Shared<DependencyView> {
        match self.dependencies.get(iri) {
            Some(dependency) => dependency.clone(),
            None => Shared::new(self.new_dependency(iri)),
        }
    }

    pub(super) fn new_dependency(&self, iri: &str) -> DependencyView {
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

    /// The phase `iri` names, shared like [`Builder::agent`]'s agents.
    pub(super) fn phase_ref(&self, iri: &str) -> Shared<Ref> {
        match self.phase_refs.get(iri) {
            Some(phase) => phase.clone(),
            None => Shared::new(self.new_phase_ref(iri)),
        }
    }

    pub(super) fn new_phase_ref(&self, iri: &str) -> Ref {
        Ref::to(self.campaign, iri, self.phases.get(iri).copied())
    }
}
