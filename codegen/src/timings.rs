//! Where a run's time went, stage by stage (`cargo xtask codegen --timings`).
//!
//! Sequential stages are wall-clock time. Emission and formatting run on
//! every core, part by part, so besides their wall time the table gives
//! each phase's time summed over the threads: the share to attack when
//! formatting dominates.

use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// Durations of a run's stages, in the order they ran.
#[derive(Debug, Clone, Default)]
pub struct Timings {
    stages: Vec<(&'static str, Duration)>,
}

impl Timings {
    /// The recorded stages, in the order they ran.
    pub fn stages(&self) -> &[(&'static str, Duration)] {
        &self.stages
    }

    /// Records `stage` as having taken the time since `started`, and
    /// returns now, the start of the next stage.
    pub(crate) fn lap(&mut self, stage: &'static str, started: Instant) -> Instant {
        let now = Instant::now();
        self.stages.push((stage, now - started));
        now
    }

    pub(crate) fn push(&mut self, stage: &'static str, duration: Duration) {
        self.stages.push((stage, duration));
    }
}

impl fmt::Display for Timings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let width = self.stages.iter().map(|(name, _)| name.len()).max();
        for (name, duration) in &self.stages {
            let millis = duration.as_secs_f64() * 1e3;
            writeln!(
                f,
                "{name:<width$} {millis:>10.1} ms",
                width = width.unwrap_or(0)
            )?;
        }
        Ok(())
    }
}

/// The thread time of each phase of formatting a part of a module.
#[derive(Debug, Default)]
pub(crate) struct FormatTimes {
    pub(crate) emit: SharedDuration,
    pub(crate) direct: SharedDuration,
    pub(crate) parse: SharedDuration,
    pub(crate) settings: SharedDuration,
    pub(crate) format: SharedDuration,
}

impl FormatTimes {
    /// Adds each phase, indented under the stage they make up.
    pub(crate) fn report(&self, timings: &mut Timings) {
        for (stage, duration) in [
            ("  emit (all threads)", &self.emit),
            ("  declarations (all threads)", &self.direct),
            ("  parse (all threads)", &self.parse),
            ("  settings (all threads)", &self.settings),
            ("  format (all threads)", &self.format),
        ] {
            timings.push(stage, duration.total());
        }
    }
}

/// A duration that several threads add to.
#[derive(Debug, Default)]
pub(crate) struct SharedDuration(AtomicU64);

impl SharedDuration {
    /// Adds the time `work` takes and returns its result.
    pub(crate) fn time<T>(&self, work: impl FnOnce() -> T) -> T {
        let started = Instant::now();
        let result = work();
        let nanos = u64::try_from(started.elapsed().as_nanos()).unwrap_or(u64::MAX);
        self.0.fetch_add(nanos, Ordering::Relaxed);
        result
    }

    pub(crate) fn total(&self) -> Duration {
        Duration::from_nanos(self.0.load(Ordering::Relaxed))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_duration_adds_what_each_thread_spent() {
        let shared = SharedDuration::default();
        std::thread::scope(|scope| {
            for _ in 0..2 {
                scope.spawn(|| shared.time(|| std::thread::sleep(Duration::from_millis(20))));
            }
        });
        // Two sleeps of 20 ms, whether they overlapped or not.
        assert!(
            shared.total() >= Duration::from_millis(40),
            "{:?}",
            shared.total()
        );
    }

    #[test]
    fn display_aligns_names_and_prints_milliseconds() {
        let mut timings = Timings::default();
        timings.push("load", Duration::from_micros(1500));
        timings.push("resolve", Duration::from_millis(12));
        assert_eq!(
            timings.to_string(),
            "load           1.5 ms\nresolve       12.0 ms\n"
        );
    }
}
