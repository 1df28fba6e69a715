//! To Do: task lists and their tasks (list, get, create, PATCH, DELETE, delta) under
//! `/me/todo` and `/users/{id|userPrincipalName}/todo`.

use super::pim::{delta, page, pim_ctx, refusal, select, sort, Change, Ctx, ListQuery, Need, Params, Refusal, Workload};
use super::pim_store::{object, task_list, Item, Kind, PimBox};
use super::preflight;
use crate::identity::random;
use crate::Shared;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use serde_json::{json, Map, Value};
use std::collections::HashMap;

const LIST_TYPE: &str = "microsoft.graph.todoTaskList";
const TASK_TYPE: &str = "microsoft.graph.todoTask";
const LIST_PROPERTIES: &[&str] = &["id", "displayName", "isOwner", "isShared", "wellknownListName"];
/// `todoTask`'s structural properties, and the navigation ones a create may carry.
const TASK_PROPERTIES: &[&str] = &[
    "id",
    "body",
    "bodyLastModifiedDateTime",
    "categories",
    "completedDateTime",
    "createdDateTime",
    "dueDateTime",
    "hasAttachments",
    "importance",
    "isReminderOn",
    "lastModifiedDateTime",
    "recurrence",
    "reminderDateTime",
    "startDateTime",
    "status",
    "title",
    "linkedResources",
    "checklistItems",
];
const STATUSES: &[&str] = &["notStarted", "inProgress", "completed", "waitingOnOthers", "deferred"];
const IMPORTANCES: &[&str] = &["low", "normal", "high"];
const READ_ONLY: &[&str] = &["id", "createdDateTime", "lastModifiedDateTime", "bodyLastModifiedDateTime", "hasAttachments"];

pub fn routes() -> Router<Shared> {
    let mut router = Router::new();
    for prefix in ["/v1.0/me/todo", "/v1.0/users/{user}/todo"] {
        router = router
            .route(&format!("{prefix}/lists"), get(list_lists).post(create_list).options(preflight))
            .route(&format!("{prefix}/lists/delta"), get(lists_delta).options(preflight))
            .route(&format!("{prefix}/lists/{{list}}"), get(get_list).patch(patch_list).delete(delete_list).options(preflight))
            .route(&format!("{prefix}/lists/{{list}}/tasks"), get(list_tasks).post(create_task).options(preflight))
            .route(&format!("{prefix}/lists/{{list}}/tasks/delta"), get(tasks_delta).options(preflight))
            .route(
                &format!("{prefix}/lists/{{list}}/tasks/{{task}}"),
                get(get_task).patch(patch_task).delete(delete_task).options(preflight),
            )
            .route(&format!("{prefix}/lists/{{list}}/tasks/{{task}}/checklistItems"), get(list_steps).post(create_step).options(preflight))
            .route(
                &format!("{prefix}/lists/{{list}}/tasks/{{task}}/checklistItems/{{step}}"),
                get(get_step).patch(patch_step).delete(delete_step).options(preflight),
            );
    }
    router
}

fn render(item: &Item) -> Value {
    let mut out = Map::new();
    out.insert("@odata.etag".into(), Value::from(format!("W/\"{}\"", item.change_key)));
    out.extend(item.props.clone());
    out.insert("id".into(), Value::from(item.id.as_str()));
    Value::Object(out)
}

/// The list a path names, or the answer for one that names none.
fn list_id(ctx: &Ctx, params: &HashMap<String, String>) -> Result<String, Response> {
    let key = params.get("list").cloned().unwrap_or_default();
    match ctx.with_pim(|pim| pim.lists.iter().any(|l| l.id == key)) {
        true => Ok(key),
        false => Err(ctx.unknown_id(&key)),
    }
}

fn entity(ctx: &Ctx, status: StatusCode, body: Option<Value>, context: &str, id: &str) -> Response {
    match body {
        Some(mut body) => {
            body["@odata.context"] = Value::from(ctx.metadata(context));
            ctx.reply(status, body)
        }
        None => ctx.unknown_id(id),
    }
}

