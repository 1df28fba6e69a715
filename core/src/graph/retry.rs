//! When to try a Graph call again, and how long to wait first (docs/architecture.md, "Reliability"): a
//! refused token is renewed once; throttling and outages back off exponentially with
//! jitter, using `Retry-After` only where the host lets the browser read it; a bounded
//! number of tries, never hammering.

/// Tries in all, the first included.
pub const MAX_ATTEMPTS: u32 = 5;
const BASE_DELAY_MS: f64 = 500.0;
const MAX_DELAY_MS: f64 = 30_000.0;

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Verdict {
    /// The answer is final, success or not.
    Done,
    /// Renew the access token, then try once more.
    RenewToken,
    /// Wait this long, then try again; the UI may say "retrying…".
    RetryAfterMs(u64),
    /// Throttled or unavailable too many times: report it.
    GiveUp,
}

/// `status` is the answer to try number `attempt` (1 for the first), `None` when the
/// network failed before any answer. `retry_after` is the header's text if readable.
/// `jitter` is a random number in `[0, 1)`.
pub fn decide(status: Option<u16>, attempt: u32, already_renewed: bool, retry_after: Option<&str>, jitter: f64) -> Verdict {
    match status {
        Some(401) if !already_renewed => Verdict::RenewToken,
        Some(429 | 503 | 504) | None => {
            if attempt >= MAX_ATTEMPTS {
                return Verdict::GiveUp;
            }
            let asked = retry_after.and_then(seconds_as_ms).map(|ms| ms as f64);
            let delay = match asked {
                Some(ms) => ms.min(MAX_DELAY_MS),
                None => {
                    let ceiling = (BASE_DELAY_MS * 2f64.powi(attempt.saturating_sub(1) as i32)).min(MAX_DELAY_MS);
                    // Half fixed, half random: spreads clients apart without ever retrying at once.
                    ceiling * (0.5 + jitter.clamp(0.0, 1.0) / 2.0)
                }
            };
            Verdict::RetryAfterMs(delay.round() as u64)
        }
        _ => Verdict::Done,
    }
}

/// Reads `Retry-After` seconds, fractions included (`"2.5"`), as milliseconds. Written out
/// by hand because the standard float parser adds kilobytes of tables to the download.
fn seconds_as_ms(text: &str) -> Option<u64> {
    let text = text.trim();
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    if whole.is_empty() || !whole.bytes().all(|b| b.is_ascii_digit()) || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let seconds: u64 = whole.parse().ok()?;
    let millis = fraction.bytes().chain(std::iter::repeat(b'0')).take(3).fold(0u64, |ms, digit| ms * 10 + u64::from(digit - b'0'));
    seconds.checked_mul(1000)?.checked_add(millis)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refused_token_is_renewed_once() {
        assert_eq!(decide(Some(401), 1, false, None, 0.3), Verdict::RenewToken);
        assert_eq!(decide(Some(401), 2, true, None, 0.3), Verdict::Done);
    }

    #[test]
    fn answers_that_retrying_cannot_change_are_final() {
        for status in [200, 201, 204, 400, 403, 404, 409, 412, 500, 501] {
            assert_eq!(decide(Some(status), 1, false, None, 0.5), Verdict::Done, "{status}");
        }
    }

    #[test]
    fn throttling_backs_off_exponentially_within_jitter_bounds_and_stops() {
        let mut previous_ceiling = 0.0;
        for attempt in 1..MAX_ATTEMPTS {
            let low = decide(Some(429), attempt, false, None, 0.0);
            let high = decide(Some(503), attempt, false, None, 0.999_999);
            let (Verdict::RetryAfterMs(low), Verdict::RetryAfterMs(high)) = (low, high) else {
                panic!("attempt {attempt} should retry");
            };
            let ceiling = 500.0 * 2f64.powi(attempt as i32 - 1);
            assert_eq!(low as f64, ceiling / 2.0);
            assert!((high as f64 - ceiling).abs() <= 1.0);
            assert!(ceiling > previous_ceiling);
            previous_ceiling = ceiling;
        }
        assert_eq!(decide(Some(429), MAX_ATTEMPTS, false, None, 0.5), Verdict::GiveUp);
        assert_eq!(decide(None, MAX_ATTEMPTS, false, None, 0.5), Verdict::GiveUp);
        assert!(matches!(decide(None, 1, false, None, 0.5), Verdict::RetryAfterMs(_)), "network failure");
    }

    #[test]
    fn a_readable_retry_after_is_honoured_fractions_included_but_bounded() {
        assert_eq!(decide(Some(429), 1, false, Some("2.5"), 0.9), Verdict::RetryAfterMs(2500));
        assert_eq!(decide(Some(429), 1, false, Some("3600"), 0.9), Verdict::RetryAfterMs(30_000));
        assert_eq!(decide(Some(429), 1, false, Some("soon"), 0.0), Verdict::RetryAfterMs(250));
        assert_eq!(decide(Some(429), 1, false, Some("-1"), 0.0), Verdict::RetryAfterMs(250));
        assert_eq!(decide(Some(429), 1, false, Some(" 0.0625 "), 0.0), Verdict::RetryAfterMs(62));
        assert_eq!(decide(Some(429), 1, false, Some("1."), 0.0), Verdict::RetryAfterMs(1000));
        assert_eq!(decide(Some(429), 1, false, Some(".5"), 0.0), Verdict::RetryAfterMs(250), "not a number Graph sends");
    }
}
