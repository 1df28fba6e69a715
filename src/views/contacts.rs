use crate::components::compose_in_outlook::AddToMessage;
use crate::components::failure::Failure;
use crate::components::skeleton::SkeletonRows;
use crate::services::contacts::ContactsStore;
use crate::services::graph::{Graph, GraphFailure};
use crate::services::task::{spawn_owned, ScreenWork};
use crate::text;
use leptos::prelude::*;
use tern_core::contacts::{ContactForm, ContactProblem, EMAIL_SLOTS};
use tern_core::graph::models::PhysicalAddress;

/// Where the contact form is kept in the tab, so a failed save or a reload loses nothing.
const FORM_KEY: &str = "contact-form";

/// Making a folder, and renaming or deleting the one shown (not the default one).
#[component]
fn FolderActions(store: ContactsStore) -> impl IntoView {
    let screen = StoredValue::new(ScreenWork::here());
    let shown_name = move || {
        store.folder().get().and_then(|id| store.folders().with(|all| all.iter().find(|f| f.id == id).map(|f| f.display_name.clone())))
    };
    let name = RwSignal::new(String::new());
    let open = RwSignal::new(false);
    let failure = RwSignal::new(None::<GraphFailure>);
    // What the name field is for: a new folder, or a new name for the one shown.
    let renaming = RwSignal::new(false);
    let start = move |rename: bool| {
        renaming.set(rename);
        name.set(if rename { shown_name().unwrap_or_default() } else { String::new() });
        failure.set(None);
        open.set(true);
    };
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let typed = name.get_untracked().trim().to_owned();
        if typed.is_empty() {
            return;
        }
        let shown = store.folder().get_untracked();
        let rename = renaming.get_untracked();
        let work = async move {
            let done = match (rename, shown) {
                (true, Some(id)) => store.rename_folder(&id, &typed).await,
                _ => store.create_folder(&typed).await,
            };
            match done {
                Ok(()) => open.set(false),
                Err(error) => failure.set(Some(error)),
            }
        };
        screen.with_value(|screen| screen.spawn(work));
    };
    // Deleting a folder takes its contacts with it: asked once more.
    let confirming = RwSignal::new(false);
    let delete = move |_| {
        confirming.set(false);
        let Some(id) = store.folder().get_untracked() else { return };
        let work = async move {
            if let Err(error) = store.delete_folder(&id).await {
                failure.set(Some(error));
            }
        };
        screen.with_value(|screen| screen.spawn(work));
    };
    view! {
        <button type="button" data-testid="contact-folder-new" on:click=move |_| start(false)>{text::NEW_FOLDER}</button>
        {move || store.folder().with(Option::is_some).then(|| {
            view! {
                <button type="button" data-testid="contact-folder-rename" on:click=move |_| start(true)>{text::RENAME}</button>
                <button type="button" data-testid="contact-folder-delete" on:click=move |_| confirming.set(true)>{text::DELETE_FOLDER}</button>
            }
        })}
        {move || confirming.get().then(|| view! {
            <p class="problem" role="alert" data-testid="contact-folder-delete-question">
                {format!("{} “{}”?", text::DELETE_FOLDER_AND_CONTACTS, shown_name().unwrap_or_default())}
                " " <button type="button" data-testid="contact-folder-delete-confirm" on:click=delete>{text::DELETE_FOLDER}</button>
                " " <button type="button" data-testid="contact-folder-delete-cancel" on:click=move |_| confirming.set(false)>{text::CANCEL}</button>
            </p>
        })}
        {move || open.get().then(|| view! {
            <form class="folder-name" on:submit=save>
                <input type="text" aria-label=text::FOLDER_NAME data-testid="contact-folder-name" bind:value=name />
                <button type="submit" data-testid="contact-folder-save">{text::SAVE}</button>
                <button type="button" data-testid="contact-folder-cancel" on:click=move |_| open.set(false)>{text::CANCEL}</button>
            </form>
        })}
        {move || failure.get().map(|error| view! { <Failure failure=error lead=text::FOLDER_CHANGE_FAILED testid="contact-folder-error" /> })}
    }
}

