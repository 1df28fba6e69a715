//! The words Tern shows, in one place so they can be translated later.

pub const APP_NAME: &str = "Tern";
pub const TAGLINE: &str = "A fast, private Outlook client that runs entirely in your browser.";
pub const LOADING: &str = "Loading Tern…";

pub const PROMISES: [&str; 4] = [
    "Your mail, calendar, contacts and tasks come straight from Microsoft to this tab: no server of ours in between.",
    "Your sign-in stays in this browser; Tern never sends it anywhere but Microsoft.",
    "Pictures and other remote content in mail stay blocked until you choose to show them.",
    "A small download that works from any static host, and inside Outlook as an add-in.",
];

pub const ASKS_HEADING: &str = "What Tern will ask you to allow";
pub const SIGN_IN_WITH: &str = "You sign in with";
pub const SIGN_IN: &str = "Sign in with Microsoft";
pub const SIGN_IN_AGAIN: &str = "Sign in again";

pub const TOKEN_CACHE_SESSION: &str = "Your sign-in is kept only in this tab and is gone when you close it.";
pub const TOKEN_CACHE_MEMORY: &str = "Your sign-in is kept only in memory: reloading the page signs you out.";
pub const TOKEN_CACHE_LOCAL: &str = "Your sign-in is kept in this browser across tabs and restarts. Use this only on a device you trust.";

pub const WHAT_TO_DO: &str = "What to do";
pub const DETAILS_FOR_SUPPORT: &str = "Details for support";
pub const DISMISS: &str = "Dismiss";

pub const ACCOUNTS: &str = "Accounts";
pub const SWITCH_TO: &str = "Switch to";
pub const ADD_ACCOUNT: &str = "Add another account";
pub const SIGN_OUT: &str = "Sign out";
pub const TENANT: &str = "Tenant";

pub const WELCOME: &str = "Welcome,";
pub const SIGNED_IN_AS: &str = "You are signed in as";
pub const TOKEN_INSPECTOR: &str = "Your sign-in";
pub const EXPIRES_IN: &str = "expires in";
pub const REFRESH_TOKEN_LEFT: &str = "Tern can renew this sign-in without asking for another";
pub const NO_REFRESH_TOKEN: &str = "This sign-in cannot be renewed silently (implicit flow): Tern will take you through the sign-in page again when it expires.";
pub const ADMIN_CONSENT_HEADING: &str = "For administrators";
pub const ADMIN_CONSENT_EXPLAINED: &str = "Grant Tern its permissions for everyone in your organisation, so nobody has to consent alone.";
pub const ADMIN_CONSENT: &str = "Grant admin consent";
pub const ADMIN_CONSENT_GRANTED: &str = "Admin consent was granted for the organisation";
pub const RETRYING: &str = "Microsoft Graph is busy; retrying…";
pub const PROFILE_LOADING: &str = "Loading your profile from Microsoft Graph…";
pub const PROFILE_FAILED: &str = "Your profile could not be loaded.";
pub const AREA_NOT_IN_BUILD: &str = "This part of Tern is not in this build yet.";

pub const NAV_LABEL: &str = "Areas";
pub const SIGNED_OUT_AREA: &str = "Sign in to see this.";

pub const NOT_FOUND_TITLE: &str = "There is no such page";
pub const NOT_FOUND_BODY: &str = "Tern has no page at this address:";
pub const GO_HOME: &str = "Go to the start page";

pub const CONFIG_ERROR_WHAT_TO_DO: &str = "What to do";
pub const CONFIG_ERROR_FILE: &str = "Configuration file";

pub const RELOAD: &str = "Reload";
pub const PANIC_MESSAGE: &str = "Something broke in Tern. Reload the page to carry on; your drafts are kept.";
pub const PANIC_DETAILS: &str = "Details for a bug report";

pub fn area_title(area: tern_core::route::Area) -> &'static str {
    use tern_core::route::Area;
    match area {
        Area::Mail => "Mail",
        Area::Calendar => "Calendar",
        Area::Contacts => "Contacts",
        Area::Tasks => "Tasks",
    }
}

