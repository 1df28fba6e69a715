//! Writing a message. Every change is kept in the tab at once and on the server shortly
//! after; Send sends once, with the latest text, however soon after typing it is pressed.

use crate::browser::timer::Timeout;
use crate::components::address_field::AddressField;
use crate::components::failure::Failure;
use crate::services::compose::Drafts;
use crate::services::graph::GraphFailure;
use crate::services::mail::Mail;
use crate::services::task::spawn_owned;
use crate::text;
use futures::lock::Mutex;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use tern_core::graph::models::EmailAddress;
use tern_core::mail::attachments::size_label;
use tern_core::mail::compose::Draft;

/// How long typing may pause before the server draft is brought up to date.
const SAVE_AFTER_MS: u64 = 1_500;

#[derive(Clone, Copy, PartialEq, Eq)]
enum SaveState {
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

/// Suggestions: the mailbox's contacts and the people in the loaded mail, once each.
fn suggestions(mut known: Vec<EmailAddress>, mail: Mail) -> Vec<EmailAddress> {
    for message in mail.messages().get_untracked() {
        known.extend(message.from.into_iter().chain(message.to_recipients).map(|recipient| recipient.email_address));
    }
    let mut seen = std::collections::HashSet::new();
    known.retain(|address| address.address.as_deref().is_some_and(|a| seen.insert(a.to_lowercase())));
    known
}

#[component]
pub fn Compose(draft: Draft, on_close: Callback<Option<&'static str>>) -> impl IntoView {
    let mail = Mail::expect();
    let Some(drafts) = Drafts::for_mail(mail) else {
        return ().into_any();
    };
    // A draft brought back from the tab may hold typing the server never got.
    let unsaved = draft.dirty;
    let gate = Rc::new(Gate { server_id: RefCell::new(draft.server_id.clone()), ..Gate::default() });
    let gate = StoredValue::new_local(gate);
    let drafts = StoredValue::new(drafts);
    let draft = RwSignal::new(draft);
    let state = RwSignal::new(if unsaved { SaveState::LocalOnly } else { SaveState::Saved });
    let failure = RwSignal::new(None::<GraphFailure>);
    let problem = RwSignal::new(None::<String>);
    let sending = RwSignal::new(false);
    let uploads = RwSignal::new(Vec::<(String, u64, u64)>::new());
    let autosave = StoredValue::new_local(None::<Timeout>);
    let contacts = LocalResource::new(move || {
        let drafts = drafts.get_value();
        async move { drafts.contact_addresses().await }
    });
    let known = Signal::derive(move || contacts.get().map(|found| suggestions(found, mail)).unwrap_or_default());

    // Brings the server draft up to date with what is typed now. Runs to its end even if
    // the form goes meanwhile, so a draft it creates is never created twice.
    let save = move || {
        let gate = gate.get_value();
        let drafts = drafts.get_value();
        async move {
            let _turn = gate.turn.lock().await;
            if gate.closed.get() {
                return Ok(());
            }
            let Some(snapshot) = draft.try_get_untracked() else { return Ok(()) };
            let mut current = Draft { server_id: gate.server_id.borrow().clone(), ..snapshot.clone() };
            state.try_set(SaveState::Saving);
            let outcome = drafts.save(&mut current).await;
            match &outcome {
                Ok(()) => {
                    gate.server_id.replace(current.server_id.clone());
                    // What was typed while the save was under way still needs saving.
                    draft.try_update(|latest| {
                        latest.server_id = current.server_id.clone();
                        latest.dirty = !same_content(latest, &snapshot);
                    });
                    if let Some(latest) = draft.try_get_untracked() {
                        let _ = drafts.keep(&latest);
                        state.try_set(if latest.dirty { SaveState::LocalOnly } else { SaveState::Saved });
                    }
                    failure.try_set(None);
                }
                Err(error) => {
                    state.try_set(SaveState::LocalOnly);
                    failure.try_set(Some(error.clone()));
                }
            }
            outcome
        }
    };
    let edit = move |change: &dyn Fn(&mut Draft)| {
        draft.update(|draft| {
            change(draft);
            draft.dirty = true;
        });
        state.set(SaveState::LocalOnly);
        if drafts.with_value(|drafts| drafts.keep(&draft.get_untracked())).is_err() {
            problem.set(Some(text::DRAFT_NOT_KEPT.into()));
        }
        // Each edit restarts the wait; the previous timer is cleared as it is replaced.
        autosave.set_value(Some(Timeout::new(SAVE_AFTER_MS, move || {
            spawn_local(async move {
                let _ = save().await;
            });
        })));
    };
    if unsaved {
        spawn_local(async move {
            let _ = save().await;
        });
    }
    let send = move |_| {
        if sending.get_untracked() {
            return;
        }
        if let Err(problem_found) = draft.get_untracked().check_sendable() {
            problem.set(Some(if problem_found.0.is_empty() { text::NO_RECIPIENTS.to_owned() } else { problem_found.to_string() }));
            return;
        }
        autosave.set_value(None);
        problem.set(None);
        sending.set(true);
        let gate = gate.get_value();
        gate.closed.set(true);
        let drafts = drafts.get_value();
        let mut latest = draft.get_untracked();
        // Sending is not the screen's to cancel: it finishes if the person moves on.
        spawn_local(async move {
            let _turn = gate.turn.lock().await;
            latest.server_id = gate.server_id.borrow().clone();
            match drafts.send(&mut latest).await {
                Ok(()) => {
                    on_close.try_run(Some(text::SENT));
                }
                Err(error) => {
                    gate.server_id.replace(latest.server_id.clone());
                    gate.closed.set(false);
                    draft.try_set(latest);
                    sending.try_set(false);
                    failure.try_set(Some(error));
                }
            }
        });
    };
    let discard = move |_| {
        autosave.set_value(None);
        let gate = gate.get_value();
        gate.closed.set(true);
        let drafts = drafts.get_value();
        on_close.run(None);
        spawn_local(async move {
            let _turn = gate.turn.lock().await;
            let server_id = gate.server_id.borrow().clone();
            let _ = drafts.discard(server_id).await;
        });
    };
    let attach = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let Some(files) = input.files() else { return };
        let files: Vec<web_sys::File> = (0..files.length()).filter_map(|i| files.get(i)).collect();
        input.set_value("");
        spawn_owned(async move {
            if gate.get_value().server_id.borrow().is_none() && save().await.is_err() {
                return;
            }
            let gate = gate.get_value();
            let _turn = gate.turn.lock().await;
            let Some(id) = gate.server_id.borrow().clone() else { return };
            let drafts = drafts.get_value();
            for file in files {
                let name = file.name();
                let size = file.size() as u64;
                uploads.update(|list| list.push((name.clone(), 0, size)));
                let progress = {
                    let name = name.clone();
                    move |sent: u64| uploads.update(|list| list.iter_mut().filter(|u| u.0 == name).for_each(|u| u.1 = sent))
                };
                let outcome = drafts.attach(&id, &file, progress).await;
                uploads.update(|list| list.retain(|u| u.0 != name));
                match outcome {
                    Ok(()) => {
                        draft.update(|draft| draft.attached.push((name, size)));
                        let _ = drafts.keep(&draft.get_untracked());
                    }
                    Err(error) => failure.set(Some(error)),
                }
            }
        });
    };
    let field = move |pick: fn(&Draft) -> &String, put: fn(&mut Draft, String)| {
        let value = Signal::derive(move || draft.with(|d| pick(d).clone()));
        let on_edit = Callback::new(move |text: String| edit(&move |d| put(d, text.clone())));
        (value, on_edit)
    };
    let (to, on_to) = field(|d| &d.to, |d, t| d.to = t);
    let (cc, on_cc) = field(|d| &d.cc, |d, t| d.cc = t);
    let (bcc, on_bcc) = field(|d| &d.bcc, |d, t| d.bcc = t);
    let state_text = move || match state.get() {
        SaveState::Saved if draft.with(|d| d.server_id.is_some()) => text::DRAFT_SAVED,
        SaveState::Saved => "",
        SaveState::Saving => text::DRAFT_SAVING,
        SaveState::LocalOnly => text::DRAFT_KEPT_HERE,
    };
    view! {
        <section class="compose" aria-label=text::COMPOSE data-testid="compose">
            <AddressField label=text::TO testid="compose-to" value=to on_edit=on_to known=known />
            <AddressField label=text::CC testid="compose-cc" value=cc on_edit=on_cc known=known />
            <AddressField label=text::BCC testid="compose-bcc" value=bcc on_edit=on_bcc known=known />
            <label class="field">
                <span>{text::SUBJECT}</span>
                <input type="text" data-testid="compose-subject" prop:value=move || draft.with(|d| d.subject.clone())
                    on:input=move |ev| { let text = event_target_value(&ev); edit(&move |d| d.subject = text.clone()); } />
            </label>
            <textarea class="compose-body" aria-label=text::MESSAGE_BODY data-testid="compose-body" prop:value=move || draft.with(|d| d.body.clone())
                on:input=move |ev| { let text = event_target_value(&ev); edit(&move |d| d.body = text.clone()); } />
            {move || draft.with(|d| (!d.quoted_html.is_empty()).then(|| view! { <p class="note" data-testid="compose-quoted">{text::ORIGINAL_QUOTED}</p> }))}
            <ul class="attachments" data-testid="compose-attachments">
                {move || draft.with(|d| d.attached.iter().map(|(name, size)| view! {
                    <li data-testid="compose-attachment">{name.clone()} " " <span class="note">{size_label(*size)}</span></li>
                }).collect_view())}
                {move || uploads.get().into_iter().map(|(name, sent, size)| view! {
                    <li data-testid="compose-upload">{name} " " <progress max=size.to_string() value=sent.to_string()></progress>
                        " " {format!("{}%", sent * 100 / size.max(1))}</li>
                }).collect_view()}
            </ul>
            {move || problem.get().map(|problem| view! { <p class="problem" role="alert" data-testid="compose-problem">{problem}</p> })}
            {move || failure.get().map(|failure| view! { <Failure failure=failure lead=text::DRAFT_SAVE_FAILED testid="compose-error" /> })}
            <div class="compose-actions">
                <button type="button" class="primary" data-testid="compose-send" disabled=move || sending.get() on:click=send>
                    {move || if sending.get() { text::SENDING } else { text::SEND }}
                </button>
                <label class="button">
                    {text::ATTACH}
                    <input type="file" multiple class="visually-hidden" data-testid="compose-attach" on:change=attach />
                </label>
                <button type="button" data-testid="compose-discard" on:click=discard>{text::DISCARD}</button>
                <span class="note" role="status" data-testid="compose-state">{state_text}</span>
            </div>
        </section>
    }
    .into_any()
}
