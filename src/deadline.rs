//! Time limits for SPARQL written by users: gate conditions, user rules,
//! `spec query`, `sparql()` in templates. A condition with a three-way
//! cartesian product used to hang `spec check` and the pre-commit hook
//! forever; now every query runs under a deadline (`--timeout`, spec.toml
//! `timeout`, 5 s by default) and a query past it is cancelled through
//! oxigraph's cancellation token, checked as the evaluator reads the store.
//!
//! One watchdog thread serves every query of the process: starting a deadline
//! is a map insertion, not a thread (a workspace of 1,000 specs runs ~15,000
//! queries).

use oxigraph::sparql::{CancellationToken, QueryEvaluationError, SparqlEvaluator};
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Condvar, Mutex, OnceLock};
use std::time::{Duration, Instant};

/// The default time limit of one query.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(5);

/// The limit in force, in milliseconds (set once per process by the session).
static TIMEOUT_MS: AtomicU64 = AtomicU64::new(DEFAULT_TIMEOUT.as_millis() as u64);

/// Sets the time limit of every query started from now on.
pub fn set_timeout(timeout: Duration) {
    TIMEOUT_MS.store(
        u64::try_from(timeout.as_millis())
            .unwrap_or(u64::MAX)
            .max(1),
        Ordering::Relaxed,
    );
}

/// The time limit of one query.
pub fn timeout() -> Duration {
    Duration::from_millis(TIMEOUT_MS.load(Ordering::Relaxed))
}

/// Parses a duration as written on the command line or in spec.toml:
/// `500ms`, `5s`, `2m`, or a bare number of seconds.
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    let (number, scale) = if let Some(n) = text.strip_suffix("ms") {
        (n, 0.001)
    } else if let Some(n) = text.strip_suffix('s') {
        (n, 1.0)
    } else if let Some(n) = text.strip_suffix('m') {
        (n, 60.0)
    } else {
        (text, 1.0)
    };
    match number.trim().parse::<f64>() {
        Ok(n) if n.is_finite() && n > 0.0 && n * scale <= 86_400.0 => {
            Ok(Duration::from_secs_f64(n * scale))
        }
        _ => Err(format!(
            "`{text}` is not a duration: write e.g. 500ms, 5s or 2m (at most a day)"
        )),
    }
}

/// The deadline of one query; dropping it forgets the deadline.
pub struct Deadline {
    token: CancellationToken,
    key: (Instant, u64),
    timeout: Duration,
}

impl Deadline {
    /// Starts the clock for one query, with the limit in force.
    pub fn start() -> Self {
        Self::after(timeout())
    }

    pub fn after(timeout: Duration) -> Self {
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let token = CancellationToken::new();
        let key = (
            Instant::now() + timeout,
            NEXT.fetch_add(1, Ordering::Relaxed),
        );
        let watchdog = Watchdog::get();
        let mut state = watchdog.lock();
        state.pending.insert(key, token.clone());
        // Woken only when it would sleep past this deadline: waking it for
        // every query was 1.4% of checking 1,000 specs (a futex wake each,
        // `perf`), since with the queries done one after another each new
        // one was the earliest.
        let sooner = state.wakes_at.is_none_or(|at| key.0 < at);
        drop(state);
        if sooner {
            watchdog.wake.notify_one();
        }
        Self {
            token,
            key,
            timeout,
        }
    }

    /// `evaluator`, cancelled when this deadline passes.
    pub fn evaluator(&self, evaluator: &SparqlEvaluator) -> SparqlEvaluator {
        evaluator
            .clone()
            .with_cancellation_token(self.token.clone())
    }

    /// Whether the deadline has passed (the query was cancelled).
    pub fn expired(&self) -> bool {
        self.token.is_cancelled()
    }

    /// An evaluation error in words; a cancellation says which limit it hit.
    pub fn describe(&self, error: &QueryEvaluationError) -> String {
        if self.expired() || matches!(error, QueryEvaluationError::Cancelled) {
            self.exceeded()
        } else {
            error.to_string()
        }
    }