async fn list_lists(State(state): State<Shared>, Path(params): Params, uri: Uri, RawQuery(raw): RawQuery, headers: HeaderMap) -> Response {
    let ctx = pim_ctx!(state, headers, params, Workload::Tasks, Need::Read);
    let query = match ListQuery::parse(raw.as_deref(), LIST_PROPERTIES, LIST_TYPE) {
        Ok(query) => query,
        Err(refusal) => return ctx.bad(refusal),
    };
    let mut items: Vec<Value> = ctx.with_pim(|pim| pim.lists.iter().map(render).collect());
    sort(&mut items, &query.order_by);
    items.iter_mut().for_each(|item| select(item, query.select.as_deref()));
    let body = page(&ctx, &uri, &query, ctx.metadata("todo/lists"), items);
    ctx.reply(StatusCode::OK, body)
}

async fn get_list(State(state): State<Shared>, Path(params): Params, headers: HeaderMap) -> Response {
    let ctx = pim_ctx!(state, headers, params, Workload::Tasks, Need::Read);
    let id = params["list"].clone();
    let body = ctx.with_pim(|pim| pim.lists.iter().find(|l| l.id == id).map(render));
    entity(&ctx, StatusCode::OK, body, "todo/lists/$entity", &id)
}

fn bad_literal(value: &Value, type_name: &str) -> Refusal {
    let literal = value.as_str().map(str::to_owned).unwrap_or_else(|| value.to_string());
    refusal("RequestBodyRead", format!("Cannot convert the literal '{literal}' to the expected type '{type_name}'."))
}

fn unknown_property(name: &str, type_name: &str) -> Refusal {
    refusal(
        "RequestBodyRead",
        format!("The property '{name}' does not exist on type '{type_name}'. Make sure to only use property names that are defined by the type or mark the type as open type."),
    )
}

fn check_list(changes: &Map<String, Value>) -> Result<(), Refusal> {
    for (name, value) in changes.iter().filter(|(name, _)| !name.starts_with('@')) {
        if !LIST_PROPERTIES.contains(&name.as_str()) {
            return Err(unknown_property(name, LIST_TYPE));
        }
        if name == "wellknownListName" && !matches!(value.as_str(), Some("none" | "defaultList" | "flaggedEmails" | "unknownFutureValue")) {
            return Err(bad_literal(value, "microsoft.graph.wellknownListName"));
        }
    }
    Ok(())
}

async fn create_list(State(state): State<Shared>, Path(params): Params, headers: HeaderMap, body: String) -> Response {
    let ctx = pim_ctx!(state, headers, params, Workload::Tasks, Need::Write);
    let changes = match ctx.object(&body) {
        Ok(changes) => changes,
        Err(response) => return response,
    };
    if let Err(refusal) = check_list(&changes) {
        return ctx.bad(refusal);
    }
    let name = changes.get("displayName").and_then(Value::as_str).unwrap_or_default().to_owned();
    let body = ctx.with_pim(|pim| {
        let id = pim.add(Kind::List, "", task_list(&name, "none"));
        pim.lists.iter().find(|l| l.id == id).map(render)
    });
    entity(&ctx, StatusCode::CREATED, body, "todo/lists/$entity", "")
}

async fn patch_list(State(state): State<Shared>, Path(params): Params, headers: HeaderMap, body: String) -> Response {
    let ctx = pim_ctx!(state, headers, params, Workload::Tasks, Need::Write);
    let id = params["list"].clone();
    let changes = match ctx.object(&body) {
        Ok(changes) => changes,
        Err(response) => return response,
    };
    if let Err(refusal) = check_list(&changes) {
        return ctx.bad(refusal);
    }
    let body = ctx.with_pim(|pim| {
        let list = pim.lists.iter_mut().find(|l| l.id == id)?;
        if let Some(name) = changes.get("displayName") {
            list.props.insert("displayName".into(), name.clone());
        }
        list.touch();
        Some(render(list))
    });
    entity(&ctx, StatusCode::OK, body, "todo/lists/$entity", &id)
}

async fn delete_list(State(state): State<Shared>, Path(params): Params, headers: HeaderMap) -> Response {
    let ctx = pim_ctx!(state, headers, params, Workload::Tasks, Need::Write);
    let id = params["list"].clone();
    let removed = ctx.with_pim(|pim| {
        let before = pim.lists.len();
        pim.lists.retain(|l| l.id != id);
        pim.tasks.retain(|t| t.parent != id);
        pim.lists.len() != before
    });
    if removed {
        ctx.empty(StatusCode::NO_CONTENT)
    } else {
        ctx.unknown_id(&id)
    }
}

