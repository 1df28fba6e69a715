//! The *Developer* section of the signed-in home: the token inspector and the request
//! console, both for the active account only. Tokens are decoded in this tab to explain
//! them; nothing here is sent anywhere.

use crate::browser::intl;
use crate::browser::timer;
use crate::components::copy_field::CopyField;
use crate::services::auth::Auth;
use crate::services::graph::Graph;
use crate::services::pim::time_zone;
use crate::text;
use leptos::prelude::*;
use std::time::Duration;
use tern_core::auth::inspect::{countdown, inspect, Inspected};
use tern_core::graph::console::{self, Call, Filter, Remedy, StatusFilter};
use tern_core::graph::permissions;
use tern_core::mail::programs;

#[component]
pub fn Developer() -> impl IntoView {
    let clock = timer::clock(Duration::from_secs(1));
    view! {
        <section class="developer" data-testid="developer" aria-labelledby="developer-heading">
            <h2 id="developer-heading">{text::DEVELOPER}</h2>
            <p class="note">{text::DEVELOPER_EXPLAINED}</p>
            <TokenInspector clock=clock />
            <RequestConsole />
        </section>
    }
}

/// The delegated permissions of the account's Graph tokens, for explaining a refusal.
fn graph_permissions(auth: Auth, account: &str) -> Vec<String> {
    let client_id = auth.config().client_id;
    let tokens = auth.tokens_of(account).map(|tokens| tokens.access_tokens).unwrap_or_default();
    tokens
        .iter()
        .filter_map(|token| inspect(&token.token, &client_id).ok())
        .filter(|inspected| audience(inspected) == Some("Microsoft Graph"))
        .flat_map(|inspected| inspected.scopes)
        .collect()
}

fn audience(inspected: &Inspected) -> Option<&'static str> {
    inspected.claims.iter().find(|claim| claim.name == "aud").and_then(|claim| claim.names)
}

#[component]
fn TokenInspector(clock: ReadSignal<i64>) -> impl IntoView {
    let auth = Auth::expect();
    let warned = RwSignal::new(false);
    // Renewals change the tokens without telling: the tick reads them again, and the list is
    // rebuilt only when one changed.
    let held = Memo::new(move |_| {
        clock.track();
        let tokens = auth.tokens_of(&auth.active.get()?)?;
        let mut held = vec![(text::ID_TOKEN, tokens.id_token)];
        held.extend(tokens.access_tokens.into_iter().map(|access| (text::ACCESS_TOKEN, access.token)));
        Some(held)
    });
    view! {
        <h3>{text::TOKENS}</h3>
        <div class="tokens" data-testid="tokens">
            {move || held.get().unwrap_or_default().into_iter().map(|(kind, token)| view! {
                <TokenCard kind=kind token=token clock=clock warned=warned />
            }).collect_view()}
        </div>
    }
}

#[component]
fn TokenCard(kind: &'static str, token: String, clock: ReadSignal<i64>, warned: RwSignal<bool>) -> impl IntoView {
    let auth = Auth::expect();
    let inspected = match inspect(&token, &auth.config().client_id) {
        Ok(inspected) => inspected,
        Err(problem) => {
            return view! {
                <article class="token" data-testid="token">
                    <h4>{kind}</h4>
                    <p class="note">{text::TOKEN_UNREADABLE} " " {problem.to_string()}</p>
                </article>
            }
            .into_any();
        }
    };
    let zone = time_zone(auth);
    let names = audience(&inspected);
    let title = match names {
        Some(names) if kind == text::ACCESS_TOKEN => format!("{kind}: {names}"),
        _ => kind.to_owned(),
    };
    let expires_at = inspected.expires_at;
    let countdown_text = move || expires_at.map(|at| format!("{} {}", text::EXPIRES_AT_COUNTDOWN, countdown(at, clock.get())));
    let header = serde_json::to_string_pretty(&inspected.header).unwrap_or_default();
    let claims = inspected
        .claims
        .iter()
        .map(|claim| {
            let when = claim.time.map(|seconds| intl::moment(seconds, &zone));
            view! {
                <div class="detail">
                    <dt><code>{claim.name.clone()}</code></dt>
                    <dd data-testid=format!("token-claim-{}", claim.name)>
                        <code>{claim.value.clone()}</code>
                        {when.map(|when| view! { " — " <span data-testid="token-claim-time">{when}</span> })}
                        {claim.names.map(|names| view! { " — " {names} })}
                        {claim.meaning.map(|meaning| view! { <span class="note">{meaning}</span> })}
                    </dd>
                </div>
            }
        })
        .collect_view();
    let allows = token_allows(names, &inspected.scopes);
    let revealed = RwSignal::new(false);
    let raw = token.clone();
    view! {
        <article class="token" data-testid="token" data-kind=kind>
            <h4>{title}</h4>
            <p role="timer" data-testid="token-countdown">{countdown_text}</p>
            <details>
                <summary>{text::TOKEN_HEADER}</summary>
                <pre data-testid="token-header">{header}</pre>
            </details>
            <h5>{text::TOKEN_CLAIMS}</h5>
            <dl class="claims">{claims}</dl>
            <h5>{text::TOKEN_ALLOWS}</h5>
            {allows}
            <button type="button" data-testid="token-reveal" aria-expanded=move || revealed.get().to_string()
                on:click=move |_| revealed.update(|shown| *shown = !*shown)>
                {move || if revealed.get() { text::HIDE } else { text::REVEAL }}
            </button>
            {move || revealed.get().then(|| view! { <CopyField text=raw.clone() label=text::THE_TOKEN testid="token-raw" warn_once=warned /> })}
        </article>
    }
    .into_any()
}

