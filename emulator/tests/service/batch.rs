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
        ]}),
    )
    .await
    .json();
    let failing = batch(
        &mut emulator,
        &token,
        &json!({"requests": [
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
    assert_eq!(response(&failing, "4")["status"], 404);
    assert_eq!(response(&failing, "5")["status"], 424);
}

#[tokio::test]
async fn a_batch_is_fully_parallel_or_fully_sequential_and_depends_only_on_earlier_requests() {
    let mut emulator = Emulator::new();
    let token = emulator.access_token(WRITE, ADELE).await;
    // Graph refuses a mix whole (Microsoft Q&A 1532547): Tern's old start-up batch did this.
    let mixed = json!({"requests": [
        {"id": "1", "method": "GET", "url": "/me"},
        {"id": "2", "method": "GET", "url": "/me/mailFolders"},
        {"id": "3", "dependsOn": ["1"], "method": "GET", "url": "/me/mailFolders/inbox"},
    ]});
    let reply = batch(&mut emulator, &token, &mixed).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert_eq!(reply.json()["error"]["message"], "Batch should be either fully sequential or fully parallel");
    let later = json!({"requests": [
        {"id": "1", "dependsOn": ["2"], "method": "GET", "url": "/me"},
        {"id": "2", "dependsOn": ["1"], "method": "GET", "url": "/me"},
    ]});
    assert_eq!(batch(&mut emulator, &token, &later).await.status, StatusCode::BAD_REQUEST);
    let same_id = json!({"requests": [{"id": "a", "method": "GET", "url": "/me"}, {"id": "A", "method": "GET", "url": "/me"}]});
    assert_eq!(batch(&mut emulator, &token, &same_id).await.status, StatusCode::BAD_REQUEST);
    let sequential = json!({"requests": [
        {"id": "a", "method": "GET", "url": "/me"},
        {"id": "b", "dependsOn": ["A"], "method": "GET", "url": "/me/mailFolders"},
    ]});
    let reply = batch(&mut emulator, &token, &sequential).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(response(&reply.json(), "b")["status"], 200);
}

#[tokio::test]
async fn an_inner_request_with_a_body_needs_its_own_content_type() {
    let mut emulator = Emulator::new();
    let token = emulator.access_token(WRITE, ADELE).await;
    let body = json!({"requests": [
        {"id": "1", "method": "POST", "url": "/me/messages", "body": {"subject": "no type"}},
        {"id": "2", "method": "POST", "url": "/me/messages", "headers": {"content-type": "application/json"}, "body": {"subject": "typed"}},
    ]});
    let reply = batch(&mut emulator, &token, &body).await;
    assert_eq!(reply.status, StatusCode::OK);
    let reply = reply.json();
    assert_eq!(response(&reply, "1")["status"], 400);
    assert_eq!(response(&reply, "2")["status"], 201);
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

    // Graph runs 4 requests of a batch at a time and queues the rest: a parallel batch of
    // mailbox reads is not throttled for its size, even when each answer is slow.
    emulator.send(Method::PUT, "/_emulator/faults", &[], r#"{"latency_ms":200}"#.into()).await;
    let twelve: Vec<Value> = (1..=12).map(|i| json!({"id": i.to_string(), "method": "GET", "url": "/me/mailFolders/inbox"})).collect();
    let started = std::time::Instant::now();
    let body = batch(&mut emulator, &token, &json!({ "requests": twelve })).await.json();
    let statuses: Vec<u64> = body["responses"].as_array().unwrap().iter().map(|r| r["status"].as_u64().unwrap()).collect();
    assert!(statuses.iter().all(|s| *s == 200), "{statuses:?}");
    assert!(started.elapsed() >= std::time::Duration::from_millis(600), "12 requests, 4 at a time, 200 ms each: three turns");
    let faults = emulator.send(Method::GET, "/_emulator/faults", &[], String::new()).await.json();
    assert_eq!(faults["concurrency_refusals"], 0, "{faults}");
}
