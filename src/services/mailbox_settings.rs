//! The mailbox's automatic replies, per account: read once the first screen has had its
//! calls, shown by the banner and in Settings, and changed from Settings.

use super::graph::{Graph, GraphFailure};
use super::single_flight::SingleFlight;
use crate::browser::intl;
use leptos::prelude::*;
use serde_json::Value;
use std::rc::Rc;
use tern_core::auth::error::AuthError;
use tern_core::graph::requests;
use tern_core::mail::auto_replies::AutomaticReplies;

#[derive(Clone, Copy)]
pub struct AutoReplies {
    graph: Graph,
    /// How the last read or save ended, with the account it is of. A failed read is kept
    /// too: after Graph's own retries, asking again on the next screen would only add to
    /// an outage; a reload asks again.
    known: RwSignal<Option<(String, Result<AutomaticReplies, GraphFailure>)>>,
    /// One read per account at a time: the banner and Settings ask together at start.
    reads: StoredValue<Rc<SingleFlight<Result<AutomaticReplies, GraphFailure>>>, LocalStorage>,
}

impl AutoReplies {
    pub fn provide(graph: Graph) -> AutoReplies {
        let store = AutoReplies { graph, known: RwSignal::new(None), reads: StoredValue::new_local(Rc::default()) };
        provide_context(store);
        store
    }

    pub fn expect() -> AutoReplies {
        expect_context()
    }

    /// Whether Tern may read them: Microsoft's platform, and a mailbox settings permission.
    pub fn available(self) -> bool {
        let auth = self.graph.auth();
        auth.config().is_microsoft() && (auth.has_consented("MailboxSettings.ReadWrite") || auth.has_consented("MailboxSettings.Read"))
    }

    /// The active account's setting, once read.
    pub fn current(self) -> Option<AutomaticReplies> {
        let account = self.graph.auth().active.get()?;
        self.known.with(|known| known.as_ref().filter(|(of, _)| *of == account).and_then(|(_, outcome)| outcome.clone().ok()))
    }

    /// Whether people who write now get an automatic reply.
    pub fn replying_now(replies: &AutomaticReplies) -> bool {
        // Graph writes the schedule in UTC; a zone the browser does not know (a Windows
        // name) would make `Intl` throw, so the schedule is then taken as not running.
        let now = intl::is_time_zone(&replies.zone)
            .then(|| intl::now_in(&replies.zone))
            .flatten()
            .map(|(date, minutes)| format!("{date}T{:02}:{:02}", minutes / 60, minutes % 60));
        replies.replying_at(now.as_deref().unwrap_or_default())
    }

    /// Keeps how a read or save for `account` ended, unless the person has switched since.
    fn keep(self, account: Option<String>, outcome: &Result<AutomaticReplies, GraphFailure>) {
        if account.is_some() && account == self.graph.auth().active.get_untracked() {
            self.known.set(account.map(|account| (account, outcome.clone())));
        }
    }

    /// The active account's setting: as already read, else from Graph.
    pub async fn load(self) -> Result<AutomaticReplies, GraphFailure> {
        if let Some(known) = self.known_untracked() {
            return known;
        }
        let account = self.graph.auth().active.get_untracked().ok_or(GraphFailure::Auth(AuthError::NotSignedIn))?;
        let graph = self.graph;
        let read = async move {
            let settings: Value = graph.request_json(&requests::mailbox_settings()).await?;
            Ok(AutomaticReplies::from_graph(&settings["automaticRepliesSetting"]))
        };
        let outcome = self.reads.get_value().run(&account, || read).await;
        self.keep(Some(account), &outcome);
        outcome
    }

    fn known_untracked(self) -> Option<Result<AutomaticReplies, GraphFailure>> {
        let account = self.graph.auth().active.get_untracked()?;
        self.known.with_untracked(|known| known.as_ref().filter(|(of, _)| *of == account).map(|(_, outcome)| outcome.clone()))
    }

    /// Sends `changes` (`Form::patch`); Graph answers with the whole setting as it now is.
    pub async fn save(self, changes: Value) -> Result<AutomaticReplies, GraphFailure> {
        let account = self.graph.auth().active.get_untracked();
        let answered: Value = self.graph.request_json(&requests::update_mailbox_settings(changes)).await?;
        let replies = Ok(AutomaticReplies::from_graph(&answered["automaticRepliesSetting"]));
        self.keep(account, &replies);
        replies
    }
}
