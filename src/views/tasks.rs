use crate::app::CurrentRoute;
use crate::browser::{intl, location};
use crate::components::drawer::Drawer;
use crate::components::failure::Failure;
use crate::components::icon::{Icon, IconName};
use crate::components::skeleton::SkeletonRows;
use crate::services::graph::{Graph, GraphFailure};
use crate::services::task::{effect, spawn_owned};
use crate::services::tasks::TasksStore;
use crate::text;
use leptos::prelude::*;
use tern_core::date::CivilDate;
use tern_core::graph::models::ChecklistItem;
use tern_core::graph::models::{Importance, TaskStatus, TodoTask};
use tern_core::route::Route;
use tern_core::todo::{due_on, Due, NewTask, TaskForm, TaskProblem, MY_DAY};

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
    effect(move |_| {
        if let Some(list) = list_id.get() {
            lists_open.set(false);
            spawn_owned(store.load_tasks(list));
        }
    });
    let set_completed = move |task: TodoTask, completed: bool| spawn_owned(store.set_completed(task, completed));
    let remove = move |task: TodoTask| spawn_owned(store.delete(task));
    let open_task = RwSignal::new(None::<TodoTask>);
    let my_day = move || list_id.get().as_deref() == Some(MY_DAY);
    view! {
        <section class="tasks" data-testid="tasks">
            <Drawer open=lists_open label=text::LISTS id="task-lists" testid="lists-toggle">
                <nav class="folder-pane" aria-label=text::TASK_LISTS>
                    <ul>
                        <li><a href=Route::Tasks { list: Some(MY_DAY.to_owned()) }.to_hash() aria-current=move || my_day().then_some("page")
                            data-testid="task-list-my-day">{text::MY_DAY}</a></li>
                        {move || store.lists().get().into_iter().map(|list| {
                            let id = list.id.clone();
                            let current = move || (list_id.get().as_deref() == Some(id.as_str())).then_some("page");
                            view! { <li><a href=Route::Tasks { list: Some(list.id.clone()) }.to_hash() aria-current=current data-testid="task-list">{list.display_name.clone()}</a></li> }
                        }).collect_view()}
                    </ul>
                    <NewList store=store />
                </nav>
            </Drawer>
            <div class="task-pane">
                {move || (!my_day()).then(|| view! { <ListActions store=store list=list_id /> <NewTask store=store list=list_id /> })}
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
                                    <button type="button" class="task-open" data-testid="task-open" on:click={
                                        let task = task.clone();
                                        move |_| open_task.set(Some(task.clone()))
                                    }><span class="task-title" data-testid="task-title">{task.title.clone().unwrap_or_default()}</span></button>
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
            {move || open_task.get().map(|task| view! { <TaskEditor store=store task=task on_close=Callback::new(move |()| open_task.set(None)) /> })}
        </section>
    }
}

/// A new list: named, then opened.
#[component]
fn NewList(store: TasksStore) -> impl IntoView {
    let name = RwSignal::new(String::new());
    let failure = RwSignal::new(None::<GraphFailure>);
    let create = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let typed = name.get_untracked().trim().to_owned();
        if typed.is_empty() {
            return;
        }
        spawn_owned(async move {
            match store.create_list(&typed).await {
                Ok(id) => {
                    name.set(String::new());
                    failure.set(None);
                    location::navigate(&Route::Tasks { list: Some(id) });
                }
                Err(error) => failure.set(Some(error)),
            }
        });
    };
    view! {
        <form class="new-list" on:submit=create>
            <input type="text" placeholder=text::NEW_LIST aria-label=text::NEW_LIST data-testid="list-new-name" bind:value=name />
            <button type="submit" data-testid="list-new">{text::ADD}</button>
            {move || failure.get().map(|error| view! { <Failure failure=error lead=text::LIST_CHANGE_FAILED testid="list-error" /> })}
        </form>
    }
}

