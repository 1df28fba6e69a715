//! `GET /{tenant}/oauth2/v2.0/logout`: ends the emulator's sign-in session (for every
//! account, or the one `logout_hint` names) and returns to the app when
//! `post_logout_redirect_uri` is one of its registered redirect URIs.

use super::errors::{self, Stamp};
use super::pages;
use super::web::{self, form_pairs, pick_nonempty, Tenant};
use crate::Shared;
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderMap};
use axum::response::Response;

pub async fn logout(State(state): State<Shared>, Path(tenant): Path<String>, headers: HeaderMap, RawQuery(query): RawQuery) -> Response {
    let identity = &state.identity;
    if Tenant::parse(&tenant).is_none() {
        return pages::error(&errors::tenant_not_found(&tenant), &Stamp::new(identity.clock.now(), None));
    }
    let pairs = form_pairs(query.as_deref().unwrap_or_default());
    let ended = identity.session_id(&headers).map(|id| {
        let mut store = identity.store();
        // The hint may name the account by upn, object id or session id (`sid`).
        let hinted = pick_nonempty(&pairs, "logout_hint").map(|hint| match identity.registry.user_by_upn(hint) {
            Some(user) => user.oid.clone(),
            None => hint.to_owned(),
        });
        let emptied = match (hinted, store.sessions.get_mut(&id)) {
            (Some(hint), Some(session)) => {
                session.users.retain(|user| user.oid != hint && user.sid != hint);
                session.users.is_empty()
            }
            _ => true,
        };
        if emptied {
            store.sessions.remove(&id);
        }
        emptied
    });

    let target = pick_nonempty(&pairs, "post_logout_redirect_uri").filter(|uri| match pick_nonempty(&pairs, "client_id") {
        Some(client_id) => identity.registry.app(client_id).is_some_and(|app| app.is_redirect_uri(uri)),
        None => identity.registry.any_redirect_uri(uri),
    });
    let mut response = match target {
        Some(uri) => {
            let location = match pick_nonempty(&pairs, "state") {
                Some(value) => {
                    let separator = if uri.contains('?') { '&' } else { '?' };
                    format!("{uri}{separator}{}", web::encode(&[("state", value.to_owned())]))
                }
                None => uri.to_owned(),
            };
            web::redirect(&location)
        }
        None => pages::signed_out(),
    };
    if ended == Some(true) {
        response.headers_mut().append(header::SET_COOKIE, web::expired_session_cookie());
    }
    response
}
