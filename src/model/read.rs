//! Reading the campaign from a loaded spec's triples: one reader per kind of
//! resource. A spec need not be complete: absent links stay `None` (closure
//! reports them); several campaigns merge into one view.

use super::align::Alignment;
use super::graph::{sg, Graph, Sg};
use super::*;
use crate::check::functions::Prefixes;
use crate::load::Spec;
use oxigraph::model::{NamedNode, Term};

/// The spec's triples indexed by subject, with the `sg:` accessors the
/// readers share.
struct Reader<'a> {
    graph: Graph<'a>,
    prefixes: &'a Prefixes,
    hours_per_day: f64,
}

/// A status written as text by another vocabulary (`"Complete"`,
/// `"In Progress"`), as the `sg:` status it means; other text as written.
fn status_from_text(text: &str) -> String {
    let key: String = text
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    let status = match key.as_str() {
        "done" | "complete" | "completed" | "finished" | "closed" => "Done",
        "active" | "inprogress" | "started" | "doing" | "ongoing" => "Active",
        "blocked" => "Blocked",
        "pending" | "todo" | "open" | "planned" | "notstarted" | "draft" => "Pending",
        "passed" => "Passed",
        "failed" => "Failed",
        _ => return text.to_owned(),
    };
    status.to_owned()
}

