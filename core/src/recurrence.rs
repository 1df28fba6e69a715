//! Recurring series: the choices the event form offers, what they send to Graph as a
//! `patternedRecurrence`, and how a series reads in words.

use crate::date::CivilDate;
use crate::graph::models::PatternedRecurrence;
use crate::json::FromJson;
use serde::Serialize;
use serde_json::{json, Value};

/// The most occurrences a series may be given by count, as Outlook allows.
pub const MOST_OCCURRENCES: u32 = 999;
/// The longest step between occurrences the form takes.
pub const LONGEST_INTERVAL: u32 = 99;

/// Graph's day names, Monday first as [`CivilDate::weekday`] counts.
pub const DAYS: [&str; 7] = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
const DAY_LABELS: [&str; 7] = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
const MONTH_LABELS: [&str; 12] =
    ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
/// Graph's `weekIndex` values; a day in a month's fifth week is its last.
const WEEK_INDEXES: [&str; 5] = ["first", "second", "third", "fourth", "last"];
/// Tern's weeks start on Monday, so a series every other week counts weeks that way.
const FIRST_DAY_OF_WEEK: &str = "monday";

/// How often a series meets, as the form offers it. The day of the month, the weekday
/// and the month come from the event's start, as in Outlook.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, FromJson)]
pub enum Frequency {
    #[default]
    Once,
    Daily,
    Weekly,
    MonthlyOnDay,
    MonthlyOnWeekday,
    YearlyOnDay,
    YearlyOnWeekday,
}

impl Frequency {
    pub const ALL: [Frequency; 7] = [
        Frequency::Once,
        Frequency::Daily,
        Frequency::Weekly,
        Frequency::MonthlyOnDay,
        Frequency::MonthlyOnWeekday,
        Frequency::YearlyOnDay,
        Frequency::YearlyOnWeekday,
    ];

    /// A stable name for a form's `<option value>`.
    pub fn key(self) -> &'static str {
        match self {
            Frequency::Once => "once",
            Frequency::Daily => "daily",
            Frequency::Weekly => "weekly",
            Frequency::MonthlyOnDay => "monthly-day",
            Frequency::MonthlyOnWeekday => "monthly-weekday",
            Frequency::YearlyOnDay => "yearly-day",
            Frequency::YearlyOnWeekday => "yearly-weekday",
        }
    }

    pub fn from_key(key: &str) -> Option<Frequency> {
        Frequency::ALL.into_iter().find(|f| f.key() == key)
    }

    /// The choice as it reads for a series starting on `start`, e.g. "Monthly on the
    /// second Tuesday".
    pub fn label(self, start: Option<CivilDate>) -> String {
        let Some(start) = start else {
            return match self {
                Frequency::Once => "Does not repeat",
                Frequency::Daily => "Daily",
                Frequency::Weekly => "Weekly",
                Frequency::MonthlyOnDay | Frequency::MonthlyOnWeekday => "Monthly",
                Frequency::YearlyOnDay | Frequency::YearlyOnWeekday => "Yearly",
            }
            .to_owned();
        };
        match self {
            Frequency::Once | Frequency::Daily | Frequency::Weekly => Frequency::label(self, None),
            Frequency::MonthlyOnDay => format!("Monthly on day {}", start.day()),
            Frequency::MonthlyOnWeekday => format!("Monthly on the {}", nth_weekday(start)),
            Frequency::YearlyOnDay => format!("Yearly on {}", month_day(start)),
            Frequency::YearlyOnWeekday => format!("Yearly on the {} of {}", nth_weekday(start), month_label(start.month().into())),
        }
    }

    /// What the step between occurrences counts, for an "every N …" field.
    pub fn unit(self) -> &'static str {
        match self {
            Frequency::Once => "",
            Frequency::Daily => "days",
            Frequency::Weekly => "weeks",
            Frequency::MonthlyOnDay | Frequency::MonthlyOnWeekday => "months",
            Frequency::YearlyOnDay | Frequency::YearlyOnWeekday => "years",
        }
    }
}

/// When a series stops.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, FromJson)]
pub enum Ends {
    #[default]
    Never,
    OnDate,
    AfterCount,
}

/// A series as the event form holds it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, FromJson)]
#[serde(default)]
pub struct Repeat {
    pub frequency: Frequency,
    /// Every how many days, weeks, months or years.
    pub interval: u32,
    /// The days of a weekly series, as Graph names them, Monday first.
    pub days: Vec<String>,
    pub ends: Ends,
    /// The last day (`YYYY-MM-DD`) when it ends on a date.
    pub until: String,
    /// How many occurrences when it ends after a count.
    pub count: u32,
}

