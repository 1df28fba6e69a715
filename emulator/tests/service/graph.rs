use crate::harness::{Emulator, ADELE, APP_ORIGIN};
use axum::http::{Method, StatusCode};

async fn access_token(emulator: &mut Emulator, scope: &str) -> String {
    emulator.access_token(scope, ADELE).await
}

async fn me(emulator: &mut Emulator, bearer: Option<&str>) -> crate::harness::Reply {
    let authorization = bearer.map(|token| format!("Bearer {token}"));
    let mut headers = vec![("origin", APP_ORIGIN), ("client-request-id", "5f0c1a2b-0000-4000-8000-000000000001")];
    if let Some(value) = authorization.as_deref() {
        headers.push(("authorization", value));
    }
    emulator.send(Method::GET, "/v1.0/me", &headers, String::new()).await
}

#[tokio::test]
async fn me_answers_the_signed_in_user_with_graphs_cors_exposure() {
    let mut emulator = Emulator::new();
    let token = access_token(&mut emulator, "openid profile offline_access User.Read").await;
    let reply = me(&mut emulator, Some(&token)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let body = reply.json();
    assert_eq!(body["displayName"], "Adele Vance");
    assert_eq!(body["userPrincipalName"], ADELE);
    assert!(body["@odata.context"].as_str().unwrap().ends_with("/v1.0/$metadata#users/$entity"));
    assert_eq!(reply.header("access-control-allow-origin"), Some("*"));
    let exposed = reply.header("access-control-expose-headers").unwrap();
    assert!(exposed.contains("client-request-id") && exposed.contains("request-id"));
    assert!(!exposed.to_ascii_lowercase().contains("retry-after"), "{exposed}");
    assert_eq!(reply.header("client-request-id"), Some("5f0c1a2b-0000-4000-8000-000000000001"));
}

#[tokio::test]
async fn a_missing_or_expired_token_gets_401_with_a_challenge_and_the_error_envelope() {
    let mut emulator = Emulator::new();
    let reply = me(&mut emulator, None).await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    let body = reply.json();
    assert_eq!(body["error"]["code"], "InvalidAuthenticationToken");
    assert_eq!(body["error"]["innerError"]["client-request-id"], "5f0c1a2b-0000-4000-8000-000000000001");
    assert!(body["error"]["innerError"]["request-id"].as_str().is_some_and(|id| id.len() == 36));
    assert!(body["error"]["innerError"]["date"].as_str().is_some());
    assert!(reply.header("www-authenticate").unwrap().starts_with("Bearer realm=\"\", authorization_uri="));

    let token = access_token(&mut emulator, "openid profile offline_access User.Read").await;
    emulator.advance_clock(2 * 3600).await;
    let reply = me(&mut emulator, Some(&token)).await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    assert_eq!(reply.json()["error"]["message"], "Lifetime validation failed, the token is expired.");

    let reply = me(&mut emulator, Some("not.a.token")).await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_token_without_a_user_scope_is_forbidden() {
    let mut emulator = Emulator::new();
    let token = access_token(&mut emulator, "openid profile offline_access Mail.Read").await;
    let reply = me(&mut emulator, Some(&token)).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    assert_eq!(reply.json()["error"]["code"], "Authorization_RequestDenied");
}

#[tokio::test]
async fn the_preflight_accepts_graphs_request_headers_and_a_missing_photo_is_404() {
    let mut emulator = Emulator::new();
    let reply = emulator
        .send(
            Method::OPTIONS,
            "/v1.0/me",
            &[
                ("origin", APP_ORIGIN),
                ("access-control-request-method", "GET"),
                ("access-control-request-headers", "authorization,client-request-id"),
            ],
            String::new(),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    let allowed = reply.header("access-control-allow-headers").unwrap();
    assert!(allowed.contains("Authorization") && allowed.contains("client-request-id"), "{allowed}");

    let token = access_token(&mut emulator, "openid profile offline_access User.Read").await;
    let bearer = format!("Bearer {token}");
    let reply = emulator.send(Method::GET, "/v1.0/me/photo/$value", &[("authorization", bearer.as_str())], String::new()).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert_eq!(reply.json()["error"]["code"], "ImageNotFound");
}

/// An Outlook add-in's item id, in EWS form or made REST by `convertToRestId`, translates
/// to the id Graph answers with; a bad or unknown id fails on its own inside a 200.
#[tokio::test]
async fn translate_exchange_ids_turns_an_add_ins_item_id_into_a_graph_id() {
    let mut emulator = Emulator::new();
    let token = access_token(&mut emulator, "openid profile offline_access User.Read Mail.Read").await;
    let bearer = format!("Bearer {token}");
    let headers = [("origin", APP_ORIGIN), ("authorization", bearer.as_str()), ("content-type", "application/json")];
    let listed = emulator.send(Method::GET, "/v1.0/me/mailFolders/inbox/messages?$top=1&$select=id", &headers, String::new()).await.json();
    let rest = listed["value"][0]["id"].as_str().unwrap().to_owned();
    let ews = rest.replace('-', "/").replace('_', "+");
    let ask = |ids: Vec<&str>, source: &str, target: &str| {
        serde_json::json!({"inputIds": ids, "sourceIdType": source, "targetIdType": target}).to_string()
    };
    let reply = emulator
        .send(Method::POST, "/v1.0/me/translateExchangeIds", &headers, ask(vec![&ews, "short"], "ewsId", "restImmutableEntryId"))
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let body = reply.json();
    assert_eq!(body["value"][0], serde_json::json!({"sourceId": ews, "targetId": rest}));
    assert_eq!(body["value"][1]["errorDetails"]["code"], "ErrorInvalidIdMalformed");
    let back = emulator.send(Method::POST, "/v1.0/me/translateExchangeIds", &headers, ask(vec![&rest], "restId", "ewsId")).await.json();
    assert_eq!(back["value"][0]["targetId"], ews.as_str());
    let binary = emulator.send(Method::POST, "/v1.0/me/translateExchangeIds", &headers, ask(vec![&rest], "restId", "entryId")).await;
    assert_eq!(binary.status, StatusCode::BAD_REQUEST, "the binary forms are not modelled, and say so");
}
