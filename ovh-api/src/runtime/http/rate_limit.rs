//! A client-side cap on requests per second, shared by all clones.

use std::sync::Mutex;
use std::time::Duration;

use tokio::time::Instant;

/// The longest interval between two requests a limiter accepts: one year.
const MAX_INTERVAL: Duration = Duration::from_secs(86_400 * 365);

/// Spaces requests at least `interval` apart, in the order they ask.
#[derive(Debug)]
pub(crate) struct RateLimiter {
    interval: Duration,
    /// The earliest moment the next request may go.
    next: Mutex<Option<Instant>>,
}

impl RateLimiter {
    /// A limiter for `per_second` requests a second; `None` unless that is a
    /// positive number of at least one request a year (longer intervals would
    /// overflow the clock, and mean no limit worth the name).
    pub(crate) fn new(per_second: f64) -> Option<Self> {
        if !(per_second.is_finite() && per_second > 0.0) {
            return None;
        }
        let interval = Duration::try_from_secs_f64(1.0 / per_second)
            .ok()
            .filter(|i| *i <= MAX_INTERVAL)?;
        Some(RateLimiter {
            interval,
            next: Mutex::new(None),
        })
    }

    /// Waits for this request's slot. The slot is reserved at once, so
    /// concurrent callers queue up one interval apart.
    pub(crate) async fn acquire(&self) {
        let slot = {
            let mut next = self.next.lock().unwrap_or_else(|e| e.into_inner());
            let now = Instant::now();
            let slot = next.map_or(now, |n| n.max(now));
            *next = Some(slot + self.interval);
            slot
        };
        tokio::time::sleep_until(slot).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn requests_are_spaced_one_interval_apart() {
        let limiter = std::sync::Arc::new(RateLimiter::new(10.0).expect("a valid rate"));
        let start = Instant::now();
        let tasks: Vec<_> = (0..5)
            .map(|_| {
                let limiter = limiter.clone();
                tokio::spawn(async move {
                    limiter.acquire().await;
                    Instant::now()
                })
            })
            .collect();
        let mut times = Vec::new();
        for task in tasks {
            times.push(task.await.unwrap() - start);
        }
        times.sort();
        assert_eq!(times[0], Duration::ZERO);
        assert_eq!(times[4], Duration::from_millis(400));
    }
}
