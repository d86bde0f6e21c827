//! Metric status: baseline → latest → target, the improvement factor and
//! whether the target is met.

use super::{format_number, Campaign, Measurement, Name};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MetricState {
    Met,
    NotMet,
    Unmeasured,
}

impl MetricState {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Met => "met",
            Self::NotMet => "not met",
            Self::Unmeasured => "unmeasured",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct MetricStatus {
    pub metric: Name,
    pub unit: Option<String>,
    pub baseline: Option<f64>,
    pub target: Option<f64>,
    pub latest: Option<Measurement>,
    /// True when lower values are better (declared, or read from a target below the baseline).
    pub lower_is_better: bool,
    /// How many times better the latest value is than the baseline (120 s → 15 s: 8.0).
    pub improvement: Option<f64>,
    pub state: MetricState,
}

impl MetricStatus {
    pub fn of(campaign: &Campaign) -> Vec<Self> {
        campaign
            .metrics
            .iter()
            .map(|m| {
                let lower_is_better = match m.direction.as_deref() {
                    Some("LowerIsBetter") => true,
                    Some("HigherIsBetter") => false,
                    _ => matches!((m.baseline, m.target), (Some(b), Some(t)) if t < b),
                };
                let latest = campaign.latest(&m.name.iri).cloned();
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
                let state = match (&latest, m.target) {
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
                    latest,
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

    /// A value with the metric's unit: "41 s".
    pub fn with_unit(&self, value: Option<f64>) -> String {
        match (value, &self.unit) {
            (Some(v), Some(unit)) => format!("{} {unit}", format_number(v)),
            (Some(v), None) => format_number(v),
            (None, _) => "–".to_owned(),
        }
    }
}
