use crate::services::mail::Mail;
use crate::text;
use leptos::prelude::*;

/// The folder tree with unread counts; the shown folder is marked.
#[component]
pub fn FolderPane() -> impl IntoView {
    let mail = Mail::expect();
    let rows = Memo::new(move |_| mail.folder_rows());
    let current = move || mail.folder_id(&mail.folder().get());
    view! {
        <nav class="folder-pane" aria-label=text::FOLDERS data-testid="folder-pane">
            <ul>
                <For
                    each=move || rows.get()
                    key=|row| (row.folder.id.clone(), row.folder.unread_item_count, row.folder.display_name.clone(), row.well_known, row.depth)
                    children=move |row| {
                        let key = row.well_known.map(str::to_owned).unwrap_or_else(|| row.folder.id.clone());
                        let id = row.folder.id.clone();
                        let href = mail.route(&key, None).to_hash();
                        let unread = row.folder.unread_item_count;
                        let is_current = move || (current() == id).then_some("page");
                        view! {
                            <li style=format!("--depth:{}", row.depth)>
                                <a
                                    href=href
                                    aria-current=is_current
                                    data-testid="folder"
                                    data-folder=key
                                >
                                    <span class="folder-name">{row.folder.display_name.clone()}</span>
                                    {(unread > 0).then(|| view! { <span class="count" data-testid="unread-count">{unread}</span> })}
                                </a>
                            </li>
                        }
                    }
                />
            </ul>
        </nav>
    }
}
