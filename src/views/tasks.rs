use crate::app::CurrentRoute;
use crate::browser::dom::{el, Node};
use crate::browser::{intl, location};
use crate::components::dom_view::mounted;
use crate::components::drawer::Drawer;
use crate::components::failure::failure_box;
use crate::components::icon::{icon, IconName};
use crate::components::live::{slot, target_checked, target_value, Live};
use crate::components::skeleton::skeleton_rows;
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
/// a toggle. Built with `browser::dom` and `components::live`, not `view!` (docs/size.md).
#[component]
pub fn TasksScreen() -> impl IntoView {
    let store = TasksStore::new(Graph::expect());
    let CurrentRoute(route) = expect_context();
    spawn_owned(store.load_lists());
    let list = Memo::new(move |_| {
        let wanted = match route.get() {
            Route::Tasks { list } => list,
            _ => None,
        };
        store.list_to_show(wanted)
    });
    let lists_open = RwSignal::new(false);
    // Each run cleans up the previous one: the load of a list left behind stops.
    effect(move |_| {
        if let Some(list) = list.get() {
            lists_open.set(false);
            spawn_owned(store.load_tasks(list));
        }
    });
    let screen = Tasks { store, list, open_task: RwSignal::new(None), today: intl::today() };
    view! {
        <section class="tasks" data-testid="tasks">
            <Drawer open=lists_open label=text::LISTS id="task-lists" testid="lists-toggle">
                {mounted(screen.lists())}
            </Drawer>
            {mounted(screen.task_pane())}
            {mounted(slot(move || screen.open_task.get().map(|task| screen.task_editor(task))))}
        </section>
    }
}

/// What the parts of the tasks screen share.
#[derive(Clone, Copy)]
struct Tasks {
    store: TasksStore,
    /// The list shown: an id, or `MY_DAY`.
    list: Memo<Option<String>>,
    /// The task in the side panel.
    open_task: RwSignal<Option<TodoTask>>,
    today: Option<CivilDate>,
}

impl Tasks {
    fn my_day(self) -> bool {
        self.list.get().as_deref() == Some(MY_DAY)
    }

    fn lists(self) -> Node {
        el("nav")
            .class("folder-pane")
            .attr("aria-label", text::TASK_LISTS)
            .child(el("ul").live_children(move || {
                let mut links = vec![self.list_link(MY_DAY, text::MY_DAY, "task-list-my-day")];
                links.extend(self.store.lists().get().iter().map(|list| self.list_link(&list.id, &list.display_name, "task-list")));
                links
            }))
            .child(new_list(self.store))
    }

    fn list_link(self, id: &str, name: &str, testid: &str) -> Node {
        let (list, id) = (self.list, id.to_owned());
        let link = el("a").attr("href", &Route::Tasks { list: Some(id.clone()) }.to_hash()).test_id(testid).text(name);
        el("li").child(link.live_attr("aria-current", move || (list.get().as_deref() == Some(id.as_str())).then(|| "page".to_owned())))
    }

    fn task_pane(self) -> Node {
        let show_completed = el("input")
            .attr("type", "checkbox")
            .test_id("show-completed")
            .live_property("checked", move || self.store.show_completed().get().into())
            .on("change", move |event| self.store.set_show_completed(target_checked(&event)));
        el("div")
            .class("task-pane")
            .child(el("div").class("dom-view").live_children(move || {
                if self.my_day() {
                    return Vec::new();
                }
                vec![list_actions(self.store, self.list), new_task(self.store, self.list)]
            }))
            .child(el("label").class("toggle").child(show_completed).text(text::SHOW_COMPLETED))
            .child(slot(move || self.store.failure().get().map(|error| failure_box(&error, text::TASKS_FAILED, "tasks-error"))))
            .child(el("ul").class("task-list").live_children(move || {
                let tasks = self.store.shown_tasks();
                if tasks.is_empty() && self.store.loading().get() {
                    return vec![el("li").child(skeleton_rows(4, text::TASKS_LOADING, "tasks-loading"))];
                }
                if tasks.is_empty() {
                    let empty = el("li").class("list-status").test_id("tasks-empty");
                    return vec![empty.child(el("p").text(text::NO_TASKS)).child(el("p").class("note").text(text::NO_TASKS_WHAT_TO_DO))];
                }
                tasks.into_iter().map(|task| self.task_row(task)).collect()
            }))
    }

