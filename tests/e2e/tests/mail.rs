//! Mail end to end: reading, actions, compose, drafts, search and filters, and a very
//! large folder, through the UI against the emulator.

use fantoccini::Locator;
use serde_json::json;
use std::time::Duration;
use tern_e2e::{eventually, Session};

async fn signed_in_mail() -> Session {
    let session = Session::start().await;
    open_mail(&session).await;
    session
}

async fn open_mail(session: &Session) {
    session.open("/").await;
    session.sign_in("adele@contoso.example").await;
    session.open("/#/mail/inbox").await;
    session.wait_for("message-row").await;
    // The first rows come with the first batch; the well-known folder names a moment later.
    eventually("the inbox named in the folder pane", || async {
        session.script("return document.querySelector('[data-testid=folder][data-folder=\"inbox\"]') !== null").await == true
    })
    .await;
}

/// A mailbox's own folders follow the well-known ones in the order of the person's language
/// (the browser's collation): "Éclair" among the E's, where code points put it after "Zeta".
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn own_folders_are_listed_in_the_order_of_the_persons_language() {
    let hello = json!({
        "subject": "Hello",
        "from": { "emailAddress": { "name": "Megan Bowen", "address": "megan@contoso.example" } },
        "receivedDateTime": "2026-11-19T10:00:00Z",
    });
    let data = tern_e2e::seeded_inbox("collation", vec![hello]);
    let folders = json!({ "value": [{ "displayName": "Zeta" }, { "displayName": "Éclair" }, { "displayName": "alpha" }] });
    std::fs::write(data.join("adele@contoso.example/mailFolders.json"), folders.to_string()).unwrap();
    let session = Session::start_with(|options| options.data = Some(data)).await;
    open_mail(&session).await;
    let names = session.script("return [...document.querySelectorAll('[data-testid=folder] .folder-name')].map(e => e.textContent)").await;
    let names: Vec<String> = serde_json::from_value(names).unwrap();
    let own: Vec<&str> = names.iter().map(String::as_str).filter(|name| ["Zeta", "Éclair", "alpha"].contains(name)).collect();
    assert_eq!(own, ["alpha", "Éclair", "Zeta"], "all folders: {names:?}");
    assert_eq!(names.first().map(String::as_str), Some("Inbox"), "well-known folders first: {names:?}");
    session.finish().await;
}

async fn subjects(session: &Session) -> Vec<String> {
    let value = session.script("return [...document.querySelectorAll('[data-testid=row-subject]')].map(e => e.textContent)").await;
    serde_json::from_value(value).unwrap_or_default()
}

async fn row_attribute(session: &Session, subject: &str, attribute: &str) -> Option<String> {
    let script = format!(
        "const row = [...document.querySelectorAll('[data-testid=message-row]')].find(r => r.querySelector('[data-testid=row-subject]').textContent === {subject:?}); return row ? row.getAttribute({attribute:?}) : null"
    );
    session.script(&script).await.as_str().map(str::to_owned)
}

async fn open_message(session: &Session, subject: &str) {
    eventually(&format!("a row for {subject}"), || async { row_attribute(session, subject, "data-id").await.is_some() }).await;
    let id = row_attribute(session, subject, "data-id").await.unwrap();
    session.browser.find(Locator::Css(&format!("[data-testid=message-row][data-id=\"{id}\"]"))).await.unwrap().click().await.unwrap();
    eventually(&format!("{subject} open"), || async { session.text_of("message-subject").await == subject }).await;
}

async fn open_folder(session: &Session, folder: &str) {
    session.click_css(&format!("[data-testid=folder][data-folder=\"{folder}\"]")).await;
    session.wait_for("message-row").await;
}