    /// "did not finish within 5 s …".
    pub fn exceeded(&self) -> String {
        format!(
            "the query did not finish within {} (raise the limit with --timeout or spec.toml `timeout`)",
            show(self.timeout)
        )
    }
}

impl Drop for Deadline {
    fn drop(&mut self) {
        Watchdog::get().lock().pending.remove(&self.key);
    }
}

/// `5 s`, `500 ms`.
fn show(duration: Duration) -> String {
    if duration.subsec_millis() == 0 {
        format!("{} s", duration.as_secs())
    } else {
        format!("{} ms", duration.as_millis())
    }
}

struct Watchdog {
    state: Mutex<State>,
    wake: Condvar,
}

struct State {
    pending: BTreeMap<(Instant, u64), CancellationToken>,
    /// When the watchdog wakes next, while it sleeps; `None` before it
    /// first sleeps.
    wakes_at: Option<Instant>,
}

impl Watchdog {
    fn get() -> &'static Self {
        static WATCHDOG: OnceLock<Watchdog> = OnceLock::new();
        WATCHDOG.get_or_init(|| {
            std::thread::Builder::new()
                .name("spec-deadline".into())
                .spawn(|| Self::get().watch())
                .expect("cannot start the query watchdog thread");
            Self {
                state: Mutex::new(State {
                    pending: BTreeMap::new(),
                    wakes_at: None,
                }),
                wake: Condvar::new(),
            }
        })
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Cancels every query whose deadline has passed; sleeps until the next
    /// one, or with none, for the time limit in force (a query started
    /// meanwhile with that limit ends after it wakes: no need to wake it).
    fn watch(&self) {
        let mut state = self.lock();
        loop {
            let now = Instant::now();
            while let Some(entry) = state.pending.first_entry() {
                if entry.key().0 > now {
                    break;
                }
                entry.remove().cancel();
            }
            let at = match state.pending.keys().next() {
                Some(&(at, _)) => at,
                None => now + timeout(),
            };
            state.wakes_at = Some(at);
            state = self
                .wake
                .wait_timeout(state, at.saturating_duration_since(now))
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_parse_with_or_without_a_unit() {
        assert_eq!(parse_duration("5"), Ok(Duration::from_secs(5)));
        assert_eq!(parse_duration("5s"), Ok(Duration::from_secs(5)));
        assert_eq!(parse_duration("250ms"), Ok(Duration::from_millis(250)));
        assert_eq!(parse_duration("2m"), Ok(Duration::from_secs(120)));
        for bad in ["", "0", "-1s", "fast", "1e9", "NaN"] {
            assert!(parse_duration(bad).is_err(), "{bad}");
        }
    }

    /// Waits (at most 10 s) for the watchdog to cancel `deadline`.
    fn wait_until_cancelled(deadline: &Deadline) {
        let started = Instant::now();
        while !deadline.expired() {
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "never cancelled"
            );
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    #[test]
    fn a_deadline_cancels_after_its_time_and_not_before() {
        let long = Deadline::after(Duration::from_secs(3600));
        let short = Deadline::after(Duration::from_millis(20));
        wait_until_cancelled(&short);
        assert!(!long.expired());
        assert!(short.exceeded().contains("20 ms"), "{}", short.exceeded());
    }

    /// While the watchdog sleeps until a later deadline (or, with none, for
    /// the time limit in force), a sooner one still wakes it.
    #[test]
    fn a_sooner_deadline_wakes_the_watchdog_while_it_sleeps() {
        let long = Deadline::after(Duration::from_secs(3600));
        std::thread::sleep(Duration::from_millis(30));
        let later = Deadline::after(Duration::from_secs(7200));
        let sooner = Deadline::after(Duration::from_millis(40));
        wait_until_cancelled(&sooner);
        assert!(!long.expired() && !later.expired());
        drop((long, later));
        std::thread::sleep(Duration::from_millis(30));
        wait_until_cancelled(&Deadline::after(Duration::from_millis(25)));
    }
}