impl Default for Repeat {
    fn default() -> Repeat {
        Repeat { frequency: Frequency::Once, interval: 1, days: Vec::new(), ends: Ends::Never, until: String::new(), count: 10 }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RepeatProblem {
    NoDays,
    BadInterval,
    BadUntil,
    UntilBeforeStart,
    BadCount,
}

impl std::fmt::Display for RepeatProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::NoDays => write!(f, "Choose at least one day of the week for the series"),
            Self::BadInterval => write!(f, "Repeat every 1 to {LONGEST_INTERVAL}"),
            Self::BadUntil => write!(f, "Give the day the series ends"),
            Self::UntilBeforeStart => write!(f, "The series must end on or after its first day"),
            Self::BadCount => write!(f, "A series has 1 to {MOST_OCCURRENCES} occurrences"),
        }
    }
}

impl Repeat {
    /// Picks how often the series meets; a weekly series starts out on the start's weekday.
    pub fn choose(&mut self, frequency: Frequency, start: Option<CivilDate>) {
        self.frequency = frequency;
        if frequency == Frequency::Weekly && self.days.is_empty() {
            if let Some(start) = start {
                self.days = vec![DAYS[usize::from(start.weekday())].to_owned()];
            }
        }
    }

    /// Picks when the series ends; a date to end on starts out a month after the start.
    pub fn choose_end(&mut self, ends: Ends, start: Option<CivilDate>) {
        self.ends = ends;
        if ends == Ends::OnDate && CivilDate::parse_iso(&self.until).is_none() {
            if let Some(start) = start {
                self.until = start.add_months(1).to_string();
            }
        }
    }

    /// Adds a day to a weekly series, or takes it out; kept in week order.
    pub fn toggle_day(&mut self, day: &str) {
        match self.days.iter().position(|d| d == day) {
            Some(index) => {
                self.days.remove(index);
            }
            None => {
                self.days.push(day.to_owned());
                crate::sort::sort_by_key(&mut self.days, |d| DAYS.iter().position(|known| known == d));
            }
        }
    }

    /// The `recurrence` Graph takes for a series whose first day is `start`, times in
    /// `zone`; `None` when the event does not repeat.
    pub fn to_graph(&self, start: CivilDate, zone: &str) -> Result<Option<Value>, RepeatProblem> {
        if self.frequency == Frequency::Once {
            return Ok(None);
        }
        if !(1..=LONGEST_INTERVAL).contains(&self.interval) {
            return Err(RepeatProblem::BadInterval);
        }
        let weekday = DAYS[usize::from(start.weekday())];
        let index = WEEK_INDEXES[usize::from((start.day() - 1) / 7)];
        let pattern = match self.frequency {
            Frequency::Once => unreachable!("handled above"),
            Frequency::Daily => json!({ "type": "daily", "interval": self.interval }),
            Frequency::Weekly => {
                if self.days.is_empty() {
                    return Err(RepeatProblem::NoDays);
                }
                json!({ "type": "weekly", "interval": self.interval, "daysOfWeek": self.days, "firstDayOfWeek": FIRST_DAY_OF_WEEK })
            }
            Frequency::MonthlyOnDay => json!({ "type": "absoluteMonthly", "interval": self.interval, "dayOfMonth": start.day() }),
            Frequency::MonthlyOnWeekday => {
                json!({ "type": "relativeMonthly", "interval": self.interval, "daysOfWeek": [weekday], "index": index })
            }
            Frequency::YearlyOnDay => {
                json!({ "type": "absoluteYearly", "interval": self.interval, "dayOfMonth": start.day(), "month": start.month() })
            }
            Frequency::YearlyOnWeekday => json!({
                "type": "relativeYearly", "interval": self.interval, "daysOfWeek": [weekday], "index": index, "month": start.month()
            }),
        };
        let mut range = match self.ends {
            Ends::Never => json!({ "type": "noEnd", "startDate": start.to_string() }),
            Ends::OnDate => {
                let until = CivilDate::parse_iso(self.until.trim()).ok_or(RepeatProblem::BadUntil)?;
                if until < start {
                    return Err(RepeatProblem::UntilBeforeStart);
                }
                json!({ "type": "endDate", "startDate": start.to_string(), "endDate": until.to_string() })
            }
            Ends::AfterCount => {
                if !(1..=MOST_OCCURRENCES).contains(&self.count) {
                    return Err(RepeatProblem::BadCount);
                }
                json!({ "type": "numbered", "startDate": start.to_string(), "numberOfOccurrences": self.count })
            }
        };
        range["recurrenceTimeZone"] = Value::from(zone);
        Ok(Some(json!({ "pattern": pattern, "range": range })))
    }

