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

pub const ACCOUNT_OF: &str = "Account menu for";
pub const SWITCH_TO: &str = "Switch to";
pub const ADD_ACCOUNT: &str = "Add another account";
pub const SIGN_OUT: &str = "Sign out";
pub const TENANT: &str = "Tenant";

pub const WELCOME: &str = "Welcome,";
pub const SIGNED_IN_AS: &str = "You are signed in as";
pub const TOKEN_INSPECTOR: &str = "Your sign-in";
pub const EXPIRES_IN: &str = "expires in";
pub const REFRESH_TOKEN_LEFT: &str = "Tern can renew this sign-in without asking for another";
pub const IMPLICIT_WARNING: &str = "This deployment signs in with the legacy implicit flow, for registrations that still need it: your tokens pass through the address bar and may stay in this browser's history. Ask its administrator to switch to the authorization code flow.";
pub const FOLDERS: &str = "Folders";
pub const MORE: &str = "more";
pub const OVERDUE: &str = "Overdue since";
pub const DUE_TODAY: &str = "Today";
pub const DUE_TOMORROW: &str = "Tomorrow";
pub const PANE_HEADING: &str = "Tern for Outlook";
pub const BESIDE_MESSAGE: &str = "Beside this message";
pub const NO_OPEN_MESSAGE: &str = "Open a message in Outlook to act on it here.";
pub const OPEN_MESSAGE_NOT_FOUND: &str = "Tern could not find this message in Microsoft Graph:";
pub const ADD_TO_TODO: &str = "Add to To Do";
pub const ADDED_TO_TODO: &str = "Added to your To Do list, linked to this message.";
pub const COULD_NOT_ADD_TO_TODO: &str = "The task could not be added:";
pub const OPEN_IN_TERN: &str = "Open in Tern";
pub const SCHEDULE_MEETING: &str = "Schedule a meeting";
pub const SENDER_IN_CONTACTS: &str = "In your contacts:";
pub const ADD_SENDER_TO_CONTACTS: &str = "Add the sender to contacts";
pub const SENDER_ADDED: &str = "The sender is now in your contacts.";
pub const NOTHING_TODAY: &str = "Nothing else planned today.";
pub const AGENDA_FAILED: &str = "Today's agenda could not be loaded:";
pub const COMPOSING_HINT: &str = "Writing a message: add a contact's address from Contacts, or an event's details from the calendar.";
pub const ADD_TO_TO: &str = "Add to To";
pub const ADD_TO_CC: &str = "Add to Cc";
pub const ADDED_TO_TO: &str = "Added to To.";
pub const ADDED_TO_CC: &str = "Added to Cc.";
pub const INSERT_INTO_MESSAGE: &str = "Insert into the message";
pub const INSERTED: &str = "Put into the message.";
pub const OUTLOOK_REFUSED: &str = "Outlook refused:";
pub const DIALOG_HEADING: &str = "Signing in to Tern";
pub const DIALOG_SIGNING_IN: &str = "Signing you in… this window closes by itself.";
pub const DIALOG_CANNOT_ANSWER: &str = "This window could not hand your sign-in to Tern's pane:";
pub const PANE_OUTSIDE_OFFICE: &str =
    "This is Tern's Outlook add-in pane, opened outside Outlook: there is no message here for it to work beside.";
pub const PANE_NO_OFFICE_JS: &str =
    "This is Tern's Outlook add-in pane, but Office.js, which connects it to Outlook, could not be loaded from Microsoft (offline, or blocked by a network filter).";
pub const PANE_HOW_TO_ADD: &str = "To use it beside your mail, add Tern to Outlook with its manifest (see the README, \"Outlook add-in\").";
pub const PANE_OPEN_TERN: &str = "Open Tern in this window";
pub const FRAMED_HEADING: &str = "Tern does not run inside another page";
pub const FRAMED_EXPLAINED: &str =
    "This page was opened inside a frame of another site, which could show you one thing and make you click another. Tern has not signed you in or read anything here.";
pub const FRAMED_OPEN: &str = "Open Tern in its own window";
pub const REFRESH_TOKEN_KEPT: &str = "Tern can renew this sign-in without asking for another, for as long as the sign-in service allows.";
pub const NO_REFRESH_TOKEN: &str =
    "This sign-in cannot be renewed silently (implicit flow): Tern will take you through the sign-in page again when it expires.";
