//! What the mail screen is showing and doing: the folder and message the route names, the
//! draft being written, and the person's actions on them.

use crate::browser::location;
use crate::services::compose::Drafts;
use crate::services::graph::GraphFailure;
use crate::services::mail::Mail;
use crate::services::task::{spawn_owned, ScreenWork};
use crate::text;
use leptos::prelude::*;
use tern_core::mail::compose::{Draft, DraftKind};
use tern_core::mail::conversations::row_of;
use tern_core::mail::selection::Bulk;
use tern_core::mail::shortcuts::MailAction;
use tern_core::route::Route;
use wasm_bindgen::JsCast;

#[derive(Clone, Copy)]
pub struct MailPlace {
    pub mail: Mail,
    pub folder: Memo<String>,
    pub selected: Memo<Option<String>>,
    pub composing: RwSignal<Option<Draft>>,
    pub notice: RwSignal<Option<&'static str>>,
    pub compose_failure: RwSignal<Option<GraphFailure>>,
    /// On a narrow screen the folders sit behind a button; whether they are shown.
    pub folders_open: RwSignal<bool>,
    /// The screen's own work: a change started from a bar or a button that goes away
    /// (the chosen messages' bar, once none is chosen) still finishes.
    work: StoredValue<ScreenWork, LocalStorage>,
}

impl MailPlace {
    pub fn new(mail: Mail, route: ReadSignal<Route>) -> MailPlace {
        MailPlace {
            mail,
            folder: Memo::new(move |_| super::folder_of(&route.get())),
            selected: Memo::new(move |_| match route.get() {
                Route::Mail { message, .. } => message,
                _ => None,
            }),
            composing: RwSignal::new(None),
            notice: RwSignal::new(None),
            compose_failure: RwSignal::new(None),
            folders_open: RwSignal::new(false),
            work: StoredValue::new_local(ScreenWork::here()),
        }
    }

    /// Runs `work` for the screen, whatever part of it started the work.
    pub fn spawn(self, work: impl std::future::Future<Output = ()> + 'static) {
        self.work.with_value(|screen| screen.spawn(work));
    }

    pub fn expect() -> MailPlace {
        expect_context()
    }

    pub fn drafts(self) -> Option<Drafts> {
        Drafts::for_mail(self.mail)
    }

    pub fn open(self, message: Option<String>) {
        location::navigate(&self.mail.route(&self.folder.get_untracked(), message));
    }

    /// Opens the message `step` rows away from the open one (the first when none is open).
    pub fn neighbour(self, step: isize) {
        let rows = self.mail.rows().get_untracked();
        let position = self.selected.get_untracked().and_then(|id| rows.iter().position(|row| row.ids.contains(&id)));
        let next = match position {
            Some(index) => index.checked_add_signed(step).filter(|&i| i < rows.len()),
            None => (!rows.is_empty()).then_some(0),
        };
        if let Some(index) = next {
            self.open(Some(rows[index].id().to_owned()));
        }
    }

    /// A draft kept in the tab comes back after a reload or a new sign-in. One whose send
    /// was under way is given the time Exchange takes to send first: it is offered again
    /// only if it is still in Drafts then, so it is never sent twice.
    pub fn restore_kept_draft(self) {
        let Some(drafts) = self.drafts() else { return };
        let Some(draft) = drafts.stored() else { return };
        spawn_owned(async move {
            let sent = match (&draft.server_id, draft.sending) {
                (Some(id), true) => {
                    self.notice.set(Some(text::CHECKING_SEND));
                    drafts.wait_until_sent(id).await
                }
                _ => false,
            };
            if sent {
                drafts.forget();
                self.notice.set(Some(text::SENT));
            } else {
                self.notice.set(None);
                self.composing.set(Some(Draft { sending: false, ..draft }));
            }
        });
    }

    pub fn start_compose(self, kind: DraftKind) {
        if self.composing.get_untracked().is_some() {
            return;
        }
        let Some(drafts) = self.drafts() else { return };
        self.notice.set(None);
        spawn_owned(async move {
            match drafts.begin(kind).await {
                Ok(draft) => {
                    let _ = drafts.keep(&draft);
                    self.compose_failure.set(None);
                    self.composing.set(Some(draft));
                }
                Err(failure) => self.compose_failure.set(Some(failure)),
            }
        });
    }

