//! Contacts: contact folders and contacts (list, get, create, PATCH, DELETE, delta) under
//! `/me` and `/users/{id|userPrincipalName}`.

use super::pim::{delta, page, pim_ctx, refusal, select, sort, Change, Ctx, ListQuery, Need, Params, Refusal, Workload};
use super::pim_store::{contact_folder, Item, Kind};
use super::preflight;
use crate::Shared;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use serde_json::{Map, Value};
use std::collections::HashMap;

const CONTACT_TYPE: &str = "microsoft.graph.contact";
const FOLDER_TYPE: &str = "microsoft.graph.contactFolder";
/// The structural properties of `microsoft.graph.contact` (v1.0 metadata, with those of
/// `outlookItem` and `entity`).
const CONTACT_PROPERTIES: &[&str] = &[
    "id",
    "categories",
    "changeKey",
    "createdDateTime",
    "lastModifiedDateTime",
    "assistantName",
    "birthday",
    "businessAddress",
    "businessHomePage",
    "businessPhones",
    "children",
    "companyName",
    "department",
    "displayName",
    "emailAddresses",
    "fileAs",
    "generation",
    "givenName",
    "homeAddress",
    "homePhones",
    "imAddresses",
    "initials",
    "jobTitle",
    "manager",
    "middleName",
    "mobilePhone",
    "nickName",
    "officeLocation",
    "otherAddress",
    "parentFolderId",
    "personalNotes",
    "primaryEmailAddress",
    "profession",
    "secondaryEmailAddress",
    "spouseName",
    "surname",
    "tertiaryEmailAddress",
    "title",
    "yomiCompanyName",
    "yomiGivenName",
    "yomiSurname",
];
const FOLDER_PROPERTIES: &[&str] = &["id", "displayName", "parentFolderId"];
/// `microsoft.graph.physicalAddress`.
const ADDRESS_PARTS: &[&str] = &["street", "city", "state", "countryOrRegion", "postalCode"];
const READ_ONLY: &[&str] = &["id", "changeKey", "createdDateTime", "lastModifiedDateTime", "parentFolderId"];

pub fn routes() -> Router<Shared> {
    let mut router = Router::new();
    for prefix in ["/v1.0/me", "/v1.0/users/{user}"] {
        router = router
            .route(&format!("{prefix}/contacts"), get(list_contacts).post(create_contact).options(preflight))
            .route(&format!("{prefix}/contacts/delta"), get(contacts_delta).options(preflight))
            .route(
                &format!("{prefix}/contacts/{{contact}}"),
                get(get_contact).patch(patch_contact).delete(delete_contact).options(preflight),
            )
            .route(&format!("{prefix}/contactFolders"), get(list_folders).post(create_folder).options(preflight))
            .route(
                &format!("{prefix}/contactFolders/{{folder}}"),
                get(get_folder).patch(rename_folder).delete(delete_folder).options(preflight),
            )
            .route(&format!("{prefix}/contactFolders/{{folder}}/contacts"), get(list_contacts).post(create_contact).options(preflight))
            .route(&format!("{prefix}/contactFolders/{{folder}}/contacts/delta"), get(contacts_delta).options(preflight))
            .route(
                &format!("{prefix}/contactFolders/{{folder}}/contacts/{{contact}}"),
                get(get_contact).patch(patch_contact).delete(delete_contact).options(preflight),
            );
    }
    router
}

fn render_contact(item: &Item) -> Value {
    let mut out = Map::new();
    out.insert("@odata.etag".into(), Value::from(format!("W/\"{}\"", item.change_key)));
    out.insert("id".into(), Value::from(item.id.as_str()));
    out.extend(item.props.clone());
    out.insert("changeKey".into(), Value::from(item.change_key.as_str()));
    out.insert("parentFolderId".into(), Value::from(item.parent.as_str()));
    Value::Object(out)
}

fn render_folder(item: &Item) -> Value {
    let mut out = Map::new();
    out.insert("id".into(), Value::from(item.id.as_str()));
    out.extend(item.props.clone());
    Value::Object(out)
}

