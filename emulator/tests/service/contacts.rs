//! Graph contacts through the router: folders, contacts, the one filter Outlook takes,
//! changes and delta.

use crate::harness::{Emulator, Reply, ADELE, MEGAN, ORIGIN};
use axum::http::{Method, StatusCode};
use serde_json::Value;

const READ: &str = "openid profile offline_access User.Read Contacts.Read";
const WRITE: &str = "openid profile offline_access User.Read Contacts.ReadWrite";

async fn token_for(emulator: &Emulator, upn: &str, scope: &str) -> String {
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

#[tokio::test]
async fn contacts_page_sort_and_select() {
    let mut emulator = Emulator::new();
    let token = token_for(&emulator, ADELE, READ).await;
    let first = get(&mut emulator, "/v1.0/me/contacts?$orderby=displayName&$count=true", &token).await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.body);
    let first = first.json();
    assert_eq!(first["@odata.count"], 12);
    let items = values(&first);
    let names: Vec<&str> = items.iter().map(|c| c["displayName"].as_str().unwrap()).collect();
    assert_eq!(names.len(), 10);
    assert!(names.windows(2).all(|w| w[0].to_lowercase() <= w[1].to_lowercase()), "{names:?}");
    assert_eq!(names[0], "", "the contact with only an address sorts first");
    let next = first["@odata.nextLink"].as_str().unwrap().strip_prefix(ORIGIN).unwrap().to_owned();
    assert_eq!(values(&get(&mut emulator, &next, &token).await.json()).len(), 2);

    let johanna = values(&get(&mut emulator, "/v1.0/me/contacts?$top=50", &token).await.json())
        .into_iter()
        .find(|c| c["surname"] == "Lorenz")
        .unwrap();
    assert_eq!(johanna["emailAddresses"].as_array().unwrap().len(), 3);
    assert_eq!(johanna["@odata.etag"], format!("W/\"{}\"", johanna["changeKey"].as_str().unwrap()));
    let one =
        get(&mut emulator, &format!("/v1.0/me/contacts/{}?$select=displayName,emailAddresses", johanna["id"].as_str().unwrap()), &token)
            .await
            .json();
    assert_eq!(one["displayName"], "Johanna Lorenz");
    assert!(one.get("jobTitle").is_none());
    let bad = get(&mut emulator, "/v1.0/me/contacts?$select=nope", &token).await;
    assert_eq!((bad.status, code(&bad)), (StatusCode::BAD_REQUEST, "RequestBroker--ParseUri".into()));
}

#[tokio::test]
async fn the_only_filter_is_on_email_addresses() {
    let mut emulator = Emulator::new();
    let token = token_for(&emulator, ADELE, READ).await;
    let by_second_address = values(
        &get(&mut emulator, "/v1.0/me/contacts?$filter=emailAddresses/any(a:a/address%20eq%20'Johanna.Lorenz@fabrikam.example')", &token)
            .await
            .json(),
    );
    let found: Vec<&str> = by_second_address.iter().map(|c| c["displayName"].as_str().unwrap()).collect();
    assert_eq!(found, ["Johanna Lorenz"]);
    let megan =
        get(&mut emulator, &format!("/v1.0/me/contacts?$filter=emailAddresses/any(x:x/address%20eq%20'{MEGAN}')"), &token).await.json();
    assert_eq!(values(&megan)[0]["displayName"], "Megan Bowen");
    let nobody =
        get(&mut emulator, "/v1.0/me/contacts?$filter=emailAddresses/any(a:a/address%20eq%20'nobody@example.com')", &token).await.json();
    assert!(values(&nobody).is_empty());
    for filter in ["displayName%20eq%20'Megan%20Bowen'", "startswith(displayName,'M')", "emailAddresses/any(a:a/name%20eq%20'Jo')"] {
        let reply = get(&mut emulator, &format!("/v1.0/me/contacts?$filter={filter}"), &token).await;
        assert_eq!((reply.status, code(&reply)), (StatusCode::BAD_REQUEST, "ErrorInvalidUrlQueryFilter".into()), "{filter}");
    }
}

