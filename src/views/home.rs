use super::categories::CategoriesSetting;
use crate::browser::{intl, notify};
use crate::components::account_menu::Avatar;
use crate::components::failure::Failure;
use crate::components::open_item_card::OpenItemCard;
use crate::services::auth::{now, refresh_seconds_left, Auth};
use crate::services::graph::Graph;
use crate::services::mail::{CONVERSATIONS_CHOICE, FOCUSED_INBOX_CHOICE};
use crate::services::mailbox_settings::MailboxSettings;
use crate::services::new_mail::NewMail;
use crate::services::reminders::Reminders;
use crate::services::task::{load, spawn_owned, ScreenWork};
use crate::text;
use crate::views::automatic_replies::AutomaticRepliesSetting;
use crate::views::developer::Developer;
use futures::future::LocalBoxFuture;
use leptos::prelude::*;
use tern_core::auth::jwt::Jwt;
use tern_core::graph::Profile;
use tern_core::route::Route;

/// The person as Microsoft Graph knows them, beside their photo; the shell asks for the
/// photo at the same time, and both calls share one token renewal when the cached token
/// has expired.
#[component]
fn ProfileCard() -> impl IntoView {
    let auth = Auth::expect();
    let graph = Graph::expect();
    let profile = load(move || {
        auth.active.track();
        async move { graph.request_json::<Profile>(&tern_core::graph::requests::profile()).await }
    });
    let avatar = move || {
        profile.get().and_then(Result::ok).map(|profile| {
        view! { <Avatar name=profile.display_name.clone().or(profile.user_principal_name.clone()).unwrap_or_default() testid="profile" /> }
    })
    };
    let details = move || {
        match profile.get() {
        None => view! { <p class="note" role="status" data-testid="profile-loading">{text::PROFILE_LOADING}</p> }.into_any(),
        Some(Ok(profile)) => view! {
            <div>
                <p class="profile-name" data-testid="profile-name">{profile.display_name.clone().unwrap_or_default()}</p>
                <p class="note" data-testid="profile-mail">{profile.mail.clone().or(profile.user_principal_name.clone()).unwrap_or_default()}</p>
                {profile.job_title.clone().map(|title| view! { <p class="note">{title}</p> })}
            </div>
        }
        .into_any(),
        Some(Err(failure)) => view! { <Failure failure=failure lead=text::PROFILE_FAILED testid="profile-error" /> }.into_any(),
    }
    };
    view! {
        <section class="profile" data-testid="profile">
            {avatar}
            {details}
        </section>
    }
}

fn minutes(seconds: i64) -> String {
    format!("{} min", seconds.max(0) / 60)
}

