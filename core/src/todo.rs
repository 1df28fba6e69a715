//! To Do tasks: what a new task and a change of state send to Graph, and how a due day reads.

use crate::date::CivilDate;
use crate::graph::models::{DateTimeTimeZone, Importance, TaskStatus, TodoTask};
use serde_json::{json, Map, Value};

/// The list id of *My Day* in routes: the tasks due today, or reminding today, of every list.
pub const MY_DAY: &str = "my-day";

/// A new task as typed: title, whether it is important, a note, and an optional due day
/// (`YYYY-MM-DD`) in the person's time zone.
pub struct NewTask<'a> {
    pub title: &'a str,
    pub important: bool,
    pub note: &'a str,
    pub due: Option<&'a str>,
    pub time_zone: &'a str,
}

impl NewTask<'_> {
    /// The fields Graph stores; `None` when the title is empty (a task needs one).
    pub fn to_graph(&self) -> Option<Value> {
        let title = self.title.trim();
        if title.is_empty() {
            return None;
        }
        let mut fields = json!({
            "title": title,
            "importance": if self.important { "high" } else { "normal" },
            "body": { "content": self.note, "contentType": "text" },
        });
        if let Some(due) = self.due.filter(|due| !due.is_empty()) {
            fields["dueDateTime"] = json!({ "dateTime": format!("{due}T00:00:00"), "timeZone": self.time_zone });
        }
        Some(fields)
    }
}

/// Completing a task, or opening it again.
pub fn status_change(completed: bool) -> Value {
    let status = if completed { TaskStatus::Completed } else { TaskStatus::NotStarted };
    json!({ "status": status })
}

/// How a task's due day reads beside today: words for the next two days, and a mark on
/// one that has passed while the task is still open.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Due {
    Overdue(CivilDate),
    Today,
    Tomorrow,
    Later(CivilDate),
}

pub fn due_on(due: CivilDate, today: CivilDate, completed: bool) -> Due {
    match due.days_since_epoch() - today.days_since_epoch() {
        ..0 if completed => Due::Later(due),
        ..0 => Due::Overdue(due),
        0 => Due::Today,
        1 => Due::Tomorrow,
        _ => Due::Later(due),
    }
}

/// A task as its edit form holds it: the due day `YYYY-MM-DD` and the reminder
/// `YYYY-MM-DDTHH:MM` in the person's zone, each empty when there is none.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TaskForm {
    pub title: String,
    pub due: String,
    pub reminder: String,
    pub important: bool,
    pub note: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TaskProblem {
    NoTitle,
    BadDue,
    BadReminder,
}

impl TaskForm {
    /// `to_local` turns a UTC moment, as To Do writes reminders, into the person's zone.
    pub fn from_task(task: &TodoTask, to_local: impl Fn(&str) -> Option<String>) -> TaskForm {
        let reminder = task.reminder_date_time.as_ref().filter(|_| task.is_reminder_on).and_then(|at| local_moment(at, &to_local));
        TaskForm {
            title: task.title.clone().unwrap_or_default(),
            due: task.due_date_time.as_ref().and_then(|due| due.date_time.get(..10)).unwrap_or_default().to_owned(),
            reminder: reminder.unwrap_or_default(),
            important: task.importance == Importance::High,
            note: task.body.as_ref().map(|body| body.content.clone()).unwrap_or_default(),
        }
    }

    /// Only what changed from `before`, as Graph takes it (`PATCH`), in `time_zone`.
    pub fn changes(&self, before: &TaskForm, time_zone: &str) -> Result<Value, TaskProblem> {
        let title = self.title.trim();
        if title.is_empty() {
            return Err(TaskProblem::NoTitle);
        }
        let mut changes = Map::new();
        if title != before.title {
            changes.insert("title".into(), json!(title));
        }
        if self.due != before.due {
            let due = match self.due.as_str() {
                "" => Value::Null,
                day if CivilDate::parse_iso(day).is_some() => json!({ "dateTime": format!("{day}T00:00:00"), "timeZone": time_zone }),
                _ => return Err(TaskProblem::BadDue),
            };
            changes.insert("dueDateTime".into(), due);
        }
        if self.reminder != before.reminder {
            match self.reminder.as_str() {
                "" => {
                    changes.insert("isReminderOn".into(), json!(false));
                }
                at if at.len() == 16 && CivilDate::parse_iso(&at[..10]).is_some() && at.as_bytes()[10] == b'T' => {
                    changes.insert("isReminderOn".into(), json!(true));
                    changes.insert("reminderDateTime".into(), json!({ "dateTime": format!("{at}:00"), "timeZone": time_zone }));
                }
                _ => return Err(TaskProblem::BadReminder),
            }
        }
        if self.important != before.important {
            changes.insert("importance".into(), json!(if self.important { "high" } else { "normal" }));
        }
        if self.note != before.note {
            changes.insert("body".into(), json!({ "content": self.note, "contentType": "text" }));
        }
        Ok(Value::Object(changes))
    }
}

fn local_moment(at: &DateTimeTimeZone, to_local: &impl Fn(&str) -> Option<String>) -> Option<String> {
    match at.time_zone.as_deref() {
        Some(zone) if !zone.eq_ignore_ascii_case("UTC") => at.date_time.get(..16).map(str::to_owned),
        _ => to_local(&at.date_time),
    }
}