pub const MESSAGE_BODY: &str = "Message";
pub const REMOTE_IMAGE_BLOCKED: &str = "remote image blocked to protect your privacy";
pub const REMOTE_IMAGES_BLOCKED: &str = "remote images blocked to protect your privacy";
pub const SHOW_IMAGES: &str = "Show images";

pub const FOLDERS: &str = "Folders";
pub const MESSAGES: &str = "Messages";
pub const LIST_LOADING: &str = "Loading messages…";
pub const LIST_EMPTY: &str = "No messages here.";
pub const LIST_FAILED: &str = "The messages could not be loaded.";
pub const LIST_FROM_CACHE: &str = "Showing the copy kept in this tab while Microsoft Graph answers…";
pub const NO_SUBJECT: &str = "(no subject)";
pub const IMPORTANT: &str = "High importance";
pub const HAS_ATTACHMENTS: &str = "Has attachments";
pub const FLAGGED: &str = "Flagged";
pub const MESSAGE_LOADING: &str = "Opening the message…";
pub const NOTHING_SELECTED: &str = "Choose a message to read it here.";
pub const MESSAGE_FAILED: &str = "The message could not be opened.";
pub const FROM: &str = "From";
pub const TO: &str = "To";
pub const CC: &str = "Cc";
pub const BCC: &str = "Bcc";
pub const DATE: &str = "Date";
pub const SUBJECT: &str = "Subject";
pub const ATTACHMENTS: &str = "Attachments";
pub const UNDONE_READ: &str = "The message was put back as it was: marking it read or unread failed.";
pub const UNDONE_FLAG: &str = "The flag was put back as it was: Microsoft Graph refused the change.";
pub const UNDONE_MOVE: &str = "The message was put back: moving it failed.";
pub const UNDONE_DELETE: &str = "The message was put back: deleting it failed.";
pub const NEW_MESSAGE: &str = "New message";
pub const OPEN_MAILBOX: &str = "Open a shared mailbox";
pub const OPEN: &str = "Open";
pub const SEARCH: &str = "Search mail";
pub const FILTERS: &str = "Show";
pub const FILTER_ALL: &str = "All";
pub const FILTER_UNREAD: &str = "Unread";
pub const FILTER_FLAGGED: &str = "Flagged";
pub const FILTER_ATTACHMENTS: &str = "With attachments";
pub const REFRESH: &str = "Refresh";
pub const READING_PANE: &str = "Reading pane";
pub const ACTIONS: &str = "Message actions";
pub const BACK: &str = "Back to the list";
pub const REPLY: &str = "Reply";
pub const REPLY_ALL: &str = "Reply all";
pub const FORWARD: &str = "Forward";
pub const READ_UNREAD: &str = "Read / unread";
pub const FLAG: &str = "Flag";
pub const ARCHIVE: &str = "Archive";
pub const DELETE: &str = "Delete";
pub const MOVE_TO: &str = "Move to…";
pub const COMPOSE: &str = "New message";
pub const COMPOSE_FAILED: &str = "The reply could not be started.";
pub const ORIGINAL_QUOTED: &str = "The original message is quoted below what you write.";
pub const DRAFT_SAVED: &str = "Draft saved";
pub const DRAFT_SAVING: &str = "Saving draft…";
pub const DRAFT_KEPT_HERE: &str = "Kept in this tab; saving to your Drafts folder…";
pub const DRAFT_NOT_KEPT: &str = "This browser refused to keep a copy of the draft; do not close the tab until it is saved.";
pub const DRAFT_SAVE_FAILED: &str = "The draft is kept in this tab but could not be saved to your mailbox; Tern tries again as you type.";
pub const NO_RECIPIENTS: &str = "Add at least one recipient.";
pub const SEND: &str = "Send";
pub const SENDING: &str = "Sending…";
pub const SENT: &str = "Your message was sent.";
pub const ATTACH: &str = "Attach files";
pub const DISCARD: &str = "Discard";
