//! What the compose form does with the draft: keep it in the tab on every change, save it
//! to the server after a pause, send it once, discard it, attach files. One of save, send,
//! attach and discard talks to the server at a time.

use crate::browser::timer::Timeout;
use crate::services::compose::Drafts;
use crate::services::graph::GraphFailure;
use crate::services::task::spawn_owned;
use crate::text;
use futures::lock::Mutex;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use tern_core::mail::compose::Draft;

/// How long typing may pause before the server draft is brought up to date.
const SAVE_AFTER_MS: u64 = 1_500;

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum SaveState {
    Saved,
    Saving,
    /// In this tab only: the server could not be reached or refused; retried on the next edit.
    LocalOnly,
}

/// What saving, sending, attaching and discarding share, outside the reactive graph so
/// that work finishing after the form has gone still sees it: one of them talks to the
/// server at a time, and Send or Discard waits for a save under way, whose answer may
/// carry the server draft's id.
#[derive(Default)]
struct Gate {
    turn: Mutex<()>,
    server_id: RefCell<Option<String>>,
    /// Sent or discarded: saves still waiting do nothing.
    closed: Cell<bool>,
}

fn same_content(a: &Draft, b: &Draft) -> bool {
    (&a.to, &a.cc, &a.bcc, &a.subject, &a.body) == (&b.to, &b.cc, &b.bcc, &b.subject, &b.body)
}

#[derive(Clone, Copy)]
pub struct DraftEditor {
    drafts: StoredValue<Drafts>,
    gate: StoredValue<Rc<Gate>, LocalStorage>,
    autosave: StoredValue<Option<Timeout>, LocalStorage>,
    on_close: Callback<Option<&'static str>>,
    pub draft: RwSignal<Draft>,
    pub state: RwSignal<SaveState>,
    pub failure: RwSignal<Option<GraphFailure>>,
    pub problem: RwSignal<Option<String>>,
    pub sending: RwSignal<bool>,
    /// Files on their way: name, bytes sent, size.
    pub uploads: RwSignal<Vec<(String, u64, u64)>>,
}

impl DraftEditor {
    /// A draft brought back from the tab may hold typing the server never got: it is saved
    /// at once.
    pub fn new(drafts: Drafts, draft: Draft, on_close: Callback<Option<&'static str>>) -> DraftEditor {
        let unsaved = draft.dirty;
        let gate = Rc::new(Gate { server_id: RefCell::new(draft.server_id.clone()), ..Gate::default() });
        let editor = DraftEditor {
            drafts: StoredValue::new(drafts),
            gate: StoredValue::new_local(gate),
            autosave: StoredValue::new_local(None),
            on_close,
            draft: RwSignal::new(draft),
            state: RwSignal::new(if unsaved { SaveState::LocalOnly } else { SaveState::Saved }),
            failure: RwSignal::new(None),
            problem: RwSignal::new(None),
            sending: RwSignal::new(false),
            uploads: RwSignal::new(Vec::new()),
        };
        if unsaved {
            spawn_local(async move {
                let _ = editor.save().await;
            });
        }
        editor
    }

    pub fn drafts(self) -> Drafts {
        self.drafts.get_value()
    }

    /// Brings the server draft up to date with what is typed now. Runs to its end even if
    /// the form goes meanwhile, so a draft it creates is never created twice.
    async fn save(self) -> Result<(), GraphFailure> {
        let gate = self.gate.get_value();
        let drafts = self.drafts();
        let _turn = gate.turn.lock().await;
        if gate.closed.get() {
            return Ok(());
        }
        let Some(snapshot) = self.draft.try_get_untracked() else { return Ok(()) };
        let mut current = Draft { server_id: gate.server_id.borrow().clone(), ..snapshot.clone() };
        self.state.try_set(SaveState::Saving);
        let outcome = drafts.save(&mut current).await;
        match &outcome {
            Ok(()) => {
                gate.server_id.replace(current.server_id.clone());
                // What was typed while the save was under way still needs saving.
                self.draft.try_update(|latest| {
                    latest.server_id = current.server_id.clone();
                    latest.dirty = !same_content(latest, &snapshot);
                });
                if let Some(latest) = self.draft.try_get_untracked() {
                    self.keep(&drafts, &latest);
                    self.state.try_set(if latest.dirty { SaveState::LocalOnly } else { SaveState::Saved });
                }
                self.failure.try_set(None);
            }
            Err(error) => {
                self.state.try_set(SaveState::LocalOnly);
                self.failure.try_set(Some(error.clone()));
            }
        }
        outcome
    }