    /// The form's view of a series Graph has.
    pub fn from_graph(recurrence: &PatternedRecurrence) -> Repeat {
        let pattern = &recurrence.pattern;
        let frequency = match pattern.kind.as_str() {
            "daily" => Frequency::Daily,
            "weekly" => Frequency::Weekly,
            "absoluteMonthly" => Frequency::MonthlyOnDay,
            "relativeMonthly" => Frequency::MonthlyOnWeekday,
            "absoluteYearly" => Frequency::YearlyOnDay,
            "relativeYearly" => Frequency::YearlyOnWeekday,
            _ => Frequency::Once,
        };
        let range = &recurrence.range;
        let ends = match range.kind.as_str() {
            "endDate" => Ends::OnDate,
            "numbered" => Ends::AfterCount,
            _ => Ends::Never,
        };
        let mut days: Vec<String> = pattern.days_of_week.iter().map(|d| d.to_ascii_lowercase()).collect();
        crate::sort::sort_by_key(&mut days, |d| DAYS.iter().position(|known| known == d));
        Repeat {
            frequency,
            interval: pattern.interval.max(1),
            days: if frequency == Frequency::Weekly { days } else { Vec::new() },
            ends,
            until: range.end_date.clone().filter(|_| ends == Ends::OnDate).unwrap_or_default(),
            count: if ends == Ends::AfterCount { range.number_of_occurrences } else { Repeat::default().count },
        }
    }
}

/// A series in words, as the event details show it: "Every 2 weeks on Monday and
/// Thursday, 4 times".
pub fn describe(recurrence: &PatternedRecurrence) -> String {
    let pattern = &recurrence.pattern;
    let every = |unit: &str| match pattern.interval {
        0 | 1 => format!("Every {unit}"),
        n => format!("Every {n} {unit}s"),
    };
    let days = join(pattern.days_of_week.iter().map(|d| day_label(d)).collect());
    let nth = || format!("the {} {}", pattern.index.as_deref().unwrap_or("first"), days);
    let month = month_label(pattern.month);
    let mut text = match pattern.kind.as_str() {
        "daily" => every("day"),
        "weekly" => format!("{} on {days}", every("week")),
        "absoluteMonthly" => format!("{} on day {}", every("month"), pattern.day_of_month),
        "relativeMonthly" => format!("{} on {}", every("month"), nth()),
        "absoluteYearly" => format!("{} on {month} {}", every("year"), pattern.day_of_month),
        "relativeYearly" => format!("{} on {} of {month}", every("year"), nth()),
        _ => "Repeats".to_owned(),
    };
    let range = &recurrence.range;
    match (range.kind.as_str(), range.end_date.as_deref()) {
        ("endDate", Some(until)) => text.push_str(&format!(", until {until}")),
        ("numbered", _) if range.number_of_occurrences == 1 => text.push_str(", once"),
        ("numbered", _) => text.push_str(&format!(", {} times", range.number_of_occurrences)),
        _ => {}
    }
    text
}

fn day_label(day: &str) -> &str {
    DAYS.iter().position(|known| known.eq_ignore_ascii_case(day)).map_or(day, |index| DAY_LABELS[index])
}

fn month_label(month: u32) -> &'static str {
    MONTH_LABELS.get((month as usize).wrapping_sub(1)).copied().unwrap_or("")
}

fn month_day(date: CivilDate) -> String {
    format!("{} {}", month_label(date.month().into()), date.day())
}

/// "second Tuesday": which of its weekdays in the month `date` is.
fn nth_weekday(date: CivilDate) -> String {
    format!("{} {}", WEEK_INDEXES[usize::from((date.day() - 1) / 7)], DAY_LABELS[usize::from(date.weekday())])
}