pub const ADMIN_CONSENT_HEADING: &str = "For administrators";
pub const ADMIN_CONSENT_EXPLAINED: &str = "Grant Tern its permissions for everyone in your organisation, so nobody has to consent alone.";
pub const ADMIN_CONSENT: &str = "Grant admin consent";
pub const ADMIN_CONSENT_GRANTED: &str = "Admin consent was granted for the organisation";
pub const RETRYING: &str = "Microsoft Graph is busy; retrying…";
pub const PROFILE_LOADING: &str = "Loading your profile from Microsoft Graph…";
pub const PROFILE_FAILED: &str = "Your profile could not be loaded.";

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

pub const MESSAGES: &str = "Messages";
pub const LIST_LOADING: &str = "Loading messages…";
pub const LIST_EMPTY: &str = "No messages here.";
pub const LIST_EMPTY_WHAT_TO_DO: &str =
    "New mail appears by itself, and Refresh checks now. With a search or a filter on, All shows every message of the folder.";
pub const LIST_FAILED: &str = "The messages could not be loaded.";
pub const LIST_FROM_CACHE: &str = "Showing the copy kept in this tab while Microsoft Graph answers…";
pub const NO_SUBJECT: &str = "(no subject)";
pub const IMPORTANT: &str = "High importance";
pub const HAS_ATTACHMENTS: &str = "Has attachments";
pub const FLAGGED: &str = "Flagged";
pub const FOCUSED: &str = "Focused";
pub const OTHER: &str = "Other";
pub const INBOX_HALVES: &str = "Focused Inbox";
pub const FOCUSED_INBOX_EXPLAINED: &str =
    "Sort the inbox into Focused and Other, when your mailbox does (mail Outlook judges less important goes to Other).";
pub const NOTIFY: &str = "New mail notifications";
pub const NOTIFY_EXPLAINED: &str =
    "While Tern is open in a tab, a notification shows who wrote and the subject of each new message in your inbox; clicking it opens the message.";
pub const TURN_ON: &str = "Turn on";
pub const TURN_OFF: &str = "Turn off";
pub const NOTIFY_ON: &str = "On. New mail from now on is notified.";
pub const NOTIFY_OFF: &str = "Off.";
pub const NOTIFY_REFUSED: &str = "Your browser refuses notifications from this site. Allow them in the site's settings (the icon beside the address), then turn them on here.";
pub const NOTIFY_UNSUPPORTED: &str = "This browser, or this window, cannot show notifications.";
pub const NEW_MESSAGES: &str = "new messages";
pub const NEW_MESSAGES_OPEN: &str = "Open Tern to read them.";
pub const MAIL_SWITCH_SAVED: &str = "Saved. Mail opens with this choice.";
pub const CONVERSATIONS: &str = "Conversations";
pub const CONVERSATIONS_EXPLAINED: &str =
    "Group messages by conversation: one row per conversation, and its messages together when you open it.";
pub const MOVE_TO_OTHER: &str = "Move to Other";
pub const MOVE_TO_FOCUSED: &str = "Move to Focused";
pub const ALWAYS_MOVE_TO_OTHER: &str = "Always move to Other";
pub const ALWAYS_MOVE_TO_FOCUSED: &str = "Always move to Focused";
pub const CHOOSE: &str = "Choose:";
pub const IN_CONVERSATION: &str = "messages in this conversation";
pub const CONVERSATION: &str = "Conversation";
pub const THIS_MESSAGE: &str = "This message";
pub const CONVERSATION_FAILED: &str = "The rest of this conversation could not be loaded.";
pub const CHOSEN_COUNT: &str = "chosen";
pub const CHOSEN_ACTIONS: &str = "Actions on the chosen messages";
pub const READ: &str = "Read";
pub const UNREAD: &str = "Unread";
pub const UNFLAG: &str = "Unflag";
pub const CLEAR_CHOICE: &str = "Clear";
pub const CATEGORY: &str = "Category:";
pub const CATEGORIES: &str = "Categories";
pub const CATEGORIZE: &str = "Categorize…";
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
pub const UNDONE_CATEGORIES: &str = "The categories were put back as they were: Microsoft Graph refused the change.";
pub const UNDONE_HALF: &str = "The message was put back: moving it between Focused and Other failed.";
pub const UNDONE_ALWAYS: &str = "The message moved, but the sender's future mail was not set to follow: Microsoft Graph refused.";
pub const UNDONE_CONVERSATION: &str =
    "Some messages of the conversation were put back as they were: Microsoft Graph refused the change for them.";
pub const UNDONE_CHOSEN: &str =
    "Some of the chosen messages were put back as they were, and stay chosen: Microsoft Graph refused the change for them.";