    pub fn close_compose(self, said: Option<&'static str>) {
        self.composing.set(None);
        self.notice.set(said);
        if said.is_some() {
            spawn_owned(self.mail.refresh());
        }
    }

    pub fn act(self, action: MailAction) {
        let mail = self.mail;
        let current = self.selected.get_untracked();
        let message = current.as_ref().and_then(|id| mail.messages().get_untracked().into_iter().find(|m| &m.id == id));
        match action {
            MailAction::Next => self.neighbour(1),
            MailAction::Previous => self.neighbour(-1),
            MailAction::NewMessage => self.start_compose(DraftKind::New),
            MailAction::Search => {
                if let Some(input) = document().query_selector("[data-testid=search-input]").ok().flatten() {
                    let _ = input.unchecked_into::<web_sys::HtmlElement>().focus();
                }
            }
            MailAction::Close => self.open(None),
            _ => {
                let Some(id) = current else { return };
                if let Some(change) = self.conversation_change(&id, action) {
                    if matches!(action, MailAction::Delete | MailAction::Archive) {
                        self.neighbour(1);
                    }
                    return self.spawn(async move { mail.change_conversation(&id, change).await });
                }
                match action {
                    MailAction::Reply => self.start_compose(DraftKind::Reply(id)),
                    MailAction::ReplyAll => self.start_compose(DraftKind::ReplyAll(id)),
                    MailAction::Forward => self.start_compose(DraftKind::Forward(id)),
                    MailAction::ToggleRead => {
                        let read = message.is_some_and(|m| m.is_read);
                        spawn_owned(async move { mail.set_read(&id, !read).await });
                    }
                    MailAction::ToggleFlag => {
                        let flagged = message.is_some_and(|m| m.is_flagged());
                        spawn_owned(async move { mail.set_flag(&id, !flagged).await });
                    }
                    MailAction::Delete => {
                        self.neighbour(1);
                        spawn_owned(async move { mail.delete(&id).await });
                    }
                    MailAction::Archive => self.move_open_message(id, "archive".to_owned()),
                    MailAction::ToggleChosen => mail.toggle_chosen(&id),
                    _ => {}
                }
            }
        }
    }

    /// Moves the open message away and opens the next one; the whole conversation, when
    /// the list groups them.
    pub fn move_open_message(self, id: String, destination: String) {
        let mail = self.mail;
        self.neighbour(1);
        if mail.conversation_size(&id) > 1 {
            return self.spawn(async move { mail.change_conversation(&id, Bulk::Move(destination)).await });
        }
        spawn_owned(async move { mail.move_to(&id, &destination).await });
    }

    /// What an action on the open message does to its whole conversation, when it has more
    /// than one message here: read when any is unread, flagged when none is, as Outlook.
    fn conversation_change(self, id: &str, action: MailAction) -> Option<Bulk> {
        let mail = self.mail;
        if mail.conversation_size(id) < 2 {
            return None;
        }
        let row = mail.rows().with_untracked(|rows| row_of(rows, id).cloned())?;
        Some(match action {
            MailAction::ToggleRead => Bulk::Read(row.any_unread),
            MailAction::ToggleFlag => Bulk::Flag(!row.any_flagged),
            MailAction::Delete => Bulk::Delete,
            MailAction::Archive => Bulk::Move("archive".into()),
            _ => return None,
        })
    }

    /// An action on one message of the open conversation.
    pub fn act_on_one(self, id: String, action: MailAction) {
        let mail = self.mail;
        match action {
            MailAction::Reply => self.start_compose(DraftKind::Reply(id)),
            MailAction::Forward => self.start_compose(DraftKind::Forward(id)),
            MailAction::Delete => {
                if self.selected.get_untracked().as_deref() == Some(id.as_str()) {
                    self.neighbour(1);
                }
                self.spawn(async move { mail.delete_one(&id).await });
            }
            _ => {}
        }
    }
}