impl Reader<'_> {
    fn name(&self, node: &NamedNode) -> Name {
        Name::read(&self.graph, self.prefixes, node)
    }
    fn iri(&self, s: &NamedNode, p: &str) -> Option<String> {
        self.graph.iri(s, &Sg(p)).map(|n| n.as_str().to_owned())
    }
    fn iris(&self, s: &NamedNode, p: &str) -> Vec<String> {
        let iris = self.graph.iris(s, &Sg(p));
        iris.into_iter().map(|n| n.as_str().to_owned()).collect()
    }
    fn day(&self, s: &NamedNode, p: &str) -> Option<calendar::Day> {
        let date = self.graph.date(s, &Sg(p))?;
        Some(calendar::Day::from_date(&date))
    }
    fn text(&self, s: &NamedNode, p: &str) -> Option<String> {
        self.graph.text(s, &Sg(p))
    }
    fn texts(&self, s: &NamedNode, p: &str) -> Vec<String> {
        self.graph.texts(s, &Sg(p))
    }
    fn local(&self, s: &NamedNode, p: &str) -> Option<String> {
        self.graph.local(s, &Sg(p))
    }
    fn number(&self, s: &NamedNode, p: &str) -> Option<f64> {
        self.graph.number(s, &Sg(p))
    }
    /// An IRI, or the text an aligned vocabulary gives instead.
    fn iri_or_text(&self, s: &NamedNode, p: &str) -> Option<String> {
        self.iri(s, p)
            .or_else(|| self.graph.aligned_text(s, &Sg(p)))
    }
    /// A level or status's local name, or the text an aligned vocabulary gives.
    fn local_or_text(&self, s: &NamedNode, p: &str) -> Option<String> {
        self.local(s, p)
            .or_else(|| self.graph.aligned_text(s, &Sg(p)))
    }
    fn status(&self, s: &NamedNode) -> Option<String> {
        self.local(s, "status").or_else(|| {
            self.graph
                .aligned_text(s, &Sg("status"))
                .map(|t| status_from_text(&t))
        })
    }
    /// `sg:estimateDays`, else `sg:estimateHours` in working days.
    fn estimate_days(&self, s: &NamedNode) -> Option<f64> {
        self.number(s, "estimateDays")
            .or_else(|| Some(self.number(s, "estimateHours")? / self.hours_per_day))
    }
    /// Every instance of `sg:<class>`, read by `read`.
    fn all<T>(&self, class: &str, read: impl Fn(&Self, &NamedNode) -> Option<T>) -> Vec<T> {
        let instances = self.graph.instances(&sg(class));
        instances.iter().filter_map(|n| read(self, n)).collect()
    }

    fn phase(&self, p: &NamedNode) -> Option<Phase> {
        Some(Phase {
            name: self.name(p),
            order: self.number(p, "order"),
            gate: self.iri(p, "gate"),
            status: self.status(p),
            estimate_days: self.estimate_days(p),
            start_date: self.day(p, "startDate"),
            target_date: self.day(p, "targetDate"),
            description: self.text(p, "description"),
            progress: self.number(p, "progress"),
            objectives: self.iris(p, "objective"),
            deliverables: self.iris(p, "deliverable"),
            memory_keys: self.texts(p, "memoryKey"),
        })
    }

    fn task(&self, t: &NamedNode) -> Option<Task> {
        Some(Task {
            name: self.name(t),
            phase: self.iri(t, "phase"),
            order: self.number(t, "order"),
            assignee: self.iri_or_text(t, "assignee"),
            status: self.status(t),
            progress: self.number(t, "progress"),
            estimate_days: self.estimate_days(t),
            depends_on: self.iris(t, "dependsOn"),
            touches: self.texts(t, "touches"),
            gate: self.iri(t, "gate"),
            description: self.text(t, "description"),
            priority: self.local_or_text(t, "priority"),
            objectives: self.iris(t, "objective"),
            deliverables: self.iris(t, "deliverable"),
            requirements: self.iris(t, "requirement"),
            memory_keys: self.texts(t, "memoryKey"),
        })
    }

    fn gate(&self, g: &NamedNode) -> Option<Gate> {
        Some(Gate {
            name: self.name(g),
            owner: self.iri(g, "owner"),
            order: self.number(g, "order"),
            status: self.status(g),
            criteria: self.iris(g, "criterion"),
        })
    }

    fn criterion(&self, c: &NamedNode) -> Option<Criterion> {
        Some(Criterion {
            name: self.name(c),
            order: self.number(c, "order"),
            satisfied: self.graph.boolean(c, &Sg("satisfied")),
            metric: self.iri(c, "metric"),
            comparator: self.text(c, "comparator"),
            threshold: self.number(c, "threshold"),
            condition: self.text(c, "condition"),
            requires: self.iris(c, "requires"),
        })
    }

    fn metric(&self, m: &NamedNode) -> Option<Metric> {
        Some(Metric {
            name: self.name(m),
            unit: self.text(m, "unit"),
            baseline: self.number(m, "baseline"),
            target: self.number(m, "target"),
            limit: self.number(m, "limit"),
            direction: self.local(m, "direction"),
            measured_by: self.texts(m, "measuredBy"),
            counts: self.local(m, "counts"),
        })
    }

    /// A measurement without a metric or a value is left out.
    fn measurement(&self, m: &NamedNode) -> Option<Measurement> {
        Some(Measurement {
            name: self.name(m),
            metric: self.iri(m, "metric")?,
            value: self.number(m, "value")?,
            unit: self.text(m, "unit"),
            at: self.text(m, "at"),
            measured_by: self.text(m, "measuredBy"),
            commit: self.text(m, "commit"),
        })
    }

    fn agent(&self, a: &NamedNode) -> Option<Agent> {
        Some(Agent {
            name: self.name(a),
            role: self.text(a, "role"),
            status: self.status(a),
            priority: self.local(a, "priority"),
            order: self.number(a, "order"),
            memory_keys: self.texts(a, "memoryKey"),
        })
    }

    fn risk(&self, r: &NamedNode) -> Option<Risk> {
        // A level (`sg:High`) or a probability as a number.
        let probability = self.graph.object(r, &Sg("probability")).map(|t| match t {
            Term::NamedNode(n) => crate::load::local_name(n.as_str()).to_owned(),
            Term::Literal(l) => l.value().to_owned(),
            other => other.to_string(),
        });
        Some(Risk {
            name: self.name(r),
            probability,
            impact: self.local(r, "impact"),
            mitigations: self.texts(r, "mitigation"),
            owner: self.iri(r, "owner"),
            status: self.status(r),
            description: self.text(r, "description"),
        })
    }

    fn decision(&self, d: &NamedNode) -> Option<Decision> {
        Some(Decision {
            name: self.name(d),
            choice: self.text(d, "choice"),
            context: self.texts(d, "context"),
            alternatives: self.texts(d, "alternative"),
            status: self.status(d),
            owner: self.iri(d, "owner"),
            decided_on: self.day(d, "decidedOn"),
        })
    }

    fn deliverable(&self, d: &NamedNode) -> Option<Deliverable> {
        Some(Deliverable {
            name: self.name(d),
            path: self.text(d, "path"),
            owner: self.iri(d, "owner"),
            status: self.status(d),
        })
    }

    fn check(&self, c: &NamedNode) -> Option<Check> {
        Some(Check {
            name: self.name(c),
            order: self.number(c, "order"),
            commands: self.texts(c, "command"),
            frequency: self.text(c, "frequency"),
            description: self.text(c, "description"),
            owner: self.iri(c, "owner"),
        })
    }

    fn alert(&self, a: &NamedNode) -> Option<Alert> {
        Some(Alert {
            name: self.name(a),
            severity: self.local(a, "severity"),
            trigger: self.text(a, "trigger"),
            action: self.text(a, "action"),
        })
    }

    fn protocol_step(&self, p: &NamedNode) -> Option<ProtocolStep> {
        Some(ProtocolStep {
            name: self.name(p),
            order: self.number(p, "order"),
            commands: self.texts(p, "command"),
            frequency: self.text(p, "frequency"),
            description: self.text(p, "description"),
            performed_by: self.iris(p, "performedBy"),
        })
    }

    fn report_template(&self, r: &NamedNode) -> Option<ReportTemplate> {
        Some(ReportTemplate {
            name: self.name(r),
            frequency: self.text(r, "frequency"),
            template: self.text(r, "template"),
            path: self.text(r, "path"),
            owner: self.iri(r, "owner"),
            description: self.text(r, "description"),
        })
    }

    fn feature(&self, f: &NamedNode) -> Option<Feature> {
        Some(Feature {
            name: self.name(f),
            description: self.text(f, "description"),
            priority: self.local_or_text(f, "priority"),
            status: self.status(f),
            requirements: self.iris(f, "requirement"),
        })
    }

    fn requirement(&self, r: &NamedNode) -> Option<Requirement> {
        Some(Requirement {
            name: self.name(r),
            order: self.number(r, "order"),
            priority: self.local_or_text(r, "priority"),
            description: self.text(r, "description"),
            scenarios: self.iris(r, "scenario"),
        })
    }

    fn scenario(&self, s: &NamedNode) -> Option<Scenario> {
        Some(Scenario {
            name: self.name(s),
            order: self.number(s, "order"),
            given: self.text(s, "given"),
            when: self.text(s, "when"),
            then: self.text(s, "then"),
        })
    }
}