async fn unread_count(session: &Session, folder: &str) -> u32 {
    let script = format!(
        "const c = document.querySelector('[data-folder=\"{folder}\"] [data-testid=unread-count]'); return c ? c.textContent : '0'"
    );
    session.script(&script).await.as_str().unwrap_or("0").parse().unwrap_or(0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reading_a_message_marks_it_read_and_shows_its_parts() {
    let session = signed_in_mail().await;
    let before = unread_count(&session, "inbox").await;
    assert!(before > 0);
    assert_eq!(row_attribute(&session, "Quarterly review deck", "data-unread").await.as_deref(), Some("true"));
    open_message(&session, "Quarterly review deck").await;
    assert!(session.text_of("message-from").await.contains("Megan"));
    session.wait_for("message-body").await;
    session.wait_for("attachment").await;
    eventually("the row marked read", || async {
        row_attribute(&session, "Quarterly review deck", "data-unread").await.as_deref() == Some("false")
    })
    .await;
    assert_eq!(unread_count(&session, "inbox").await, before - 1);
    // Still read after a reload: the server has it.
    session.browser.refresh().await.unwrap();
    session.wait_for("message-row").await;
    eventually("read on the server", || async {
        row_attribute(&session, "Quarterly review deck", "data-unread").await.as_deref() == Some("false")
    })
    .await;
    session.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn messages_move_archive_and_delete_to_the_right_folders() {
    let session = signed_in_mail().await;
    open_message(&session, "Lunch on Friday?").await;
    session.click("archive").await;
    eventually("gone from the inbox", || async { !subjects(&session).await.contains(&"Lunch on Friday?".to_owned()) }).await;
    open_message(&session, "Travel request approved").await;
    session.click("delete").await;
    eventually("deleted from the inbox", || async { !subjects(&session).await.contains(&"Travel request approved".to_owned()) }).await;
    open_folder(&session, "archive").await;
    eventually("in the archive", || async { subjects(&session).await.contains(&"Lunch on Friday?".to_owned()) }).await;
    open_folder(&session, "deleteditems").await;
    eventually("in deleted items", || async { subjects(&session).await.contains(&"Travel request approved".to_owned()) }).await;
    session.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn keyboard_moves_between_messages_and_flags() {
    let session = signed_in_mail().await;
    let first = subjects(&session).await[0].clone();
    session.script("document.activeElement && document.activeElement.blur(); return null").await;
    session.press("j").await;
    eventually("the first message open", || async { session.text_of("message-subject").await == first }).await;
    let flagged = "return document.querySelector('[data-testid=message-row].selected [data-testid=marker-flag]') !== null";
    let before = session.script(flagged).await;
    session.press("s").await;
    eventually("the flag toggled", || async { session.script(flagged).await != before }).await;
    session.press("k").await;
    session.press("j").await;
    session.press("j").await;
    eventually("the second message open", || async { session.text_of("message-subject").await != first }).await;
    session.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_message_with_an_attachment_is_sent_once_and_filed_in_sent_items() {
    let session = signed_in_mail().await;
    session.click("new-message").await;
    session.type_into("compose-to", "megan@contoso.example").await;
    session.type_into("compose-subject", "Launch numbers").await;
    session.type_into("compose-body", "Here are the numbers.").await;
    let file = std::env::temp_dir().join(format!("tern-e2e-{}.txt", std::process::id()));
    std::fs::write(&file, "numbers: 1 2 3").unwrap();
    session.wait_for("compose-attach").await.send_keys(file.to_str().unwrap()).await.unwrap();
    session.wait_for("compose-attachment").await;
    session.click("compose-send").await;
    assert_eq!(session.text_of("mail-notice").await, "Your message was sent.");
    open_folder(&session, "sentitems").await;
    eventually("in sent items", || async { subjects(&session).await.iter().filter(|s| *s == "Launch numbers").count() == 1 }).await;
    open_message(&session, "Launch numbers").await;
    session.wait_for("attachment").await;
    assert!(session.text_of("attachments").await.contains("tern-e2e-"));
    session.finish().await;
}

/// In an add-in's narrow pane: the list first, a message in its place and back, folders
/// behind a button, and nothing ever wider than the pane.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_340_pixel_pane_reads_goes_back_changes_folder_and_opens_the_calendar_without_sideways_scrolling() {
    let session = Session::start_with_window(340, 720).await;
    open_mail(&session).await;
    let fits = || async { session.script("return document.documentElement.scrollWidth <= window.innerWidth").await == true };
    let shown = |test_id: &'static str| {
        let session = &session;
        async move {
            let script =
                format!("const e = document.querySelector('[data-testid={test_id}]'); return !!e && e.getClientRects().length > 0");
            session.script(&script).await == true
        }
    };
    assert_eq!(session.script("return window.innerWidth").await, json!(340));
    assert!(fits().await, "the inbox fits");
    assert!(!shown("folder").await, "the folders wait behind their button");
    assert!(shown("message-row").await, "the list comes first");
    open_message(&session, "Team offsite dates").await;
    assert!(fits().await, "an open message fits");
    assert!(!shown("message-row").await, "the message takes the list's place");
    session.click("close-message").await;
    eventually("the list again", || async { shown("message-row").await }).await;
    session.click("folders-toggle").await;
    eventually("the folders", || async { shown("folder").await }).await;
    assert!(fits().await, "the folders fit");
    session.click_css("[data-testid=folder][data-folder=\"sentitems\"]").await;
    eventually("Sent Items listed, the folders put away", || async {
        session.hash().await.contains("/sentitems") && !shown("folder").await && shown("message-row").await
    })
    .await;
    session.click("nav-calendar").await;
    session.wait_for("calendar-title").await;
    assert_eq!(session.hash().await, "#/calendar/agenda", "seven day columns do not fit: the agenda instead");
    assert!(fits().await, "the calendar fits");
    session.finish().await;
}

/// A click in a message puts the keyboard inside its frame; the shortcuts still work there.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shortcuts_work_after_a_click_inside_the_message() {
    let session = signed_in_mail().await;
    let first = subjects(&session).await[0].clone();
    open_message(&session, &first).await;
    session.wait_for("message-body").await.click().await.unwrap();
    let inside = "return document.activeElement && document.activeElement.tagName === 'IFRAME'";
    eventually("the keyboard in the message's frame", || async { session.script(inside).await == true }).await;
    // Typed into the frame, where the keyboard is (not into the page's body).
    session.wait_for("message-body").await.send_keys("j").await.unwrap();
    eventually("the next message open", || async { session.text_of("message-subject").await != first }).await;
    session.finish().await;
}

/// While the first page is on its way the list shows its shape, not a line of text; an
/// empty folder says so and what to do.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_loading_list_shows_placeholder_rows_and_an_empty_one_says_what_to_do() {
    let session = Session::start_with(|options| options.latency_ms = 1_500).await;
    session.open("/").await;
    session.sign_in("adele@contoso.example").await;
    session.open("/#/mail/inbox").await;
    let placeholders = "return document.querySelectorAll('[data-testid=list-loading] .skeleton-row').length";
    eventually("placeholder rows", || async { session.script(placeholders).await.as_u64().unwrap_or(0) >= 3 }).await;
    session.wait_for("message-row").await;
    assert_eq!(session.script(placeholders).await, json!(0), "gone once the rows are there");
    session.open("/#/mail/outbox").await;
    let empty = session.text_of("list-empty").await;
    assert!(empty.contains("No messages here.") && empty.contains("Refresh"), "{empty}");
    session.finish().await;
}

/// On a common laptop screen the reading pane gets the room, not an empty margin.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn at_1366_pixels_the_reading_pane_is_at_least_600_wide() {
    let session = Session::start_with_window(1366, 800).await;
    open_mail(&session).await;
    open_message(&session, "Team offsite dates").await;
    let width = session.script("return Math.floor(document.querySelector('.reading-pane').getBoundingClientRect().width)").await;
    assert!(width.as_u64().unwrap_or(0) >= 600, "the reading pane is {width} px wide");
    let page = session.script("return [document.documentElement.scrollWidth, window.innerWidth]").await;
    assert!(page[0].as_u64() <= page[1].as_u64(), "no horizontal scrolling: {page}");
    session.finish().await;
}