/// Renaming or deleting the list shown; the default list (To Do's own) stays as it is.
#[component]
fn ListActions(store: TasksStore, list: Memo<Option<String>>) -> impl IntoView {
    let current = move || {
        let id = list.get()?;
        store.lists().with(|all| all.iter().find(|l| l.id == id).cloned())
    };
    let name = RwSignal::new(String::new());
    let failure = RwSignal::new(None::<GraphFailure>);
    effect(move |_| name.set(current().map(|l| l.display_name).unwrap_or_default()));
    let rename = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (Some(id), typed) = (list.get_untracked(), name.get_untracked().trim().to_owned()) else { return };
        if typed.is_empty() {
            return;
        }
        spawn_owned(async move {
            match store.rename_list(&id, &typed).await {
                Ok(()) => failure.set(None),
                Err(error) => failure.set(Some(error)),
            }
        });
    };
    let delete = move |_| {
        let Some(id) = list.get_untracked() else { return };
        spawn_owned(async move {
            match store.delete_list(&id).await {
                Ok(()) => location::navigate(&Route::Tasks { list: None }),
                Err(error) => failure.set(Some(error)),
            }
        });
    };
    move || {
        let shown = current()?;
        let own = shown.wellknown_list_name.as_deref().is_none_or(|name| name == "none");
        Some(view! {
            <form class="list-actions" on:submit=rename>
                <input type="text" aria-label=text::LIST_NAME data-testid="list-rename-name" bind:value=name />
                <button type="submit" data-testid="list-rename">{text::RENAME}</button>
                {own.then(|| view! { <button type="button" data-testid="list-delete" on:click=delete>{text::DELETE_LIST}</button> })}
                {move || failure.get().map(|error| view! { <Failure failure=error lead=text::LIST_CHANGE_FAILED testid="list-error" /> })}
            </form>
        })
    }
}

