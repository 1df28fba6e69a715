//! Graph calendar through the router: calendars, events, calendarView with recurring
//! series, time zones, answers to invitations, changes and delta.

use crate::harness::{Emulator, Reply, ADELE, MEGAN, ORIGIN};
use axum::http::{Method, StatusCode};
use serde_json::Value;

const READ: &str = "openid profile offline_access User.Read Calendars.Read";
const WRITE: &str = "openid profile offline_access User.Read Calendars.ReadWrite";
const WEEK: &str = "startDateTime=2026-11-16T00:00:00Z&endDateTime=2026-11-23T00:00:00Z";

async fn token(emulator: &Emulator, upn: &str, scope: &str) -> String {
    emulator.new_browser().access_token(scope, upn).await
}

async fn call(emulator: &mut Emulator, method: Method, uri: &str, token: &str, extra: &[(&str, &str)], body: &str) -> Reply {
    let bearer = format!("Bearer {token}");
    let mut headers = vec![("authorization", bearer.as_str()), ("content-type", "application/json")];
    headers.extend_from_slice(extra);
    emulator.send(method, uri, &headers, body.to_owned()).await
}

async fn get(emulator: &mut Emulator, uri: &str, token: &str) -> Reply {
    call(emulator, Method::GET, uri, token, &[], "").await
}

fn code(reply: &Reply) -> String {
    reply.json()["error"]["code"].as_str().unwrap_or_default().to_owned()
}

fn values(body: &Value) -> Vec<Value> {
    body["value"].as_array().cloned().unwrap_or_default()
}

fn by_subject<'a>(items: &'a [Value], subject: &str) -> Vec<&'a Value> {
    items.iter().filter(|e| e["subject"] == subject).collect()
}

#[tokio::test]
async fn calendars_list_the_default_and_a_coloured_one_each_with_its_events() {
    let mut emulator = Emulator::new();
    let token = token(&emulator, ADELE, READ).await;
    let reply = get(&mut emulator, "/v1.0/me/calendars", &token).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let calendars = values(&reply.json());
    assert_eq!(calendars.len(), 2);
    assert_eq!((calendars[0]["name"].as_str(), calendars[0]["isDefaultCalendar"].as_bool()), (Some("Calendar"), Some(true)));
    let team = calendars.iter().find(|c| c["name"] == "Team").unwrap();
    assert_eq!(
        (team["color"].as_str(), team["hexColor"].as_str(), team["canEdit"].as_bool()),
        (Some("lightGreen"), Some("#87d28e"), Some(true))
    );
    assert_eq!(team["owner"]["address"], ADELE);
    let default = get(&mut emulator, "/v1.0/me/calendar", &token).await.json();
    assert_eq!(default["id"], calendars[0]["id"]);

    let team_events = get(&mut emulator, &format!("/v1.0/me/calendars/{}/events", team["id"].as_str().unwrap()), &token).await.json();
    let team_events = values(&team_events);
    let subjects: Vec<&str> = team_events.iter().map(|e| e["subject"].as_str().unwrap()).collect();
    assert_eq!(subjects, ["Offsite planning", "Sprint demo"]);
    let team_view =
        get(&mut emulator, &format!("/v1.0/me/calendars/{}/calendarView?{WEEK}", team["id"].as_str().unwrap()), &token).await.json();
    assert_eq!(values(&team_view).iter().map(|e| e["subject"].as_str().unwrap()).collect::<Vec<_>>(), ["Offsite planning"]);
    let missing = get(&mut emulator, "/v1.0/me/calendars/AAMkAGI2TGuCAAAnothing0000=/events", &token).await;
    assert_eq!((missing.status, code(&missing)), (StatusCode::NOT_FOUND, "ErrorItemNotFound".into()));
}

#[tokio::test]
async fn events_list_series_masters_without_expanding_them() {
    let mut emulator = Emulator::new();
    let token = token(&emulator, ADELE, READ).await;
    let events = values(&get(&mut emulator, "/v1.0/me/events?$top=100", &token).await.json());
    let sync = by_subject(&events, "Weekly team sync");
    assert_eq!(sync.len(), 1);
    assert_eq!(sync[0]["type"], "seriesMaster");
    assert_eq!(sync[0]["recurrence"]["pattern"]["type"], "weekly");
    assert!(events.iter().all(|e| e["type"] == "singleInstance" || e["type"] == "seriesMaster"), "no occurrences nor exceptions");
    assert_eq!(events[0]["@odata.etag"], format!("W/\"{}\"", events[0]["changeKey"].as_str().unwrap()));

    let subjects = |body: Value| values(&body).iter().map(|e| e["subject"].as_str().unwrap().to_owned()).collect::<Vec<_>>();
    let masters = subjects(get(&mut emulator, "/v1.0/me/events?$filter=type%20eq%20'seriesMaster'", &token).await.json());
    assert_eq!(masters, ["Weekly team sync", "Marketing sync"]);
    let invitations =
        subjects(get(&mut emulator, "/v1.0/me/events?$filter=isOrganizer%20eq%20false&$orderby=subject", &token).await.json());
    assert_eq!(invitations, ["Marketing plan review", "Marketing sync"]);
    let friday = "/v1.0/me/events?$filter=start/dateTime%20ge%20'2026-11-20T00:00:00'%20and%20start/dateTime%20lt%20'2026-11-21T00:00:00'&$orderby=start/dateTime";
    assert_eq!(subjects(get(&mut emulator, friday, &token).await.json()), ["Contoso Day", "Lunch with Alex", "Marketing plan review"]);
    for (filter, expected) in
        [("startswith(subject,'A')", "ErrorInvalidUrlQueryFilter"), ("colour%20eq%20'red'", "RequestBroker--ParseUri")]
    {
        let reply = get(&mut emulator, &format!("/v1.0/me/events?$filter={filter}"), &token).await;
        assert_eq!((reply.status, code(&reply)), (StatusCode::BAD_REQUEST, expected.into()), "{filter}");
    }
}

