//! Notifications of new mail while the tab is open, for the active account, once the
//! person turned them on in Settings (the browser's permission is asked from that click).
//! The inbox is looked at every minute and whenever the mail screen refreshes; only the
//! Focused half when the mailbox sorts into Other, as Outlook notifies.

use super::graph::Graph;
use super::mail::{FOCUSED_INBOX_CHOICE, SORTS_INTO_OTHER};
use crate::browser::{location, notify};
use crate::text;
use leptos::prelude::*;
use tern_core::graph::models::Message;
use tern_core::graph::page::Page;
use tern_core::graph::requests;
use tern_core::mail::list::InboxTab;
use tern_core::mail::new_mail::arrivals;
use tern_core::route::Route;

/// Where the person's choice is kept, per account.
const NOTIFY_CHOICE: &str = "mail:notify";
/// More arrivals at once than this make one notification that counts them.
const ONE_BY_ONE: usize = 3;

#[derive(Clone, Copy)]
pub struct NewMail {
    graph: Graph,
    /// The account and the newest `receivedDateTime` already looked at.
    seen: StoredValue<Option<(String, String)>>,
    /// Bumped when the choice changes, so Settings shows it.
    changed: RwSignal<u32>,
}

impl NewMail {
    pub fn provide(graph: Graph) -> NewMail {
        let store = NewMail { graph, seen: StoredValue::new(None), changed: RwSignal::new(0) };
        provide_context(store);
        store
    }

    pub fn expect() -> NewMail {
        expect_context()
    }

    /// Whether notifications are on for the active account (chosen, and allowed by the
    /// browser).
    pub fn on(self) -> bool {
        self.changed.track();
        self.graph.auth().account_item::<bool>(NOTIFY_CHOICE) == Some(true) && notify::permission() == notify::Permission::Granted
    }

    /// Asks the browser (from the person's click) and, if allowed, turns them on; the
    /// inbox is looked at once, so only mail from now on is news.
    pub async fn turn_on(self) -> notify::Permission {
        let permission = notify::ask().await;
        if permission == notify::Permission::Granted {
            // Storage may refuse; the choice then lasts for this visit only.
            let _ = self.graph.auth().keep_account_item(NOTIFY_CHOICE, &true);
            self.seen.set_value(None);
            self.changed.update(|n| *n += 1);
            self.check().await;
        }
        permission
    }

    pub fn turn_off(self) {
        let _ = self.graph.auth().keep_account_item(NOTIFY_CHOICE, &false);
        self.changed.update(|n| *n += 1);
    }

    /// Looks at the inbox's newest messages and notifies of those that arrived since the
    /// last look. A failed look is left for the next one.
    pub async fn check(self) {
        let auth = self.graph.auth();
        let Some(account) = auth.active.get_untracked() else { return };
        if !self.on() {
            return;
        }
        let focused =
            auth.account_item::<bool>(SORTS_INTO_OTHER) == Some(true) && auth.account_item::<bool>(FOCUSED_INBOX_CHOICE) != Some(false);
        let request = requests::newest_in_inbox(focused.then_some(InboxTab::Focused));
        let Ok(page) = self.graph.request_json::<Page<Message>>(&request).await else { return };
        if auth.active.get_untracked().as_deref() != Some(account.as_str()) {
            return;
        }
        let seen = self.seen.get_value().filter(|(of, _)| *of == account).map(|(_, mark)| mark);
        let (new, mark) = arrivals(seen.as_deref(), &page.value);
        if new.len() > ONE_BY_ONE {
            notify::show(&format!("{} {}", new.len(), text::NEW_MESSAGES), text::NEW_MESSAGES_OPEN, "tern-new-mail", || {
                location::navigate(&Route::Mail { mailbox: None, folder: "inbox".into(), message: None })
            });
        } else {
            for message in new {
                let subject = message.subject.clone().filter(|s| !s.trim().is_empty()).unwrap_or_else(|| text::NO_SUBJECT.to_owned());
                let id = message.id.clone();
                notify::show(message.correspondent(), &subject, &id.clone(), move || {
                    location::navigate(&Route::Mail { mailbox: None, folder: "inbox".into(), message: Some(id) })
                });
            }
        }
        self.seen.set_value(Some((account, mark)));
    }
}
