//! Calendar dates without a time zone: what a route or an all-day event names.

use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CivilDate {
    year: i32,
    month: u8,
    day: u8,
}

impl CivilDate {
    pub fn new(year: i32, month: u8, day: u8) -> Option<Self> {
        let valid = (1..=9999).contains(&year) && (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month);
        valid.then_some(Self { year, month, day })
    }

    /// Parses the ISO form `YYYY-MM-DD` and nothing else.
    pub fn parse_iso(text: &str) -> Option<Self> {
        let bytes = text.as_bytes();
        if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
            return None;
        }
        let digits = |range: std::ops::Range<usize>| -> Option<u32> {
            let part = &text[range];
            part.bytes().all(|b| b.is_ascii_digit()).then(|| part.parse().ok()).flatten()
        };
        let year = i32::try_from(digits(0..4)?).ok()?;
        let month = u8::try_from(digits(5..7)?).ok()?;
        let day = u8::try_from(digits(8..10)?).ok()?;
        Self::new(year, month, day)
    }

    pub fn year(self) -> i32 {
        self.year
    }

    pub fn month(self) -> u8 {
        self.month
    }

    pub fn day(self) -> u8 {
        self.day
    }

    /// Days since 1970-01-01 (negative before), by Howard Hinnant's civil-from-days rule.
    pub fn days_since_epoch(self) -> i64 {
        let year = i64::from(self.year) - i64::from(self.month <= 2);
        let era = year.div_euclid(400);
        let year_of_era = year - era * 400;
        let month = i64::from(self.month);
        let day_of_year = (153 * (month + if month > 2 { -3 } else { 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
        era * 146_097 + day_of_era - 719_468
    }

    pub fn from_days_since_epoch(days: i64) -> Option<CivilDate> {
        let days = days + 719_468;
        let era = days.div_euclid(146_097);
        let day_of_era = days - era * 146_097;
        let year_of_era = (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
        let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
        let month_index = (5 * day_of_year + 2) / 153;
        let day = day_of_year - (153 * month_index + 2) / 5 + 1;
        let month = if month_index < 10 { month_index + 3 } else { month_index - 9 };
        let year = year_of_era + era * 400 + i64::from(month <= 2);
        CivilDate::new(i32::try_from(year).ok()?, month as u8, day as u8)
    }

    /// The date `days` later (earlier when negative), or this one at the ends of the calendar.
    pub fn add_days(self, days: i64) -> CivilDate {
        CivilDate::from_days_since_epoch(self.days_since_epoch() + days).unwrap_or(self)
    }

    /// 0 for Monday … 6 for Sunday.
    pub fn weekday(self) -> u8 {
        (self.days_since_epoch() + 3).rem_euclid(7) as u8
    }

    /// The same day `months` later, or the month's last day when it is shorter.
    pub fn add_months(self, months: i32) -> CivilDate {
        let index = self.year * 12 + i32::from(self.month) - 1 + months;
        let (year, month) = (index.div_euclid(12), (index.rem_euclid(12) + 1) as u8);
        CivilDate::new(year, month, self.day.min(days_in_month(year, month))).unwrap_or(self)
    }
}

impl fmt::Display for CivilDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

pub fn is_leap_year(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_dates_round_trip() {
        for text in ["2026-11-23", "2024-02-29", "0001-01-01", "9999-12-31"] {
            let date = CivilDate::parse_iso(text).unwrap();
            assert_eq!(date.to_string(), text);
        }
    }

    #[test]
    fn impossible_or_sloppy_dates_are_refused() {
        for text in [
            "2026-02-29",
            "2100-02-29",
            "2026-13-01",
            "2026-00-10",
            "2026-04-31",
            "2026-4-3",
            "2026-04-03T",
            "+026-04-03",
            "２026-04-03",
            "",
            "0000-01-01",
        ] {
            assert_eq!(CivilDate::parse_iso(text), None, "{text}");
        }
    }

    #[test]
    fn days_count_across_months_years_and_weeks() {
        let date = CivilDate::new(2026, 11, 24).unwrap();
        assert_eq!(date.weekday(), 1, "a Tuesday");
        assert_eq!(CivilDate::new(1970, 1, 1).unwrap().days_since_epoch(), 0);
        assert_eq!(date.add_days(7).to_string(), "2026-12-01");
        assert_eq!(date.add_days(-365).to_string(), "2025-11-24");
        assert_eq!(CivilDate::new(2024, 2, 28).unwrap().add_days(1).to_string(), "2024-02-29");
        assert_eq!(CivilDate::new(2026, 1, 31).unwrap().add_months(1).to_string(), "2026-02-28");
        assert_eq!(CivilDate::new(2026, 1, 15).unwrap().add_months(-1).to_string(), "2025-12-15");
        for days in [-700_000, -1, 0, 1, 20_000, 2_900_000] {
            assert_eq!(CivilDate::from_days_since_epoch(days).unwrap().days_since_epoch(), days);
        }
    }

    #[test]
    fn leap_years_follow_the_gregorian_rule() {
        assert!(is_leap_year(2000));
        assert!(is_leap_year(2024));
        assert!(!is_leap_year(1900));
        assert!(!is_leap_year(2026));
    }
}
