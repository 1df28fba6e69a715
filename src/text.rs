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
pub const SIGN_IN_UNAVAILABLE: &str = "Signing in is not available in this build yet.";

pub const TOKEN_CACHE_SESSION: &str = "Your sign-in is kept only in this tab and is gone when you close it.";
pub const TOKEN_CACHE_MEMORY: &str = "Your sign-in is kept only in memory: reloading the page signs you out.";
pub const TOKEN_CACHE_LOCAL: &str = "Your sign-in is kept in this browser across tabs and restarts. Use this only on a device you trust.";

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
