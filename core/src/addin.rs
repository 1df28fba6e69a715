//! Tern as an Outlook add-in: where its pane may run, and what its sign-in dialog says
//! back to it.

use crate::auth::token_cache::AccountTokens;
use crate::calendar::EventForm;
use crate::date::CivilDate;
use crate::graph::models::{Message, Recipient};
use crate::json::FromJson;
use serde::Serialize;

/// Outlook on the web's origins, which frame the pane (desktop and mobile Outlook show it in
/// a web view of their own, with no ancestor). The deployment's `frame-ancestors` header
/// names the same hosts (`public/_headers`, `deploy/`); a national cloud adds its own there.
pub const OUTLOOK_WEB_ORIGINS: [&str; 4] =
    ["https://outlook.office.com", "https://outlook.office365.com", "https://outlook.cloud.microsoft", "https://outlook.live.com"];

/// Whether a framed pane may run, given the origins of the pages around it, innermost
/// first (`location.ancestorOrigins`). Each must be Outlook on the web or the pane's own
/// origin. Browsers without that list (Firefox) leave the decision to the header.
pub fn may_run_framed(ancestors: Option<&[String]>, own_origin: &str) -> bool {
    ancestors.is_none_or(|ancestors| ancestors.iter().all(|origin| origin == own_origin || OUTLOOK_WEB_ORIGINS.contains(&origin.as_str())))
}

/// One id's answer from `translateExchangeIds`: the id, or why there is none.
#[derive(Clone, Debug, PartialEq, Eq, FromJson)]
#[serde(rename_all = "camelCase")]
pub struct ConvertIdResult {
    pub source_id: String,
    #[serde(default)]
    pub target_id: Option<String>,
    #[serde(default)]
    pub error_details: Option<serde_json::Value>,
}

/// The translated id of `source`, or what Graph said about it. Graph answers 200 even when
/// an id fails, so each result is checked on its own.
pub fn translated_id(results: &[ConvertIdResult], source: &str) -> Result<String, String> {
    let result = results.iter().find(|result| result.source_id == source).ok_or("Graph did not answer for this item")?;
    match (&result.target_id, &result.error_details) {
        (Some(id), None) => Ok(id.clone()),
        (_, Some(details)) => Err(details["message"].as_str().or(details["code"].as_str()).unwrap_or("refused").to_owned()),
        (None, None) => Err("Graph gave no id for this item".into()),
    }
}

/// A To Do task to follow up on a message: its subject as the title, and a link back to it
/// (`linkedResources`), as Outlook's own "Flag" tasks have.
pub fn follow_up_task(subject: &str, web_link: Option<&str>) -> serde_json::Value {
    let title = if subject.trim().is_empty() { "Follow up on a message".to_owned() } else { format!("Follow up: {}", subject.trim()) };
    let mut task = serde_json::json!({ "title": title });
    if let Some(link) = web_link {
        task["linkedResources"] = serde_json::json!([{ "webUrl": link, "applicationName": "Tern", "displayName": subject.trim() }]);
    }
    task
}

/// The event form for a meeting about `message`: its subject, and its sender and every
/// recipient but the person (`me`) as attendees, each once, for half an hour from the next
/// whole hour after `now` (a day, and minutes since its midnight).
pub fn meeting_about(message: &Message, me: &str, now: (CivilDate, u32)) -> EventForm {
    let mut people: Vec<Recipient> = Vec::new();
    for person in message.from.iter().chain(&message.to_recipients).chain(&message.cc_recipients) {
        let Some(address) = person.email_address.address.as_deref() else { continue };
        let seen =
            people.iter().any(|known| known.email_address.address.as_deref().is_some_and(|known| known.eq_ignore_ascii_case(address)));
        if !seen && !address.eq_ignore_ascii_case(me) {
            people.push(person.clone());
        }
    }
    let (today, minutes) = now;
    let hour = minutes / 60 + 1;
    let (day, hour) = if hour >= 24 { (today.add_days(1), hour - 24) } else { (today, hour) };
    EventForm {
        subject: message.subject.clone().unwrap_or_default(),
        start: format!("{day}T{hour:02}:00"),
        end: format!("{day}T{hour:02}:30"),
        attendees: crate::mail::compose::address_text(&people),
        ..EventForm::default()
    }
}

/// An event's details as plain text, to put into a message being written.
pub fn event_details_text(subject: &str, when: &str, location: Option<&str>, join_url: Option<&str>) -> String {
    let mut lines = vec![subject.trim().to_owned(), format!("When: {when}")];
    if let Some(place) = location.map(str::trim).filter(|place| !place.is_empty()) {
        lines.push(format!("Where: {place}"));
    }
    if let Some(url) = join_url.filter(|url| url.starts_with("https://")) {
        lines.push(format!("Join: {url}"));
    }
    lines.join("\n") + "\n"
}

/// The query that opens `addin.html` as the sign-in dialog: Office opens a page of the
/// pane's own origin, which signs in by the usual redirect and sends the result back.
pub const DIALOG_QUERY: &str = "sign-in-dialog";

/// What the sign-in dialog sends the pane (`Office.context.ui.messageParent`, strings
/// only): the account's tokens, or why there are none.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, FromJson)]
#[serde(rename_all = "camelCase")]
pub enum DialogReply {
    SignedIn(Box<AccountTokens>),
    Failed { title: String, explanation: String, action: String },
}

