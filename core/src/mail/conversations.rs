//! Grouping by conversation, as Outlook lists mail by default: one row per
//! `conversationId`, built from the pages already loaded (never a call per row), showing
//! the newest message, how many of the conversation's messages the folder holds, and who
//! took part.

use crate::graph::models::Message;

/// One row of the list: a conversation, or a message on its own.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    /// The newest message, which the row shows and opens.
    pub newest: Message,
    /// The ids of the conversation's loaded messages, newest first.
    pub ids: Vec<String>,
    /// Who wrote them, newest first, each once.
    pub participants: Vec<String>,
    pub any_unread: bool,
    pub any_flagged: bool,
    pub any_attachments: bool,
}

impl Row {
    fn alone(message: &Message) -> Row {
        Row {
            newest: message.clone(),
            ids: vec![message.id.clone()],
            participants: vec![message.correspondent().to_owned()],
            any_unread: !message.is_read,
            any_flagged: message.is_flagged(),
            any_attachments: message.has_attachments,
        }
    }

    pub fn id(&self) -> &str {
        &self.newest.id
    }

    pub fn count(&self) -> usize {
        self.ids.len()
    }

    fn take_in(&mut self, message: &Message) {
        self.ids.push(message.id.clone());
        let who = message.correspondent();
        if !self.participants.iter().any(|known| known == who) {
            self.participants.push(who.to_owned());
        }
        self.any_unread |= !message.is_read;
        self.any_flagged |= message.is_flagged();
        self.any_attachments |= message.has_attachments;
    }
}

/// The list's rows: each message on its own, or (`grouped`) one per conversation in the
/// order of its newest message. `messages` come newest first; a message without a
/// `conversationId` stands alone.
pub fn rows(messages: &[Message], grouped: bool) -> Vec<Row> {
    let mut rows: Vec<Row> = Vec::new();
    let mut by_conversation: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for message in messages {
        let key = message.conversation_id.as_deref().filter(|_| grouped).filter(|id| !id.is_empty());
        match key.and_then(|key| by_conversation.get(key).copied()) {
            Some(index) => rows[index].take_in(message),
            None => {
                if let Some(key) = key {
                    by_conversation.insert(key, rows.len());
                }
                rows.push(Row::alone(message));
            }
        }
    }
    rows
}

/// The row that holds `id` (the open message may be any of a conversation's).
pub fn row_of<'a>(rows: &'a [Row], id: &str) -> Option<&'a Row> {
    rows.iter().find(|row| row.ids.iter().any(|known| known == id))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::models::{EmailAddress, Recipient};

    fn message(id: &str, conversation: &str, from: &str, read: bool) -> Message {
        Message {
            id: id.into(),
            conversation_id: (!conversation.is_empty()).then(|| conversation.to_owned()),
            from: Some(Recipient { email_address: EmailAddress { name: Some(from.into()), address: None } }),
            is_read: read,
            ..Message::default()
        }
    }

    #[test]
    fn a_conversation_is_one_row_at_its_newest_message() {
        let messages = [
            message("3", "deck", "Megan", false),
            message("2", "lunch", "Alex", true),
            message("1", "deck", "Adele", true),
            message("0", "deck", "Megan", true),
            message("x", "", "Nobody", true),
        ];
        let grouped = rows(&messages, true);
        assert_eq!(grouped.iter().map(Row::id).collect::<Vec<_>>(), ["3", "2", "x"]);
        assert_eq!(grouped[0].ids, ["3", "1", "0"]);
        assert_eq!(grouped[0].participants, ["Megan", "Adele"]);
        assert!(grouped[0].any_unread && !grouped[1].any_unread);
        assert_eq!(row_of(&grouped, "0").map(Row::id), Some("3"));
        let flat = rows(&messages, false);
        assert_eq!(flat.len(), 5);
        assert_eq!(flat[0].count(), 1);
    }
}