/// `$filter` on tasks: `status`, `importance` or `title` compared with `eq` / `ne`, the
/// clauses joined by `and`, e.g. `status ne 'completed'`.
fn task_filter(text: &str) -> Result<Vec<(String, bool, String)>, Refusal> {
    let invalid = || refusal("ErrorInvalidUrlQueryFilter", "The query filter contains one or more invalid nodes.");
    text.split(" and ")
        .map(|clause| {
            let mut words = clause.trim().splitn(3, ' ');
            let (Some(path), Some(op), Some(literal)) = (words.next(), words.next(), words.next()) else { return Err(invalid()) };
            if !matches!(path, "status" | "importance" | "title") {
                return Err(invalid());
            }
            let equal = match op.to_ascii_lowercase().as_str() {
                "eq" => true,
                "ne" => false,
                _ => return Err(invalid()),
            };
            let literal = literal.trim().strip_prefix('\'').and_then(|l| l.strip_suffix('\'')).ok_or_else(invalid)?;
            Ok((path.to_owned(), equal, literal.replace("''", "'")))
        })
        .collect()
}

async fn list_tasks(State(state): State<Shared>, Path(params): Params, uri: Uri, RawQuery(raw): RawQuery, headers: HeaderMap) -> Response {
    let ctx = pim_ctx!(state, headers, params, Workload::Tasks, Need::Read);
    let query = match ListQuery::parse(raw.as_deref(), TASK_PROPERTIES, TASK_TYPE) {
        Ok(query) => query,
        Err(refusal) => return ctx.bad(refusal),
    };
    let filter = match query.filter.as_deref().map(task_filter).transpose() {
        Ok(filter) => filter.unwrap_or_default(),
        Err(refusal) => return ctx.bad(refusal),
    };
    let list = match list_id(&ctx, &params) {
        Ok(list) => list,
        Err(response) => return response,
    };
    let mut items: Vec<Value> = ctx.with_pim(|pim| {
        pim.tasks
            .iter()
            .filter(|t| t.parent == list)
            .filter(|t| filter.iter().all(|(path, equal, literal)| (t.text(path) == literal) == *equal))
            .map(render)
            .collect()
    });
    sort(&mut items, &query.order_by);
    items.iter_mut().for_each(|item| select(item, query.select.as_deref()));
    let body = page(&ctx, &uri, &query, ctx.metadata(&format!("todo/lists('{list}')/tasks")), items);
    ctx.reply(StatusCode::OK, body)
}

fn find_task(pim: &PimBox, list: &str, id: &str) -> Option<Value> {
    pim.tasks.iter().find(|t| t.id == id && t.parent == list).map(render)
}

async fn get_task(State(state): State<Shared>, Path(params): Params, headers: HeaderMap) -> Response {
    let ctx = pim_ctx!(state, headers, params, Workload::Tasks, Need::Read);
    let list = match list_id(&ctx, &params) {
        Ok(list) => list,
        Err(response) => return response,
    };
    let id = params["task"].clone();
    let body = ctx.with_pim(|pim| find_task(pim, &list, &id));
    entity(&ctx, StatusCode::OK, body, &format!("todo/lists('{list}')/tasks/$entity"), &id)
}

fn is_date_time_time_zone(value: &Value) -> bool {
    value.is_null() || (value["dateTime"].is_string() && value.get("timeZone").is_none_or(Value::is_string))
}

fn check_task(changes: &Map<String, Value>) -> Result<(), Refusal> {
    for (name, value) in changes.iter().filter(|(name, _)| !name.starts_with('@')) {
        if !TASK_PROPERTIES.contains(&name.as_str()) {
            return Err(unknown_property(name, TASK_TYPE));
        }
        match name.as_str() {
            "status" if !value.as_str().is_some_and(|v| STATUSES.contains(&v)) => {
                return Err(bad_literal(value, "microsoft.graph.taskStatus"))
            }
            "importance" if !value.as_str().is_some_and(|v| IMPORTANCES.contains(&v)) => {
                return Err(bad_literal(value, "microsoft.graph.importance"))
            }
            "dueDateTime" | "startDateTime" | "reminderDateTime" | "completedDateTime" if !is_date_time_time_zone(value) => {
                return Err(bad_literal(value, "microsoft.graph.dateTimeTimeZone"))
            }
            "title" if !value.is_string() => return Err(bad_literal(value, "Edm.String")),
            _ => {}
        }
    }
    Ok(())
}

