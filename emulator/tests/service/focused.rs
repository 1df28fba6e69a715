//! Focused Inbox through the router: the halves of the inbox as a filter, a message moved
//! to Other, and overrides for a sender's future mail (emulator/FIDELITY.md, "Focused Inbox").

use crate::harness::{Emulator, Reply, ADELE, MEGAN};
use axum::http::{Method, StatusCode};
use serde_json::{json, Value};

const READ: &str = "openid profile offline_access User.Read Mail.Read";
const WRITE: &str = "openid profile offline_access User.Read Mail.ReadWrite Mail.Send";
const OVERRIDES: &str = "/v1.0/me/inferenceClassification/overrides";
const OTHER_HALF: &str = "/v1.0/me/mailFolders/inbox/messages?$filter=receivedDateTime%20ge%201900-01-01T00:00:00Z%20and%20inferenceClassification%20eq%20'other'&$orderby=receivedDateTime%20desc&$select=subject,inferenceClassification";

async fn call(emulator: &mut Emulator, method: Method, uri: &str, token: &str, body: &str) -> Reply {
    let bearer = format!("Bearer {token}");
    emulator.send(method, uri, &[("authorization", bearer.as_str()), ("content-type", "application/json")], body.to_owned()).await
}

fn subjects(reply: &Reply) -> Vec<String> {
    reply.json()["value"].as_array().unwrap().iter().map(|m| m["subject"].as_str().unwrap().to_owned()).collect()
}

#[tokio::test]
async fn overrides_sort_a_senders_new_mail_and_leave_the_old_where_it_is() {
    let mut emulator = Emulator::new();
    let adele = emulator.new_browser().access_token(WRITE, ADELE).await;
    let megan = emulator.new_browser().access_token(WRITE, MEGAN).await;
    let other = call(&mut emulator, Method::GET, OTHER_HALF, &adele, "").await;
    assert_eq!(other.status, StatusCode::OK);
    assert_eq!(subjects(&other), ["This week at Contoso: the new campus opens", "You have late tasks!"]);

    let body =
        json!({"classifyAs": "other", "senderEmailAddress": {"name": "Megan Bowen", "address": "megan@contoso.example"}}).to_string();
    let made = call(&mut emulator, Method::POST, OVERRIDES, &adele, &body).await;
    assert_eq!(made.status, StatusCode::CREATED);
    let id = made.json()["id"].as_str().unwrap().to_owned();
    // The same sender again updates the one override.
    let again = call(&mut emulator, Method::POST, OVERRIDES, &adele, &body.replace("Megan Bowen", "Megan B.")).await;
    assert_eq!(again.json()["id"], id.as_str());
    let listed = call(&mut emulator, Method::GET, OVERRIDES, &adele, "").await.json();
    assert_eq!(listed["value"].as_array().unwrap().len(), 1);
    assert_eq!(listed["value"][0]["senderEmailAddress"]["name"], "Megan B.");
    // Megan's earlier mail stays in Focused; what she sends now goes to Other.
    assert_eq!(subjects(&call(&mut emulator, Method::GET, OTHER_HALF, &adele, "").await).len(), 2);
    let mail =
        json!({"message": {"subject": "Sorted by the override", "toRecipients": [{"emailAddress": {"address": ADELE}}]}}).to_string();
    assert_eq!(call(&mut emulator, Method::POST, "/v1.0/me/sendMail", &megan, &mail).await.status, StatusCode::ACCEPTED);
    assert_eq!(subjects(&call(&mut emulator, Method::GET, OTHER_HALF, &adele, "").await)[0], "Sorted by the override");

    let one = format!("{OVERRIDES}/{id}");
    let changed = call(&mut emulator, Method::PATCH, &one, &adele, r#"{"classifyAs":"focused"}"#).await;
    assert_eq!((changed.status, changed.json()["classifyAs"].clone()), (StatusCode::OK, Value::from("focused")));
    let wrong = call(&mut emulator, Method::PATCH, &one, &adele, r#"{"classifyAs":"elsewhere"}"#).await;
    assert_eq!(wrong.status, StatusCode::BAD_REQUEST);
    assert_eq!(call(&mut emulator, Method::DELETE, &one, &adele, "").await.status, StatusCode::NO_CONTENT);
    assert_eq!(call(&mut emulator, Method::DELETE, &one, &adele, "").await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_message_moves_between_the_halves_and_reading_does_not_allow_writing() {
    let mut emulator = Emulator::new();
    // First: a token carries every permission consented to so far.
    let reader = emulator.new_browser().access_token(READ, ADELE).await;
    let adele = emulator.new_browser().access_token(WRITE, ADELE).await;
    let other = call(
        &mut emulator,
        Method::GET,
        "/v1.0/me/mailFolders/inbox/messages?$filter=inferenceClassification%20eq%20'other'&$select=id",
        &adele,
        "",
    )
    .await;
    let id = other.json()["value"][0]["id"].as_str().unwrap().to_owned();
    let path = format!("/v1.0/me/messages/{id}");
    let moved = call(&mut emulator, Method::PATCH, &path, &adele, r#"{"inferenceClassification":"focused"}"#).await;
    assert_eq!((moved.status, moved.json()["inferenceClassification"].clone()), (StatusCode::OK, Value::from("focused")));
    let wrong = call(&mut emulator, Method::PATCH, &path, &adele, r#"{"inferenceClassification":"spam"}"#).await;
    assert_eq!(wrong.status, StatusCode::BAD_REQUEST);
    assert_eq!(call(&mut emulator, Method::GET, OVERRIDES, &reader, "").await.status, StatusCode::OK);
    let body = r#"{"classifyAs":"other","senderEmailAddress":{"address":"x@example.com"}}"#;
    assert_eq!(call(&mut emulator, Method::POST, OVERRIDES, &reader, body).await.status, StatusCode::FORBIDDEN);
}
