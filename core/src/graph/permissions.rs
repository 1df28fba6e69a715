//! Which delegated permissions each Microsoft Graph call Tern makes needs, from the
//! "Permissions" table of each API's reference page on learn.microsoft.com (the sources
//! are listed in docs/research/graph-permissions-and-failures.md). The token inspector
//! shows what a token's scopes allow, and the request console names the permission a
//! refused (403) call lacked.

/// One call of Tern's, as the reference documents it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Endpoint {
    pub method: &'static str,
    /// The path under `/me`, `{id}` standing for any one segment.
    pub path: &'static str,
    pub what: &'static str,
    /// The permissions that allow it, least privileged first.
    pub permissions: &'static [&'static str],
}

const MAIL_BASIC: &[&str] = &["Mail.ReadBasic", "Mail.Read", "Mail.ReadWrite"];
const MAIL_READ: &[&str] = &["Mail.Read", "Mail.ReadWrite"];
const MAIL_WRITE: &[&str] = &["Mail.ReadWrite"];
const CALENDARS_BASIC: &[&str] = &["Calendars.ReadBasic", "Calendars.Read", "Calendars.ReadWrite"];
const CALENDARS_WRITE: &[&str] = &["Calendars.ReadWrite"];
const CONTACTS_READ: &[&str] = &["Contacts.Read", "Contacts.ReadWrite"];
const CONTACTS_WRITE: &[&str] = &["Contacts.ReadWrite"];
const TASKS_READ: &[&str] = &["Tasks.Read", "Tasks.ReadWrite"];
const TASKS_WRITE: &[&str] = &["Tasks.ReadWrite"];

