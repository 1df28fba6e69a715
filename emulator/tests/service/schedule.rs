//! Free/busy (`calendar/getSchedule`) and *Find a time* (`findMeetingTimes`) across two
//! mailboxes of the tenant and one address outside it.

use crate::harness::{Emulator, Reply, ADELE, MEGAN};
use axum::http::{Method, StatusCode};
use serde_json::{json, Value};

const WRITE: &str = "openid profile offline_access User.Read Calendars.ReadWrite";
const OUTSIDER: &str = "someone@fabrikam.example";

async fn post(emulator: &mut Emulator, uri: &str, token: &str, extra: &[(&str, &str)], body: Value) -> Reply {
    let bearer = format!("Bearer {token}");
    let mut headers = vec![("authorization", bearer.as_str()), ("content-type", "application/json")];
    headers.extend_from_slice(extra);
    emulator.send(Method::POST, uri, &headers, body.to_string()).await
}

/// Megan is busy 10:00–11:00 and tentative 14:00–14:30 (UTC) on Tuesday 8 December.
async fn megans_tuesday(emulator: &mut Emulator) -> String {
    let megan = emulator.new_browser().access_token(WRITE, MEGAN).await;
    for (subject, start, end, show_as) in [("Budget", "10:00", "11:00", "busy"), ("Maybe lunch", "14:00", "14:30", "tentative")] {
        let event = json!({"subject": subject, "showAs": show_as,
            "start": {"dateTime": format!("2026-12-08T{start}:00"), "timeZone": "UTC"}, "end": {"dateTime": format!("2026-12-08T{end}:00"), "timeZone": "UTC"}});
        assert_eq!(post(emulator, "/v1.0/me/events", &megan, &[], event).await.status, StatusCode::CREATED);
    }
    emulator.new_browser().access_token(WRITE, ADELE).await
}

fn window(from: &str, to: &str) -> Value {
    json!({"start": {"dateTime": from, "timeZone": "UTC"}, "end": {"dateTime": to, "timeZone": "UTC"}})
}

