//! Office.js, on the Outlook add-in's pane (`addin.html`, written by
//! `scripts/finish-pages.mjs`): whether this page is the pane, and where it runs.

use super::{get, invoke};
use futures::channel::oneshot;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Where Office says the pane runs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OfficeHost {
    /// Office.js did not load: blocked, offline, or a page served without it.
    Missing,
    /// Office.js loaded, but no Office application opened the page.
    Outside,
    /// In an Office application.
    Inside,
}

/// Whether this page is the add-in's pane rather than Tern's own page.
pub fn is_addin_page() -> bool {
    let root = web_sys::window().and_then(|window| window.document()).and_then(|document| document.document_element());
    root.and_then(|root| root.get_attribute("data-tern-page")).as_deref() == Some("addin")
}

/// Whether the Office host supports a requirement set, at least at `version`. Outside
/// Office there is no `Office.context` to ask.
pub fn is_set_supported(name: &str, version: &str) -> bool {
    let Some(requirements) = office_part(&["context", "requirements"]) else { return false };
    invoke(&requirements, "isSetSupported", &[&JsValue::from_str(name), &JsValue::from_str(version)]).is_ok_and(|answer| answer.is_truthy())
}

/// Waits for `Office.onReady`, which resolves once Office.js has met its host, or with no
/// host outside Office.
pub async fn ready() -> OfficeHost {
    let Some(office) = office_part(&[]) else { return OfficeHost::Missing };
    let Ok(promise) = invoke(&office, "onReady", &[]).and_then(|value| value.dyn_into::<js_sys::Promise>()) else {
        return OfficeHost::Missing;
    };
    let Ok(info) = JsFuture::from(promise).await else { return OfficeHost::Missing };
    if get(&info, "host").is_some() {
        OfficeHost::Inside
    } else {
        OfficeHost::Outside
    }
}

/// The origins of the pages around this one, innermost first; `None` where the browser
/// does not tell (Firefox).
pub fn ancestor_origins() -> Option<Vec<String>> {
    let window = web_sys::window()?;
    let list = get(&window.location(), "ancestorOrigins")?;
    let length = get(&list, "length")?.as_f64()? as u32;
    Some((0..length).filter_map(|index| invoke(&list, "item", &[&JsValue::from(index)]).ok()?.as_string()).collect())
}

/// What the sign-in dialog sent, and from which origin (where Office says: clients without
/// the DialogOrigin 1.1 requirement set do not).
pub struct DialogMessage {
    pub message: String,
    pub origin: Option<String>,
}

fn office_part(path: &[&str]) -> Option<JsValue> {
    let mut value: JsValue = web_sys::window()?.into();
    for name in ["Office"].iter().chain(path) {
        value = get(&value, name)?;
    }
    Some(value)
}

/// Opens `url` in Office's dialog and waits for its first message, or for the Office error
/// code that ends it (12006: the person closed it). The dialog is closed either way.
pub async fn dialog_message(url: &str) -> Result<DialogMessage, i64> {
    const NO_DIALOG: i64 = 0;
    let (Some(ui), Some(events)) = (office_part(&["context", "ui"]), office_part(&["EventType"])) else { return Err(NO_DIALOG) };
    let (sender, receiver) = oneshot::channel::<Result<DialogMessage, i64>>();
    let sender = Rc::new(RefCell::new(Some(sender)));
    let finish = move |result| {
        if let Some(sender) = sender.borrow_mut().take() {
            let _ = sender.send(result);
        }
    };
    let dialog: Rc<RefCell<Option<JsValue>>> = Rc::default();
    let on_message = Closure::<dyn Fn(JsValue)>::new({
        let finish = finish.clone();
        move |arg: JsValue| {
            let message = get(&arg, "message").and_then(|value| value.as_string()).unwrap_or_default();
            finish(Ok(DialogMessage { message, origin: get(&arg, "origin").and_then(|value| value.as_string()) }));
        }
    });
    let on_event = Closure::<dyn Fn(JsValue)>::new({
        let finish = finish.clone();
        move |arg: JsValue| finish(Err(get(&arg, "error").and_then(|code| code.as_f64()).map_or(NO_DIALOG, |code| code as i64)))
    });
    let on_opened = Closure::<dyn Fn(JsValue)>::new({
        let (dialog, message_handler, event_handler) = (dialog.clone(), on_message.as_ref().clone(), on_event.as_ref().clone());
        let (message_type, event_type) = (get(&events, "DialogMessageReceived"), get(&events, "DialogEventReceived"));
        move |result: JsValue| {
            let opened = get(&result, "value").filter(|_| get(&result, "status").and_then(|s| s.as_string()).as_deref() != Some("failed"));
            let Some(opened) = opened else {
                let code = get(&result, "error").and_then(|error| get(&error, "code")).and_then(|code| code.as_f64());
                return finish(Err(code.map_or(NO_DIALOG, |code| code as i64)));
            };
            for (kind, handler) in [(&message_type, &message_handler), (&event_type, &event_handler)] {
                if let Some(kind) = kind {
                    let _ = invoke(&opened, "addEventHandler", &[kind, handler]);
                }
            }
            *dialog.borrow_mut() = Some(opened);
        }
    });
    let options = js_sys::Object::new();
    for (name, percent) in [("height", 60.0), ("width", 30.0)] {
        let _ = js_sys::Reflect::set(&options, &JsValue::from_str(name), &JsValue::from_f64(percent));
    }
    if invoke(&ui, "displayDialogAsync", &[&JsValue::from_str(url), &options, on_opened.as_ref()]).is_err() {
        return Err(NO_DIALOG);
    }
    let result = receiver.await.unwrap_or(Err(NO_DIALOG));
    if let Some(opened) = dialog.borrow_mut().take() {
        let _ = invoke(&opened, "close", &[]);
    }
    drop((on_message, on_event, on_opened));
    result
}

