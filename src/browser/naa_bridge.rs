//! Outlook's nested app authentication bridge (`window.nestedAppAuthBridge`): JSON strings
//! posted to it, and its answers heard back and matched to their requests. What the
//! strings say is `tern_core::auth::naa`'s business.

use crate::browser::{crypto, get, invoke, office, timer};
use futures::channel::oneshot;
use futures::future::{select, Either};
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use tern_core::auth::naa::{self, Answer, Method, TokenParams};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsValue;

/// How long Tern waits for Outlook: msal-browser waits for ever, and a pane that never
/// hears back would spin for ever. Asking the person (`GetTokenPopup`) may take a while.
const SILENT_WAIT_MS: u64 = 30_000;
const INTERACTIVE_WAIT_MS: u64 = 600_000;

type Waiting = Rc<RefCell<HashMap<String, oneshot::Sender<Answer>>>>;

pub struct Bridge {
    target: JsValue,
    waiting: Waiting,
    _listener: Closure<dyn Fn(JsValue)>,
}

fn call(target: &JsValue, name: &str, arguments: &[&JsValue]) -> Result<(), String> {
    invoke(target, name, arguments).map(drop).map_err(|error| super::js_error_message(&error))
}

impl Bridge {
    /// The bridge, where Outlook offers it: the `NestedAppAuth` 1.1 requirement set, and
    /// the bridge object itself.
    pub fn find() -> Option<Rc<Bridge>> {
        let window = web_sys::window()?;
        let target = get(&window, "nestedAppAuthBridge")?;
        if !office::is_set_supported("NestedAppAuth", "1.1") {
            return None;
        }
        let waiting: Waiting = Rc::default();
        let heard = waiting.clone();
        let listener = Closure::<dyn Fn(JsValue)>::new(move |message: JsValue| {
            // The bridge hands over the JSON itself, or an event carrying it.
            let payload = message.as_string().or_else(|| get(&message, "data").and_then(|data| data.as_string()));
            let Some((request_id, answer)) = payload.as_deref().and_then(naa::parse) else { return };
            if let Some(waiter) = heard.borrow_mut().remove(&request_id) {
                let _ = waiter.send(answer);
            }
        });
        call(&target, "addEventListener", &[&JsValue::from_str("message"), listener.as_ref()]).ok()?;
        Some(Rc::new(Bridge { target, waiting, _listener: listener }))
    }

    /// Sends one request and waits for its answer.
    pub async fn ask(&self, method: Method, params: Option<&TokenParams>) -> Result<Answer, String> {
        let request_id = crypto::random_token()?;
        let (waiter, answer) = oneshot::channel();
        self.waiting.borrow_mut().insert(request_id.clone(), waiter);
        let message = naa::request(method, &request_id, js_sys::Date::now() as u64, params);
        if let Err(problem) = call(&self.target, "postMessage", &[&JsValue::from_str(&message)]) {
            self.waiting.borrow_mut().remove(&request_id);
            return Err(problem);
        }
        let limit = if method == Method::GetTokenPopup { INTERACTIVE_WAIT_MS } else { SILENT_WAIT_MS };
        let timeout = Box::pin(timer::sleep(limit));
        match select(answer, timeout).await {
            Either::Left((Ok(answer), _)) => Ok(answer),
            Either::Left((Err(_), _)) | Either::Right(_) => {
                self.waiting.borrow_mut().remove(&request_id);
                Err(format!("Outlook did not answer within {} seconds", limit / 1000))
            }
        }
    }
}