    fn task_row(self, task: TodoTask) -> Node {
        let done = task.status == TaskStatus::Completed;
        let due = task
            .due_date_time
            .as_ref()
            .and_then(|d| CivilDate::parse_iso(d.date_time.get(..10)?))
            .zip(self.today)
            .map(|(day, today)| due_on(day, today, done));
        let complete = el("input").attr("type", "checkbox").attr("aria-label", text::COMPLETE).test_id("task-complete");
        complete.set_property("checked", &done.into());
        let complete = {
            let task = task.clone();
            complete.on("change", move |_| spawn_owned(self.store.set_completed(task.clone(), !done)))
        };
        let title = el("span").class("task-title").test_id("task-title").text(task.title.as_deref().unwrap_or_default());
        let open = {
            let task = task.clone();
            el("button").attr("type", "button").class("task-open").test_id("task-open").child(title).on("click", move |_| {
                self.open_task.set(Some(task.clone()));
            })
        };
        let important = (task.importance == Importance::High).then(|| {
            el("span")
                .attr("role", "img")
                .attr("title", text::IMPORTANT)
                .attr("aria-label", text::IMPORTANT)
                .child(icon(IconName::Important))
        });
        let due = due.map(|due| {
            let (label, overdue) = match due {
                Due::Overdue(day) => (format!("{} {}", text::OVERDUE, intl::day_label(day, true)), true),
                Due::Today => (text::DUE_TODAY.to_owned(), false),
                Due::Tomorrow => (text::DUE_TOMORROW.to_owned(), false),
                Due::Later(day) => (intl::day_label(day, true), false),
            };
            let class = if overdue { "note due overdue" } else { "note due" };
            el("span").class(class).test_id("task-due").attr("data-overdue", &overdue.to_string()).text(&label)
        });
        let delete = el("button").attr("type", "button").test_id("task-delete").text(text::DELETE).on("click", move |_| {
            spawn_owned(self.store.delete(task.clone()));
        });
        el("li")
            .class(if done { "task done" } else { "task" })
            .test_id("task")
            .attr("data-status", if done { "completed" } else { "open" })
            .child(complete)
            .child(open)
            .maybe(important)
            .maybe(due)
            .child(delete)
    }

