//! `patternedRecurrence`: which days a recurring series meets on.

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use serde_json::Value;

/// The longest a series is followed, so that a `noEnd` series cannot run forever.
const HORIZON_DAYS: i64 = 366 * 20;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Daily,
    Weekly,
    AbsoluteMonthly,
    RelativeMonthly,
    AbsoluteYearly,
    RelativeYearly,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum End {
    Date(NaiveDate),
    Count(usize),
    Never,
}

/// A recurrence read from Graph's JSON.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rule {
    kind: Kind,
    interval: i64,
    days: Vec<Weekday>,
    first_day: Weekday,
    day_of_month: u32,
    month: u32,
    /// `first`..`fourth` as 0..3, `last` as 4.
    index: u32,
    start: NaiveDate,
    end: End,
}

fn weekday(name: &str) -> Option<Weekday> {
    Some(match name.to_ascii_lowercase().as_str() {
        "sunday" => Weekday::Sun,
        "monday" => Weekday::Mon,
        "tuesday" => Weekday::Tue,
        "wednesday" => Weekday::Wed,
        "thursday" => Weekday::Thu,
        "friday" => Weekday::Fri,
        "saturday" => Weekday::Sat,
        _ => return None,
    })
}

fn date(value: &Value) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(value.as_str()?, "%Y-%m-%d").ok()
}

impl Rule {
    /// The rule of a `patternedRecurrence`; the message says what is wrong with it.
    pub fn parse(recurrence: &Value) -> Result<Rule, String> {
        let pattern = &recurrence["pattern"];
        let range = &recurrence["range"];
        let kind = match pattern["type"].as_str() {
            Some("daily") => Kind::Daily,
            Some("weekly") => Kind::Weekly,
            Some("absoluteMonthly") => Kind::AbsoluteMonthly,
            Some("relativeMonthly") => Kind::RelativeMonthly,
            Some("absoluteYearly") => Kind::AbsoluteYearly,
            Some("relativeYearly") => Kind::RelativeYearly,
            other => return Err(format!("the recurrence pattern type {other:?} is not valid")),
        };
        let interval = pattern["interval"].as_i64().unwrap_or(1);
        if interval < 1 {
            return Err("the recurrence interval must be at least 1".into());
        }
        let days = match pattern["daysOfWeek"].as_array() {
            Some(days) => days
                .iter()
                .map(|d| d.as_str().and_then(weekday).ok_or("daysOfWeek holds a value that is not a day"))
                .collect::<Result<Vec<_>, _>>()?,
            None => Vec::new(),
        };
        if matches!(kind, Kind::Weekly | Kind::RelativeMonthly | Kind::RelativeYearly) && days.is_empty() {
            return Err("this recurrence pattern needs daysOfWeek".into());
        }
        let index = match pattern["index"].as_str().unwrap_or("first") {
            "first" => 0,
            "second" => 1,
            "third" => 2,
            "fourth" => 3,
            "last" => 4,
            other => return Err(format!("the week index {other} is not valid")),
        };
        let start = date(&range["startDate"]).ok_or("the recurrence range needs a startDate")?;
        let end = match range["type"].as_str() {
            Some("endDate") => End::Date(date(&range["endDate"]).ok_or("an endDate range needs an endDate")?),
            Some("numbered") => match range["numberOfOccurrences"].as_u64() {
                Some(n) if n > 0 => End::Count(n as usize),
                _ => return Err("a numbered range needs numberOfOccurrences".into()),
            },
            Some("noEnd") => End::Never,
            other => return Err(format!("the recurrence range type {other:?} is not valid")),
        };
        Ok(Rule {
            kind,
            interval,
            days,
            first_day: pattern["firstDayOfWeek"].as_str().and_then(weekday).unwrap_or(Weekday::Sun),
            day_of_month: pattern["dayOfMonth"].as_u64().unwrap_or(0) as u32,
            month: pattern["month"].as_u64().unwrap_or(0) as u32,
            index,
            start,
            end,
        })
    }

    /// The days the series meets on, from its start up to `until` (inclusive).
    pub fn dates(&self, until: NaiveDate) -> Vec<NaiveDate> {
        let mut out = Vec::new();
        let last = match self.end {
            End::Date(end) => end.min(until),
            _ => until,
        }
        .min(self.start + Duration::days(HORIZON_DAYS));
        let mut day = self.start;
        while day <= last {
            if self.matches(day) {
                out.push(day);
                if matches!(self.end, End::Count(n) if out.len() == n) {
                    break;
                }
            }
            day += Duration::days(1);
        }
        out
    }

    fn matches(&self, day: NaiveDate) -> bool {
        let months = (day.year() - self.start.year()) as i64 * 12 + day.month() as i64 - self.start.month() as i64;
        let years = (day.year() - self.start.year()) as i64;
        match self.kind {
            Kind::Daily => (day - self.start).num_days() % self.interval == 0,
            Kind::Weekly => {
                let weeks = (week_start(day, self.first_day) - week_start(self.start, self.first_day)).num_days() / 7;
                weeks % self.interval == 0 && self.days.contains(&day.weekday())
            }
            Kind::AbsoluteMonthly => months % self.interval == 0 && day.day() == self.day_of_month,
            Kind::RelativeMonthly => months % self.interval == 0 && self.nth_weekday(day),
            Kind::AbsoluteYearly => years % self.interval == 0 && day.month() == self.month && day.day() == self.day_of_month,
            Kind::RelativeYearly => years % self.interval == 0 && day.month() == self.month && self.nth_weekday(day),
        }
    }

