use crate::app::CurrentRoute;
use crate::browser::intl;
use crate::components::drawer::Drawer;
use crate::components::failure::Failure;
use crate::components::icon::{Icon, IconName};
use crate::components::skeleton::SkeletonRows;
use crate::services::graph::{Graph, GraphFailure};
use crate::services::task::spawn_owned;
use crate::services::tasks::TasksStore;
use crate::text;
use leptos::prelude::*;
use tern_core::date::CivilDate;
use tern_core::graph::models::{Importance, TaskStatus, TodoTask};
use tern_core::route::Route;
use tern_core::todo::{due_on, Due, NewTask};

/// To Do: the lists, the tasks of one, a form for a new task, and completed tasks behind
/// a toggle.
#[component]
pub fn TasksScreen() -> impl IntoView {
    let store = TasksStore::new(Graph::expect());
    let today = intl::today();
    let CurrentRoute(route) = expect_context();
    spawn_owned(store.load_lists());
    let list_id = Memo::new(move |_| {
        let wanted = match route.get() {
            Route::Tasks { list } => list,
            _ => None,
        };
        store.list_to_show(wanted)
    });
    let lists_open = RwSignal::new(false);
    // Each run cleans up the previous one: the load of a list left behind stops.
    Effect::new(move |_| {
        if let Some(list) = list_id.get() {
            lists_open.set(false);
            spawn_owned(store.load_tasks(list));
        }
    });
    let set_completed = move |task: TodoTask, completed: bool| {
        let Some(list) = list_id.get_untracked() else { return };
        spawn_owned(store.set_completed(list, task, completed));
    };
    let remove = move |task: TodoTask| {
        let Some(list) = list_id.get_untracked() else { return };
        spawn_owned(store.delete(list, task));
    };
    view! {
        <section class="tasks" data-testid="tasks">
            <Drawer open=lists_open label=text::LISTS id="task-lists" testid="lists-toggle">
                <nav class="folder-pane" aria-label=text::TASK_LISTS>
                    <ul>
                        {move || store.lists().get().into_iter().map(|list| {
                            let id = list.id.clone();
                            let current = move || (list_id.get().as_deref() == Some(id.as_str())).then_some("page");
                            view! { <li><a href=Route::Tasks { list: Some(list.id.clone()) }.to_hash() aria-current=current data-testid="task-list">{list.display_name.clone()}</a></li> }
                        }).collect_view()}
                    </ul>
                </nav>
            </Drawer>
            <div class="task-pane">
                <NewTask store=store list=list_id />
                <label class="toggle">
                    <input type="checkbox" data-testid="show-completed" prop:checked=move || store.show_completed().get() on:change=move |ev| store.set_show_completed(event_target_checked(&ev)) />
                    {text::SHOW_COMPLETED}
                </label>
                {move || store.failure().get().map(|error| view! { <Failure failure=error lead=text::TASKS_FAILED testid="tasks-error" /> })}
                <ul class="task-list">
                    {move || {
                        let list = store.shown_tasks();
                        if list.is_empty() && store.loading().get() {
                            return view! { <li><SkeletonRows count=4 label=text::TASKS_LOADING testid="tasks-loading" /></li> }.into_any();
                        }
                        if list.is_empty() {
                            return view! { <li class="list-status" data-testid="tasks-empty"><p>{text::NO_TASKS}</p><p class="note">{text::NO_TASKS_WHAT_TO_DO}</p></li> }.into_any();
                        }
                        list.into_iter().map(|task| {
                            let done = task.status == TaskStatus::Completed;
                            let (toggle_task, delete_task) = (task.clone(), task.clone());
                            let due = task
                                .due_date_time
                                .as_ref()
                                .and_then(|d| CivilDate::parse_iso(d.date_time.get(..10)?))
                                .zip(today)
                                .map(|(day, today)| due_on(day, today, done));
                            view! {
                                <li class="task" class:done=done data-testid="task" data-status=if done { "completed" } else { "open" }>
                                    <input type="checkbox" aria-label=text::COMPLETE data-testid="task-complete" prop:checked=done on:change=move |_| {
                                        set_completed(toggle_task.clone(), !done);
                                    } />
                                    <span class="task-title" data-testid="task-title">{task.title.clone().unwrap_or_default()}</span>
                                    {(task.importance == Importance::High).then(|| view! {
                                        <span role="img" title=text::IMPORTANT aria-label=text::IMPORTANT><Icon name=IconName::Important /></span>
                                    })}
                                    {due.map(|due| {
                                        let (label, overdue) = match due {
                                            Due::Overdue(day) => (format!("{} {}", text::OVERDUE, intl::day_label(day, true)), true),
                                            Due::Today => (text::DUE_TODAY.to_owned(), false),
                                            Due::Tomorrow => (text::DUE_TOMORROW.to_owned(), false),
                                            Due::Later(day) => (intl::day_label(day, true), false),
                                        };
                                        view! { <span class="note due" class:overdue=overdue data-testid="task-due" data-overdue=overdue.to_string()>{label}</span> }
                                    })}
                                    <button type="button" data-testid="task-delete" on:click=move |_| remove(delete_task.clone())>{text::DELETE}</button>
                                </li>
                            }
                        }).collect_view().into_any()
                    }}
                </ul>
            </div>
        </section>
    }
}

#[component]
fn NewTask(store: TasksStore, list: Memo<Option<String>>) -> impl IntoView {
    let graph = store.graph();
    let title = RwSignal::new(String::new());
    let due = RwSignal::new(String::new());
    let important = RwSignal::new(false);
    let note = RwSignal::new(String::new());
    let failure = RwSignal::new(None::<GraphFailure>);
    let problem = RwSignal::new(None::<&'static str>);
    let create = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(list) = list.get_untracked() else { return };
        let (typed_title, typed_note, typed_due) = (title.get_untracked(), note.get_untracked(), due.get_untracked());
        let zone = crate::services::pim::time_zone(graph.auth());
        let new_task = NewTask {
            title: &typed_title,
            important: important.get_untracked(),
            note: &typed_note,
            due: Some(&typed_due),
            time_zone: &zone,
        };
        let Some(fields) = new_task.to_graph() else {
            return problem.set(Some(text::TASK_NEEDS_TITLE));
        };
        problem.set(None);
        spawn_owned(async move {
            match store.add(list, fields).await {
                Ok(()) => {
                    title.set(String::new());
                    due.set(String::new());
                    note.set(String::new());
                    important.set(false);
                    failure.set(None);
                }
                Err(error) => failure.set(Some(error)),
            }
        });
    };
    view! {
        <form class="new-task" on:submit=create data-testid="new-task">
            <input type="text" placeholder=text::NEW_TASK aria-label=text::NEW_TASK data-testid="new-task-title" bind:value=title />
            <input type="date" aria-label=text::DUE data-testid="new-task-due" bind:value=due />
            <label><input type="checkbox" data-testid="new-task-important" bind:checked=important />{text::IMPORTANT}</label>
            <input type="text" placeholder=text::NOTES aria-label=text::NOTES data-testid="new-task-note" bind:value=note />
            <button type="submit" class="primary" data-testid="new-task-add">{text::ADD}</button>
            {move || problem.get().map(|p| view! { <p class="problem" role="alert" data-testid="new-task-problem">{p}</p> })}
            {move || failure.get().map(|error| view! { <Failure failure=error lead=text::TASK_SAVE_FAILED testid="new-task-error" /> })}
        </form>
    }
}