const fn call(method: &'static str, path: &'static str, what: &'static str, permissions: &'static [&'static str]) -> Endpoint {
    Endpoint { method, path, what, permissions }
}

pub const ENDPOINTS: &[Endpoint] = &[
    call("GET", "/me", "Read the profile", &["User.Read", "User.ReadWrite", "User.ReadBasic.All", "User.Read.All", "Directory.Read.All"]),
    call(
        "GET",
        "/me/photo/$value",
        "Read the profile photo",
        &["ProfilePhoto.Read.All", "User.Read", "User.ReadWrite", "User.ReadBasic.All", "User.Read.All"],
    ),
    call("GET", "/me/mailFolders", "List mail folders", MAIL_BASIC),
    call("GET", "/me/mailFolders/{id}", "Find a folder by its well-known name", MAIL_BASIC),
    call("GET", "/me/mailFolders/{id}/childFolders", "List a folder's subfolders", MAIL_BASIC),
    call("GET", "/me/mailFolders/{id}/messages", "List a folder's messages", MAIL_BASIC),
    call("GET", "/me/mailFolders/{id}/messages/delta", "Follow changes to a folder", MAIL_BASIC),
    call("GET", "/me/messages/{id}", "Read a message with its body", MAIL_READ),
    call("GET", "/me/messages/{id}/attachments", "List a message's attachments", MAIL_READ),
    call("GET", "/me/messages/{id}/attachments/{id}/$value", "Download an attachment", MAIL_READ),
    call("POST", "/me/translateExchangeIds", "Translate an item id from Outlook", &["User.ReadBasic.All", "User.Read"]),
    call("PATCH", "/me/messages/{id}", "Mark read, flag, categorise, sort into Focused or Other, or save a draft", MAIL_WRITE),
    call("POST", "/me/messages/{id}/move", "Move a message", MAIL_WRITE),
    call("POST", "/me/inferenceClassification/overrides", "Always sort a sender into Focused or Other", MAIL_WRITE),
    call("DELETE", "/me/messages/{id}", "Delete a message", MAIL_WRITE),
    call("POST", "/me/messages/{id}/createReply", "Start a reply", MAIL_WRITE),
    call("POST", "/me/messages/{id}/createReplyAll", "Start a reply to all", MAIL_WRITE),
    call("POST", "/me/messages/{id}/createForward", "Start a forward", MAIL_WRITE),
    call("POST", "/me/messages", "Save a new draft", MAIL_WRITE),
    call("POST", "/me/messages/{id}/attachments", "Attach a file", MAIL_WRITE),
    call("POST", "/me/messages/{id}/attachments/createUploadSession", "Attach a large file", MAIL_WRITE),
    call("POST", "/me/messages/{id}/send", "Send a draft", &["Mail.Send"]),
    call("GET", "/me/mailboxSettings", "Read the mailbox's settings", &["MailboxSettings.Read", "MailboxSettings.ReadWrite"]),
    call("PATCH", "/me/mailboxSettings", "Change automatic replies", &["MailboxSettings.ReadWrite"]),
    call(
        "GET",
        "/me/outlook/masterCategories",
        "Read the categories and their colours",
        &["MailboxSettings.Read", "MailboxSettings.ReadWrite"],
    ),
    call("POST", "/me/outlook/masterCategories", "Add a category", &["MailboxSettings.ReadWrite"]),
    call("PATCH", "/me/outlook/masterCategories/{id}", "Change a category's colour", &["MailboxSettings.ReadWrite"]),
    call("DELETE", "/me/outlook/masterCategories/{id}", "Delete a category", &["MailboxSettings.ReadWrite"]),
    call("GET", "/me/contacts", "List contacts", CONTACTS_READ),
    call("POST", "/me/contacts", "Add a contact", CONTACTS_WRITE),
    call("GET", "/me/contactFolders", "List contact folders", CONTACTS_READ),
    call("GET", "/me/contactFolders/{id}/contacts", "List a contact folder's contacts", CONTACTS_READ),
    call("POST", "/me/contactFolders", "Make a contact folder", CONTACTS_WRITE),
    call("PATCH", "/me/contactFolders/{id}", "Rename a contact folder", CONTACTS_WRITE),
    call("DELETE", "/me/contactFolders/{id}", "Delete a contact folder", CONTACTS_WRITE),
    call("POST", "/me/contactFolders/{id}/contacts", "Add a contact to a folder", CONTACTS_WRITE),
    call("PATCH", "/me/contacts/{id}", "Change a contact", CONTACTS_WRITE),
    call("DELETE", "/me/contacts/{id}", "Delete a contact", CONTACTS_WRITE),
    call("GET", "/me/calendars", "List calendars", CALENDARS_BASIC),
    call("GET", "/me/calendars/{id}/calendarView", "Show a calendar's events", CALENDARS_BASIC),
    call("GET", "/me/events/{id}", "Read an event", CALENDARS_BASIC),
    call("POST", "/me/events", "Add an event", CALENDARS_WRITE),
    call("POST", "/me/calendars/{id}/events", "Add an event to a calendar", CALENDARS_WRITE),
    call("PATCH", "/me/events/{id}", "Change an event", CALENDARS_WRITE),
    call("DELETE", "/me/events/{id}", "Delete an event", CALENDARS_WRITE),
    call("POST", "/me/events/{id}/accept", "Accept an invitation", CALENDARS_WRITE),
    call("POST", "/me/events/{id}/tentativelyAccept", "Tentatively accept an invitation", CALENDARS_WRITE),
    call("POST", "/me/events/{id}/decline", "Decline an invitation", CALENDARS_WRITE),
    call("GET", "/me/reminderView(…)", "Read the reminders that are due", CALENDARS_BASIC),
    call("POST", "/me/calendar/getSchedule", "See attendees' free/busy", CALENDARS_BASIC),
    // The reference names the .Shared permissions; its newer generated table, the plain
    // ones (docs/research/recurrence-and-scheduling.md, C.3).
    call(
        "POST",
        "/me/findMeetingTimes",
        "Find a time for a meeting",
        &["Calendars.Read.Shared", "Calendars.ReadWrite.Shared", "Calendars.Read", "Calendars.ReadWrite"],
    ),
    call("GET", "/me/todo/lists", "List task lists", TASKS_READ),
    call("GET", "/me/todo/lists/{id}/tasks", "List a list's tasks", TASKS_READ),
    call("POST", "/me/todo/lists/{id}/tasks", "Add a task", TASKS_WRITE),
    call("PATCH", "/me/todo/lists/{id}/tasks/{id}", "Change a task", TASKS_WRITE),
    call("DELETE", "/me/todo/lists/{id}/tasks/{id}", "Delete a task", TASKS_WRITE),
    call("POST", "/me/todo/lists", "Add a task list", TASKS_WRITE),
    call("PATCH", "/me/todo/lists/{id}", "Rename a task list", TASKS_WRITE),
    call("DELETE", "/me/todo/lists/{id}", "Delete a task list", TASKS_WRITE),
    call("GET", "/me/todo/lists/{id}/tasks/{id}/checklistItems", "List a task's steps", TASKS_READ),
    call("POST", "/me/todo/lists/{id}/tasks/{id}/checklistItems", "Add a step", TASKS_WRITE),
    call("PATCH", "/me/todo/lists/{id}/tasks/{id}/checklistItems/{id}", "Tick a step", TASKS_WRITE),
    call("DELETE", "/me/todo/lists/{id}/tasks/{id}/checklistItems/{id}", "Delete a step", TASKS_WRITE),
];

/// A call Tern made, matched to the reference.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Matched {
    pub endpoint: &'static Endpoint,
    /// The call was on another person's mailbox (`/users/{id}/…`), which takes the
    /// `.Shared` forms of the permissions.
    pub shared: bool,
}