#[tokio::test]
async fn folders_hold_their_own_contacts() {
    let mut emulator = Emulator::new();
    let token = token_for(&emulator, ADELE, READ).await;
    let folders = values(&get(&mut emulator, "/v1.0/me/contactFolders", &token).await.json());
    assert_eq!(folders.iter().map(|f| f["displayName"].as_str().unwrap()).collect::<Vec<_>>(), ["Suppliers"]);
    let default = values(&get(&mut emulator, "/v1.0/me/contacts?$top=1", &token).await.json())[0]["parentFolderId"].clone();
    assert_eq!(folders[0]["parentFolderId"], default);
    let suppliers = values(
        &get(&mut emulator, &format!("/v1.0/me/contactFolders/{}/contacts", folders[0]["id"].as_str().unwrap()), &token).await.json(),
    );
    assert_eq!(suppliers.iter().map(|c| c["displayName"].as_str().unwrap()).collect::<Vec<_>>(), ["Fabrikam Sales"]);
    let in_default = values(
        &get(&mut emulator, &format!("/v1.0/me/contactFolders/{}/contacts?$top=50", default.as_str().unwrap()), &token).await.json(),
    );
    assert_eq!(in_default.len(), 12);
    let missing = get(&mut emulator, "/v1.0/me/contactFolders/AAMkAGI2AAEOAAAnothing000=/contacts", &token).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn folders_are_made_renamed_and_deleted_with_what_they_hold() {
    let mut emulator = Emulator::new();
    let token = token_for(&emulator, ADELE, WRITE).await;
    let made = call(&mut emulator, Method::POST, "/v1.0/me/contactFolders", &token, r#"{"displayName": "Family"}"#).await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
    let id = made.json()["id"].as_str().unwrap().to_owned();
    let twice = call(&mut emulator, Method::POST, "/v1.0/me/contactFolders", &token, r#"{"displayName": "suppliers"}"#).await;
    assert_eq!((twice.status, code(&twice)), (StatusCode::CONFLICT, "ErrorFolderExists".into()), "names are unique, in any case");
    let nameless = call(&mut emulator, Method::POST, "/v1.0/me/contactFolders", &token, r#"{"displayName": " "}"#).await;
    assert_eq!(nameless.status, StatusCode::BAD_REQUEST);
    let contact =
        call(&mut emulator, Method::POST, &format!("/v1.0/me/contactFolders/{id}/contacts"), &token, r#"{"givenName": "Gran"}"#).await;
    assert_eq!(contact.status, StatusCode::CREATED);
    let renamed =
        call(&mut emulator, Method::PATCH, &format!("/v1.0/me/contactFolders/{id}"), &token, r#"{"displayName": "Family and friends"}"#)
            .await;
    assert_eq!(renamed.json()["displayName"], "Family and friends");
    let clash =
        call(&mut emulator, Method::PATCH, &format!("/v1.0/me/contactFolders/{id}"), &token, r#"{"displayName": "Suppliers"}"#).await;
    assert_eq!(code(&clash), "ErrorFolderExists");
    let folders = values(&get(&mut emulator, "/v1.0/me/contactFolders", &token).await.json());
    assert_eq!(folders.iter().map(|f| f["displayName"].as_str().unwrap()).collect::<Vec<_>>(), ["Suppliers", "Family and friends"]);
    let gone = call(&mut emulator, Method::DELETE, &format!("/v1.0/me/contactFolders/{id}"), &token, "").await;
    assert_eq!(gone.status, StatusCode::NO_CONTENT);
    assert_eq!(get(&mut emulator, &format!("/v1.0/me/contactFolders/{id}/contacts"), &token).await.status, StatusCode::NOT_FOUND);
    let all = values(&get(&mut emulator, "/v1.0/me/contacts?$top=50", &token).await.json());
    assert!(all.iter().all(|c| c["givenName"] != "Gran"), "its contacts went with it");
    let default = all[0]["parentFolderId"].as_str().unwrap().to_owned();
    let refused = call(&mut emulator, Method::DELETE, &format!("/v1.0/me/contactFolders/{default}"), &token, "").await;
    assert_eq!(code(&refused), "ErrorDeleteDistinguishedFolder");
}

#[tokio::test]
async fn contacts_are_created_changed_and_deleted() {
    let mut emulator = Emulator::new();
    let token = token_for(&emulator, ADELE, WRITE).await;
    let created = call(&mut emulator, Method::POST, "/v1.0/me/contacts", &token, r#"{"givenName": "Pavel", "surname": "Bansky", "emailAddresses": [{"address": "pavelb@fabrikam.example", "name": "Pavel Bansky"}], "businessPhones": ["+1 732 555 0102"]}"#).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let contact = created.json();
    assert_eq!(contact["displayName"], "Pavel Bansky", "composed from the name's parts");
    assert!(contact["parentFolderId"].is_string() && contact["createdDateTime"].is_string());
    let id = contact["id"].as_str().unwrap();
    let patched = call(&mut emulator, Method::PATCH, &format!("/v1.0/me/contacts/{id}"), &token, r#"{"jobTitle": "Buyer"}"#).await.json();
    assert_eq!((patched["jobTitle"].as_str(), patched["displayName"].as_str()), (Some("Buyer"), Some("Pavel Bansky")));
    assert_ne!(patched["changeKey"], contact["changeKey"]);
    let bad = call(&mut emulator, Method::PATCH, &format!("/v1.0/me/contacts/{id}"), &token, r#"{"emailAddresses": "pavel@x"}"#).await;
    assert_eq!((bad.status, code(&bad)), (StatusCode::BAD_REQUEST, "RequestBodyRead".into()));
    let address = r#"{"businessAddress": {"city": "Redmond", "countryOrRegion": "United States"}}"#;
    let moved = call(&mut emulator, Method::PATCH, &format!("/v1.0/me/contacts/{id}"), &token, address).await.json();
    assert_eq!(moved["businessAddress"]["city"], "Redmond");
    let odd = r#"{"homeAddress": {"planet": "Mars"}}"#;
    let odd = call(&mut emulator, Method::PATCH, &format!("/v1.0/me/contacts/{id}"), &token, odd).await;
    assert_eq!((odd.status, code(&odd)), (StatusCode::BAD_REQUEST, "RequestBodyRead".into()));
    assert_eq!(call(&mut emulator, Method::DELETE, &format!("/v1.0/me/contacts/{id}"), &token, "").await.status, StatusCode::NO_CONTENT);
    let gone = get(&mut emulator, &format!("/v1.0/me/contacts/{id}"), &token).await;
    assert_eq!((gone.status, code(&gone)), (StatusCode::NOT_FOUND, "ErrorItemNotFound".into()));
    let mut fresh = Emulator::new();
    let read_only = token_for(&fresh, ADELE, READ).await;
    let refused = call(&mut fresh, Method::POST, "/v1.0/me/contacts", &read_only, r#"{"givenName": "x"}"#).await;
    assert_eq!((refused.status, code(&refused)), (StatusCode::FORBIDDEN, "ErrorAccessDenied".into()));
}

#[tokio::test]
async fn contact_delta_reports_changes_and_deletions_per_folder() {
    let mut emulator = Emulator::new();
    let token = token_for(&emulator, ADELE, WRITE).await;
    let default =
        values(&get(&mut emulator, "/v1.0/me/contacts?$top=1", &token).await.json())[0]["parentFolderId"].as_str().unwrap().to_owned();
    let uri = format!("/v1.0/me/contactFolders/{default}/contacts/delta");
    let mut all = Vec::new();
    let mut next = uri.clone();
    let delta_link = loop {
        let page = get(&mut emulator, &next, &token).await.json();
        all.extend(values(&page));
        match page["@odata.deltaLink"].as_str() {
            Some(link) => break link.strip_prefix(ORIGIN).unwrap().to_owned(),
            None => next = page["@odata.nextLink"].as_str().unwrap().strip_prefix(ORIGIN).unwrap().to_owned(),
        }
    };
    assert_eq!(all.len(), 12);
    assert!(all.iter().all(|c| c["@odata.type"] == "#microsoft.graph.contact"));
    let grady = all.iter().find(|c| c["surname"] == "Archie").unwrap()["id"].as_str().unwrap().to_owned();
    let joni = all.iter().find(|c| c["surname"] == "Sherman").unwrap()["id"].as_str().unwrap().to_owned();
    call(&mut emulator, Method::DELETE, &format!("/v1.0/me/contacts/{grady}"), &token, "").await;
    call(&mut emulator, Method::PATCH, &format!("/v1.0/me/contacts/{joni}"), &token, r#"{"mobilePhone": "+1 980 555 0199"}"#).await;
    let changes = values(&get(&mut emulator, &delta_link, &token).await.json());
    assert_eq!(changes.len(), 2, "{changes:?}");
    assert!(changes.iter().any(|c| c["id"] == joni.as_str() && c["mobilePhone"] == "+1 980 555 0199"));
    assert!(changes.iter().any(|c| c["id"] == grady.as_str() && c["@removed"]["reason"] == "deleted"));
    let whole = get(&mut emulator, "/v1.0/me/contacts/delta", &token).await.json();
    assert_eq!(values(&whole).len(), 10, "a first page of the default folder");
}
