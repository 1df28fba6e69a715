use crate::components::icon::{Icon, IconName};
use leptos::prelude::*;

/// Folders or lists: a column on a wide screen; below 1200 px, behind a menu button, over
/// the screen, so the list and the reading pane keep the width. Escape closes it and gives
/// the keyboard back to the button.
#[component]
pub fn Drawer(open: RwSignal<bool>, label: &'static str, id: &'static str, testid: &'static str, children: Children) -> impl IntoView {
    let toggle = NodeRef::<leptos::html::Button>::new();
    let close_on_escape = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Escape" && open.get_untracked() {
            open.set(false);
            if let Some(button) = toggle.get_untracked() {
                let _ = button.focus();
            }
        }
    };
    view! {
        <div class="drawer" class:open=move || open.get() on:keydown=close_on_escape>
            <button type="button" class="drawer-toggle" node_ref=toggle data-testid=testid aria-controls=id
                aria-expanded=move || open.get().to_string() on:click=move |_| open.update(|open| *open = !*open)>
                <Icon name=IconName::Menu />
                <span>{label}</span>
            </button>
            <div class="drawer-body" id=id data-testid=format!("{testid}-body")>{children()}</div>
        </div>
    }
}
