//! The message list: which page to ask Graph for, which rows to put in the DOM, and how a
//! date is shown.

use crate::date::CivilDate;
use crate::graph::models::Message;
use crate::percent::encode_segment;

/// Only what a list row shows (docs/architecture.md, "Performance budgets": `$select` only the fields shown).
pub const LIST_FIELDS: &str =
    "id,subject,bodyPreview,from,toRecipients,receivedDateTime,isRead,isDraft,hasAttachments,importance,flag,categories,inferenceClassification,conversationId,parentFolderId";

/// The Graph path of a mailbox: the signed-in person's, or a shared or delegated one.
pub fn mailbox_path(owner: Option<&str>) -> String {
    match owner {
        Some(owner) => format!("/users/{}", encode_segment(owner)),
        None => "/me".to_owned(),
    }
}

/// Focused Inbox's two halves of the inbox (`inferenceClassification`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InboxTab {
    Focused,
    Other,
}

impl InboxTab {
    pub fn as_str(self) -> &'static str {
        match self {
            InboxTab::Focused => "focused",
            InboxTab::Other => "other",
        }
    }

    /// The other half: where "Move to Other" (or Focused) sends a message.
    pub fn opposite(self) -> InboxTab {
        match self {
            InboxTab::Focused => InboxTab::Other,
            InboxTab::Other => InboxTab::Focused,
        }
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Filter {
    #[default]
    All,
    Unread,
    Flagged,
    WithAttachments,
}

impl Filter {
    pub const ALL: [Filter; 4] = [Filter::All, Filter::Unread, Filter::Flagged, Filter::WithAttachments];

    pub fn slug(self) -> &'static str {
        match self {
            Filter::All => "all",
            Filter::Unread => "unread",
            Filter::Flagged => "flagged",
            Filter::WithAttachments => "attachments",
        }
    }
}

/// Newest first; messages without a date last.
pub fn sort_newest_first(messages: &mut Vec<Message>) {
    crate::sort::sort_by(messages, |a, b| b.received_date_time.cmp(&a.received_date_time));
}

/// Rows `[first, last)` to render: those in view plus `margin` either side.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Window {
    pub first: usize,
    pub last: usize,
}

pub fn visible_rows(scroll_top: u32, viewport_height: u32, row_height: u32, total: usize, margin: usize) -> Window {
    let row_height = row_height.max(1);
    let top_row = (scroll_top / row_height) as usize;
    let in_view = viewport_height.div_ceil(row_height) as usize + 1;
    let first = top_row.saturating_sub(margin).min(total);
    let last = (top_row + in_view + margin).min(total);
    Window { first, last }
}

/// Whether the list is close enough to its end to ask for the next page.
pub fn near_end(window: Window, total: usize, margin: usize) -> bool {
    window.last + margin >= total
}

/// How a date in the list is written: today as a time, this year without the year.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateStyle {
    Time,
    DayAndMonth,
    Full,
}

pub fn date_style(date: CivilDate, today: CivilDate) -> DateStyle {
    if date == today {
        DateStyle::Time
    } else if date.year() == today.year() {
        DateStyle::DayAndMonth
    } else {
        DateStyle::Full
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mailbox_paths() {
        assert_eq!(mailbox_path(None), "/me");
        assert_eq!(mailbox_path(Some("megan@contoso.example")), "/users/megan%40contoso.example");
    }

    #[test]
    fn only_rows_in_view_and_a_margin_are_rendered() {
        let window = visible_rows(0, 600, 60, 10_000, 10);
        assert_eq!(window, Window { first: 0, last: 21 });
        let deep = visible_rows(60 * 5_000, 600, 60, 10_000, 10);
        assert_eq!(deep, Window { first: 4_990, last: 5_021 });
        assert!(deep.last - deep.first < 200);
        assert_eq!(visible_rows(60 * 9_999, 600, 60, 10_000, 10).last, 10_000);
        assert_eq!(visible_rows(0, 600, 0, 3, 10), Window { first: 0, last: 3 });
        assert!(near_end(Window { first: 0, last: 95 }, 100, 10));
        assert!(!near_end(Window { first: 0, last: 50 }, 100, 10));
    }

    #[test]
    fn dates_are_shorter_the_closer_they_are() {
        let today = CivilDate::new(2026, 11, 24).unwrap();
        assert_eq!(date_style(today, today), DateStyle::Time);
        assert_eq!(date_style(CivilDate::new(2026, 1, 2).unwrap(), today), DateStyle::DayAndMonth);
        assert_eq!(date_style(CivilDate::new(2025, 12, 31).unwrap(), today), DateStyle::Full);
    }

    #[test]
    fn newest_first_with_undated_last() {
        let dated = |id: &str, at: Option<&str>| Message { id: id.into(), received_date_time: at.map(str::to_owned), ..Message::default() };
        let mut messages =
            vec![dated("old", Some("2026-01-01T00:00:00Z")), dated("none", None), dated("new", Some("2026-11-01T00:00:00Z"))];
        sort_newest_first(&mut messages);
        let ids: Vec<&str> = messages.iter().map(|m| m.id.as_str()).collect();
        assert_eq!(ids, ["new", "old", "none"]);
    }
}