/// Contacts of a folder, sorted by name, with a search box, details and a form.
#[component]
pub fn ContactsScreen() -> impl IntoView {
    let store = ContactsStore::new(Graph::expect());
    provide_context(store);
    let auth = store.graph().auth();
    let query = RwSignal::new(String::new());
    let selected = RwSignal::new(None::<String>);
    let editing = RwSignal::new(auth.account_item::<ContactForm>(FORM_KEY));
    let screen = StoredValue::new(ScreenWork::here());
    spawn_owned(store.start());
    let choose_folder = move |ev: leptos::ev::Event| {
        let chosen = event_target_value(&ev);
        selected.set(None);
        screen.with_value(|screen| screen.spawn(store.open_folder((!chosen.is_empty()).then_some(chosen))));
    };
    let new_contact = move |_| editing.set(Some(ContactForm { folder_id: store.folder().get_untracked(), ..ContactForm::new() }));
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
                <button type="button" class="close" data-testid="contact-close" on:click=move |_| selected.set(None)>{text::CLOSE}</button>
                <h2 data-testid="contact-name">{contact.label()}</h2>
                {contact.job_title.clone().map(|t| view! { <p class="note">{t}</p> })}
                {contact.company_name.clone().map(|c| view! { <p>{c}</p> })}
                <ul>{contact.email_addresses.iter().filter_map(|a| a.address.clone()).map(|a| view! { <li data-testid="contact-email">{a}</li> }).collect_view()}</ul>
                {contact.department.clone().filter(|d| !d.is_empty()).map(|d| view! { <p class="note">{d}</p> })}
                <ul>{contact.mobile_phone.iter().chain(&contact.business_phones).chain(&contact.home_phones).filter(|p| !p.is_empty()).map(|p| view! { <li data-testid="contact-phone">{p.clone()}</li> }).collect_view()}</ul>
                <ul>{[&contact.business_address, &contact.home_address, &contact.other_address].into_iter().filter_map(|a| a.as_ref()?.one_line()).map(|a| view! { <li data-testid="contact-address">{a}</li> }).collect_view()}</ul>
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
                <select aria-label=text::CONTACT_FOLDER data-testid="contact-folder" on:change=choose_folder>
                    <option value="" selected=move || store.folder().with(Option::is_none)>{text::CONTACTS_DEFAULT_FOLDER}</option>
                    {move || store.folders().get().into_iter().map(|folder| {
                        let id = folder.id.clone();
                        view! { <option value=folder.id selected=move || store.folder().with(|shown| shown.as_deref() == Some(id.as_str()))>{folder.display_name}</option> }
                    }).collect_view()}
                </select>
                <FolderActions store=store />
                <input type="search" aria-label=text::SEARCH_CONTACTS placeholder=text::SEARCH_CONTACTS data-testid="contact-search" bind:value=query />
                <button type="button" class="primary" data-testid="new-contact" on:click=new_contact>{text::NEW_CONTACT}</button>
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
                    auth.forget_account_item(FORM_KEY);
                    editing.set(None);
                    if let Some(id) = saved { selected.set(Some(id)); }
                }) />
            })}
        </section>
    }
}

/// How a field of the form writes what is typed.
type Setter = std::sync::Arc<dyn Fn(&mut ContactForm, String) + Send + Sync>;

