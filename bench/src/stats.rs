//! Medians, the peak memory of this process, and human-readable durations.

use std::time::Duration;

/// The median of `samples` (the mean of the middle two for an even count);
/// `None` when there are none.
pub fn median(samples: &[Duration]) -> Option<Duration> {
    let mut sorted = samples.to_vec();
    sorted.sort_unstable();
    let middle = sorted.len() / 2;
    match sorted.len() {
        0 => None,
        n if n % 2 == 1 => Some(sorted[middle]),
        _ => Some((sorted[middle - 1] + sorted[middle]) / 2),
    }
}

/// The most resident memory this process has used so far, in KiB
/// (`VmHWM` of `/proc/self/status`); `None` off Linux.
pub fn peak_memory_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// `1.23 s`, `45.6 ms`, `789 µs`: three significant digits.
pub fn duration(d: Duration) -> String {
    let seconds = d.as_secs_f64();
    if seconds >= 1.0 {
        format!("{seconds:.2} s")
    } else if seconds >= 1e-3 {
        format!("{:.1} ms", seconds * 1e3)
    } else {
        format!("{:.0} µs", seconds * 1e6)
    }
}

/// `12.3 MiB` from KiB.
pub fn memory(kib: u64) -> String {
    format!("{:.1} MiB", kib as f64 / 1024.0)
}