#[tokio::test]
async fn calendar_view_needs_its_window() {
    let mut emulator = Emulator::new();
    let token = token(&emulator, ADELE, READ).await;
    for uri in ["/v1.0/me/calendarView", "/v1.0/me/calendarView?startDateTime=2026-11-16T00:00:00Z", "/v1.0/me/calendarView/delta"] {
        let reply = get(&mut emulator, uri, &token).await;
        assert_eq!((reply.status, code(&reply)), (StatusCode::BAD_REQUEST, "ErrorInvalidParameter".into()), "{uri}");
        assert!(reply.json()["error"]["message"].as_str().unwrap().contains("StartDateTime and EndDateTime"));
    }
}

#[tokio::test]
async fn calendar_view_expands_a_weekly_series_without_its_cancelled_day_and_with_its_exception() {
    let mut emulator = Emulator::new();
    let token = token(&emulator, ADELE, READ).await;
    let uri = "/v1.0/me/calendarView?startDateTime=2026-11-16T00:00:00Z&endDateTime=2026-12-08T00:00:00Z&$top=100&$orderby=start/dateTime";
    let view = values(&get(&mut emulator, uri, &token).await.json());
    let sync: Vec<(&str, &str)> = view
        .iter()
        .filter(|e| e["subject"].as_str().unwrap().starts_with("Weekly team sync"))
        .map(|e| (e["type"].as_str().unwrap(), e["start"]["dateTime"].as_str().unwrap()))
        .collect();
    assert_eq!(sync, [("occurrence", "2026-11-17T15:00:00.0000000"), ("exception", "2026-12-01T16:00:00.0000000")]);
    let master = values(&get(&mut emulator, "/v1.0/me/events?$top=100", &token).await.json())
        .into_iter()
        .find(|e| e["subject"] == "Weekly team sync")
        .unwrap();
    assert!(view
        .iter()
        .filter(|e| e["subject"].as_str().unwrap().starts_with("Weekly team sync"))
        .all(|e| e["seriesMasterId"] == master["id"]));
    assert_eq!(master["cancelledOccurrences"][0], format!("OID.{}.2026-11-24", master["id"].as_str().unwrap()));
    let starts: Vec<&str> = view.iter().map(|e| e["start"]["dateTime"].as_str().unwrap()).collect();
    assert!(starts.windows(2).all(|w| w[0] <= w[1]), "{starts:?}");
    assert!(view.iter().all(|e| e["type"] != "seriesMaster"));

    let instances = get(
        &mut emulator,
        &format!(
            "/v1.0/me/events/{}/instances?startDateTime=2026-11-16T00:00:00Z&endDateTime=2026-12-08T00:00:00Z",
            master["id"].as_str().unwrap()
        ),
        &token,
    )
    .await;
    assert_eq!(instances.status, StatusCode::OK, "{}", instances.body);
    let instances: Vec<(String, String)> = values(&instances.json())
        .iter()
        .map(|e| (e["type"].as_str().unwrap().to_owned(), e["start"]["dateTime"].as_str().unwrap().to_owned()))
        .collect();
    assert_eq!(
        instances,
        [
            ("occurrence".to_owned(), "2026-11-17T15:00:00.0000000".to_owned()),
            ("exception".to_owned(), "2026-12-01T16:00:00.0000000".to_owned())
        ]
    );
    let no_window = get(&mut emulator, &format!("/v1.0/me/events/{}/instances", master["id"].as_str().unwrap()), &token).await;
    assert_eq!((no_window.status, code(&no_window)), (StatusCode::BAD_REQUEST, "ErrorInvalidParameter".into()));

    let occurrence = view.iter().find(|e| e["type"] == "occurrence").unwrap();
    let review = by_subject(&view, "Quarterly review")[0]["id"].as_str().unwrap().to_owned();
    let html = get(&mut emulator, &format!("/v1.0/me/events/{review}"), &token).await.json();
    assert_eq!(html["body"]["contentType"], "html");
    let text = call(
        &mut emulator,
        Method::GET,
        &format!("/v1.0/me/events/{review}"),
        &token,
        &[("prefer", "outlook.body-content-type=\"text\"")],
        "",
    )
    .await;
    assert_eq!(text.header("preference-applied"), Some("outlook.body-content-type=\"text\""));
    assert_eq!(
        (text.json()["body"]["contentType"].as_str(), text.json()["body"]["content"].as_str()),
        (Some("text"), Some("Revenue, the Mark 8 launch and hiring."))
    );

    let fetched = get(&mut emulator, &format!("/v1.0/me/events/{}", occurrence["id"].as_str().unwrap()), &token).await.json();
    assert_eq!(
        (fetched["type"].as_str(), fetched["start"]["dateTime"].as_str()),
        (Some("occurrence"), Some("2026-11-17T15:00:00.0000000"))
    );
}

