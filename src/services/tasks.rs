//! The To Do lists of one account and the tasks of the list on screen (or of *My Day*,
//! gathered from every list). Made with the tasks screen, and so anew for every account.

use super::graph::{batch_item, Graph, GraphFailure};
use super::pim;
use crate::browser::intl;
use leptos::prelude::*;
use serde_json::Value;
use std::collections::HashMap;
use tern_core::date::CivilDate;
use tern_core::graph::models::{ChecklistItem, TaskStatus, TodoTask, TodoTaskList};
use tern_core::graph::page::Page;
use tern_core::graph::requests;
use tern_core::todo::{self, in_my_day, MY_DAY};

#[derive(Clone, Copy)]
pub struct TasksStore {
    graph: Graph,
    lists: RwSignal<Vec<TodoTaskList>>,
    tasks: RwSignal<Vec<TodoTask>>,
    failure: RwSignal<Option<GraphFailure>>,
    loading: RwSignal<bool>,
    show_completed: RwSignal<bool>,
    /// The list each shown task is in: *My Day* shows tasks of many.
    list_of: StoredValue<HashMap<String, String>>,
}

impl TasksStore {
    pub fn new(graph: Graph) -> TasksStore {
        TasksStore {
            graph,
            lists: RwSignal::new(Vec::new()),
            tasks: RwSignal::new(Vec::new()),
            failure: RwSignal::new(None),
            loading: RwSignal::new(true),
            show_completed: RwSignal::new(false),
            list_of: StoredValue::new(HashMap::new()),
        }
    }

    pub fn graph(self) -> Graph {
        self.graph
    }

    pub fn lists(self) -> ReadSignal<Vec<TodoTaskList>> {
        self.lists.read_only()
    }

    pub fn failure(self) -> ReadSignal<Option<GraphFailure>> {
        self.failure.read_only()
    }

    pub fn loading(self) -> ReadSignal<bool> {
        self.loading.read_only()
    }

    pub fn show_completed(self) -> ReadSignal<bool> {
        self.show_completed.read_only()
    }

    pub fn set_show_completed(self, show: bool) {
        self.show_completed.set(show);
    }

    /// The tasks of the list, completed ones only when asked for.
    pub fn shown_tasks(self) -> Vec<TodoTask> {
        let completed = self.show_completed.get();
        self.tasks.get().into_iter().filter(|t| completed || t.status != TaskStatus::Completed).collect()
    }

    /// The list a route names when it exists (or *My Day*), else the default list, else
    /// the first.
    pub fn list_to_show(self, wanted: Option<String>) -> Option<String> {
        if wanted.as_deref() == Some(MY_DAY) {
            return wanted;
        }
        self.lists.with(|all| {
            wanted.filter(|id| all.iter().any(|l| &l.id == id)).or_else(|| {
                all.iter().find(|l| l.wellknown_list_name.as_deref() == Some("defaultList")).or(all.first()).map(|l| l.id.clone())
            })
        })
    }

    pub async fn load_lists(self) {
        match pim::task_lists(self.graph).await {
            Ok(found) => self.lists.set(found),
            Err(error) => self.failure.set(Some(error)),
        }
    }

    pub async fn load_tasks(self, list: String) {
        self.loading.set(true);
        let found = if list == MY_DAY { self.my_day().await } else { pim::tasks(self.graph, &list).await.map(|found| vec![(list, found)]) };
        match found {
            Ok(found) => {
                let mut shown = Vec::new();
                self.list_of.update_value(|list_of| {
                    list_of.clear();
                    for (list, tasks) in found {
                        for task in tasks {
                            list_of.insert(task.id.clone(), list.clone());
                            shown.push(task);
                        }
                    }
                });
                self.tasks.set(shown);
                self.failure.set(None);
            }
            Err(error) => self.failure.set(Some(error)),
        }
        self.loading.set(false);
    }

    /// The tasks due today, or reminding today, of every list: each list's first page in
    /// one `$batch`.
    async fn my_day(self) -> Result<Vec<(String, Vec<TodoTask>)>, GraphFailure> {
        if self.lists.with_untracked(Vec::is_empty) {
            self.load_lists().await;
        }
        let lists: Vec<String> = self.lists.with_untracked(|all| all.iter().map(|l| l.id.clone()).collect());
        let batch = lists.iter().enumerate().map(|(index, list)| requests::tasks(list).in_batch(&index.to_string())).collect();
        let answers = self.graph.batch(batch).await?;
        let today = intl::today().unwrap_or_else(|| CivilDate::new(2026, 1, 1).expect("a valid date"));
        let zone = pim::time_zone(self.graph.auth());
        let mut found = Vec::new();
        for (index, list) in lists.into_iter().enumerate() {
            let page: Page<TodoTask> = batch_item(&answers, &index.to_string())?;
            let today_s: Vec<TodoTask> =
                page.value.into_iter().filter(|task| in_my_day(task, today, |utc| intl::local_input(utc, &zone))).collect();
            found.push((list, today_s));
        }
        Ok(found)
    }

