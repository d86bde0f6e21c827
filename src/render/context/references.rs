//! Resolving references for the view: an IRI becomes the agent, objective,
//! deliverable, gate or task it names (with its label), or at least its id.

use super::Builder;
use crate::model::gates::Verdict;
use crate::model::{Name, Task};
use crate::render::view::*;

impl Builder<'_> {
    pub(super) fn agent(&self, iri: &str) -> AgentRef {
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

    pub(super) fn agent_opt(&self, iri: Option<&String>) -> Option<AgentRef> {
        iri.map(|i| self.agent(i))
    }

    pub(super) fn objective(&self, iri: &str) -> ObjectiveView {
        match self.campaign.criterion(iri) {
            Some(c) => {
                let computed = self.verdicts.get(iri).map(|v| *v == Verdict::Holds);
                ObjectiveView {
                    title: Ref::of(&c.name).label,
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
                title: Ref::of(&d.name).label,
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

    pub(super) fn gate_ref(&self, iri: &str) -> GateRef {
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

    pub(super) fn dependency(&self, iri: &str) -> DependencyView {
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
}
