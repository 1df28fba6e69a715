//! `POST /v1.0/$batch`: inner requests through the same routes, dependencies, limits.

use crate::harness::{Emulator, ADELE};
use axum::http::{Method, StatusCode};
use serde_json::{json, Value};

const WRITE: &str = "openid profile offline_access User.Read Mail.ReadWrite";

async fn batch(emulator: &mut Emulator, token: &str, body: &Value) -> crate::harness::Reply {
    let bearer = format!("Bearer {token}");
    let headers = [("authorization", bearer.as_str()), ("content-type", "application/json")];
    emulator.send(Method::POST, "/v1.0/$batch", &headers, body.to_string()).await
}

fn response<'a>(reply: &'a Value, id: &str) -> &'a Value {
    reply["responses"].as_array().unwrap().iter().find(|r| r["id"] == id).unwrap_or_else(|| panic!("no response {id} in {reply}"))
}

#[tokio::test]
async fn inner_requests_answer_as_direct_calls_would() {
    let mut emulator = Emulator::new();
    let token = emulator.access_token(WRITE, ADELE).await;
    let reply = batch(
        &mut emulator,
        &token,
        &json!({"requests": [
            {"id": "1", "method": "GET", "url": "/me/mailFolders/inbox"},
            {"id": "2", "method": "GET", "url": "/me/mailFolders/inbox/messages?$top=5&$select=subject"},
            {"id": "3", "method": "GET", "url": "me/messages/nope"},
        ]}),
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(reply.header("access-control-allow-origin"), Some("*"));
    let body = reply.json();
    assert_eq!(body["responses"].as_array().unwrap().len(), 3);
    let inbox = response(&body, "1");
    assert_eq!((inbox["status"].clone(), inbox["body"]["displayName"].clone()), (json!(200), json!("Inbox")));
    assert!(inbox["headers"]["content-type"].as_str().unwrap().starts_with("application/json"));
    let messages = response(&body, "2");
    assert_eq!(messages["body"]["value"].as_array().unwrap().len(), 5);
    assert!(messages["body"]["@odata.nextLink"].is_string());
    let malformed = response(&body, "3");
    assert_eq!((malformed["status"].clone(), malformed["body"]["error"]["code"].clone()), (json!(400), json!("ErrorInvalidIdMalformed")));
}

#[tokio::test]
async fn depends_on_orders_requests_and_a_failed_dependency_gives_424() {
    let mut emulator = Emulator::new();
    let token = emulator.access_token(WRITE, ADELE).await;
    let unread = emulator
        .send(
            Method::GET,
            "/v1.0/me/mailFolders/inbox/messages?$filter=isRead%20eq%20false&$top=1",
            &[("authorization", &format!("Bearer {token}"))],
            String::new(),
        )
        .await
        .json();
    let id = unread["value"][0]["id"].as_str().unwrap().to_owned();
    let reply = batch(
        &mut emulator,
        &token,
        &json!({"requests": [
            {"id": "1", "method": "GET", "url": "/me/mailFolders/inbox?$select=unreadItemCount"},
            {"id": "2", "dependsOn": ["1"], "method": "PATCH", "url": format!("/me/messages/{id}"),
             "headers": {"Content-Type": "application/json"}, "body": {"isRead": true}},
            {"id": "3", "dependsOn": ["2"], "method": "GET", "url": "/me/mailFolders/inbox?$select=unreadItemCount"},
            {"id": "4", "method": "DELETE", "url": "/me/messages/AAkALgAAAAAAHYQDEapmEc2byACqAC-EWg0AAAAAAAAA"},
            {"id": "5", "dependsOn": ["4"], "method": "GET", "url": "/me"},
        ]}),
    )
    .await
    .json();
    let before = response(&reply, "1")["body"]["unreadItemCount"].as_u64().unwrap();
    assert_eq!(response(&reply, "2")["status"], 200);
    assert_eq!(response(&reply, "2")["body"]["isRead"], true);
    assert_eq!(response(&reply, "3")["body"]["unreadItemCount"].as_u64().unwrap(), before - 1);
    assert_eq!(response(&reply, "4")["status"], 404);
    assert_eq!(response(&reply, "5")["status"], 424);
}

#[tokio::test]
async fn malformed_and_oversized_batches_are_refused_whole() {
    let mut emulator = Emulator::new();
    let token = emulator.access_token(WRITE, ADELE).await;
    let many: Vec<Value> = (1..=21).map(|i| json!({"id": i.to_string(), "method": "GET", "url": "/me"})).collect();
    let too_many = batch(&mut emulator, &token, &json!({ "requests": many })).await;
    assert_eq!(too_many.status, StatusCode::BAD_REQUEST);
    assert_eq!(too_many.json()["error"]["code"], "BadRequest");
    let twenty: Vec<Value> = (1..=20).map(|i| json!({"id": i.to_string(), "method": "GET", "url": "/me"})).collect();
    assert_eq!(batch(&mut emulator, &token, &json!({ "requests": twenty })).await.status, StatusCode::OK);
    for body in [
        json!({"nope": []}),
        json!({"requests": [{"id": "1", "method": "GET", "url": "/me"}, {"id": "1", "method": "GET", "url": "/me"}]}),
        json!({"requests": [{"id": "1", "dependsOn": ["9"], "method": "GET", "url": "/me"}]}),
        json!({"requests": [{"id": "1", "dependsOn": ["2"], "method": "GET", "url": "/me"}, {"id": "2", "dependsOn": ["1"], "method": "GET", "url": "/me"}]}),
    ] {
        let reply = batch(&mut emulator, &token, &body).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{body}");
    }
    let anonymous = emulator.send(Method::POST, "/v1.0/$batch", &[], json!({"requests": []}).to_string()).await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn each_inner_request_meets_faults_and_the_in_flight_limit_on_its_own() {
    let mut emulator = Emulator::new();
    let token = emulator.access_token(WRITE, ADELE).await;
    emulator.send(Method::PUT, "/_emulator/faults", &[], r#"{"throttle":1}"#.into()).await;
    let two = json!({"requests": [
        {"id": "1", "method": "GET", "url": "/me/mailFolders"},
        {"id": "2", "dependsOn": ["1"], "method": "GET", "url": "/me/mailFolders"},
    ]});
    let reply = batch(&mut emulator, &token, &two).await;
    assert_eq!(reply.status, StatusCode::OK);
    let body = reply.json();
    assert_eq!(response(&body, "1")["status"], 429);
    assert_eq!(response(&body, "1")["headers"]["retry-after"], "1");
    assert_eq!(response(&body, "2")["status"], 424);

    emulator.send(Method::PUT, "/_emulator/faults", &[], r#"{"latency_ms":200}"#.into()).await;
    let six: Vec<Value> = (1..=6).map(|i| json!({"id": i.to_string(), "method": "GET", "url": "/me/mailFolders/inbox"})).collect();
    let body = batch(&mut emulator, &token, &json!({ "requests": six })).await.json();
    let statuses: Vec<u64> = body["responses"].as_array().unwrap().iter().map(|r| r["status"].as_u64().unwrap()).collect();
    assert_eq!(statuses.iter().filter(|s| **s == 200).count(), 4, "{statuses:?}");
    let throttled: Vec<&Value> = body["responses"].as_array().unwrap().iter().filter(|r| r["status"] == 429).collect();
    assert_eq!(throttled.len(), 2, "{statuses:?}");
    assert!(throttled.iter().all(|r| r["body"]["error"]["code"] == "ApplicationThrottled"));
}
