//! The mailbox's master list of categories, as Settings changes it: add one, give one
//! another colour, delete one. The mail screen reads the list afresh when it starts.

use super::graph::{Graph, GraphFailure};
use super::pim::all_pages;
use leptos::prelude::*;
use tern_core::graph::models::Category;
use tern_core::graph::requests;

#[derive(Clone, Copy)]
pub struct Categories {
    graph: Graph,
    list: RwSignal<Vec<Category>>,
    failure: RwSignal<Option<GraphFailure>>,
}

impl Categories {
    pub fn new(graph: Graph) -> Categories {
        Categories { graph, list: RwSignal::new(Vec::new()), failure: RwSignal::new(None) }
    }

    pub fn list(self) -> ReadSignal<Vec<Category>> {
        self.list.read_only()
    }

    /// The last refusal of a read or a change, `None` once one works.
    pub fn failure(self) -> ReadSignal<Option<GraphFailure>> {
        self.failure.read_only()
    }

    pub async fn load(self) {
        self.settle(all_pages::<Category>(self.graph, &requests::master_categories(), 500).await.map(|list| self.list.set(list)));
    }

    pub async fn create(self, name: &str, color: &str) -> bool {
        let made = self.graph.request_json::<Category>(&requests::create_category(name, color)).await;
        self.settle(made.map(|category| self.list.update(|list| list.push(category))))
    }

    /// A new colour, shown at once and put back if Graph refuses it.
    pub async fn recolour(self, id: &str, color: &str) -> bool {
        let before = self.list.with_untracked(|list| list.iter().find(|c| c.id == id).map(|c| c.color.clone()));
        let paint = |color: &str| self.list.update(|list| list.iter_mut().filter(|c| c.id == id).for_each(|c| c.color = color.to_owned()));
        paint(color);
        let changed = self.settle(self.graph.perform(&requests::recolour_category(id, color)).await);
        if !changed {
            paint(&before.unwrap_or_default());
        }
        changed
    }

    pub async fn delete(self, id: &str) -> bool {
        let gone = self.graph.perform(&requests::delete_category(id)).await;
        self.settle(gone.map(|()| self.list.update(|list| list.retain(|c| c.id != id))))
    }

    /// Records how a call ended; whether it worked.
    fn settle(self, outcome: Result<(), GraphFailure>) -> bool {
        let worked = outcome.is_ok();
        self.failure.set(outcome.err());
        worked
    }
}
