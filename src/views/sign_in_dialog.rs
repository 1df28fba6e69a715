//! The add-in's sign-in dialog (`addin.html?sign-in-dialog`, opened by Office for the
//! pane): it signs in by the usual redirect and hands the result to the pane.

use crate::browser::{config_loader, office};
use crate::services::auth::{sign_in_in_dialog, Arrival};
use crate::text;
use leptos::prelude::*;
use leptos::task::spawn_local;
use tern_core::addin::DialogReply;

#[component]
pub fn SignInDialog(arrival: Option<Arrival>) -> impl IntoView {
    let failed = RwSignal::new(None::<String>);
    spawn_local(async move {
        let reply = match config_loader::load().await {
            Err(error) => DialogReply::Failed { title: error.title().to_owned(), explanation: error.to_string(), action: String::new() },
            Ok(config) => match sign_in_in_dialog(config, arrival).await {
                Ok(None) => return,
                Ok(Some(reply)) => reply,
                Err(error) => DialogReply::Failed {
                    title: error.title().to_owned(),
                    explanation: error.explanation(),
                    action: error.action().to_owned(),
                },
            },
        };
        if let DialogReply::Failed { title, explanation, action } = &reply {
            failed.set(Some(format!("{title}: {explanation} {action}")));
        }
        let message = serde_json::to_string(&reply).expect("the reply serializes");
        if let Err(problem) = office::message_parent(&message) {
            failed.set(Some(format!("{} {problem}", text::DIALOG_CANNOT_ANSWER)));
        }
    });
    view! {
        <main class="main" data-testid="sign-in-dialog">
            <h1>{text::DIALOG_HEADING}</h1>
            {move || match failed.get() {
                None => view! { <p role="status">{text::DIALOG_SIGNING_IN}</p> }.into_any(),
                Some(said) => view! { <p role="alert" data-testid="sign-in-dialog-error">{said}</p> }.into_any(),
            }}
        </main>
    }
}