pub const UNDONE_MOVE: &str = "The message was put back: moving it failed.";
pub const UNDONE_DELETE: &str = "The message was put back: deleting it failed.";
pub const NEW_MESSAGE: &str = "New message";
pub const OPEN_MAILBOX: &str = "Open a shared mailbox";
pub const OPEN: &str = "Open";
pub const SUGGESTIONS: &str = "Suggestions";
pub const CHECKING_SEND: &str = "Checking whether your message was sent…";
pub const LIST_CACHE_REFUSED: &str =
    "This browser would not keep a copy of your inbox, so after a reload it shows once Microsoft Graph answers.";
pub const FORM_NOT_KEPT: &str = "This browser would not keep the form in this tab: a reload now would lose what you typed.";
pub const PERMISSION_NEEDED: &str = "Permission needed";
pub const SHARED_MAILBOX_NEEDS_CONSENT: &str = "To open another person's mailbox, Tern needs one more permission from you. Mailbox:";
pub const SHARED_MAILBOX_SCOPE_EXPLAINED: &str = "Microsoft asks you once to let Tern read and change mail in mailboxes shared with you. The mailbox's owner must also have given you access. Permission:";
pub const GRANT_ACCESS: &str = "Allow access";
pub const CONSENT_FAILED: &str = "The permission could not be asked for.";
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

pub const RESPONSE_ACCEPTED: &str = "Accepted";
pub const RESPONSE_TENTATIVE: &str = "Tentative";
pub const RESPONSE_DECLINED: &str = "Declined";
pub const RESPONSE_ORGANIZER: &str = "Organiser";
pub const RESPONSE_NONE: &str = "No response";
pub const VIEW_AGENDA: &str = "Agenda";
pub const VIEW_DAY: &str = "Day";
pub const VIEW_WEEK: &str = "Week";
pub const VIEW_MONTH: &str = "Month";
pub const CALENDAR_VIEWS: &str = "Calendar view";
pub const CALENDAR: &str = "Calendar";
pub const CALENDARS: &str = "Calendars";
pub const NO_EVENTS: &str = "Nothing planned.";
pub const ALL_DAY: &str = "All day";
pub const PREVIOUS: &str = "Previous";
pub const NEXT: &str = "Next";
pub const TODAY: &str = "Today";
pub const NEW_EVENT: &str = "New event";
pub const EDIT_EVENT: &str = "Edit event";
pub const EVENT: &str = "Event";
pub const CALENDAR_FAILED: &str = "The calendar could not be loaded.";
pub const CALENDAR_LOADING: &str = "Loading the calendar…";
pub const EVENT_LOADING: &str = "Opening the event…";
pub const EVENT_FAILED: &str = "The event could not be opened.";
pub const EVENT_ACTION_FAILED: &str = "That did not work; the event is unchanged.";
pub const EVENT_SAVE_FAILED: &str = "The event was not saved; what you typed is kept here.";
pub const ORGANIZER: &str = "Organiser";
pub const JOIN_MEETING: &str = "Join the online meeting";
pub const YOUR_RESPONSE: &str = "Your response";
pub const RESPONSE_COMMENT: &str = "A message with your response (optional)";
pub const ACCEPT: &str = "Accept";
pub const TENTATIVE: &str = "Tentative";
pub const DECLINE: &str = "Decline";
pub const EDIT: &str = "Edit";
pub const CLOSE: &str = "Close";
pub const TITLE: &str = "Title";
pub const STARTS: &str = "Starts";
pub const ENDS: &str = "Ends";
pub const LOCATION: &str = "Location";
pub const ATTENDEES: &str = "Required attendees";
pub const OPTIONAL_ATTENDEES: &str = "Optional attendees";
pub const RESOURCES: &str = "Rooms and equipment";
pub const OPTIONAL: &str = "optional";
pub const RESOURCE: &str = "room or equipment";
pub const REMINDER: &str = "Reminder";
pub const REMINDERS: &str = "Reminders";
pub const REMINDERS_EXPLAINED: &str =
    "Your events' reminders, shown here while Tern is open, and as notifications when your browser allows them.";