/// Whether a task belongs in *My Day* on `today`: due then, or reminding then (the
/// reminder's day in the person's zone, through `to_local`).
pub fn in_my_day(task: &TodoTask, today: CivilDate, to_local: impl Fn(&str) -> Option<String>) -> bool {
    let day = today.to_string();
    let due_today = task.due_date_time.as_ref().and_then(|due| due.date_time.get(..10)) == Some(day.as_str());
    let reminds_today = task.is_reminder_on
        && task.reminder_date_time.as_ref().and_then(|at| local_moment(at, &to_local)).is_some_and(|at| at.starts_with(&day));
    due_today || reminds_today
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn due_days_read_as_words_near_today_and_overdue_when_passed() {
        let today = CivilDate::new(2026, 11, 30).unwrap();
        let day = |d: u8| CivilDate::new(2026, 11, d).unwrap();
        assert_eq!(due_on(day(29), today, false), Due::Overdue(day(29)));
        assert_eq!(due_on(day(29), today, true), Due::Later(day(29)), "a done task is not late");
        assert_eq!(due_on(today, today, false), Due::Today);
        assert_eq!(due_on(CivilDate::new(2026, 12, 1).unwrap(), today, false), Due::Tomorrow, "across a month's end");
        assert_eq!(due_on(CivilDate::new(2026, 12, 2).unwrap(), today, false), Due::Later(CivilDate::new(2026, 12, 2).unwrap()));
    }

    #[test]
    fn a_new_task_needs_a_title_and_keeps_its_due_day_in_the_persons_zone() {
        let task = NewTask { title: "  ", important: false, note: "", due: None, time_zone: "UTC" };
        assert_eq!(task.to_graph(), None);
        let task = NewTask { title: " Pay rent ", important: true, note: "by card", due: Some("2026-12-01"), time_zone: "Europe/Paris" };
        let fields = task.to_graph().unwrap();
        assert_eq!(fields["title"], "Pay rent");
        assert_eq!(fields["importance"], "high");
        assert_eq!(fields["dueDateTime"], json!({ "dateTime": "2026-12-01T00:00:00", "timeZone": "Europe/Paris" }));
        let undated = NewTask { due: Some(""), ..task };
        assert!(undated.to_graph().unwrap().get("dueDateTime").is_none());
    }

    #[test]
    fn states_are_sent_as_graph_names_them() {
        assert_eq!(status_change(true), json!({ "status": "completed" }));
        assert_eq!(status_change(false), json!({ "status": "notStarted" }));
    }

    fn task(due: Option<&str>, reminder: Option<(&str, &str)>) -> TodoTask {
        TodoTask {
            title: Some("Pay the invoice".into()),
            due_date_time: due.map(|d| DateTimeTimeZone { date_time: d.into(), time_zone: Some("UTC".into()) }),
            is_reminder_on: reminder.is_some(),
            reminder_date_time: reminder.map(|(at, zone)| DateTimeTimeZone { date_time: at.into(), time_zone: Some(zone.into()) }),
            ..TodoTask::default()
        }
    }

    /// A stand-in for the browser's zone conversion: UTC+1.
    fn plus_one(utc: &str) -> Option<String> {
        let hour: u32 = utc.get(11..13)?.parse().ok()?;
        Some(format!("{}{:02}{}", &utc[..11], hour + 1, &utc[13..16]))
    }

    #[test]
    fn the_form_sends_only_what_changed() {
        let before =
            TaskForm::from_task(&task(Some("2026-12-01T00:00:00.0000000"), Some(("2026-12-01T08:00:00.0000000", "UTC"))), plus_one);
        assert_eq!((before.due.as_str(), before.reminder.as_str()), ("2026-12-01", "2026-12-01T09:00"));
        let mut after = before.clone();
        assert_eq!(after.changes(&before, "Europe/Paris"), Ok(json!({})));
        after.title = "  Pay the invoice today ".into();
        after.reminder = String::new();
        after.important = true;
        assert_eq!(
            after.changes(&before, "Europe/Paris"),
            Ok(json!({"title": "Pay the invoice today", "isReminderOn": false, "importance": "high"}))
        );
        after.due = String::new();
        after.reminder = "2026-12-02T10:30".into();
        assert_eq!(
            after.changes(&before, "Europe/Paris").unwrap(),
            json!({"title": "Pay the invoice today", "dueDateTime": null, "isReminderOn": true,
                   "reminderDateTime": {"dateTime": "2026-12-02T10:30:00", "timeZone": "Europe/Paris"}, "importance": "high"})
        );
        after.reminder = "tomorrow".into();
        assert_eq!(after.changes(&before, "UTC"), Err(TaskProblem::BadReminder));
        after.title = " ".into();
        assert_eq!(after.changes(&before, "UTC"), Err(TaskProblem::NoTitle));
    }

    #[test]
    fn my_day_holds_what_is_due_or_reminds_today() {
        let today = CivilDate::parse_iso("2026-12-01").unwrap();
        assert!(in_my_day(&task(Some("2026-12-01T00:00:00.0000000"), None), today, plus_one));
        assert!(!in_my_day(&task(Some("2026-12-02T00:00:00.0000000"), None), today, plus_one));
        assert!(in_my_day(&task(None, Some(("2026-12-01T22:00:00.0000000", "UTC"))), today, plus_one));
        assert!(!in_my_day(&task(None, Some(("2026-11-30T23:30:00.0000000", "UTC"))), today, |_| Some("2026-11-30T23:30".into())));
    }
}
