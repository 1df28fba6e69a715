//! The folders a *Move to…* list offers, nested as in the folder pane.

use crate::services::mail::Mail;
use crate::text;
use leptos::prelude::*;

/// The options of a *Move to…* `<select>`: a first one that moves nothing, then every folder.
pub fn folder_options(mail: Mail) -> impl IntoView {
    view! {
        <option value="">{text::MOVE_TO}</option>
        {move || mail.folder_rows().into_iter().map(|row| {
            let indent = "\u{a0}\u{a0}".repeat(row.depth);
            view! { <option value=row.folder.id.clone()>{indent}{row.folder.display_name.clone()}</option> }
        }).collect_view()}
    }
}