/// Markers and arrows are drawn, not emoji or symbols a device may lack a font for, and a
/// marker still has a name a screen reader says.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn markers_and_arrows_are_drawn_icons_with_names() {
    let session = signed_in_mail().await;
    let glyphs = "return [...document.body.innerText].filter(c => /[\\u2190-\\u2bff\\u{1f000}-\\u{1faff}]/u.test(c))";
    assert_eq!(session.script(glyphs).await, json!([]), "symbols that need a font on the mail screen");
    let marker = session.wait_for("marker-attachment").await;
    assert_eq!(marker.attr("role").await.unwrap().as_deref(), Some("img"));
    assert!(marker.attr("aria-label").await.unwrap().is_some_and(|label| !label.is_empty()));
    assert!(session.script("return document.querySelector('[data-testid=marker-attachment] svg') !== null").await == true);
    session.open("/#/calendar/week/2026-11-16").await;
    session.wait_for("calendar-next").await;
    assert_eq!(session.script(glyphs).await, json!([]), "symbols that need a font on the calendar");
    session.finish().await;
}

/// Exchange sends after `send` has answered; a colleague who does not exist is no error on
/// Send but a report in the inbox later, and the message itself is sent once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unknown_colleague_comes_back_as_a_report_in_the_inbox_after_the_send() {
    let session = Session::start_with(|options| options.send_delay_ms = 1_000).await;
    open_mail(&session).await;
    session.click("new-message").await;
    session.type_into("compose-to", "nobody@contoso.example").await;
    session.type_into("compose-subject", "Quarter close").await;
    session.type_into("compose-body", "Figures by Friday, please.").await;
    session.click("compose-send").await;
    assert_eq!(session.text_of("mail-notice").await, "Your message was sent.");
    eventually("the report in the inbox", || async {
        open_folder(&session, "sentitems").await;
        open_folder(&session, "inbox").await;
        subjects(&session).await.iter().any(|s| s == "Undeliverable: Quarter close")
    })
    .await;
    open_message(&session, "Undeliverable: Quarter close").await;
    open_folder(&session, "sentitems").await;
    assert_eq!(subjects(&session).await.iter().filter(|s| *s == "Quarter close").count(), 1, "sent once");
    session.finish().await;
}

