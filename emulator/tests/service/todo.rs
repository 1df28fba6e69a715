//! Graph To Do through the router: task lists, tasks, their changes, filters and delta.

use crate::harness::{Emulator, Reply, ADELE, MEGAN, ORIGIN};
use axum::http::{Method, StatusCode};
use serde_json::Value;

const READ: &str = "openid profile offline_access User.Read Tasks.Read";
const WRITE: &str = "openid profile offline_access User.Read Tasks.ReadWrite";

async fn token(emulator: &Emulator, upn: &str, scope: &str) -> String {
    emulator.new_browser().access_token(scope, upn).await
}

async fn call(emulator: &mut Emulator, method: Method, uri: &str, token: &str, body: &str) -> Reply {
    let bearer = format!("Bearer {token}");
    emulator.send(method, uri, &[("authorization", bearer.as_str()), ("content-type", "application/json")], body.to_owned()).await
}

async fn get(emulator: &mut Emulator, uri: &str, token: &str) -> Reply {
    call(emulator, Method::GET, uri, token, "").await
}

fn code(reply: &Reply) -> String {
    reply.json()["error"]["code"].as_str().unwrap_or_default().to_owned()
}

fn values(body: &Value) -> Vec<Value> {
    body["value"].as_array().cloned().unwrap_or_default()
}

