//! `POST /me/translateExchangeIds`: an Outlook add-in's item ids (EWS, or REST from
//! `convertToRestId`) turned into the ids Tern uses with Graph.
//!
//! The emulator's messages have one id each, kept across moves when the client prefers
//! immutable ids, so the REST id and the immutable REST id are that id. The EWS form is the
//! same base64 in its standard alphabet (`+` and `/` where REST uses `_` and `-`), which is
//! what `convertToRestId` undoes. The binary MAPI forms are not modelled (emulator/FIDELITY.md).

use super::{authenticate, error, has_scope, owner_of, with_graph_headers};
use crate::Shared;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::Router;
use serde_json::{json, Value};
use std::collections::HashMap;

/// Graph's limit on ids per request.
const MAX_IDS: usize = 1000;

pub fn routes() -> Router<Shared> {
    Router::new()
        .route("/v1.0/me/translateExchangeIds", post(|state, headers, body| translate(state, HashMap::new(), headers, body)))
        .route(
            "/v1.0/users/{user}/translateExchangeIds",
            post(|state, Path(user): Path<String>, headers, body| {
                translate(state, HashMap::from([("user".to_owned(), user)]), headers, body)
            }),
        )
}

fn ews_to_rest(id: &str) -> String {
    id.replace('/', "-").replace('+', "_")
}

fn rest_to_ews(id: &str) -> String {
    id.replace('-', "/").replace('_', "+")
}

async fn translate(State(state): State<Shared>, params: HashMap<String, String>, headers: HeaderMap, body: String) -> Response {
    let call = match authenticate(&state, &headers) {
        Ok(call) => call,
        Err(response) => return response,
    };
    let fail = |status, code: &str, message: &str| error(&state, status, code, message, &call.request_id, &call.client_request_id);
    if !has_scope(&call, &["User.ReadBasic.All", "User.Read", "User.Read.All", "User.ReadWrite", "User.ReadWrite.All"]) {
        return fail(StatusCode::FORBIDDEN, "ErrorAccessDenied", "Access is denied. Check credentials and try again.");
    }
    let owner = match owner_of(&state, &call, &params) {
        Ok(owner) => owner,
        Err(response) => return response,
    };
    let Ok(request) = serde_json::from_str::<Value>(&body) else {
        return fail(StatusCode::BAD_REQUEST, "RequestBodyRead", "Invalid JSON. A token was not recognized in the JSON content.");
    };
    let ids: Vec<String> =
        request["inputIds"].as_array().map(|ids| ids.iter().filter_map(|id| id.as_str().map(str::to_owned)).collect()).unwrap_or_default();
    if ids.len() > MAX_IDS {
        return fail(StatusCode::BAD_REQUEST, "ErrorInvalidRequest", "The request contains more than 1000 ids.");
    }
    let (Some(source), Some(target)) = (request["sourceIdType"].as_str(), request["targetIdType"].as_str()) else {
        return fail(StatusCode::BAD_REQUEST, "ErrorInvalidRequest", "sourceIdType and targetIdType are required.");
    };
    let rest_forms = ["restId", "restImmutableEntryId"];
    for kind in [source, target] {
        if !rest_forms.contains(&kind) && kind != "ewsId" {
            let message = format!("The emulator translates only ewsId, restId and restImmutableEntryId, not {kind}.");
            return fail(StatusCode::BAD_REQUEST, "ErrorInvalidRequest", &message);
        }
    }
    let mail = state.mail.lock().expect("mail lock");
    let Some(mailbox) = mail.mailbox(&owner.owner) else {
        return fail(StatusCode::NOT_FOUND, "ErrorItemNotFound", "The specified object was not found in the store.");
    };
    let value: Vec<Value> = ids
        .iter()
        .map(|id| {
            let rest = if source == "ewsId" { ews_to_rest(id) } else { id.clone() };
            if !super::store::is_well_formed_id(id) {
                return json!({"sourceId": id, "errorDetails": {"code": "ErrorInvalidIdMalformed", "message": "Id is malformed."}});
            }
            match mailbox.message(&rest) {
                Some(message) => {
                    let translated = if target == "ewsId" { rest_to_ews(&message.id) } else { message.id.clone() };
                    json!({"sourceId": id, "targetId": translated})
                }
                None => json!({"sourceId": id, "errorDetails": {"code": "ErrorItemNotFound", "message": "The specified object was not found in the store."}}),
            }
        })
        .collect();
    let body =
        json!({"@odata.context": format!("{}/v1.0/$metadata#Collection(microsoft.graph.convertIdResult)", state.origin), "value": value});
    with_graph_headers(axum::Json(body).into_response(), &call.request_id, &call.client_request_id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ews_and_rest_ids_differ_only_in_their_base64_alphabet() {
        let rest = "AAkALgAAAAAAHYQDEapmEc2byACqAC-EWg0A_x-yAAA=";
        assert_eq!(rest_to_ews(rest), "AAkALgAAAAAAHYQDEapmEc2byACqAC/EWg0A+x/yAAA=");
        assert_eq!(ews_to_rest(&rest_to_ews(rest)), rest);
    }
}
