//! *Mail programs*: how IMAP, POP and SMTP clients sign in to Exchange Online with OAuth
//! 2.0, and a ready XOAUTH2 string for scripts, from the active account's sign-in.

use crate::browser::dom::{el, Node};
use crate::browser::intl;
use crate::browser::timer;
use crate::components::copy_field::CopyField;
use crate::components::dom_view::mounted;
use crate::services::auth::Auth;
use crate::services::pim::time_zone;
use crate::services::task::spawn_owned;
use crate::text;
use leptos::prelude::*;
use std::time::Duration;
use tern_core::auth::inspect::countdown;
use tern_core::auth::token_cache::AccessToken;
use tern_core::mail::programs::{self, SERVERS};

/// What an administrator switches on, as Exchange Online PowerShell and the Entra admin
/// centre name it.
const ADMIN_STEPS: [&str; 4] = [
    "SMTP AUTH for the mailbox: Set-CASMailbox -Identity <address> -SmtpClientAuthenticationDisabled $false. This overrides the organisation's setting (Set-TransportConfig -SmtpClientAuthenticationDisabled). Security defaults turn SMTP AUTH off.",
    "IMAP and POP for the mailbox: Set-CASMailbox -Identity <address> -ImapEnabled $true -PopEnabled $true.",
    "The app registration of the mail program (or Tern's, for a token from this page) lists, under API permissions, Office 365 Exchange Online: IMAP.AccessAsUser.All, POP.AccessAsUser.All and SMTP.Send, and someone consented to them: each person at first use, or an administrator for everyone.",
    "Conditional Access policies apply: a policy that blocks legacy clients or requires a compliant device refuses the program even with a valid token.",
];

const FAILURES: [&str; 5] = [
    "IMAP \"NO AUTHENTICATE failed.\" or SMTP \"535 5.7.3 Authentication unsuccessful\" with a token that has not expired usually means IMAP or SMTP AUTH is turned off for the mailbox, or the token lacks the permission (check its scp in the Developer section of Tern's home).",
    "The user= in the XOAUTH2 string must be the mailbox's address, the one the token was issued for.",
    "A Microsoft Graph token is refused: its audience is Graph, not Exchange Online. Use the token from this page.",
    "\"535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant\": an administrator must allow SMTP AUTH (see above).",
    "Tokens last about an hour: an expired one is refused the same way. Get a new one here; a mail program renews its own.",
];

#[component]
pub fn MailPrograms() -> impl IntoView {
    let auth = Auth::expect();
    let token = RwSignal::new(None::<AccessToken>);
    let failure = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let get_token = move |_| {
        busy.set(true);
        failure.set(None);
        spawn_owned(async move {
            match auth.resource_token(&programs::SCOPES).await {
                Ok(Some(got)) => token.set(Some(got)),
                // Leaving for the consent page: the button stays pressed until then.
                Ok(None) => return,
                Err(error) => failure.set(Some(error.to_string())),
            }
            busy.set(false);
        });
    };
    view! {
        <section class="mail-programs" data-testid="mail-programs">
            {mounted(how_to_connect())}
            <h2>{text::MAIL_PROGRAMS_TOKEN}</h2>
            <p class="note">{text::MAIL_PROGRAMS_TOKEN_EXPLAINED}</p>
            <button type="button" data-testid="mail-programs-get-token" disabled=move || busy.get() on:click=get_token>
                {text::GET_MAIL_PROGRAMS_TOKEN}
            </button>
            {move || failure.get().map(|message| view! { <p class="failure" role="alert" data-testid="mail-programs-error">{message}</p> })}
            {move || token.get().map(|token| view! { <ProgramsToken token=token /> })}
            {mounted(when_it_fails())}
        </section>
    }
}

/// The servers, the permissions and what an administrator switches on: text that never
/// changes, built with the DOM (docs/size.md).
fn how_to_connect() -> Node {
    let cell = |text: &str| el("td").text(text);
    let code_cell = |text: &str| el("td").child(el("code").text(text));
    let servers = SERVERS.iter().map(|server| {
        el("tr")
            .test_id("mail-programs-server")
            .child(cell(server.protocol))
            .child(code_cell(server.host))
            .child(cell(&server.port.to_string()))
            .child(cell(server.security))
            .child(code_cell(server.permission))
    });
    let heading =
        el("tr").child(el("th")).children([text::SERVER, text::PORT, text::SECURITY, text::PERMISSION].map(|name| el("th").text(name)));
    let scopes = programs::SCOPES.iter().chain(&["offline_access"]).map(|scope| el("li").child(el("code").text(scope)));
    el("div")
        .class("dom-view")
        .child(el("h1").text(text::MAIL_PROGRAMS))
        .child(el("p").text(text::MAIL_PROGRAMS_EXPLAINED))
        .child(el("table").test_id("mail-programs-servers").child(el("thead").child(heading)).child(el("tbody").children(servers)))
        .child(el("p").text(text::MAIL_PROGRAMS_PERMISSIONS))
        .child(el("ul").children(scopes))
        .child(el("h2").text(text::MAIL_PROGRAMS_ADMIN))
        .child(el("ul").children(ADMIN_STEPS.map(|step| el("li").text(step))))
}

fn when_it_fails() -> Node {
    el("div")
        .class("dom-view")
        .child(el("h2").text(text::MAIL_PROGRAMS_FAILURES))
        .child(el("ul").children(FAILURES.map(|failure| el("li").text(failure))))
}

#[component]
fn ProgramsToken(token: AccessToken) -> impl IntoView {
    let auth = Auth::expect();
    let username = auth.active_account().map(|account| account.username).unwrap_or_default();
    let clock = timer::clock(Duration::from_secs(1));
    let expires_at = token.expires_at;
    let until = intl::moment(expires_at, &time_zone(auth));
    let sasl = programs::xoauth2(&username, &token.token);
    let revealed = RwSignal::new(false);
    let warned = RwSignal::new(false);
    view! {
        <div class="programs-token" data-testid="mail-programs-token">
            <p>{text::XOAUTH2_STRING} " " <strong data-testid="mail-programs-user">{username}</strong></p>
            <button type="button" data-testid="mail-programs-reveal" aria-expanded=move || revealed.get().to_string()
                on:click=move |_| revealed.update(|shown| *shown = !*shown)>
                {move || if revealed.get() { text::HIDE } else { text::REVEAL }}
            </button>
            {move || revealed.get().then(|| view! {
                <CopyField text=sasl.clone() label=text::XOAUTH2 testid="mail-programs-xoauth2" warn_once=warned />
            })}
            <p data-testid="mail-programs-expiry">
                {until} " — " {move || countdown(expires_at, clock.get())}
            </p>
        </div>
    }
}
