//! To Do tasks: what a new task and a change of state send to Graph, and how a due day reads.

use crate::date::CivilDate;
use crate::graph::models::TaskStatus;
use serde_json::{json, Value};

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
}
