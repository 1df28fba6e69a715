//! The mailbox's settings, per account: its own time zone, which the calendar uses unless
//! Settings names another, and its automatic replies, shown by the banner and in Settings
//! and changed from Settings. Read once the first screen has had its calls, or when the
//! calendar needs the zone first.

use super::graph::{Graph, GraphFailure};
use super::single_flight::SingleFlight;
use crate::browser::intl;
use leptos::prelude::*;
use serde_json::Value;
use std::rc::Rc;
use tern_core::auth::error::AuthError;
use tern_core::graph::requests;
use tern_core::mail::auto_replies::AutomaticReplies;
use tern_core::windows_zones::iana_of;

#[derive(Clone, Copy)]
pub struct MailboxSettings {
    graph: Graph,
    /// How the last read or save ended, with the account it is of. A failed read is kept
    /// too: after Graph's own retries, asking again on the next screen would only add to
    /// an outage; a reload asks again.
    known: RwSignal<Option<(String, Result<AutomaticReplies, GraphFailure>)>>,
    /// One read per account at a time: the banner and Settings ask together at start.
    reads: StoredValue<Rc<SingleFlight<Result<AutomaticReplies, GraphFailure>>>, LocalStorage>,
}

impl MailboxSettings {
    pub fn provide(graph: Graph) -> MailboxSettings {
        let store = MailboxSettings { graph, known: RwSignal::new(None), reads: StoredValue::new_local(Rc::default()) };
        provide_context(store);
        store
    }

    pub fn expect() -> MailboxSettings {
        expect_context()
    }

    /// Whether Tern may read them: Microsoft's platform, and a mailbox settings permission.
    pub fn available(self) -> bool {
        let auth = self.graph.auth();
        auth.config().is_microsoft() && (auth.has_consented("MailboxSettings.ReadWrite") || auth.has_consented("MailboxSettings.Read"))
    }

    /// The zone times are shown in: the one named in Settings, else the mailbox's own (read
    /// first if it never was), else the browser's.
    pub async fn time_zone(self) -> String {
        match self.graph.auth().account_item::<String>(intl::TIME_ZONE_SETTING) {
            Some(chosen) => chosen,
            None => self.mailbox_zone().await.unwrap_or_else(intl::browser_time_zone),
        }
    }

    /// The mailbox's own zone as an IANA name, read first if it never was; `None` when the
    /// mailbox has none, or Tern may not read it.
    pub async fn mailbox_zone(self) -> Option<String> {
        if self.available() {
            // A failed read leaves the zone known from an earlier visit, if any.
            let _ = self.load().await;
        }
        self.graph.auth().account_item(intl::MAILBOX_TIME_ZONE)
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
        let reader = account.clone();
        let read = async move {
            let settings: Value = graph.request_json(&requests::mailbox_settings()).await?;
            keep_mailbox_zone(graph.auth(), &reader, settings["timeZone"].as_str());
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

/// Keeps the mailbox's own zone for the account, under its IANA name (Graph names it the
/// Windows way, which `Intl` does not know), so the next visit starts in it. A mailbox never
/// opened in Outlook on the web has none; one `Intl` cannot show is treated the same.
fn keep_mailbox_zone(auth: super::auth::Auth, account: &str, zone: Option<&str>) {
    match zone.map(iana_of).filter(|zone| !zone.is_empty() && intl::is_time_zone(zone)) {
        Some(zone) => {
            // Storage may refuse; the zone is then read again on the next visit.
            let _ = auth.keep_item_of(account, intl::MAILBOX_TIME_ZONE, &zone);
        }
        None => auth.forget_item_of(account, intl::MAILBOX_TIME_ZONE),
    }
}
