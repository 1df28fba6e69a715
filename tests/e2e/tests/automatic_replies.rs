//! Automatic replies (issue 17, item 5): shown and changed in Settings through
//! `/me/mailboxSettings`, with a banner while they are on.

use serde_json::{json, Value};
use tern_e2e::{eventually, graph_get, Session};

const ADELE: &str = "adele@contoso.example";

async fn graph_token(session: &Session) -> String {
    session.access_tokens().await[0]["token"].as_str().expect("a Graph token").to_owned()
}

async fn checked(session: &Session, testid: &str) -> bool {
    session.script(&format!("return document.querySelector('[data-testid={testid}]').checked")).await == Value::Bool(true)
}

async fn saved(session: &Session) {
    session.click("auto-replies-save").await;
    eventually("saved", || async {
        session.all("auto-replies-said").await.len() == 1 && session.text_of("auto-replies-said").await == "Saved."
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn automatic_replies_go_on_show_a_banner_follow_a_schedule_and_go_off() {
    let session = Session::start().await;
    session.open("/").await;
    session.sign_in(ADELE).await;
    session.open("/#/settings").await;
    eventually("the setting read", || async { checked(&session, "auto-replies-off").await }).await;
    assert!(session.all("automatic-replies-banner").await.is_empty());

    session.click("auto-replies-always").await;
    session.type_into("auto-replies-internal", "Away until Monday.\nAsk Megan.").await;
    session.set_value("auto-replies-audience", "contactsOnly").await;
    saved(&session).await;
    session.wait_for("automatic-replies-banner").await;
    let token = graph_token(&session).await;
    let (status, body) = graph_get(&session.origin, "/v1.0/me/mailboxSettings/automaticRepliesSetting", &token).await;
    assert_eq!(status, 200, "{body}");
    let setting: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(setting["status"], "alwaysEnabled");
    assert_eq!(setting["externalAudience"], "contactsOnly");
    assert_eq!(setting["internalReplyMessage"], "Away until Monday.<br>Ask Megan.");

    // The banner is on every screen, and a reload shows the setting as saved.
    session.open("/#/mail/inbox").await;
    session.wait_for("message-row").await;
    session.wait_for("automatic-replies-banner").await;
    session.browser.refresh().await.unwrap();
    session.wait_for("automatic-replies-banner").await;
    session.click("automatic-replies-change").await;
    eventually("On is shown", || async { checked(&session, "auto-replies-always").await }).await;
    let internal = session.script("return document.querySelector('[data-testid=auto-replies-internal]').value").await;
    assert_eq!(internal, json!("Away until Monday.\nAsk Megan."));

    // A schedule ending before it starts is refused before Graph is asked.
    session.click("auto-replies-scheduled").await;
    session.set_value("auto-replies-start", "2031-01-10T09:00").await;
    session.set_value("auto-replies-end", "2031-01-03T09:00").await;
    session.click("auto-replies-save").await;
    eventually("the problem", || async {
        session.all("auto-replies-said").await.len() == 1
            && session.text_of("auto-replies-said").await == "The end must be after the start."
    })
    .await;
    // A schedule in the future: no reply yet, so no banner.
    session.set_value("auto-replies-end", "2031-01-17T09:00").await;
    saved(&session).await;
    eventually("no banner before the schedule", || async { session.all("automatic-replies-banner").await.is_empty() }).await;
    let (_, body) = graph_get(&session.origin, "/v1.0/me/mailboxSettings", &token).await;
    let settings: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(settings["automaticRepliesSetting"]["status"], "scheduled");
    assert_eq!(settings["automaticRepliesSetting"]["scheduledStartDateTime"]["timeZone"], "UTC");

    session.click("auto-replies-off").await;
    saved(&session).await;
    let (_, body) = graph_get(&session.origin, "/v1.0/me/mailboxSettings/automaticRepliesSetting", &token).await;
    assert_eq!(serde_json::from_str::<Value>(&body).unwrap()["status"], "disabled");
    // Another person's settings are theirs alone, as Graph answers.
    let (status, body) = graph_get(&session.origin, "/v1.0/users/megan@contoso.example/mailboxSettings", &token).await;
    assert_eq!(status, 403, "{body}");
    assert!(body.contains("ErrorAccessDenied"), "{body}");
    session.finish().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_the_permission_the_setting_says_so_and_graph_is_not_asked() {
    let session = Session::start().await;
    session.use_config(json!({ "scopes": ["User.Read", "Mail.ReadWrite"] })).await;
    session.open("/").await;
    session.sign_in(ADELE).await;
    session.open("/#/settings").await;
    assert!(session.text_of("auto-replies").await.contains("not allowed to read your mailbox settings"));
    tokio::time::sleep(std::time::Duration::from_millis(2_000)).await;
    let asked = session.script("return performance.getEntriesByType('resource').some(e => e.name.includes('mailboxSettings'))").await;
    assert_eq!(asked, Value::Bool(false));
    session.finish().await;
}
