//! The frame at every width: a top bar no taller than 56 px with the account as an avatar,
//! folders in a drawer below 1200 px, the mail frame's colours, and a keyboard that reaches
//! every action with its focus in sight.

use serde_json::{json, Value};
use tern_e2e::{eventually, seeded_inbox, Session};

const TAB: &str = "\u{e004}";
const ESCAPE: &str = "\u{e00c}";

async fn signed_in_at(width: u32, height: u32, username: &str) -> Session {
    let session = Session::start_with_window(width, height).await;
    session.open("/").await;
    session.sign_in(username).await;
    session
}

/// Whether an element is on screen: `checkVisibility` also sees the content of a closed
/// `<details>`, which keeps its boxes but is not drawn.
async fn shown(session: &Session, test_id: &str) -> bool {
    let script = format!("const e = document.querySelector('[data-testid=\"{test_id}\"]'); return !!e && e.checkVisibility()");
    session.script(&script).await == true
}

async fn width_of(session: &Session, selector: &str) -> f64 {
    let script = format!("return document.querySelector('{selector}').getBoundingClientRect().width");
    session.script(&script).await.as_f64().expect("a width")
}

async fn focused_test_id(session: &Session) -> String {
    let script =
        "const e = document.activeElement; return e && e.closest('[data-testid]') ? e.closest('[data-testid]').dataset.testid : ''";
    session.script(script).await.as_str().unwrap_or_default().to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_top_bar_is_at_most_56_pixels_and_the_account_is_an_avatar_that_opens_its_menu() {
    for (width, labels_shown) in [(1366, true), (900, true), (340, false)] {
        let session = signed_in_at(width, 800, "adele@contoso.example").await;
        session.open("/#/mail/inbox").await;
        session.wait_for("message-row").await;
        let bar = session.script("return document.querySelector('.top-bar').getBoundingClientRect().height").await;
        assert!(bar.as_f64().unwrap() <= 56.0, "the top bar at {width} px is {bar} px tall");
        // Each area link keeps its name for screen readers, shown or not.
        let names = session
            .script("return [...document.querySelectorAll('.nav a')].map(a => [a.textContent.trim(), a.querySelector('.nav-label').getBoundingClientRect().width > 2])")
            .await;
        assert_eq!(
            names,
            json!([["Mail", labels_shown], ["Calendar", labels_shown], ["Contacts", labels_shown], ["Tasks", labels_shown]]),
            "at {width} px"
        );
        assert_eq!(session.text_of("account-avatar-initials").await, "AV");
        let label = session.script("return document.querySelector('[data-testid=account-menu] .visually-hidden').textContent").await;
        assert_eq!(label, json!("Account menu for Adele Vance (adele@contoso.example)"));
        assert!(!shown(&session, "account-name").await, "who is signed in waits in the menu");
        session.click("account-menu").await;
        assert_eq!(session.text_of("account-name").await, "Adele Vance");
        assert!(shown(&session, "sign-out").await);
        assert!(
            session.script("return document.documentElement.scrollWidth <= window.innerWidth").await == true,
            "the open menu fits at {width} px"
        );
        session.wait_for("sign-out").await.send_keys(ESCAPE).await.unwrap();
        eventually("the menu closed", || async { !shown(&session, "sign-out").await }).await;
        assert_eq!(focused_test_id(&session).await, "account-menu", "the keyboard goes back to the avatar");
        session.finish().await;
    }
}

/// Initials are shown in capitals whatever case the name is written in, accents included:
/// the browser's case mapping does it (CSS), not tables compiled into the bundle.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn initials_of_a_name_written_in_lower_case_show_in_capitals() {
    let identity = std::env::temp_dir().join(format!("tern-e2e-lowercase-{}.json", std::process::id()));
    std::fs::write(&identity, r#"{"users": [{"upn": "emile@contoso.example", "name": "émile zola", "password": "demo"}]}"#).unwrap();
    let session = Session::start_with(|options| options.identity = Some(identity.clone())).await;
    session.expect_console_errors(&["the server responded with a status of 404"]);
    session.open("/").await;
    session.sign_in("emile@contoso.example").await;
    session.open("/#/mail/inbox").await;
    session.wait_for("account-avatar-initials").await;
    assert_eq!(session.content_of("account-avatar-initials").await, "éz", "kept as written");
    assert_eq!(session.text_of("account-avatar-initials").await, "ÉZ", "shown in capitals");
    session.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_person_with_a_photo_sees_it_as_their_avatar() {
    let session = signed_in_at(1366, 800, "megan@contoso.example").await;
    let photo = session.wait_for("account-avatar-photo").await;
    let source = photo.attr("src").await.unwrap().unwrap_or_default();
    assert!(source.starts_with("blob:"), "the photo comes from Graph as a blob: {source}");
    eventually("the picture decoded", || async {
        session.script("return document.querySelector('[data-testid=account-avatar-photo]').naturalWidth").await == json!(96)
    })
    .await;
    assert!(shown(&session, "profile-photo").await, "the home page shows the same photo");
    session.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn between_700_and_1199_pixels_the_list_and_message_share_the_screen_and_folders_open_in_a_drawer() {
    let session = signed_in_at(900, 800, "adele@contoso.example").await;
    session.open("/#/mail/inbox").await;
    session.wait_for("message-row").await;
    assert!(!shown(&session, "folder").await, "the folders wait in their drawer");
    session.click_css("[data-testid=message-row]").await;
    session.wait_for("message-body").await;
    assert!(shown(&session, "message-row").await, "the list stays beside the open message");
    assert!(!shown(&session, "close-message").await, "no back button when both fit");
    let reading = width_of(&session, ".reading-pane").await;
    assert!(reading >= 450.0, "the reading pane has {reading} px of 900");

    session.click("folders-toggle").await;
    eventually("the drawer open", || async { shown(&session, "folder").await }).await;
    let expanded = session.script("return document.querySelector('[data-testid=folders-toggle]').getAttribute('aria-expanded')").await;
    assert_eq!(expanded, json!("true"));
    assert!(shown(&session, "message-row").await, "the drawer lies over the screen, which stays");
    session.wait_for("folders-toggle").await.send_keys(ESCAPE).await.unwrap();
    eventually("Escape closed it", || async { !shown(&session, "folder").await }).await;
    assert_eq!(focused_test_id(&session).await, "folders-toggle");

    session.click("folders-toggle").await;
    session.click_css("[data-testid=folder][data-folder=\"sentitems\"]").await;
    eventually("Sent Items, the drawer put away", || async {
        session.hash().await.contains("/sentitems") && !shown(&session, "folder").await
    })
    .await;

    session.open("/#/tasks").await;
    session.wait_for("task").await;
    assert!(!shown(&session, "task-list").await, "task lists wait in their drawer too");
    session.click("lists-toggle").await;
    eventually("the task lists", || async { shown(&session, "task-list").await }).await;
    assert!(session.script("return document.documentElement.scrollWidth <= window.innerWidth").await == true);
    session.finish().await;
}

fn html_message(subject: &str, html: &str, minute: u32) -> Value {
    json!({
        "subject": subject,
        "body": { "contentType": "html", "content": html },
        "from": { "emailAddress": { "name": "Megan Bowen", "address": "megan@contoso.example" } },
        "toRecipients": [{ "emailAddress": { "name": "Adele Vance", "address": "adele@contoso.example" } }],
        "receivedDateTime": format!("2026-11-19T10:{minute:02}:00Z"),
        "isRead": false,
    })
}

/// The frame's own page colour in the dark theme, for the message with `subject`.
async fn frame_background(session: &Session, subject: &str) -> String {
    let open = format!(
        "[...document.querySelectorAll('[data-testid=message-row]')].find(r => r.textContent.includes('{subject}')).querySelector('a').click(); return null"
    );
    session.script(&open).await;
    eventually("the message in its frame", || async {
        let script = format!(
            "const f = document.querySelector('[data-testid=message-body]'); \
             return !!f && !!f.contentDocument && f.contentDocument.body && f.contentDocument.body.textContent.includes('{subject}')"
        );
        session.script(&script).await == true
    })
    .await;
    let script = "const f = document.querySelector('[data-testid=message-body]'); \
                  return getComputedStyle(f.contentDocument.documentElement).backgroundColor";
    session.script(script).await.as_str().unwrap_or_default().to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in_the_dark_theme_a_message_stays_light_unless_it_says_it_was_made_for_dark() {
    let messages = vec![
        html_message("Designed on white", "<p>Designed on white</p>", 1),
        html_message(
            "Made for both",
            "<html><head><meta name=\"color-scheme\" content=\"light dark\"></head><body><p>Made for both</p></body></html>",
            2,
        ),
    ];
    let session = Session::start_with(|options| options.data = Some(seeded_inbox("dark-frame", messages))).await;
    session.prefer_dark(true).await;
    session.open("/").await;
    session.sign_in("adele@contoso.example").await;
    session.open("/#/mail/inbox").await;
    session.wait_for("message-row").await;
    assert_eq!(frame_background(&session, "Designed on white").await, "rgb(255, 255, 255)");
    let dark = frame_background(&session, "Made for both").await;
    assert_eq!(dark, "rgba(0, 0, 0, 0)", "a message made for dark shows the page's own dark background");
    let text =
        session.script("return getComputedStyle(document.querySelector('[data-testid=message-body]').contentDocument.body).color").await;
    assert_eq!(text, json!("rgb(255, 255, 255)"), "with light text");
    session.finish().await;
}

/// Tabs through the page from the top, up to `limit` times, and returns the test ids that
/// took the keyboard; each must show where the focus is. A date field's calendar button is
/// the browser's own part, which draws its own ring; the field then does not match `:focus`.
async fn tab_through(session: &Session, limit: usize) -> Vec<String> {
    // From the first stop of every screen, the brand, until the keyboard comes round to it.
    session.script("window.__firstStop = document.querySelector('[data-testid=brand]'); window.__firstStop.focus(); return null").await;
    let mut reached = vec!["brand".to_owned()];
    for _ in 0..limit {
        session.browser.active_element().await.unwrap().send_keys(TAB).await.unwrap();
        let seen = session
            .script(
                "const e = document.activeElement; if (!e || e === document.body || e === window.__firstStop) return null; \
                 const style = getComputedStyle(e); \
                 const inBrowserPart = !e.matches(':focus') && e.matches('input[type=date], input[type=time]'); \
                 return [e.closest('[data-testid]') ? e.closest('[data-testid]').dataset.testid : e.tagName, \
                         inBrowserPart || style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2]",
            )
            .await;
        let Some([id, visible]) = seen.as_array().map(|pair| [pair[0].clone(), pair[1].clone()]) else { break };
        let id = id.as_str().unwrap_or_default().to_owned();
        assert_eq!(visible, json!(true), "the focus on {id} cannot be seen");
        reached.push(id);
    }
    reached
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_keyboard_reaches_every_action_and_its_focus_is_always_visible() {
    let session = signed_in_at(1366, 800, "adele@contoso.example").await;
    let screens: [(&str, &str, &[&str]); 4] = [
        (
            "/#/mail/inbox",
            "message-row",
            &[
                "brand",
                "nav-mail",
                "nav-calendar",
                "account-menu",
                "new-message",
                "folder",
                "search-input",
                "filter-unread",
                "refresh",
                "row-open",
            ],
        ),
        ("/#/calendar/week", "calendar-title", &["new-event", "calendar-view-month", "calendar-next", "event"]),
        ("/#/contacts", "contact-row", &["contact-search", "new-contact", "contact-row"]),
        ("/#/tasks", "task", &["task-list", "new-task-title", "new-task-add", "show-completed", "task-complete", "task-delete"]),
    ];
    for (path, ready, wanted) in screens {
        session.open(path).await;
        session.wait_for(ready).await;
        let reached = tab_through(&session, 150).await;
        for id in wanted {
            assert!(reached.iter().any(|seen| seen == id), "{id} on {path} is out of the keyboard's reach: {reached:?}");
        }
    }
    // An open message: its actions come after the list, in order.
    session.open("/#/mail/inbox").await;
    session.click_css("[data-testid=message-row]").await;
    session.wait_for("message-body").await;
    let reached = tab_through(&session, 150).await;
    for id in ["reply", "reply-all", "forward", "toggle-read", "toggle-flag", "archive", "delete", "move-to", "message-body"] {
        assert!(reached.iter().any(|seen| seen == id), "{id} is out of the keyboard's reach: {reached:?}");
    }
    session.finish().await;
}