#[tokio::test]
async fn outlook_timezone_converts_times_and_is_echoed_while_all_day_events_stay_on_their_dates() {
    let mut emulator = Emulator::new();
    let token = token(&emulator, ADELE, READ).await;
    let plain = get(&mut emulator, &format!("/v1.0/me/calendarView?{WEEK}&$top=50"), &token).await;
    assert!(plain.header("preference-applied").is_none());
    let plain = values(&plain.json());
    let seattle = by_subject(&plain, "Call with the Seattle office")[0];
    assert_eq!(
        (seattle["start"]["dateTime"].as_str(), seattle["start"]["timeZone"].as_str()),
        (Some("2026-11-18T17:00:00.0000000"), Some("UTC"))
    );
    assert_eq!(seattle["originalStartTimeZone"], "Pacific Standard Time");

    let prefer = [("prefer", "outlook.timezone=\"Pacific Standard Time\"")];
    let reply = call(&mut emulator, Method::GET, &format!("/v1.0/me/calendarView?{WEEK}&$top=50"), &token, &prefer, "").await;
    assert_eq!(reply.header("preference-applied"), Some("outlook.timezone=\"Pacific Standard Time\""));
    let pacific = values(&reply.json());
    let review = by_subject(&pacific, "Quarterly review")[0];
    assert_eq!(
        (review["start"]["dateTime"].as_str(), review["start"]["timeZone"].as_str()),
        (Some("2026-11-19T06:00:00.0000000"), Some("Pacific Standard Time"))
    );
    assert_eq!(review["end"]["dateTime"], "2026-11-19T07:00:00.0000000");
    let day = by_subject(&pacific, "Contoso Day")[0];
    assert_eq!(day["isAllDay"], true);
    assert_eq!(
        (day["start"]["dateTime"].as_str(), day["end"]["dateTime"].as_str()),
        (Some("2026-11-20T00:00:00.0000000"), Some("2026-11-21T00:00:00.0000000"))
    );
    assert_eq!(day["start"]["timeZone"], "Pacific Standard Time");

    let unknown = [("prefer", "outlook.timezone=\"Australia Eastern Standard Time\"")];
    let refused = call(&mut emulator, Method::GET, &format!("/v1.0/me/calendarView?{WEEK}"), &token, &unknown, "").await;
    assert_eq!((refused.status, code(&refused)), (StatusCode::BAD_REQUEST, "TimeZoneNotSupportedException".into()));
    let iana = [("prefer", "outlook.timezone=\"Europe/Berlin\"")];
    let berlin =
        values(&call(&mut emulator, Method::GET, &format!("/v1.0/me/calendarView?{WEEK}&$top=50"), &token, &iana, "").await.json());
    assert_eq!(by_subject(&berlin, "Quarterly review")[0]["start"]["dateTime"], "2026-11-19T15:00:00.0000000");
    let trade_show = by_subject(&berlin, "Trade show in Berlin");
    assert!(trade_show.is_empty(), "the trade show starts the Monday after the week");
    let next_week = values(
        &call(
            &mut emulator,
            Method::GET,
            "/v1.0/me/calendarView?startDateTime=2026-11-24T00:00:00Z&endDateTime=2026-11-25T00:00:00Z",
            &token,
            &iana,
            "",
        )
        .await
        .json(),
    );
    let trade_show = by_subject(&next_week, "Trade show in Berlin")[0];
    assert_eq!(
        (trade_show["start"]["dateTime"].as_str(), trade_show["end"]["dateTime"].as_str()),
        (Some("2026-11-23T09:00:00.0000000"), Some("2026-11-25T17:00:00.0000000")),
        "a multi-day event covers the days between"
    );
}

#[tokio::test]
async fn every_windows_zone_is_accepted_not_only_the_common_ones() {
    let mut emulator = Emulator::new();
    let token = token(&emulator, ADELE, READ).await;
    for (zone, review_starts) in [
        ("Nepal Standard Time", "2026-11-19T19:45:00.0000000"),
        ("Line Islands Standard Time", "2026-11-20T04:00:00.0000000"),
        ("Aleutian Standard Time", "2026-11-19T04:00:00.0000000"),
        ("Saint Pierre Standard Time", "2026-11-19T11:00:00.0000000"),
        ("Asia/Kathmandu", "2026-11-19T19:45:00.0000000"),
    ] {
        let prefer = format!("outlook.timezone=\"{zone}\"");
        let reply =
            call(&mut emulator, Method::GET, &format!("/v1.0/me/calendarView?{WEEK}&$top=50"), &token, &[("prefer", &prefer)], "").await;
        assert_eq!(reply.status, StatusCode::OK, "{zone}: {}", reply.body);
        let review = by_subject(&values(&reply.json()), "Quarterly review")[0].clone();
        assert_eq!((review["start"]["dateTime"].as_str(), review["start"]["timeZone"].as_str()), (Some(review_starts), Some(zone)));
    }
}

#[tokio::test]
async fn calendar_view_selects_orders_and_pages() {
    let mut emulator = Emulator::new();
    let token = token(&emulator, ADELE, READ).await;
    let first =
        get(&mut emulator, &format!("/v1.0/me/calendarView?{WEEK}&$select=subject,start&$top=3&$orderby=start/dateTime%20desc"), &token)
            .await
            .json();
    let items = values(&first);
    assert_eq!(items.len(), 3);
    assert!(items.iter().all(|e| e.get("body").is_none() && e.get("subject").is_some() && e.get("id").is_some()));
    let starts: Vec<&str> = items.iter().map(|e| e["start"]["dateTime"].as_str().unwrap()).collect();
    assert!(starts.windows(2).all(|w| w[0] >= w[1]), "{starts:?}");
    let mut total = items.len();
    let mut next = first["@odata.nextLink"].as_str().map(str::to_owned);
    while let Some(link) = next {
        assert!(link.starts_with(&format!("{ORIGIN}/v1.0/me/calendarView?")), "{link}");
        let page = get(&mut emulator, link.strip_prefix(ORIGIN).unwrap(), &token).await.json();
        total += values(&page).len();
        next = page["@odata.nextLink"].as_str().map(str::to_owned);
    }
    let all = values(&get(&mut emulator, &format!("/v1.0/me/calendarView?{WEEK}&$top=100"), &token).await.json());
    assert_eq!(total, all.len());
    assert_eq!(all.len(), 9, "{:?}", all.iter().map(|e| e["subject"].as_str().unwrap()).collect::<Vec<_>>());
    let bad = get(&mut emulator, &format!("/v1.0/me/calendarView?{WEEK}&$select=subject,nope"), &token).await;
    assert_eq!((bad.status, code(&bad)), (StatusCode::BAD_REQUEST, "RequestBroker--ParseUri".into()));
}