async fn list_id(emulator: &mut Emulator, token: &str, name: &str) -> String {
    let lists = values(&get(emulator, "/v1.0/me/todo/lists", token).await.json());
    lists.iter().find(|l| l["displayName"] == name).unwrap()["id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn lists_are_listed_created_renamed_and_deleted() {
    let mut emulator = Emulator::new();
    let token = token(&emulator, ADELE, WRITE).await;
    let reply = get(&mut emulator, "/v1.0/me/todo/lists", &token).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let lists = values(&reply.json());
    let summary: Vec<(&str, &str)> =
        lists.iter().map(|l| (l["displayName"].as_str().unwrap(), l["wellknownListName"].as_str().unwrap())).collect();
    assert_eq!(summary, [("Tasks", "defaultList"), ("Groceries", "none")]);
    assert!(lists.iter().all(|l| l["isOwner"] == true && l["isShared"] == false));

    let created = call(&mut emulator, Method::POST, "/v1.0/me/todo/lists", &token, r#"{"displayName": "Travel items"}"#).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let created = created.json();
    assert_eq!((created["displayName"].as_str(), created["wellknownListName"].as_str()), (Some("Travel items"), Some("none")));
    let id = created["id"].as_str().unwrap();
    let renamed = call(&mut emulator, Method::PATCH, &format!("/v1.0/me/todo/lists/{id}"), &token, r#"{"displayName": "Packing"}"#).await;
    assert_eq!(renamed.json()["displayName"], "Packing");
    assert_eq!(get(&mut emulator, &format!("/v1.0/me/todo/lists/{id}"), &token).await.json()["displayName"], "Packing");
    assert_eq!(call(&mut emulator, Method::DELETE, &format!("/v1.0/me/todo/lists/{id}"), &token, "").await.status, StatusCode::NO_CONTENT);
    let gone = get(&mut emulator, &format!("/v1.0/me/todo/lists/{id}/tasks"), &token).await;
    assert_eq!((gone.status, code(&gone)), (StatusCode::NOT_FOUND, "ErrorItemNotFound".into()));
    let bad = call(&mut emulator, Method::POST, "/v1.0/me/todo/lists", &token, r#"{"displayName": "x", "colour": "red"}"#).await;
    assert_eq!((bad.status, code(&bad)), (StatusCode::BAD_REQUEST, "RequestBodyRead".into()));
}

#[tokio::test]
async fn tasks_carry_status_importance_and_due_dates_and_filter_out_completed_ones() {
    let mut emulator = Emulator::new();
    let token = token(&emulator, ADELE, READ).await;
    let tasks_list = list_id(&mut emulator, &token, "Tasks").await;
    let all = values(&get(&mut emulator, &format!("/v1.0/me/todo/lists/{tasks_list}/tasks"), &token).await.json());
    assert_eq!(all.len(), 6, "five, and one due the day the emulator started");
    let done = all.iter().find(|t| t["status"] == "completed").unwrap();
    assert_eq!(done["completedDateTime"]["timeZone"], "UTC");
    let revenue = all.iter().find(|t| t["title"] == "Check the revenue slide").unwrap();
    assert_eq!(
        (revenue["importance"].as_str(), revenue["dueDateTime"]["dateTime"].as_str()),
        (Some("high"), Some("2026-11-19T00:00:00.0000000"))
    );
    assert!(revenue["@odata.etag"].as_str().unwrap().starts_with("W/\""));

    let open = values(
        &get(&mut emulator, &format!("/v1.0/me/todo/lists/{tasks_list}/tasks?$filter=status%20ne%20'completed'"), &token).await.json(),
    );
    assert_eq!(open.len(), 5);
    assert!(open.iter().all(|t| t["status"] != "completed"));
    let urgent = values(
        &get(
            &mut emulator,
            &format!("/v1.0/me/todo/lists/{tasks_list}/tasks?$filter=importance%20eq%20'high'%20and%20status%20eq%20'notStarted'"),
            &token,
        )
        .await
        .json(),
    );
    assert_eq!(urgent.iter().map(|t| t["title"].as_str().unwrap()).collect::<Vec<_>>(), ["Complete the security training"]);
    let unsupported = get(&mut emulator, &format!("/v1.0/me/todo/lists/{tasks_list}/tasks?$filter=startswith(title,'C')"), &token).await;
    assert_eq!((unsupported.status, code(&unsupported)), (StatusCode::BAD_REQUEST, "ErrorInvalidUrlQueryFilter".into()));
    let titles = values(
        &get(&mut emulator, &format!("/v1.0/me/todo/lists/{tasks_list}/tasks?$orderby=title&$select=title&$top=2"), &token).await.json(),
    );
    assert_eq!(
        titles.iter().map(|t| t["title"].as_str().unwrap()).collect::<Vec<_>>(),
        ["Book travel to Berlin", "Check the revenue slide"]
    );
    assert!(titles[0].get("status").is_none());
}

#[tokio::test]
async fn completing_a_task_stamps_when_and_reopening_clears_it() {
    let mut emulator = Emulator::new();
    let token = token(&emulator, ADELE, WRITE).await;
    let groceries = list_id(&mut emulator, &token, "Groceries").await;
    let uri = format!("/v1.0/me/todo/lists/{groceries}/tasks");
    let created = call(&mut emulator, Method::POST, &uri, &token, r#"{"title": "Olive oil", "importance": "high", "dueDateTime": {"dateTime": "2026-11-21T00:00:00", "timeZone": "UTC"}, "body": {"content": "The good one", "contentType": "text"}}"#).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let task = created.json();
    assert_eq!(
        (task["status"].as_str(), task["importance"].as_str(), task["isReminderOn"].as_bool()),
        (Some("notStarted"), Some("high"), Some(false))
    );
    assert!(task.get("completedDateTime").is_none());
    assert_eq!(task["createdDateTime"], task["lastModifiedDateTime"]);
    let id = task["id"].as_str().unwrap().to_owned();

    let completed = call(&mut emulator, Method::PATCH, &format!("{uri}/{id}"), &token, r#"{"status": "completed"}"#).await;
    assert_eq!(completed.status, StatusCode::OK, "{}", completed.body);
    let completed = completed.json();
    assert_eq!(completed["status"], "completed");
    assert_eq!(completed["completedDateTime"]["timeZone"], "UTC");
    assert!(completed["completedDateTime"]["dateTime"].as_str().unwrap().len() == "2026-11-20T09:00:00.0000000".len());
    assert_ne!(completed["@odata.etag"], task["@odata.etag"]);
    let reopened = call(&mut emulator, Method::PATCH, &format!("{uri}/{id}"), &token, r#"{"status": "inProgress"}"#).await.json();
    assert!(reopened.get("completedDateTime").is_none());

    for (bad, type_name) in [(r#"{"status": "done"}"#, "taskStatus"), (r#"{"importance": "urgent"}"#, "importance")] {
        let reply = call(&mut emulator, Method::PATCH, &format!("{uri}/{id}"), &token, bad).await;
        assert_eq!((reply.status, code(&reply)), (StatusCode::BAD_REQUEST, "RequestBodyRead".into()), "{bad}");
        assert!(reply.json()["error"]["message"].as_str().unwrap().contains(type_name));
    }
    assert_eq!(call(&mut emulator, Method::DELETE, &format!("{uri}/{id}"), &token, "").await.status, StatusCode::NO_CONTENT);
    assert_eq!(get(&mut emulator, &format!("{uri}/{id}"), &token).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn to_do_needs_task_scopes_and_is_only_ones_own() {
    let mut emulator = Emulator::new();
    let mail = token(&emulator, ADELE, "openid profile User.Read Mail.Read").await;
    let reply = get(&mut emulator, "/v1.0/me/todo/lists", &mail).await;
    assert_eq!((reply.status, code(&reply)), (StatusCode::FORBIDDEN, "ErrorAccessDenied".into()));
    let read = token(&emulator, ADELE, READ).await;
    let reply = call(&mut emulator, Method::POST, "/v1.0/me/todo/lists", &read, r#"{"displayName": "x"}"#).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    assert_eq!(get(&mut emulator, &format!("/v1.0/users/{ADELE}/todo/lists"), &read).await.status, StatusCode::OK);
    assert_eq!(get(&mut emulator, &format!("/v1.0/users/{MEGAN}/todo/lists"), &read).await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn task_delta_reports_new_changed_and_deleted_tasks() {
    let mut emulator = Emulator::new();
    let token = token(&emulator, ADELE, WRITE).await;
    let groceries = list_id(&mut emulator, &token, "Groceries").await;
    let first = get(&mut emulator, &format!("/v1.0/me/todo/lists/{groceries}/tasks/delta"), &token).await.json();
    let tasks = values(&first);
    assert_eq!(tasks.len(), 4);
    let delta_link = first["@odata.deltaLink"].as_str().unwrap().strip_prefix(ORIGIN).unwrap().to_owned();
    let milk = tasks.iter().find(|t| t["title"] == "Milk").unwrap()["id"].as_str().unwrap().to_owned();
    let bread = tasks.iter().find(|t| t["title"] == "Bread").unwrap()["id"].as_str().unwrap().to_owned();
    call(&mut emulator, Method::DELETE, &format!("/v1.0/me/todo/lists/{groceries}/tasks/{milk}"), &token, "").await;
    call(&mut emulator, Method::PATCH, &format!("/v1.0/me/todo/lists/{groceries}/tasks/{bread}"), &token, r#"{"status": "completed"}"#)
        .await;
    let second = values(&get(&mut emulator, &delta_link, &token).await.json());
    assert_eq!(second.len(), 2, "{second:?}");
    assert!(second.iter().any(|t| t["id"] == bread.as_str() && t["status"] == "completed"));
    assert!(second.iter().any(|t| t["id"] == milk.as_str() && t["@removed"]["reason"] == "deleted"));
    let lists = get(&mut emulator, "/v1.0/me/todo/lists/delta", &token).await.json();
    assert_eq!(values(&lists).len(), 2);
    assert!(lists["@odata.deltaLink"].is_string());
}

#[tokio::test]
async fn steps_are_added_ticked_and_deleted_with_their_task() {
    let mut emulator = Emulator::new();
    let token = token(&emulator, ADELE, WRITE).await;
    let list = list_id(&mut emulator, &token, "Tasks").await;
    let created = call(&mut emulator, Method::POST, &format!("/v1.0/me/todo/lists/{list}/tasks"), &token, r#"{"title":"Pack"}"#).await;
    let task = created.json()["id"].as_str().unwrap().to_owned();
    let steps = format!("/v1.0/me/todo/lists/{list}/tasks/{task}/checklistItems");
    let made = call(&mut emulator, Method::POST, &steps, &token, r#"{"displayName":"Passport"}"#).await;
    assert_eq!(made.status, StatusCode::CREATED);
    assert_eq!((made.json()["isChecked"].as_bool(), made.json()["displayName"].as_str()), (Some(false), Some("Passport")));
    let step = made.json()["id"].as_str().unwrap().to_owned();
    let unnamed = call(&mut emulator, Method::POST, &steps, &token, r#"{"isChecked":true}"#).await;
    assert_eq!(unnamed.status, StatusCode::BAD_REQUEST);
    let wrong = call(&mut emulator, Method::POST, &steps, &token, r#"{"displayName":"X","colour":"red"}"#).await;
    assert_eq!(code(&wrong), "RequestBodyRead");
    let ticked = call(&mut emulator, Method::PATCH, &format!("{steps}/{step}"), &token, r#"{"isChecked":true}"#).await;
    assert_eq!(ticked.json()["isChecked"], true);
    assert!(ticked.json()["checkedDateTime"].is_string(), "ticking stamps when");
    let unticked = call(&mut emulator, Method::PATCH, &format!("{steps}/{step}"), &token, r#"{"isChecked":false}"#).await;
    assert!(unticked.json().get("checkedDateTime").is_none());
    assert_eq!(values(&get(&mut emulator, &steps, &token).await.json()).len(), 1);
    assert_eq!(call(&mut emulator, Method::DELETE, &format!("{steps}/{step}"), &token, "").await.status, StatusCode::NO_CONTENT);
    assert_eq!(call(&mut emulator, Method::DELETE, &format!("{steps}/{step}"), &token, "").await.status, StatusCode::NOT_FOUND);
    // Not an Exchange id at all: malformed, as for a task.
    let missing = get(&mut emulator, &format!("/v1.0/me/todo/lists/{list}/tasks/nope/checklistItems"), &token).await;
    assert_eq!((missing.status, code(&missing)), (StatusCode::BAD_REQUEST, "ErrorInvalidIdMalformed".into()));
}
