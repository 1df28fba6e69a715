//! The master list of categories through the router: the defaults, a new category, a new
//! colour, deletion, and the refusals (emulator/FIDELITY.md, "Categories").

use crate::harness::{Emulator, Reply, ADELE};
use axum::http::{Method, StatusCode};

const READ: &str = "openid profile offline_access User.Read MailboxSettings.Read";
const WRITE: &str = "openid profile offline_access User.Read MailboxSettings.ReadWrite";
const MAIL_ONLY: &str = "openid profile offline_access User.Read Mail.ReadWrite";
const LIST: &str = "/v1.0/me/outlook/masterCategories";

async fn call(emulator: &mut Emulator, method: Method, uri: &str, token: &str, body: &str) -> Reply {
    let bearer = format!("Bearer {token}");
    emulator.send(method, uri, &[("authorization", bearer.as_str()), ("content-type", "application/json")], body.to_owned()).await
}

fn code(reply: &Reply) -> String {
    reply.json()["error"]["code"].as_str().unwrap_or_default().to_owned()
}

#[tokio::test]
async fn the_list_is_read_added_to_recoloured_and_shortened() {
    let mut emulator = Emulator::new();
    let read = emulator.new_browser().access_token(READ, ADELE).await;
    let write = emulator.new_browser().access_token(WRITE, ADELE).await;
    let listed = call(&mut emulator, Method::GET, LIST, &read, "").await;
    assert_eq!(listed.status, StatusCode::OK);
    let names: Vec<String> =
        listed.json()["value"].as_array().unwrap().iter().map(|c| c["displayName"].as_str().unwrap().to_owned()).collect();
    assert_eq!(names, ["Red category", "Orange category", "Yellow category", "Green category", "Blue category", "Purple category"]);
    assert!(listed.json()["@odata.context"].as_str().unwrap().ends_with("/outlook/masterCategories"));

    let created = call(&mut emulator, Method::POST, LIST, &write, r#"{"displayName":"Project Falcon","color":"preset9"}"#).await;
    assert_eq!(created.status, StatusCode::CREATED);
    let id = created.json()["id"].as_str().unwrap().to_owned();
    assert_eq!(created.json()["color"], "preset9");
    let again = call(&mut emulator, Method::POST, LIST, &write, r#"{"displayName":"project falcon"}"#).await;
    assert_eq!((again.status, code(&again)), (StatusCode::CONFLICT, "ErrorDuplicate".into()));
    let bad = call(&mut emulator, Method::POST, LIST, &write, r#"{"displayName":"X","color":"preset25"}"#).await;
    assert_eq!((bad.status, code(&bad)), (StatusCode::BAD_REQUEST, "RequestBodyRead".into()));
    let unnamed = call(&mut emulator, Method::POST, LIST, &write, r#"{"color":"preset1"}"#).await;
    assert_eq!(unnamed.status, StatusCode::BAD_REQUEST);

    // The name stays what it was; the colour changes.
    let one = format!("{LIST}/{id}");
    let changed = call(&mut emulator, Method::PATCH, &one, &write, r#"{"displayName":"Renamed","color":"preset15"}"#).await;
    assert_eq!(changed.status, StatusCode::OK);
    assert_eq!((changed.json()["displayName"].as_str(), changed.json()["color"].as_str()), (Some("Project Falcon"), Some("preset15")));
    assert_eq!(call(&mut emulator, Method::GET, &one, &read, "").await.json()["color"], "preset15");

    assert_eq!(call(&mut emulator, Method::DELETE, &one, &write, "").await.status, StatusCode::NO_CONTENT);
    let gone = call(&mut emulator, Method::GET, &one, &read, "").await;
    assert_eq!((gone.status, code(&gone)), (StatusCode::NOT_FOUND, "ErrorItemNotFound".into()));
    let twice = call(&mut emulator, Method::DELETE, &one, &write, "").await;
    assert_eq!(twice.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn mail_permissions_do_not_reach_the_list_nor_does_another_persons_access() {
    let mut emulator = Emulator::new();
    let mail = emulator.new_browser().access_token(MAIL_ONLY, ADELE).await;
    let refused = call(&mut emulator, Method::GET, LIST, &mail, "").await;
    assert_eq!((refused.status, code(&refused)), (StatusCode::FORBIDDEN, "ErrorAccessDenied".into()));
    let read = emulator.new_browser().access_token(READ, ADELE).await;
    let adding = call(&mut emulator, Method::POST, LIST, &read, r#"{"displayName":"X"}"#).await;
    assert_eq!(adding.status, StatusCode::FORBIDDEN);
    // Adele may read Megan's mail, not her categories.
    let megans = call(&mut emulator, Method::GET, "/v1.0/users/megan@contoso.example/outlook/masterCategories", &read, "").await;
    assert_eq!(megans.status, StatusCode::FORBIDDEN);
}
