//! `GET /{tenant}/v2.0/.well-known/openid-configuration`, `GET /{tenant}/discovery/v2.0/keys`
//! and the `/error?code=N` lookup page their errors link to. Discovery and keys are
//! readable from any origin, as the real ones are.

use super::errors::{self, Stamp};
use super::pages;
use super::web::{self, Tenant};
use crate::Shared;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{json, Value};

pub async fn openid_configuration(State(state): State<Shared>, Path(tenant): Path<String>, headers: HeaderMap) -> Response {
    let identity = &state.identity;
    let origin = web::request_origin(&headers, &identity.default_origin);
    let Some(kind) = Tenant::parse(&tenant) else {
        return not_found(&state, &tenant, &headers, &origin);
    };
    public(document(&origin, &tenant, kind))
}

pub async fn keys(State(state): State<Shared>, Path(tenant): Path<String>, headers: HeaderMap) -> Response {
    let identity = &state.identity;
    let origin = web::request_origin(&headers, &identity.default_origin);
    if Tenant::parse(&tenant).is_none() {
        return not_found(&state, &tenant, &headers, &origin);
    }
    public(json!({"keys": [identity.keys.jwk()]}))
}

/// Preflight for discovery and keys: any origin, GET only.
pub async fn preflight() -> Response {
    let mut response = StatusCode::OK.into_response();
    let headers = response.headers_mut();
    headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
    headers.insert(header::ACCESS_CONTROL_ALLOW_METHODS, HeaderValue::from_static("GET, OPTIONS"));
    response
}

#[derive(Deserialize)]
pub struct Lookup {
    code: Option<String>,
}

pub async fn error_lookup(Query(lookup): Query<Lookup>) -> Response {
    pages::error_lookup(lookup.code.and_then(|code| code.trim().trim_start_matches("AADSTS").parse().ok()))
}

fn not_found(state: &Shared, tenant: &str, headers: &HeaderMap, origin: &str) -> Response {
    let error = errors::tenant_not_found(tenant);
    let stamp = Stamp::new(state.identity.clock.now(), web::client_request_id(headers));
    let mut response = web::json(error.status, &error.json(&stamp, origin), Some("*"));
    response.headers_mut().insert(header::ACCESS_CONTROL_ALLOW_METHODS, HeaderValue::from_static("GET, OPTIONS"));
    response
}

fn public(body: Value) -> Response {
    let mut response = (StatusCode::OK, body.to_string()).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json; charset=utf-8"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("max-age=86400, private"));
    headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
    headers.insert(header::ACCESS_CONTROL_ALLOW_METHODS, HeaderValue::from_static("GET, OPTIONS"));
    response
}

/// The v2.0 OpenID Connect metadata. Endpoints keep the authority the app used, except
/// that a tenant named by domain is answered with its id, as the service does.
fn document(origin: &str, segment: &str, tenant: Tenant) -> Value {
    let authority = match tenant {
        Tenant::Demo => super::TENANT_ID.to_owned(),
        _ => segment.to_ascii_lowercase(),
    };
    let base = format!("{origin}/{authority}");
    let issuer = format!("{origin}/{}/v2.0", tenant.issuer_tenant().unwrap_or("{tenantid}"));
    let region = match tenant {
        Tenant::Demo => json!("NA"),
        _ => Value::Null,
    };
    json!({
        "token_endpoint": format!("{base}/oauth2/v2.0/token"),
        "token_endpoint_auth_methods_supported": ["client_secret_post", "private_key_jwt", "client_secret_basic"],
        "jwks_uri": format!("{base}/discovery/v2.0/keys"),
        "response_modes_supported": ["query", "fragment", "form_post"],
        "subject_types_supported": ["pairwise"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "response_types_supported": ["code", "id_token", "code id_token", "id_token token"],
        "scopes_supported": ["openid", "profile", "email", "offline_access"],
        "issuer": issuer,
        "request_uri_parameter_supported": false,
        "userinfo_endpoint": format!("{origin}/oidc/userinfo"),
        "authorization_endpoint": format!("{base}/oauth2/v2.0/authorize"),
        "device_authorization_endpoint": format!("{base}/oauth2/v2.0/devicecode"),
        "http_logout_supported": true,
        "frontchannel_logout_supported": true,
        "end_session_endpoint": format!("{base}/oauth2/v2.0/logout"),
        "claims_supported": [
            "sub", "iss", "cloud_instance_name", "cloud_instance_host_name", "cloud_graph_host_name",
            "msgraph_host", "aud", "exp", "iat", "auth_time", "acr", "nonce", "preferred_username",
            "name", "tid", "ver", "at_hash", "c_hash", "email"
        ],
        "kerberos_endpoint": format!("{base}/kerberos"),
        "tenant_region_scope": region,
        "cloud_instance_name": "microsoftonline.com",
        "cloud_graph_host_name": "graph.windows.net",
        "msgraph_host": "graph.microsoft.com",
        "rbac_url": "https://pas.windows.net",
    })
}