/// The folder a path names (the default one for `/contacts`).
fn folder_id(ctx: &Ctx, params: &HashMap<String, String>) -> Result<String, Response> {
    match params.get("folder") {
        None => Ok(ctx.with_pim(|pim| pim.default_folder_id().to_owned())),
        Some(key) => match ctx.with_pim(|pim| pim.contact_folders.iter().any(|f| f.id == *key)) {
            true => Ok(key.clone()),
            false => Err(ctx.unknown_id(key)),
        },
    }
}

/// The one `$filter` Outlook takes on contacts: `emailAddresses/any(a:a/address eq '…')`.
fn address_filter(text: &str) -> Result<String, Refusal> {
    let invalid = || refusal("ErrorInvalidUrlQueryFilter", "The query filter contains one or more invalid nodes.");
    let inner = text.trim().strip_prefix("emailAddresses/any(").and_then(|rest| rest.strip_suffix(')')).ok_or_else(invalid)?;
    let (variable, condition) = inner.split_once(':').ok_or_else(invalid)?;
    let condition = condition.trim().strip_prefix(&format!("{}/address", variable.trim())).ok_or_else(invalid)?;
    let literal = condition.trim().strip_prefix("eq").ok_or_else(invalid)?.trim();
    let literal = literal.strip_prefix('\'').and_then(|l| l.strip_suffix('\'')).ok_or_else(invalid)?;
    Ok(literal.replace("''", "'"))
}

fn has_address(item: &Item, address: &str) -> bool {
    item.props
        .get("emailAddresses")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .any(|entry| entry["address"].as_str().is_some_and(|a| a.eq_ignore_ascii_case(address)))
}

async fn list_contacts(
    State(state): State<Shared>,
    Path(params): Params,
    uri: Uri,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> Response {
    let ctx = pim_ctx!(state, headers, params, Workload::Contacts, Need::Read);
    let query = match ListQuery::parse(raw.as_deref(), CONTACT_PROPERTIES, CONTACT_TYPE) {
        Ok(query) => query,
        Err(refusal) => return ctx.bad(refusal),
    };
    let address = match query.filter.as_deref().map(address_filter).transpose() {
        Ok(address) => address,
        Err(refusal) => return ctx.bad(refusal),
    };
    let folder = match folder_id(&ctx, &params) {
        Ok(folder) => folder,
        Err(response) => return response,
    };
    let mut items: Vec<Value> = ctx.with_pim(|pim| {
        pim.contacts
            .iter()
            .filter(|c| c.parent == folder)
            .filter(|c| address.as_ref().is_none_or(|a| has_address(c, a)))
            .map(render_contact)
            .collect()
    });
    sort(&mut items, &query.order_by);
    items.iter_mut().for_each(|item| select(item, query.select.as_deref()));
    let context = match params.get("folder") {
        Some(id) => ctx.metadata(&format!("contactFolders('{id}')/contacts")),
        None => ctx.metadata("contacts"),
    };
    let body = page(&ctx, &uri, &query, context, items);
    ctx.reply(StatusCode::OK, body)
}

fn single(ctx: &Ctx, status: StatusCode, body: Option<Value>, id: &str) -> Response {
    match body {
        Some(mut body) => {
            body["@odata.context"] = Value::from(ctx.metadata("contacts/$entity"));
            ctx.reply(status, body)
        }
        None => ctx.unknown_id(id),
    }
}

async fn get_contact(State(state): State<Shared>, Path(params): Params, RawQuery(raw): RawQuery, headers: HeaderMap) -> Response {
    let ctx = pim_ctx!(state, headers, params, Workload::Contacts, Need::Read);
    let query = match ListQuery::parse(raw.as_deref(), CONTACT_PROPERTIES, CONTACT_TYPE) {
        Ok(query) => query,
        Err(refusal) => return ctx.bad(refusal),
    };
    let id = params["contact"].clone();
    let folder = params.get("folder").cloned();
    let body =
        ctx.with_pim(|pim| pim.contacts.iter().find(|c| c.id == id && folder.as_ref().is_none_or(|f| c.parent == *f)).map(render_contact));
    let body = body.map(|mut body| {
        select(&mut body, query.select.as_deref());
        body
    });
    single(&ctx, StatusCode::OK, body, &id)
}

fn check_contact(changes: &Map<String, Value>) -> Result<(), Refusal> {
    for (name, value) in changes.iter().filter(|(name, _)| !name.starts_with('@')) {
        if !CONTACT_PROPERTIES.contains(&name.as_str()) {
            return Err(refusal(
                "RequestBodyRead",
                format!("The property '{name}' does not exist on type '{CONTACT_TYPE}'. Make sure to only use property names that are defined by the type or mark the type as open type."),
            ));
        }
        let valid = match name.as_str() {
            "emailAddresses" => value.as_array().is_some_and(|items| items.iter().all(Value::is_object)),
            "businessPhones" | "homePhones" | "imAddresses" | "categories" | "children" => {
                value.as_array().is_some_and(|items| items.iter().all(Value::is_string))
            }
            "businessAddress" | "homeAddress" | "otherAddress" => match value {
                Value::Null => true,
                Value::Object(parts) => {
                    if let Some(unknown) = parts.keys().find(|part| !ADDRESS_PARTS.contains(&part.as_str())) {
                        return Err(refusal(
                            "RequestBodyRead",
                            format!("The property '{unknown}' does not exist on type 'microsoft.graph.physicalAddress'. Make sure to only use property names that are defined by the type or mark the type as open type."),
                        ));
                    }
                    parts.values().all(|part| part.is_string() || part.is_null())
                }
                _ => false,
            },
            _ => true,
        };
        if !valid {
            return Err(refusal(
                "RequestBodyRead",
                format!("An unexpected '{}' node was found when reading the property '{name}'.", kind_of(value)),
            ));
        }
    }
    Ok(())
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Array(_) => "StartArray",
        Value::Object(_) => "StartObject",
        _ => "PrimitiveValue",
    }
}