/// The contact form: every field of Outlook's, kept in the tab on each change.
#[component]
fn ContactEditor(form: ContactForm, on_close: Callback<Option<String>>) -> impl IntoView {
    let store: ContactsStore = expect_context();
    let auth = store.graph().auth();
    let form = RwSignal::new(form);
    let problem = RwSignal::new(None::<&'static str>);
    let failure = RwSignal::new(None::<GraphFailure>);
    let edit = move |change: &dyn Fn(&mut ContactForm)| {
        form.update(|form| change(form));
        if auth.keep_account_item(FORM_KEY, &form.get_untracked()).is_err() {
            problem.set(Some(text::FORM_NOT_KEPT));
        }
    };
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
    let field = move |label: String, testid: String, get: Box<dyn Fn(&ContactForm) -> String + Send + Sync>, set: Setter| {
        view! {
            <label class="field"><span>{label}</span>
                <input type="text" data-testid=testid prop:value=move || form.with(|f| get(f))
                    on:input=move |ev| { let v = event_target_value(&ev); let set = set.clone(); edit(&move |f| set(f, v.clone())); } /></label>
        }
    };
    let plain = move |label: &'static str, testid: &'static str, get: fn(&ContactForm) -> String, set: fn(&mut ContactForm, String)| {
        field(label.to_owned(), testid.to_owned(), Box::new(get), std::sync::Arc::new(set))
    };
    let emails = (0..EMAIL_SLOTS)
        .map(|slot| {
            let testid = if slot == 0 { "contact-form-email".to_owned() } else { format!("contact-form-email-{}", slot + 1) };
            field(
                format!("{} {}", text::EMAIL, slot + 1),
                testid,
                Box::new(move |f| f.emails.get(slot).cloned().unwrap_or_default()),
                std::sync::Arc::new(move |f, v| {
                    f.emails.resize(EMAIL_SLOTS.max(f.emails.len()), String::new());
                    f.emails[slot] = v;
                }),
            )
        })
        .collect_view();
    type Pick = fn(&mut ContactForm) -> &mut PhysicalAddress;
    let kinds: [(&'static str, &'static str, Pick); 3] = [
        (text::BUSINESS_ADDRESS, "business", |f| &mut f.business_address),
        (text::HOME_ADDRESS, "home", |f| &mut f.home_address),
        (text::OTHER_ADDRESS, "other", |f| &mut f.other_address),
    ];
    type Part = fn(&mut PhysicalAddress) -> &mut Option<String>;
    let parts: [(&'static str, &'static str, Part); 5] = [
        (text::STREET, "street", |a| &mut a.street),
        (text::CITY, "city", |a| &mut a.city),
        (text::STATE, "state", |a| &mut a.state),
        (text::POSTAL_CODE, "postal-code", |a| &mut a.postal_code),
        (text::COUNTRY, "country", |a| &mut a.country_or_region),
    ];
    let addresses = kinds
        .into_iter()
        .map(|(legend, kind, pick)| {
            let fields = parts
                .into_iter()
                .map(|(label, part_id, part)| {
                    field(
                        label.to_owned(),
                        format!("contact-form-{kind}-{part_id}"),
                        Box::new(move |f| {
                            let mut copy = f.clone();
                            part(pick(&mut copy)).clone().unwrap_or_default()
                        }),
                        std::sync::Arc::new(move |f, v| *part(pick(f)) = Some(v)),
                    )
                })
                .collect_view();
            view! { <fieldset><legend>{legend}</legend>{fields}</fieldset> }
        })
        .collect_view();
    view! {
        <aside class="side-panel" data-testid="contact-form">
            {plain(text::GIVEN_NAME, "contact-form-given", |f| f.given_name.clone(), |f, v| f.given_name = v)}
            {plain(text::SURNAME, "contact-form-surname", |f| f.surname.clone(), |f, v| f.surname = v)}
            {emails}
            {plain(text::COMPANY, "contact-form-company", |f| f.company.clone(), |f, v| f.company = v)}
            {plain(text::JOB_TITLE, "contact-form-job-title", |f| f.job_title.clone(), |f, v| f.job_title = v)}
            {plain(text::DEPARTMENT, "contact-form-department", |f| f.department.clone(), |f, v| f.department = v)}
            {plain(text::PHONE, "contact-form-phone", |f| f.mobile_phone.clone(), |f, v| f.mobile_phone = v)}
            {plain(text::BUSINESS_PHONE, "contact-form-business-phone", |f| f.business_phone.clone(), |f, v| f.business_phone = v)}
            {plain(text::HOME_PHONE, "contact-form-home-phone", |f| f.home_phone.clone(), |f, v| f.home_phone = v)}
            {addresses}
            {move || problem.get().map(|p| view! { <p class="problem" role="alert" data-testid="contact-form-problem">{p}</p> })}
            {move || failure.get().map(|error| view! { <Failure failure=error lead=text::CONTACT_SAVE_FAILED testid="contact-form-error" /> })}
            <div class="compose-actions">
                <button type="button" class="primary" data-testid="contact-form-save" on:click=save>{text::SAVE}</button>
                <button type="button" data-testid="contact-form-cancel" on:click=move |_| on_close.run(None)>{text::CANCEL}</button>
            </div>
        </aside>
    }
}