/// From inside the dialog: sends `message` to the pane that opened it.
pub fn message_parent(message: &str) -> Result<(), String> {
    let ui = office_part(&["context", "ui"]).ok_or("Office.js is not ready")?;
    invoke(&ui, "messageParent", &[&JsValue::from_str(message)]).map(drop).map_err(|error| super::js_error_message(&error))
}

/// The message Outlook has open beside the pane, as Graph can find it: its id in REST form
/// (`convertToRestId`; Outlook on iOS and Android already gives that form). `None` with no
/// item, or an item that is not a message in read mode (a draft has no id yet).
pub fn open_message_rest_id() -> Option<String> {
    let mailbox = office_part(&["context", "mailbox"])?;
    let item = get(&mailbox, "item")?;
    if get(&item, "itemType").and_then(|kind| kind.as_string()).as_deref() != Some("message") {
        return None;
    }
    let id = get(&item, "itemId")?.as_string()?;
    let host = get(&mailbox, "diagnostics").and_then(|diagnostics| get(&diagnostics, "hostName")).and_then(|name| name.as_string());
    if matches!(host.as_deref(), Some("OutlookIOS" | "OutlookAndroid")) {
        return Some(id);
    }
    let version =
        office_part(&["MailboxEnums", "RestVersion"]).and_then(|versions| get(&versions, "v2_0")).unwrap_or(JsValue::from_str("v2.0"));
    invoke(&mailbox, "convertToRestId", &[&JsValue::from_str(&id), &version]).ok()?.as_string()
}

/// Calls `changed` whenever the person opens another item while the pane is pinned. The
/// handler lives as long as the page.
pub fn on_item_changed(changed: impl Fn() + 'static) {
    let (Some(mailbox), Some(kind)) = (office_part(&["context", "mailbox"]), office_part(&["EventType", "ItemChanged"])) else { return };
    let handler = Closure::<dyn Fn(JsValue)>::new(move |_| changed());
    let _ = invoke(&mailbox, "addHandlerAsync", &[&kind, handler.as_ref()]);
    handler.forget();
}

/// Whether the open item is a message being written: its recipients can be added to.
pub fn is_composing() -> bool {
    let to = office_part(&["context", "mailbox", "item", "to"]);
    to.and_then(|to| get(&to, "addAsync")).is_some_and(|add| add.is_function())
}

/// Calls an Office method that reports through a callback's `asyncResult`, and waits for it.
async fn office_async(target: &JsValue, name: &str, arguments: &[&JsValue]) -> Result<(), String> {
    let (sender, receiver) = oneshot::channel::<Result<(), String>>();
    let sender = RefCell::new(Some(sender));
    let callback = Closure::<dyn Fn(JsValue)>::new(move |result: JsValue| {
        let outcome = if get(&result, "status").and_then(|status| status.as_string()).as_deref() == Some("failed") {
            let error = get(&result, "error");
            Err(error
                .and_then(|error| get(&error, "message"))
                .and_then(|message| message.as_string())
                .unwrap_or_else(|| "Outlook refused".into()))
        } else {
            Ok(())
        };
        if let Some(sender) = sender.borrow_mut().take() {
            let _ = sender.send(outcome);
        }
    });
    let mut all: Vec<&JsValue> = arguments.to_vec();
    all.push(callback.as_ref());
    invoke(target, name, &all).map_err(|error| super::js_error_message(&error))?;
    let outcome = receiver.await.unwrap_or(Err("Outlook did not answer".into()));
    drop(callback);
    outcome
}

/// Adds a person to the message being written: `field` is `to` or `cc`.
pub async fn add_recipient(field: &str, name: &str, address: &str) -> Result<(), String> {
    let recipients = office_part(&["context", "mailbox", "item", field]).ok_or("no message is being written")?;
    let person = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&person, &JsValue::from_str("displayName"), &JsValue::from_str(name));
    let _ = js_sys::Reflect::set(&person, &JsValue::from_str("emailAddress"), &JsValue::from_str(address));
    let people: js_sys::Array = std::iter::once(JsValue::from(person)).collect();
    office_async(&recipients, "addAsync", &[&people]).await
}

/// Puts `text` into the message being written, where its cursor is (at the top if the body
/// never had focus).
pub async fn insert_into_body(text: &str) -> Result<(), String> {
    let body = office_part(&["context", "mailbox", "item", "body"]).ok_or("no message is being written")?;
    let options = js_sys::Object::new();
    let coercion = office_part(&["CoercionType", "Text"]).unwrap_or(JsValue::from_str("text"));
    let _ = js_sys::Reflect::set(&options, &JsValue::from_str("coercionType"), &coercion);
    office_async(&body, "setSelectedDataAsync", &[&JsValue::from_str(text), &options]).await
}
