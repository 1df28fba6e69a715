use crate::views::calendar::CalendarScreen;
use crate::views::contacts::ContactsScreen;
use crate::views::mail::MailArea;
use crate::views::tasks::TasksScreen;
use leptos::prelude::*;
use tern_core::route::Area;

/// The screen of a signed-in area.
#[component]
pub fn SignedInArea(area: Area) -> impl IntoView {
    match area {
        Area::Mail => view! { <MailArea /> }.into_any(),
        Area::Calendar => view! { <CalendarScreen /> }.into_any(),
        Area::Contacts => view! { <ContactsScreen /> }.into_any(),
        Area::Tasks => view! { <TasksScreen /> }.into_any(),
    }
}
