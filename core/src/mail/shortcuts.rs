//! Keyboard shortcuts of the mail screen, documented in the README.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MailAction {
    Next,
    Previous,
    Reply,
    ReplyAll,
    Forward,
    NewMessage,
    Delete,
    Archive,
    ToggleRead,
    ToggleFlag,
    Search,
    Close,
    /// Adds the open message to the chosen ones, or takes it out.
    ToggleChosen,
}

/// The action for a key press, or `None` for keys the mail screen leaves alone. Presses
/// with Ctrl, Alt or Meta belong to the browser, except none; typing in a field never
/// reaches here (the caller checks the target).
pub fn action_for(key: &str, shift: bool, modifier: bool) -> Option<MailAction> {
    if modifier {
        return None;
    }
    Some(match (key, shift) {
        ("j" | "ArrowDown", false) => MailAction::Next,
        ("k" | "ArrowUp", false) => MailAction::Previous,
        ("r", false) => MailAction::Reply,
        ("R" | "r", true) | ("a", false) => MailAction::ReplyAll,
        ("f", false) => MailAction::Forward,
        ("n" | "c", false) => MailAction::NewMessage,
        ("Delete" | "#", _) => MailAction::Delete,
        ("e", false) => MailAction::Archive,
        ("u", false) => MailAction::ToggleRead,
        ("s", false) => MailAction::ToggleFlag,
        ("/", _) => MailAction::Search,
        ("x", false) => MailAction::ToggleChosen,
        ("Escape", _) => MailAction::Close,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_map_to_actions_and_modified_keys_are_left_to_the_browser() {
        assert_eq!(action_for("j", false, false), Some(MailAction::Next));
        assert_eq!(action_for("ArrowUp", false, false), Some(MailAction::Previous));
        assert_eq!(action_for("R", true, false), Some(MailAction::ReplyAll));
        assert_eq!(action_for("Delete", false, false), Some(MailAction::Delete));
        assert_eq!(action_for("#", true, false), Some(MailAction::Delete));
        assert_eq!(action_for("r", false, true), None);
        assert_eq!(action_for("x", false, false), Some(MailAction::ToggleChosen));
        assert_eq!(action_for("x", false, true), None);
        assert_eq!(action_for("Escape", false, false), Some(MailAction::Close));
    }
}
