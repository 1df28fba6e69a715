//! A seeded random walk: 300 actions a person could take, across every screen, as fast as
//! the page allows. It fails on any panic or console error and prints the seed and the
//! last actions, so a failure can be replayed: `TERN_WALK_SEED=<seed> cargo test -p
//! tern-e2e --test random_walk`.

use serde_json::Value;
use std::time::Duration;
use tern_e2e::Session;

const STEPS: usize = 300;

/// What can be clicked. Nothing that leaves the page for the sign-in service (sign-out,
/// another account, admin consent) or that deletes what later steps need.
const CLICKABLE: &[&str] = &[
    "nav-mail",
    "nav-calendar",
    "nav-contacts",
    "nav-tasks",
    "brand",
    "folder",
    "message-row",
    "close-message",
    "reply",
    "reply-all",
    "forward",
    "toggle-read",
    "toggle-flag",
    "archive",
    "new-message",
    "compose-send",
    "compose-discard",
    "filter-all",
    "filter-unread",
    "filter-flagged",
    "filter-attachments",
    "refresh",
    "search",
    "calendar-prev",
    "calendar-next",
    "calendar-today",
    "calendar-view-agenda",
    "calendar-view-day",
    "calendar-view-week",
    "calendar-view-month",
    "calendar-toggle",
    "new-event",
    "event-form-cancel",
    "event-close",
    "contact-row",
    "new-contact",
    "contact-form-cancel",
    "task-complete",
    "show-completed",
    "new-task-add",
    "show-images",
    "request-log-toggle",
    "failure-details-toggle",
    "suggestion",
];

/// What can be typed into, and with what.
const TYPABLE: &[(&str, &str)] = &[
    ("compose-to", "megan@contoso.example"),
    ("compose-subject", "Walk"),
    ("compose-body", "step"),
    ("search-input", "offsite"),
    ("contact-search", "me"),
    ("new-task-title", "Walk task"),
    ("event-form-subject", "Walk event"),
];

struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        self.0 >> 33
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Clicks one of the visible, enabled elements that carry one of the `CLICKABLE` ids,
/// chosen by `pick`; says which, or `None` when the page has none.
async fn click_some(session: &Session, pick: usize) -> Option<String> {
    let ids = serde_json::to_string(CLICKABLE).unwrap();
    let script = format!(
        "const ids = new Set({ids});
         const all = [...document.querySelectorAll('[data-testid]')]
           .filter(e => ids.has(e.dataset.testid) && e.offsetParent !== null && !e.disabled);
         if (all.length === 0) return null;
         const chosen = all[{pick} % all.length];
         chosen.click();
         return chosen.dataset.testid"
    );
    session.script(&script).await.as_str().map(str::to_owned)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_hundred_random_actions_break_nothing() {
    let seed: u64 = std::env::var("TERN_WALK_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(20_261_130);
    let mut random = Lcg(seed);
    let session = Session::start().await;
    session.open("/").await;
    session.sign_in("adele@contoso.example").await;
    session.open("/#/mail/inbox").await;
    session.wait_for("message-row").await;
    let mut done: Vec<String> = Vec::new();
    for step in 0..STEPS {
        let action = match random.below(20) {
            0 => {
                session.browser.refresh().await.unwrap();
                "reload".to_owned()
            }
            1 => {
                session.browser.back().await.unwrap();
                "back".to_owned()
            }
            2..=4 => {
                let (test_id, text) = TYPABLE[random.below(TYPABLE.len())];
                let typed = session
                    .script(&format!(
                        "const e = [...document.querySelectorAll('[data-testid=\"{test_id}\"]')].find(e => e.offsetParent !== null); if (!e) return false; e.focus(); return true"
                    ))
                    .await;
                if typed == Value::Bool(true) {
                    let _ = session.browser.active_element().await.unwrap().send_keys(text).await;
                    format!("type {test_id}")
                } else {
                    format!("type {test_id} (absent)")
                }
            }
            5 => {
                let key = ["j", "k", "s", "u", "Escape"][random.below(5)];
                session.script("document.activeElement && document.activeElement.blur(); return null").await;
                session.press(key).await;
                format!("key {key}")
            }
            _ => {
                let pick = random.below(1_000);
                match click_some(&session, pick).await {
                    Some(test_id) => format!("click {test_id}#{pick}"),
                    None => format!("click #{pick} (absent)"),
                }
            }
        };
        done.push(action);
        tokio::time::sleep(Duration::from_millis(random.next() % 120)).await;
        let banner = session.all("panic-banner").await;
        let errors = if step % 10 == 9 || !banner.is_empty() { session.unexpected_console_errors().await } else { Vec::new() };
        if !banner.is_empty() || !errors.is_empty() {
            let last: Vec<&String> = done.iter().rev().take(12).collect::<Vec<_>>().into_iter().rev().collect();
            panic!(
                "random walk seed {seed} broke at step {step}: panic banner: {}, console errors: {errors:#?}\nlast actions: {last:#?}",
                !banner.is_empty()
            );
        }
    }
    // A walk that mostly found nothing to press would prove nothing.
    let absent = done.iter().filter(|action| action.ends_with("(absent)")).count();
    assert!(absent * 2 < STEPS, "seed {seed}: {absent} of {STEPS} actions found nothing to act on");
    tokio::time::sleep(Duration::from_millis(1_500)).await;
    if !session.unexpected_console_errors().await.is_empty() || !session.all("panic-banner").await.is_empty() {
        panic!("random walk seed {seed} broke after its last step: {:?}", done.iter().rev().take(12).collect::<Vec<_>>());
    }
    session.finish().await;
}
