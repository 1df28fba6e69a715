//! HTTP plumbing shared by the identity endpoints: which tenant a path names, the
//! session cookie, form bodies, redirects carrying a response, JSON errors with CORS.

use super::clock::Time;
use super::errors::{OAuthError, Stamp};
use super::pages;
use super::registry::{CONSUMERS_TENANT_ID, TENANT_DOMAIN, TENANT_ID, TENANT_NAME};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::Value;

pub const SESSION_COOKIE: &str = "tern_emulator_session";

/// What the `{tenant}` segment of a path names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tenant {
    Common,
    Organizations,
    Consumers,
    /// The demo tenant, by id or by domain.
    Demo,
}

impl Tenant {
    pub fn parse(segment: &str) -> Option<Tenant> {
        Some(match segment.to_ascii_lowercase().as_str() {
            "common" => Tenant::Common,
            "organizations" => Tenant::Organizations,
            "consumers" => Tenant::Consumers,
            id if id == TENANT_ID || id == TENANT_DOMAIN => Tenant::Demo,
            _ => return None,
        })
    }

    /// The tenant id in the issuer; `None` for the multi-tenant authorities, whose
    /// issuer is the `{tenantid}` template.
    pub fn issuer_tenant(self) -> Option<&'static str> {
        match self {
            Tenant::Common | Tenant::Organizations => None,
            Tenant::Consumers => Some(CONSUMERS_TENANT_ID),
            Tenant::Demo => Some(TENANT_ID),
        }
    }

    /// The directory an unknown app is reported missing from.
    pub fn directory_name(self) -> &'static str {
        match self {
            Tenant::Consumers => "Microsoft Accounts",
            _ => TENANT_NAME,
        }
    }
}

/// The loopback origin the browser used (`localhost` or `127.0.0.1`), so that issuers and
/// page links stay on it; otherwise the emulator's own.
pub fn request_origin(headers: &HeaderMap, default: &str) -> String {
    crate::app_config::request_origin(headers).unwrap_or_else(|| default.to_owned())
}

pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.to_owned())
}

pub fn session_cookie(value: &str) -> HeaderValue {
    HeaderValue::from_str(&format!("{SESSION_COOKIE}={value}; Path=/; HttpOnly; SameSite=Lax"))
        .expect("a random token is a valid header value")
}

pub fn expired_session_cookie() -> HeaderValue {
    HeaderValue::from_str(&format!("{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT"))
        .expect("a constant header value")
}

/// `a=1&b=2` into pairs; the first of repeated names wins.
pub fn form_pairs(text: &str) -> Vec<(String, String)> {
    serde_urlencoded::from_str::<Vec<(String, String)>>(text).unwrap_or_default()
}

pub fn pick<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs.iter().find(|(key, _)| key == name).map(|(_, value)| value.as_str())
}

/// Like [`pick`], but an empty value counts as absent, as the service treats it.
pub fn pick_nonempty<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pick(pairs, name).filter(|value| !value.trim().is_empty())
}

