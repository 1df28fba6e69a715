//! The emulator's clock: real time plus an offset tests move forward, so that a code's ten
//! minutes or a refresh token's 24 hours can pass in a test that takes milliseconds.

use std::sync::Mutex;
use std::time::{SystemTime, UNIX_EPOCH};

/// A point in emulator time, in milliseconds since the Unix epoch.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Time(i64);

impl Time {
    pub fn from_millis(millis: i64) -> Time {
        Time(millis)
    }

    /// Whole seconds, as JWT `iat`/`nbf`/`exp` claims count them.
    pub fn unix_seconds(self) -> i64 {
        self.0.div_euclid(1000)
    }

    pub fn plus_seconds(self, seconds: i64) -> Time {
        Time(self.0 + seconds * 1000)
    }

    /// `2024-07-16 08:41:45Z`: the shape of `timestamp` in the identity platform's errors.
    pub fn error_timestamp(self) -> String {
        let (date, (h, m, s)) = self.civil();
        format!("{date} {h:02}:{m:02}:{s:02}Z")
    }

    /// `2024-07-16T08:41:45.1230000Z`: how the identity platform quotes a grant's issue
    /// time inside an error message (seven fractional digits, like .NET's round-trip format).
    pub fn round_trip(self) -> String {
        let (date, (h, m, s)) = self.civil();
        let fraction = self.0.rem_euclid(1000) * 10_000;
        format!("{date}T{h:02}:{m:02}:{s:02}.{fraction:07}Z")
    }

    /// `2024-07-16T08:41:45Z`
    pub fn rfc3339(self) -> String {
        let (date, (h, m, s)) = self.civil();
        format!("{date}T{h:02}:{m:02}:{s:02}Z")
    }

    fn civil(self) -> (String, (i64, i64, i64)) {
        let seconds = self.unix_seconds();
        let days = seconds.div_euclid(86_400);
        let of_day = seconds.rem_euclid(86_400);
        let (year, month, day) = civil_from_days(days);
        (format!("{year:04}-{month:02}-{day:02}"), (of_day / 3600, of_day % 3600 / 60, of_day % 60))
    }
}

/// Howard Hinnant's days-to-civil algorithm (proleptic Gregorian calendar).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// Real time plus an offset in seconds.
#[derive(Default)]
pub struct Clock {
    offset_seconds: Mutex<i64>,
}

impl Clock {
    pub fn now(&self) -> Time {
        let real =
            SystemTime::now().duration_since(UNIX_EPOCH).map(|elapsed| i64::try_from(elapsed.as_millis()).unwrap_or(i64::MAX)).unwrap_or(0);
        Time(real).plus_seconds(self.offset_seconds())
    }

    pub fn offset_seconds(&self) -> i64 {
        *self.offset_seconds.lock().expect("clock lock")
    }

    /// Moves the clock by `seconds` (negative moves it back) and returns the new offset.
    pub fn advance(&self, seconds: i64) -> i64 {
        let mut offset = self.offset_seconds.lock().expect("clock lock");
        *offset = offset.saturating_add(seconds);
        *offset
    }

    pub fn reset(&self) {
        *self.offset_seconds.lock().expect("clock lock") = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_times_as_the_identity_platform_does() {
        let time = Time::from_millis(1_721_119_305_123);
        assert_eq!(time.error_timestamp(), "2024-07-16 08:41:45Z");
        assert_eq!(time.rfc3339(), "2024-07-16T08:41:45Z");
        assert_eq!(time.round_trip(), "2024-07-16T08:41:45.1230000Z");
        assert_eq!(Time::from_millis(951_782_400_000).rfc3339(), "2000-02-29T00:00:00Z");
        assert_eq!(Time::from_millis(0).rfc3339(), "1970-01-01T00:00:00Z");
    }

    #[test]
    fn advancing_moves_now_and_reset_brings_it_back() {
        let clock = Clock::default();
        let before = clock.now();
        assert_eq!(clock.advance(86_400), 86_400);
        assert!(clock.now() >= before.plus_seconds(86_400));
        clock.reset();
        assert!(clock.now() < before.plus_seconds(60));
    }
}