/// The changes applied as Outlook keeps them: a display name made of the name's parts
/// when none is given.
fn apply(props: &mut Map<String, Value>, changes: Map<String, Value>, now: &str) {
    let named = changes.contains_key("displayName");
    for (name, value) in changes {
        if name.starts_with('@') || READ_ONLY.contains(&name.as_str()) {
            continue;
        }
        props.insert(name, value);
    }
    if !named {
        let part = |name: &str| props.get(name).and_then(Value::as_str).unwrap_or("").to_owned();
        let composed = [part("givenName"), part("middleName"), part("surname")]
            .iter()
            .filter(|p| !p.is_empty())
            .cloned()
            .collect::<Vec<_>>()
            .join(" ");
        if !composed.is_empty() {
            props.insert("displayName".into(), Value::from(composed));
        }
    }
    props.insert("lastModifiedDateTime".into(), Value::from(now));
}

async fn create_contact(State(state): State<Shared>, Path(params): Params, headers: HeaderMap, body: String) -> Response {
    let ctx = pim_ctx!(state, headers, params, Workload::Contacts, Need::Write);
    let changes = match ctx.object(&body) {
        Ok(changes) => changes,
        Err(response) => return response,
    };
    if let Err(refusal) = check_contact(&changes) {
        return ctx.bad(refusal);
    }
    let folder = match folder_id(&ctx, &params) {
        Ok(folder) => folder,
        Err(response) => return response,
    };
    let now = ctx.now();
    let mut props = Map::new();
    props.insert("createdDateTime".into(), Value::from(now.as_str()));
    props.insert("categories".into(), Value::Array(Vec::new()));
    props.insert("displayName".into(), Value::from(""));
    props.insert("emailAddresses".into(), Value::Array(Vec::new()));
    apply(&mut props, changes, &now);
    let body = ctx.with_pim(|pim| {
        let id = pim.add(Kind::Contact, &folder, props);
        pim.contacts.iter().find(|c| c.id == id).map(render_contact)
    });
    single(&ctx, StatusCode::CREATED, body, "")
}