/// The changes applied as To Do keeps them: completing a task stamps when, reopening it
/// clears the stamp.
fn apply(props: &mut Map<String, Value>, changes: Map<String, Value>, now: &str) {
    let was_completed = props.get("status").and_then(Value::as_str) == Some("completed");
    for (name, value) in changes {
        if name.starts_with('@') || READ_ONLY.contains(&name.as_str()) {
            continue;
        }
        if name == "body" {
            props.insert("bodyLastModifiedDateTime".into(), Value::from(now));
        }
        props.insert(name, value);
    }
    let completed = props.get("status").and_then(Value::as_str) == Some("completed");
    if completed && !was_completed && props.get("completedDateTime").is_none_or(Value::is_null) {
        let stamp = format!("{}.0000000", now.trim_end_matches('Z'));
        props.insert("completedDateTime".into(), json!({"dateTime": stamp, "timeZone": "UTC"}));
    }
    if !completed {
        props.remove("completedDateTime");
    }
    props.insert("lastModifiedDateTime".into(), Value::from(now));
}

/// A task's new properties, checked, and the list it belongs to.
fn task_changes(ctx: &Ctx, params: &HashMap<String, String>, body: &str) -> Result<(Map<String, Value>, String), Response> {
    let changes = ctx.object(body)?;
    check_task(&changes).map_err(|refusal| ctx.bad(refusal))?;
    Ok((changes, list_id(ctx, params)?))
}

async fn create_task(State(state): State<Shared>, Path(params): Params, headers: HeaderMap, body: String) -> Response {
    let ctx = pim_ctx!(state, headers, params, Workload::Tasks, Need::Write);
    let (changes, list) = match task_changes(&ctx, &params, &body) {
        Ok(found) => found,
        Err(response) => return response,
    };
    let now = ctx.now();
    let mut props = object(json!({
        "importance": "normal",
        "isReminderOn": false,
        "status": "notStarted",
        "title": "",
        "createdDateTime": now,
        "hasAttachments": false,
        "categories": [],
        "body": {"content": "", "contentType": "text"},
    }));
    apply(&mut props, changes, &now);
    let body = ctx.with_pim(|pim| {
        let id = pim.add(Kind::Task, &list, props);
        find_task(pim, &list, &id)
    });
    entity(&ctx, StatusCode::CREATED, body, &format!("todo/lists('{list}')/tasks/$entity"), "")
}

async fn patch_task(State(state): State<Shared>, Path(params): Params, headers: HeaderMap, body: String) -> Response {
    let ctx = pim_ctx!(state, headers, params, Workload::Tasks, Need::Write);
    let (changes, list) = match task_changes(&ctx, &params, &body) {
        Ok(found) => found,
        Err(response) => return response,
    };
    let id = params["task"].clone();
    let now = ctx.now();
    let body = ctx.with_pim(|pim| {
        let task = pim.tasks.iter_mut().find(|t| t.id == id && t.parent == list)?;
        apply(&mut task.props, changes, &now);
        task.touch();
        Some(render(task))
    });
    entity(&ctx, StatusCode::OK, body, &format!("todo/lists('{list}')/tasks/$entity"), &id)
}

async fn delete_task(State(state): State<Shared>, Path(params): Params, headers: HeaderMap) -> Response {
    let ctx = pim_ctx!(state, headers, params, Workload::Tasks, Need::Write);
    let list = match list_id(&ctx, &params) {
        Ok(list) => list,
        Err(response) => return response,
    };
    let id = params["task"].clone();
    let removed = ctx.with_pim(|pim| {
        let before = pim.tasks.len();
        pim.tasks.retain(|t| !(t.id == id && t.parent == list));
        pim.steps.retain(|s| s.parent != id);
        pim.tasks.len() != before
    });
    if removed {
        ctx.empty(StatusCode::NO_CONTENT)
    } else {
        ctx.unknown_id(&id)
    }
}

fn changes_of<'a>(items: impl Iterator<Item = &'a Item>, type_name: &str) -> Vec<Change> {
    items
        .map(|item| {
            let mut body = render(item);
            body["@odata.type"] = Value::from(format!("#{type_name}"));
            Change { id: item.id.clone(), change_key: item.change_key.clone(), body }
        })
        .collect()
}