/// Outlook takes a large file through an upload session on its own host, not Graph's: the
/// page's policy must let it through, and the parts must go there without a token.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_five_megabyte_attachment_goes_through_the_upload_host() {
    let session = signed_in_mail().await;
    session.click("new-message").await;
    session.type_into("compose-to", "megan@contoso.example").await;
    session.type_into("compose-subject", "Site photos").await;
    let file = std::env::temp_dir().join(format!("tern-e2e-photos-{}.bin", std::process::id()));
    std::fs::write(&file, (0..5 * 1024 * 1024).map(|i: u32| (i % 251) as u8).collect::<Vec<u8>>()).unwrap();
    session.wait_for("compose-attach").await.send_keys(file.to_str().unwrap()).await.unwrap();
    eventually("the upload finished", || async { session.text_of("compose-attachments").await.contains("5.0 MB") }).await;
    let puts = format!(
        "return performance.getEntriesByType('resource').filter(e => e.name.startsWith('{}/_upload/')).length",
        session.upload_origin
    );
    assert_eq!(session.script(&puts).await, json!(2), "5 MB goes up in two parts to the upload origin");
    let policy = session.script("return document.querySelector('meta[http-equiv=Content-Security-Policy]').content").await;
    let policy = policy.as_str().unwrap_or_default();
    for host in ["https://outlook.office.com", "https://outlook.office365.com"] {
        assert!(policy.contains(host), "the built page lets uploads reach {host}: {policy}");
    }
    session.click("compose-send").await;
    assert_eq!(session.text_of("mail-notice").await, "Your message was sent.");
    open_folder(&session, "sentitems").await;
    open_message(&session, "Site photos").await;
    session.wait_for("attachment").await;
    let listed = session.text_of("attachments").await;
    assert!(listed.contains("tern-e2e-photos-") && listed.contains("5.0 MB"), "{listed}");
    std::fs::remove_file(&file).ok();
    session.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn replies_and_forwards_quote_the_original() {
    let session = signed_in_mail().await;
    open_message(&session, "Team offsite dates").await;
    session.click("reply").await;
    assert!(session.wait_for("compose-to").await.prop("value").await.unwrap().unwrap_or_default().contains("lynne"));
    session.wait_for("compose-quoted").await;
    session.type_into("compose-body", "The 19th works for me.").await;
    session.click("compose-send").await;
    session.wait_for("mail-notice").await;
    open_message(&session, "Coffee chat").await;
    session.click("forward").await;
    session.wait_for("compose-quoted").await;
    session.type_into("compose-to", "megan@contoso.example").await;
    session.click("compose-send").await;
    session.wait_for("mail-notice").await;
    eventually("the forward sent", || async { session.all("compose").await.is_empty() }).await;
    open_folder(&session, "sentitems").await;
    eventually("reply and forward sent", || async {
        let sent = subjects(&session).await;
        sent.iter().any(|s| s == "RE: Team offsite dates") && sent.iter().any(|s| s == "FW: Coffee chat")
    })
    .await;
    session.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_draft_survives_a_reload_and_a_forced_sign_in() {
    let session = signed_in_mail().await;
    session.click("new-message").await;
    session.type_into("compose-to", "megan@contoso.example").await;
    session.type_into("compose-subject", "Unfinished thoughts").await;
    session.type_into("compose-body", "Typed before the reload").await;
    session.browser.refresh().await.unwrap();
    let subject = session.wait_for("compose-subject").await;
    assert_eq!(subject.prop("value").await.unwrap().as_deref(), Some("Unfinished thoughts"));
    assert_eq!(session.wait_for("compose-body").await.prop("value").await.unwrap().as_deref(), Some("Typed before the reload"));
    eventually("saved to the server", || async { session.text_of("compose-state").await == "Draft saved" }).await;
    // Every token refused and the refresh token revoked: the next call must sign in again.
    session.expect_console_errors(&[
        "the server responded with a status of 401",
        "/oauth2/v2.0/token - Failed to load resource: the server responded with a status of 400",
    ]);
    session.control("POST", "/_emulator/users/adele@contoso.example/revoke-refresh-tokens", "").await;
    session.control("PUT", "/_emulator/faults", r#"{"expire_tokens":true}"#).await;
    session.type_into("compose-body", " and after").await;
    session.complete_emulator_sign_in("adele@contoso.example").await;
    let body = session.wait_for("compose-body").await;
    eventually("the draft back after sign-in", || async {
        body.prop("value").await.ok().flatten().as_deref() == Some("Typed before the reload and after")
    })
    .await;
    session.click("compose-send").await;
    session.wait_for("mail-notice").await;
    open_folder(&session, "sentitems").await;
    eventually("sent once", || async { subjects(&session).await.iter().filter(|s| *s == "Unfinished thoughts").count() == 1 }).await;
    session.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_and_filters_narrow_the_list() {
    let session = signed_in_mail().await;
    session.click("filter-unread").await;
    eventually("only unread rows", || async {
        session.script("const rows=[...document.querySelectorAll('[data-testid=message-row]')]; return rows.length > 0 && rows.every(r => r.dataset.unread === 'true')").await == true
    })
    .await;
    session.click("filter-attachments").await;
    eventually("only rows with attachments", || async {
        session.script("const rows=[...document.querySelectorAll('[data-testid=message-row]')]; return rows.length > 0 && rows.every(r => r.querySelector('[data-testid=marker-attachment]'))").await == true
    })
    .await;
    session.click("filter-all").await;
    session.type_into("search-input", "offsite").await;
    session.click("search").await;
    eventually("search results", || async {
        let found = subjects(&session).await;
        !found.is_empty() && found.iter().all(|s| s.to_lowercase().contains("offsite"))
    })
    .await;
    open_message(&session, "Team offsite dates").await;
    session.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_shared_mailbox_explains_the_missing_permission() {
    let session = Session::start().await;
    session.open("/").await;
    session.sign_in("megan@contoso.example").await;
    session.open("/#/mail/inbox").await;
    session.wait_for("message-row").await;
    session.type_into("open-mailbox-input", "adele@contoso.example").await;
    session.click("open-mailbox").await;
    // Megan grants the shared-mailbox permission; Adele has not shared her mailbox.
    session.wait_for("consent-accept").await.click().await.unwrap();
    session.expect_console_errors(&["the server responded with a status of 403"]);
    let error = session.failure_text("list-error").await;
    assert!(error.contains("not allowed"), "{error}");
    assert!(error.contains("ErrorAccessDenied"), "{error}");
    assert!(session.all("message-row").await.is_empty(), "Megan's own mail still listed");
    assert!(session.all("folder").await.is_empty(), "Megan's own folders still listed");
    session.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_thousand_messages_scroll_with_few_rows_in_the_page() {
    let session = Session::start_with(|options| options.generate_mail = 10_000).await;
    open_mail(&session).await;
    for _ in 0..6 {
        session.script("const l=document.querySelector('[data-testid=message-list]'); l.scrollTop = l.scrollHeight; return null").await;
        tokio::time::sleep(Duration::from_millis(700)).await;
    }
    let rows = session.all("message-row").await.len();
    assert!(rows > 0 && rows < 200, "{rows} rows in the DOM");
    let loaded: u64 =
        session.script("return document.querySelector('.message-rows').offsetHeight / 68").await.as_f64().unwrap_or(0.0) as u64;
    assert!(loaded > 200, "more pages loaded while scrolling: {loaded}");
    session.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_browser_that_refuses_to_store_is_said_so_not_ignored() {
    let session = signed_in_mail().await;
    // From now on every write to storage fails, as in a full or locked-down browser.
    session
        .script("Storage.prototype.setItem = function () { throw new DOMException('The quota has been exceeded.', 'QuotaExceededError'); }; return null")
        .await;
    session.click("new-message").await;
    session.type_into("compose-subject", "Not kept").await;
    let problem = session.text_of("compose-problem").await;
    assert!(problem.contains("refused to keep"), "{problem}");
    session.click("compose-discard").await;
    session.click("refresh").await;
    session.click_css("[data-testid=folder][data-folder=\"sentitems\"]").await;
    session.click_css("[data-testid=folder][data-folder=\"inbox\"]").await;
    let note = session.text_of("list-cache-refused").await;
    assert!(note.contains("would not keep a copy of your inbox"), "{note}");
    session.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_mailbox_graph_cannot_reach_is_explained_not_called_missing() {
    let identity = std::env::temp_dir().join(format!("tern-e2e-onprem-{}.json", std::process::id()));
    std::fs::write(
        &identity,
        r#"{"users": [{"upn": "onprem@contoso.example", "name": "On Prem", "password": "demo", "mailbox": "onPremises"}]}"#,
    )
    .unwrap();
    let session = Session::start_with(|options| options.identity = Some(identity.clone())).await;
    session.expect_console_errors(&["the server responded with a status of 404"]);
    session.open("/").await;
    session.sign_in("onprem@contoso.example").await;
    session.open("/#/mail/inbox").await;
    let error = session.failure_text("list-error").await;
    assert!(error.contains("cannot reach this mailbox"), "{error}");
    assert!(error.contains("MailboxNotEnabledForRESTAPI"), "{error}");
    assert!(!error.contains("moved or deleted"), "{error}");
    session.click("nav-calendar").await;
    let error = session.failure_text("calendar-error").await;
    assert!(error.contains("on-premises"), "{error}");
    session.finish().await;
}

/// `[name, background]` of each category mark on a row.
async fn row_categories(session: &Session, subject: &str) -> Vec<(String, String)> {
    let script = format!(
        "const row = [...document.querySelectorAll('[data-testid=message-row]')].find(r => r.querySelector('[data-testid=row-subject]').textContent === {subject:?});
         return row ? [...row.querySelectorAll('[data-testid=marker-category]')].map(m => [m.dataset.name, m.style.background]) : []"
    );
    serde_json::from_value(session.script(&script).await).unwrap_or_default()
}

async fn reader_categories(session: &Session) -> Vec<String> {
    let value = session.script("return [...document.querySelectorAll('[data-testid=message-category]')].map(c => c.dataset.name)").await;
    serde_json::from_value(value).unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn categories_show_in_their_colours_and_are_set_from_the_reader() {
    let session = signed_in_mail().await;
    session.expect_console_errors(&["the server responded with a status of 503"]);
    // The mailbox's own colours: Blue category is preset7; a name the list lacks has none.
    eventually("the rows' marks coloured", || async {
        row_categories(&session, "Quarterly review deck").await == [("Blue category".to_owned(), "rgb(0, 188, 242)".to_owned())]
    })
    .await;
    assert_eq!(
        row_categories(&session, "Contract draft for review").await,
        [("Red category".to_owned(), "rgb(231, 72, 86)".to_owned()), ("Project Falcon".to_owned(), String::new())]
    );
    open_message(&session, "Quarterly review deck").await;
    assert_eq!(reader_categories(&session).await, ["Blue category"]);
    session.set_value("categorize", "Red category").await;
    eventually("Red set in the reader and on the row", || async {
        reader_categories(&session).await == ["Blue category", "Red category"]
            && row_categories(&session, "Quarterly review deck").await.len() == 2
    })
    .await;
    let id = row_attribute(&session, "Quarterly review deck", "data-id").await.unwrap();
    let token = session.access_tokens().await[0]["token"].as_str().unwrap().to_owned();
    let stored = || async {
        let (_, body) = tern_e2e::graph_get(&session.origin, &format!("/v1.0/me/messages/{id}?$select=categories"), &token).await;
        serde_json::from_str::<serde_json::Value>(&body).unwrap()["categories"].clone()
    };
    eventually("Graph holds both", || async { stored().await == json!(["Blue category", "Red category"]) }).await;
    // Chosen again, a category comes off.
    session.set_value("categorize", "Blue category").await;
    eventually("Blue taken off", || async { stored().await == json!(["Red category"]) }).await;
    assert_eq!(reader_categories(&session).await, ["Red category"]);
    // Refused by Graph, the change is put back and said.
    session.control("PUT", "/_emulator/faults", r#"{"unavailable":100}"#).await;
    session.set_value("categorize", "Green category").await;
    let undone = session.failure_text("action-undone").await;
    assert!(undone.starts_with("The categories were put back"), "{undone}");
    eventually("put back in the reader", || async { reader_categories(&session).await == ["Red category"] }).await;
    session.control("PUT", "/_emulator/faults", "{}").await;
    assert_eq!(stored().await, json!(["Red category"]));
    session.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn focused_inbox_splits_the_inbox_and_moves_mail_between_the_halves() {
    let session = signed_in_mail().await;
    session.expect_console_errors(&["the server responded with a status of 503"]);
    // The demo mailbox sorts newsletters and notifications into Other: the inbox opens on
    // its Focused half once Tern has seen that.
    eventually("the Focused half shown", || async {
        session.script("return document.querySelector('[data-testid=tab-focused]')?.getAttribute('aria-pressed')").await == "true"
            && !subjects(&session).await.iter().any(|s| s == "You have late tasks!")
    })
    .await;
    assert!(subjects(&session).await.contains(&"Lunch on Friday?".to_owned()));
    session.click("tab-other").await;
    eventually("the Other half", || async {
        subjects(&session).await == ["This week at Contoso: the new campus opens", "You have late tasks!"]
    })
    .await;
    // Always to Focused: this message now, and the sender's mail from now on.
    open_message(&session, "You have late tasks!").await;
    assert_eq!(session.text_of("always-move-to-half").await, "Always move to Focused");
    session.click("always-move-to-half").await;
    eventually("gone from Other", || async { subjects(&session).await == ["This week at Contoso: the new campus opens"] }).await;
    let token = session.access_tokens().await[0]["token"].as_str().unwrap().to_owned();
    let graph = |path: &'static str| {
        let token = token.clone();
        let origin = session.origin.clone();
        async move { serde_json::from_str::<serde_json::Value>(&tern_e2e::graph_get(&origin, path, &token).await.1).unwrap() }
    };
    eventually("an override for Planner", || async {
        let overrides = graph("/v1.0/me/inferenceClassification/overrides").await;
        overrides["value"][0]["classifyAs"] == "focused"
            && overrides["value"][0]["senderEmailAddress"]["address"] == "noreply@planner.example"
    })
    .await;
    session.click("tab-focused").await;
    eventually("in Focused now", || async { subjects(&session).await.contains(&"You have late tasks!".to_owned()) }).await;
    // Once, to Other; refused by Graph, the message comes back and the page says so.
    open_message(&session, "Lunch on Friday?").await;
    session.control("PUT", "/_emulator/faults", r#"{"unavailable":100}"#).await;
    session.click("move-to-half").await;
    let undone = session.failure_text("action-undone").await;
    assert!(undone.starts_with("The message was put back: moving it between Focused and Other failed."), "{undone}");
    eventually("back in Focused", || async { subjects(&session).await.contains(&"Lunch on Friday?".to_owned()) }).await;
    session.control("PUT", "/_emulator/faults", "{}").await;
    open_message(&session, "Lunch on Friday?").await;
    session.click("move-to-half").await;
    eventually("gone from Focused", || async { !subjects(&session).await.contains(&"Lunch on Friday?".to_owned()) }).await;
    session.click("tab-other").await;
    eventually("in Other", || async { subjects(&session).await.contains(&"Lunch on Friday?".to_owned()) }).await;
    // Turned off in Settings, the inbox is one list again.
    session.open("/#/settings").await;
    session.click("settings-focused-inbox").await;
    eventually("saved", || async { session.text_of("settings-focused-inbox-said").await.starts_with("Saved") }).await;
    session.open("/#/mail/inbox").await;
    eventually("one list with both halves", || async {
        let shown = subjects(&session).await;
        shown.contains(&"Lunch on Friday?".to_owned()) && shown.contains(&"Quarterly review deck".to_owned())
    })
    .await;
    assert!(session.all("tab-focused").await.is_empty());
    session.finish().await;
}

/// Clicks a row's link with a modifier held, as a person's Shift+click or Ctrl+click.
async fn click_row_with(session: &Session, subject: &str, modifier: &str) {
    let script = format!(
        "const row = [...document.querySelectorAll('[data-testid=message-row]')].find(r => r.querySelector('[data-testid=row-subject]').textContent === {subject:?});
         row.querySelector('a').dispatchEvent(new MouseEvent('click', {{bubbles: true, cancelable: true, {modifier}: true}})); return null"
    );
    session.script(&script).await;
}

async fn choose_row(session: &Session, subject: &str) {
    let script = format!(
        "[...document.querySelectorAll('[data-testid=message-row]')].find(r => r.querySelector('[data-testid=row-subject]').textContent === {subject:?}).querySelector('[data-testid=row-choose]').click(); return null"
    );
    session.script(&script).await;
}

async fn chosen_subjects(session: &Session) -> Vec<String> {
    let value = session
        .script("return [...document.querySelectorAll('[data-testid=message-row]')].filter(r => r.querySelector('[data-testid=row-choose]').checked).map(r => r.querySelector('[data-testid=row-subject]').textContent)")
        .await;
    serde_json::from_value(value).unwrap_or_default()
}

async fn focused_half_shown(session: &Session) {
    eventually("the Focused half shown", || async {
        session.script("return document.querySelector('[data-testid=tab-focused]')?.getAttribute('aria-pressed')").await == "true"
    })
    .await;
    session.wait_for("message-row").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn many_messages_are_chosen_by_checkbox_click_and_key_and_changed_together() {
    let session = signed_in_mail().await;
    session.expect_console_errors(&["the server responded with a status of 503"]);
    focused_half_shown(&session).await;
    // A checkbox, Ctrl+click, Shift+click from the last one chosen, and `x` on the open one.
    choose_row(&session, "Lunch on Friday?").await;
    click_row_with(&session, "Contract draft for review", "shiftKey").await;
    click_row_with(&session, "Team offsite dates", "ctrlKey").await;
    assert_eq!(session.hash().await, "#/mail/inbox", "a modified click chooses, it does not open");
    eventually("a range and one more chosen", || async {
        chosen_subjects(&session).await
            == ["Lunch on Friday?", "RE: Budget for the trade show", "Contract draft for review", "Team offsite dates"]
    })
    .await;
    click_row_with(&session, "RE: Budget for the trade show", "metaKey").await;
    open_message(&session, "Quarterly review deck").await;
    session.press("x").await;
    eventually("four chosen", || async { session.text_of("chosen-count").await == "4 chosen" }).await;
    let chosen = chosen_subjects(&session).await;
    assert_eq!(chosen, ["Quarterly review deck", "Lunch on Friday?", "Contract draft for review", "Team offsite dates"]);

    session.click("chosen-unread").await;
    let unread = |subject: &'static str| row_attribute(&session, subject, "data-unread");
    eventually("all unread", || async {
        for subject in ["Quarterly review deck", "Lunch on Friday?", "Contract draft for review", "Team offsite dates"] {
            if unread(subject).await.as_deref() != Some("true") {
                return false;
            }
        }
        true
    })
    .await;
    session.set_value("chosen-categorize", "Green category").await;
    eventually("Green on all four", || async {
        let script = "return [...document.querySelectorAll('[data-testid=message-row]')].filter(r => r.querySelector('[data-testid=row-choose]').checked && r.querySelector('[data-testid=marker-category][data-name=\"Green category\"]')).length";
        session.script(script).await == 4
    })
    .await;
    // Refused by Graph, every change is put back and the messages stay chosen.
    session.control("PUT", "/_emulator/faults", r#"{"unavailable":100}"#).await;
    session.click("chosen-read").await;
    let undone = session.failure_text("action-undone").await;
    assert!(undone.starts_with("Some of the chosen messages were put back"), "{undone}");
    eventually("unread again", || async { unread("Team offsite dates").await.as_deref() == Some("true") }).await;
    assert_eq!(chosen_subjects(&session).await.len(), 4);
    session.control("PUT", "/_emulator/faults", "{}").await;
    session.click("chosen-archive").await;
    eventually("archived out of the inbox", || async { !subjects(&session).await.contains(&"Team offsite dates".to_owned()) }).await;
    assert!(session.all("chosen-bar").await.is_empty(), "nothing is chosen once all went");
    open_folder(&session, "archive").await;
    eventually("in Archive, unread and green", || async {
        let shown = subjects(&session).await;
        ["Quarterly review deck", "Lunch on Friday?", "Contract draft for review", "Team offsite dates"]
            .iter()
            .all(|s| shown.contains(&(*s).to_owned()))
    })
    .await;
    session.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn thirty_chosen_messages_go_in_batches_of_twenty() {
    let session = Session::start_with(|options| options.generate_mail = 60).await;
    open_mail(&session).await;
    focused_half_shown(&session).await;
    let shown = subjects(&session).await;
    choose_row(&session, &shown[0]).await;
    click_row_with(&session, &shown[29], "shiftKey").await;
    eventually("thirty chosen", || async { session.text_of("chosen-count").await == "30 chosen" }).await;
    let chosen: Vec<String> = serde_json::from_value(
        session.script("return [...document.querySelectorAll('[data-testid=message-row]')].filter(r => r.querySelector('[data-testid=row-choose]').checked).map(r => r.dataset.id)").await,
    )
    .unwrap();
    assert_eq!(chosen.len(), 30);
    session.click("chosen-flag").await;
    // Graph holds all thirty flagged: no batch went over its limit of 20.
    let token = session.access_tokens().await[0]["token"].as_str().unwrap().to_owned();
    let path = "/v1.0/me/mailFolders/inbox/messages?$filter=flag/flagStatus%20eq%20'flagged'&$select=id&$top=200";
    eventually("thirty flagged in Graph", || async {
        let (_, body) = tern_e2e::graph_get(&session.origin, path, &token).await;
        let value = serde_json::from_str::<serde_json::Value>(&body).unwrap();
        let flagged: Vec<&str> = value["value"].as_array().unwrap().iter().filter_map(|m| m["id"].as_str()).collect();
        chosen.iter().all(|id| flagged.contains(&id.as_str()))
    })
    .await;
    assert!(session.all("action-undone").await.is_empty());
    session.finish().await;
}

async fn conversation_items(session: &Session) -> Vec<(String, String)> {
    let value = session
        .script("return [...document.querySelectorAll('[data-testid=conversation-item]')].map(i => [i.dataset.id, i.dataset.expanded])")
        .await;
    serde_json::from_value(value).unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn conversations_are_one_row_open_together_and_act_as_one() {
    let session = signed_in_mail().await;
    focused_half_shown(&session).await;
    // Megan's deck and her reply to it are one row at the newest, with a count.
    eventually("one row for the deck", || async {
        row_attribute(&session, "Quarterly review deck", "data-count").await.as_deref() == Some("2")
            && !subjects(&session).await.contains(&"RE: Quarterly review deck".to_owned())
    })
    .await;
    let newest = row_attribute(&session, "Quarterly review deck", "data-id").await.unwrap();
    open_message(&session, "Quarterly review deck").await;
    eventually("the conversation, newest open", || async {
        let items = conversation_items(&session).await;
        items.len() == 2 && items[0] == (newest.clone(), "true".to_owned()) && items[1].1 == "false"
    })
    .await;
    assert_eq!(session.text_of("conversation-count").await, "2 messages in this conversation");
    let older = conversation_items(&session).await[1].0.clone();
    session.click_css(&format!("[data-testid=conversation-item][data-id=\"{older}\"] [data-testid=conversation-unfold]")).await;
    eventually("the older one unfolded", || async {
        session.script("return [...document.querySelectorAll('[data-testid=message-subject]')].map(s => s.textContent)").await
            == json!(["Quarterly review deck", "RE: Quarterly review deck"])
    })
    .await;
    // The toolbar acts on the whole conversation: both unread again.
    session.click("toggle-read").await;
    let token = session.access_tokens().await[0]["token"].as_str().unwrap().to_owned();
    let is_read = |id: String| {
        let (origin, token) = (session.origin.clone(), token.clone());
        async move {
            let (_, body) = tern_e2e::graph_get(&origin, &format!("/v1.0/me/messages/{id}?$select=isRead"), &token).await;
            serde_json::from_str::<serde_json::Value>(&body).unwrap()["isRead"].as_bool()
        }
    };
    eventually("both unread in Graph", || async {
        is_read(newest.clone()).await == Some(false) && is_read(older.clone()).await == Some(false)
    })
    .await;
    assert_eq!(row_attribute(&session, "Quarterly review deck", "data-unread").await.as_deref(), Some("true"));
    // One message of it: the reply goes to Deleted Items, the deck stays.
    session.click_css(&format!("[data-testid=conversation-item][data-id=\"{older}\"] [data-testid=conversation-delete]")).await;
    eventually("the row holds one message", || async {
        row_attribute(&session, "Quarterly review deck", "data-count").await.as_deref() == Some("1")
    })
    .await;
    open_folder(&session, "deleteditems").await;
    eventually("the reply in Deleted Items", || async { subjects(&session).await.contains(&"RE: Quarterly review deck".to_owned()) }).await;
    // Turned off in Settings, every message is a row of its own.
    session.open("/#/settings").await;
    session.click("settings-conversations").await;
    eventually("saved", || async { session.text_of("settings-conversations-said").await.starts_with("Saved") }).await;
    session.open("/#/mail/sentitems").await;
    session.wait_for("message-row").await;
    eventually("no counts", || async { session.script("return document.querySelectorAll('[data-testid=row-count]').length").await == 0 })
        .await;
    session.finish().await;
}

async fn master_row(session: &Session, name: &str) -> Option<String> {
    let script = format!("const r = [...document.querySelectorAll('[data-testid=category-row]')].find(r => r.dataset.name === {name:?}); return r ? r.dataset.color : null");
    session.script(&script).await.as_str().map(str::to_owned)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn categories_are_added_recoloured_and_deleted_in_settings() {
    let session = signed_in_mail().await;
    // Named on a message, but not in the master list: no colour yet.
    eventually("Project Falcon without a colour", || async {
        row_categories(&session, "Contract draft for review").await.contains(&("Project Falcon".to_owned(), String::new()))
    })
    .await;
    session.open("/#/").await;
    session.click("settings-categories-open").await;
    eventually("the six of a new mailbox", || async { session.all("category-row").await.len() == 6 }).await;
    session.type_into("category-new-name", "red CATEGORY").await;
    session.click("category-new").await;
    assert_eq!(session.text_of("category-problem").await, "There is a category by that name already.");
    session.set_value("category-new-name", "Project Falcon").await;
    session.set_value("category-new-colour", "preset6").await;
    session.click("category-new").await;
    eventually("added in olive", || async { master_row(&session, "Project Falcon").await.as_deref() == Some("preset6") }).await;
    assert_eq!(session.axe_violations().await, Vec::<serde_json::Value>::new(), "Settings with the categories open, as axe-core checks it");
    assert!(session.all("category-problem").await.is_empty());
    let recolour = "const r = [...document.querySelectorAll('[data-testid=category-row]')].find(r => r.dataset.name === 'Project Falcon');
                    const s = r.querySelector('[data-testid=category-colour]'); s.value = 'preset4'; s.dispatchEvent(new Event('change', {bubbles: true})); return null";
    session.script(recolour).await;
    let token = session.access_tokens().await[0]["token"].as_str().unwrap().to_owned();
    eventually("Graph has it green", || async {
        let (_, body) = tern_e2e::graph_get(&session.origin, "/v1.0/me/outlook/masterCategories", &token).await;
        let list: serde_json::Value = serde_json::from_str(&body).unwrap();
        list["value"].as_array().unwrap().iter().any(|c| c["displayName"] == "Project Falcon" && c["color"] == "preset4")
    })
    .await;
    assert_eq!(master_row(&session, "Project Falcon").await.as_deref(), Some("preset4"));
    session.open("/#/mail").await;
    eventually("the message's mark now green", || async {
        row_categories(&session, "Contract draft for review").await.contains(&("Project Falcon".to_owned(), "rgb(71, 208, 65)".to_owned()))
    })
    .await;
    session.open("/#/").await;
    session.click("settings-categories-open").await;
    eventually("listed", || async { master_row(&session, "Project Falcon").await.is_some() }).await;
    session.click_css("[data-testid=category-row][data-name='Project Falcon'] [data-testid=category-delete]").await;
    eventually("deleted", || async {
        master_row(&session, "Project Falcon").await.is_none() && session.all("category-row").await.len() == 6
    })
    .await;
    session.finish().await;
}
