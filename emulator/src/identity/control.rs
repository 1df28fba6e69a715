//! `/_emulator/…` switches for the identity side: the clock, refresh token revocation,
//! the token request log, and claims to plant in the next id_token.

use crate::Shared;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use serde_json::{json, Value};

pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/_emulator/clock/advance", post(advance_clock))
        .route("/_emulator/users/{upn}/revoke-refresh-tokens", post(revoke))
        .route("/_emulator/token-requests", get(token_requests))
        .route("/_emulator/next-id-token-claims", put(next_id_token_claims))
}

fn bad_request(message: &str) -> Response {
    (StatusCode::BAD_REQUEST, Json(json!({"error": message}))).into_response()
}

/// `{"seconds": N}`: moves the emulator's clock (N may be negative).
async fn advance_clock(State(state): State<Shared>, body: String) -> Response {
    let seconds = serde_json::from_str::<Value>(&body).ok().and_then(|value| value.get("seconds").and_then(Value::as_i64));
    let Some(seconds) = seconds else {
        return bad_request(r#"expected {"seconds": N} with N a whole number"#);
    };
    let clock = &state.identity.clock;
    let offset = clock.advance(seconds);
    Json(json!({"offset_seconds": offset, "now": clock.now().rfc3339()})).into_response()
}

async fn revoke(State(state): State<Shared>, Path(upn): Path<String>) -> Response {
    if state.identity.revoke_refresh_tokens(&upn) {
        StatusCode::NO_CONTENT.into_response()
    } else {
        (StatusCode::NOT_FOUND, Json(json!({"error": format!("no user {upn}")}))).into_response()
    }
}

async fn token_requests(State(state): State<Shared>) -> Json<Value> {
    Json(state.identity.token_log_json())
}

/// A JSON object whose members replace claims of the next id_token issued (a `null`
/// member removes the claim); later id_tokens are normal again.
async fn next_id_token_claims(State(state): State<Shared>, body: String) -> Response {
    match serde_json::from_str::<Value>(&body) {
        Ok(Value::Object(claims)) => {
            state.identity.set_next_id_token_claims(claims);
            StatusCode::NO_CONTENT.into_response()
        }
        _ => bad_request("expected a JSON object of claims"),
    }
}
