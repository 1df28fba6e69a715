//! The mail screens' state and their calls to Graph: start-up in one `$batch`, folder
//! pages, delta refresh, and actions applied at once in the UI and undone if Graph refuses.

use super::graph::{batch_item, BlobKind, Graph, GraphFailure};
use super::new_mail::NewMail;
use crate::browser::collation;
use crate::text;
use leptos::prelude::*;
use serde_json::Value;
use tern_core::graph::models::{Attachment, Category, FlagStatus, MailFolder, Message};
use tern_core::graph::page::{apply_delta, Page};
use tern_core::graph::requests::{self, GraphRequest};
use tern_core::graph::Profile;
use tern_core::mail::attachments::raster_image_type;
use tern_core::mail::categories::toggled;
use tern_core::mail::conversations::{self, row_of, Row};
use tern_core::mail::folders::{self, FolderRef, FolderRow, WELL_KNOWN};
use tern_core::mail::list::{self, Filter, InboxTab};
use tern_core::mail::selection::{takes_category_off, Bulk, Selection};
use tern_core::route::Route;

/// Rows asked for a page: enough to fill a tall window and the margin below it.
pub const PAGE_SIZE: u32 = 50;
/// Folders above this size are refreshed by reloading their first page; a first delta
/// round would have to walk every message in them.
const DELTA_FOLDER_LIMIT: u32 = 2_000;
const CACHED_INBOX: &str = "mail:inbox";
/// Whether the mailbox sorts mail into Other (learned from the inbox), kept so the next
/// start asks for the Focused half at once.
pub const SORTS_INTO_OTHER: &str = "mail:sorts-into-other";
/// The person's choice: `false` when they turned grouping by conversation off in Settings.
pub const CONVERSATIONS_CHOICE: &str = "mail:conversations";
/// The person's choice: `false` when they turned Focused Inbox off in Settings.
pub const FOCUSED_INBOX_CHOICE: &str = "mail:focused-inbox";