    /// One task to change: title, due day, reminder, importance and note (saved
    /// together), and its steps (each saved at once).
    fn task_editor(self, task: TodoTask) -> Node {
        let store = self.store;
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
            move || {
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
        let field = |label: &str, kind: &str, testid: &str, value: fn(&TaskForm) -> String, change: fn(&mut TaskForm, String)| {
            let input = el("input")
                .attr("type", kind)
                .test_id(testid)
                .live_property("value", move || form.with(value).into())
                .on("input", move |event| form.update(|form| change(form, target_value(&event))));
            el("label").class("field").child(el("span").text(label)).child(input)
        };
        let important = el("input")
            .attr("type", "checkbox")
            .test_id("task-edit-important")
            .live_property("checked", move || form.with(|f| f.important).into())
            .on("change", move |event| {
                let on = target_checked(&event);
                form.update(|f| f.important = on);
            });
        let note = el("textarea")
            .attr("rows", "3")
            .test_id("task-edit-note")
            .live_property("value", move || form.with(|f| f.note.clone()).into())
            .on("input", move |event| form.update(|f| f.note = target_value(&event)));
        let actions = el("div")
            .class("compose-actions")
            .child(el("button").attr("type", "submit").class("primary").test_id("task-edit-save").text(text::SAVE))
            .child(
                el("button")
                    .attr("type", "button")
                    .test_id("task-edit-close")
                    .text(text::CLOSE)
                    .on("click", move |_| self.open_task.set(None)),
            );
        let form_element = el("form")
            .on_submit(save)
            .child(field(text::TITLE, "text", "task-edit-title", |f| f.title.clone(), |f, v| f.title = v))
            .child(field(text::DUE, "date", "task-edit-due", |f| f.due.clone(), |f, v| f.due = v))
            .child(field(text::REMINDER, "datetime-local", "task-edit-reminder", |f| f.reminder.clone(), |f, v| f.reminder = v))
            .child(el("label").class("choice").child(important).text(text::IMPORTANT))
            .child(el("label").class("stacked").text(text::NOTES).child(note))
            .child(problem_line(problem, "task-edit-problem"))
            .child(slot(move || failure.get().map(|error| failure_box(&error, text::TASK_SAVE_FAILED, "task-edit-error"))))
            .child(slot(move || said.get().map(|said| el("p").class("note").attr("role", "status").test_id("task-edit-said").text(said))))
            .child(actions);
        el("aside").class("side-panel").test_id("task-editor").attr("aria-label", text::TASK).child(form_element).child(steps(store, id))
    }
}

/// A problem with what was typed, shown beside the form until the next try.
fn problem_line(problem: RwSignal<Option<&'static str>>, testid: &'static str) -> Node {
    slot(move || problem.get().map(|problem| el("p").class("problem").attr("role", "alert").test_id(testid).text(problem)))
}

/// A text field, with the button that submits its form.
fn one_line_form(class: &str, name: RwSignal<String>, label: &str, testids: [&str; 2]) -> Node {
    let field = el("input").attr("type", "text").attr("placeholder", label).attr("aria-label", label).test_id(testids[0]).bind_value(name);
    el("form").class(class).child(field).child(el("button").attr("type", "submit").test_id(testids[1]).text(text::ADD))
}

/// A new list: named, then opened.
fn new_list(store: TasksStore) -> Node {
    let name = RwSignal::new(String::new());
    let failure = RwSignal::new(None::<GraphFailure>);
    let create = move || {
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
    one_line_form("new-list", name, text::NEW_LIST, ["list-new-name", "list-new"])
        .on_submit(create)
        .child(slot(move || failure.get().map(|error| failure_box(&error, text::LIST_CHANGE_FAILED, "list-error"))))
}

/// Renaming or deleting the list shown; the default list (To Do's own) stays as it is.
fn list_actions(store: TasksStore, list: Memo<Option<String>>) -> Node {
    let current = move || {
        let id = list.get()?;
        store.lists().with(|all| all.iter().find(|l| l.id == id).cloned())
    };
    let name = RwSignal::new(String::new());
    let failure = RwSignal::new(None::<GraphFailure>);
    effect(move |_| name.set(current().map(|l| l.display_name).unwrap_or_default()));
    let rename = move || {
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
    slot(move || {
        let shown = current()?;
        let own = shown.wellknown_list_name.as_deref().is_none_or(|name| name == "none");
        let field = el("input").attr("type", "text").attr("aria-label", text::LIST_NAME).test_id("list-rename-name").bind_value(name);
        let delete = own.then(|| el("button").attr("type", "button").test_id("list-delete").text(text::DELETE_LIST).on("click", delete));
        Some(
            el("form")
                .class("list-actions")
                .on_submit(rename)
                .child(field)
                .child(el("button").attr("type", "submit").test_id("list-rename").text(text::RENAME))
                .maybe(delete)
                .child(slot(move || failure.get().map(|error| failure_box(&error, text::LIST_CHANGE_FAILED, "list-error")))),
        )
    })
}

/// A task's steps: ticked, added and deleted one at a time, each saved at once.
fn steps(store: TasksStore, task: String) -> Node {
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
    let add = move || {
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
    let step_row = move |step: ChecklistItem| {
        let checked = step.is_checked;
        let tick = step.id.clone();
        let done = el("input")
            .attr("type", "checkbox")
            .attr("aria-label", &format!("{} {}", text::COMPLETE, step.display_name))
            .test_id("task-step-done");
        done.set_property("checked", &checked.into());
        let done = done.on("change", move |_| {
            let tick = tick.clone();
            spawn_owned(async move {
                match store.check_step(&task.get_value(), &tick, !checked).await {
                    Ok(saved) => put(saved),
                    Err(error) => failure.set(Some(error)),
                }
            });
        });
        let gone = step.id.clone();
        let delete = el("button").attr("type", "button").test_id("task-step-delete").text(text::DELETE).on("click", move |_| {
            let gone = gone.clone();
            spawn_owned(async move {
                match store.delete_step(&task.get_value(), &gone).await {
                    Ok(()) => steps.update(|all| all.retain(|s| s.id != gone)),
                    Err(error) => failure.set(Some(error)),
                }
            });
        });
        el("li")
            .class(if checked { "task done" } else { "task" })
            .test_id("task-step")
            .attr("data-checked", &checked.to_string())
            .child(done)
            .child(el("span").class("task-title").text(&step.display_name))
            .child(delete)
    };
    el("section")
        .class("steps")
        .attr("aria-label", text::STEPS)
        .child(el("h3").text(text::STEPS))
        .child(el("ul").class("task-list").live_children(move || steps.get().into_iter().map(step_row).collect()))
        .child(one_line_form("new-task", name, text::NEW_STEP, ["task-step-new", "task-step-add"]).on_submit(add))
        .child(slot(move || failure.get().map(|error| failure_box(&error, text::STEP_FAILED, "task-step-error"))))
}

fn new_task(store: TasksStore, list: Memo<Option<String>>) -> Node {
    let graph = store.graph();
    let title = RwSignal::new(String::new());
    let due = RwSignal::new(String::new());
    let important = RwSignal::new(false);
    let note = RwSignal::new(String::new());
    let failure = RwSignal::new(None::<GraphFailure>);
    let problem = RwSignal::new(None::<&'static str>);
    let create = move || {
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
    let text_field = |kind: &str, label: &str, testid: &str, value: RwSignal<String>| {
        let field = el("input").attr("type", kind).attr("aria-label", label).test_id(testid);
        let field = if kind == "text" { field.attr("placeholder", label) } else { field };
        field.bind_value(value)
    };
    let important_box = el("input").attr("type", "checkbox").test_id("new-task-important").bind_checked(important);
    el("form")
        .class("new-task")
        .test_id("new-task")
        .on_submit(create)
        .child(text_field("text", text::NEW_TASK, "new-task-title", title))
        .child(text_field("date", text::DUE, "new-task-due", due))
        .child(el("label").child(important_box).text(text::IMPORTANT))
        .child(text_field("text", text::NOTES, "new-task-note", note))
        .child(el("button").attr("type", "submit").class("primary").test_id("new-task-add").text(text::ADD))
        .child(problem_line(problem, "new-task-problem"))
        .child(slot(move || failure.get().map(|error| failure_box(&error, text::TASK_SAVE_FAILED, "new-task-error"))))
}