/// The signed-in start page: who you are, and an inspector of the tokens Tern holds for
/// you (claims decoded only to explain them, never to decide anything).
#[component]
pub fn Home() -> impl IntoView {
    let auth = Auth::expect();
    let failure = RwSignal::new(None::<String>);
    // Tenants and admin consent are the Microsoft identity platform's; another provider has neither.
    let microsoft = auth.config().is_microsoft();
    let summary = move || {
        let account = auth.active_account()?;
        let tokens = auth.tokens_of(&account.key)?;
        let claims = Jwt::decode(&tokens.id_token).map(|jwt| jwt.claims).unwrap_or_default();
        let claim_rows = ["name", "preferred_username", "tid", "oid", "iss", "aud"]
            .into_iter()
            .map(|name| {
                let value = match &claims[name] {
                    serde_json::Value::String(text) => text.clone(),
                    serde_json::Value::Null => "—".into(),
                    other => other.to_string(),
                };
                view! { <div class="detail"><dt><code>{name}</code></dt><dd data-testid=format!("claim-{name}")>{value}</dd></div> }
            })
            .collect_view();
        let access = tokens
            .access_tokens
            .iter()
            .map(|token| {
                view! {
                    <li data-testid="access-token">
                        {token.scopes.join(" ")} " — " {text::EXPIRES_IN} " " {minutes(token.expires_at - now())}
                    </li>
                }
            })
            .collect_view();
        let refresh = match (refresh_seconds_left(&tokens), microsoft) {
            (Some(left), true) => format!("{} {}", text::REFRESH_TOKEN_LEFT, minutes(left)),
            (Some(_), false) => text::REFRESH_TOKEN_KEPT.to_owned(),
            (None, _) => text::NO_REFRESH_TOKEN.to_owned(),
        };
        Some(view! {
            <ProfileCard />
            <h1 data-testid="welcome">{text::WELCOME} " " {account.name.clone()}</h1>
            <p>{text::SIGNED_IN_AS} " " <strong data-testid="home-username">{account.username.clone()}</strong></p>
            <h2>{text::TOKEN_INSPECTOR}</h2>
            <dl class="claims" data-testid="token-inspector">{claim_rows}</dl>
            <ul>{access}</ul>
            <p class="note" data-testid="refresh-token-state">{refresh}</p>
        })
    };
    let admin_consent = move |_| {
        spawn_owned(async move {
            if let Err(error) = auth.request_admin_consent().await {
                failure.set(Some(error.to_string()));
            }
        })
    };
    view! {
        <section class="home" data-testid="home">
            <OpenItemCard />
            {summary}
            {microsoft.then(|| view! {
                <h2>{text::ADMIN_CONSENT_HEADING}</h2>
                <p class="note">{text::ADMIN_CONSENT_EXPLAINED}</p>
                <button type="button" data-testid="admin-consent" on:click=admin_consent>{text::ADMIN_CONSENT}</button>
            })}
            {move || failure.get().map(|message| view! { <p class="note" role="alert">{message}</p> })}
            <p><a href=Route::MailPrograms.to_hash() data-testid="home-mail-programs">{text::MAIL_PROGRAMS_LINK}</a></p>
            <TimeZoneSetting />
            <NotificationsSetting />
            <RemindersSetting />
            <MailSwitch key=CONVERSATIONS_CHOICE heading=text::CONVERSATIONS explained=text::CONVERSATIONS_EXPLAINED testid="settings-conversations" />
            <MailSwitch key=FOCUSED_INBOX_CHOICE heading=text::INBOX_HALVES explained=text::FOCUSED_INBOX_EXPLAINED testid="settings-focused-inbox" />
            <AutomaticRepliesSetting />
            <CategoriesSetting />
            <Developer />
        </section>
    }
}

