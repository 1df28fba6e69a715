use crate::browser::timer;
use crate::components::failure::Failure;
use crate::services::compose;
use crate::services::graph::GraphFailure;
use crate::services::mail::Mail;
use crate::text;
use leptos::prelude::*;
use leptos::task::spawn_local;
use tern_core::graph::models::{Contact, EmailAddress};
use tern_core::graph::page::Page;
use tern_core::mail::attachments::size_label;
use tern_core::mail::compose::{complete_last, last_entry, Draft};

/// How long typing may pause before the server draft is brought up to date.
const SAVE_AFTER_MS: u64 = 1_500;

#[derive(Clone, Copy, PartialEq, Eq)]
enum SaveState {
    Saved,
    Saving,
    /// In this tab only: the server could not be reached or refused; retried on the next edit.
    LocalOnly,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Field {
    To,
    Cc,
    Bcc,
}

/// Addresses to suggest: the person's contacts and the people in the loaded mail.
async fn known_addresses(mail: Mail) -> Vec<EmailAddress> {
    let mut known: Vec<EmailAddress> = Vec::new();
    let path = format!("{}/contacts?$select=displayName,emailAddresses&$top=500", mail.mailbox());
    if let Ok(page) = mail.graph().get_json::<Page<Contact>>(&path).await {
        for contact in page.value {
            let label = contact.label();
            known.extend(contact.email_addresses.into_iter().map(|address| EmailAddress {
                name: address.name.or_else(|| Some(label.clone())),
                address: address.address,
            }));
        }
    }
    for message in mail.messages.get_untracked() {
        known.extend(message.from.into_iter().chain(message.to_recipients).map(|recipient| recipient.email_address));
    }
    let mut seen = std::collections::HashSet::new();
    known.retain(|address| address.address.as_deref().is_some_and(|a| seen.insert(a.to_lowercase())));
    known
}

fn same_content(a: &Draft, b: &Draft) -> bool {
    (&a.to, &a.cc, &a.bcc, &a.subject, &a.body) == (&b.to, &b.cc, &b.bcc, &b.subject, &b.body)
}

fn matches(address: &EmailAddress, typed: &str) -> bool {
    let typed = typed.to_lowercase();
    [address.name.as_deref(), address.address.as_deref()]
        .into_iter()
        .flatten()
        .any(|text| text.to_lowercase().contains(&typed))
}

/// Writing a message. Every change is kept in the tab at once and on the server shortly
/// after; Send sends once.
#[component]
pub fn Compose(draft: Draft, on_close: Callback<Option<&'static str>>) -> impl IntoView {
    let mail = Mail::expect();
    // A draft brought back from the tab may hold typing the server never got.
    let unsaved = draft.dirty;
    let draft = RwSignal::new(draft);
    let state = RwSignal::new(if unsaved { SaveState::LocalOnly } else { SaveState::Saved });
    let failure = RwSignal::new(None::<GraphFailure>);
    let problem = RwSignal::new(None::<String>);
    let sending = RwSignal::new(false);
    let edits = StoredValue::new(0u32);
    let uploads = RwSignal::new(Vec::<(String, u64, u64)>::new());
    let known = LocalResource::new(move || known_addresses(mail));
    let focused = RwSignal::new(None::<Field>);

    let save_now = move || async move {
        let snapshot = draft.get_untracked();
        let mut current = snapshot.clone();
        state.set(SaveState::Saving);
        match compose::save(mail, &mut current).await {
            Ok(()) => {
                // What was typed while the save was under way still needs saving.
                draft.update(|latest| {
                    latest.server_id = current.server_id.clone();
                    latest.dirty = !same_content(latest, &snapshot);
                });
                compose::keep(mail, &draft.get_untracked());
                state.set(if draft.get_untracked().dirty { SaveState::LocalOnly } else { SaveState::Saved });
                failure.set(None);
                Ok(())
            }
            Err(error) => {
                state.set(SaveState::LocalOnly);
                failure.set(Some(error.clone()));
                Err(error)
            }
        }
    };
    let edit = move |change: &dyn Fn(&mut Draft)| {
        draft.update(|draft| {
            change(draft);
            draft.dirty = true;
        });
        let kept = compose::keep(mail, &draft.get_untracked());
        state.set(SaveState::LocalOnly);
        if !kept {
            problem.set(Some(text::DRAFT_NOT_KEPT.into()));
        }
        edits.update_value(|n| *n += 1);
        let edit_number = edits.get_value();
        spawn_local(async move {
            timer::sleep(SAVE_AFTER_MS).await;
            if edits.get_value() == edit_number && !sending.get_untracked() {
                let _ = save_now().await;
            }
        });
    };
    if unsaved {
        spawn_local(async move {
            let _ = save_now().await;
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
        problem.set(None);
        sending.set(true);
        draft.update(|draft| draft.sending = true);
        compose::keep(mail, &draft.get_untracked());
        spawn_local(async move {
            let mut current = draft.get_untracked();
            match compose::send(mail, &mut current).await {
                Ok(()) => {
                    compose::forget(mail);
                    on_close.run(Some(text::SENT));
                }
                Err(error) => {
                    current.sending = false;
                    draft.set(current);
                    compose::keep(mail, &draft.get_untracked());
                    sending.set(false);
                    failure.set(Some(error));
                }
            }
        });
    };
    let discard = move |_| {
        let id = draft.get_untracked().server_id;
        compose::forget(mail);
        on_close.run(None);
        if let Some(id) = id {
            spawn_local(async move {
                let path = format!("{}/messages/{}", mail.mailbox(), tern_core::percent::encode_segment(&id));
                let _ = mail.graph().send(&path, crate::services::graph::Outgoing { method: "DELETE", body: None, prefer: &[] }).await;
            });
        }
    };
    let attach = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let Some(files) = input.files() else { return };
        let files: Vec<web_sys::File> = (0..files.length()).filter_map(|i| files.get(i)).collect();
        input.set_value("");
        spawn_local(async move {
            if draft.get_untracked().server_id.is_none() && save_now().await.is_err() {
                return;
            }
            let Some(id) = draft.get_untracked().server_id else { return };
            for file in files {
                let name = file.name();
                let size = file.size() as u64;
                uploads.update(|list| list.push((name.clone(), 0, size)));
                let progress = {
                    let name = name.clone();
                    move |sent: u64| uploads.update(|list| list.iter_mut().filter(|u| u.0 == name).for_each(|u| u.1 = sent))
                };
                match compose::attach(mail, &id, &file, progress).await {
                    Ok(()) => {
                        uploads.update(|list| list.retain(|u| u.0 != name));
                        draft.update(|draft| draft.attached.push((name, size)));
                        compose::keep(mail, &draft.get_untracked());
                    }
                    Err(error) => {
                        uploads.update(|list| list.retain(|u| u.0 != name));
                        failure.set(Some(error));
                    }
                }
            }
        });
    };
    let address_field = move |field: Field, label: &'static str, testid: &'static str| {
        let value = move || {
            draft.with(|d| match field {
                Field::To => d.to.clone(),
                Field::Cc => d.cc.clone(),
                Field::Bcc => d.bcc.clone(),
            })
        };
        let set = move |d: &mut Draft, text: String| match field {
            Field::To => d.to = text,
            Field::Cc => d.cc = text,
            Field::Bcc => d.bcc = text,
        };
        let suggestions = move || {
            if focused.get() != Some(field) {
                return Vec::new();
            }
            let current = value();
            let typed = last_entry(&current).trim().to_owned();
            if typed.len() < 2 {
                return Vec::new();
            }
            known.get().map(|all| all.iter().filter(|a| matches(a, &typed)).take(6).cloned().collect()).unwrap_or_default()
        };
        view! {
            <label class="field">
                <span>{label}</span>
                <input
                    type="text"
                    autocomplete="off"
                    data-testid=testid
                    prop:value=value
                    on:focus=move |_| focused.set(Some(field))
                    on:input=move |ev| {
                        let text = event_target_value(&ev);
                        edit(&move |d| set(d, text.clone()));
                    }
                />
            </label>
            <ul class="suggestions" role="listbox">
                {move || suggestions().into_iter().map(|address| {
                    let choice = match (&address.name, &address.address) {
                        (Some(name), Some(addr)) => format!("{name} <{addr}>"),
                        _ => address.address.clone().unwrap_or_default(),
                    };
                    let shown = choice.clone();
                    view! {
                        <li>
                            <button type="button" role="option" data-testid="suggestion" on:mousedown=move |ev| {
                                ev.prevent_default();
                                let completed = complete_last(&value(), &choice);
                                edit(&move |d| set(d, completed.clone()));
                            }>{shown}</button>
                        </li>
                    }
                }).collect_view()}
            </ul>
        }
    };
    let state_text = move || match state.get() {
        SaveState::Saved if draft.with(|d| d.server_id.is_some()) => text::DRAFT_SAVED,
        SaveState::Saved => "",
        SaveState::Saving => text::DRAFT_SAVING,
        SaveState::LocalOnly => text::DRAFT_KEPT_HERE,
    };
    view! {
        <section class="compose" aria-label=text::COMPOSE data-testid="compose">
            {address_field(Field::To, text::TO, "compose-to")}
            {address_field(Field::Cc, text::CC, "compose-cc")}
            {address_field(Field::Bcc, text::BCC, "compose-bcc")}
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
}
