//! Metric status: baseline → latest → target, the improvement factor,
//! whether the target is met, and whether a limit holds. A target is a value
//! to reach; a limit (`sg:limit`) is a bound to keep all along — a ceiling
//! when lower is better, a floor when higher is better. Until the first
//! measurement the baseline is the current value, so a limit holds (or is
//! broken) from day 0.

use super::{format_number, Campaign, Measurement, Name};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MetricState {
    Met,
    NotMet,
    Unmeasured,
    /// A limit without a target, and the current value keeps it.
    WithinLimit,
    /// The current value breaks the limit (whatever the target says).
    OverLimit,
}

impl MetricState {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Met => "met",
            Self::NotMet => "not met",
            Self::Unmeasured => "unmeasured",
            Self::WithinLimit => "within limit",
            Self::OverLimit => "over limit",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct MetricStatus {
    pub metric: Name,
    pub unit: Option<String>,
    pub baseline: Option<f64>,
    pub target: Option<f64>,
    pub limit: Option<f64>,
    pub latest: Option<Measurement>,
    /// The latest measurement's value, else the baseline.
    pub current: Option<f64>,
    /// True when lower values are better (declared, or read from a target below the baseline).
    pub lower_is_better: bool,
    /// How many times better the latest value is than the baseline (120 s → 15 s: 8.0).
    pub improvement: Option<f64>,
    pub state: MetricState,
}

/// What spec counts from the data itself, for metrics that say `sg:counts`
/// ("agents active 1/13" is a fact of the spec, not a measurement to record).
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct Counts {
    pub tasks_done: usize,
    /// Phases with tasks, all of them done.
    pub phases_complete: usize,
    /// Agents declared active, or with a task declared active.
    pub agents_active: usize,
    pub gates_passed: usize,
}

impl Counts {
    pub fn of(campaign: &Campaign, gates: &super::gates::Gates) -> Self {
        let mut phase_open: rustc_hash::FxHashMap<&str, (usize, usize)> = Default::default();
        for task in &campaign.tasks {
            if let Some(phase) = task.phase.as_deref() {
                let entry = phase_open.entry(phase).or_default();
                entry.0 += 1;
                entry.1 += usize::from(task.is_done());
            }
        }
        let busy: rustc_hash::FxHashSet<&str> = campaign
            .tasks
            .iter()
            .filter(|t| t.is_active())
            .filter_map(|t| t.assignee.as_deref())
            .collect();
        Self {
            tasks_done: campaign.tasks.iter().filter(|t| t.is_done()).count(),
            phases_complete: campaign
                .phases
                .iter()
                .filter(|p| {
                    phase_open
                        .get(p.name.iri.as_str())
                        .is_some_and(|(total, done)| total == done)
                })
                .count(),
            agents_active: campaign
                .agents
                .iter()
                .filter(|a| {
                    a.status.as_deref() == Some("Active") || busy.contains(a.name.iri.as_str())
                })
                .count(),
            gates_passed: gates
                .gates
                .iter()
                .filter(|g| g.state == super::gates::GateState::Passed)
                .count(),
        }
    }

    /// The count a metric's `sg:counts` names (`TasksDone`, …).
    pub fn get(&self, kind: &str) -> Option<f64> {
        let count = match kind {
            "TasksDone" => self.tasks_done,
            "PhasesComplete" => self.phases_complete,
            "AgentsActive" => self.agents_active,
            "GatesPassed" => self.gates_passed,
            _ => return None,
        };
        Some(count as f64)
    }
}

/// Who measured a counted metric.
pub const COUNTED_BY: &str = "spec, counted from the data";

impl MetricStatus {
    pub fn of(campaign: &Campaign, counts: &Counts) -> Vec<Self> {
        campaign
            .metrics
            .iter()
            .map(|m| {
                let lower_is_better = match m.direction.as_deref() {
                    Some("LowerIsBetter") => true,
                    Some("HigherIsBetter") => false,
                    _ => match (m.baseline, m.target, m.limit) {
                        (Some(b), Some(t), _) => t < b,
                        // A limit the baseline keeps: above it, a ceiling.
                        (Some(b), None, Some(l)) => l >= b,
                        _ => false,
                    },
                };
                // A counted metric's value is computed, never recorded.
                let latest = match m.counts.as_deref().and_then(|k| counts.get(k)) {
                    Some(value) => Some(Measurement {
                        name: m.name.clone(),
                        metric: m.name.iri.clone(),
                        value,
                        unit: m.unit.clone(),
                        at: None,
                        measured_by: Some(COUNTED_BY.to_owned()),
                        commit: None,
                    }),
                    None => campaign.latest(&m.name.iri).cloned(),
                };
                let improvement = match (m.baseline, &latest) {
                    (Some(baseline), Some(latest)) => {
                        let (better, worse) = if lower_is_better {
                            (latest.value, baseline)
                        } else {
                            (baseline, latest.value)
                        };
                        (better != 0.0)
                            .then(|| worse / better)
                            .filter(|f| f.is_finite() && *f >= 0.0)
                    }
                    _ => None,
                };
                let current = latest.as_ref().map(|l| l.value).or(m.baseline);
                let within = |value: f64, bound: f64| {
                    if lower_is_better {
                        value <= bound
                    } else {
                        value >= bound
                    }
                };
                let breaks_limit =
                    matches!((current, m.limit), (Some(c), Some(l)) if !within(c, l));
                let state = match (&latest, m.target) {
                    _ if breaks_limit => MetricState::OverLimit,
                    (_, None) if m.limit.is_some() && current.is_some() => MetricState::WithinLimit,
                    (None, _) => MetricState::Unmeasured,
                    (Some(_), None) => MetricState::NotMet,
                    (Some(latest), Some(target)) => {
                        let met = if lower_is_better {
                            latest.value <= target
                        } else {
                            latest.value >= target
                        };
                        if met {
                            MetricState::Met
                        } else {
                            MetricState::NotMet
                        }
                    }
                };
                Self {
                    metric: m.name.clone(),
                    unit: m.unit.clone(),
                    baseline: m.baseline,
                    target: m.target,
                    limit: m.limit,
                    latest,
                    current,
                    lower_is_better,
                    improvement,
                    state,
                }
            })
            .collect()
    }

    /// "8.0×" (one decimal), or "–" without a baseline and a measurement.
    pub fn improvement_text(&self) -> String {
        self.improvement
            .map_or_else(|| "–".to_owned(), |f| format!("{f:.1}×"))
    }

    /// What the metric aims for: its target, its limit ("limit <= 20
    /// count"), or both; "–" without either.
    pub fn goal_text(&self) -> String {
        let limit = self.limit.map(|l| {
            let side = if self.lower_is_better { "<=" } else { ">=" };
            format!("limit {side} {}", self.with_unit(Some(l)))
        });
        match (self.target, limit) {
            (Some(t), Some(limit)) => format!("{} ({limit})", self.with_unit(Some(t))),
            (Some(t), None) => self.with_unit(Some(t)),
            (None, Some(limit)) => limit,
            (None, None) => "–".to_owned(),
        }
    }

    /// A value with the metric's unit: "41 s".
    pub fn with_unit(&self, value: Option<f64>) -> String {
        match (value, &self.unit) {
            (Some(v), Some(unit)) => format!("{} {unit}", format_number(v)),
            (Some(v), None) => format_number(v),
            (None, _) => "–".to_owned(),
        }
    }
}
