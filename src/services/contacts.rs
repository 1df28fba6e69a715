//! The contacts of one account: its contact folders and the contacts of the one shown.
//! Made with the contacts screen, and so anew for every account.

use super::graph::{Graph, GraphFailure};
use super::pim;
use crate::browser::collation;
use leptos::prelude::*;
use tern_core::contacts::ContactForm;
use tern_core::graph::models::{Contact, ContactFolder};

#[derive(Clone, Copy)]
pub struct ContactsStore {
    graph: Graph,
    contacts: RwSignal<Vec<Contact>>,
    /// The folders under the default one.
    folders: RwSignal<Vec<ContactFolder>>,
    /// The folder shown: `None` for the default one.
    folder: RwSignal<Option<String>>,
    failure: RwSignal<Option<GraphFailure>>,
    loading: RwSignal<bool>,
}

impl ContactsStore {
    pub fn new(graph: Graph) -> ContactsStore {
        ContactsStore {
            graph,
            contacts: RwSignal::new(Vec::new()),
            folders: RwSignal::new(Vec::new()),
            folder: RwSignal::new(None),
            failure: RwSignal::new(None),
            loading: RwSignal::new(true),
        }
    }

    pub fn graph(self) -> Graph {
        self.graph
    }

    pub fn folders(self) -> ReadSignal<Vec<ContactFolder>> {
        self.folders.read_only()
    }

    pub fn folder(self) -> ReadSignal<Option<String>> {
        self.folder.read_only()
    }

    /// Shows another folder's contacts.
    pub async fn open_folder(self, folder: Option<String>) {
        self.folder.set(folder);
        self.load().await;
    }

    /// Makes a folder and shows it, empty.
    pub async fn create_folder(self, name: &str) -> Result<(), GraphFailure> {
        let made = pim::create_contact_folder(self.graph, name).await?;
        let id = made.id.clone();
        self.folders.update(|all| all.push(made));
        self.open_folder(Some(id)).await;
        Ok(())
    }

    pub async fn rename_folder(self, id: &str, name: &str) -> Result<(), GraphFailure> {
        let renamed = pim::rename_contact_folder(self.graph, id, name).await?;
        self.folders.update(|all| all.iter_mut().filter(|f| f.id == renamed.id).for_each(|f| *f = renamed.clone()));
        Ok(())
    }

    /// Deletes a folder with its contacts, then shows the default one.
    pub async fn delete_folder(self, id: &str) -> Result<(), GraphFailure> {
        pim::delete_contact_folder(self.graph, id).await?;
        self.folders.update(|all| all.retain(|f| f.id != id));
        self.open_folder(None).await;
        Ok(())
    }

    /// The folders (once) and the shown folder's contacts.
    pub async fn start(self) {
        if let Ok(found) = pim::contact_folders(self.graph).await {
            self.folders.set(found);
        }
        self.load().await;
    }

    pub fn failure(self) -> ReadSignal<Option<GraphFailure>> {
        self.failure.read_only()
    }

    pub fn loading(self) -> ReadSignal<bool> {
        self.loading.read_only()
    }

    pub fn find(self, id: &str) -> Option<Contact> {
        self.contacts.with(|all| all.iter().find(|c| c.id == id).cloned())
    }

    /// The contacts whose name or an address contains `query` (all when it is empty).
    pub fn matching(self, query: &str) -> Vec<Contact> {
        let wanted = collation::lowercase(query.trim());
        self.contacts.with(|all| {
            all.iter()
                .filter(|c| {
                    wanted.is_empty()
                        || collation::lowercase(&c.label()).contains(&wanted)
                        || c.email_addresses.iter().any(|a| a.address.as_deref().is_some_and(|a| collation::lowercase(a).contains(&wanted)))
                })
                .cloned()
                .collect()
        })
    }

    /// Every contact, sorted by name.
    pub async fn load(self) {
        self.loading.set(true);
        let folder = self.folder.get_untracked();
        match pim::contacts(self.graph, folder.as_deref()).await {
            Ok(mut list) => {
                let names = collation::name_order();
                tern_core::sort::sort_by(&mut list, |a, b| names(&a.label(), &b.label()));
                self.contacts.set(list);
                self.failure.set(None);
            }
            Err(error) => self.failure.set(Some(error)),
        }
        self.loading.set(false);
    }

    /// Creates (in the form's folder) or changes the contact the form holds, then reloads
    /// the list; answers its id.
    pub async fn save(self, form: &ContactForm, fields: serde_json::Value) -> Result<String, GraphFailure> {
        let saved = pim::save_contact(self.graph, form.id.as_deref(), form.folder_id.as_deref(), &fields).await?;
        // A new contact shows where it went (a form kept across a reload may name a folder
        // that is no longer the one shown).
        if form.id.is_none() && form.folder_id != self.folder.get_untracked() {
            self.folder.set(form.folder_id.clone());
        }
        self.load().await;
        Ok(saved.id)
    }

    pub async fn delete(self, id: &str) {
        match pim::delete_contact(self.graph, id).await {
            Ok(()) => self.load().await,
            Err(error) => self.failure.set(Some(error)),
        }
    }
}