async fn patch_contact(State(state): State<Shared>, Path(params): Params, headers: HeaderMap, body: String) -> Response {
    let ctx = pim_ctx!(state, headers, params, Workload::Contacts, Need::Write);
    let id = params["contact"].clone();
    let changes = match ctx.object(&body) {
        Ok(changes) => changes,
        Err(response) => return response,
    };
    if let Err(refusal) = check_contact(&changes) {
        return ctx.bad(refusal);
    }
    let now = ctx.now();
    let body = ctx.with_pim(|pim| {
        let contact = pim.contacts.iter_mut().find(|c| c.id == id)?;
        apply(&mut contact.props, changes, &now);
        contact.touch();
        Some(render_contact(contact))
    });
    single(&ctx, StatusCode::OK, body, &id)
}

async fn delete_contact(State(state): State<Shared>, Path(params): Params, headers: HeaderMap) -> Response {
    let ctx = pim_ctx!(state, headers, params, Workload::Contacts, Need::Write);
    let id = params["contact"].clone();
    let removed = ctx.with_pim(|pim| {
        let before = pim.contacts.len();
        pim.contacts.retain(|c| c.id != id);
        pim.contacts.len() != before
    });
    if removed {
        ctx.empty(StatusCode::NO_CONTENT)
    } else {
        ctx.unknown_id(&id)
    }
}

