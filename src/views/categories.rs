//! Settings' *Categories*: the mailbox's master list with each colour, a new category, a
//! colour changed, a category deleted. Graph keeps a category's name for good, so a name
//! is changed by adding a new one.

use crate::components::failure::Failure;
use crate::services::categories::Categories;
use crate::services::graph::Graph;
use crate::services::task::ScreenWork;
use crate::text;
use futures::future::LocalBoxFuture;
use leptos::prelude::*;
use tern_core::mail::categories::{colour_choices, new_name, swatch};

fn colour_options(chosen: String) -> impl IntoView {
    colour_choices()
        .into_iter()
        .map(|(value, name)| {
            let selected = value == chosen;
            view! { <option value=value selected=selected>{name}</option> }
        })
        .collect_view()
}

#[component]
pub fn CategoriesSetting() -> impl IntoView {
    let graph = Graph::expect();
    let auth = graph.auth();
    if !(auth.config().is_microsoft() && auth.has_consented("MailboxSettings.ReadWrite")) {
        return view! {
            <section class="setting" data-testid="settings-categories">
                <h2>{text::CATEGORIES}</h2>
                <p class="note">{text::CATEGORIES_UNAVAILABLE}</p>
            </section>
        }
        .into_any();
    }
    let categories = Categories::new(graph);
    let work = StoredValue::new(ScreenWork::here());
    let spawn = move |job: LocalBoxFuture<'static, ()>| work.with_value(|work| work.spawn(job));
    // Read when the section is opened, not with Settings: the page's first calls stay few.
    let opened = RwSignal::new(false);
    let open = move |_| {
        opened.set(true);
        spawn(Box::pin(categories.load()));
    };
    let name = RwSignal::new(String::new());
    let colour = RwSignal::new("preset7".to_owned());
    let problem = RwSignal::new(None::<String>);
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let typed = match categories.list().with_untracked(|list| new_name(list, &name.get_untracked())) {
            Ok(typed) => typed,
            Err(why) => return problem.set(Some(why.to_string())),
        };
        problem.set(None);
        let color = colour.get_untracked();
        spawn(Box::pin(async move {
            if categories.create(&typed, &color).await {
                name.set(String::new());
            }
        }));
    };
    let rows = move || {
        categories
            .list()
            .get()
            .into_iter()
            .map(|category| {
                let (id, delete_id) = (category.id.clone(), category.id.clone());
                let mark = swatch(&category.color).map(|c| format!("background:{c}")).unwrap_or_default();
                let label = format!("{} {}", text::COLOUR_OF, category.display_name);
                view! {
                    <li data-testid="category-row" data-name=category.display_name.clone() data-color=category.color.clone()>
                        <span class="category-mark" style=mark aria-hidden="true"></span>
                        <span class="name">{category.display_name.clone()}</span>
                        <select aria-label=label data-testid="category-colour" on:change=move |ev| {
                            let (id, color) = (id.clone(), event_target_value(&ev));
                            spawn(Box::pin(async move { categories.recolour(&id, &color).await; }));
                        }>{colour_options(category.color.clone())}</select>
                        <button type="button" data-testid="category-delete" on:click=move |_| {
                            let id = delete_id.clone();
                            spawn(Box::pin(async move { categories.delete(&id).await; }));
                        }>{text::DELETE}</button>
                    </li>
                }
            })
            .collect_view()
    };
    let manage = move || {
        view! {
            <ul class="category-list">{rows}</ul>
            <form class="new-category" on:submit=add>
                <input type="text" aria-label=text::NEW_CATEGORY placeholder=text::NEW_CATEGORY data-testid="category-new-name" bind:value=name />
                <select aria-label=text::NEW_CATEGORY_COLOUR data-testid="category-new-colour" on:change=move |ev| colour.set(event_target_value(&ev))>
                    {colour_options(colour.get_untracked())}
                </select>
                <button type="submit" data-testid="category-new">{text::ADD}</button>
            </form>
            {move || problem.get().map(|p| view! { <p class="problem" role="alert" data-testid="category-problem">{p}</p> })}
        }
    };
    view! {
        <section class="setting" data-testid="settings-categories">
            <h2>{text::CATEGORIES}</h2>
            <p class="note">{text::CATEGORIES_EXPLAINED}</p>
            {move || if opened.get() {
                manage().into_any()
            } else {
                view! { <button type="button" data-testid="settings-categories-open" on:click=open>{text::MANAGE_CATEGORIES}</button> }.into_any()
            }}
            {move || categories.failure().get().map(|error| view! { <Failure failure=error lead=text::CATEGORY_CHANGE_FAILED testid="category-error" /> })}
        </section>
    }
    .into_any()
}
