//! Writing mail: drafts, send, sendMail, and the reply and forward actions.

use crate::harness::{Emulator, Reply, ADELE, MEGAN};
use axum::http::{Method, StatusCode};
use serde_json::{json, Value};

const WRITE: &str = "openid profile offline_access User.Read Mail.ReadWrite";
const SEND: &str = "openid profile offline_access User.Read Mail.ReadWrite Mail.Send";

async fn call(emulator: &mut Emulator, method: Method, uri: &str, token: &str, body: &str) -> Reply {
    let bearer = format!("Bearer {token}");
    let headers = [("authorization", bearer.as_str()), ("content-type", "application/json")];
    emulator.send(method, uri, &headers, body.to_owned()).await
}

async fn list(emulator: &mut Emulator, folder: &str, token: &str) -> Vec<Value> {
    let reply = call(emulator, Method::GET, &format!("/v1.0/me/mailFolders/{folder}/messages?$top=100"), token, "").await;
    reply.json()["value"].as_array().unwrap().clone()
}

async fn folder_id(emulator: &mut Emulator, folder: &str, token: &str) -> Value {
    call(emulator, Method::GET, &format!("/v1.0/me/mailFolders/{folder}"), token, "").await.json()["id"].clone()
}

fn code(reply: &Reply) -> String {
    reply.json()["error"]["code"].as_str().unwrap_or_default().to_owned()
}

const DRAFT: &str = r#"{"subject":"Did you see last night's game?","importance":"low","body":{"contentType":"html","content":"They were <b>awesome</b>!"},"toRecipients":[{"emailAddress":{"address":"megan@contoso.example"}}]}"#;