/// The folders under the default one: `/contactFolders` does not list the default itself.
async fn list_folders(
    State(state): State<Shared>,
    Path(params): Params,
    uri: Uri,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> Response {
    let ctx = pim_ctx!(state, headers, params, Workload::Contacts, Need::Read);
    let query = match ListQuery::parse(raw.as_deref(), FOLDER_PROPERTIES, FOLDER_TYPE) {
        Ok(query) => query,
        Err(refusal) => return ctx.bad(refusal),
    };
    let mut items: Vec<Value> = ctx.with_pim(|pim| {
        let root = pim.default_folder_id().to_owned();
        pim.contact_folders.iter().filter(|f| f.text("parentFolderId") == root).map(render_folder).collect()
    });
    sort(&mut items, &query.order_by);
    items.iter_mut().for_each(|item| select(item, query.select.as_deref()));
    let body = page(&ctx, &uri, &query, ctx.metadata("contactFolders"), items);
    ctx.reply(StatusCode::OK, body)
}

async fn get_folder(State(state): State<Shared>, Path(params): Params, headers: HeaderMap) -> Response {
    let ctx = pim_ctx!(state, headers, params, Workload::Contacts, Need::Read);
    let id = params["folder"].clone();
    match ctx.with_pim(|pim| pim.contact_folders.iter().find(|f| f.id == id).map(render_folder)) {
        Some(mut body) => {
            body["@odata.context"] = Value::from(ctx.metadata("contactFolders/$entity"));
            ctx.reply(StatusCode::OK, body)
        }
        None => ctx.unknown_id(&id),
    }
}

/// The name a folder body gives, checked: required, and not one a sibling already has
/// (emulator/FIDELITY.md, "Contact folders").
fn folder_name(ctx: &Ctx, body: &str, parent: &str, renaming: Option<&str>) -> Result<String, Response> {
    let changes = ctx.object(body)?;
    if let Some(name) = changes.keys().find(|name| !name.starts_with('@') && !FOLDER_PROPERTIES.contains(&name.as_str())) {
        return Err(ctx.bad(refusal(
            "RequestBodyRead",
            format!("The property '{name}' does not exist on type '{FOLDER_TYPE}'. Make sure to only use property names that are defined by the type or mark the type as open type."),
        )));
    }
    let name = changes.get("displayName").and_then(Value::as_str).map(str::trim).unwrap_or_default().to_owned();
    if name.is_empty() {
        return Err(ctx.fail(StatusCode::BAD_REQUEST, "ErrorInvalidRequest", "The folder needs a displayName."));
    }
    let taken = ctx.with_pim(|pim| {
        pim.contact_folders.iter().any(|f| {
            f.text("parentFolderId") == parent && Some(f.id.as_str()) != renaming && f.text("displayName").eq_ignore_ascii_case(&name)
        })
    });
    if taken {
        return Err(ctx.fail(StatusCode::CONFLICT, "ErrorFolderExists", "A folder with the specified name already exists."));
    }
    Ok(name)
}

async fn create_folder(State(state): State<Shared>, Path(params): Params, headers: HeaderMap, body: String) -> Response {
    let ctx = pim_ctx!(state, headers, params, Workload::Contacts, Need::Write);
    let root = ctx.with_pim(|pim| pim.default_folder_id().to_owned());
    let name = match folder_name(&ctx, &body, &root, None) {
        Ok(name) => name,
        Err(response) => return response,
    };
    let id = ctx.with_pim(|pim| pim.add(Kind::Folder, "", contact_folder(&name, &root)));
    let mut created = ctx.with_pim(|pim| pim.contact_folders.iter().find(|f| f.id == id).map(render_folder)).unwrap_or_default();
    created["@odata.context"] = Value::from(ctx.metadata("contactFolders/$entity"));
    ctx.reply(StatusCode::CREATED, created)
}

async fn rename_folder(State(state): State<Shared>, Path(params): Params, headers: HeaderMap, body: String) -> Response {
    let ctx = pim_ctx!(state, headers, params, Workload::Contacts, Need::Write);
    let id = params["folder"].clone();
    let Some(parent) = ctx.with_pim(|pim| pim.contact_folders.iter().find(|f| f.id == id).map(|f| f.text("parentFolderId").to_owned()))
    else {
        return ctx.unknown_id(&id);
    };
    let name = match folder_name(&ctx, &body, &parent, Some(&id)) {
        Ok(name) => name,
        Err(response) => return response,
    };
    let renamed = ctx.with_pim(|pim| {
        let folder = pim.contact_folders.iter_mut().find(|f| f.id == id)?;
        folder.props.insert("displayName".into(), Value::from(name));
        folder.touch();
        Some(render_folder(folder))
    });
    match renamed {
        Some(mut body) => {
            body["@odata.context"] = Value::from(ctx.metadata("contactFolders/$entity"));
            ctx.reply(StatusCode::OK, body)
        }
        None => ctx.unknown_id(&id),
    }
}

/// Deletes a folder with the contacts and folders in it; the default one cannot go.
async fn delete_folder(State(state): State<Shared>, Path(params): Params, headers: HeaderMap) -> Response {
    let ctx = pim_ctx!(state, headers, params, Workload::Contacts, Need::Write);
    let id = params["folder"].clone();
    if ctx.with_pim(|pim| pim.default_folder_id() == id) {
        return ctx.fail(StatusCode::BAD_REQUEST, "ErrorDeleteDistinguishedFolder", "Distinguished folders cannot be deleted.");
    }
    let removed = ctx.with_pim(|pim| {
        if !pim.contact_folders.iter().any(|f| f.id == id) {
            return false;
        }
        let mut gone = vec![id.clone()];
        while let Some(folder) = gone.pop() {
            gone.extend(pim.contact_folders.iter().filter(|f| f.text("parentFolderId") == folder).map(|f| f.id.clone()));
            pim.contact_folders.retain(|f| f.id != folder);
            pim.contacts.retain(|c| c.parent != folder);
        }
        true
    });
    if removed {
        ctx.empty(StatusCode::NO_CONTENT)
    } else {
        ctx.unknown_id(&id)
    }
}

async fn contacts_delta(
    State(state): State<Shared>,
    Path(params): Params,
    uri: Uri,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
) -> Response {
    let ctx = pim_ctx!(state, headers, params, Workload::Contacts, Need::Read);
    let query = match ListQuery::parse(raw.as_deref(), CONTACT_PROPERTIES, CONTACT_TYPE) {
        Ok(query) => query,
        Err(refusal) => return ctx.bad(refusal),
    };
    let folder = match folder_id(&ctx, &params) {
        Ok(folder) => folder,
        Err(response) => return response,
    };
    delta(&ctx, &uri, &query, None, CONTACT_TYPE, |_| {
        ctx.with_pim(|pim| {
            pim.contacts
                .iter()
                .filter(|c| c.parent == folder)
                .map(|c| {
                    let mut body = render_contact(c);
                    body["@odata.type"] = Value::from(format!("#{CONTACT_TYPE}"));
                    select(&mut body, query.select.as_deref());
                    Change { id: c.id.clone(), change_key: c.change_key.clone(), body }
                })
                .collect()
        })
    })
}
