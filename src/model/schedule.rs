//! The computed schedule (critical-path method). Tasks wait for their
//! dependencies and for the gates of the gated phases before theirs, so
//! gated phases never overlap; a phase without a gate holds nothing back. A
//! phase ends when its tasks are finished; where they do not cover it (one
//! of them, or all, has no estimate), no sooner than its declared duration
//! (`sg:estimateDays` on the phase) after it began: the plan's "Phase 1,
//! 2 days" counts although its tasks have no estimates. A task without an
//! estimate counts as zero days; unless its phase declares a duration, the
//! figures that depend on it are lower bounds.

use super::calendar::Day;
use super::{Campaign, Name};
use rustc_hash::FxHashMap as HashMap;
use serde::Serialize;
use std::collections::VecDeque;

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
    /// Whether the span is exact: every task of the phase has an estimate,
    /// or the phase declares its duration.
    pub complete: bool,
    /// The phase's declared duration (`sg:estimateDays` on the phase).
    pub declared_days: Option<f64>,
    /// Whether the declared duration, not the tasks, sets the phase's end.
    pub by_declared: bool,
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
    /// Ids from the first task to the last along the longest chain: tasks,
    /// and the phases whose declared duration sets the pace.
    pub critical_path: Vec<String>,
    /// Whether any task or phase has an estimate: without one there is no
    /// schedule to speak of, only a dependency order.
    pub has_estimates: bool,
    /// Tasks without `sg:estimateDays` whose phase declares no duration
    /// either (counted as zero days).
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

    /// Sorts items by earliest start, unscheduled last, keeping the given
    /// (campaign task) order among equal starts: the one order `spec status`
    /// and `spec render` list tasks in.
    pub fn sort_by_start<'a, T>(&self, items: &mut [T], task_iri: impl Fn(&T) -> &'a str) {
        let start = |item: &T| self.slot(task_iri(item)).map_or(f64::MAX, |s| s.start);
        items.sort_by(|a, b| start(a).total_cmp(&start(b)));
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
    /// For each ordered phase, the position of the nearest gated ordered
    /// phase before it: the end its tasks wait for.
    barrier: Vec<Option<usize>>,
    /// For each ordered phase, the least number of days it lasts: its
    /// declared duration where its tasks do not cover it (one of them, or
    /// all, has no estimate), else zero.
    floor: Vec<f64>,
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
        let mut barrier = Vec::with_capacity(ordered.len());
        let mut last_gated = None;
        for (position, &i) in ordered.iter().enumerate() {
            barrier.push(last_gated);
            if campaign.phases[i].gate.is_some() {
                last_gated = Some(position);
            }
        }
        let mut predecessors: Vec<Vec<usize>> = vec![Vec::new(); tasks.len() + ordered.len()];
        for (i, task) in tasks.iter().enumerate() {
            for dependency in &task.depends_on {
                if let Some(&d) = task_index.get(dependency.as_str()) {
                    predecessors[i].push(d);
                }
            }
            if let Some(&p) = task.phase.as_deref().and_then(|p| phase_position.get(p)) {
                if let Some(b) = barrier[p] {
                    predecessors[i].push(tasks.len() + b);
                }
                predecessors[tasks.len() + p].push(i);
            }
        }
        for (p, b) in barrier.iter().enumerate() {
            if let Some(b) = b {
                predecessors[tasks.len() + p].push(tasks.len() + b);
            }
        }
        for list in &mut predecessors {
            list.sort_unstable();
            list.dedup();
        }
        let floor = ordered
            .iter()
            .enumerate()
            .map(|(p, &i)| {
                let covered = predecessors[tasks.len() + p]
                    .iter()
                    .filter(|&&n| n < tasks.len())
                    .all(|&n| tasks[n].estimate_days.is_some())
                    && predecessors[tasks.len() + p]
                        .iter()
                        .any(|&n| n < tasks.len());
                match campaign.phases[i].estimate_days {
                    Some(days) if !covered => days.max(0.0),
                    _ => 0.0,
                }
            })
            .collect();
        Self {
            campaign,
            ordered,
            barrier,
            floor,
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
            by_declared: vec![false; count],
        };
        while let Some(n) = queue.pop_front() {
            times.scheduled[n] = true;
            times.start[n] = self.predecessors[n]
                .iter()
                .map(|&p| times.finish[p])
                .fold(0.0, f64::max);
            times.finish[n] = times.start[n] + self.duration(n);
            if let Node::PhaseEnd(p) = self.node(n) {
                let earliest = self.begin(p, &times) + self.floor[p];
                if earliest > times.finish[n] {
                    times.finish[n] = earliest;
                    times.by_declared[n] = true;
                }
            }
            for &s in &successors[n] {
                waiting[s] -= 1;
                if waiting[s] == 0 {
                    queue.push_back(s);
                }
            }
        }
        times
    }

    /// When an ordered phase begins: when the gated phase before it ends.
    fn begin(&self, position: usize, times: &Times) -> f64 {
        let tasks = self.campaign.tasks.len();
        self.barrier[position].map_or(0.0, |b| times.finish[tasks + b])
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
            match self.node(n) {
                Node::Task(i) => path.push(self.campaign.tasks[i].name.id.clone()),
                Node::PhaseEnd(p) if times.by_declared[n] => {
                    // The declared duration set this end: the path runs
                    // through the phase, back to where it began.
                    path.push(self.campaign.phases[self.ordered[p]].name.id.clone());
                    cursor = self.barrier[p].map(|b| self.campaign.tasks.len() + b);
                    continue;
                }
                Node::PhaseEnd(_) => {}
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
    /// Phase ends set by the phase's declared duration.
    by_declared: Vec<bool>,
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
        // A task without an estimate is covered when its (ordered) phase
        // declares a duration; the others make the figures lower bounds.
        // (A phase whose tasks all have estimates is timed by them, and
        // `schedule-mismatch` compares its declared duration with theirs.)
        let declared: HashMap<&str, f64> = network
            .ordered
            .iter()
            .filter_map(|&i| {
                let phase = &campaign.phases[i];
                Some((phase.name.iri.as_str(), phase.estimate_days?))
            })
            .collect();
        let uncovered = |i: usize| {
            tasks[i].estimate_days.is_none()
                && !tasks[i]
                    .phase
                    .as_deref()
                    .is_some_and(|p| declared.contains_key(p))
        };
        let mut unestimated_in: HashMap<&str, usize> = HashMap::default();
        for i in (0..tasks.len()).filter(|&i| uncovered(i)) {
            if let Some(phase) = tasks[i].phase.as_deref() {
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
                let begin = network.begin(p, &times);
                let end = times.finish[tasks.len() + p];
                PhaseSpan {
                    phase: phase.name.clone(),
                    start: begin,
                    finish: end,
                    days: end - begin,
                    start_date: at(begin),
                    finish_date: by(end),
                    complete: !unestimated_in.contains_key(phase.name.iri.as_str()),
                    declared_days: phase.estimate_days,
                    by_declared: times.by_declared[tasks.len() + p],
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
            has_estimates: !declared.is_empty() || tasks.iter().any(|t| t.estimate_days.is_some()),
            unestimated: ids(&uncovered),
            unscheduled: ids(&|i| !times.scheduled[i]),
        }
    }
}
