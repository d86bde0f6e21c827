//! The computed schedule (critical-path method): tasks wait for their
//! dependencies and for the gate of the previous phase; a phase's gate is
//! reached when every task of the phase is finished. Durations are
//! `sg:estimateDays`; a task without an estimate counts as zero days and makes
//! the figures that depend on it lower bounds.

use super::calendar::Day;
use super::{Campaign, Name};
use serde::Serialize;
use std::collections::{HashMap, VecDeque};

#[derive(Debug, Clone, Serialize)]
pub struct TaskSlot {
    pub task: Name,
    /// Earliest start and finish, in days from the campaign start.
    pub start: f64,
    pub finish: f64,
    pub start_date: Option<Day>,
    /// The day the task is done by.
    pub finish_date: Option<Day>,
    pub estimated: bool,
    pub critical: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct PhaseSpan {
    pub phase: Name,
    pub start: f64,
    pub finish: f64,
    pub days: f64,
    pub start_date: Option<Day>,
    pub finish_date: Option<Day>,
    /// Whether every task of the phase has an estimate (the span is exact).
    pub complete: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Schedule {
    pub start_date: Option<Day>,
    /// In the campaign's task order.
    pub tasks: Vec<TaskSlot>,
    /// Ordered phases only, in order.
    pub phases: Vec<PhaseSpan>,
    pub total_days: f64,
    pub finish_date: Option<Day>,
    /// Task ids from the first task to the last, along the longest chain.
    pub critical_path: Vec<String>,
    /// Tasks without `sg:estimateDays` (counted as zero days).
    pub unestimated: Vec<String>,
    /// Tasks on or behind a dependency cycle: they have no schedule.
    pub unscheduled: Vec<String>,
    #[serde(skip)]
    index: HashMap<String, usize>,
}

impl Schedule {
    /// Whether every task has an estimate and a place in the schedule.
    pub fn is_complete(&self) -> bool {
        self.unestimated.is_empty() && self.unscheduled.is_empty()
    }

    pub fn slot(&self, task_iri: &str) -> Option<&TaskSlot> {
        self.tasks.get(*self.index.get(task_iri)?)
    }
}

/// A node of the precedence graph: a task, or the gate closing an ordered phase.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Node {
    Task(usize),
    PhaseEnd(usize),
}

/// The precedence graph: node ids are the tasks (in campaign order), then
/// the ends of the ordered phases (in order).
struct Network<'a> {
    campaign: &'a Campaign,
    /// Indexes (into `campaign.phases`) of the phases with an `sg:order`.
    ordered: Vec<usize>,
    predecessors: Vec<Vec<usize>>,
}

impl<'a> Network<'a> {
    fn new(campaign: &'a Campaign) -> Self {
        let tasks = &campaign.tasks;
        let ordered: Vec<usize> = (0..campaign.phases.len())
            .filter(|&i| campaign.phases[i].order.is_some())
            .collect();
        let phase_position: HashMap<&str, usize> = ordered
            .iter()
            .enumerate()
            .map(|(position, &i)| (campaign.phases[i].name.iri.as_str(), position))
            .collect();
        let task_index: HashMap<&str, usize> = tasks
            .iter()
            .enumerate()
            .map(|(i, t)| (t.name.iri.as_str(), i))
            .collect();
        let mut predecessors: Vec<Vec<usize>> = vec![Vec::new(); tasks.len() + ordered.len()];
        for (i, task) in tasks.iter().enumerate() {
            for dependency in &task.depends_on {
                if let Some(&d) = task_index.get(dependency.as_str()) {
                    predecessors[i].push(d);
                }
            }
            if let Some(&p) = task.phase.as_deref().and_then(|p| phase_position.get(p)) {
                if p > 0 {
                    predecessors[i].push(tasks.len() + p - 1);
                }
                predecessors[tasks.len() + p].push(i);
            }
        }
        for p in 1..ordered.len() {
            predecessors[tasks.len() + p].push(tasks.len() + p - 1);
        }
        for list in &mut predecessors {
            list.sort_unstable();
            list.dedup();
        }
        Self {
            campaign,
            ordered,
            predecessors,
        }
    }

    fn len(&self) -> usize {
        self.predecessors.len()
    }

    fn node(&self, id: usize) -> Node {
        let tasks = self.campaign.tasks.len();
        if id < tasks {
            Node::Task(id)
        } else {
            Node::PhaseEnd(id - tasks)
        }
    }

    fn duration(&self, id: usize) -> f64 {
        match self.node(id) {
            Node::Task(i) => self.campaign.tasks[i].estimate_days.unwrap_or(0.0).max(0.0),
            Node::PhaseEnd(_) => 0.0,
        }
    }

