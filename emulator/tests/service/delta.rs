//! Delta queries on a mail folder: paged first rounds, then what changed since.

use crate::harness::{Emulator, Reply, ADELE, ORIGIN};
use axum::http::{Method, StatusCode};
use serde_json::Value;

const WRITE: &str = "openid profile offline_access User.Read Mail.ReadWrite";

async fn call(emulator: &mut Emulator, method: Method, uri: &str, token: &str, extra: &[(&str, &str)], body: &str) -> Reply {
    let bearer = format!("Bearer {token}");
    let mut headers = vec![("authorization", bearer.as_str()), ("content-type", "application/json")];
    headers.extend_from_slice(extra);
    emulator.send(method, uri.strip_prefix(ORIGIN).unwrap_or(uri), &headers, body.to_owned()).await
}

/// Follows nextLinks to the end: every item, and the deltaLink.
async fn round(emulator: &mut Emulator, token: &str, first: &str, prefer: &[(&str, &str)]) -> (Vec<Value>, String, usize) {
    let (mut items, mut pages, mut uri) = (Vec::new(), 0, first.to_owned());
    loop {
        let reply = call(emulator, Method::GET, &uri, token, prefer, "").await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        pages += 1;
        let body = reply.json();
        items.extend(body["value"].as_array().unwrap().iter().cloned());
        match (body["@odata.nextLink"].as_str(), body["@odata.deltaLink"].as_str()) {
            (Some(next), None) => {
                assert!(next.contains("$skiptoken="), "{next}");
                uri = next.to_owned();
            }
            (None, Some(delta)) => {
                assert!(delta.contains("$deltatoken="), "{delta}");
                return (items, delta.to_owned(), pages);
            }
            _ => panic!("a page carries exactly one of nextLink and deltaLink: {body}"),
        }
    }
}

#[tokio::test]
async fn a_first_round_pages_through_the_folder_and_ends_with_a_delta_link() {
    let mut emulator = Emulator::new();
    let token = emulator.access_token(WRITE, ADELE).await;
    let prefer = [("prefer", "odata.maxpagesize=5")];
    let first =
        call(&mut emulator, Method::GET, "/v1.0/me/mailFolders/inbox/messages/delta?$select=subject,isRead", &token, &prefer, "").await;
    assert_eq!(first.header("preference-applied"), Some("odata.maxpagesize=5"));
    assert_eq!(first.json()["value"].as_array().unwrap().len(), 5);
    let (items, _, pages) = round(&mut emulator, &token, "/v1.0/me/mailFolders/inbox/messages/delta?$select=subject,isRead", &prefer).await;
    assert_eq!((items.len(), pages), (12, 3));
    for item in &items {
        assert_eq!(item["@odata.type"], "#microsoft.graph.message");
        assert!(item["id"].is_string() && item["subject"].is_string() && item["isRead"].is_boolean());
        assert!(item.get("body").is_none(), "$select carries through the skiptoken: {item}");
    }
    let (whole, _, pages) = round(&mut emulator, &token, "/v1.0/me/mailFolders/inbox/messages/delta", &[]).await;
    assert_eq!((whole.len(), pages), (12, 2), "ten a page by default");
    assert!(whole[0]["body"]["content"].is_string());
}