impl Matched {
    /// The permissions that allow this call, least privileged first.
    pub fn permissions(&self) -> Vec<String> {
        self.endpoint
            .permissions
            .iter()
            .map(|permission| if self.shared { shared_form(permission) } else { (*permission).to_owned() })
            .collect()
    }

    /// Whether a token with `scopes` (its `scp`, short or full names) may make the call.
    pub fn allowed_by(&self, scopes: &[String]) -> bool {
        self.permissions().iter().any(|needed| scopes.iter().any(|granted| same_permission(granted, needed)))
    }
}

/// Delegated access to someone else's mail, calendar, contacts or tasks is granted by the
/// `.Shared` permissions; the profile's are the same for anyone.
fn shared_form(permission: &str) -> String {
    let per_mailbox = ["Mail.", "Calendars.", "Contacts.", "Tasks."].iter().any(|prefix| permission.starts_with(prefix));
    if per_mailbox {
        format!("{permission}.Shared")
    } else {
        permission.to_owned()
    }
}

fn same_permission(granted: &str, needed: &str) -> bool {
    granted.rsplit('/').next().unwrap_or(granted).eq_ignore_ascii_case(needed)
}

fn segments_match(pattern: &str, path: &str) -> bool {
    let mut pattern = pattern.split('/');
    let mut path = path.split('/');
    loop {
        match (pattern.next(), path.next()) {
            (None, None) => return true,
            (Some("{id}"), Some(segment)) if !segment.is_empty() => {}
            // A function's segment: `reminderView(…)` stands for it with any parameters.
            (Some(expected), Some(segment))
                if expected
                    .strip_suffix("(…)")
                    .is_some_and(|name| segment.split_once('(').is_some_and(|(called, _)| called.eq_ignore_ascii_case(name))) => {}
            (Some(expected), Some(segment)) if expected.eq_ignore_ascii_case(segment) => {}
            _ => return false,
        }
    }
}

/// The endpoint a call was, by its method and path (relative to the Graph version, query
/// ignored); `/users/{id}/…` is matched as the same call on another person's mailbox.
pub fn endpoint_for(method: &str, path: &str) -> Option<Matched> {
    let path = path.split('?').next().unwrap_or_default();
    let (path, shared) = match path.strip_prefix("/users/") {
        Some(rest) => match rest.split_once('/') {
            Some((_, below)) => (format!("/me/{below}"), true),
            None => ("/me".to_owned(), true),
        },
        None => (path.to_owned(), false),
    };
    ENDPOINTS
        .iter()
        .find(|endpoint| endpoint.method.eq_ignore_ascii_case(method) && segments_match(endpoint.path, &path))
        .map(|endpoint| Matched { endpoint, shared })
}