#[tokio::test]
async fn accepting_an_invitation_answers_the_organizer_and_the_organizer_cannot_answer() {
    let mut emulator = Emulator::new();
    let adele = token(&emulator, ADELE, WRITE).await;
    let megan = token(&emulator, MEGAN, WRITE).await;
    let events = values(&get(&mut emulator, "/v1.0/me/events?$top=100", &adele).await.json());
    let invitation = by_subject(&events, "Marketing plan review")[0].clone();
    assert_eq!((invitation["isOrganizer"].as_bool(), invitation["responseStatus"]["response"].as_str()), (Some(false), Some("none")));
    let id = invitation["id"].as_str().unwrap();
    let reply = call(
        &mut emulator,
        Method::POST,
        &format!("/v1.0/me/events/{id}/accept"),
        &adele,
        &[],
        r#"{"comment": "See you there", "sendResponse": true}"#,
    )
    .await;
    assert_eq!(reply.status, StatusCode::ACCEPTED, "{}", reply.body);
    assert!(reply.body.is_empty());
    let after = get(&mut emulator, &format!("/v1.0/me/events/{id}"), &adele).await.json();
    assert_eq!(after["responseStatus"]["response"], "accepted");
    assert_ne!(after["changeKey"], invitation["changeKey"]);

    let organizer_copy = values(&get(&mut emulator, "/v1.0/me/events?$top=100", &megan).await.json());
    let organizer_copy = by_subject(&organizer_copy, "Marketing plan review")[0].clone();
    assert_eq!(organizer_copy["attendees"][0]["status"]["response"], "accepted");
    let refused =
        call(&mut emulator, Method::POST, &format!("/v1.0/me/events/{}/accept", organizer_copy["id"].as_str().unwrap()), &megan, &[], "{}")
            .await;
    assert_eq!((refused.status, code(&refused)), (StatusCode::BAD_REQUEST, "ErrorCalendarIsOrganizerForAccept".into()));

    let tentative =
        call(&mut emulator, Method::POST, &format!("/v1.0/me/events/{id}/tentativelyAccept"), &adele, &[], r#"{"sendResponse": false}"#)
            .await;
    assert_eq!(tentative.status, StatusCode::ACCEPTED);
    assert_eq!(
        get(&mut emulator, &format!("/v1.0/me/events/{id}"), &adele).await.json()["responseStatus"]["response"],
        "tentativelyAccepted"
    );
    let declined = call(&mut emulator, Method::POST, &format!("/v1.0/me/events/{id}/decline"), &adele, &[], "{}").await;
    assert_eq!(declined.status, StatusCode::ACCEPTED);
    assert_eq!(
        get(&mut emulator, &format!("/v1.0/me/events/{id}"), &adele).await.status,
        StatusCode::NOT_FOUND,
        "a declined meeting leaves the calendar"
    );
    let organizer_copy = values(&get(&mut emulator, "/v1.0/me/events?$top=100", &megan).await.json());
    assert_eq!(by_subject(&organizer_copy, "Marketing plan review")[0]["attendees"][0]["status"]["response"], "declined");
}

#[tokio::test]
async fn events_are_created_changed_and_deleted_with_graphs_checks() {
    let mut emulator = Emulator::new();
    let token = token(&emulator, ADELE, WRITE).await;
    let body = r#"{"subject": "Design review", "body": {"contentType": "html", "content": "<p>Bring the mock-ups</p>"},
        "start": {"dateTime": "2026-11-26T10:00:00", "timeZone": "Pacific Standard Time"},
        "end": {"dateTime": "2026-11-26T11:00:00", "timeZone": "Pacific Standard Time"},
        "attendees": [{"emailAddress": {"address": "megan@contoso.example", "name": "Megan Bowen"}, "type": "required"}]}"#;
    let created = call(&mut emulator, Method::POST, "/v1.0/me/events", &token, &[], body).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let event = created.json();
    assert_eq!(
        (event["start"]["dateTime"].as_str(), event["start"]["timeZone"].as_str()),
        (Some("2026-11-26T10:00:00.0000000"), Some("Pacific Standard Time"))
    );
    assert_eq!(
        (event["type"].as_str(), event["isOrganizer"].as_bool(), event["responseStatus"]["response"].as_str()),
        (Some("singleInstance"), Some(true), Some("organizer"))
    );
    assert_eq!(event["attendees"][0]["status"]["response"], "none");
    assert_eq!(event["bodyPreview"], "Bring the mock-ups");
    assert_eq!(event["organizer"]["emailAddress"]["address"], ADELE);
    let id = event["id"].as_str().unwrap().to_owned();
    let fetched = get(&mut emulator, &format!("/v1.0/me/events/{id}"), &token).await.json();
    assert_eq!(fetched["start"]["dateTime"], "2026-11-26T18:00:00.0000000", "UTC unless a zone is preferred");

    let patched = call(
        &mut emulator,
        Method::PATCH,
        &format!("/v1.0/me/events/{id}"),
        &token,
        &[],
        r#"{"subject": "Design review (v2)", "showAs": "tentative"}"#,
    )
    .await;
    assert_eq!(patched.status, StatusCode::OK, "{}", patched.body);
    assert_eq!((patched.json()["subject"].as_str(), patched.json()["showAs"].as_str()), (Some("Design review (v2)"), Some("tentative")));
    for (bad, expected) in [
        (r#"{"showAs": "away"}"#, "RequestBodyRead"),
        (r#"{"colour": "red"}"#, "RequestBodyRead"),
        (r#"{"start": {"dateTime": "2026-11-26T10:00:00", "timeZone": "Mars Standard Time"}}"#, "TimeZoneNotSupportedException"),
        ("not json", "RequestBodyRead"),
    ] {
        let reply = call(&mut emulator, Method::PATCH, &format!("/v1.0/me/events/{id}"), &token, &[], bad).await;
        assert_eq!((reply.status, code(&reply)), (StatusCode::BAD_REQUEST, expected.into()), "{bad}");
    }
    let team = values(&get(&mut emulator, "/v1.0/me/calendars", &token).await.json()).into_iter().find(|c| c["name"] == "Team").unwrap();
    let in_team = call(&mut emulator, Method::POST, &format!("/v1.0/me/calendars/{}/events", team["id"].as_str().unwrap()), &token, &[], r#"{"subject": "Retro", "start": {"dateTime": "2026-11-19T09:00:00", "timeZone": "UTC"}, "end": {"dateTime": "2026-11-19T10:00:00", "timeZone": "UTC"}}"#).await;
    assert_eq!(in_team.status, StatusCode::CREATED);
    let team_view = values(
        &get(&mut emulator, &format!("/v1.0/me/calendars/{}/calendarView?{WEEK}", team["id"].as_str().unwrap()), &token).await.json(),
    );
    assert!(team_view.iter().any(|e| e["subject"] == "Retro"));

    let deleted = call(&mut emulator, Method::DELETE, &format!("/v1.0/me/events/{id}"), &token, &[], "").await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT);
    let gone = get(&mut emulator, &format!("/v1.0/me/events/{id}"), &token).await;
    assert_eq!((gone.status, code(&gone)), (StatusCode::NOT_FOUND, "ErrorItemNotFound".into()));
    let malformed = get(&mut emulator, "/v1.0/me/events/42", &token).await;
    assert_eq!((malformed.status, code(&malformed)), (StatusCode::BAD_REQUEST, "ErrorInvalidIdMalformed".into()));
}

#[tokio::test]
async fn deleting_or_changing_one_occurrence_leaves_the_rest_of_the_series() {
    let mut emulator = Emulator::new();
    let token = token(&emulator, ADELE, WRITE).await;
    let window = "startDateTime=2026-12-07T00:00:00Z&endDateTime=2026-12-23T00:00:00Z";
    let view = values(&get(&mut emulator, &format!("/v1.0/me/calendarView?{window}"), &token).await.json());
    let sync: Vec<Value> = view.into_iter().filter(|e| e["subject"] == "Weekly team sync").collect();
    assert_eq!(sync.len(), 3, "8, 15 and 22 December");
    let cancelled =
        call(&mut emulator, Method::DELETE, &format!("/v1.0/me/events/{}", sync[0]["id"].as_str().unwrap()), &token, &[], "").await;
    assert_eq!(cancelled.status, StatusCode::NO_CONTENT);
    let moved = call(
        &mut emulator,
        Method::PATCH,
        &format!("/v1.0/me/events/{}", sync[1]["id"].as_str().unwrap()),
        &token,
        &[],
        r#"{"subject": "Weekly team sync (Christmas edition)"}"#,
    )
    .await;
    assert_eq!(moved.status, StatusCode::OK, "{}", moved.body);
    assert_eq!(
        (moved.json()["type"].as_str(), moved.json()["id"].as_str()),
        (Some("exception"), sync[1]["id"].as_str()),
        "the occurrence keeps its id"
    );
    let view = values(&get(&mut emulator, &format!("/v1.0/me/calendarView?{window}"), &token).await.json());
    let sync: Vec<(&str, &str)> = view
        .iter()
        .filter(|e| e["subject"].as_str().unwrap().starts_with("Weekly team sync"))
        .map(|e| (e["subject"].as_str().unwrap(), &e["start"]["dateTime"].as_str().unwrap()[..10]))
        .collect();
    assert_eq!(sync, [("Weekly team sync (Christmas edition)", "2026-12-15"), ("Weekly team sync", "2026-12-22")]);

    let around_the_move = "startDateTime=2026-11-30T00:00:00Z&endDateTime=2026-12-03T00:00:00Z";
    let moved = values(&get(&mut emulator, &format!("/v1.0/me/calendarView?{around_the_move}"), &token).await.json());
    let moved = by_subject(&moved, "Weekly team sync (moved to 16:00)")[0]["id"].as_str().unwrap().to_owned();
    assert_eq!(
        call(&mut emulator, Method::DELETE, &format!("/v1.0/me/events/{moved}"), &token, &[], "").await.status,
        StatusCode::NO_CONTENT
    );
    let view = values(&get(&mut emulator, &format!("/v1.0/me/calendarView?{around_the_move}"), &token).await.json());
    assert!(view.iter().all(|e| !e["subject"].as_str().unwrap().starts_with("Weekly team sync")), "deleting an exception cancels its day");
}

#[tokio::test]
async fn a_series_is_kept_whole_one_occurrence_cannot_pass_its_neighbour_and_a_series_made_single_stays_single() {
    let mut emulator = Emulator::new();
    let token = token(&emulator, ADELE, WRITE).await;
    let series = r#"{"subject": "Stand-up", "start": {"dateTime": "2026-12-07T08:00:00", "timeZone": "UTC"}, "end": {"dateTime": "2026-12-07T08:15:00", "timeZone": "UTC"},
        "recurrence": {"pattern": {"type": "weekly", "interval": 1, "daysOfWeek": ["Monday", "Wednesday"]}, "range": {"type": "numbered", "startDate": "2026-12-07", "numberOfOccurrences": 4}}}"#;
    let created = call(&mut emulator, Method::POST, "/v1.0/me/events", &token, &[], series).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let master = created.json();
    assert_eq!(master["type"], "seriesMaster");
    assert_eq!(master["recurrence"]["pattern"]["daysOfWeek"], serde_json::json!(["monday", "wednesday"]));
    assert_eq!(master["recurrence"]["pattern"]["firstDayOfWeek"], "sunday", "every field filled in, as Graph answers");
    assert_eq!(master["recurrence"]["range"]["endDate"], "0001-01-01");
    let window = "startDateTime=2026-12-07T00:00:00Z&endDateTime=2026-12-21T00:00:00Z";
    let view = values(&get(&mut emulator, &format!("/v1.0/me/calendarView?{window}"), &token).await.json());
    let days: Vec<&str> = by_subject(&view, "Stand-up").iter().map(|e| &e["start"]["dateTime"].as_str().unwrap()[..10]).collect();
    assert_eq!(days, ["2026-12-07", "2026-12-09", "2026-12-14", "2026-12-16"]);
    let wednesday = by_subject(&view, "Stand-up")[1]["id"].as_str().unwrap().to_owned();
    let move_to = |day: &str| {
        format!(
            r#"{{"start": {{"dateTime": "{day}T08:00:00", "timeZone": "UTC"}}, "end": {{"dateTime": "{day}T08:15:00", "timeZone": "UTC"}}}}"#
        )
    };
    for onto in ["2026-12-07", "2026-12-14", "2026-12-15"] {
        let refused = call(&mut emulator, Method::PATCH, &format!("/v1.0/me/events/{wednesday}"), &token, &[], &move_to(onto)).await;
        assert_eq!((refused.status, code(&refused)), (StatusCode::BAD_REQUEST, "ErrorOccurrenceCrossingBoundary".into()), "{onto}");
    }
    let moved = call(&mut emulator, Method::PATCH, &format!("/v1.0/me/events/{wednesday}"), &token, &[], &move_to("2026-12-10")).await;
    assert_eq!(moved.status, StatusCode::OK, "between its neighbours: {}", moved.body);
    let id = master["id"].as_str().unwrap();
    let single = call(&mut emulator, Method::PATCH, &format!("/v1.0/me/events/{id}"), &token, &[], r#"{"recurrence": null}"#).await;
    assert_eq!(single.json()["type"], "singleInstance");
    let view = values(&get(&mut emulator, &format!("/v1.0/me/calendarView?{window}"), &token).await.json());
    let left: Vec<(&str, &str)> = by_subject(&view, "Stand-up")
        .iter()
        .map(|e| (e["type"].as_str().unwrap(), &e["start"]["dateTime"].as_str().unwrap()[..10]))
        .collect();
    assert_eq!(left, [("singleInstance", "2026-12-07")], "its exception went with the series");
}

#[tokio::test]
async fn calendars_need_calendar_scopes_and_other_peoples_need_a_grant() {
    let mut emulator = Emulator::new();
    let mail_only = token(&emulator, ADELE, "openid profile User.Read Mail.Read").await;
    let reply = get(&mut emulator, "/v1.0/me/events", &mail_only).await;
    assert_eq!((reply.status, code(&reply)), (StatusCode::FORBIDDEN, "ErrorAccessDenied".into()));
    let read = token(&emulator, ADELE, READ).await;
    let reply = call(&mut emulator, Method::POST, "/v1.0/me/events", &read, &[], r#"{"subject": "x"}"#).await;
    assert_eq!((reply.status, code(&reply)), (StatusCode::FORBIDDEN, "ErrorAccessDenied".into()));
    let own = get(&mut emulator, &format!("/v1.0/users/{ADELE}/calendarView?{WEEK}"), &read).await;
    assert_eq!(own.status, StatusCode::OK);
    let no_shared_scope = get(&mut emulator, &format!("/v1.0/users/{MEGAN}/events"), &read).await;
    assert_eq!(no_shared_scope.status, StatusCode::FORBIDDEN);
    let shared = token(&emulator, ADELE, "openid profile User.Read Calendars.Read.Shared").await;
    let megans = get(&mut emulator, &format!("/v1.0/users/{MEGAN}/events"), &shared).await;
    assert_eq!(megans.status, StatusCode::OK, "{}", megans.body);
    assert!(values(&megans.json()).iter().any(|e| e["subject"] == "Focus time"));
    let megan_shared = token(&emulator, MEGAN, "openid profile User.Read Calendars.Read.Shared").await;
    let refused = get(&mut emulator, &format!("/v1.0/users/{ADELE}/events"), &megan_shared).await;
    assert_eq!((refused.status, code(&refused)), (StatusCode::FORBIDDEN, "ErrorAccessDenied".into()));
}

/// Follows `nextLink`s to the end of a round: the items and the `deltaLink`.
async fn delta_round(emulator: &mut Emulator, uri: &str, token: &str) -> (Vec<Value>, String) {
    let mut items = Vec::new();
    let mut next = uri.to_owned();
    loop {
        let reply = call(emulator, Method::GET, &next, token, &[("prefer", "odata.maxpagesize=4")], "").await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
        let page = reply.json();
        items.extend(values(&page));
        if let Some(link) = page["@odata.deltaLink"].as_str() {
            return (items, link.strip_prefix(ORIGIN).unwrap().to_owned());
        }
        next = page["@odata.nextLink"].as_str().expect("a nextLink or a deltaLink").strip_prefix(ORIGIN).unwrap().to_owned();
    }
}

#[tokio::test]
async fn calendar_view_delta_reports_additions_changes_and_deletions() {
    let mut emulator = Emulator::new();
    let token = token(&emulator, ADELE, WRITE).await;
    let (first, delta_link) = delta_round(&mut emulator, &format!("/v1.0/me/calendarView/delta?{WEEK}"), &token).await;
    assert_eq!(first.len(), 9);
    assert!(first.iter().all(|e| e["@odata.type"] == "#microsoft.graph.event"));
    let (nothing, delta_link) = delta_round(&mut emulator, &delta_link, &token).await;
    assert!(nothing.is_empty(), "{nothing:?}");

    let lunch = first.iter().find(|e| e["subject"] == "Lunch with Alex").unwrap()["id"].as_str().unwrap().to_owned();
    let dentist = first.iter().find(|e| e["subject"] == "Dentist").unwrap()["id"].as_str().unwrap().to_owned();
    assert_eq!(
        call(&mut emulator, Method::DELETE, &format!("/v1.0/me/events/{lunch}"), &token, &[], "").await.status,
        StatusCode::NO_CONTENT
    );
    call(&mut emulator, Method::PATCH, &format!("/v1.0/me/events/{dentist}"), &token, &[], r#"{"subject": "Dentist (moved)"}"#).await;
    call(&mut emulator, Method::POST, "/v1.0/me/events", &token, &[], r#"{"subject": "Coffee", "start": {"dateTime": "2026-11-18T08:00:00", "timeZone": "UTC"}, "end": {"dateTime": "2026-11-18T08:30:00", "timeZone": "UTC"}}"#).await;
    call(&mut emulator, Method::POST, "/v1.0/me/events", &token, &[], r#"{"subject": "Next year", "start": {"dateTime": "2027-01-18T08:00:00", "timeZone": "UTC"}, "end": {"dateTime": "2027-01-18T08:30:00", "timeZone": "UTC"}}"#).await;

    let (changes, _) = delta_round(&mut emulator, &delta_link, &token).await;
    let subjects: Vec<&str> = changes.iter().filter_map(|e| e["subject"].as_str()).collect();
    assert_eq!(subjects.len(), 2, "{subjects:?}");
    assert!(subjects.contains(&"Dentist (moved)") && subjects.contains(&"Coffee"));
    let removed: Vec<&Value> = changes.iter().filter(|e| e.get("@removed").is_some()).collect();
    assert_eq!(removed.len(), 1);
    assert_eq!((removed[0]["id"].as_str(), removed[0]["@removed"]["reason"].as_str()), (Some(lunch.as_str()), Some("deleted")));

    let expired = get(&mut emulator, "/v1.0/me/calendarView/delta?$deltatoken=nonsense", &token).await;
    assert_eq!(expired.status, StatusCode::GONE);
}

#[tokio::test]
async fn calendars_contacts_and_lists_seed_from_microsofts_own_payloads() {
    let dir = std::env::temp_dir().join(format!("tern-pim-seed-{}", std::process::id()));
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/graph");
    let copy = |fixture: &str, to: std::path::PathBuf| {
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(fixtures.join(fixture), to).unwrap();
    };
    let (adele, megan) = (dir.join(ADELE), dir.join(MEGAN));
    std::fs::create_dir_all(&adele).unwrap();
    std::fs::write(adele.join("calendars.json"), r##"{"value": [{"@odata.etag": "W/\"x\"", "id": "AAMkAGI2TGuCAAAseededCal=", "name": "Calendar", "isDefaultCalendar": true, "color": "auto"},
        {"id": "AAMkAGI2TGuCAAAholidays0=", "name": "Holidays", "color": "lightRed", "hexColor": "#e3008c", "isDefaultCalendar": false}]}"##).unwrap();
    copy("list-events.json", adele.join("events/calendar.json"));
    copy("get-event.json", adele.join("events/AAMkAGI2TGuCAAAholidays0=.json"));
    copy("list-contacts.json", adele.join("contacts.json"));
    copy("list-todotasklists.json", adele.join("todo/lists.json"));
    copy("list-todotasks.json", adele.join("todo/tasks/AAMkADIyAAAAABrJAAA=.json"));
    copy("get-todotask.json", adele.join("todo/tasks/AAMkADIyAAAEFTTrJAAA=.json"));
    copy("get-contact.json", megan.join("contacts.json"));
    let state =
        tern_emulator::State::with_mail(ORIGIN, None, &tern_emulator::MailSeed { data: Some(dir.clone()), ..Default::default() }).unwrap();
    let mut emulator = Emulator::from_state(state);
    let scope = "openid profile User.Read Calendars.Read Contacts.Read Tasks.Read";
    let token = emulator.new_browser().access_token(scope, ADELE).await;

    let calendars = values(&get(&mut emulator, "/v1.0/me/calendars", &token).await.json());
    assert_eq!(
        calendars.iter().map(|c| (c["id"].as_str().unwrap(), c["name"].as_str().unwrap())).collect::<Vec<_>>(),
        [("AAMkAGI2TGuCAAAseededCal=", "Calendar"), ("AAMkAGI2TGuCAAAholidays0=", "Holidays")]
    );
    let view = values(
        &get(&mut emulator, "/v1.0/me/calendar/calendarView?startDateTime=2017-04-21T00:00:00Z&endDateTime=2017-04-22T00:00:00Z", &token)
            .await
            .json(),
    );
    assert_eq!(view.len(), 1, "the captured event sits in the default calendar");
    assert_eq!(view[0]["subject"], "Orientation ");
    assert_eq!(view[0]["start"]["dateTime"], "2017-04-21T17:00:00.0000000", "10:00 Pacific daylight time");
    assert_eq!(view[0]["type"], "singleInstance");
    let holidays = values(&get(&mut emulator, "/v1.0/me/calendars/AAMkAGI2TGuCAAAholidays0=/events", &token).await.json());
    assert_eq!(holidays.len(), 1);
    let ids = [view[0]["id"].as_str().unwrap(), holidays[0]["id"].as_str().unwrap()];
    assert_eq!(ids.iter().filter(|id| **id == "AAMkAGIAAAoZDOFAAA=").count(), 1, "an id seeded twice is kept once: {ids:?}");
    assert!(holidays[0].get("@odata.context").is_none() && holidays[0]["hideAttendees"] == false);

    let contacts = values(&get(&mut emulator, "/v1.0/me/contacts", &token).await.json());
    assert_eq!(contacts.iter().map(|c| c["displayName"].as_str().unwrap()).collect::<Vec<_>>(), ["displayName-value"]);
    let lists = values(&get(&mut emulator, "/v1.0/me/todo/lists", &token).await.json());
    assert_eq!(
        lists.iter().map(|l| (l["id"].as_str().unwrap(), l["displayName"].as_str().unwrap())).collect::<Vec<_>>(),
        [("AAMkADIyAAAAABrJAAA=", "Tasks"), ("AAMkADIyAAAEFTTrJAAA=", "Monthly Tasks")]
    );
    let tasks = values(&get(&mut emulator, "/v1.0/me/todo/lists/AAMkADIyAAAAABrJAAA=/tasks", &token).await.json());
    assert_eq!(tasks[0]["title"], "Linked entity new task 1");
    assert!(tasks[0].get("linkedResources@odata.context").is_none() && tasks[0]["linkedResources"].is_array());
    let monthly = values(&get(&mut emulator, "/v1.0/me/todo/lists/AAMkADIyAAAEFTTrJAAA=/tasks", &token).await.json());
    assert_eq!(
        (monthly[0]["id"].as_str(), monthly[0]["dueDateTime"]["dateTime"].as_str()),
        (Some("721a35e2-35e2-721a-e235-1a72e2351a72"), Some("2020-08-25T04:00:00.0000000"))
    );

    let megan_token = emulator.new_browser().access_token(scope, MEGAN).await;
    let garth = values(&get(&mut emulator, "/v1.0/me/contacts", &megan_token).await.json());
    assert_eq!((garth[0]["id"].as_str(), garth[0]["displayName"].as_str()), (Some("AAMkAGI2THk0AAA="), Some("Garth Fort")));
    assert_eq!(garth[0]["businessAddress"]["city"], "Redmond");
    assert!(
        values(&get(&mut emulator, "/v1.0/me/events", &megan_token).await.json()).is_empty(),
        "a seeded user gets only what the seed holds"
    );
    std::fs::remove_dir_all(&dir).unwrap();

    let missing = std::env::temp_dir().join(format!("tern-pim-seed-bad-{}", std::process::id()));
    std::fs::create_dir_all(missing.join(ADELE).join("events")).unwrap();
    std::fs::write(missing.join(ADELE).join("events/nowhere.json"), "{\"value\": []}").unwrap();
    let refused =
        tern_emulator::State::with_mail(ORIGIN, None, &tern_emulator::MailSeed { data: Some(missing.clone()), ..Default::default() });
    assert!(refused.err().unwrap().contains("no calendar nowhere"));
    std::fs::remove_dir_all(&missing).unwrap();
}

#[tokio::test]
async fn reset_brings_back_the_calendars_contacts_and_lists_of_the_start() {
    let mut emulator = Emulator::new();
    let scope = "openid profile User.Read Calendars.ReadWrite Contacts.ReadWrite Tasks.ReadWrite";
    let token = token(&emulator, ADELE, scope).await;
    let created = call(&mut emulator, Method::POST, "/v1.0/me/events", &token, &[], r#"{"subject": "Temporary", "start": {"dateTime": "2026-11-18T07:00:00", "timeZone": "UTC"}, "end": {"dateTime": "2026-11-18T07:30:00", "timeZone": "UTC"}}"#).await.json();
    let contacts = values(&get(&mut emulator, "/v1.0/me/contacts?$top=1", &token).await.json());
    call(&mut emulator, Method::DELETE, &format!("/v1.0/me/contacts/{}", contacts[0]["id"].as_str().unwrap()), &token, &[], "").await;
    call(&mut emulator, Method::POST, "/v1.0/me/todo/lists", &token, &[], r#"{"displayName": "Temporary"}"#).await;
    assert_eq!(emulator.post_json("/_emulator/reset", "").await.status, StatusCode::NO_CONTENT);
    let token = emulator.new_browser().access_token(scope, ADELE).await;
    assert_eq!(
        get(&mut emulator, &format!("/v1.0/me/events/{}", created["id"].as_str().unwrap()), &token).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        get(&mut emulator, &format!("/v1.0/me/contacts/{}", contacts[0]["id"].as_str().unwrap()), &token).await.status,
        StatusCode::OK
    );
    assert_eq!(values(&get(&mut emulator, "/v1.0/me/todo/lists", &token).await.json()).len(), 2);
}

#[tokio::test]
async fn one_occurrence_of_an_invitation_can_be_accepted_or_declined_alone() {
    let mut emulator = Emulator::new();
    let token = token(&emulator, ADELE, WRITE).await;
    let window = "startDateTime=2026-11-26T00:00:00Z&endDateTime=2027-03-01T00:00:00Z&$top=100";
    let series = |view: &[Value]| -> Vec<(String, String, String)> {
        view.iter()
            .filter(|e| e["subject"] == "Marketing sync")
            .map(|e| {
                (
                    e["start"]["dateTime"].as_str().unwrap()[..10].to_owned(),
                    e["type"].as_str().unwrap().to_owned(),
                    e["responseStatus"]["response"].as_str().unwrap().to_owned(),
                )
            })
            .collect()
    };
    let view = values(&get(&mut emulator, &format!("/v1.0/me/calendarView?{window}"), &token).await.json());
    let before = series(&view);
    assert_eq!(
        before.iter().map(|(day, _, _)| day.as_str()).collect::<Vec<_>>(),
        ["2026-11-26", "2026-12-10", "2026-12-24", "2027-01-07", "2027-01-21", "2027-02-04"],
        "every other Thursday, six times"
    );
    let id_of = |day: &str| {
        view.iter().find(|e| e["subject"] == "Marketing sync" && e["start"]["dateTime"].as_str().unwrap().starts_with(day)).unwrap()["id"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let accepted = call(
        &mut emulator,
        Method::POST,
        &format!("/v1.0/me/events/{}/accept", id_of("2026-12-10")),
        &token,
        &[],
        r#"{"sendResponse": false}"#,
    )
    .await;
    assert_eq!(accepted.status, StatusCode::ACCEPTED, "{}", accepted.body);
    let declined = call(&mut emulator, Method::POST, &format!("/v1.0/me/events/{}/decline", id_of("2026-12-24")), &token, &[], "").await;
    assert_eq!(declined.status, StatusCode::ACCEPTED, "{}", declined.body);
    let after = series(&values(&get(&mut emulator, &format!("/v1.0/me/calendarView?{window}"), &token).await.json()));
    let summary: Vec<(&str, &str, &str)> = after.iter().map(|(d, t, r)| (d.as_str(), t.as_str(), r.as_str())).collect();
    assert_eq!(
        summary[..3],
        [("2026-11-26", "occurrence", "none"), ("2026-12-10", "exception", "accepted"), ("2027-01-07", "occurrence", "none")]
    );
    assert_eq!(summary.len(), 5);
}
