//! The To Do lists of one account and the tasks of the list on screen. Made with the tasks
//! screen, and so anew for every account.

use super::graph::{Graph, GraphFailure};
use super::pim;
use leptos::prelude::*;
use serde_json::Value;
use tern_core::graph::models::{TaskStatus, TodoTask, TodoTaskList};
use tern_core::todo;

#[derive(Clone, Copy)]
pub struct TasksStore {
    graph: Graph,
    lists: RwSignal<Vec<TodoTaskList>>,
    tasks: RwSignal<Vec<TodoTask>>,
    failure: RwSignal<Option<GraphFailure>>,
    loading: RwSignal<bool>,
    show_completed: RwSignal<bool>,
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

    /// The list a route names when it exists, else the default list, else the first.
    pub fn list_to_show(self, wanted: Option<String>) -> Option<String> {
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
        match pim::tasks(self.graph, &list).await {
            Ok(found) => {
                self.tasks.set(found);
                self.failure.set(None);
            }
            Err(error) => self.failure.set(Some(error)),
        }
        self.loading.set(false);
    }

    /// Completes a task, or opens it again.
    pub async fn set_completed(self, list: String, task: TodoTask, completed: bool) {
        match pim::save_task(self.graph, &list, Some(&task.id), &todo::status_change(completed)).await {
            Ok(saved) => self.tasks.update(|all| {
                if let Some(known) = all.iter_mut().find(|t| t.id == saved.id) {
                    *known = saved;
                }
            }),
            Err(error) => self.failure.set(Some(error)),
        }
    }

    pub async fn delete(self, list: String, task: TodoTask) {
        match pim::delete_task(self.graph, &list, &task.id).await {
            Ok(()) => self.tasks.update(|all| all.retain(|t| t.id != task.id)),
            Err(error) => self.failure.set(Some(error)),
        }
    }

    /// Creates a task from the new-task form's fields; it goes to the top of the list.
    pub async fn add(self, list: String, fields: Value) -> Result<(), GraphFailure> {
        let task = pim::save_task(self.graph, &list, None, &fields).await?;
        self.tasks.update(|all| all.insert(0, task));
        Ok(())
    }
}
