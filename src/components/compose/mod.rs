//! Writing a message. Every change is kept in the tab at once and on the server shortly
//! after; Send sends once, with the latest text, however soon after typing it is pressed.

mod editor;

use crate::components::address_field::AddressField;
use crate::components::failure::Failure;
use crate::services::compose::Drafts;
use crate::services::mail::Mail;
use crate::services::task::load;
use crate::text;
use editor::DraftEditor;
use leptos::prelude::*;
use tern_core::graph::models::EmailAddress;
use tern_core::mail::attachments::size_label;
use tern_core::mail::compose::Draft;

/// Suggestions: the mailbox's contacts and the people in the loaded mail, once each.
fn suggestions(mut known: Vec<EmailAddress>, mail: Mail) -> Vec<EmailAddress> {
    for message in mail.messages().get_untracked() {
        known.extend(message.from.into_iter().chain(message.to_recipients).map(|recipient| recipient.email_address));
    }
    let mut seen = std::collections::HashSet::new();
    // Exchange treats an address alike in any case; the addresses it hands out are ASCII.
    known.retain(|address| address.address.as_deref().is_some_and(|a| seen.insert(a.to_ascii_lowercase())));
    known
}

#[component]
pub fn Compose(draft: Draft, on_close: Callback<Option<&'static str>>) -> impl IntoView {
    let mail = Mail::expect();
    let Some(drafts) = Drafts::for_mail(mail) else {
        return ().into_any();
    };
    let editor = DraftEditor::new(drafts, draft, on_close);
    let draft = editor.draft;
    let contacts = load(move || {
        let drafts = editor.drafts();
        async move { drafts.contact_addresses().await }
    });
    let known = Signal::derive(move || contacts.get().map(|found| suggestions(found, mail)).unwrap_or_default());
    let field = move |pick: fn(&Draft) -> &String, put: fn(&mut Draft, String)| {
        let value = Signal::derive(move || draft.with(|d| pick(d).clone()));
        let on_edit = Callback::new(move |text: String| editor.edit(&move |d| put(d, text.clone())));
        (value, on_edit)
    };
    let (to, on_to) = field(|d| &d.to, |d, t| d.to = t);
    let (cc, on_cc) = field(|d| &d.cc, |d, t| d.cc = t);
    let (bcc, on_bcc) = field(|d| &d.bcc, |d, t| d.bcc = t);
    view! {
        <section class="compose" aria-label=text::COMPOSE data-testid="compose">
            <AddressField label=text::TO testid="compose-to" value=to on_edit=on_to known=known />
            <AddressField label=text::CC testid="compose-cc" value=cc on_edit=on_cc known=known />
            <AddressField label=text::BCC testid="compose-bcc" value=bcc on_edit=on_bcc known=known />
            <label class="field">
                <span>{text::SUBJECT}</span>
                <input type="text" data-testid="compose-subject" prop:value=move || draft.with(|d| d.subject.clone())
                    on:input=move |ev| { let text = event_target_value(&ev); editor.edit(&move |d| d.subject = text.clone()); } />
            </label>
            <textarea class="compose-body" aria-label=text::MESSAGE_BODY data-testid="compose-body" prop:value=move || draft.with(|d| d.body.clone())
                on:input=move |ev| { let text = event_target_value(&ev); editor.edit(&move |d| d.body = text.clone()); } />
            {move || draft.with(|d| (!d.quoted_html.is_empty()).then(|| view! { <p class="note" data-testid="compose-quoted">{text::ORIGINAL_QUOTED}</p> }))}
            <ComposeAttachments editor=editor />
            {move || editor.problem.get().map(|problem| view! { <p class="problem" role="alert" data-testid="compose-problem">{problem}</p> })}
            {move || editor.failure.get().map(|failure| view! { <Failure failure=failure lead=text::DRAFT_SAVE_FAILED testid="compose-error" /> })}
            <ComposeActions editor=editor />
        </section>
    }
    .into_any()
}

/// The files attached, and those still uploading with their progress.
#[component]
fn ComposeAttachments(editor: DraftEditor) -> impl IntoView {
    view! {
        <ul class="attachments" data-testid="compose-attachments">
            {move || editor.draft.with(|d| d.attached.iter().map(|(name, size)| view! {
                <li data-testid="compose-attachment">{name.clone()} " " <span class="note">{size_label(*size)}</span></li>
            }).collect_view())}
            {move || editor.uploads.get().into_iter().map(|(name, sent, size)| view! {
                <li data-testid="compose-upload">{name} " " <progress max=size.to_string() value=sent.to_string()></progress>
                    " " {format!("{}%", sent * 100 / size.max(1))}</li>
            }).collect_view()}
        </ul>
    }
}

/// Send, Attach files, Discard, and where the draft is kept.
#[component]
fn ComposeActions(editor: DraftEditor) -> impl IntoView {
    let attach = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let Some(files) = input.files() else { return };
        let files: Vec<web_sys::File> = (0..files.length()).filter_map(|i| files.get(i)).collect();
        input.set_value("");
        editor.attach(files);
    };
    view! {
        <div class="compose-actions">
            <button type="button" class="primary" data-testid="compose-send" disabled=move || editor.sending.get() on:click=move |_| editor.send()>
                {move || if editor.sending.get() { text::SENDING } else { text::SEND }}
            </button>
            <label class="button">
                {text::ATTACH}
                <input type="file" multiple class="visually-hidden" data-testid="compose-attach" on:change=attach />
            </label>
            <button type="button" data-testid="compose-discard" on:click=move |_| editor.discard()>{text::DISCARD}</button>
            <span class="note" role="status" data-testid="compose-state">{move || editor.state_text()}</span>
        </div>
    }
}