/// The mail of one mailbox of one account. A store is made for one (account, mailbox) and
/// dropped with the screen when either changes, so nothing of one shows under the other;
/// its signals are read through accessors and changed only by its methods.
#[derive(Clone, Copy)]
pub struct Mail {
    graph: Graph,
    /// `None` for the signed-in person's mailbox, else a shared or delegated one's address.
    /// Fixed for the store's life.
    owner: StoredValue<Option<String>>,
    profile: RwSignal<Option<Profile>>,
    folders: RwSignal<Vec<MailFolder>>,
    well_known: RwSignal<Vec<(&'static str, String)>>,
    /// The folder shown: a well-known name or an id, as the route names it.
    folder: RwSignal<String>,
    messages: RwSignal<Vec<Message>>,
    next_link: RwSignal<Option<String>>,
    delta_link: RwSignal<Option<String>>,
    filter: RwSignal<Filter>,
    search: RwSignal<String>,
    loading: RwSignal<bool>,
    /// Whether the list shows the tab's cached copy while the network answers.
    from_cache: RwSignal<bool>,
    failure: RwSignal<Option<GraphFailure>>,
    /// The browser would not keep the inbox's first page for the next start.
    cache_refused: RwSignal<bool>,
    /// Another person's mailbox needs a permission this account has not consented to.
    needs_consent: RwSignal<bool>,
    /// A sentence about an action that was undone because Graph refused it.
    undone: RwSignal<Option<(&'static str, GraphFailure)>>,
    /// Bumped on every folder change, so answers for a folder no longer shown are dropped.
    generation: RwSignal<u32>,
    /// The mailbox's master list of categories (names and colours); empty for another
    /// person's mailbox, whose list Graph keeps to them, or without the permission.
    categories: RwSignal<Vec<Category>>,
    /// The half of the inbox asked for: Focused unless the mailbox is known not to sort
    /// into Other (until then the Focused half is the whole inbox of such a mailbox).
    tab: RwSignal<Option<InboxTab>>,
    /// Whether the mailbox sorts mail into Other, once known: the halves show only then.
    sorts_into_other: RwSignal<Option<bool>>,
    /// The rows chosen (by the id of the message each shows) for one change to all.
    selection: RwSignal<Selection>,
    /// Whether the list groups messages by conversation (Settings; on by default).
    grouped: RwSignal<bool>,
    /// The list's rows: the messages, or one per conversation.
    rows: Memo<Vec<Row>>,
    /// Notifications of new mail, when the shell provides them.
    new_mail: Option<NewMail>,
    /// The open conversation's messages in this folder, fetched when it is opened, by its id.
    open_conversation: RwSignal<Option<(String, Vec<Message>)>>,
}

/// Graph's permission for mailboxes other than the signed-in person's.
pub const SHARED_MAIL_SCOPE: &str = "Mail.ReadWrite.Shared";

impl Mail {
    pub fn new(graph: Graph, owner: Option<String>) -> Mail {
        let messages = RwSignal::new(Vec::new());
        let grouped = RwSignal::new(graph.auth().account_item::<bool>(CONVERSATIONS_CHOICE) != Some(false));
        Mail {
            graph,
            owner: StoredValue::new(owner),
            profile: RwSignal::new(None),
            folders: RwSignal::new(Vec::new()),
            well_known: RwSignal::new(Vec::new()),
            folder: RwSignal::new(String::new()),
            messages,
            next_link: RwSignal::new(None),
            delta_link: RwSignal::new(None),
            filter: RwSignal::new(Filter::All),
            search: RwSignal::new(String::new()),
            loading: RwSignal::new(false),
            from_cache: RwSignal::new(false),
            failure: RwSignal::new(None),
            needs_consent: RwSignal::new(false),
            cache_refused: RwSignal::new(false),
            undone: RwSignal::new(None),
            generation: RwSignal::new(0),
            categories: RwSignal::new(Vec::new()),
            tab: RwSignal::new(None),
            sorts_into_other: RwSignal::new(None),
            selection: RwSignal::new(Selection::default()),
            grouped,
            rows: Memo::new(move |_| messages.with(|messages| conversations::rows(messages, grouped.get()))),
            open_conversation: RwSignal::new(None),
            new_mail: use_context(),
        }
    }

    pub fn provide(self) {
        provide_context(self);
    }

    pub fn expect() -> Mail {
        expect_context()
    }

    pub fn graph(self) -> Graph {
        self.graph
    }

    /// The address of the mailbox when it is not the signed-in person's own.
    pub fn owner(self) -> Option<String> {
        self.owner.get_value()
    }

    /// `/me` or `/users/{address}`.
    pub fn mailbox(self) -> String {
        list::mailbox_path(self.owner().as_deref())
    }

    /// Where a folder, or a message in it, of this mailbox is.
    pub fn route(self, folder: &str, message: Option<String>) -> Route {
        Route::Mail { mailbox: self.owner(), folder: folder.to_owned(), message }
    }

    pub fn profile(self) -> ReadSignal<Option<Profile>> {
        self.profile.read_only()
    }

    pub fn folders(self) -> ReadSignal<Vec<MailFolder>> {
        self.folders.read_only()
    }

    pub fn well_known(self) -> ReadSignal<Vec<(&'static str, String)>> {
        self.well_known.read_only()
    }

    /// The folder tree as the pane and the *Move to…* lists show it (tracked): well-known
    /// folders first, the others by name in the person's language.
    pub fn folder_rows(self) -> Vec<FolderRow> {
        folders::tree(&self.folders.get(), &self.well_known.get(), &collation::name_order())
    }

    pub fn folder(self) -> ReadSignal<String> {
        self.folder.read_only()
    }

    pub fn messages(self) -> ReadSignal<Vec<Message>> {
        self.messages.read_only()
    }

    /// The list's rows: one per conversation when grouped, else one per message.
    pub fn rows(self) -> Memo<Vec<Row>> {
        self.rows
    }

    pub fn grouped(self) -> ReadSignal<bool> {
        self.grouped.read_only()
    }

    /// The messages of `conversation_id` in the shown folder, newest first: fetched once
    /// when the conversation opens and kept, so actions on it reach all of them.
    pub async fn conversation(self, conversation_id: &str) -> Result<Vec<Message>, GraphFailure> {
        let folder = FolderRef::parse(&self.folder.get_untracked());
        let request = requests::conversation(&self.mailbox(), &folder, conversation_id);
        let page = self.graph.request_json::<Page<Message>>(&request).await?;
        self.open_conversation.set(Some((conversation_id.to_owned(), page.value.clone())));
        Ok(page.value)
    }

    /// How many messages of `id`'s conversation this folder holds, as far as known: its row,
    /// and the whole conversation once it was opened. 1 when the list does not group.
    pub fn conversation_size(self, id: &str) -> usize {
        if !self.grouped.get_untracked() {
            return 1;
        }
        let in_row = self.rows.with_untracked(|rows| row_of(rows, id).map_or(1, Row::count));
        let opened = self.open_conversation.with_untracked(|open| {
            open.as_ref().filter(|(_, messages)| messages.iter().any(|m| m.id == id)).map_or(0, |(_, messages)| messages.len())
        });
        in_row.max(opened)
    }

    /// Deletes one message of an open conversation: as [`Mail::delete`], and out of the
    /// conversation's own list too.
    pub async fn delete_one(self, id: &str) {
        self.open_conversation.update(|open| {
            if let Some((_, messages)) = open {
                messages.retain(|m| m.id != id);
            }
        });
        let listed = self.find(id).is_some();
        if listed {
            return self.delete(id).await;
        }
        let in_bin = self.is_shown_folder(&self.folder_id("deleteditems"));
        let request = if in_bin {
            requests::delete_message(&self.mailbox(), id)
        } else {
            requests::move_message(&self.mailbox(), id, &FolderRef::WellKnown("deleteditems"))
        };
        if let Err(failure) = self.graph.perform(&request).await {
            self.report_undone(text::UNDONE_DELETE, failure);
        }
    }

    pub fn selection(self) -> ReadSignal<Selection> {
        self.selection.read_only()
    }

    /// Adds a message to the chosen ones, or takes it out (a checkbox, Ctrl/⌘+click, `x`).
    pub fn toggle_chosen(self, id: &str) {
        self.selection.update(|selection| selection.toggle(id));
    }

    /// Adds every row from the last one chosen to this one (Shift+click).
    pub fn choose_through(self, id: &str) {
        let order: Vec<String> = self.rows.with_untracked(|rows| rows.iter().map(|row| row.id().to_owned()).collect());
        let order: Vec<&str> = order.iter().map(String::as_str).collect();
        self.selection.update(|selection| selection.extend_to(&order, id));
    }

    pub fn clear_chosen(self) {
        self.selection.set(Selection::default());
    }

    pub fn tab(self) -> ReadSignal<Option<InboxTab>> {
        self.tab.read_only()
    }

    /// Whether the inbox's halves are on offer: the shown half is one, and the mailbox is
    /// known to sort mail into Other.
    pub fn halves_shown(self) -> bool {
        self.tab.with(Option::is_some) && self.sorts_into_other.get() == Some(true)
    }

    /// Whether the inbox is asked for in Focused Inbox's halves: one's own mailbox, not
    /// turned off in Settings, and not known to keep everything in Focused.
    fn uses_focused_inbox(self) -> bool {
        let auth = self.graph.auth();
        self.owner().is_none()
            && auth.account_item::<bool>(FOCUSED_INBOX_CHOICE) != Some(false)
            && self.sorts_into_other.get_untracked() != Some(false)
    }

    /// The half a folder opens in: Focused for the inbox of a mailbox that uses them.
    fn tab_for(self, folder: &str) -> Option<InboxTab> {
        (folder == "inbox" && self.uses_focused_inbox()).then_some(InboxTab::Focused)
    }

    /// Shows the other half of the inbox.
    pub async fn choose_tab(self, tab: InboxTab) {
        self.tab.set(Some(tab));
        self.reload_folder().await;
    }

    pub fn categories(self) -> ReadSignal<Vec<Category>> {
        self.categories.read_only()
    }

    pub fn has_more(self) -> Signal<bool> {
        let next_link = self.next_link;
        Signal::derive(move || next_link.with(Option::is_some))
    }

    pub fn filter(self) -> ReadSignal<Filter> {
        self.filter.read_only()
    }

    pub fn search_text(self) -> ReadSignal<String> {
        self.search.read_only()
    }

    pub fn loading(self) -> ReadSignal<bool> {
        self.loading.read_only()
    }

    pub fn from_cache(self) -> ReadSignal<bool> {
        self.from_cache.read_only()
    }

    pub fn failure(self) -> ReadSignal<Option<GraphFailure>> {
        self.failure.read_only()
    }

    pub fn cache_refused(self) -> ReadSignal<bool> {
        self.cache_refused.read_only()
    }

    pub fn needs_consent(self) -> ReadSignal<bool> {
        self.needs_consent.read_only()
    }

    pub fn undone(self) -> ReadSignal<Option<(&'static str, GraphFailure)>> {
        self.undone.read_only()
    }

    pub fn dismiss_undone(self) {
        self.undone.set(None);
    }

    /// Whether opening this mailbox must first ask for more permission (another person's
    /// mailbox needs `Mail.ReadWrite.Shared`, which `config.json` does not name by default).
    pub fn lacks_consent(self) -> bool {
        self.owner().is_some() && !self.graph.auth().has_consented(SHARED_MAIL_SCOPE)
    }

    /// Leaves for the consent round trip, which comes back to this mailbox.
    pub async fn ask_consent(self) {
        if let Err(error) = self.graph.auth().request_consent(&[SHARED_MAIL_SCOPE]).await {
            self.failure.set(Some(GraphFailure::Auth(error)));
        }
    }

    /// Shows the folder's first page again with a new search (empty: no search).
    pub async fn search(self, text: String) {
        self.search.set(text);
        self.reload_folder().await;
    }

    pub async fn choose_filter(self, filter: Filter) {
        self.filter.set(filter);
        self.reload_folder().await;
    }

    /// The id of a well-known folder, or the key itself when it is an id.
    pub fn folder_id(self, key: &str) -> String {
        self.well_known.get_untracked().into_iter().find(|(name, _)| *name == key).map(|(_, id)| id).unwrap_or_else(|| key.to_owned())
    }

    fn is_shown_folder(self, folder_id: &str) -> bool {
        self.folder_id(&self.folder.get_untracked()) == folder_id
    }

    /// The list the tab keeps for the next start: the inbox, or its Focused half.
    fn showing_inbox_unfiltered(self) -> bool {
        self.owner().is_none()
            && self.folder.get_untracked() == "inbox"
            && self.filter.get_untracked() == Filter::All
            && self.tab.get_untracked() != Some(InboxTab::Other)
            && self.search.get_untracked().trim().is_empty()
    }

    /// Profile, top-level folders and the first page of `folder` in one round trip, then
    /// the well-known folder ids and the child folders. The inbox shows from the tab's
    /// cache first, when there is one.
    pub async fn start(self, folder: String) {
        self.folder.set(folder.clone());
        self.sorts_into_other.set(self.graph.auth().account_item::<bool>(SORTS_INTO_OTHER));
        self.tab.set(self.tab_for(&folder));
        if self.lacks_consent() {
            self.needs_consent.set(true);
            return;
        }
        if self.showing_inbox_unfiltered() {
            if let Some(cached) = self.graph.auth().account_item::<Vec<Message>>(CACHED_INBOX) {
                self.messages.set(cached);
                self.from_cache.set(true);
            }
        }
        self.loading.set(true);
        let mailbox = self.mailbox();
        // What the first paint needs, in one round trip of at most 4 requests, which Graph
        // runs together; the rest follows.
        let mut first = vec![
            requests::profile().in_batch("profile"),
            requests::mail_folders(&mailbox).in_batch("folders"),
            self.first_page(&folder).in_batch("page"),
        ];
        // The rows' category colours; only one's own list is readable.
        let auth = self.graph.auth();
        let may_read_categories = auth.has_consented("MailboxSettings.Read") || auth.has_consented("MailboxSettings.ReadWrite");
        if self.owner().is_none() && may_read_categories {
            first.push(requests::master_categories().in_batch("categories"));
        }
        let generation = self.generation.get_untracked();
        match self.graph.batch(first).await {
            Ok(answers) => {
                if let Ok(profile) = batch_item::<Profile>(&answers, "profile") {
                    self.profile.set(Some(profile));
                }
                // Without the list, categories show by name, without colours.
                if let Ok(page) = batch_item::<Page<Category>>(&answers, "categories") {
                    self.categories.set(page.value);
                }
                match batch_item::<Page<MailFolder>>(&answers, "folders") {
                    Ok(page) => self.folders.set(page.value),
                    Err(failure) => self.failure.set(Some(failure)),
                }
                let page = batch_item::<Page<Message>>(&answers, "page");
                if generation == self.generation.get_untracked() {
                    self.show_first_page(page);
                }
                self.load_well_known_ids().await;
                self.load_child_folders().await;
            }
            Err(failure) => {
                self.loading.set(false);
                self.failure.set(Some(failure));
            }
        }
    }

    /// The ids of the well-known folders, which order the folder pane, and whether the
    /// mailbox sorts mail into Other.
    async fn load_well_known_ids(self) {
        let mailbox = self.mailbox();
        let mut requests: Vec<_> = WELL_KNOWN.iter().map(|name| requests::well_known_folder_id(&mailbox, name).in_batch(name)).collect();
        let auth = self.graph.auth();
        let probe = self.owner().is_none() && auth.account_item::<bool>(FOCUSED_INBOX_CHOICE) != Some(false);
        if probe {
            requests.push(requests::other_probe(&mailbox).in_batch("other"));
        }
        if let Ok(answers) = self.graph.batch(requests).await {
            if let Ok(page) = batch_item::<Page<Value>>(&answers, "other") {
                self.learn_focused_inbox(!page.value.is_empty()).await;
            }
            let known: Vec<(&'static str, String)> = WELL_KNOWN
                .iter()
                .filter_map(|name| batch_item::<Value>(&answers, name).ok().and_then(|v| Some((*name, v["id"].as_str()?.to_owned()))))
                .collect();
            self.well_known.set(known);
        }
    }

    fn first_page(self, folder: &str) -> GraphRequest {
        requests::first_page(
            &self.mailbox(),
            &FolderRef::parse(folder),
            self.filter.get_untracked(),
            self.tab.get_untracked(),
            &self.search.get_untracked(),
            PAGE_SIZE,
        )
    }

    fn show_first_page(self, page: Result<Page<Message>, GraphFailure>) {
        self.loading.set(false);
        self.from_cache.set(false);
        match page {
            Ok(page) => {
                self.failure.set(None);
                self.next_link.set(page.next_link);
                self.messages.set(page.value);
                if self.showing_inbox_unfiltered() {
                    let kept = self.graph.auth().keep_account_item(CACHED_INBOX, &self.messages.get_untracked());
                    self.cache_refused.set(kept.is_err());
                }
            }
            Err(failure) => self.failure.set(Some(failure)),
        }
    }

    /// Keeps whether the mailbox sorts mail into Other. The open inbox needs no new page
    /// on a first visit: without mail in Other its Focused half is all of it. Only a
    /// mailbox that starts sorting (Focused Inbox turned on elsewhere) is asked again.
    async fn learn_focused_inbox(self, sorts: bool) {
        let before = self.sorts_into_other.get_untracked();
        if before == Some(sorts) {
            return;
        }
        self.sorts_into_other.set(Some(sorts));
        // Storage may refuse; the probe then answers again on the next start.
        let _ = self.graph.auth().keep_account_item(SORTS_INTO_OTHER, &sorts);
        let folder = self.folder.get_untracked();
        let wanted = self.tab_for(&folder);
        let asked_whole = self.tab.get_untracked().is_none();
        self.tab.set(wanted);
        if wanted.is_some() && asked_whole {
            self.reload_folder().await;
        }
    }

    /// Child folders, level by level, in one batch per level.
    async fn load_child_folders(self) {
        let mailbox = self.mailbox();
        let mut parents: Vec<String> =
            self.folders.get_untracked().iter().filter(|folder| folder.child_folder_count > 0).map(|folder| folder.id.clone()).collect();
        // Deep trees are rare; the bound keeps bad data from looping.
        for _ in 0..8 {
            if parents.is_empty() {
                break;
            }
            let requests =
                parents.iter().enumerate().map(|(index, id)| requests::child_folders(&mailbox, id).in_batch(&index.to_string())).collect();
            let Ok(answers) = self.graph.batch(requests).await else {
                return;
            };
            let mut found: Vec<MailFolder> = Vec::new();
            for index in 0..parents.len() {
                if let Ok(page) = batch_item::<Page<MailFolder>>(&answers, &index.to_string()) {
                    found.extend(page.value);
                }
            }
            parents = found.iter().filter(|folder| folder.child_folder_count > 0).map(|folder| folder.id.clone()).collect();
            self.folders.update(|folders| {
                for folder in found {
                    if !folders.iter().any(|known| known.id == folder.id) {
                        folders.push(folder);
                    }
                }
            });
        }
    }

    /// Shows `folder` from its first page, with the current filter or search; the inbox in
    /// its Focused half when the mailbox uses them.
    pub async fn open_folder(self, folder: String) {
        self.tab.set(self.tab_for(&folder));
        self.show_folder(folder).await;
    }

    /// The shown folder again from its first page, in the half and with the filter now chosen.
    async fn reload_folder(self) {
        self.show_folder(self.folder.get_untracked()).await;
    }

    async fn show_folder(self, folder: String) {
        self.generation.update(|n| *n += 1);
        self.clear_chosen();
        self.open_conversation.set(None);
        let generation = self.generation.get_untracked();
        self.folder.set(folder.clone());
        self.next_link.set(None);
        self.delta_link.set(None);
        self.messages.set(Vec::new());
        self.loading.set(true);
        let page = self.graph.request_json::<Page<Message>>(&self.first_page(&folder)).await;
        if generation == self.generation.get_untracked() {
            self.show_first_page(page);
        }
    }

    /// The next page, when the person scrolls near the end.
    pub async fn load_more(self) {
        let Some(next) = self.next_link.get_untracked() else {
            return;
        };
        if self.loading.get_untracked() {
            return;
        }
        let generation = self.generation.get_untracked();
        self.loading.set(true);
        let page = self.graph.follow::<Page<Message>>(&next).await;
        if generation != self.generation.get_untracked() {
            return;
        }
        self.loading.set(false);
        match page {
            Ok(page) => {
                self.next_link.set(page.next_link);
                self.messages.update(|messages| {
                    for message in page.value {
                        if !messages.iter().any(|known| known.id == message.id) {
                            messages.push(message);
                        }
                    }
                });
            }
            Err(failure) => self.failure.set(Some(failure)),
        }
    }

    /// Brings the shown folder up to date: a delta round where the folder is small enough
    /// to have one, else its first page again. Filtered and searched lists reload. New mail
    /// is looked for at the same time, for notifications.
    pub async fn refresh(self) {
        if let Some(new_mail) = self.new_mail {
            new_mail.check().await;
        }
        let folder = self.folder.get_untracked();
        // A half of the inbox is a filter too: a delta round would bring the other half.
        let filtered = self.filter.get_untracked() != Filter::All
            || self.tab.get_untracked().is_some()
            || !self.search.get_untracked().trim().is_empty();
        let size = self
            .folders
            .get_untracked()
            .iter()
            .find(|known| known.id == self.folder_id(&folder))
            .map_or(u32::MAX, |known| known.total_item_count);
        if filtered || size > DELTA_FOLDER_LIMIT {
            let generation = self.generation.get_untracked();
            let page = self.graph.request_json::<Page<Message>>(&self.first_page(&folder)).await;
            if generation == self.generation.get_untracked() {
                self.show_first_page(page);
            }
            return;
        }
        self.delta_round(folder).await;
        self.refresh_counts().await;
    }

    async fn delta_round(self, folder: String) {
        let generation = self.generation.get_untracked();
        let mut link =
            self.delta_link.get_untracked().unwrap_or_else(|| requests::messages_delta(&self.mailbox(), &FolderRef::parse(&folder)).path);
        let mut changes: Vec<Value> = Vec::new();
        let first_round = self.delta_link.get_untracked().is_none();
        loop {
            let page = match self.graph.follow::<Page<Value>>(&link).await {
                Ok(page) => page,
                Err(GraphFailure::Graph(error)) if error.status == 410 || error.code.eq_ignore_ascii_case("syncStateNotFound") => {
                    self.delta_link.set(None);
                    return;
                }
                Err(failure) => {
                    self.failure.set(Some(failure));
                    return;
                }
            };
            changes.extend(page.value);
            match (page.next_link, page.delta_link) {
                (Some(next), _) => link = next,
                (None, Some(delta)) => {
                    if generation == self.generation.get_untracked() {
                        self.delta_link.set(Some(delta));
                    }
                    break;
                }
                (None, None) => break,
            }
        }
        if generation != self.generation.get_untracked() {
            return;
        }
        let mut items: Vec<Value> = self.messages.get_untracked().iter().filter_map(|m| serde_json::to_value(m).ok()).collect();
        if first_round {
            // The first round lists the whole folder: it replaces the list.
            items.clear();
        }
        apply_delta(&mut items, changes);
        let mut messages: Vec<Message> = items.iter().filter_map(|item| tern_core::json::from_value(item).ok()).collect();
        list::sort_newest_first(&mut messages);
        self.messages.set(messages);
    }

    async fn refresh_counts(self) {
        let mailbox = self.mailbox();
        if let Ok(page) = self.graph.request_json::<Page<MailFolder>>(&requests::mail_folders(&mailbox)).await {
            self.folders.update(|folders| {
                for fresh in page.value {
                    if let Some(known) = folders.iter_mut().find(|known| known.id == fresh.id) {
                        *known = fresh;
                    }
                }
            });
        }
    }

    /// The whole message, body included, as the person reads it.
    pub async fn message(self, id: &str) -> Result<Message, GraphFailure> {
        self.graph.request_json(&requests::message(&self.mailbox(), id)).await
    }

    pub async fn attachments(self, id: &str) -> Result<Vec<Attachment>, GraphFailure> {
        self.graph.request_json::<Page<Attachment>>(&requests::attachments(&self.mailbox(), id)).await.map(|page| page.value)
    }

    /// An attachment's bytes as a `blob:` URL of a file to save, never one the browser
    /// would open as a page.
    pub async fn download_url(self, message: &str, attachment: &str) -> Result<String, GraphFailure> {
        self.graph.object_url(&requests::attachment_content(&self.mailbox(), message, attachment), BlobKind::Download).await
    }

    /// An inline picture's bytes as a `blob:` URL typed as the raster image it must be.
    pub async fn inline_image_url(self, message: &str, attachment: &str) -> Result<String, GraphFailure> {
        self.graph.object_url(&requests::attachment_content(&self.mailbox(), message, attachment), BlobKind::RasterImage).await
    }

    /// Attachments with a `contentId` that are raster pictures, for `cid:` images, as
    /// `(contentId, id)`; other parts behind `cid:` are not shown inline.
    pub async fn inline_parts(self, id: &str) -> Vec<(String, String)> {
        match self.graph.request_json::<Page<Attachment>>(&requests::inline_parts(&self.mailbox(), id)).await {
            Ok(page) => page
                .value
                .into_iter()
                .filter(|a| a.content_type.as_deref().and_then(raster_image_type).is_some())
                .filter_map(|a| Some((a.content_id?, a.id)))
                .collect(),
            Err(_) => Vec::new(),
        }
    }

    fn find(self, id: &str) -> Option<Message> {
        self.messages.get_untracked().into_iter().find(|message| message.id == id)
    }

    fn replace(self, message: Message) {
        self.messages.update(|messages| {
            if let Some(known) = messages.iter_mut().find(|known| known.id == message.id) {
                *known = message;
            }
        });
    }

    fn report_undone(self, what: &'static str, failure: GraphFailure) {
        self.undone.set(Some((what, failure)));
    }

    /// Marks a message read or unread at once, and back if Graph refuses.
    pub async fn set_read(self, id: &str, read: bool) {
        let Some(before) = self.find(id) else {
            return;
        };
        if before.is_read == read {
            return;
        }
        let folder = before.parent_folder_id.clone().unwrap_or_default();
        let shift = |by: i32| self.folders.update(|all| folders::adjust_unread(all, &folder, by));
        self.replace(Message { is_read: read, ..before.clone() });
        shift(if read { -1 } else { 1 });
        if let Err(failure) = self.graph.perform(&requests::mark_read(&self.mailbox(), id, read)).await {
            self.replace(before);
            shift(if read { 1 } else { -1 });
            self.report_undone(text::UNDONE_READ, failure);
        }
    }

    pub async fn set_flag(self, id: &str, flagged: bool) {
        let Some(before) = self.find(id) else {
            return;
        };
        let status = if flagged { FlagStatus::Flagged } else { FlagStatus::NotFlagged };
        let mut after = before.clone();
        after.flag.flag_status = status;
        self.replace(after);
        if let Err(failure) = self.graph.perform(&requests::set_flag(&self.mailbox(), id, flagged)).await {
            self.replace(before);
            self.report_undone(text::UNDONE_FLAG, failure);
        }
    }

    /// Sets a message's categories (the whole list) at once in the list, and back if Graph
    /// refuses; the reader, which holds its own copy, is told how it ended.
    pub async fn set_categories(self, id: &str, before: Vec<String>, wanted: Vec<String>) -> Result<(), GraphFailure> {
        let with = |categories: Vec<String>| {
            if let Some(message) = self.find(id) {
                self.replace(Message { categories, ..message });
            }
        };
        with(wanted.clone());
        let outcome = self.graph.perform(&requests::set_categories(&self.mailbox(), id, &wanted)).await;
        if let Err(failure) = &outcome {
            with(before);
            self.report_undone(text::UNDONE_CATEGORIES, failure.clone());
        }
        outcome
    }

    /// One change for every chosen row's messages (a conversation's, when the list groups
    /// them); see [`Mail::change_messages`]. Rows that stay in the list stay chosen, for
    /// the next change.
    pub async fn change_chosen(self, change: Bulk) {
        let chosen = self.selection.get_untracked().chosen;
        let ids: Vec<String> = self.rows.with_untracked(|rows| {
            rows.iter().filter(|row| chosen.iter().any(|id| id == row.id())).flat_map(|row| row.ids.clone()).collect()
        });
        self.change_messages(ids, change, text::UNDONE_CHOSEN).await;
    }

    /// One change for the whole conversation of message `id`: its rows in the list, and
    /// the rest of it in this folder once it was opened.
    pub async fn change_conversation(self, id: &str, change: Bulk) {
        let mut ids: Vec<String> =
            self.rows.with_untracked(|rows| row_of(rows, id).map(|row| row.ids.clone()).unwrap_or_else(|| vec![id.to_owned()]));
        self.open_conversation.with_untracked(|open| {
            if let Some((_, messages)) = open.as_ref().filter(|(_, messages)| messages.iter().any(|m| m.id == id)) {
                let more: Vec<String> = messages.iter().map(|m| m.id.clone()).filter(|known| !ids.contains(known)).collect();
                ids.extend(more);
            }
        });
        self.change_messages(ids, change, text::UNDONE_CONVERSATION).await;
    }

    /// One change for many messages, shown at once in the list and sent in `$batch`es of at
    /// most 20 (Graph's limit, `Graph::batch`); each message Graph refuses is put back as it
    /// was, and `undone` says so. Chosen rows that left the list are no longer chosen,
    /// unless they were put back.
    async fn change_messages(self, ids: Vec<String>, change: Bulk, undone: &'static str) {
        let listed = self.messages.get_untracked();
        let opened: Vec<Message> =
            self.open_conversation.with_untracked(|open| open.as_ref().map(|(_, messages)| messages.clone()).unwrap_or_default());
        let targets: Vec<(Option<usize>, Message)> = ids
            .iter()
            .filter_map(|id| match listed.iter().position(|m| &m.id == id) {
                Some(index) => Some((Some(index), listed[index].clone())),
                None => opened.iter().find(|m| &m.id == id).map(|m| (None, m.clone())),
            })
            .collect();
        if targets.is_empty() {
            return;
        }
        let generation = self.generation.get_untracked();
        let bin = self.folder_id("deleteditems");
        let mailbox = self.mailbox();
        let messages: Vec<Message> = targets.iter().map(|(_, m)| m.clone()).collect();
        let category_off = matches!(&change, Bulk::Categorize(name) if takes_category_off(&messages, name));
        let mut leave = false;
        let mut requests = Vec::new();
        let mut after = Vec::new();
        for (key, (_, message)) in targets.iter().enumerate() {
            let (request, changed) = match &change {
                Bulk::Read(read) => {
                    (requests::mark_read(&mailbox, &message.id, *read), Some(Message { is_read: *read, ..message.clone() }))
                }
                Bulk::Flag(flagged) => {
                    let mut flagged_copy = message.clone();
                    flagged_copy.flag.flag_status = if *flagged { FlagStatus::Flagged } else { FlagStatus::NotFlagged };
                    (requests::set_flag(&mailbox, &message.id, *flagged), Some(flagged_copy))
                }
                Bulk::Categorize(name) => {
                    let has = message.categories.iter().any(|c| c.eq_ignore_ascii_case(name));
                    // Off from all of them, or on for those that lack it.
                    let categories = if category_off || !has { toggled(&message.categories, name) } else { message.categories.clone() };
                    (requests::set_categories(&mailbox, &message.id, &categories), Some(Message { categories, ..message.clone() }))
                }
                Bulk::Move(destination) => {
                    leave = true;
                    (requests::move_message(&mailbox, &message.id, &FolderRef::parse(destination)), None)
                }
                Bulk::Delete if message.parent_folder_id.as_deref() == Some(bin.as_str()) => {
                    leave = true;
                    (requests::delete_message(&mailbox, &message.id), None)
                }
                Bulk::Delete => {
                    leave = true;
                    (requests::move_message(&mailbox, &message.id, &FolderRef::WellKnown("deleteditems")), None)
                }
            };
            requests.push(request.in_batch(&key.to_string()));
            after.push(changed);
        }
        // At once: changed rows replaced, moved or deleted ones out of the list.
        for changed in after.iter().flatten() {
            self.replace(changed.clone());
        }
        let chosen_before = self.selection.get_untracked();
        if leave {
            self.messages.update(|messages| messages.retain(|m| !ids.contains(&m.id)));
            self.keep_listed_chosen();
        }
        if let Bulk::Read(read) = change {
            self.shift_unread(&messages, read, false);
        }
        let answers = self.graph.batch(requests).await;
        let mut refused: Vec<(Option<usize>, Message)> = Vec::new();
        let mut first_failure = None;
        for (key, target) in targets.into_iter().enumerate() {
            let outcome = answers.as_ref().map_err(Clone::clone).and_then(|answers| batch_item::<Value>(answers, &key.to_string()));
            if let Err(failure) = outcome {
                first_failure.get_or_insert(failure);
                refused.push(target);
            }
        }
        if generation == self.generation.get_untracked() {
            // In the list's order, so each goes back to its own place.
            tern_core::sort::sort_by_key(&mut refused, |(index, _)| *index);
            for (index, before) in &refused {
                match index {
                    Some(index) if leave => self.messages.update(|messages| messages.insert((*index).min(messages.len()), before.clone())),
                    _ => self.replace(before.clone()),
                }
            }
            if let Bulk::Read(read) = change {
                let put_back: Vec<Message> = refused.iter().map(|(_, m)| m.clone()).collect();
                self.shift_unread(&put_back, read, true);
            }
            // What was put back is chosen again, as it was.
            self.selection.update(|selection| {
                for (_, message) in &refused {
                    if chosen_before.is_chosen(&message.id) && !selection.is_chosen(&message.id) {
                        selection.chosen.push(message.id.clone());
                    }
                }
            });
            self.keep_listed_chosen();
        }
        if let Some(failure) = first_failure {
            self.report_undone(undone, failure);
        }
        if leave {
            self.refresh_counts().await;
        }
    }

    /// Forgets chosen rows that left the list.
    fn keep_listed_chosen(self) {
        let rows: Vec<String> = self.rows.with_untracked(|rows| rows.iter().map(|row| row.id().to_owned()).collect());
        self.selection.update(|selection| selection.keep_only(|id| rows.iter().any(|kept| kept == id)));
    }

    /// The unread counts of the folders `messages` are in, as they change when the messages
    /// become `read`, or back again when that is `undone`.
    fn shift_unread(self, messages: &[Message], read: bool, undone: bool) {
        let step = if read == undone { 1 } else { -1 };
        self.folders.update(|all| {
            for message in messages.iter().filter(|m| m.is_read != read) {
                let folder = message.parent_folder_id.clone().unwrap_or_default();
                folders::adjust_unread(all, &folder, step);
            }
        });
    }

    /// Moves a message to the other half of the inbox: out of the list at once, back if Graph
    /// refuses. With `always`, the sender's future mail goes there too (an override; Graph
    /// leaves their earlier mail where it is).
    pub async fn move_to_half(self, id: &str, to: InboxTab, always: bool) {
        let messages = self.messages.get_untracked();
        let Some(index) = messages.iter().position(|message| message.id == id) else {
            return;
        };
        let before = messages[index].clone();
        let leaves_list = self.tab.get_untracked().is_some_and(|shown| shown != to);
        let generation = self.generation.get_untracked();
        if leaves_list {
            self.messages.update(|messages| messages.retain(|message| message.id != id));
        }
        if let Err(failure) = self.graph.perform(&requests::classify(&self.mailbox(), id, to)).await {
            if leaves_list && generation == self.generation.get_untracked() {
                self.messages.update(|messages| messages.insert(index.min(messages.len()), before));
            }
            return self.report_undone(text::UNDONE_HALF, failure);
        }
        let sender = before.from.as_ref().map(|from| from.email_address.clone()).unwrap_or_default();
        let (Some(address), true) = (sender.address.as_deref(), always) else { return };
        let name = sender.name.as_deref().unwrap_or_default();
        if let Err(failure) = self.graph.perform(&requests::always_classify(name, address, to)).await {
            self.report_undone(text::UNDONE_ALWAYS, failure);
        }
    }

    /// Moves a message out of the list at once; it comes back where it was if Graph refuses.
    pub async fn move_to(self, id: &str, destination: &str) {
        let messages = self.messages.get_untracked();
        let Some(index) = messages.iter().position(|message| message.id == id) else {
            return;
        };
        let before = messages[index].clone();
        let from = before.parent_folder_id.clone().unwrap_or_default();
        let to = self.folder_id(destination);
        if from == to {
            return;
        }
        let unread = if before.is_read { 0 } else { 1 };
        let shift = |sign: i32| {
            self.folders.update(|all| {
                folders::adjust_total(all, &from, -sign);
                folders::adjust_unread(all, &from, -sign * unread);
                folders::adjust_total(all, &to, sign);
                folders::adjust_unread(all, &to, sign * unread);
            })
        };
        self.messages.update(|messages| messages.retain(|message| message.id != id));
        shift(1);
        let outcome = self.graph.perform(&requests::move_message(&self.mailbox(), id, &FolderRef::parse(destination))).await;
        if let Err(failure) = outcome {
            shift(-1);
            if self.is_shown_folder(&from) {
                self.messages.update(|messages| messages.insert(index.min(messages.len()), before));
            }
            self.report_undone(text::UNDONE_MOVE, failure);
        }
    }

    /// To Deleted Items; from Deleted Items, gone for good.
    pub async fn delete(self, id: &str) {
        let in_bin = self.find(id).and_then(|m| m.parent_folder_id) == Some(self.folder_id("deleteditems"));
        if !in_bin {
            return self.move_to(id, "deleteditems").await;
        }
        let messages = self.messages.get_untracked();
        let Some(index) = messages.iter().position(|message| message.id == id) else {
            return;
        };
        let before = messages[index].clone();
        self.messages.update(|messages| messages.retain(|message| message.id != id));
        if let Err(failure) = self.graph.perform(&requests::delete_message(&self.mailbox(), id)).await {
            self.messages.update(|messages| messages.insert(index.min(messages.len()), before));
            self.report_undone(text::UNDONE_DELETE, failure);
        }
    }
}