async fn lists_delta(State(state): State<Shared>, Path(params): Params, uri: Uri, RawQuery(raw): RawQuery, headers: HeaderMap) -> Response {
    let ctx = pim_ctx!(state, headers, params, Workload::Tasks, Need::Read);
    let query = match ListQuery::parse(raw.as_deref(), LIST_PROPERTIES, LIST_TYPE) {
        Ok(query) => query,
        Err(refusal) => return ctx.bad(refusal),
    };
    delta(&ctx, &uri, &query, None, LIST_TYPE, |_| ctx.with_pim(|pim| changes_of(pim.lists.iter(), LIST_TYPE)))
}

async fn tasks_delta(State(state): State<Shared>, Path(params): Params, uri: Uri, RawQuery(raw): RawQuery, headers: HeaderMap) -> Response {
    let ctx = pim_ctx!(state, headers, params, Workload::Tasks, Need::Read);
    let query = match ListQuery::parse(raw.as_deref(), TASK_PROPERTIES, TASK_TYPE) {
        Ok(query) => query,
        Err(refusal) => return ctx.bad(refusal),
    };
    let list = match list_id(&ctx, &params) {
        Ok(list) => list,
        Err(response) => return response,
    };
    delta(&ctx, &uri, &query, None, TASK_TYPE, |_| ctx.with_pim(|pim| changes_of(pim.tasks.iter().filter(|t| t.parent == list), TASK_TYPE)))
}

// ---------------------------------------------------------------------------------------
// Steps: a task's `checklistItems` ({id, displayName, isChecked, createdDateTime,
// checkedDateTime}), reached through the task (emulator/FIDELITY.md, "To Do").

const STEP_TYPE: &str = "microsoft.graph.checklistItem";
const STEP_PROPERTIES: &[&str] = &["id", "displayName", "isChecked", "createdDateTime", "checkedDateTime"];

/// A step id is a GUID, not an Exchange id: one that is not there is simply not found.
fn no_step(ctx: &Ctx) -> Response {
    ctx.fail(StatusCode::NOT_FOUND, "ErrorItemNotFound", "The specified object was not found in the store.")
}

fn render_step(step: &Item) -> Value {
    let mut out = step.props.clone();
    out.insert("id".into(), Value::from(step.id.as_str()));
    Value::Object(out)
}

/// The task a path names (in its list), or the answer for one that names none.
fn task_of(ctx: &Ctx, params: &HashMap<String, String>) -> Result<(String, String), Response> {
    let list = list_id(ctx, params)?;
    let task = params.get("task").cloned().unwrap_or_default();
    match ctx.with_pim(|pim| pim.tasks.iter().any(|t| t.id == task && t.parent == list)) {
        true => Ok((list, task)),
        false => Err(ctx.unknown_id(&task)),
    }
}

fn check_step(changes: &Map<String, Value>, creating: bool) -> Result<(), Refusal> {
    for (name, value) in changes.iter().filter(|(name, _)| !name.starts_with('@')) {
        if !STEP_PROPERTIES.contains(&name.as_str()) {
            return Err(unknown_property(name, STEP_TYPE));
        }
        match name.as_str() {
            "displayName" if !value.is_string() => return Err(bad_literal(value, "Edm.String")),
            "isChecked" if !value.is_boolean() => return Err(bad_literal(value, "Edm.Boolean")),
            _ => {}
        }
    }
    if creating && changes.get("displayName").and_then(Value::as_str).is_none_or(|name| name.trim().is_empty()) {
        return Err(refusal("invalidRequest", "The displayName of a checklist item is required."));
    }
    Ok(())
}

/// Ticking a step stamps when; unticking clears the stamp.
fn apply_step(props: &mut Map<String, Value>, changes: Map<String, Value>, now: &str) {
    for (name, value) in changes {
        if matches!(name.as_str(), "displayName" | "isChecked") {
            props.insert(name, value);
        }
    }
    if props.get("isChecked").and_then(Value::as_bool) == Some(true) {
        if props.get("checkedDateTime").is_none_or(Value::is_null) {
            props.insert("checkedDateTime".into(), Value::from(now));
        }
    } else {
        props.remove("checkedDateTime");
    }
}

