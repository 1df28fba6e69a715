//! The folder pane: well-known folders first in Outlook's order, then the rest by name,
//! each followed by its child folders, indented.

use crate::graph::models::MailFolder;
use std::cmp::Ordering;
use std::collections::HashSet;

/// Well-known folder names in the order the pane shows them.
pub const WELL_KNOWN: [&str; 7] = ["inbox", "drafts", "sentitems", "archive", "deleteditems", "junkemail", "outbox"];

/// A folder as a route or an action names it: by one of Graph's well-known names (which
/// Graph accepts in place of an id), or by its id.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum FolderRef {
    WellKnown(&'static str),
    Id(String),
}

impl FolderRef {
    /// A well-known name (in any case) is taken as such; anything else is an id.
    pub fn parse(key: &str) -> FolderRef {
        match WELL_KNOWN.iter().find(|name| name.eq_ignore_ascii_case(key)) {
            Some(name) => FolderRef::WellKnown(name),
            None => FolderRef::Id(key.to_owned()),
        }
    }

    /// What goes into a Graph path or a `destinationId`.
    pub fn as_path_segment(&self) -> &str {
        match self {
            FolderRef::WellKnown(name) => name,
            FolderRef::Id(id) => id,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FolderRow {
    pub folder: MailFolder,
    pub depth: usize,
    /// The well-known name, when the folder is one.
    pub well_known: Option<&'static str>,
}

/// Orders `folders` (top-level and child folders together) into rows. `well_known` maps
/// well-known names to the ids this mailbox gives them; the others follow in the order
/// `names` gives their display names (the person's language, from the browser). A folder
/// whose parent is not in the list is top-level; a parent cycle in bad data cannot loop.
pub fn tree(folders: &[MailFolder], well_known: &[(&'static str, String)], names: &dyn Fn(&str, &str) -> Ordering) -> Vec<FolderRow> {
    let ids: HashSet<&str> = folders.iter().map(|folder| folder.id.as_str()).collect();
    let name_of = |folder: &MailFolder| well_known.iter().find(|(_, id)| *id == folder.id).map(|(name, _)| *name);
    let rank = |folder: &MailFolder| {
        name_of(folder).and_then(|name| WELL_KNOWN.iter().position(|known| *known == name)).unwrap_or(WELL_KNOWN.len())
    };
    let by_name = |a: &&MailFolder, b: &&MailFolder| names(&a.display_name, &b.display_name);
    let by_rank = |a: &&MailFolder, b: &&MailFolder| rank(a).cmp(&rank(b)).then_with(|| by_name(a, b));
    let mut roots: Vec<&MailFolder> = folders
        .iter()
        .filter(|folder| folder.parent_folder_id.as_deref().is_none_or(|parent| !ids.contains(parent) || parent == folder.id))
        .collect();
    crate::sort::sort_by(&mut roots, by_rank);
    // Folders caught in a parent cycle have no root above them; they still get shown.
    let mut orphans: Vec<&MailFolder> = folders.iter().filter(|folder| !roots.iter().any(|root| root.id == folder.id)).collect();
    crate::sort::sort_by(&mut orphans, by_rank);
    let mut rows = Vec::new();
    let mut seen: HashSet<&str> = HashSet::new();
    for start in roots.into_iter().chain(orphans) {
        let mut stack = vec![(start, 0)];
        while let Some((folder, depth)) = stack.pop() {
            if !seen.insert(folder.id.as_str()) {
                continue;
            }
            rows.push(FolderRow { folder: folder.clone(), depth, well_known: name_of(folder) });
            let mut children: Vec<&MailFolder> = folders
                .iter()
                .filter(|child| child.parent_folder_id.as_deref() == Some(folder.id.as_str()) && child.id != folder.id)
                .collect();
            crate::sort::sort_by(&mut children, by_name);
            stack.extend(children.into_iter().rev().map(|child| (child, depth + 1)));
        }
    }
    rows
}

/// Adds `by` (negative to remove) to a folder's unread count, never below zero.
pub fn adjust_unread(folders: &mut [MailFolder], folder_id: &str, by: i32) {
    if let Some(folder) = folders.iter_mut().find(|folder| folder.id == folder_id) {
        folder.unread_item_count = folder.unread_item_count.saturating_add_signed(by);
    }
}

/// Adds `by` to a folder's total count, never below zero.
pub fn adjust_total(folders: &mut [MailFolder], folder_id: &str, by: i32) {
    if let Some(folder) = folders.iter_mut().find(|folder| folder.id == folder_id) {
        folder.total_item_count = folder.total_item_count.saturating_add_signed(by);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Stands in for the browser's collation, which these tests do not have.
    fn ignoring_case(a: &str, b: &str) -> Ordering {
        a.to_lowercase().cmp(&b.to_lowercase())
    }

    #[test]
    fn names_are_ordered_as_the_caller_says() {
        let folders = vec![folder("b", "Bills", "root"), folder("e", "Émile", "root"), folder("f", "Family", "root")];
        let accents_as_letters = |a: &str, b: &str| a.replace('É', "E").cmp(&b.replace('É', "E"));
        let ids: Vec<String> = tree(&folders, &[], &accents_as_letters).into_iter().map(|row| row.folder.id).collect();
        assert_eq!(ids, ["b", "e", "f"]);
    }

    #[test]
    fn folder_references_are_well_known_names_or_ids() {
        assert_eq!(FolderRef::parse("Inbox"), FolderRef::WellKnown("inbox"));
        assert_eq!(FolderRef::parse("deleteditems").as_path_segment(), "deleteditems");
        assert_eq!(FolderRef::parse("AAMkAGI2="), FolderRef::Id("AAMkAGI2=".into()));
        assert_eq!(FolderRef::parse("AAMkAGI2=").as_path_segment(), "AAMkAGI2=");
    }

    fn folder(id: &str, name: &str, parent: &str) -> MailFolder {
        MailFolder { id: id.into(), display_name: name.into(), parent_folder_id: Some(parent.into()), ..MailFolder::default() }
    }

    #[test]
    fn well_known_first_then_by_name_with_children_indented() {
        let folders = vec![
            folder("z", "Zebra", "root"),
            folder("s", "Sent Items", "root"),
            folder("i", "Inbox", "root"),
            folder("c2", "beta", "i"),
            folder("c1", "Alpha", "i"),
            folder("g", "grandchild", "c1"),
            folder("a", "Accounts", "root"),
        ];
        let known = [("inbox", "i".to_string()), ("sentitems", "s".to_string())];
        let rows = tree(&folders, &known, &ignoring_case);
        let shape: Vec<(&str, usize)> = rows.iter().map(|row| (row.folder.id.as_str(), row.depth)).collect();
        assert_eq!(shape, [("i", 0), ("c1", 1), ("g", 2), ("c2", 1), ("s", 0), ("a", 0), ("z", 0)]);
        assert_eq!(rows[0].well_known, Some("inbox"));
        assert_eq!(rows[5].well_known, None);
    }

    #[test]
    fn cycles_and_self_parents_do_not_loop() {
        let folders = vec![folder("a", "A", "b"), folder("b", "B", "a"), folder("c", "C", "c")];
        let rows = tree(&folders, &[], &ignoring_case);
        let ids: Vec<&str> = rows.iter().map(|row| row.folder.id.as_str()).collect();
        assert_eq!(ids, ["c", "a", "b"], "every folder appears once");
    }

    #[test]
    fn counts_never_go_negative() {
        let mut folders = vec![folder("i", "Inbox", "root")];
        adjust_unread(&mut folders, "i", -1);
        adjust_unread(&mut folders, "i", 2);
        adjust_total(&mut folders, "i", 3);
        adjust_total(&mut folders, "missing", 3);
        assert_eq!((folders[0].unread_item_count, folders[0].total_item_count), (2, 3));
    }
}