    /// Earliest start and finish of every node, by Kahn's algorithm in id
    /// order; nodes left unscheduled are on or behind a cycle.
    fn forward(&self) -> Times {
        let count = self.len();
        let mut successors: Vec<Vec<usize>> = vec![Vec::new(); count];
        let mut waiting: Vec<usize> = self.predecessors.iter().map(Vec::len).collect();
        for (n, list) in self.predecessors.iter().enumerate() {
            for &p in list {
                successors[p].push(n);
            }
        }
        let mut queue: VecDeque<usize> = (0..count).filter(|&n| waiting[n] == 0).collect();
        let mut times = Times {
            start: vec![0.0; count],
            finish: vec![0.0; count],
            scheduled: vec![false; count],
        };
        while let Some(n) = queue.pop_front() {
            times.scheduled[n] = true;
            times.start[n] = self.predecessors[n]
                .iter()
                .map(|&p| times.finish[p])
                .fold(0.0, f64::max);
            times.finish[n] = times.start[n] + self.duration(n);
            for &s in &successors[n] {
                waiting[s] -= 1;
                if waiting[s] == 0 {
                    queue.push_back(s);
                }
            }
        }
        times
    }

    /// The critical path: back from the latest finish through the predecessor
    /// that determined each start (the first in id order). The total duration,
    /// which nodes are critical, and the task ids along the path.
    fn critical(&self, times: &Times) -> (f64, Vec<bool>, Vec<String>) {
        let end = (0..self.len())
            .filter(|&n| times.scheduled[n])
            .max_by(|&a, &b| times.finish[a].total_cmp(&times.finish[b]).then(b.cmp(&a)));
        let mut critical = vec![false; self.len()];
        let mut path = Vec::new();
        let mut cursor = end;
        while let Some(n) = cursor {
            critical[n] = true;
            if let Node::Task(i) = self.node(n) {
                path.push(
                    self.campaign
                        .id(&self.campaign.tasks[i].name.iri)
                        .to_owned(),
                );
            }
            cursor = self.predecessors[n]
                .iter()
                .copied()
                .find(|&p| times.scheduled[p] && times.finish[p] == times.start[n]);
        }
        path.reverse();
        (end.map_or(0.0, |n| times.finish[n]), critical, path)
    }
}

/// Earliest start and finish of each node of a `Network`.
struct Times {
    start: Vec<f64>,
    finish: Vec<f64>,
    scheduled: Vec<bool>,
}

impl Schedule {
    pub fn compute(campaign: &Campaign) -> Self {
        let tasks = &campaign.tasks;
        let network = Network::new(campaign);
        let times = network.forward();
        let (total_days, critical, path) = network.critical(&times);
        let start_date = campaign.start_date.or_else(|| {
            let first = network.ordered.first()?;
            campaign.phases[*first].start_date
        });
        let at = |days: f64| start_date.map(|d| Day(d.0 + days.floor() as i64));
        let by = |days: f64| start_date.map(|d| d.plus(days));
        let slots: Vec<TaskSlot> = tasks
            .iter()
            .enumerate()
            .filter(|&(i, _)| times.scheduled[i])
            .map(|(i, task)| TaskSlot {
                task: task.name.clone(),
                start: times.start[i],
                finish: times.finish[i],
                start_date: at(times.start[i]),
                finish_date: by(times.finish[i]),
                estimated: task.estimate_days.is_some(),
                critical: critical[i],
            })
            .collect();
        // Phases whose every task has an estimate (their span is exact).
        let mut unestimated_in: HashMap<&str, usize> = HashMap::new();
        for task in tasks.iter().filter(|t| t.estimate_days.is_none()) {
            if let Some(phase) = task.phase.as_deref() {
                *unestimated_in.entry(phase).or_default() += 1;
            }
        }
        let phases = network
            .ordered
            .iter()
            .enumerate()
            .filter(|&(p, _)| times.scheduled[tasks.len() + p])
            .map(|(p, &i)| {
                let phase = &campaign.phases[i];
                let begin = if p == 0 {
                    0.0
                } else {
                    times.finish[tasks.len() + p - 1]
                };
                let end = times.finish[tasks.len() + p];
                PhaseSpan {
                    phase: phase.name.clone(),
                    start: begin,
                    finish: end,
                    days: end - begin,
                    start_date: at(begin),
                    finish_date: by(end),
                    complete: !unestimated_in.contains_key(phase.name.iri.as_str()),
                }
            })
            .collect();
        let ids = |filter: &dyn Fn(usize) -> bool| -> Vec<String> {
            (0..tasks.len())
                .filter(|&i| filter(i))
                .map(|i| campaign.id(&tasks[i].name.iri).to_owned())
                .collect()
        };
        let index = slots
            .iter()
            .enumerate()
            .map(|(i, s)| (s.task.iri.clone(), i))
            .collect();
        Self {
            index,
            start_date,
            tasks: slots,
            phases,
            total_days,
            finish_date: by(total_days),
            critical_path: path,
            unestimated: ids(&|i| tasks[i].estimate_days.is_none()),
            unscheduled: ids(&|i| !times.scheduled[i]),
        }
    }
}