pub const REMINDERS_ON: &str = "On. Reminders show here and as notifications.";
pub const REMINDERS_ON_IN_PAGE: &str = "On. Reminders show here; your browser does not allow notifications from Tern.";
pub const REMINDERS_OFF: &str = "Off.";
pub const AVAILABILITY: &str = "Availability";
pub const FREE_BUSY_LOADING: &str = "Checking who is free…";
pub const FREE_BUSY_FAILED: &str = "Free/busy could not be read; the event can still be saved.";
pub const FIND_A_TIME: &str = "Find a time";
pub const FIND_A_TIME_NEEDS: &str = "Add attendees and a start and an end first.";
pub const FIND_A_TIME_FAILED: &str = "No times could be found; the event is as it was.";
pub const EVERYONE_FREE: &str = "everyone is free";
pub const NOT_FREE: &str = "not free:";
pub const NOT_KNOWN: &str = "no free/busy for";
pub const REPEAT: &str = "Repeat";
pub const REPEAT_EVERY: &str = "Every";
pub const REPEAT_ON_DAYS: &str = "On";
pub const SERIES_ENDS: &str = "Series ends";
pub const SERIES_ENDS_NEVER: &str = "Never";
pub const SERIES_ENDS_ON: &str = "On a date";
pub const SERIES_ENDS_AFTER: &str = "After a number of times";
pub const SERIES_LAST_DAY: &str = "Last day";
pub const SERIES_COUNT: &str = "Times";
pub const WEEKDAYS_SHORT: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
pub const RECURRING: &str = "Part of a series";
pub const SERIES_LOADING: &str = "Opening the series…";
pub const CHANGE_WHICH: &str = "Change only this event, or the whole series?";
pub const DELETE_WHICH: &str = "Delete only this event, or the whole series?";
pub const ONLY_THIS_EVENT_CHANGES: &str = "Only this event of the series changes.";
pub const THIS_EVENT: &str = "This event";
pub const WHOLE_SERIES: &str = "The whole series";
pub const NO_REMINDER: &str = "None";
pub const NOTES: &str = "Notes";
pub const SAVE: &str = "Save";
pub const CANCEL: &str = "Cancel";
pub const CATEGORIES_EXPLAINED: &str =
    "Your mailbox's categories, shared with Outlook. A category's name cannot change once made: add a new one instead.";
pub const CATEGORIES_UNAVAILABLE: &str = "Changing categories needs the mailbox settings permission, which this sign-in did not give.";
pub const MANAGE_CATEGORIES: &str = "Show and change categories";
pub const NEW_CATEGORY: &str = "New category";
pub const NEW_CATEGORY_COLOUR: &str = "Colour of the new category";
pub const COLOUR_OF: &str = "Colour of";
pub const CATEGORY_CHANGE_FAILED: &str = "The categories were not changed.";
pub const NEW_FOLDER: &str = "New folder";
pub const DELETE_FOLDER: &str = "Delete folder";
pub const DELETE_FOLDER_AND_CONTACTS: &str = "Delete this folder and the contacts in it:";
pub const FOLDER_NAME: &str = "Folder name";
pub const FOLDER_CHANGE_FAILED: &str = "The folder was not changed.";
pub const SEARCH_CONTACTS: &str = "Search contacts";
pub const NEW_CONTACT: &str = "New contact";
pub const CONTACTS_FAILED: &str = "Your contacts could not be loaded.";
pub const CONTACTS_LOADING: &str = "Loading contacts…";
pub const NO_CONTACTS: &str = "No contacts match.";
pub const NO_CONTACTS_WHAT_TO_DO: &str = "Try part of a name, a company or an address.";
pub const NO_CONTACTS_YET: &str = "No contacts yet.";
pub const NO_CONTACTS_YET_WHAT_TO_DO: &str = "Use New contact to add someone you write to.";
pub const CONTACT_NEEDS_SOMETHING: &str = "Give the contact a name or an e-mail address.";
pub const CONTACT_BAD_ADDRESS: &str = "That is not an e-mail address.";
pub const CONTACT_SAVE_FAILED: &str = "The contact was not saved; what you typed is kept here.";
pub const GIVEN_NAME: &str = "First name";
pub const SURNAME: &str = "Last name";
pub const EMAIL: &str = "E-mail";
pub const COMPANY: &str = "Company";
pub const PHONE: &str = "Mobile";
pub const BUSINESS_PHONE: &str = "Business phone";
pub const HOME_PHONE: &str = "Home phone";
pub const JOB_TITLE: &str = "Job title";
pub const DEPARTMENT: &str = "Department";
pub const BUSINESS_ADDRESS: &str = "Business address";
pub const HOME_ADDRESS: &str = "Home address";
pub const OTHER_ADDRESS: &str = "Other address";
pub const STREET: &str = "Street";
pub const CITY: &str = "City";
pub const STATE: &str = "State or province";
pub const POSTAL_CODE: &str = "Postal code";
pub const COUNTRY: &str = "Country or region";
pub const CONTACT_FOLDER: &str = "Contact folder";
pub const CONTACTS_DEFAULT_FOLDER: &str = "Contacts";
pub const TASK_LISTS: &str = "Task lists";
pub const LISTS: &str = "Lists";
pub const SHOW_COMPLETED: &str = "Show completed tasks";
pub const TASKS_FAILED: &str = "Your tasks could not be loaded or changed.";
pub const TASKS_LOADING: &str = "Loading tasks…";
pub const NO_TASKS: &str = "No tasks here.";
pub const NO_TASKS_WHAT_TO_DO: &str = "Type one in the box above and press Add; completed tasks hide unless you show them.";
pub const COMPLETE: &str = "Completed";
pub const NEW_TASK: &str = "Add a task";
pub const DUE: &str = "Due";
pub const ADD: &str = "Add";
pub const TASK_SAVE_FAILED: &str = "The task was not added; what you typed is kept here.";
pub const TIME_ZONE: &str = "Time zone";
pub const TIME_ZONE_EXPLAINED: &str = "The calendar shows times in this zone (an IANA name such as Europe/Berlin). Leave it empty \
     for your mailbox's own zone (chosen in Outlook), or your browser's when the mailbox has none. Now that is:";