pub fn encode(params: &[(&str, String)]) -> String {
    serde_urlencoded::to_string(params).expect("string pairs always encode")
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ResponseMode {
    Query,
    Fragment,
    FormPost,
}

/// Where and how a response goes back to the app.
#[derive(Clone, Debug)]
pub struct Reply {
    pub redirect_uri: String,
    pub mode: ResponseMode,
    pub state: Option<String>,
    /// The admin consent endpoint marks every response with `admin_consent=True`.
    pub admin_consent: bool,
}

impl Reply {
    /// `before` the state, then `state`, then `after` (where `session_state` goes).
    pub fn send(&self, before: Vec<(&str, String)>, after: Vec<(&str, String)>) -> Response {
        let mut params: Vec<(&str, String)> = Vec::new();
        if self.admin_consent {
            params.push(("admin_consent", "True".to_owned()));
        }
        params.extend(before);
        if let Some(state) = &self.state {
            params.push(("state", state.clone()));
        }
        params.extend(after);
        match self.mode {
            ResponseMode::FormPost => pages::form_post(&self.redirect_uri, &params),
            ResponseMode::Query => {
                let separator = if self.redirect_uri.contains('?') { '&' } else { '?' };
                redirect(&format!("{}{separator}{}", self.redirect_uri, encode(&params)))
            }
            ResponseMode::Fragment => redirect(&format!("{}#{}", self.redirect_uri, encode(&params))),
        }
    }

    pub fn error(&self, error: &OAuthError, stamp: &Stamp, origin: &str) -> Response {
        self.send(error.redirect_params(stamp, origin), Vec::new())
    }
}

pub fn redirect(location: &str) -> Response {
    let mut response = StatusCode::FOUND.into_response();
    if let Ok(value) = HeaderValue::from_str(location) {
        response.headers_mut().insert(header::LOCATION, value);
    }
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store, no-cache"));
    response
}

/// A JSON body the way the token endpoint sends it: never cached, and readable by the
/// browser only when `allow_origin` names the page's origin.
pub fn json(status: StatusCode, body: &Value, allow_origin: Option<&str>) -> Response {
    let mut response = (status, body.to_string()).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json; charset=utf-8"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store, no-cache"));
    headers.insert(header::PRAGMA, HeaderValue::from_static("no-cache"));
    if let Some(value) = allow_origin.and_then(|origin| HeaderValue::from_str(origin).ok()) {
        headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, value);
        headers.insert(header::VARY, HeaderValue::from_static("Origin"));
    }
    response
}

pub fn json_error(error: &OAuthError, now: Time, headers: &HeaderMap, origin: &str, allow_origin: Option<&str>) -> Response {
    let stamp = Stamp::new(now, client_request_id(headers));
    json(error.status, &error.json(&stamp, origin), allow_origin)
}

pub fn client_request_id(headers: &HeaderMap) -> Option<&str> {
    headers.get("client-request-id").and_then(|value| value.to_str().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tenants_are_recognised_by_name_id_and_domain() {
        assert_eq!(Tenant::parse("common"), Some(Tenant::Common));
        assert_eq!(Tenant::parse("Organizations"), Some(Tenant::Organizations));
        assert_eq!(Tenant::parse(&TENANT_ID.to_uppercase()), Some(Tenant::Demo));
        assert_eq!(Tenant::parse("contoso.example"), Some(Tenant::Demo));
        assert_eq!(Tenant::parse("fabrikam.example"), None);
    }

    #[test]
    fn reads_the_session_cookie_among_others() {
        let mut headers = HeaderMap::new();
        headers.insert(header::COOKIE, HeaderValue::from_static("a=1; tern_emulator_session=xyz; b=2"));
        assert_eq!(cookie(&headers, SESSION_COOKIE).as_deref(), Some("xyz"));
        assert_eq!(cookie(&headers, "c"), None);
    }

    #[test]
    fn replies_go_in_the_asked_mode_with_state_and_session_state_last() {
        let reply = |mode, uri: &str| Reply { redirect_uri: uri.to_owned(), mode, state: Some("s 1".into()), admin_consent: false };
        let location = |response: Response| response.headers()[header::LOCATION].to_str().unwrap().to_owned();
        let sent =
            reply(ResponseMode::Query, "http://localhost:8080/").send(vec![("code", "c".into())], vec![("session_state", "x".into())]);
        assert_eq!(location(sent), "http://localhost:8080/?code=c&state=s+1&session_state=x");
        let sent = reply(ResponseMode::Query, "http://localhost:8080/cb?k=v").send(vec![("code", "c".into())], vec![]);
        assert_eq!(location(sent), "http://localhost:8080/cb?k=v&code=c&state=s+1");
        let sent = reply(ResponseMode::Fragment, "http://localhost:8080/").send(vec![("code", "c".into())], vec![]);
        assert_eq!(location(sent), "http://localhost:8080/#code=c&state=s+1");
    }
}