/// In `sg:order`, resources without one last; then by IRI.
fn by_order<T>(items: &mut [T], key: impl Fn(&T) -> (Option<f64>, &str)) {
    items.sort_by(|a, b| {
        let (a, b) = (key(a), key(b));
        a.0.unwrap_or(f64::MAX)
            .total_cmp(&b.0.unwrap_or(f64::MAX))
            .then_with(|| a.1.cmp(b.1))
    });
}

/// Tasks in the order a campaign reads: by phase (`sg:order` of the phase,
/// tasks of no phase last), then the task's own `sg:order`, then along the
/// dependencies (a task after those it depends on), then by IRI.
fn in_task_order(tasks: Vec<Task>, phases: &[Phase]) -> Vec<Task> {
    let phase: HashMap<&str, usize> = phases
        .iter()
        .enumerate()
        .map(|(i, p)| (p.name.iri.as_str(), i))
        .collect();
    let index: HashMap<&str, usize> = tasks
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.iri.as_str(), i))
        .collect();
    // Depth along dependencies (the longest chain of dependencies before a
    // task), by Kahn's algorithm: iterative, so a chain of any length is
    // fine. Tasks on a cycle keep the depth their other dependencies give.
    let mut depth = vec![0usize; tasks.len()];
    let mut waiting = vec![0usize; tasks.len()];
    let mut successors: Vec<Vec<usize>> = vec![Vec::new(); tasks.len()];
    for (i, task) in tasks.iter().enumerate() {
        let mut dependencies: Vec<usize> = task
            .depends_on
            .iter()
            .filter_map(|d| index.get(d.as_str()).copied())
            .collect();
        dependencies.sort_unstable();
        dependencies.dedup();
        waiting[i] = dependencies.len();
        for d in dependencies {
            successors[d].push(i);
        }
    }
    let mut queue: Vec<usize> = (0..tasks.len()).filter(|&i| waiting[i] == 0).collect();
    while let Some(n) = queue.pop() {
        for &s in &successors[n] {
            depth[s] = depth[s].max(depth[n] + 1);
            waiting[s] -= 1;
            if waiting[s] == 0 {
                queue.push(s);
            }
        }
    }
    let keys: Vec<(usize, f64, usize)> = tasks
        .iter()
        .enumerate()
        .map(|(i, task)| {
            (
                task.phase
                    .as_deref()
                    .and_then(|p| phase.get(p).copied())
                    .unwrap_or(usize::MAX),
                task.order.unwrap_or(f64::MAX),
                depth[i],
            )
        })
        .collect();
    let mut positions: Vec<usize> = (0..tasks.len()).collect();
    positions.sort_by(|&a, &b| {
        let (x, y) = (keys[a], keys[b]);
        x.0.cmp(&y.0)
            .then(x.1.total_cmp(&y.1))
            .then(x.2.cmp(&y.2))
            .then_with(|| tasks[a].name.iri.cmp(&tasks[b].name.iri))
    });
    let mut slots: Vec<Option<Task>> = tasks.into_iter().map(Some).collect();
    positions
        .into_iter()
        .filter_map(|i| slots[i].take())
        .collect()
}

