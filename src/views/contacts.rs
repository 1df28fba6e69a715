use crate::components::compose_in_outlook::AddToMessage;
use crate::components::failure::Failure;
use crate::components::skeleton::SkeletonRows;
use crate::services::contacts::ContactsStore;
use crate::services::graph::{Graph, GraphFailure};
use crate::services::task::{spawn_owned, ScreenWork};
use crate::text;
use leptos::prelude::*;
use tern_core::contacts::{ContactForm, ContactProblem};

/// Contacts, sorted by name, with a search box, details and a form.
#[component]
pub fn ContactsScreen() -> impl IntoView {
    let store = ContactsStore::new(Graph::expect());
    provide_context(store);
    let query = RwSignal::new(String::new());
    let selected = RwSignal::new(None::<String>);
    let editing = RwSignal::new(None::<ContactForm>);
    let screen = StoredValue::new(ScreenWork::here());
    spawn_owned(store.load());
    let details = move || {
        let id = selected.get()?;
        let contact = store.find(&id)?;
        let form = ContactForm::from_contact(&contact);
        let delete = move |_| {
            let id = id.clone();
            screen.with_value(|screen| {
                screen.spawn(async move {
                    store.delete(&id).await;
                    selected.set(None);
                })
            });
        };
        Some(view! {
            <aside class="side-panel" data-testid="contact-details">
                <h2 data-testid="contact-name">{contact.label()}</h2>
                {contact.job_title.clone().map(|t| view! { <p class="note">{t}</p> })}
                {contact.company_name.clone().map(|c| view! { <p>{c}</p> })}
                <ul>{contact.email_addresses.iter().filter_map(|a| a.address.clone()).map(|a| view! { <li data-testid="contact-email">{a}</li> }).collect_view()}</ul>
                {contact.mobile_phone.clone().or_else(|| contact.business_phones.first().cloned()).map(|p| view! { <p>{p}</p> })}
                <div class="compose-actions">
                    <button type="button" data-testid="contact-edit" on:click=move |_| editing.set(Some(form.clone()))>{text::EDIT}</button>
                    <button type="button" data-testid="contact-delete" on:click=delete>{text::DELETE}</button>
                </div>
                {contact.email_addresses.iter().find_map(|a| a.address.clone()).map(|address| view! {
                    <AddToMessage name=contact.label() address=address />
                })}
            </aside>
        })
    };
    view! {
        <section class="contacts" data-testid="contacts">
            <div class="calendar-bar">
                <h1>{text::area_title(tern_core::route::Area::Contacts)}</h1>
                <input type="search" aria-label=text::SEARCH_CONTACTS placeholder=text::SEARCH_CONTACTS data-testid="contact-search" bind:value=query />
                <button type="button" class="primary" data-testid="new-contact" on:click=move |_| editing.set(Some(ContactForm::default()))>{text::NEW_CONTACT}</button>
            </div>
            {move || store.failure().get().map(|error| view! { <Failure failure=error lead=text::CONTACTS_FAILED testid="contacts-error" /> })}
            <ul class="contact-list" data-testid="contact-list">
                {move || {
                    let searched = query.with(|query| !query.trim().is_empty());
                    let list = store.matching(&query.get());
                    if list.is_empty() && store.loading().get() {
                        return view! { <li><SkeletonRows count=6 label=text::CONTACTS_LOADING testid="contacts-loading" /></li> }.into_any();
                    }
                    if list.is_empty() {
                        let (said, what_to_do) = if searched { (text::NO_CONTACTS, text::NO_CONTACTS_WHAT_TO_DO) } else { (text::NO_CONTACTS_YET, text::NO_CONTACTS_YET_WHAT_TO_DO) };
                        return view! { <li class="list-status" data-testid="contacts-empty"><p>{said}</p><p class="note">{what_to_do}</p></li> }.into_any();
                    }
                    list.into_iter().map(|contact| {
                        let id = contact.id.clone();
                        let address = contact.email_addresses.iter().find_map(|a| a.address.clone()).unwrap_or_default();
                        view! {
                            <li><button type="button" class="contact-row" data-testid="contact-row" on:click=move |_| selected.set(Some(id.clone()))>
                                <span class="correspondent">{contact.label()}</span> <span class="note">{address}</span>
                            </button></li>
                        }
                    }).collect_view().into_any()
                }}
            </ul>
            {details}
            {move || editing.get().map(|form| view! {
                <ContactEditor form=form on_close=Callback::new(move |saved: Option<String>| {
                    editing.set(None);
                    if let Some(id) = saved { selected.set(Some(id)); }
                }) />
            })}
        </section>
    }
}

#[component]
fn ContactEditor(form: ContactForm, on_close: Callback<Option<String>>) -> impl IntoView {
    let store: ContactsStore = expect_context();
    let form = RwSignal::new(form);
    let problem = RwSignal::new(None::<&'static str>);
    let failure = RwSignal::new(None::<GraphFailure>);
    let save = move |_| {
        let current = form.get_untracked();
        let fields = match current.to_graph() {
            Ok(fields) => fields,
            Err(ContactProblem::Empty) => return problem.set(Some(text::CONTACT_NEEDS_SOMETHING)),
            Err(ContactProblem::BadAddress) => return problem.set(Some(text::CONTACT_BAD_ADDRESS)),
        };
        problem.set(None);
        spawn_owned(async move {
            match store.save(&current, fields).await {
                Ok(id) => on_close.run(Some(id)),
                Err(error) => failure.set(Some(error)),
            }
        });
    };
    let field = move |label: &'static str, testid: &'static str, get: fn(&ContactForm) -> String, set: fn(&mut ContactForm, String)| {
        view! {
            <label class="field"><span>{label}</span>
                <input type="text" data-testid=testid prop:value=move || form.with(get)
                    on:input=move |ev| { let v = event_target_value(&ev); form.update(|f| set(f, v)); } /></label>
        }
    };
    view! {
        <aside class="side-panel" data-testid="contact-form">
            {field(text::GIVEN_NAME, "contact-form-given", |f| f.given_name.clone(), |f, v| f.given_name = v)}
            {field(text::SURNAME, "contact-form-surname", |f| f.surname.clone(), |f, v| f.surname = v)}
            {field(text::EMAIL, "contact-form-email", |f| f.email.clone(), |f, v| f.email = v)}
            {field(text::COMPANY, "contact-form-company", |f| f.company.clone(), |f, v| f.company = v)}
            {field(text::PHONE, "contact-form-phone", |f| f.phone.clone(), |f, v| f.phone = v)}
            {move || problem.get().map(|p| view! { <p class="problem" role="alert" data-testid="contact-form-problem">{p}</p> })}
            {move || failure.get().map(|error| view! { <Failure failure=error lead=text::CONTACT_SAVE_FAILED testid="contact-form-error" /> })}
            <div class="compose-actions">
                <button type="button" class="primary" data-testid="contact-form-save" on:click=save>{text::SAVE}</button>
                <button type="button" data-testid="contact-form-cancel" on:click=move |_| on_close.run(None)>{text::CANCEL}</button>
            </div>
        </aside>
    }
}
