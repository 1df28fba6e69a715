//! One recipients field of compose (To, Cc or Bcc), with suggestions after two letters.

use crate::browser::collation;
use crate::text;
use leptos::prelude::*;
use tern_core::graph::models::EmailAddress;
use tern_core::mail::compose::{complete_last, last_entry};

fn matches(address: &EmailAddress, typed: &str) -> bool {
    let typed = collation::lowercase(typed);
    [address.name.as_deref(), address.address.as_deref()].into_iter().flatten().any(|text| collation::lowercase(text).contains(&typed))
}

fn choice_text(address: &EmailAddress) -> String {
    match (&address.name, &address.address) {
        (Some(name), Some(addr)) => format!("{name} <{addr}>"),
        _ => address.address.clone().unwrap_or_default(),
    }
}

/// `value` is the field's text; `on_edit` hears every change, typed or chosen.
#[component]
pub fn AddressField(
    label: &'static str,
    testid: &'static str,
    #[prop(into)] value: Signal<String>,
    on_edit: Callback<String>,
    #[prop(into)] known: Signal<Vec<EmailAddress>>,
) -> impl IntoView {
    let focused = RwSignal::new(false);
    let suggestions = move || {
        if !focused.get() {
            return Vec::new();
        }
        let typed = last_entry(&value.get()).trim().to_owned();
        if typed.len() < 2 {
            return Vec::new();
        }
        known.with(|all| all.iter().filter(|a| matches(a, &typed)).take(6).cloned().collect::<Vec<_>>())
    };
    // The suggestions float over what follows, so the form does not move when they come or
    // go: a click aimed at Send lands on Send.
    view! {
        <div class="address-field">
        <label class="field">
            <span>{label}</span>
            <input
                type="text"
                autocomplete="off"
                data-testid=testid
                prop:value=value
                on:focus=move |_| focused.set(true)
                on:blur=move |_| focused.set(false)
                on:input=move |ev| on_edit.run(event_target_value(&ev))
            />
        </label>
        <ul class="suggestions" role="listbox" aria-label=text::SUGGESTIONS>
            {move || suggestions().into_iter().map(|address| {
                let choice = choice_text(&address);
                let shown = choice.clone();
                view! {
                    <li>
                        <button type="button" role="option" data-testid="suggestion" on:mousedown=move |ev| {
                            ev.prevent_default();
                            on_edit.run(complete_last(&value.get_untracked(), &choice));
                        }>{shown}</button>
                    </li>
                }
            }).collect_view()}
        </ul>
        </div>
    }
}