/// A setting turned on from a click, which may ask the browser for notifications, and off
/// again: new-mail notifications and event reminders. What turning it on or off led to is
/// said under the button.
#[component]
fn OnFromAClick(
    heading: &'static str,
    explained: &'static str,
    testid: &'static str,
    on: Callback<(), bool>,
    turn_on: Callback<(), LocalBoxFuture<'static, &'static str>>,
    turn_off: Callback<(), &'static str>,
) -> impl IntoView {
    let said = RwSignal::new(None::<&'static str>);
    // The section's own work: turning it on swaps the button that started it.
    let work = StoredValue::new_local(ScreenWork::here());
    let start = move |_| {
        let turning_on = turn_on.run(());
        work.with_value(|work| work.spawn(async move { said.set(Some(turning_on.await)) }))
    };
    let stop = move |_| said.set(Some(turn_off.run(())));
    view! {
        <section class="setting">
            <h2>{heading}</h2>
            <p class="note">{explained}</p>
            {move || if on.run(()) {
                view! { <button type="button" data-testid=testid on:click=stop>{text::TURN_OFF}</button> }.into_any()
            } else {
                view! { <button type="button" data-testid=testid on:click=start>{text::TURN_ON}</button> }.into_any()
            }}
            {move || said.get().map(|said| view! { <p class="note" role="status" data-testid=format!("{testid}-said")>{said}</p> })}
        </section>
    }
}

/// New-mail notifications: off until the person turns them on, which is when the browser
/// is asked.
#[component]
fn NotificationsSetting() -> impl IntoView {
    let new_mail = NewMail::expect();
    let turn_on = Callback::new(move |()| -> LocalBoxFuture<'static, &'static str> {
        Box::pin(async move {
            match new_mail.turn_on().await {
                notify::Permission::Granted => text::NOTIFY_ON,
                notify::Permission::Unsupported => text::NOTIFY_UNSUPPORTED,
                _ => text::NOTIFY_REFUSED,
            }
        })
    });
    let turn_off = Callback::new(move |()| {
        new_mail.turn_off();
        text::NOTIFY_OFF
    });
    view! {
        <OnFromAClick heading=text::NOTIFY explained=text::NOTIFY_EXPLAINED testid="settings-notify"
            on=Callback::new(move |()| new_mail.on()) turn_on=turn_on turn_off=turn_off />
    }
}

/// Event reminders while Tern is open: off until turned on, which is when the browser is
/// asked for notifications (reminders show in the page whatever it answers).
#[component]
fn RemindersSetting() -> impl IntoView {
    let reminders = Reminders::expect();
    let turn_on = Callback::new(move |()| -> LocalBoxFuture<'static, &'static str> {
        Box::pin(async move {
            match reminders.turn_on().await {
                notify::Permission::Granted => text::REMINDERS_ON,
                _ => text::REMINDERS_ON_IN_PAGE,
            }
        })
    });
    let turn_off = Callback::new(move |()| {
        reminders.turn_off();
        text::REMINDERS_OFF
    });
    view! {
        <OnFromAClick heading=text::REMINDERS explained=text::REMINDERS_EXPLAINED testid="settings-reminders"
            on=Callback::new(move |()| reminders.on()) turn_on=turn_on turn_off=turn_off />
    }
}

/// A mail setting of the account that is on unless the person turns it off: grouping by
/// conversation, and Focused Inbox, which in Outlook too is a setting of each client (Graph
/// has none to read).
#[component]
fn MailSwitch(key: &'static str, heading: &'static str, explained: &'static str, testid: &'static str) -> impl IntoView {
    let auth = Auth::expect();
    let on = RwSignal::new(auth.account_item::<bool>(key) != Some(false));
    let said = RwSignal::new(None::<&'static str>);
    let change = move |ev: leptos::ev::Event| {
        let wanted = event_target_checked(&ev);
        on.set(wanted);
        let kept = auth.keep_account_item(key, &wanted).is_ok();
        said.set(Some(if kept { text::MAIL_SWITCH_SAVED } else { text::TIME_ZONE_NOT_KEPT }));
    };
    view! {
        <section class="setting">
            <h2>{heading}</h2>
            <label class="choice">
                <input type="checkbox" data-testid=testid prop:checked=move || on.get() on:change=change />
                {explained}
            </label>
            {move || said.get().map(|said| view! { <p class="note" role="status" data-testid=format!("{testid}-said")>{said}</p> })}
        </section>
    }
}

/// The calendar's time zone: the mailbox's own, else the browser's, unless the person names
/// another.
#[component]
fn TimeZoneSetting() -> impl IntoView {
    let auth = Auth::expect();
    let settings = MailboxSettings::expect();
    let mailbox_zone = load(move || settings.mailbox_zone());
    let without_choice = move || {
        mailbox_zone.get().map(|zone| match zone {
            Some(zone) => format!("{zone} ({})", text::TIME_ZONE_OF_MAILBOX),
            None => format!("{} ({})", intl::browser_time_zone(), text::TIME_ZONE_OF_BROWSER),
        })
    };
    let zone = RwSignal::new(auth.account_item::<String>(intl::TIME_ZONE_SETTING).unwrap_or_default());
    let said = RwSignal::new(None::<&'static str>);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let wanted = zone.get_untracked().trim().to_owned();
        if wanted.is_empty() {
            auth.forget_account_item(intl::TIME_ZONE_SETTING);
            return said.set(Some(text::TIME_ZONE_BROWSER));
        }
        if !intl::is_time_zone(&wanted) {
            return said.set(Some(text::TIME_ZONE_UNKNOWN));
        }
        let kept = auth.keep_account_item(intl::TIME_ZONE_SETTING, &wanted).is_ok();
        said.set(Some(if kept { text::TIME_ZONE_SAVED } else { text::TIME_ZONE_NOT_KEPT }));
    };
    view! {
        <form class="setting" on:submit=save>
            <h2>{text::TIME_ZONE}</h2>
            <label>
                <span class="note">
                    {text::TIME_ZONE_EXPLAINED} " " <span data-testid="settings-time-zone-default">{without_choice}</span>
                </span>
                <input type="text" placeholder="Europe/Berlin" data-testid="settings-time-zone" bind:value=zone />
            </label>
            <button type="submit" data-testid="settings-time-zone-save">{text::SAVE}</button>
            {move || said.get().map(|said| view! { <p class="note" role="status" data-testid="settings-time-zone-said">{said}</p> })}
        </form>
    }
}
