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
        let messages = self.mail.messages().get_untracked();
        let position = self.selected.get_untracked().and_then(|id| messages.iter().position(|m| m.id == id));
        let next = match position {
            Some(index) => index.checked_add_signed(step).filter(|&i| i < messages.len()),
            None => (!messages.is_empty()).then_some(0),
        };
        if let Some(index) = next {
            self.open(Some(messages[index].id.clone()));
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

    /// Moves the open message away and opens the next one.
    pub fn move_open_message(self, id: String, destination: String) {
        let mail = self.mail;
        self.neighbour(1);
        spawn_owned(async move { mail.move_to(&id, &destination).await });
    }
}