/// What a token's permissions allow: Graph's endpoints for a Graph token, the protocols
/// for an Exchange Online one.
fn token_allows(audience: Option<&'static str>, scopes: &[String]) -> AnyView {
    let verdict = |allowed: bool| if allowed { text::ALLOWED } else { text::NOT_ALLOWED };
    match audience {
        Some("Microsoft Graph") => {
            let rows = permissions::allowed(scopes)
                .into_iter()
                .map(|(endpoint, allowed)| {
                    view! {
                        <tr data-testid="token-endpoint" data-allowed=allowed.to_string()>
                            <td><code>{endpoint.method} " " {endpoint.path}</code></td>
                            <td>{endpoint.what}</td>
                            <td class=if allowed { "allowed" } else { "refused" }>{verdict(allowed)}</td>
                            <td class="note">{endpoint.permissions.join(", ")}</td>
                        </tr>
                    }
                })
                .collect_view();
            view! { <table class="token-allows"><tbody>{rows}</tbody></table> }.into_any()
        }
        Some(names) if names.starts_with("Exchange Online") => {
            let rows = programs::allowed(scopes)
                .into_iter()
                .map(|(server, allowed)| {
                    view! {
                        <tr data-testid="token-protocol" data-allowed=allowed.to_string()>
                            <td>{server.protocol}</td>
                            <td class=if allowed { "allowed" } else { "refused" }>{verdict(allowed)}</td>
                            <td class="note">{server.permission}</td>
                        </tr>
                    }
                })
                .collect_view();
            view! { <table class="token-allows"><tbody>{rows}</tbody></table> }.into_any()
        }
        _ => view! { <p class="note">{text::ID_TOKEN_ALLOWS}</p> }.into_any(),
    }
}

/// The latest Graph calls of the active account: filtered, each with its headers (no
/// token), its error, and what a failure means.
#[component]
fn RequestConsole() -> impl IntoView {
    let graph = Graph::expect();
    let auth = graph.auth();
    let filter = RwSignal::new(Filter::default());
    let selected = RwSignal::new(None::<String>);
    let shown = Memo::new(move |_| {
        let account = auth.active.get().unwrap_or_default();
        filter.with(|filter| {
            graph
                .log
                .with(|log| log.iter().rev().filter(|call| call.account == account && filter.admits(call)).cloned().collect::<Vec<_>>())
        })
    });
    let status_options =
        StatusFilter::ALL.into_iter().map(|status| view! { <option value=status.slug()>{status.label()}</option> }).collect_view();
    let method_options = ["", "GET", "POST", "PATCH", "DELETE"]
        .into_iter()
        .map(|method| view! { <option value=method>{if method.is_empty() { text::ANY_METHOD } else { method }}</option> })
        .collect_view();
    let rows = move || {
        let calls = shown.get();
        if calls.is_empty() {
            return view! { <tr><td colspan="5" class="note" data-testid="request-log-empty">{text::NO_CALLS}</td></tr> }.into_any();
        }
        calls
            .into_iter()
            .map(|call| {
                let id = call.client_request_id.clone();
                let status = call.status.map_or_else(|| text::LOG_NO_ANSWER.to_owned(), |status| status.to_string());
                view! {
                    <tr data-testid="request-log-entry" class:failed=call.failed()>
                        <td><code>{call.method.clone()} " " {call.path.clone()}</code></td>
                        <td data-testid="request-log-status">{status}</td>
                        <td>{format!("{} ms", call.duration_ms)}</td>
                        <td><code>{call.client_request_id.clone()} " / " {call.request_id.clone().unwrap_or_default()}</code></td>
                        <td><button type="button" data-testid="request-log-details" on:click=move |_| selected.set(Some(id.clone()))>{text::LOG_DETAILS}</button></td>
                    </tr>
                }
            })
            .collect_view()
            .into_any()
    };
    let details = move || {
        let id = selected.get()?;
        let account = auth.active.get()?;
        // Not tracked: a new call in the log must not rebuild the details being read.
        let call =
            graph.log.with_untracked(|log| log.iter().find(|call| call.client_request_id == id && call.account == account).cloned())?;
        Some(view! { <CallDetails call=call granted=graph_permissions(auth, &account) /> })
    };
    view! {
        <details class="request-log">
            <summary data-testid="request-log-toggle">{text::REQUEST_LOG}</summary>
            <div class="console-filter">
                <select aria-label=text::LOG_STATUS data-testid="request-filter-status"
                    on:change=move |ev| filter.update(|filter| filter.status = StatusFilter::from_slug(&event_target_value(&ev)))>
                    {status_options}
                </select>
                <select aria-label=text::ANY_METHOD data-testid="request-filter-method"
                    on:change=move |ev| filter.update(|filter| filter.method = event_target_value(&ev))>
                    {method_options}
                </select>
                <input type="search" placeholder=text::CONSOLE_FILTER_PATH aria-label=text::CONSOLE_FILTER_PATH data-testid="request-filter-path"
                    on:input=move |ev| filter.update(|filter| filter.path = event_target_value(&ev)) />
            </div>
            <table data-testid="request-log">
                <thead><tr><th>{text::LOG_CALL}</th><th>{text::LOG_STATUS}</th><th>{text::LOG_DURATION}</th><th>"client-request-id / request-id"</th><th></th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
            {details}
        </details>
    }
}