/// "Monday", "Monday and Thursday", "Monday, Wednesday and Friday".
fn join(items: Vec<&str>) -> String {
    match items.split_last() {
        None => String::new(),
        Some((last, [])) => (*last).to_owned(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> CivilDate {
        CivilDate::parse_iso(text).unwrap()
    }

    fn series(repeat: &Repeat, start: &str) -> Value {
        repeat.to_graph(day(start), "Europe/Berlin").unwrap().expect("a series")
    }

    #[test]
    fn each_choice_sends_the_pattern_outlook_would() {
        let mut repeat = Repeat::default();
        assert_eq!(repeat.to_graph(day("2026-12-08"), "UTC"), Ok(None));
        // 8 December 2026 is the second Tuesday of the month.
        repeat.choose(Frequency::Weekly, Some(day("2026-12-08")));
        repeat.toggle_day("monday");
        let weekly = series(&repeat, "2026-12-08");
        assert_eq!(weekly["pattern"]["daysOfWeek"], json!(["monday", "tuesday"]));
        assert_eq!(weekly["range"], json!({"type": "noEnd", "startDate": "2026-12-08", "recurrenceTimeZone": "Europe/Berlin"}));
        repeat.choose(Frequency::MonthlyOnWeekday, Some(day("2026-12-08")));
        repeat.interval = 2;
        repeat.choose_end(Ends::AfterCount, None);
        repeat.count = 4;
        let monthly = series(&repeat, "2026-12-08");
        assert_eq!(monthly["pattern"], json!({"type": "relativeMonthly", "interval": 2, "daysOfWeek": ["tuesday"], "index": "second"}));
        assert_eq!(monthly["range"]["numberOfOccurrences"], 4);
        repeat.choose(Frequency::YearlyOnDay, None);
        repeat.choose_end(Ends::OnDate, Some(day("2026-12-08")));
        assert_eq!(repeat.until, "2027-01-08");
        let yearly = series(&repeat, "2026-12-08");
        assert_eq!(yearly["pattern"], json!({"type": "absoluteYearly", "interval": 2, "dayOfMonth": 8, "month": 12}));
        assert_eq!(yearly["range"]["endDate"], "2027-01-08");
        repeat.choose(Frequency::MonthlyOnWeekday, None);
        assert_eq!(series(&repeat, "2026-12-29")["pattern"]["index"], "last", "a fifth Tuesday is the last");
    }

    #[test]
    fn what_graph_would_refuse_is_caught_first() {
        let start = day("2026-12-08");
        let weekly = Repeat { frequency: Frequency::Weekly, ..Repeat::default() };
        assert_eq!(weekly.to_graph(start, "UTC"), Err(RepeatProblem::NoDays));
        let daily = Repeat { frequency: Frequency::Daily, ..Repeat::default() };
        assert_eq!(Repeat { interval: 0, ..daily.clone() }.to_graph(start, "UTC"), Err(RepeatProblem::BadInterval));
        assert_eq!(Repeat { ends: Ends::AfterCount, count: 0, ..daily.clone() }.to_graph(start, "UTC"), Err(RepeatProblem::BadCount));
        let on = |until: &str| Repeat { ends: Ends::OnDate, until: until.into(), ..daily.clone() }.to_graph(start, "UTC");
        assert_eq!(on("soon"), Err(RepeatProblem::BadUntil));
        assert_eq!(on("2026-12-07"), Err(RepeatProblem::UntilBeforeStart));
        assert!(on("2026-12-08").is_ok(), "a series may end on its first day");
    }

    #[test]
    fn a_series_from_graph_comes_back_as_it_was_chosen() {
        let mut chosen = Repeat::default();
        chosen.choose(Frequency::Weekly, Some(day("2026-12-10")));
        chosen.toggle_day("monday");
        chosen.interval = 2;
        chosen.choose_end(Ends::AfterCount, None);
        chosen.count = 4;
        let sent: PatternedRecurrence = crate::json::from_value(&series(&chosen, "2026-12-10")).unwrap();
        assert_eq!(Repeat::from_graph(&sent), chosen);
        assert_eq!(describe(&sent), "Every 2 weeks on Monday and Thursday, 4 times");
    }

    #[test]
    fn series_read_in_words() {
        let read = |value: Value| describe(&crate::json::from_value(&value).unwrap());
        assert_eq!(
            read(json!({"pattern": {"type": "relativeMonthly", "interval": 1, "daysOfWeek": ["tuesday"], "index": "second"},
                        "range": {"type": "endDate", "startDate": "2026-12-08", "endDate": "2027-06-30"}})),
            "Every month on the second Tuesday, until 2027-06-30"
        );
        assert_eq!(
            read(json!({"pattern": {"type": "absoluteYearly", "interval": 1, "dayOfMonth": 14, "month": 2}, "range": {"type": "noEnd"}})),
            "Every year on February 14"
        );
        assert_eq!(
            read(
                json!({"pattern": {"type": "weekly", "interval": 1, "daysOfWeek": ["Monday", "Wednesday", "Friday"]}, "range": {"type": "numbered", "numberOfOccurrences": 1}})
            ),
            "Every week on Monday, Wednesday and Friday, once"
        );
        assert_eq!(Frequency::MonthlyOnWeekday.label(Some(day("2026-12-08"))), "Monthly on the second Tuesday");
        assert_eq!(Frequency::YearlyOnWeekday.label(Some(day("2026-11-27"))), "Yearly on the fourth Friday of November");
    }
}