pub const TIME_ZONE_OF_MAILBOX: &str = "your mailbox's";
pub const TIME_ZONE_OF_BROWSER: &str = "your browser's";
pub const TIME_ZONE_SAVED: &str = "Saved. The calendar now uses this zone.";
pub const TIME_ZONE_BROWSER: &str = "The calendar uses your mailbox's time zone, or your browser's when the mailbox has none.";
pub const TIME_ZONE_UNKNOWN: &str = "Your browser does not know a time zone by that name.";
pub const TIME_ZONE_NOT_KEPT: &str = "This browser refused to keep the setting.";
pub const FORMATTED_DESCRIPTION_KEPT: &str = "This event's description has formatting and is kept as it is; notes typed here go above it.";
pub const TASK_NEEDS_TITLE: &str = "Give the task a title.";
pub const TASK_BAD_TIME: &str = "Give the due day as a date and the reminder as a date and time.";
pub const TASK_SAVED: &str = "Saved.";
pub const TASK: &str = "Task";
pub const STEPS: &str = "Steps";
pub const NEW_STEP: &str = "Add a step";
pub const STEP_FAILED: &str = "The step was not changed.";
pub const MY_DAY: &str = "My Day";
pub const NEW_LIST: &str = "New list";
pub const LIST_NAME: &str = "List name";
pub const RENAME: &str = "Rename";
pub const DELETE_LIST: &str = "Delete list";
pub const LIST_CHANGE_FAILED: &str = "The list was not changed.";
pub const REQUEST_LOG: &str = "Troubleshooting: the latest calls to Microsoft Graph";
pub const LOG_CALL: &str = "Call";
pub const LOG_STATUS: &str = "Status";
pub const LOG_TIME: &str = "Time";
pub const LOG_NO_ANSWER: &str = "no answer";

pub const COPY: &str = "Copy";
pub const THE_TOKEN: &str = "The token";
pub const COPIED_TEXT: &str = "The text to copy";
pub const XOAUTH2: &str = "The XOAUTH2 string";
pub const COPIED: &str = "Copied.";
pub const COPY_REFUSED: &str = "The browser did not let Tern copy; select the text and copy it by hand.";
pub const COPY_ANYWAY: &str = "Copy anyway";
pub const COPY_SECRET_WARNING: &str =
    "Anyone who holds this token can act as you until it expires. Paste it only where you would type your password.";

pub const DEVELOPER: &str = "Developer";
pub const DEVELOPER_EXPLAINED: &str =
    "What Tern holds for this account and what it asked of Microsoft. Decoded here, in this tab: nothing is sent anywhere.";
pub const TOKENS: &str = "Tokens";
pub const ID_TOKEN: &str = "ID token";
pub const ACCESS_TOKEN: &str = "Access token";
pub const TOKEN_UNREADABLE: &str =
    "Tern cannot decode this token; Microsoft may issue tokens that are not meant to be read, and the API still accepts them:";
