//! Which messages are new since the inbox was last looked at, for notifications. The first
//! look only sets the mark: mail that was there when the tab opened is not news.

use crate::graph::models::Message;

/// The unread messages of `newest_first` received after `seen` (a `receivedDateTime`), and
/// the mark for the next look. Without a mark yet, none is new.
pub fn arrivals<'a>(seen: Option<&str>, newest_first: &'a [Message]) -> (Vec<&'a Message>, String) {
    let newest = newest_first.iter().filter_map(|m| m.received_date_time.as_deref()).max().unwrap_or_default();
    let mark = match seen {
        Some(seen) if seen > newest => seen,
        _ => newest,
    };
    let Some(seen) = seen else { return (Vec::new(), mark.to_owned()) };
    let new = newest_first.iter().filter(|m| !m.is_read && m.received_date_time.as_deref().is_some_and(|at| at > seen)).collect();
    (new, mark.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(id: &str, at: &str, read: bool) -> Message {
        Message { id: id.into(), received_date_time: Some(at.into()), is_read: read, ..Message::default() }
    }

    #[test]
    fn the_first_look_marks_and_later_ones_find_unread_arrivals() {
        let page = [message("b", "2026-12-01T09:00:00Z", false), message("a", "2026-12-01T08:00:00Z", false)];
        let (new, mark) = arrivals(None, &page);
        assert!(new.is_empty());
        assert_eq!(mark, "2026-12-01T09:00:00Z");
        let later = [message("d", "2026-12-01T09:05:00Z", true), message("c", "2026-12-01T09:01:00Z", false), page[0].clone()];
        let (new, mark) = arrivals(Some(&mark), &later);
        assert_eq!(new.iter().map(|m| m.id.as_str()).collect::<Vec<_>>(), ["c"]);
        assert_eq!(mark, "2026-12-01T09:05:00Z");
        // An empty inbox, or one emptied, keeps the mark.
        assert_eq!(arrivals(Some(&mark), &[]).1, mark);
    }
}
