//! Choosing many messages: a checkbox or Ctrl/⌘+click adds or takes out one, Shift+click
//! takes in every row from the last one chosen, `x` the open one. Then one change for all.

use crate::graph::models::Message;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Selection {
    /// The chosen ids, in the order they were chosen.
    pub chosen: Vec<String>,
    /// Where a Shift+click range starts: the last row chosen or taken out one by one.
    pub anchor: Option<String>,
}

impl Selection {
    pub fn is_chosen(&self, id: &str) -> bool {
        self.chosen.iter().any(|known| known == id)
    }

    /// Adds `id`, or takes it out when it is there; either way the next range starts here.
    pub fn toggle(&mut self, id: &str) {
        match self.chosen.iter().position(|known| known == id) {
            Some(index) => {
                self.chosen.remove(index);
            }
            None => self.chosen.push(id.to_owned()),
        }
        self.anchor = Some(id.to_owned());
    }

    /// Adds every row from the anchor to `id` in the list's `order` (both ends included);
    /// without an anchor in the list, only `id`.
    pub fn extend_to(&mut self, order: &[&str], id: &str) {
        let Some(to) = order.iter().position(|known| *known == id) else { return };
        let from = self.anchor.as_deref().and_then(|anchor| order.iter().position(|known| *known == anchor)).unwrap_or(to);
        for known in &order[from.min(to)..=from.max(to)] {
            if !self.is_chosen(known) {
                self.chosen.push((*known).to_owned());
            }
        }
        self.anchor = Some(id.to_owned());
    }

    /// Forgets ids that left the list (moved, deleted, another folder).
    pub fn keep_only(&mut self, present: impl Fn(&str) -> bool) {
        self.chosen.retain(|id| present(id));
        if self.anchor.as_deref().is_some_and(|anchor| !present(anchor)) {
            self.anchor = None;
        }
    }
}

/// One change for every chosen message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Bulk {
    Read(bool),
    Flag(bool),
    /// To a folder, by well-known name or id.
    Move(String),
    /// To Deleted Items; from Deleted Items, gone for good.
    Delete,
    /// Sets the category on all of them, or takes it off all when every one has it, as
    /// Outlook does.
    Categorize(String),
}

/// Whether categorising `messages` with `name` takes it off (every one has it) or sets it.
pub fn takes_category_off(messages: &[Message], name: &str) -> bool {
    !messages.is_empty() && messages.iter().all(|m| m.categories.iter().any(|c| c.eq_ignore_ascii_case(name)))
}

#[cfg(test)]
mod tests {
    use super::*;

    const ORDER: [&str; 5] = ["a", "b", "c", "d", "e"];

    #[test]
    fn toggling_adds_and_takes_out_and_moves_the_anchor() {
        let mut selection = Selection::default();
        selection.toggle("b");
        selection.toggle("d");
        assert_eq!(selection.chosen, ["b", "d"]);
        selection.toggle("b");
        assert_eq!((selection.chosen.clone(), selection.anchor.as_deref()), (vec!["d".to_owned()], Some("b")));
    }

    #[test]
    fn a_range_runs_from_the_anchor_either_way_and_keeps_what_was_chosen() {
        let mut selection = Selection::default();
        selection.toggle("d");
        selection.extend_to(&ORDER, "b");
        assert_eq!(selection.chosen, ["d", "b", "c"]);
        selection.extend_to(&ORDER, "e");
        assert_eq!(selection.chosen, ["d", "b", "c", "e"]);
        let mut fresh = Selection::default();
        fresh.extend_to(&ORDER, "c");
        assert_eq!(fresh.chosen, ["c"]);
        fresh.extend_to(&ORDER, "gone");
        assert_eq!(fresh.chosen, ["c"]);
    }

    #[test]
    fn ids_that_leave_the_list_leave_the_selection() {
        let mut selection = Selection::default();
        selection.toggle("a");
        selection.toggle("c");
        selection.keep_only(|id| id != "c");
        assert_eq!((selection.chosen.clone(), selection.anchor), (vec!["a".to_owned()], None));
    }

    #[test]
    fn a_category_comes_off_only_when_all_have_it() {
        let with = |names: &[&str]| Message { categories: names.iter().map(|n| (*n).to_owned()).collect(), ..Message::default() };
        assert!(takes_category_off(&[with(&["Red category"]), with(&["red category", "Blue"])], "Red category"));
        assert!(!takes_category_off(&[with(&["Red category"]), with(&[])], "Red category"));
        assert!(!takes_category_off(&[], "Red category"));
    }
}
