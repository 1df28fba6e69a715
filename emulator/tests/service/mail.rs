//! Graph mail through the router: folders, messages, OData options, changes and access.

use crate::harness::{Emulator, ADELE, APP, APP_ORIGIN, MEGAN, ORIGIN, VERIFIER};
use axum::http::{Method, StatusCode};
use serde_json::Value;
use tern_emulator::{MailSeed, State, DEMO_CLIENT_ID};

const READ: &str = "openid profile offline_access User.Read Mail.Read";
const WRITE: &str = "openid profile offline_access User.Read Mail.ReadWrite";

async fn token_for(emulator: &mut Emulator, upn: &str, scope: &str) -> String {
    let mut browser = emulator.new_browser();
    let code = browser.code(DEMO_CLIENT_ID, scope, upn).await;
    let pairs = [
        ("client_id", DEMO_CLIENT_ID),
        ("grant_type", "authorization_code"),
        ("code", code.as_str()),
        ("redirect_uri", APP),
        ("code_verifier", VERIFIER),
        ("scope", scope),
    ];
    let reply = browser.token(&pairs, Some(APP_ORIGIN)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    reply.json()["access_token"].as_str().unwrap().to_owned()
}

async fn call(
    emulator: &mut Emulator,
    method: Method,
    uri: &str,
    token: &str,
    extra: &[(&str, &str)],
    body: &str,
) -> crate::harness::Reply {
    let bearer = format!("Bearer {token}");
    let mut headers = vec![("authorization", bearer.as_str()), ("content-type", "application/json")];
    headers.extend_from_slice(extra);
    emulator.send(method, uri, &headers, body.to_owned()).await
}

async fn get(emulator: &mut Emulator, uri: &str, token: &str) -> crate::harness::Reply {
    call(emulator, Method::GET, uri, token, &[], "").await
}

fn code(reply: &crate::harness::Reply) -> String {
    reply.json()["error"]["code"].as_str().unwrap_or_default().to_owned()
}

#[tokio::test]
async fn folders_list_top_level_with_counts_and_children_on_request() {
    let mut emulator = Emulator::new();
    let token = token_for(&mut emulator, ADELE, READ).await;
    let reply = get(&mut emulator, "/v1.0/me/mailFolders", &token).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert_eq!(reply.header("access-control-allow-origin"), Some("*"));
    let body = reply.json();
    assert!(body["@odata.context"].as_str().unwrap().starts_with(&format!("{ORIGIN}/v1.0/$metadata#users('")));
    let names: Vec<&str> = body["value"].as_array().unwrap().iter().map(|f| f["displayName"].as_str().unwrap()).collect();
    assert!(names.contains(&"Inbox") && names.contains(&"Archive"), "{names:?}");
    assert!(!names.contains(&"Sync Issues") && !names.contains(&"Projects"), "{names:?}");
    let inbox = body["value"].as_array().unwrap().iter().find(|f| f["displayName"] == "Inbox").unwrap().clone();
    assert_eq!(inbox["childFolderCount"], 2);
    assert_eq!(inbox["totalItemCount"], 12);

    let hidden = get(&mut emulator, "/v1.0/me/mailFolders?includeHiddenFolders=true&$top=50", &token).await.json();
    assert!(hidden["value"].as_array().unwrap().iter().any(|f| f["displayName"] == "Sync Issues" && f["isHidden"] == true));

    let by_name = get(&mut emulator, "/v1.0/me/mailFolders/inbox", &token).await.json();
    assert_eq!(by_name["id"], inbox["id"]);
    let children = get(&mut emulator, &format!("/v1.0/me/mailFolders/{}/childFolders", inbox["id"].as_str().unwrap()), &token).await.json();
    let names: Vec<&str> = children["value"].as_array().unwrap().iter().map(|f| f["displayName"].as_str().unwrap()).collect();
    assert_eq!(names.len(), 2);
    assert!(names.contains(&"Projects") && names.contains(&"Newsletters"));
    assert!(children["value"].as_array().unwrap().iter().all(|f| f["parentFolderId"] == inbox["id"]));

    let malformed = get(&mut emulator, "/v1.0/me/mailFolders/123", &token).await;
    assert_eq!((malformed.status, code(&malformed)), (StatusCode::BAD_REQUEST, "ErrorInvalidIdMalformed".into()));
    let missing = get(&mut emulator, "/v1.0/me/mailFolders/AAMkADAAAAAAAAAAAAAAAAAAAAA=", &token).await;
    assert_eq!((missing.status, code(&missing)), (StatusCode::NOT_FOUND, "ErrorItemNotFound".into()));
}

#[tokio::test]
async fn messages_page_newest_first_with_a_next_link_to_follow_verbatim() {
    let mut emulator = Emulator::new();
    let token = token_for(&mut emulator, ADELE, READ).await;
    let first = get(&mut emulator, "/v1.0/me/mailFolders/inbox/messages?$count=true", &token).await.json();
    let items = first["value"].as_array().unwrap();
    assert_eq!(items.len(), 10);
    assert_eq!(first["@odata.count"], 12);
    let dates: Vec<&str> = items.iter().map(|m| m["receivedDateTime"].as_str().unwrap()).collect();
    assert!(dates.windows(2).all(|w| w[0] >= w[1]), "{dates:?}");
    assert_eq!(items[0]["@odata.etag"], format!("W/\"{}\"", items[0]["changeKey"].as_str().unwrap()));
    let next = first["@odata.nextLink"].as_str().unwrap();
    assert!(next.starts_with(&format!("{ORIGIN}/v1.0/me/mailFolders/inbox/messages?")), "{next}");
    let second = get(&mut emulator, next.strip_prefix(ORIGIN).unwrap(), &token).await.json();
    assert_eq!(second["value"].as_array().unwrap().len(), 2);
    assert!(second.get("@odata.nextLink").is_none());

    let all = get(&mut emulator, "/v1.0/me/messages?$top=1000&$select=subject,isRead", &token).await.json();
    let all = all["value"].as_array().unwrap();
    assert!(all.len() >= 30);
    assert!(all[0].get("body").is_none() && all[0].get("subject").is_some() && all[0].get("id").is_some());

    let unread = get(&mut emulator, "/v1.0/me/mailFolders/inbox/messages?$filter=isRead%20eq%20false&$top=50", &token).await.json();
    assert!(unread["value"].as_array().unwrap().iter().all(|m| m["isRead"] == false));
    assert_eq!(unread["value"].as_array().unwrap().len(), 5);
    let flagged =
        get(&mut emulator, "/v1.0/me/messages?$filter=flag/flagStatus%20eq%20'flagged'%20and%20hasAttachments%20eq%20true", &token)
            .await
            .json();
    assert!(!flagged["value"].as_array().unwrap().is_empty());
    assert!(flagged["value"].as_array().unwrap().iter().all(|m| m["flag"]["flagStatus"] == "flagged" && m["hasAttachments"] == true));
    let recent = get(
        &mut emulator,
        "/v1.0/me/messages?$filter=receivedDateTime%20ge%202026-11-20T00:00:00Z&$orderby=receivedDateTime%20asc&$top=100",
        &token,
    )
    .await
    .json();
    let dates: Vec<&str> = recent["value"].as_array().unwrap().iter().map(|m| m["receivedDateTime"].as_str().unwrap()).collect();
    assert!(!dates.is_empty() && dates.iter().all(|d| *d >= "2026-11-20T00:00:00Z") && dates.windows(2).all(|w| w[0] <= w[1]));

    let search = get(&mut emulator, "/v1.0/me/messages?$search=%22quarterly%20deck%22", &token).await.json();
    let subjects: Vec<&str> = search["value"].as_array().unwrap().iter().map(|m| m["subject"].as_str().unwrap()).collect();
    assert!(!subjects.is_empty() && subjects.iter().all(|s| s.to_lowercase().contains("quarterly")), "{subjects:?}");
}

#[tokio::test]
async fn unsupported_query_parts_get_graphs_errors() {
    let mut emulator = Emulator::new();
    let token = token_for(&mut emulator, ADELE, READ).await;
    for (query, status, expected) in [
        ("$select=subject,nope", StatusCode::BAD_REQUEST, "RequestBroker--ParseUri"),
        ("$filter=isRead%20eq%20false&$orderby=receivedDateTime%20desc", StatusCode::BAD_REQUEST, "InefficientFilter"),
        ("$search=%22deck%22&$filter=isRead%20eq%20false", StatusCode::BAD_REQUEST, "SearchWithFilter"),
        ("$search=%22deck%22&$orderby=subject", StatusCode::BAD_REQUEST, "SearchWithOrderBy"),
        ("$filter=contains(subject,'deck')", StatusCode::BAD_REQUEST, "ErrorInvalidUrlQueryFilter"),
        ("$top=5000", StatusCode::BAD_REQUEST, "BadRequest"),
        ("$bogus=1", StatusCode::BAD_REQUEST, "BadRequest"),
    ] {
        let reply = get(&mut emulator, &format!("/v1.0/me/messages?{query}"), &token).await;
        assert_eq!((reply.status, code(&reply)), (status, expected.to_owned()), "{query}: {}", reply.body);
        assert!(reply.json()["error"]["innerError"]["request-id"].is_string());
    }
    let reply = get(&mut emulator, "/v1.0/me/messages/nope", &token).await;
    assert_eq!((reply.status, code(&reply)), (StatusCode::BAD_REQUEST, "ErrorInvalidIdMalformed".into()));
    let reply = get(&mut emulator, "/v1.0/me/messages/AAkALgAAAAAAHYQDEapmEc2byACqAC-EWg0AAAAAAAAA", &token).await;
    assert_eq!((reply.status, code(&reply)), (StatusCode::NOT_FOUND, "ErrorItemNotFound".into()));
}

async fn first_unread_inbox_message(emulator: &mut Emulator, token: &str) -> Value {
    let list = get(emulator, "/v1.0/me/mailFolders/inbox/messages?$filter=isRead%20eq%20false", token).await.json();
    list["value"][0].clone()
}

#[tokio::test]
async fn bodies_are_html_unless_text_is_preferred() {
    let mut emulator = Emulator::new();
    let token = token_for(&mut emulator, ADELE, READ).await;
    let tracked = get(&mut emulator, "/v1.0/me/messages?$search=%22campus%22", &token).await.json()["value"][0].clone();
    let uri = format!("/v1.0/me/messages/{}", tracked["id"].as_str().unwrap());
    let html = get(&mut emulator, &uri, &token).await;
    assert_eq!(html.json()["body"]["contentType"], "html");
    assert!(html.json()["body"]["content"].as_str().unwrap().contains("https://tracker.example/p.gif"));
    assert!(html.header("preference-applied").is_none());
    let text = call(&mut emulator, Method::GET, &uri, &token, &[("prefer", "outlook.body-content-type=\"text\"")], "").await;
    assert_eq!(text.header("preference-applied"), Some("outlook.body-content-type=\"text\""));
    let body = text.json();
    assert_eq!(body["body"]["contentType"], "text");
    let content = body["body"]["content"].as_str().unwrap();
    assert!(content.contains("The new campus opens") && !content.contains('<'), "{content}");
}

#[tokio::test]
async fn changes_update_the_message_and_the_folder_counts() {
    let mut emulator = Emulator::new();
    let reader = token_for(&mut emulator, ADELE, READ).await;
    let token = token_for(&mut emulator, ADELE, WRITE).await;
    let message = first_unread_inbox_message(&mut emulator, &token).await;
    let id = message["id"].as_str().unwrap().to_owned();
    let uri = format!("/v1.0/me/messages/{id}");

    let refused = call(&mut emulator, Method::PATCH, &uri, &reader, &[], r#"{"isRead":true}"#).await;
    assert_eq!((refused.status, code(&refused)), (StatusCode::FORBIDDEN, "ErrorAccessDenied".into()));

    let unread_before = get(&mut emulator, "/v1.0/me/mailFolders/inbox", &token).await.json()["unreadItemCount"].as_u64().unwrap();
    let patched = call(
        &mut emulator,
        Method::PATCH,
        &uri,
        &token,
        &[],
        r#"{"isRead":true,"flag":{"flagStatus":"flagged"},"categories":["Blue category"]}"#,
    )
    .await;
    assert_eq!(patched.status, StatusCode::OK, "{}", patched.body);
    let patched = patched.json();
    assert_eq!((patched["isRead"].clone(), patched["flag"]["flagStatus"].clone()), (Value::Bool(true), Value::from("flagged")));
    assert_ne!(patched["changeKey"], message["changeKey"]);
    let unread_after = get(&mut emulator, "/v1.0/me/mailFolders/inbox", &token).await.json()["unreadItemCount"].as_u64().unwrap();
    assert_eq!(unread_after, unread_before - 1);

    let unknown = call(&mut emulator, Method::PATCH, &uri, &token, &[], r#"{"colour":"red"}"#).await;
    assert_eq!((unknown.status, code(&unknown)), (StatusCode::BAD_REQUEST, "RequestBodyRead".into()));
    let not_draft = call(&mut emulator, Method::PATCH, &uri, &token, &[], r#"{"subject":"new"}"#).await;
    assert_eq!((not_draft.status, code(&not_draft)), (StatusCode::BAD_REQUEST, "ErrorInvalidPropertySet".into()));

    let immutable = [("prefer", "IdType=\"ImmutableId\"")];
    let moved = call(&mut emulator, Method::POST, &format!("{uri}/move"), &token, &immutable, r#"{"destinationId":"archive"}"#).await;
    assert_eq!(moved.status, StatusCode::CREATED, "{}", moved.body);
    let archive = get(&mut emulator, "/v1.0/me/mailFolders/archive", &token).await.json();
    assert_eq!(moved.json()["id"], Value::from(id.as_str()));
    assert_eq!(moved.json()["parentFolderId"], archive["id"]);
    assert_eq!(archive["totalItemCount"], 6);

    let copied = call(&mut emulator, Method::POST, &format!("{uri}/copy"), &token, &immutable, r#"{"destinationId":"inbox"}"#).await;
    assert_eq!(copied.status, StatusCode::CREATED);
    assert_ne!(copied.json()["id"], Value::from(id.as_str()));
    let renamed = call(&mut emulator, Method::POST, &format!("{uri}/move"), &token, &[], r#"{"destinationId":"inbox"}"#).await;
    assert_eq!(renamed.status, StatusCode::CREATED);
    let new_id = renamed.json()["id"].as_str().unwrap().to_owned();
    assert_ne!(new_id, id, "without ImmutableId a move gives a new id");
    assert_eq!(get(&mut emulator, &uri, &token).await.status, StatusCode::NOT_FOUND);

    let deleted = call(&mut emulator, Method::DELETE, &format!("/v1.0/me/messages/{new_id}"), &token, &[], "").await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT);
    assert_eq!(get(&mut emulator, "/v1.0/me/mailFolders/inbox", &token).await.json()["totalItemCount"], 12);
}

#[tokio::test]
async fn drafts_can_be_edited_and_other_mailboxes_need_a_grant_and_a_shared_scope() {
    let mut emulator = Emulator::new();
    let token = token_for(&mut emulator, ADELE, WRITE).await;
    let draft = get(&mut emulator, "/v1.0/me/mailFolders/drafts/messages", &token).await.json()["value"][0].clone();
    let uri = format!("/v1.0/me/messages/{}", draft["id"].as_str().unwrap());
    let edited = call(
        &mut emulator,
        Method::PATCH,
        &uri,
        &token,
        &[],
        r#"{"subject":"Keynote ideas","body":{"contentType":"text","content":"Three ideas"}}"#,
    )
    .await;
    assert_eq!(edited.status, StatusCode::OK, "{}", edited.body);
    assert_eq!(edited.json()["subject"], "Keynote ideas");
    assert_eq!(edited.json()["bodyPreview"], "Three ideas");

    let no_shared = get(&mut emulator, &format!("/v1.0/users/{MEGAN}/messages"), &token).await;
    assert_eq!((no_shared.status, code(&no_shared)), (StatusCode::FORBIDDEN, "ErrorAccessDenied".into()));
    assert_eq!(no_shared.json()["error"]["message"], "Access is denied. Check credentials and try again.");

    let shared = token_for(&mut emulator, ADELE, "openid profile offline_access User.Read Mail.Read.Shared").await;
    let megan = get(&mut emulator, &format!("/v1.0/users/{MEGAN}/mailFolders/inbox/messages"), &shared).await;
    assert_eq!(megan.status, StatusCode::OK, "{}", megan.body);
    assert_eq!(megan.json()["value"].as_array().unwrap().len(), 3);
    assert!(megan.json()["@odata.context"].as_str().unwrap().contains("users('megan%40contoso.example')"));
    let own = get(&mut emulator, &format!("/v1.0/users/{ADELE}/mailFolders/inbox"), &shared).await;
    assert_eq!(own.status, StatusCode::OK);

    let megans = token_for(&mut emulator, MEGAN, "openid profile offline_access User.Read Mail.Read.Shared").await;
    let refused = get(&mut emulator, &format!("/v1.0/users/{ADELE}/messages"), &megans).await;
    assert_eq!((refused.status, code(&refused)), (StatusCode::FORBIDDEN, "ErrorAccessDenied".into()));
    let nobody = get(&mut emulator, "/v1.0/users/nobody@contoso.example/messages", &megans).await;
    assert_eq!((nobody.status, code(&nobody)), (StatusCode::NOT_FOUND, "ErrorInvalidUser".into()));
    // A token carries every permission consented to before, so this needs a fresh emulator.
    let mut fresh = Emulator::new();
    let no_mail_scope = token_for(&mut fresh, ADELE, "openid profile offline_access User.Read").await;
    let refused = get(&mut fresh, "/v1.0/me/messages", &no_mail_scope).await;
    assert_eq!((refused.status, code(&refused)), (StatusCode::FORBIDDEN, "ErrorAccessDenied".into()));
}

#[tokio::test]
async fn mailboxes_seed_from_captured_graph_payloads_and_the_generator() {
    let dir = std::env::temp_dir().join(format!("tern-mail-seed-{}", std::process::id()));
    let user = dir.join(ADELE);
    std::fs::create_dir_all(user.join("messages")).unwrap();
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/graph");
    std::fs::copy(fixtures.join("list-mailfolders.json"), user.join("mailFolders.json")).unwrap();
    std::fs::copy(fixtures.join("list-messages.json"), user.join("messages/inbox.json")).unwrap();
    let seed = MailSeed { data: Some(dir.clone()), ..MailSeed::default() };
    let state = State::with_mail(ORIGIN, None, &seed).unwrap();
    let mut emulator = Emulator::from_state(state);
    let token = token_for(&mut emulator, ADELE, READ).await;
    let inbox = get(&mut emulator, "/v1.0/me/mailFolders/inbox", &token).await.json();
    assert_eq!(inbox["id"], "AQMkADYAAAIBDAAAAA==", "the captured Inbox takes the well-known name");
    assert_eq!(inbox["totalItemCount"], 1);
    let messages = get(&mut emulator, "/v1.0/me/mailFolders/inbox/messages", &token).await.json();
    assert_eq!(messages["value"][0]["id"], "AAMkAGUAAAwTW09AAA=");
    assert_eq!(messages["value"][0]["subject"], "You have late tasks!");
    let child = get(&mut emulator, "/v1.0/me/mailFolders/AQMkADYAAAIBDAAAAA==/childFolders", &token).await.json();
    assert_eq!(child["value"][0]["displayName"], "Weekly digests");
    std::fs::remove_dir_all(&dir).unwrap();

    let generated = State::with_mail(ORIGIN, None, &MailSeed { generate: 10_000, ..MailSeed::default() }).unwrap();
    let mut emulator = Emulator::from_state(generated);
    let token = token_for(&mut emulator, ADELE, READ).await;
    let inbox = get(&mut emulator, "/v1.0/me/mailFolders/inbox", &token).await.json();
    assert_eq!(inbox["totalItemCount"], 10_012);
    let page = get(&mut emulator, "/v1.0/me/mailFolders/inbox/messages?$top=1000&$skip=9000&$select=subject", &token).await.json();
    assert_eq!(page["value"].as_array().unwrap().len(), 1000);
    assert!(page["@odata.nextLink"].as_str().unwrap().contains("skip=10000"));
}

#[tokio::test]
async fn a_mailbox_graph_cannot_reach_answers_mailbox_not_enabled_for_every_mail_and_calendar_call() {
    let mut emulator = Emulator::with_identity_file(
        r#"{"users": [{"upn": "onprem@contoso.example", "name": "On Prem", "password": "demo", "mailbox": "onPremises"}]}"#,
    );
    let token = emulator.access_token("openid profile User.Read Mail.ReadWrite Calendars.ReadWrite", "onprem@contoso.example").await;
    for path in ["/v1.0/me/mailFolders", "/v1.0/me/messages", "/v1.0/me/calendars", "/v1.0/me/mailFolders/inbox/messages?$top=5"] {
        let reply = get(&mut emulator, path, &token).await;
        assert_eq!((reply.status, code(&reply)), (StatusCode::NOT_FOUND, "MailboxNotEnabledForRESTAPI".into()), "{path}");
    }
    // Another person opening it meets the same answer.
    let adele = emulator.access_token("openid profile Mail.ReadWrite.Shared", ADELE).await;
    let reply = get(&mut emulator, "/v1.0/users/onprem@contoso.example/messages", &adele).await;
    assert_eq!(code(&reply), "MailboxNotEnabledForRESTAPI");
}

#[tokio::test]
async fn a_search_gives_up_to_a_thousand_results() {
    let seed = tern_emulator::MailSeed { generate: 1_500, ..Default::default() };
    let state = tern_emulator::State::with_mail(crate::harness::ORIGIN, None, &seed).unwrap();
    let mut emulator = Emulator::from_state(state);
    let token = emulator.access_token("openid profile Mail.Read", ADELE).await;
    // All 1 500 generated messages match; a search stops at 1 000.
    let mut link = "/v1.0/me/messages?$search=%22generated%22&$top=300&$select=id".to_owned();
    let mut found = 0;
    for _ in 0..20 {
        let page = get(&mut emulator, &link, &token).await.json();
        found += page["value"].as_array().unwrap().len();
        match page["@odata.nextLink"].as_str() {
            Some(next) => link = next.trim_start_matches(crate::harness::ORIGIN).to_owned(),
            None => break,
        }
    }
    assert_eq!(found, 1_000);
}
