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

impl Schedule {
    pub fn compute(campaign: &Campaign) -> Self {
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

        // Node ids: tasks first, then phase ends.
        let count = tasks.len() + ordered.len();
        let node = |id: usize| {
            if id < tasks.len() {
                Node::Task(id)
            } else {
                Node::PhaseEnd(id - tasks.len())
            }
        };
        let mut predecessors: Vec<Vec<usize>> = vec![Vec::new(); count];
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

        // Kahn's algorithm in id order; nodes left over are on or behind a cycle.
        let mut successors: Vec<Vec<usize>> = vec![Vec::new(); count];
        let mut waiting: Vec<usize> = predecessors.iter().map(Vec::len).collect();
        for (n, list) in predecessors.iter().enumerate() {
            for &p in list {
                successors[p].push(n);
            }
        }
        let mut queue: VecDeque<usize> = (0..count).filter(|&n| waiting[n] == 0).collect();
        let mut start = vec![0.0_f64; count];
        let mut finish = vec![0.0_f64; count];
        let mut scheduled = vec![false; count];
        let duration = |n: usize| match node(n) {
            Node::Task(i) => tasks[i].estimate_days.unwrap_or(0.0).max(0.0),
            Node::PhaseEnd(_) => 0.0,
        };
        while let Some(n) = queue.pop_front() {
            scheduled[n] = true;
            start[n] = predecessors[n]
                .iter()
                .map(|&p| finish[p])
                .fold(0.0, f64::max);
            finish[n] = start[n] + duration(n);
            for &s in &successors[n] {
                waiting[s] -= 1;
                if waiting[s] == 0 {
                    queue.push_back(s);
                }
            }
        }

        // The critical path: back from the latest finish through the
        // predecessor that determined each start (the first in id order).
        let end = (0..count)
            .filter(|&n| scheduled[n])
            .max_by(|&a, &b| finish[a].total_cmp(&finish[b]).then(b.cmp(&a)));
        let total_days = end.map_or(0.0, |n| finish[n]);
        let mut critical = vec![false; count];
        let mut path = Vec::new();
        let mut cursor = end;
        while let Some(n) = cursor {
            critical[n] = true;
            if let Node::Task(i) = node(n) {
                path.push(campaign.id(&tasks[i].name.iri).to_owned());
            }
            cursor = predecessors[n]
                .iter()
                .copied()
                .find(|&p| scheduled[p] && finish[p] == start[n]);
        }
        path.reverse();

        let start_date = campaign
            .start_date
            .or_else(|| ordered.first().and_then(|&i| campaign.phases[i].start_date));
        let at = |days: f64| start_date.map(|d| Day(d.0 + days.floor() as i64));
        let by = |days: f64| start_date.map(|d| d.plus(days));

        let slots: Vec<TaskSlot> = tasks
            .iter()
            .enumerate()
            .filter(|&(i, _)| scheduled[i])
            .map(|(i, task)| TaskSlot {
                task: task.name.clone(),
                start: start[i],
                finish: finish[i],
                start_date: at(start[i]),
                finish_date: by(finish[i]),
                estimated: task.estimate_days.is_some(),
                critical: critical[i],
            })
            .collect();
        let phases = ordered
            .iter()
            .enumerate()
            .filter(|&(p, _)| scheduled[tasks.len() + p])
            .map(|(p, &i)| {
                let phase = &campaign.phases[i];
                let begin = if p == 0 {
                    0.0
                } else {
                    finish[tasks.len() + p - 1]
                };
                let end = finish[tasks.len() + p];
                let complete = tasks
                    .iter()
                    .filter(|t| t.phase.as_deref() == Some(phase.name.iri.as_str()))
                    .all(|t| t.estimate_days.is_some());
                PhaseSpan {
                    phase: phase.name.clone(),
                    start: begin,
                    finish: end,
                    days: end - begin,
                    start_date: at(begin),
                    finish_date: by(end),
                    complete,
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
            unscheduled: ids(&|i| !scheduled[i]),
        }
    }
}