#[tokio::test]
async fn drafts_are_created_in_drafts_and_edited_until_sent() {
    let mut emulator = Emulator::new();
    let token = emulator.access_token(WRITE, ADELE).await;
    let created = call(&mut emulator, Method::POST, "/v1.0/me/messages", &token, DRAFT).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let draft = created.json();
    assert_eq!((draft["isDraft"].clone(), draft["isRead"].clone(), draft["importance"].clone()), (json!(true), json!(true), json!("low")));
    assert_eq!(draft["parentFolderId"], folder_id(&mut emulator, "drafts", &token).await);
    assert_eq!(draft["bodyPreview"], "They were awesome!");
    assert!(draft["@odata.context"].as_str().unwrap().ends_with("/messages/$entity"));
    assert!(list(&mut emulator, "drafts", &token).await.iter().any(|m| m["id"] == draft["id"]));

    let uri = format!("/v1.0/me/messages/{}", draft["id"].as_str().unwrap());
    let edited = call(
        &mut emulator,
        Method::PATCH,
        &uri,
        &token,
        r#"{"subject":"The game","ccRecipients":[{"emailAddress":{"address":"alex@contoso.example"}}]}"#,
    )
    .await;
    assert_eq!(edited.status, StatusCode::OK);
    assert_eq!(
        (edited.json()["subject"].clone(), edited.json()["ccRecipients"][0]["emailAddress"]["address"].clone()),
        (json!("The game"), json!("alex@contoso.example"))
    );

    let in_archive = call(&mut emulator, Method::POST, "/v1.0/me/mailFolders/archive/messages", &token, r#"{"subject":"Filed"}"#).await;
    assert_eq!(in_archive.status, StatusCode::CREATED);
    assert_eq!(in_archive.json()["parentFolderId"], folder_id(&mut emulator, "archive", &token).await);

    let unknown = call(&mut emulator, Method::POST, "/v1.0/me/messages", &token, r#"{"colour":"red"}"#).await;
    assert_eq!((unknown.status, code(&unknown)), (StatusCode::BAD_REQUEST, "RequestBodyRead".into()));
    let not_send = call(&mut emulator, Method::POST, &format!("{uri}/send"), &token, "").await;
    assert_eq!((not_send.status, code(&not_send)), (StatusCode::FORBIDDEN, "ErrorAccessDenied".into()), "send needs Mail.Send");

    let mut reader = Emulator::new();
    let read_only = reader.access_token("openid profile offline_access User.Read Mail.Read", ADELE).await;
    let refused = call(&mut reader, Method::POST, "/v1.0/me/messages", &read_only, DRAFT).await;
    assert_eq!((refused.status, code(&refused)), (StatusCode::FORBIDDEN, "ErrorAccessDenied".into()));
}

#[tokio::test]
async fn sending_files_the_message_in_sent_items_and_delivers_to_emulator_users() {
    let mut emulator = Emulator::new();
    let token = emulator.access_token(SEND, ADELE).await;
    let megan = emulator.new_browser().access_token(WRITE, MEGAN).await;
    let megan_inbox = list(&mut emulator, "inbox", &megan).await.len();
    let sent_before = list(&mut emulator, "sentitems", &token).await.len();

    let draft = call(&mut emulator, Method::POST, "/v1.0/me/messages", &token, DRAFT).await.json();
    let uri = format!("/v1.0/me/messages/{}", draft["id"].as_str().unwrap());
    let sent = call(&mut emulator, Method::POST, &format!("{uri}/send"), &token, "").await;
    assert_eq!(sent.status, StatusCode::ACCEPTED, "{}", sent.body);
    assert!(sent.body.is_empty());
    assert_eq!(call(&mut emulator, Method::GET, &uri, &token, "").await.status, StatusCode::NOT_FOUND);
    let filed = list(&mut emulator, "sentitems", &token).await;
    assert_eq!(filed.len(), sent_before + 1);
    let copy = filed.iter().find(|m| m["subject"] == "Did you see last night's game?").unwrap();
    assert_eq!((copy["isDraft"].clone(), copy["from"]["emailAddress"]["address"].clone()), (json!(false), json!(ADELE)));
    assert!(copy["sentDateTime"].is_string());

    let received = list(&mut emulator, "inbox", &megan).await;
    assert_eq!(received.len(), megan_inbox + 1);
    let delivered = received.iter().find(|m| m["subject"] == "Did you see last night's game?").unwrap();
    assert_eq!((delivered["isRead"].clone(), delivered["isDraft"].clone()), (json!(false), json!(false)));

    let empty = call(&mut emulator, Method::POST, "/v1.0/me/messages", &token, r#"{"subject":"nobody"}"#).await.json();
    let refused = call(&mut emulator, Method::POST, &format!("/v1.0/me/messages/{}/send", empty["id"].as_str().unwrap()), &token, "").await;
    assert_eq!((refused.status, code(&refused)), (StatusCode::BAD_REQUEST, "ErrorInvalidRecipients".into()));

    let direct = json!({"message": {"subject": "Quick note", "body": {"contentType": "text", "content": "See you"},
        "toRecipients": [{"emailAddress": {"address": MEGAN}}]}, "saveToSentItems": false});
    let reply = call(&mut emulator, Method::POST, "/v1.0/me/sendMail", &token, &direct.to_string()).await;
    assert_eq!(reply.status, StatusCode::ACCEPTED, "{}", reply.body);
    assert_eq!(list(&mut emulator, "sentitems", &token).await.len(), sent_before + 1, "saveToSentItems false keeps no copy");
    assert!(list(&mut emulator, "inbox", &megan).await.iter().any(|m| m["subject"] == "Quick note"));
    let saved = json!({"message": {"subject": "Kept", "toRecipients": [{"emailAddress": {"address": "someone@elsewhere.example"}}]}});
    assert_eq!(call(&mut emulator, Method::POST, "/v1.0/me/sendMail", &token, &saved.to_string()).await.status, StatusCode::ACCEPTED);
    assert!(list(&mut emulator, "sentitems", &token).await.iter().any(|m| m["subject"] == "Kept"));
}

#[tokio::test]
async fn a_colleague_who_does_not_exist_comes_back_as_a_non_delivery_report_not_an_error() {
    let mut emulator = Emulator::new();
    let token = emulator.access_token(SEND, ADELE).await;
    let megan = emulator.new_browser().access_token(WRITE, MEGAN).await;
    let message = json!({"message": {"subject": "Budget", "body": {"contentType": "text", "content": "Numbers attached."},
        "toRecipients": [{"emailAddress": {"address": MEGAN}}, {"emailAddress": {"address": "nobody@contoso.example"}}],
        "ccRecipients": [{"emailAddress": {"address": "partner@fabrikam.example"}}]}});
    let reply = call(&mut emulator, Method::POST, "/v1.0/me/sendMail", &token, &message.to_string()).await;
    assert_eq!(reply.status, StatusCode::ACCEPTED, "send does not know yet: {}", reply.body);
    assert!(list(&mut emulator, "inbox", &megan).await.iter().any(|m| m["subject"] == "Budget"), "the real recipient still gets it");
    let reports: Vec<Value> =
        list(&mut emulator, "inbox", &token).await.into_iter().filter(|m| m["subject"] == "Undeliverable: Budget").collect();
    assert_eq!(reports.len(), 1, "one report, for the unknown colleague only (the outside address leaves the organisation)");
    let report = &reports[0];
    assert_eq!(report["from"]["emailAddress"]["name"], "Microsoft Outlook");
    assert_eq!(report["toRecipients"][0]["emailAddress"]["address"], ADELE);
    assert_eq!(report["isRead"], false);
    let body = report["body"]["content"].as_str().unwrap();
    assert!(body.contains("nobody@contoso.example wasn't found at contoso.example"), "{body}");
    assert!(!body.contains("megan@"), "{body}");
    assert!(list(&mut emulator, "sentitems", &token).await.iter().any(|m| m["subject"] == "Budget"), "and the message is in Sent Items");
}

async fn inbox_message(emulator: &mut Emulator, token: &str, subject: &str) -> Value {
    list(emulator, "inbox", token).await.into_iter().find(|m| m["subject"] == subject).unwrap()
}

#[tokio::test]
async fn replies_and_forwards_quote_the_original_and_address_as_outlook_does() {
    let mut emulator = Emulator::new();
    let token = emulator.access_token(SEND, ADELE).await;
    let original = inbox_message(&mut emulator, &token, "Quarterly review deck").await;
    let base = format!("/v1.0/me/messages/{}", original["id"].as_str().unwrap());

    // The reply's text comes from `comment` or from `message.body`, never both.
    let both = r#"{"comment":"Looks good.","message":{"body":{"contentType":"text","content":"Also good."}}}"#;
    let refused = call(&mut emulator, Method::POST, &format!("{base}/createReply"), &token, both).await;
    assert_eq!((refused.status, code(&refused)), (StatusCode::BAD_REQUEST, "ErrorInvalidRequest".to_owned()));
    let reply = call(&mut emulator, Method::POST, &format!("{base}/createReply"), &token, r#"{"comment":"Looks good to me."}"#).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    let reply = reply.json();
    assert_eq!(reply["subject"], "RE: Quarterly review deck");
    assert_eq!(reply["isDraft"], true);
    assert_eq!(reply["toRecipients"], json!([{"emailAddress": {"name": "Megan Bowen", "address": MEGAN}}]));
    assert_eq!(reply["conversationId"], original["conversationId"]);
    let content = reply["body"]["content"].as_str().unwrap();
    assert!(content.contains("Looks good to me.") && content.contains("divRplyFwdMsg") && content.contains("revenue slide"), "{content}");
    assert!(content.find("Looks good to me.").unwrap() < content.find("revenue slide").unwrap());
    assert_eq!(reply["parentFolderId"], folder_id(&mut emulator, "drafts", &token).await);

    let lunch = inbox_message(&mut emulator, &token, "Lunch on Friday?").await;
    let text_reply =
        call(&mut emulator, Method::POST, &format!("/v1.0/me/messages/{}/createReply", lunch["id"].as_str().unwrap()), &token, "")
            .await
            .json();
    assert!(text_reply["body"]["content"].as_str().unwrap().contains("The new place on 5th opened.<br><br>Alex"));

    let all = call(&mut emulator, Method::POST, &format!("{base}/createReplyAll"), &token, "{}").await.json();
    let to: Vec<&str> = all["toRecipients"].as_array().unwrap().iter().map(|r| r["emailAddress"]["address"].as_str().unwrap()).collect();
    assert_eq!(to, vec![MEGAN], "reply-all leaves out the replier: {to:?}");

    let forward = call(
        &mut emulator,
        Method::POST,
        &format!("{base}/createForward"),
        &token,
        r#"{"toRecipients":[{"emailAddress":{"address":"alex@contoso.example"}}],"comment":"FYI"}"#,
    )
    .await;
    assert_eq!(forward.status, StatusCode::CREATED);
    let forward = forward.json();
    assert_eq!(forward["subject"], "FW: Quarterly review deck");
    assert_eq!(forward["toRecipients"][0]["emailAddress"]["address"], "alex@contoso.example");
    assert_eq!(forward["hasAttachments"], true, "a forward carries the original's attachments");
    let with_message = call(
        &mut emulator,
        Method::POST,
        &format!("{base}/createForward"),
        &token,
        r#"{"message":{"toRecipients":[{"emailAddress":{"address":"lynne@contoso.example"}}]}}"#,
    )
    .await
    .json();
    assert_eq!(with_message["toRecipients"][0]["emailAddress"]["address"], "lynne@contoso.example");

    let megan = emulator.new_browser().access_token(WRITE, MEGAN).await;
    let sent = call(&mut emulator, Method::POST, &format!("{base}/reply"), &token, r#"{"comment":"Done."}"#).await;
    assert_eq!(sent.status, StatusCode::ACCEPTED, "{}", sent.body);
    let arrived = inbox_message(&mut emulator, &megan, "RE: Quarterly review deck").await;
    assert!(arrived["body"]["content"].as_str().unwrap().contains("Done."));
    assert!(list(&mut emulator, "sentitems", &token)
        .await
        .iter()
        .any(|m| m["subject"] == "RE: Quarterly review deck" && m["body"]["content"].as_str().unwrap().contains("Done.")));
    assert_eq!(call(&mut emulator, Method::POST, &format!("{base}/replyAll"), &token, "{}").await.status, StatusCode::ACCEPTED);
    let nobody = call(&mut emulator, Method::POST, &format!("{base}/forward"), &token, r#"{"comment":"to whom?"}"#).await;
    assert_eq!((nobody.status, code(&nobody)), (StatusCode::BAD_REQUEST, "ErrorInvalidRecipients".into()));
    let missing =
        call(&mut emulator, Method::POST, "/v1.0/me/messages/AAkALgAAAAAAHYQDEapmEc2byACqAC-EWg0AAAAAAAAA/createReply", &token, "").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn sending_is_asynchronous_the_draft_stays_until_the_message_goes() {
    let mut emulator = Emulator::new();
    let token = emulator.access_token(SEND, ADELE).await;
    emulator.send(Method::PUT, "/_emulator/faults", &[], r#"{"send_delay_ms":400}"#.into()).await;
    let body = r#"{"subject":"Later","toRecipients":[{"emailAddress":{"address":"megan@contoso.example"}}]}"#;
    let draft = call(&mut emulator, Method::POST, "/v1.0/me/messages", &token, body).await.json();
    let id = draft["id"].as_str().unwrap().to_owned();
    let sent = call(&mut emulator, Method::POST, &format!("/v1.0/me/messages/{id}/send"), &token, "").await;
    assert_eq!(sent.status, StatusCode::ACCEPTED);
    // Accepted, not yet gone: still a draft in Drafts.
    let now = call(&mut emulator, Method::GET, &format!("/v1.0/me/messages/{id}?$select=isDraft"), &token, "").await.json();
    assert_eq!(now["isDraft"], true);
    tokio::time::sleep(std::time::Duration::from_millis(700)).await;
    let later = call(&mut emulator, Method::GET, &format!("/v1.0/me/messages/{id}?$select=isDraft,parentFolderId"), &token, "").await;
    let in_drafts = call(&mut emulator, Method::GET, "/v1.0/me/mailFolders/drafts/messages?$select=subject", &token, "").await.json();
    assert!(!in_drafts["value"].as_array().unwrap().iter().any(|m| m["subject"] == "Later"), "left Drafts");
    let sent_items = call(&mut emulator, Method::GET, "/v1.0/me/mailFolders/sentitems/messages?$select=subject", &token, "").await.json();
    assert_eq!(sent_items["value"].as_array().unwrap().iter().filter(|m| m["subject"] == "Later").count(), 1);
    assert!(later.status == StatusCode::NOT_FOUND || later.json()["isDraft"] == false);
}
