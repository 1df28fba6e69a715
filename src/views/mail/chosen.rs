//! The bar over the list while messages are chosen: how many, and one change for all.

use super::folder_options::folder_options;
use super::place::MailPlace;
use crate::text;
use leptos::prelude::*;
use tern_core::mail::selection::Bulk;

#[component]
pub fn ChosenBar() -> impl IntoView {
    let place = MailPlace::expect();
    let mail = place.mail;
    let count = move || mail.selection().with(|selection| selection.chosen.len());
    let apply = move |change: Bulk| place.spawn(mail.change_chosen(change));
    let button = move |label: &'static str, testid: &'static str, change: Bulk| {
        view! { <button type="button" data-testid=testid on:click=move |_| apply(change.clone())>{label}</button> }
    };
    let chosen_value = move |ev: &leptos::ev::Event| {
        let value = event_target_value(ev);
        event_target::<web_sys::HtmlSelectElement>(ev).set_value("");
        (!value.is_empty()).then_some(value)
    };
    let move_to = move |ev: leptos::ev::Event| {
        if let Some(destination) = chosen_value(&ev) {
            apply(Bulk::Move(destination));
        }
    };
    let categorize = move |ev: leptos::ev::Event| {
        if let Some(name) = chosen_value(&ev) {
            apply(Bulk::Categorize(name));
        }
    };
    view! {
        <div class="selection-bar" role="toolbar" aria-label=text::CHOSEN_ACTIONS data-testid="chosen-bar">
            <strong data-testid="chosen-count">{count} " " {text::CHOSEN_COUNT}</strong>
            {button(text::READ, "chosen-read", Bulk::Read(true))}
            {button(text::UNREAD, "chosen-unread", Bulk::Read(false))}
            {button(text::FLAG, "chosen-flag", Bulk::Flag(true))}
            {button(text::UNFLAG, "chosen-unflag", Bulk::Flag(false))}
            {button(text::ARCHIVE, "chosen-archive", Bulk::Move("archive".into()))}
            {button(text::DELETE, "chosen-delete", Bulk::Delete)}
            <select aria-label=text::MOVE_TO data-testid="chosen-move" on:change=move_to>
                {folder_options(mail)}
            </select>
            <select aria-label=text::CATEGORIZE data-testid="chosen-categorize" on:change=categorize>
                <option value="">{text::CATEGORIZE}</option>
                {move || mail.categories().get().into_iter().map(|category| {
                    let name = category.display_name;
                    view! { <option value=name.clone()>{name.clone()}</option> }
                }).collect_view()}
            </select>
            <button type="button" data-testid="chosen-clear" on:click=move |_| mail.clear_chosen()>{text::CLEAR_CHOICE}</button>
        </div>
    }
}
