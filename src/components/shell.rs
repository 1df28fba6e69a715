use crate::app::{CurrentRoute, Started};
use crate::components::account_menu::AccountMenu;
use crate::components::dom_view::dom_view;
use crate::components::reminders::ReminderWatch;
use crate::components::top_bar::TopBar;
use crate::services::auth::Notice;
use crate::services::graph::Graph;
use crate::services::mailbox_settings::MailboxSettings;
use crate::services::new_mail::NewMail;
use crate::services::open_item::OpenItem;
use crate::services::photo::AccountPhoto;
use crate::services::reminders::Reminders;
use crate::services::sign_in_start::SignInStart;
use crate::text;
use crate::views::auth_error::AuthErrorScreen;
use crate::views::automatic_replies::AutoRepliesBanner;
use crate::views::mail_programs::MailPrograms;
use crate::views::{home::Home, landing::landing, not_found::not_found, signed_in_area::SignedInArea, signed_out_area::signed_out_area};
use leptos::prelude::*;
use tern_core::route::Route;

/// The frame every screen sits in: top bar, area navigation, the account, and the screen
/// for the route.
#[component]
pub fn Shell(started: Started) -> impl IntoView {
    let CurrentRoute(route) = expect_context();
    let Started { auth, problem: problem_at_start, notice } = started;
    let auth = match auth {
        Ok(auth) => auth,
        Err(error) => {
            return view! { <main id="main" class="main"><AuthErrorScreen error=error /></main> }.into_any();
        }
    };
    auth.provide();
    let sign_in = SignInStart::through_session(auth).provide();
    let graph = Graph::new(auth);
    graph.provide();
    AccountPhoto::provide(graph);
    MailboxSettings::provide(graph);
    NewMail::provide(graph);
    Reminders::provide(graph);
    if auth.in_outlook() {
        OpenItem::provide(graph);
    }
    let problem = auth.problem;
    problem.set(problem_at_start);
    let notice = RwSignal::new(notice);
    let account = Memo::new(move |_| auth.active.get());
    let signed_in = move || account.with(Option::is_some);
    // Only a change of area or of sign-in rebuilds the screen; moving within an area (a
    // folder, a message) is the screen's own business and keeps its state.
    let place = Memo::new(move |_| match route.get() {
        Route::NotFound { hash } => Err(hash),
        current => Ok((current.area(), current == Route::MailPrograms)),
    });
    // A change of account makes every screen, and every store under it, anew: nothing of
    // the previous account is shown, and its work in progress stops.
    let screen = move || match (place.get(), account.get().is_some()) {
        (Err(hash), _) => dom_view(move || vec![not_found(&hash)]).into_any(),
        (Ok((Some(area), _)), true) => view! { <SignedInArea area=area /> }.into_any(),
        (Ok((Some(area), _)), false) => {
            let sign_in = sign_in.get_value();
            dom_view(move || vec![signed_out_area(area, &sign_in)]).into_any()
        }
        (Ok((None, true)), true) => view! { <MailPrograms /> }.into_any(),
        (Ok((None, false)), true) => view! { <Home /> }.into_any(),
        (Ok((None, _)), false) => {
            let (config, sign_in) = (auth.config(), sign_in.get_value());
            dom_view(move || vec![landing(&config, &sign_in)]).into_any()
        }
    };
    let notice_view = move || {
        notice.get().map(|Notice::AdminConsentGranted { tenant, scope }| {
            view! {
                <div class="notice" role="status" data-testid="admin-consent-granted">
                    <p>{text::ADMIN_CONSENT_GRANTED} " " <code>{tenant}</code></p>
                    <p class="note">{scope}</p>
                    <button type="button" on:click=move |_| notice.set(None)>{text::DISMISS}</button>
                </div>
            }
        })
    };
    view! {
        <div class="shell" data-testid="shell">
            <TopBar>{move || signed_in().then(|| view! { <AccountMenu /> })}</TopBar>
            // Beside the bar rather than in it, so the bar keeps its height on a narrow pane.
            {move || (graph.retrying.get() > 0).then(|| view! {
                <p class="retrying" role="status" data-testid="retrying">{text::RETRYING}</p>
            })}
            <main id="main" class="main" data-testid="main">
                {move || problem.get().map(|error| view! { <AuthErrorScreen error=error on_dismiss=Callback::new(move |_| problem.set(None)) /> })}
                {notice_view}
                {move || signed_in().then(|| view! { <AutoRepliesBanner /> <NewMailWatch /> <ReminderWatch /> })}
                {screen}
            </main>
        </div>
    }
    .into_any()
}

/// How often the inbox is looked at for new mail, when notifications are on.
const NEW_MAIL_EVERY_MS: u64 = 60_000;

/// Looks for new mail every minute while someone is signed in; the first look marks what
/// is already there.
#[component]
fn NewMailWatch() -> impl IntoView {
    let new_mail = NewMail::expect();
    crate::services::task::spawn_owned(async move {
        crate::services::graph::after_first_requests().await;
        loop {
            new_mail.check().await;
            crate::browser::timer::sleep(NEW_MAIL_EVERY_MS).await;
        }
    });
}