impl Campaign {
    /// Reads the campaign of `spec`, through its alignment with other
    /// vocabularies.
    pub fn read(spec: &Spec, prefixes: &Prefixes, alignment: &Alignment) -> Self {
        let r = Reader {
            graph: Graph::new(&spec.triples, alignment),
            prefixes,
            hours_per_day: alignment.hours_per_day,
        };
        let mut phases = r.all("Phase", Reader::phase);
        by_order(&mut phases, |p| (p.order, p.name.iri.as_str()));
        // Gates in the order of the phases they close, then the others; by IRI.
        let mut closes: HashMap<&str, usize> = HashMap::default();
        for (i, phase) in phases.iter().enumerate() {
            if let Some(gate) = phase.gate.as_deref() {
                closes.entry(gate).or_insert(i);
            }
        }
        let criteria = r.all("Criterion", Reader::criterion);
        let criterion_order: HashMap<&str, f64> = criteria
            .iter()
            .filter_map(|c| Some((c.name.iri.as_str(), c.order?)))
            .collect();
        let mut gates = r.all("Gate", Reader::gate);
        by_order(&mut gates, |g| (g.order, g.name.iri.as_str()));
        // Stable: the order of the phases they close, the others after.
        gates.sort_by_key(|g| {
            closes
                .get(g.name.iri.as_str())
                .copied()
                .unwrap_or(usize::MAX)
        });
        for gate in &mut gates {
            by_order(&mut gate.criteria, |c| {
                (criterion_order.get(c.as_str()).copied(), c.as_str())
            });
        }
        let tasks = in_task_order(r.all("Task", Reader::task), &phases);
        let mut agents = r.all("Agent", Reader::agent);
        by_order(&mut agents, |a| (a.order, a.name.iri.as_str()));
        let mut measurements = r.all("Measurement", Reader::measurement);
        // ISO 8601 instants of one form sort as text; a date sorts before the
        // dateTimes of that day, and unknown times first.
        measurements.sort_by(|a, b| a.at.cmp(&b.at).then_with(|| a.name.iri.cmp(&b.name.iri)));
        let mut requirements = r.all("Requirement", Reader::requirement);
        by_order(&mut requirements, |q| (q.order, q.name.iri.as_str()));
        let mut scenarios = r.all("Scenario", Reader::scenario);
        by_order(&mut scenarios, |q| (q.order, q.name.iri.as_str()));
        let mut checks = r.all("Check", Reader::check);
        by_order(&mut checks, |c| (c.order, c.name.iri.as_str()));
        let mut alerts = r.all("Alert", Reader::alert);
        // Most severe first.
        alerts.sort_by_key(|a| {
            let rank = match a.severity.as_deref() {
                Some("Critical") => 0,
                Some("Warning") => 1,
                Some("Info") => 2,
                _ => 3,
            };
            (rank, a.name.iri.clone())
        });
        let mut protocol = r.all("ProtocolStep", Reader::protocol_step);
        by_order(&mut protocol, |p| (p.order, p.name.iri.as_str()));
        let report_templates = r.all("ReportTemplate", Reader::report_template);
        let campaigns = r.graph.instances(&sg("Campaign"));
        let campaign = campaigns.first();
        let mut model = Self {
            name: campaign.map(|c| r.name(c)),
            description: campaign.and_then(|c| r.text(c, "description")),
            coordinator: campaign.and_then(|c| r.iri(c, "coordinator")),
            status: campaign.and_then(|c| r.local(c, "status")),
            gate: campaign.and_then(|c| r.iri(c, "gate")),
            progress: campaign.and_then(|c| r.number(c, "progress")),
            objectives: campaign.map(|c| r.iris(c, "objective")).unwrap_or_default(),
            deliverables: campaign
                .map(|c| r.iris(c, "deliverable"))
                .unwrap_or_default(),
            start_date: campaign.and_then(|c| r.day(c, "startDate")),
            target_date: campaign.and_then(|c| r.day(c, "targetDate")),
            phases,
            tasks,
            gates,
            criteria,
            metrics: r.all("Metric", Reader::metric),
            measurements,
            agents,
            risks: r.all("Risk", Reader::risk),
            decisions: r.all("Decision", Reader::decision),
            deliverable_list: r.all("Deliverable", Reader::deliverable),
            features: r.all("Feature", Reader::feature),
            requirements,
            scenarios,
            checks,
            alerts,
            protocol,
            report_templates,
            memory_keys: campaign
                .map(|c| r.texts(c, "memoryKey"))
                .unwrap_or_default(),
            prefixes: prefixes.clone(),
            index: Default::default(),
            latest: HashMap::default(),
        };
        model.index = [
            positions(model.tasks.iter().map(|t| &t.name)),
            positions(model.gates.iter().map(|g| &g.name)),
            positions(model.criteria.iter().map(|c| &c.name)),
            positions(model.metrics.iter().map(|m| &m.name)),
            positions(model.phases.iter().map(|p| &p.name)),
        ];
        // In time order: the last one of a metric is its latest.
        model.latest = model
            .measurements
            .iter()
            .enumerate()
            .map(|(i, m)| (m.metric.clone(), i))
            .collect();
        model
    }
}