#[tokio::test]
async fn free_busy_is_a_digit_per_slot_and_an_outsider_is_an_error_of_its_own() {
    let mut emulator = Emulator::new();
    let adele = megans_tuesday(&mut emulator).await;
    let asked = json!({"schedules": [MEGAN, OUTSIDER], "startTime": {"dateTime": "2026-12-08T09:00:00", "timeZone": "UTC"},
                       "endTime": {"dateTime": "2026-12-08T15:00:00", "timeZone": "UTC"}, "availabilityViewInterval": 60});
    let prefer = [("prefer", "outlook.timezone=\"Europe/Berlin\"")];
    let reply = post(&mut emulator, "/v1.0/me/calendar/getSchedule", &adele, &prefer, asked.clone()).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let answer = reply.json();
    let megan = &answer["value"][0];
    assert_eq!(megan["scheduleId"], MEGAN);
    assert_eq!(megan["availabilityView"], "020001", "busy 10–11, tentative in 14–15");
    assert_eq!(megan["scheduleItems"][0]["start"], json!({"dateTime": "2026-12-08T11:00:00.0000000", "timeZone": "Europe/Berlin"}));
    assert!(megan["scheduleItems"][0].get("subject").is_none(), "free/busy only");
    assert_eq!(megan["workingHours"]["startTime"], "08:00:00.0000000");
    let outsider = &answer["value"][1];
    assert_eq!(outsider["error"]["responseCode"], "5009");
    assert!(outsider.get("availabilityView").is_none());

    let pascal =
        json!({"Schedules": [MEGAN], "StartTime": asked["startTime"], "EndTime": asked["endTime"], "availabilityViewInterval": "30"});
    let reply = post(&mut emulator, "/v1.0/me/calendar/getSchedule", &adele, &[], pascal).await;
    assert_eq!(
        reply.json()["value"][0]["availabilityView"].as_str().map(str::len),
        Some(12),
        "the keys as Microsoft's own example writes them"
    );
    let too_many = json!({"schedules": vec![MEGAN; 21], "startTime": asked["startTime"], "endTime": asked["endTime"]});
    assert_eq!(post(&mut emulator, "/v1.0/me/calendar/getSchedule", &adele, &[], too_many).await.status, StatusCode::BAD_REQUEST);
    let too_long =
        json!({"schedules": [MEGAN], "startTime": asked["startTime"], "endTime": {"dateTime": "2027-02-10T00:00:00", "timeZone": "UTC"}});
    let reply = post(&mut emulator, "/v1.0/me/calendar/getSchedule", &adele, &[], too_long).await;
    assert_eq!(reply.json()["error"]["code"], "ErrorTimeIntervalTooBig");
    // Consent adds up, so a token without calendar scopes needs a mailbox that never gave them.
    let mut fresh = Emulator::new();
    let mail_only = fresh.new_browser().access_token("openid profile offline_access User.Read Mail.Read", ADELE).await;
    assert_eq!(post(&mut fresh, "/v1.0/me/calendar/getSchedule", &mail_only, &[], asked).await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn find_a_time_offers_the_hours_everyone_is_free_best_first() {
    let mut emulator = Emulator::new();
    let adele = megans_tuesday(&mut emulator).await;
    let ask = |attendees: Value, from: &str, to: &str| {
        json!({"attendees": attendees, "timeConstraint": {"activityDomain": "work", "timeSlots": [window(from, to)]},
               "meetingDuration": "PT1H", "maxCandidates": 3, "returnSuggestionReasons": true})
    };
    let megan = json!([{"type": "required", "emailAddress": {"address": MEGAN}}]);
    let reply =
        post(&mut emulator, "/v1.0/me/findMeetingTimes", &adele, &[], ask(megan.clone(), "2026-12-08T09:00:00", "2026-12-08T12:00:00"))
            .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let answer = reply.json();
    assert_eq!(answer["emptySuggestionsReason"], "");
    let offered: Vec<(String, f64, i64)> = answer["meetingTimeSuggestions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["meetingTimeSlot"]["start"]["dateTime"].as_str().unwrap().to_owned(),
                s["confidence"].as_f64().unwrap(),
                s["order"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        offered,
        [("2026-12-08T09:00:00.0000000".to_owned(), 100.0, 1), ("2026-12-08T11:00:00.0000000".to_owned(), 100.0, 2)],
        "not while Megan is busy"
    );
    assert_eq!(answer["meetingTimeSuggestions"][0]["attendeeAvailability"][0]["availability"], "free");
    assert!(answer["meetingTimeSuggestions"][0]["suggestionReason"].as_str().unwrap().contains("all attendees"));

    let with_outsider =
        json!([{"type": "required", "emailAddress": {"address": MEGAN}}, {"type": "required", "emailAddress": {"address": OUTSIDER}}]);
    let answer = post(
        &mut emulator,
        "/v1.0/me/findMeetingTimes",
        &adele,
        &[],
        ask(with_outsider.clone(), "2026-12-08T09:00:00", "2026-12-08T12:00:00"),
    )
    .await
    .json();
    assert_eq!(answer["meetingTimeSuggestions"][0]["confidence"], 74.5, "free and unknown, averaged");
    let none =
        post(&mut emulator, "/v1.0/me/findMeetingTimes", &adele, &[], ask(with_outsider, "2026-12-08T10:00:00", "2026-12-08T11:00:00"))
            .await
            .json();
    assert_eq!(none["meetingTimeSuggestions"], json!([]));
    assert_eq!(none["emptySuggestionsReason"], "attendeesUnavailableOrUnknown");
    let none =
        post(&mut emulator, "/v1.0/me/findMeetingTimes", &adele, &[], ask(megan.clone(), "2026-12-08T10:00:00", "2026-12-08T11:00:00"))
            .await
            .json();
    assert_eq!(none["emptySuggestionsReason"], "attendeesUnavailable");
    let evening =
        post(&mut emulator, "/v1.0/me/findMeetingTimes", &adele, &[], ask(megan.clone(), "2026-12-08T18:00:00", "2026-12-08T20:00:00"))
            .await
            .json();
    assert_eq!(evening["meetingTimeSuggestions"], json!([]), "outside working hours");

    let mut bad = ask(megan, "2026-12-08T09:00:00", "2026-12-08T12:00:00");
    bad["meetingDuration"] = json!("InvalidTimeFormat");
    let reply = post(&mut emulator, "/v1.0/me/findMeetingTimes", &adele, &[], bad).await;
    assert_eq!((reply.status, reply.json()["error"]["code"].as_str()), (StatusCode::BAD_REQUEST, Some("RequestBodyRead")));
    assert_eq!(reply.json()["error"]["message"], "Cannot convert the literal 'InvalidTimeFormat' to the expected type 'Edm.Duration'.");
}

#[tokio::test]
async fn reminder_view_lists_the_reminders_of_events_starting_in_the_window() {
    let mut emulator = Emulator::new();
    let adele = emulator.new_browser().access_token(WRITE, ADELE).await;
    let event = json!({"subject": "Dentist", "isReminderOn": true, "reminderMinutesBeforeStart": 30,
        "start": {"dateTime": "2026-12-08T10:00:00", "timeZone": "UTC"}, "end": {"dateTime": "2026-12-08T11:00:00", "timeZone": "UTC"}});
    assert_eq!(post(&mut emulator, "/v1.0/me/events", &adele, &[], event).await.status, StatusCode::CREATED);
    let bearer = format!("Bearer {adele}");
    let uri = "/v1.0/me/reminderView(startDateTime='2026-12-08T00:00:00',endDateTime='2026-12-09T00:00:00')";
    let reply = emulator.send(Method::GET, uri, &[("authorization", bearer.as_str())], String::new()).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let reminders = reply.json()["value"].as_array().cloned().unwrap();
    let dentist = reminders.iter().find(|r| r["eventSubject"] == "Dentist").expect("the dentist's reminder");
    assert_eq!(dentist["reminderFireTime"], json!({"dateTime": "2026-12-08T09:30:00.0000000", "timeZone": "UTC"}));
    assert_eq!(dentist["eventStartTime"]["dateTime"], "2026-12-08T10:00:00.0000000");
    let unknown = emulator.send(Method::GET, "/v1.0/me/nothingHere", &[("authorization", bearer.as_str())], String::new()).await;
    assert_eq!((unknown.status, unknown.json()["error"]["code"].as_str()), (StatusCode::BAD_REQUEST, Some("BadRequest")));
    let missing = emulator
        .send(
            Method::GET,
            "/v1.0/me/reminderView(startDateTime='2026-12-08T00:00:00')",
            &[("authorization", bearer.as_str())],
            String::new(),
        )
        .await;
    assert_eq!(missing.status, StatusCode::BAD_REQUEST);
}
