//! Categories as Outlook shows them: a coloured mark per name on a row, and in the reader
//! the names with their colours and a menu that sets or takes one off. Colours come from
//! the mailbox's master list; a name the list does not hold has an empty mark.

use crate::services::mail::Mail;
use crate::services::task::spawn_owned;
use crate::text;
use leptos::prelude::*;
use tern_core::mail::categories::{choices, colour_of, toggled};

fn mark_style(colour: Option<&'static str>) -> String {
    colour.map(|colour| format!("background:{colour}")).unwrap_or_default()
}

/// The marks of a row, one per category, named for assistive technology.
#[component]
pub fn CategoryMarks(names: Vec<String>) -> impl IntoView {
    let mail = Mail::expect();
    names
        .into_iter()
        .map(|name| {
            let label = format!("{} {name}", text::CATEGORY);
            let style = {
                let name = name.clone();
                move || mail.categories().with(|master| mark_style(colour_of(master, &name)))
            };
            view! {
                <span class="category-mark" role="img" title=label.clone() aria-label=label style=style data-testid="marker-category" data-name=name></span>
            }
        })
        .collect_view()
}

/// The open message's categories, and the menu that changes them. The change shows at
/// once and is put back if Graph refuses; the menu waits for one change to end before the
/// next, so two quick choices cannot undo each other.
#[component]
pub fn MessageCategories(id: String, categories: Vec<String>) -> impl IntoView {
    let mail = Mail::expect();
    let set = RwSignal::new(categories);
    let busy = RwSignal::new(false);
    let choose = move |ev: leptos::ev::Event| {
        let name = event_target_value(&ev);
        event_target::<web_sys::HtmlSelectElement>(&ev).set_value("");
        if name.is_empty() || busy.get_untracked() {
            return;
        }
        let before = set.get_untracked();
        let wanted = toggled(&before, &name);
        set.set(wanted.clone());
        busy.set(true);
        let id = id.clone();
        spawn_owned(async move {
            if mail.set_categories(&id, before.clone(), wanted).await.is_err() {
                set.set(before);
            }
            busy.set(false);
        });
    };
    let chips = move || {
        set.get()
            .into_iter()
            .map(|name| {
                let style = {
                    let name = name.clone();
                    move || mail.categories().with(|master| mark_style(colour_of(master, &name)))
                };
                let shown = name.clone();
                view! {
                    <li data-testid="message-category" data-name=name>
                        <span class="category-mark" style=style aria-hidden="true"></span>
                        {shown}
                    </li>
                }
            })
            .collect_view()
    };
    let options = move || {
        let offered = mail.categories().with(|master| set.with(|set| choices(master, set)));
        offered
            .into_iter()
            .map(|(name, is_set)| {
                let label = if is_set { format!("✓ {name}") } else { name.clone() };
                view! { <option value=name>{label}</option> }
            })
            .collect_view()
    };
    view! {
        <div class="message-categories">
            <ul class="categories" aria-label=text::CATEGORIES data-testid="message-categories">{chips}</ul>
            <select aria-label=text::CATEGORIZE data-testid="categorize" disabled=move || busy.get() on:change=choose>
                <option value="">{text::CATEGORIZE}</option>
                {options}
            </select>
        </div>
    }
}