pub const EXPIRES_AT_COUNTDOWN: &str = "Expires in";
pub const TOKEN_HEADER: &str = "Header";
pub const TOKEN_CLAIMS: &str = "Claims";
pub const TOKEN_ALLOWS: &str = "What its permissions allow";
pub const ID_TOKEN_ALLOWS: &str = "An ID token proves who signed in; it opens no API.";
pub const REVEAL: &str = "Reveal";
pub const HIDE: &str = "Hide";
pub const ALLOWED: &str = "allowed";
pub const NOT_ALLOWED: &str = "not allowed";

pub const CONSOLE_FILTER_PATH: &str = "Path contains";
pub const ANY_METHOD: &str = "Any method";
pub const LOG_DURATION: &str = "Duration";
pub const LOG_DETAILS: &str = "Details";
pub const REQUEST_HEADERS: &str = "Request headers";
pub const RESPONSE_HEADERS: &str = "Answer headers this page may read";
pub const ERROR_ENVELOPE: &str = "Error";
pub const COPY_FOR_SUPPORT: &str = "Copy for support";
pub const COPY_AS_CURL: &str = "Copy as curl";
pub const GRANT: &str = "Grant";
pub const NO_CALLS: &str = "No calls match.";

pub const MAIL_PROGRAMS: &str = "Mail programs";
pub const MAIL_PROGRAMS_LINK: &str = "Use this account in other mail programs (IMAP, POP, SMTP)";
pub const MAIL_PROGRAMS_EXPLAINED: &str = "Exchange Online no longer accepts passwords over IMAP, POP and SMTP: mail programs, scripts and devices sign in with OAuth 2.0 (SASL XOAUTH2). Most programs do this themselves when you choose OAuth2; for a script, Tern gives you a ready token.";
pub const SERVER: &str = "Server";
pub const PORT: &str = "Port";
pub const SECURITY: &str = "Security";
pub const PERMISSION: &str = "Permission";
pub const MAIL_PROGRAMS_PERMISSIONS: &str = "The permissions, of Office 365 Exchange Online (not Microsoft Graph):";
pub const MAIL_PROGRAMS_ADMIN: &str = "What an administrator must allow";
pub const MAIL_PROGRAMS_TOKEN: &str = "A token for scripts";
pub const MAIL_PROGRAMS_TOKEN_EXPLAINED: &str = "Tern asks Microsoft for a token of Exchange Online with the sign-in you already have; if you have not consented to these permissions yet, Microsoft asks you first. The token lasts about an hour: get a new one when it expires.";
pub const GET_MAIL_PROGRAMS_TOKEN: &str = "Get a token for mail programs";
pub const XOAUTH2_STRING: &str = "The XOAUTH2 string (base64, ready for AUTHENTICATE XOAUTH2 and AUTH XOAUTH2) for";
pub const MAIL_PROGRAMS_FAILURES: &str = "When it fails";

pub const AUTO_REPLIES: &str = "Automatic replies";
pub const AUTO_REPLIES_ON: &str = "Automatic replies are on: people who write to you get your away message.";
pub const AUTO_REPLIES_CHANGE: &str = "Change";
pub const AUTO_REPLIES_UNAVAILABLE: &str =
    "Tern was not allowed to read your mailbox settings (MailboxSettings.ReadWrite), so it cannot show or change automatic replies.";
pub const AUTO_REPLIES_LOADING: &str = "Reading your automatic replies…";
pub const AUTO_REPLIES_WHEN: &str = "Send automatic replies";
pub const AUTO_REPLIES_OFF: &str = "Off";
pub const AUTO_REPLIES_ALWAYS: &str = "On";
pub const AUTO_REPLIES_SCHEDULED: &str = "Only during this time";
pub const AUTO_REPLIES_FROM: &str = "From";
pub const AUTO_REPLIES_UNTIL: &str = "Until";
pub const AUTO_REPLIES_INSIDE: &str = "Reply to people in your organisation with";
pub const AUTO_REPLIES_OUTSIDE: &str = "People outside your organisation";
pub const AUTO_REPLIES_OUTSIDE_NONE: &str = "get no reply";
pub const AUTO_REPLIES_OUTSIDE_CONTACTS: &str = "get a reply only if they are in your contacts";
pub const AUTO_REPLIES_OUTSIDE_ALL: &str = "get a reply";
pub const AUTO_REPLIES_OUTSIDE_MESSAGE: &str = "Reply to people outside your organisation with";
pub const AUTO_REPLIES_SAVED: &str = "Saved.";
pub const AUTO_REPLIES_FAILED: &str = "Your automatic replies could not be read or changed.";
