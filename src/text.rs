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