/// One task to change: title, due day, reminder, importance and note (saved together),
/// and its steps (each saved at once).
#[component]
fn TaskEditor(store: TasksStore, task: TodoTask, on_close: Callback<()>) -> impl IntoView {
    let zone = crate::services::pim::time_zone(store.graph().auth());
    let to_local = {
        let zone = zone.clone();
        move |utc: &str| intl::local_input(utc, &zone)
    };
    let before = StoredValue::new(TaskForm::from_task(&task, &to_local));
    let form = RwSignal::new(before.get_value());
    let problem = RwSignal::new(None::<&'static str>);
    let failure = RwSignal::new(None::<GraphFailure>);
    let said = RwSignal::new(None::<&'static str>);
    let id = task.id.clone();
    let save = {
        let id = id.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let changes = match form.get_untracked().changes(&before.get_value(), &zone) {
                Ok(changes) => changes,
                Err(TaskProblem::NoTitle) => return problem.set(Some(text::TASK_NEEDS_TITLE)),
                Err(_) => return problem.set(Some(text::TASK_BAD_TIME)),
            };
            problem.set(None);
            let (id, to_local) = (id.clone(), to_local.clone());
            spawn_owned(async move {
                match store.update(&id, changes).await {
                    Ok(saved) => {
                        before.set_value(TaskForm::from_task(&saved, &to_local));
                        form.set(before.get_value());
                        failure.set(None);
                        said.set(Some(text::TASK_SAVED));
                    }
                    Err(error) => failure.set(Some(error)),
                }
            });
        }
    };
    let edit = move |change: fn(&mut TaskForm, String)| {
        move |ev: leptos::ev::Event| {
            let value = event_target_value(&ev);
            form.update(|form| change(form, value));
        }
    };
    view! {
        <aside class="side-panel" data-testid="task-editor" aria-label=text::TASK>
            <form on:submit=save>
                <label class="field"><span>{text::TITLE}</span>
                    <input type="text" data-testid="task-edit-title" prop:value=move || form.with(|f| f.title.clone()) on:input=edit(|f, v| f.title = v) /></label>
                <label class="field"><span>{text::DUE}</span>
                    <input type="date" data-testid="task-edit-due" prop:value=move || form.with(|f| f.due.clone()) on:input=edit(|f, v| f.due = v) /></label>
                <label class="field"><span>{text::REMINDER}</span>
                    <input type="datetime-local" data-testid="task-edit-reminder" prop:value=move || form.with(|f| f.reminder.clone()) on:input=edit(|f, v| f.reminder = v) /></label>
                <label class="choice">
                    <input type="checkbox" data-testid="task-edit-important" prop:checked=move || form.with(|f| f.important)
                        on:change=move |ev| { let on = event_target_checked(&ev); form.update(|f| f.important = on); } />
                    {text::IMPORTANT}
                </label>
                <label class="stacked">{text::NOTES}
                    <textarea rows="3" data-testid="task-edit-note" prop:value=move || form.with(|f| f.note.clone()) on:input=edit(|f, v| f.note = v)></textarea></label>
                {move || problem.get().map(|p| view! { <p class="problem" role="alert" data-testid="task-edit-problem">{p}</p> })}
                {move || failure.get().map(|error| view! { <Failure failure=error lead=text::TASK_SAVE_FAILED testid="task-edit-error" /> })}
                {move || said.get().map(|s| view! { <p class="note" role="status" data-testid="task-edit-said">{s}</p> })}
                <div class="compose-actions">
                    <button type="submit" class="primary" data-testid="task-edit-save">{text::SAVE}</button>
                    <button type="button" data-testid="task-edit-close" on:click=move |_| on_close.run(())>{text::CLOSE}</button>
                </div>
            </form>
            <Steps store=store task=id />
        </aside>
    }
}

/// A task's steps: ticked, added and deleted one at a time, each saved at once.
#[component]
fn Steps(store: TasksStore, task: String) -> impl IntoView {
    let steps = RwSignal::new(Vec::<ChecklistItem>::new());
    let failure = RwSignal::new(None::<GraphFailure>);
    let name = RwSignal::new(String::new());
    let task = StoredValue::new(task);
    spawn_owned(async move {
        match store.steps(&task.get_value()).await {
            Ok(found) => steps.set(found),
            Err(error) => failure.set(Some(error)),
        }
    });
    let put = move |saved: ChecklistItem| {
        steps.update(|all| match all.iter_mut().find(|s| s.id == saved.id) {
            Some(known) => *known = saved,
            None => all.push(saved),
        })
    };
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let typed = name.get_untracked().trim().to_owned();
        if typed.is_empty() {
            return;
        }
        spawn_owned(async move {
            match store.add_step(&task.get_value(), &typed).await {
                Ok(saved) => {
                    name.set(String::new());
                    put(saved);
                }
                Err(error) => failure.set(Some(error)),
            }
        });
    };
    view! {
        <section class="steps" aria-label=text::STEPS>
            <h3>{text::STEPS}</h3>
            <ul class="task-list">
                {move || steps.get().into_iter().map(|step| {
                    let (tick, gone) = (step.id.clone(), step.id.clone());
                    let checked = step.is_checked;
                    view! {
                        <li class="task" class:done=checked data-testid="task-step" data-checked=checked.to_string()>
                            <input type="checkbox" aria-label=format!("{} {}", text::COMPLETE, step.display_name) data-testid="task-step-done" prop:checked=checked
                                on:change=move |_| {
                                    let tick = tick.clone();
                                    spawn_owned(async move {
                                        match store.check_step(&task.get_value(), &tick, !checked).await {
                                            Ok(saved) => put(saved),
                                            Err(error) => failure.set(Some(error)),
                                        }
                                    });
                                } />
                            <span class="task-title">{step.display_name.clone()}</span>
                            <button type="button" data-testid="task-step-delete" on:click=move |_| {
                                let gone = gone.clone();
                                spawn_owned(async move {
                                    match store.delete_step(&task.get_value(), &gone).await {
                                        Ok(()) => steps.update(|all| all.retain(|s| s.id != gone)),
                                        Err(error) => failure.set(Some(error)),
                                    }
                                });
                            }>{text::DELETE}</button>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <form class="new-task" on:submit=add>
                <input type="text" placeholder=text::NEW_STEP aria-label=text::NEW_STEP data-testid="task-step-new" bind:value=name />
                <button type="submit" data-testid="task-step-add">{text::ADD}</button>
            </form>
            {move || failure.get().map(|error| view! { <Failure failure=error lead=text::STEP_FAILED testid="task-step-error" /> })}
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