    /// The list a shown task is in.
    fn list_for(self, task: &str) -> Option<String> {
        self.list_of.with_value(|list_of| list_of.get(task).cloned())
    }

    fn replace_task(self, saved: TodoTask) {
        self.tasks.update(|all| {
            if let Some(known) = all.iter_mut().find(|t| t.id == saved.id) {
                *known = saved;
            }
        });
    }

    /// Completes a task, or opens it again.
    pub async fn set_completed(self, task: TodoTask, completed: bool) {
        let Some(list) = self.list_for(&task.id) else { return };
        match pim::save_task(self.graph, &list, Some(&task.id), &todo::status_change(completed)).await {
            Ok(saved) => self.replace_task(saved),
            Err(error) => self.failure.set(Some(error)),
        }
    }

    /// Changes a task (`TaskForm::changes`); the list shows it as Graph answers.
    pub async fn update(self, task: &str, changes: Value) -> Result<TodoTask, GraphFailure> {
        let list = self.list_for(task).unwrap_or_default();
        let saved = pim::save_task(self.graph, &list, Some(task), &changes).await?;
        self.replace_task(saved.clone());
        Ok(saved)
    }

    pub async fn delete(self, task: TodoTask) {
        let Some(list) = self.list_for(&task.id) else { return };
        match pim::delete_task(self.graph, &list, &task.id).await {
            Ok(()) => self.tasks.update(|all| all.retain(|t| t.id != task.id)),
            Err(error) => self.failure.set(Some(error)),
        }
    }

    /// Creates a task from the new-task form's fields; it goes to the top of the list.
    pub async fn add(self, list: String, fields: Value) -> Result<(), GraphFailure> {
        let task = pim::save_task(self.graph, &list, None, &fields).await?;
        self.list_of.update_value(|list_of| {
            list_of.insert(task.id.clone(), list);
        });
        self.tasks.update(|all| all.insert(0, task));
        Ok(())
    }

    /// A new list, shown in the lists at once; its id, to open it.
    pub async fn create_list(self, name: &str) -> Result<String, GraphFailure> {
        let made: TodoTaskList = self.graph.request_json(&requests::create_task_list(name)).await?;
        let id = made.id.clone();
        self.lists.update(|all| all.push(made));
        Ok(id)
    }

    pub async fn rename_list(self, list: &str, name: &str) -> Result<(), GraphFailure> {
        let renamed: TodoTaskList = self.graph.request_json(&requests::rename_task_list(list, name)).await?;
        self.lists.update(|all| {
            if let Some(known) = all.iter_mut().find(|l| l.id == renamed.id) {
                *known = renamed;
            }
        });
        Ok(())
    }

    /// Deletes a list with its tasks.
    pub async fn delete_list(self, list: &str) -> Result<(), GraphFailure> {
        self.graph.perform(&requests::delete_task_list(list)).await?;
        self.lists.update(|all| all.retain(|l| l.id != list));
        Ok(())
    }

    /// A task's steps, read when the task is opened.
    pub async fn steps(self, task: &str) -> Result<Vec<ChecklistItem>, GraphFailure> {
        let list = self.list_for(task).unwrap_or_default();
        let page: Page<ChecklistItem> = self.graph.request_json(&requests::steps(&list, task)).await?;
        Ok(page.value)
    }

    pub async fn add_step(self, task: &str, name: &str) -> Result<ChecklistItem, GraphFailure> {
        let list = self.list_for(task).unwrap_or_default();
        self.graph.request_json(&requests::add_step(&list, task, name)).await
    }

    pub async fn check_step(self, task: &str, step: &str, checked: bool) -> Result<ChecklistItem, GraphFailure> {
        let list = self.list_for(task).unwrap_or_default();
        self.graph.request_json(&requests::check_step(&list, task, step, checked)).await
    }

    pub async fn delete_step(self, task: &str, step: &str) -> Result<(), GraphFailure> {
        let list = self.list_for(task).unwrap_or_default();
        self.graph.perform(&requests::delete_step(&list, task, step)).await
    }
}
