use crate::services::auth::Auth;
use crate::services::photo::AccountPhoto;
use crate::text;
use leptos::prelude::*;
use leptos::task::spawn_local;
use tern_core::auth::authorize::{Prompt, Purpose};
use wasm_bindgen::JsCast;

/// The signed-in person as a round picture: their photo, or their initials until one
/// arrives and for a person without one.
#[component]
pub fn Avatar(#[prop(into)] name: String, #[prop(optional)] testid: &'static str) -> impl IntoView {
    let photo = AccountPhoto::expect();
    let initials = tern_core::graph::initials(&name);
    move || match photo.url() {
        Some(url) => view! { <img class="avatar" src=url alt="" data-testid=format!("{testid}-photo") /> }.into_any(),
        None => {
            view! { <span class="avatar" aria-hidden="true" data-testid=format!("{testid}-initials")>{initials.clone()}</span> }.into_any()
        }
    }
}

/// The account as an avatar in the top bar, opening a menu: who is signed in, the other
/// accounts to switch to, adding one, and signing out.
#[component]
pub fn AccountMenu() -> impl IntoView {
    let auth = Auth::expect();
    let microsoft = auth.config().is_microsoft();
    let failure = RwSignal::new(None::<String>);
    let menu = NodeRef::<leptos::html::Details>::new();
    let close_menu = move || {
        if let Some(menu) = menu.get_untracked() {
            menu.set_open(false);
        }
    };
    let active = move || auth.active_account();
    let others = move || {
        let current = auth.active.get();
        auth.accounts
            .get()
            .into_iter()
            .filter(|account| Some(&account.key) != current.as_ref())
            .map(|account| {
                let key = account.key.clone();
                view! {
                    <li>
                        <button
                            type="button"
                            data-testid="switch-account"
                            data-username=account.username.clone()
                            on:click=move |_| {
                                auth.switch_to(&key);
                                close_menu();
                            }
                        >
                            {text::SWITCH_TO} " " {account.name.clone()} " (" {account.username.clone()} ")"
                        </button>
                    </li>
                }
            })
            .collect_view()
    };
    let add = move |_| {
        spawn_local(async move {
            if let Err(error) = auth.sign_in(Purpose::AddAccount, Some(Prompt::SelectAccount), None).await {
                failure.set(Some(error.to_string()));
            }
        })
    };
    let sign_out = move |_| {
        close_menu();
        if let Some(key) = auth.active.get_untracked() {
            spawn_local(async move { auth.sign_out(&key).await });
        }
    };
    let who = move || {
        active().map(|account| {
            view! {
                <div class="account-who">
                    <span class="account-name" data-testid="account-name">{account.name}</span>
                    <span class="account-username" data-testid="account-username">{account.username}</span>
                    {account.tenant_id.filter(|_| microsoft).map(|tenant| view! {
                        <span class="account-tenant note" data-testid="account-tenant">{text::TENANT} " " {tenant}</span>
                    })}
                </div>
            }
        })
    };
    let label = move || active().map(|account| format!("{} {} ({})", text::ACCOUNT_OF, account.name, account.username));
    // Keyed by account, so a switch shows the new person's initials, never the old ones.
    let avatar = move || active().map(|account| view! { <Avatar name=account.name testid="account-avatar" /> });
    let close_on_escape = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Escape" {
            close_menu();
            // The menu's items vanish with it; the keyboard goes back to what opened it.
            let summary = menu.get_untracked().and_then(|menu| menu.query_selector("summary").ok().flatten());
            if let Some(summary) = summary.and_then(|summary| summary.dyn_into::<web_sys::HtmlElement>().ok()) {
                let _ = summary.focus();
            }
        }
    };
    view! {
        <div class="account" data-testid="account">
            <details class="account-menu" node_ref=menu on:keydown=close_on_escape>
                <summary data-testid="account-menu" title=label>{avatar}<span class="visually-hidden">{label}</span></summary>
                <div class="account-panel">
                    {who}
                    <ul>
                        {others}
                        <li><button type="button" data-testid="add-account" on:click=add>{text::ADD_ACCOUNT}</button></li>
                        <li><button type="button" data-testid="sign-out" on:click=sign_out>{text::SIGN_OUT}</button></li>
                    </ul>
                    {move || failure.get().map(|message| view! { <p class="note" role="alert">{message}</p> })}
                </div>
            </details>
        </div>
    }
}