async fn list_steps(State(state): State<Shared>, Path(params): Params, headers: HeaderMap) -> Response {
    let ctx = pim_ctx!(state, headers, params, Workload::Tasks, Need::Read);
    let (list, task) = match task_of(&ctx, &params) {
        Ok(found) => found,
        Err(response) => return response,
    };
    let steps: Vec<Value> = ctx.with_pim(|pim| pim.steps.iter().filter(|s| s.parent == task).map(render_step).collect());
    let context = ctx.metadata(&format!("todo/lists('{list}')/tasks('{task}')/checklistItems"));
    ctx.reply(StatusCode::OK, json!({"@odata.context": context, "value": steps}))
}

async fn get_step(State(state): State<Shared>, Path(params): Params, headers: HeaderMap) -> Response {
    let ctx = pim_ctx!(state, headers, params, Workload::Tasks, Need::Read);
    let (list, task) = match task_of(&ctx, &params) {
        Ok(found) => found,
        Err(response) => return response,
    };
    let id = params.get("step").cloned().unwrap_or_default();
    let Some(body) = ctx.with_pim(|pim| pim.steps.iter().find(|s| s.id == id && s.parent == task).map(render_step)) else {
        return no_step(&ctx);
    };
    step_entity(&ctx, StatusCode::OK, body, &list, &task, &id)
}

/// The task a step change is for and the change, checked; or the answer refusing it.
fn step_change(
    ctx: &Ctx,
    params: &HashMap<String, String>,
    body: &str,
    creating: bool,
) -> Result<(String, String, Map<String, Value>), Response> {
    let (list, task) = task_of(ctx, params)?;
    let changes = ctx.object(body)?;
    check_step(&changes, creating).map_err(|refusal| ctx.bad(refusal))?;
    Ok((list, task, changes))
}

fn step_entity(ctx: &Ctx, status: StatusCode, body: Value, list: &str, task: &str, id: &str) -> Response {
    entity(ctx, status, Some(body), &format!("todo/lists('{list}')/tasks('{task}')/checklistItems/$entity"), id)
}

async fn create_step(State(state): State<Shared>, Path(params): Params, headers: HeaderMap, body: String) -> Response {
    let ctx = pim_ctx!(state, headers, params, Workload::Tasks, Need::Write);
    let (list, task, changes) = match step_change(&ctx, &params, &body, true) {
        Ok(found) => found,
        Err(response) => return response,
    };
    let now = ctx.now();
    let mut props = object(json!({"displayName": "", "isChecked": false, "createdDateTime": now}));
    apply_step(&mut props, changes, &now);
    let step = Item { id: random::guid(), parent: task.clone(), change_key: String::new(), props };
    let body = render_step(&step);
    ctx.with_pim(|pim| pim.steps.push(step));
    step_entity(&ctx, StatusCode::CREATED, body, &list, &task, "")
}

async fn patch_step(State(state): State<Shared>, Path(params): Params, headers: HeaderMap, body: String) -> Response {
    let ctx = pim_ctx!(state, headers, params, Workload::Tasks, Need::Write);
    let (list, task, changes) = match step_change(&ctx, &params, &body, false) {
        Ok(found) => found,
        Err(response) => return response,
    };
    let id = params.get("step").cloned().unwrap_or_default();
    let now = ctx.now();
    let Some(body) = ctx.with_pim(|pim| {
        let step = pim.steps.iter_mut().find(|s| s.id == id && s.parent == task)?;
        apply_step(&mut step.props, changes, &now);
        Some(render_step(step))
    }) else {
        return no_step(&ctx);
    };
    step_entity(&ctx, StatusCode::OK, body, &list, &task, &id)
}

async fn delete_step(State(state): State<Shared>, Path(params): Params, headers: HeaderMap) -> Response {
    let ctx = pim_ctx!(state, headers, params, Workload::Tasks, Need::Write);
    let (_, task) = match task_of(&ctx, &params) {
        Ok(found) => found,
        Err(response) => return response,
    };
    let id = params.get("step").cloned().unwrap_or_default();
    let removed = ctx.with_pim(|pim| {
        let before = pim.steps.len();
        pim.steps.retain(|s| !(s.id == id && s.parent == task));
        pim.steps.len() != before
    });
    if removed {
        ctx.empty(StatusCode::NO_CONTENT)
    } else {
        no_step(&ctx)
    }
}