fn header_lines(headers: &[(String, String)]) -> String {
    headers.iter().map(|(name, value)| format!("{name}: {value}")).collect::<Vec<_>>().join("\n")
}

#[component]
fn CallDetails(call: Call, granted: Vec<String>) -> impl IntoView {
    let auth = Auth::expect();
    let zone = time_zone(auth);
    let explanation = console::explain(&call, &granted);
    let copied = RwSignal::new(None::<String>);
    let (support, curl) = (console::support_text(&call), console::curl(&call));
    let sent = intl::moment((call.started_at_ms / 1000.0) as i64, &zone);
    let error_body = call.error_body.clone().filter(|body| !body.is_empty()).map(|body| {
        serde_json::from_str::<serde_json::Value>(&body).ok().and_then(|json| serde_json::to_string_pretty(&json).ok()).unwrap_or(body)
    });
    let explained = explanation.map(|explanation| {
        let grant = match explanation.remedy {
            Remedy::Consent(scope) => {
                let asked = scope.clone();
                let ask = move |_| {
                    let scope = asked.clone();
                    leptos::task::spawn_local(async move {
                        let _ = auth.request_consent(&[scope.as_str()]).await;
                    });
                };
                Some(view! { <button type="button" data-testid="request-grant" on:click=ask>{text::GRANT} " " {scope}</button> })
            }
            Remedy::Nothing => None,
        };
        view! {
            <div class="explanation" role="note" data-testid="request-explanation">
                <p><strong data-testid="request-explanation-summary">{explanation.summary}</strong></p>
                <ul>{explanation.details.into_iter().map(|detail| view! { <li>{detail}</li> }).collect_view()}</ul>
                {grant}
            </div>
        }
    });
    view! {
        <section class="call-details" data-testid="request-details" aria-label=text::LOG_DETAILS>
            <h4><code>{call.method.clone()} " " {call.path.clone()}</code></h4>
            {explained}
            <dl class="claims">
                <div class="detail"><dt>"request-id"</dt><dd data-testid="request-details-request-id">{call.request_id.clone().unwrap_or_default()}</dd></div>
                <div class="detail"><dt>"client-request-id"</dt><dd data-testid="request-details-client-request-id">{call.client_request_id.clone()}</dd></div>
                <div class="detail"><dt>{text::LOG_TIME}</dt><dd>{sent}</dd></div>
                <div class="detail"><dt>{text::LOG_DURATION}</dt><dd>{format!("{} ms", call.duration_ms)}</dd></div>
            </dl>
            <h5>{text::REQUEST_HEADERS}</h5>
            <pre data-testid="request-headers">{header_lines(&call.request_headers)}</pre>
            <h5>{text::RESPONSE_HEADERS}</h5>
            <pre data-testid="response-headers">{header_lines(&call.response_headers)}</pre>
            {error_body.map(|body| view! { <h5>{text::ERROR_ENVELOPE}</h5><pre data-testid="request-error-body">{body}</pre> })}
            <button type="button" data-testid="request-copy-support" on:click=move |_| copied.set(Some(support.clone()))>{text::COPY_FOR_SUPPORT}</button>
            <button type="button" data-testid="request-copy-curl" on:click=move |_| copied.set(Some(curl.clone()))>{text::COPY_AS_CURL}</button>
            {move || copied.get().map(|text| view! { <CopyField text=text label=text::COPIED_TEXT testid="request-copied" copy_at_once=true /> })}
        </section>
    }
}