#[tokio::test]
async fn the_delta_link_reports_changes_moves_and_deletions_since() {
    let mut emulator = Emulator::new();
    let token = emulator.access_token(WRITE, ADELE).await;
    let (items, inbox_link, _) = round(&mut emulator, &token, "/v1.0/me/mailFolders/inbox/messages/delta", &[]).await;
    let (_, archive_link, _) = round(&mut emulator, &token, "/v1.0/me/mailFolders/archive/messages/delta?$select=subject", &[]).await;
    let id = |i: usize| items[i]["id"].as_str().unwrap().to_owned();
    let (changed, deleted, moved) = (id(0), id(1), id(2));

    let (again, _, _) = round(&mut emulator, &token, &inbox_link, &[]).await;
    assert!(again.is_empty(), "nothing changed yet: {again:?}");

    call(
        &mut emulator,
        Method::PATCH,
        &format!("/v1.0/me/messages/{changed}"),
        &token,
        &[],
        r#"{"isRead":true,"categories":["Blue category"]}"#,
    )
    .await;
    assert_eq!(
        call(&mut emulator, Method::DELETE, &format!("/v1.0/me/messages/{deleted}"), &token, &[], "").await.status,
        StatusCode::NO_CONTENT
    );
    let moved_reply =
        call(&mut emulator, Method::POST, &format!("/v1.0/me/messages/{moved}/move"), &token, &[], r#"{"destinationId":"archive"}"#).await;
    let moved_id = moved_reply.json()["id"].as_str().unwrap().to_owned();

    let (changes, next_link, _) = round(&mut emulator, &token, &inbox_link, &[]).await;
    assert_eq!(changes.len(), 3, "{changes:?}");
    let update = changes.iter().find(|c| c["id"] == changed.as_str()).unwrap();
    assert_eq!((update["isRead"].clone(), update["categories"][0].clone()), (Value::Bool(true), Value::from("Blue category")));
    for gone in [&deleted, &moved] {
        let removal = changes.iter().find(|c| c["id"] == gone.as_str()).unwrap();
        assert_eq!(removal["@removed"]["reason"], "deleted");
        assert_eq!(removal["@odata.type"], "#microsoft.graph.message");
        assert!(removal.get("subject").is_none());
    }
    let (arrived, _, _) = round(&mut emulator, &token, &archive_link, &[]).await;
    assert_eq!(arrived.len(), 1);
    assert_eq!(arrived[0]["id"], moved_id.as_str());
    assert!(arrived[0].get("body").is_none(), "the deltaLink keeps the first round's $select");

    let (quiet, _, _) = round(&mut emulator, &token, &next_link, &[]).await;
    assert!(quiet.is_empty());
}

#[tokio::test]
async fn tokens_that_name_no_sync_state_answer_410_sync_state_not_found() {
    let mut emulator = Emulator::new();
    let token = emulator.access_token(WRITE, ADELE).await;
    let (_, inbox_link, _) = round(&mut emulator, &token, "/v1.0/me/mailFolders/inbox/messages/delta", &[]).await;
    let garbled = call(
        &mut emulator,
        Method::GET,
        "/v1.0/me/mailFolders/inbox/messages/delta?$deltatoken=GwcBoTmPuoGNlgXgF1nyUNMXY",
        &token,
        &[],
        "",
    )
    .await;
    assert_eq!((garbled.status, garbled.json()["error"]["code"].clone()), (StatusCode::GONE, Value::from("SyncStateNotFound")));
    let other_folder = inbox_link.replace("/mailFolders/", "/mailFolders/archive?x=").split("?x=").next().unwrap().to_owned()
        + "/messages/delta?"
        + inbox_link.split_once('?').unwrap().1;
    let reply = call(&mut emulator, Method::GET, &other_folder, &token, &[], "").await;
    assert_eq!(reply.status, StatusCode::GONE, "{other_folder}: {}", reply.body);
    let unknown =
        call(&mut emulator, Method::GET, "/v1.0/me/mailFolders/AAMkADAAAAAAAAAAAAAAAAAAAAA=/messages/delta", &token, &[], "").await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    let bad_select = call(&mut emulator, Method::GET, "/v1.0/me/mailFolders/inbox/messages/delta?$select=nope", &token, &[], "").await;
    assert_eq!(bad_select.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn delta_takes_the_narrowing_graph_documents_and_keeps_it_in_its_links() {
    let mut emulator = Emulator::new();
    let token = emulator.access_token(WRITE, ADELE).await;
    let base = "/v1.0/me/mailFolders/inbox/messages/delta";
    let (all, _, _) = round(&mut emulator, &token, &format!("{base}?$select=receivedDateTime,subject"), &[]).await;
    let mut dates: Vec<String> = all.iter().map(|m| m["receivedDateTime"].as_str().unwrap().to_owned()).collect();
    dates.sort();
    dates.reverse();
    let cut = dates[4].clone();

    let (newest, _, _) =
        round(&mut emulator, &token, &format!("{base}?$select=receivedDateTime&$orderby=receivedDateTime%20desc&$top=3"), &[]).await;
    let newest: Vec<&str> = newest.iter().map(|m| m["receivedDateTime"].as_str().unwrap()).collect();
    assert_eq!(newest, dates[..3].iter().map(String::as_str).collect::<Vec<_>>(), "$top with newest first: the three newest");

    let (from, link, _) =
        round(&mut emulator, &token, &format!("{base}?$select=receivedDateTime&$filter=receivedDateTime%20ge%20{cut}"), &[]).await;
    assert_eq!(from.len(), 5, "ge includes the bound: {from:?}");
    let (after, _, _) = round(&mut emulator, &token, &format!("{base}?$filter=receivedDateTime+gt+{cut}"), &[]).await;
    assert_eq!(after.len(), 4, "gt leaves it out");

    let old = all.iter().find(|m| m["receivedDateTime"].as_str().unwrap() < cut.as_str()).unwrap()["id"].as_str().unwrap().to_owned();
    let recent = all.iter().find(|m| m["receivedDateTime"] == dates[0].as_str()).unwrap()["id"].as_str().unwrap().to_owned();
    for id in [&old, &recent] {
        call(&mut emulator, Method::PATCH, &format!("/v1.0/me/messages/{id}"), &token, &[], r#"{"isRead":true}"#).await;
    }
    let (changes, _, _) = round(&mut emulator, &token, &link, &[]).await;
    let ids: Vec<&str> = changes.iter().map(|m| m["id"].as_str().unwrap()).collect();
    assert_eq!(ids, [recent.as_str()], "the deltaLink keeps the filter: the older message's change is not reported");

    let (_, created_link, _) = round(&mut emulator, &token, &format!("{base}?changeType=created"), &[]).await;
    let (_, updated_link, _) = round(&mut emulator, &token, &format!("{base}?changeType=updated"), &[]).await;
    let (_, deleted_link, _) = round(&mut emulator, &token, &format!("{base}?changeType=deleted"), &[]).await;
    let draft = call(&mut emulator, Method::POST, "/v1.0/me/messages", &token, &[], r#"{"subject":"Moved in"}"#).await.json();
    let arrived = call(
        &mut emulator,
        Method::POST,
        &format!("/v1.0/me/messages/{}/move", draft["id"].as_str().unwrap()),
        &token,
        &[],
        r#"{"destinationId":"inbox"}"#,
    )
    .await
    .json()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    call(&mut emulator, Method::PATCH, &format!("/v1.0/me/messages/{old}"), &token, &[], r#"{"isRead":false}"#).await;
    call(&mut emulator, Method::DELETE, &format!("/v1.0/me/messages/{recent}"), &token, &[], "").await;
    let only = |items: Vec<Value>| items.iter().map(|m| m["id"].as_str().unwrap().to_owned()).collect::<Vec<_>>();
    assert_eq!(only(round(&mut emulator, &token, &created_link, &[]).await.0), [arrived.as_str()]);
    assert_eq!(only(round(&mut emulator, &token, &updated_link, &[]).await.0), [old.as_str()]);
    let deleted = round(&mut emulator, &token, &deleted_link, &[]).await.0;
    assert_eq!((only(deleted.clone()), deleted[0]["@removed"]["reason"].clone()), (vec![recent.clone()], Value::from("deleted")));

    for (query, what) in [
        ("$filter=subject%20eq%20'x'", "a filter on another property"),
        ("$filter=receivedDateTime%20lt%202026-01-01T00:00:00Z", "lt"),
        ("$orderby=receivedDateTime%20asc", "oldest first"),
        ("$orderby=subject", "another order"),
        ("$top=0", "$top 0"),
        ("changeType=moved", "an unknown changeType"),
    ] {
        let refused = call(&mut emulator, Method::GET, &format!("{base}?{query}"), &token, &[], "").await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST, "{what}: {}", refused.body);
    }
}