/// What an Office dialog error means, and what to do (Microsoft's "Handle errors and events
/// in the Office dialog box").
pub fn dialog_error(code: i64) -> (&'static str, &'static str) {
    match code {
        12002 => (
            "The sign-in window found no page at its address, or was sent to one that does not load.",
            "Check that addin.html is deployed beside index.html.",
        ),
        12003 | 12005 => ("The sign-in window was given a plain http address; Office opens only https.", "Serve Tern over https."),
        12004 => {
            ("The sign-in window's address is not on the pane's own domain.", "Serve addin.html and the sign-in page from the same host.")
        }
        12006 => ("The sign-in window was closed before signing in finished.", "Choose Sign in to open it again."),
        12007 => ("A sign-in window is already open.", "Finish signing in there, or close it and choose Sign in again."),
        12009 => ("Opening the sign-in window was declined.", "Choose Sign in, then Allow when Outlook asks."),
        12011 => ("The browser blocked the sign-in window as a pop-up.", "Allow pop-ups for Outlook, then choose Sign in again."),
        _ => ("Outlook could not open the sign-in window.", "Choose Sign in to try again."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn translated_ids_are_read_one_by_one() {
        let results: Vec<ConvertIdResult> = crate::json::from_value(&serde_json::json!([
            {"sourceId": "a", "targetId": "A"},
            {"sourceId": "b", "errorDetails": {"code": "ErrorItemNotFound", "message": "The specified object was not found in the store."}},
        ]))
        .unwrap();
        assert_eq!(translated_id(&results, "a"), Ok("A".into()));
        assert_eq!(translated_id(&results, "b"), Err("The specified object was not found in the store.".into()));
        assert!(translated_id(&results, "c").is_err());
    }

    #[test]
    fn a_meeting_about_a_message_invites_its_people_but_me_from_the_next_hour() {
        let message: Message = crate::json::from_value(&serde_json::json!({
            "id": "m", "subject": "Budget",
            "from": {"emailAddress": {"name": "Megan Bowen", "address": "megan@contoso.example"}},
            "toRecipients": [{"emailAddress": {"name": "Adele Vance", "address": "Adele@contoso.example"}},
                             {"emailAddress": {"name": "Alex", "address": "alex@contoso.example"}}],
            "ccRecipients": [{"emailAddress": {"name": "Megan again", "address": "MEGAN@contoso.example"}}],
        }))
        .unwrap();
        let day = CivilDate::parse_iso("2026-11-30").unwrap();
        let form = meeting_about(&message, "adele@contoso.example", (day, 14 * 60 + 20));
        assert_eq!(form.subject, "Budget");
        assert_eq!(form.attendees, "Megan Bowen <megan@contoso.example>, Alex <alex@contoso.example>");
        assert_eq!((form.start.as_str(), form.end.as_str()), ("2026-11-30T15:00", "2026-11-30T15:30"));
        let late = meeting_about(&message, "adele@contoso.example", (day, 23 * 60 + 40));
        assert_eq!(late.start, "2026-12-01T00:00", "after 23:00, tomorrow");
    }

    #[test]
    fn event_details_read_as_lines_and_only_https_links_go_in() {
        let text = event_details_text(" Quarterly review ", "2026-12-01 10:00 – 11:00", Some("Room 4"), Some("https://teams.example/j/1"));
        assert_eq!(text, "Quarterly review\nWhen: 2026-12-01 10:00 – 11:00\nWhere: Room 4\nJoin: https://teams.example/j/1\n");
        assert_eq!(event_details_text("Call", "today", Some(" "), Some("javascript:alert(1)")), "Call\nWhen: today\n");
    }

    #[test]
    fn a_follow_up_task_links_back_to_its_message() {
        let task = follow_up_task(" Lunch on Friday? ", Some("https://outlook.office.com/owa/?ItemID=x"));
        assert_eq!(task["title"], "Follow up: Lunch on Friday?");
        assert_eq!(task["linkedResources"][0]["webUrl"], "https://outlook.office.com/owa/?ItemID=x");
        assert_eq!(task["linkedResources"][0]["applicationName"], "Tern");
        assert_eq!(follow_up_task("", None), serde_json::json!({"title": "Follow up on a message"}));
    }

    #[test]
    fn dialog_errors_are_explained_and_replies_read_back() {
        for code in [12002, 12003, 12004, 12005, 12006, 12007, 12009, 12011, 1] {
            let (meaning, action) = dialog_error(code);
            assert!(!meaning.is_empty() && !action.is_empty(), "{code}");
        }
        assert!(dialog_error(12006).0.contains("closed"));
        let failed = DialogReply::Failed { title: "t".into(), explanation: "e".into(), action: "a".into() };
        let text = serde_json::to_string(&failed).unwrap();
        assert_eq!(crate::json::from_str::<DialogReply>(&text).unwrap(), failed);
        assert!(crate::json::from_str::<DialogReply>("{\"signedIn\": 3}").is_err(), "anything else is refused");
    }

    fn origins(list: &[&str]) -> Vec<String> {
        list.iter().map(|origin| (*origin).to_owned()).collect()
    }

    #[test]
    fn only_outlook_on_the_web_may_frame_the_pane() {
        let own = "https://mail.example.org";
        assert!(may_run_framed(Some(&origins(&["https://outlook.office.com"])), own));
        assert!(may_run_framed(Some(&origins(&[own, "https://outlook.cloud.microsoft"])), own));
        assert!(!may_run_framed(Some(&origins(&["https://evil.example"])), own));
        assert!(!may_run_framed(Some(&origins(&["https://outlook.office.com", "https://evil.example"])), own), "every ancestor counts");
        assert!(!may_run_framed(Some(&origins(&["http://outlook.office.com"])), own), "never over plain http");
        assert!(!may_run_framed(Some(&origins(&["https://outlook.office.com.evil.example"])), own));
        assert!(may_run_framed(None, own), "the header decides where the browser does not say");
    }
}