    /// Keeps the draft in the tab, and says so when the browser refuses.
    fn keep(self, drafts: &Drafts, draft: &Draft) {
        if drafts.keep(draft).is_err() {
            self.problem.try_set(Some(text::DRAFT_NOT_KEPT.into()));
        }
    }

    /// A change typed by the person: kept in the tab at once, saved after a pause.
    pub fn edit(self, change: &dyn Fn(&mut Draft)) {
        self.draft.update(|draft| {
            change(draft);
            draft.dirty = true;
        });
        self.state.set(SaveState::LocalOnly);
        self.keep(&self.drafts(), &self.draft.get_untracked());
        // Each edit restarts the wait; the previous timer is cleared as it is replaced.
        self.autosave.set_value(Some(Timeout::new(SAVE_AFTER_MS, move || {
            spawn_local(async move {
                let _ = self.save().await;
            });
        })));
    }

    /// Sends the latest text once. Sending is not the screen's to cancel: it finishes if
    /// the person moves on.
    pub fn send(self) {
        if self.sending.get_untracked() {
            return;
        }
        if let Err(problem) = self.draft.get_untracked().check_sendable() {
            self.problem.set(Some(if problem.0.is_empty() { text::NO_RECIPIENTS.to_owned() } else { problem.to_string() }));
            return;
        }
        self.autosave.set_value(None);
        self.problem.set(None);
        self.sending.set(true);
        let gate = self.gate.get_value();
        gate.closed.set(true);
        let drafts = self.drafts();
        let mut latest = self.draft.get_untracked();
        spawn_local(async move {
            let _turn = gate.turn.lock().await;
            latest.server_id = gate.server_id.borrow().clone();
            match drafts.send(&mut latest).await {
                Ok(()) => {
                    self.on_close.try_run(Some(text::SENT));
                }
                Err(error) => {
                    gate.server_id.replace(latest.server_id.clone());
                    gate.closed.set(false);
                    self.draft.try_set(latest);
                    self.sending.try_set(false);
                    self.failure.try_set(Some(error));
                }
            }
        });
    }

    /// Closes the form and deletes the draft, in the tab and on the server.
    pub fn discard(self) {
        self.autosave.set_value(None);
        let gate = self.gate.get_value();
        gate.closed.set(true);
        let drafts = self.drafts();
        self.on_close.run(None);
        spawn_local(async move {
            let _turn = gate.turn.lock().await;
            let server_id = gate.server_id.borrow().clone();
            let _ = drafts.discard(server_id).await;
        });
    }

    /// Attaches files to the server draft (saving it first when it has none yet).
    pub fn attach(self, files: Vec<web_sys::File>) {
        spawn_owned(async move {
            if self.gate.get_value().server_id.borrow().is_none() && self.save().await.is_err() {
                return;
            }
            let gate = self.gate.get_value();
            let _turn = gate.turn.lock().await;
            let Some(id) = gate.server_id.borrow().clone() else { return };
            let drafts = self.drafts();
            for file in files {
                let name = file.name();
                let size = file.size() as u64;
                self.uploads.update(|list| list.push((name.clone(), 0, size)));
                let progress = {
                    let name = name.clone();
                    move |sent: u64| self.uploads.update(|list| list.iter_mut().filter(|u| u.0 == name).for_each(|u| u.1 = sent))
                };
                let outcome = drafts.attach(&id, &file, progress).await;
                self.uploads.update(|list| list.retain(|u| u.0 != name));
                match outcome {
                    Ok(()) => {
                        self.draft.update(|draft| draft.attached.push((name, size)));
                        self.keep(&drafts, &self.draft.get_untracked());
                    }
                    Err(error) => self.failure.set(Some(error)),
                }
            }
        });
    }

    pub fn state_text(self) -> &'static str {
        match self.state.get() {
            SaveState::Saved if self.draft.with(|d| d.server_id.is_some()) => text::DRAFT_SAVED,
            SaveState::Saved => "",
            SaveState::Saving => text::DRAFT_SAVING,
            SaveState::LocalOnly => text::DRAFT_KEPT_HERE,
        }
    }
}