/// Every endpoint, and whether a token with `scopes` allows it.
pub fn allowed(scopes: &[String]) -> Vec<(&'static Endpoint, bool)> {
    ENDPOINTS.iter().map(|endpoint| (endpoint, Matched { endpoint, shared: false }.allowed_by(scopes))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::requests;

    fn scopes(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn every_request_tern_builds_is_in_the_table() {
        let folder = crate::mail::folders::FolderRef::WellKnown("inbox");
        let built = [
            requests::profile(),
            requests::photo(),
            requests::mail_folders("/me"),
            requests::child_folders("/me", "f"),
            requests::well_known_folder_id("/me", "archive"),
            requests::first_page("/me", &folder, crate::mail::list::Filter::All, None, "", 50),
            requests::other_probe("/me"),
            requests::newest_in_inbox(Some(crate::mail::list::InboxTab::Focused)),
            requests::conversation("/me", &folder, "c"),
            requests::classify("/me", "m", crate::mail::list::InboxTab::Other),
            requests::always_classify("A", "a@example.com", crate::mail::list::InboxTab::Other),
            requests::messages_delta("/me", &folder),
            requests::message("/me", "m"),
            requests::translate_exchange_ids(&["x"]),
            requests::attachments("/me", "m"),
            requests::attachment_content("/me", "m", "a"),
            requests::mark_read("/me", "m", true),
            requests::set_flag("/me", "m", true),
            requests::set_categories("/me", "m", &["Red category".to_owned()]),
            requests::master_categories(),
            requests::create_category("Travel", "preset7"),
            requests::recolour_category("c", "preset0"),
            requests::delete_category("c"),
            requests::draft_state("/me", "d"),
            requests::update_draft("/me", "d", serde_json::json!({})),
            requests::inline_parts("/me", "m"),
            requests::contact_addresses("/me"),
            requests::move_message("/me", "m", &folder),
            requests::delete_message("/me", "m"),
            requests::create_answer("/me", "m", requests::Answer::Forward),
            requests::create_draft("/me", serde_json::json!({})),
            requests::send_draft("/me", "d"),
            requests::attach_file("/me", "d", "a.txt", "text/plain", ""),
            requests::attachment_upload_session("/me", "d", "a.bin", 9, "application/octet-stream"),
            requests::mailbox_settings(),
            requests::update_mailbox_settings(serde_json::json!({})),
            requests::contacts(None),
            requests::contacts(Some("f")),
            requests::contact_folders(),
            requests::create_contact_folder("Family"),
            requests::rename_contact_folder("f", "Friends"),
            requests::delete_contact_folder("f"),
            requests::save_contact(None, Some("f"), serde_json::json!({})),
            requests::save_contact(Some("c"), None, serde_json::json!({})),
            requests::delete_contact("c"),
            requests::calendars(),
            requests::calendar_view("c", "2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z", "UTC"),
            requests::event("e", "UTC"),
            requests::create_event(None, serde_json::json!({})),
            requests::create_event(Some("c"), serde_json::json!({})),
            requests::update_event("e", serde_json::json!({})),
            requests::delete_event("e"),
            requests::respond_to_invitation("e", requests::InvitationAnswer::Decline, ""),
            requests::get_schedule(serde_json::json!({}), "UTC"),
            requests::reminder_view("2026-12-01T09:00:00", "2026-12-08T09:00:00"),
            requests::find_meeting_times(serde_json::json!({}), "UTC"),
            requests::task_lists(),
            requests::tasks("l"),
            requests::create_task("l", serde_json::json!({})),
            requests::update_task("l", "t", serde_json::json!({})),
            requests::delete_task("l", "t"),
            requests::create_task_list("Groceries"),
            requests::rename_task_list("l", "Shopping"),
            requests::delete_task_list("l"),
            requests::steps("l", "t"),
            requests::add_step("l", "t", "Milk"),
            requests::check_step("l", "t", "s", true),
            requests::delete_step("l", "t", "s"),
        ];
        for request in built {
            let method = request.method.as_str();
            assert!(endpoint_for(method, &request.path).is_some(), "{method} {} is not in the table", request.path);
        }
    }

    #[test]
    fn matches_ids_and_other_mailboxes() {
        let read = endpoint_for("GET", "/me/messages/AAMk%3D?$select=body").unwrap();
        assert_eq!(read.endpoint.what, "Read a message with its body");
        assert!(!read.shared);
        let shared = endpoint_for("get", "/users/megan%40contoso.example/mailFolders/inbox/messages?$top=50").unwrap();
        assert!(shared.shared);
        assert_eq!(shared.permissions(), ["Mail.ReadBasic.Shared", "Mail.Read.Shared", "Mail.ReadWrite.Shared"]);
        assert!(shared.allowed_by(&scopes(&["https://graph.microsoft.com/Mail.Read.Shared"])));
        assert!(!shared.allowed_by(&scopes(&["Mail.Read"])));
        assert_eq!(endpoint_for("PUT", "/me/messages/m"), None);
        assert_eq!(endpoint_for("GET", "/me/unknown"), None);
    }

    #[test]
    fn says_what_a_token_allows() {
        let token = scopes(&["User.Read", "Mail.Read", "Mail.Send"]);
        let allowed = allowed(&token);
        let verdict = |method: &str, path: &str| allowed.iter().find(|(e, _)| e.method == method && e.path == path).unwrap().1;
        assert!(verdict("GET", "/me"));
        assert!(verdict("GET", "/me/messages/{id}"));
        assert!(verdict("POST", "/me/messages/{id}/send"));
        assert!(!verdict("PATCH", "/me/messages/{id}"));
        assert!(!verdict("GET", "/me/calendars"));
    }
}