    /// Whether `day` is the `index`-th of the listed weekdays in its month.
    fn nth_weekday(&self, day: NaiveDate) -> bool {
        if !self.days.contains(&day.weekday()) {
            return false;
        }
        if self.index == 4 {
            return (day + Duration::days(7)).month() != day.month();
        }
        (day.day() - 1) / 7 == self.index
    }
}

/// A recurrence as Graph keeps and answers it: every field of the pattern and the range
/// filled in, unused ones with their empty values (`month: 0`, `endDate: "0001-01-01"`), as
/// the create example's answer shows (emulator/FIDELITY.md, "Recurring events").
pub fn filled(recurrence: &Value, event_zone: &str) -> Value {
    let pattern = &recurrence["pattern"];
    let range = &recurrence["range"];
    let text = |value: &Value, default: &str| Value::from(value.as_str().unwrap_or(default).to_owned());
    let days: Vec<Value> = pattern["daysOfWeek"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|d| d.as_str())
        .map(|d| Value::from(d.to_ascii_lowercase()))
        .collect();
    serde_json::json!({
        "pattern": {
            "type": pattern["type"],
            "interval": pattern["interval"].as_i64().unwrap_or(1),
            "month": pattern["month"].as_i64().unwrap_or(0),
            "dayOfMonth": pattern["dayOfMonth"].as_i64().unwrap_or(0),
            "daysOfWeek": days,
            "firstDayOfWeek": text(&pattern["firstDayOfWeek"], "sunday"),
            "index": text(&pattern["index"], "first"),
        },
        "range": {
            "type": range["type"],
            "startDate": range["startDate"],
            "endDate": text(&range["endDate"], "0001-01-01"),
            "recurrenceTimeZone": text(&range["recurrenceTimeZone"], event_zone),
            "numberOfOccurrences": range["numberOfOccurrences"].as_i64().unwrap_or(0),
        },
    })
}

fn week_start(day: NaiveDate, first: Weekday) -> NaiveDate {
    let back = (7 + day.weekday().num_days_from_sunday() - first.num_days_from_sunday()) % 7;
    day - Duration::days(back as i64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn days(recurrence: Value, until: &str) -> Vec<String> {
        let until = NaiveDate::parse_from_str(until, "%Y-%m-%d").unwrap();
        Rule::parse(&recurrence).unwrap().dates(until).iter().map(|d| d.to_string()).collect()
    }

    #[test]
    fn patterns_and_ranges_give_the_days_outlook_gives() {
        let biweekly = json!({"pattern": {"type": "weekly", "interval": 2, "daysOfWeek": ["monday", "thursday"], "firstDayOfWeek": "sunday"},
                              "range": {"type": "numbered", "startDate": "2026-11-17", "numberOfOccurrences": 4}});
        assert_eq!(days(biweekly, "2027-12-31"), ["2026-11-19", "2026-11-30", "2026-12-03", "2026-12-14"]);
        let daily = json!({"pattern": {"type": "daily", "interval": 3}, "range": {"type": "endDate", "startDate": "2026-11-20", "endDate": "2026-11-28"}});
        assert_eq!(days(daily, "2027-01-01"), ["2026-11-20", "2026-11-23", "2026-11-26"]);
        let monthly = json!({"pattern": {"type": "absoluteMonthly", "interval": 1, "dayOfMonth": 31}, "range": {"type": "noEnd", "startDate": "2026-10-01"}});
        assert_eq!(days(monthly, "2027-01-31"), ["2026-10-31", "2026-12-31", "2027-01-31"]);
        let last_friday = json!({"pattern": {"type": "relativeMonthly", "interval": 1, "daysOfWeek": ["friday"], "index": "last"}, "range": {"type": "numbered", "startDate": "2026-11-01", "numberOfOccurrences": 2}});
        assert_eq!(days(last_friday, "2027-12-31"), ["2026-11-27", "2026-12-25"]);
        let birthday = json!({"pattern": {"type": "absoluteYearly", "interval": 1, "month": 2, "dayOfMonth": 14}, "range": {"type": "noEnd", "startDate": "2026-01-01"}});
        assert_eq!(days(birthday, "2028-03-01"), ["2026-02-14", "2027-02-14", "2028-02-14"]);
        assert!(Rule::parse(&json!({"pattern": {"type": "hourly"}, "range": {"type": "noEnd", "startDate": "2026-01-01"}})).is_err());
    }

    #[test]
    fn a_kept_recurrence_has_every_field_as_graph_answers_it() {
        let sent = json!({"pattern": {"type": "weekly", "interval": 1, "daysOfWeek": ["Monday"]}, "range": {"type": "numbered", "startDate": "2026-12-07", "numberOfOccurrences": 4}});
        let kept = filled(&sent, "Pacific Standard Time");
        assert_eq!(
            kept,
            json!({"pattern": {"type": "weekly", "interval": 1, "month": 0, "dayOfMonth": 0, "daysOfWeek": ["monday"], "firstDayOfWeek": "sunday", "index": "first"},
                   "range": {"type": "numbered", "startDate": "2026-12-07", "endDate": "0001-01-01", "recurrenceTimeZone": "Pacific Standard Time", "numberOfOccurrences": 4}})
        );
        assert_eq!(Rule::parse(&kept), Rule::parse(&sent), "filling in changes no day");
    }
}
