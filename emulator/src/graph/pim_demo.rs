//! The built-in calendars, contacts and To Do lists of Adele and Megan, dated around the
//! anchor 2026-11-20T09:00:00Z (a Friday) so that screenshots and tests see the same week.

use super::pim_store::{contact_folder, event_props, object, task_list, Kind, PimBox};
use crate::identity::registry::User;
use serde_json::{json, Map, Value};

type Person = (&'static str, &'static str);

const ADELE: Person = ("Adele Vance", "adele@contoso.example");
const MEGAN: Person = ("Megan Bowen", "megan@contoso.example");
const ALEX: Person = ("Alex Wilber", "alex@contoso.example");
const DIEGO: Person = ("Diego Siciliani", "diego@contoso.example");
const ISAIAH: Person = ("Isaiah Langer", "isaiah@contoso.example");
/// The invitation Megan sent Adele: one meeting, a copy in each calendar.
const REVIEW_UID: &str = "040000008200E00074C5B7101A82E00800000000A1B2C3D4E5F6D70100000000000000001000000011223344556677889900AABBCCDDEEFF";
const CREATED: &str = "2026-11-02T08:00:00Z";

pub fn demo(owner: &User) -> PimBox {
    let mut pim = PimBox::empty(owner);
    match owner.upn.to_ascii_lowercase().as_str() {
        "adele@contoso.example" => adele(&mut pim),
        "megan@contoso.example" => megan(&mut pim),
        _ => {}
    }
    pim
}

fn merge(mut base: Map<String, Value>, extra: Value) -> Map<String, Value> {
    if let Value::Object(extra) = extra {
        base.extend(extra);
    }
    base
}

/// A meeting `organizer` set up, from `start` to `end` (wall-clock times in `zone`).
fn meeting(organizer: Person, subject: &str, start: &str, end: &str, zone: &str, extra: Value) -> Map<String, Value> {
    let times = json!({
        "subject": subject,
        "start": {"dateTime": start, "timeZone": zone},
        "end": {"dateTime": end, "timeZone": zone},
        "originalStartTimeZone": zone,
        "originalEndTimeZone": zone,
    });
    merge(merge(event_props(organizer.0, organizer.1, CREATED), times), extra)
}

fn attendee(person: Person, response: &str, kind: &str) -> Value {
    let time = if response == "none" { "0001-01-01T00:00:00Z" } else { "2026-11-10T12:00:00Z" };
    json!({"type": kind, "status": {"response": response, "time": time}, "emailAddress": {"name": person.0, "address": person.1}})
}

fn place(name: &str) -> Value {
    json!({"displayName": name, "locationType": "default", "uniqueId": name, "uniqueIdType": "private"})
}

fn html(text: &str) -> Value {
    json!({"contentType": "html", "content": format!("<html><head></head><body><p>{text}</p></body></html>")})
}

fn adele(pim: &mut PimBox) {
    let calendar = pim.default_calendar_id().to_owned();
    let team = pim.add(
        Kind::Calendar,
        "",
        merge(
            pim.calendars[0].props.clone(),
            json!({"name": "Team", "color": "lightGreen", "hexColor": "#87d28e", "isDefaultCalendar": false, "isRemovable": true}),
        ),
    );
    let events = [
        meeting(
            ADELE,
            "1:1 with Diego",
            "2026-11-16T10:00:00",
            "2026-11-16T10:30:00",
            "UTC",
            json!({"attendees": [attendee(DIEGO, "accepted", "required")], "body": html("Budget follow-up.")}),
        ),
        meeting(ADELE, "Dentist", "2026-11-17T08:00:00", "2026-11-17T09:00:00", "UTC", json!({"sensitivity": "private", "showAs": "oof"})),
        meeting(
            ADELE,
            "Call with the Seattle office",
            "2026-11-18T09:00:00",
            "2026-11-18T09:30:00",
            "Pacific Standard Time",
            json!({"location": place("Teams"), "body": html("Hand-over of the Mark 8 launch plan.")}),
        ),
        meeting(
            ADELE,
            "Quarterly review",
            "2026-11-19T14:00:00",
            "2026-11-19T15:00:00",
            "UTC",
            json!({
                "location": place("Conference Room 4"),
                "importance": "high",
                "body": html("Revenue, the Mark 8 launch and hiring."),
                "attendees": [attendee(MEGAN, "accepted", "required"), attendee(ALEX, "tentativelyAccepted", "required"), attendee(DIEGO, "declined", "optional"), attendee(ISAIAH, "none", "required")],
                "isOnlineMeeting": true,
                "onlineMeetingProvider": "teamsForBusiness",
                "onlineMeeting": {"joinUrl": "https://teams.microsoft.com/l/meetup-join/19%3ameeting_quarterly-review%40thread.v2/0"},
            }),
        ),
        meeting(
            ADELE,
            "Contoso Day",
            "2026-11-20T00:00:00",
            "2026-11-21T00:00:00",
            "UTC",
            json!({"isAllDay": true, "showAs": "free", "body": html("The offices are closed.")}),
        ),
        meeting(
            ADELE,
            "Lunch with Alex",
            "2026-11-20T12:00:00",
            "2026-11-20T13:00:00",
            "UTC",
            json!({"location": place("The new place on 5th"), "attendees": [attendee(ALEX, "accepted", "required")]}),
        ),
        meeting(
            MEGAN,
            "Marketing plan review",
            "2026-11-20T15:00:00",
            "2026-11-20T16:00:00",
            "UTC",
            json!({
                "iCalUId": REVIEW_UID,
                "isOrganizer": false,
                "responseStatus": {"response": "none", "time": "0001-01-01T00:00:00Z"},
                "attendees": [attendee(ADELE, "none", "required")],
                "body": html("Let's go through the plan for Q1 before it goes to Diego."),
                "location": place("Conference Room 2"),
            }),
        ),
        meeting(
            ADELE,
            "Trade show in Berlin",
            "2026-11-23T09:00:00",
            "2026-11-25T17:00:00",
            "W. Europe Standard Time",
            json!({"location": place("Messe Berlin"), "showAs": "oof"}),
        ),
    ];
    for props in events {
        pim.add(Kind::Event, &calendar, props);
    }
    add_team_sync(pim, &calendar);
    let marketing_sync = json!({
        "pattern": {"type": "weekly", "interval": 2, "daysOfWeek": ["thursday"], "firstDayOfWeek": "sunday"},
        "range": {"type": "numbered", "startDate": "2026-11-26", "numberOfOccurrences": 6, "recurrenceTimeZone": "UTC"},
    });
    pim.add(
        Kind::Event,
        &calendar,
        meeting(
            MEGAN,
            "Marketing sync",
            "2026-11-26T16:00:00",
            "2026-11-26T16:30:00",
            "UTC",
            json!({"type": "seriesMaster", "recurrence": marketing_sync, "isOrganizer": false, "responseStatus": {"response": "none", "time": "0001-01-01T00:00:00Z"}, "attendees": [attendee(ADELE, "none", "required")]}),
        ),
    );
    pim.add(
        Kind::Event,
        &team,
        meeting(ADELE, "Offsite planning", "2026-11-18T13:00:00", "2026-11-18T15:00:00", "UTC", json!({"categories": ["Green category"]})),
    );
    pim.add(Kind::Event, &team, meeting(ADELE, "Sprint demo", "2026-11-27T15:00:00", "2026-11-27T16:00:00", "UTC", json!({})));
    adele_contacts(pim);
    adele_tasks(pim);
}

/// Tuesdays at 15:00 UTC from 3 November: the 24th is cancelled and 1 December moved.
fn add_team_sync(pim: &mut PimBox, calendar: &str) {
    let recurrence = json!({
        "pattern": {"type": "weekly", "interval": 1, "daysOfWeek": ["tuesday"], "firstDayOfWeek": "sunday", "index": "first", "month": 0, "dayOfMonth": 0},
        "range": {"type": "noEnd", "startDate": "2026-11-03", "endDate": "0001-01-01", "recurrenceTimeZone": "UTC", "numberOfOccurrences": 0},
    });
    let attendees =
        json!([attendee(MEGAN, "accepted", "required"), attendee(ALEX, "accepted", "required"), attendee(DIEGO, "none", "optional")]);
    let master = meeting(
        ADELE,
        "Weekly team sync",
        "2026-11-03T15:00:00",
        "2026-11-03T15:30:00",
        "UTC",
        json!({"type": "seriesMaster", "recurrence": recurrence, "attendees": attendees, "location": place("Conference Room 4")}),
    );
    let master_id = pim.add(Kind::Event, calendar, master);
    let cancelled = format!("OID.{master_id}.2026-11-24");
    if let Some(master) = pim.events.iter_mut().find(|e| e.id == master_id) {
        master.props.insert("cancelledOccurrences".into(), json!([cancelled]));
    }
    let moved = meeting(
        ADELE,
        "Weekly team sync (moved to 16:00)",
        "2026-12-01T16:00:00",
        "2026-12-01T16:30:00",
        "UTC",
        json!({"type": "exception", "seriesMasterId": master_id, "originalStart": "2026-12-01T15:00:00Z", "attendees": attendees, "location": place("Conference Room 4")}),
    );
    pim.add(Kind::Event, calendar, moved);
}

fn contact(given: &str, surname: &str, addresses: &[(&str, &str)], extra: Value) -> Map<String, Value> {
    let display = format!("{given} {surname}").trim().to_owned();
    let file_as = if surname.is_empty() { display.clone() } else { format!("{surname}, {given}") };
    let emails: Vec<Value> = addresses.iter().map(|(name, address)| json!({"name": name, "address": address})).collect();
    merge(
        object(json!({
            "createdDateTime": CREATED,
            "lastModifiedDateTime": CREATED,
            "categories": [],
            "displayName": display,
            "givenName": given,
            "surname": surname,
            "fileAs": file_as,
            "initials": initials(&display),
            "emailAddresses": emails,
            "businessPhones": [],
            "homePhones": [],
            "imAddresses": [],
            "mobilePhone": null,
            "jobTitle": null,
            "companyName": null,
            "department": null,
            "officeLocation": null,
            "birthday": null,
            "personalNotes": "",
            "businessAddress": {},
            "homeAddress": {},
            "otherAddress": {},
            "children": [],
        })),
        extra,
    )
}

fn initials(name: &str) -> String {
    name.split_whitespace().filter_map(|w| w.chars().next()).map(|c| format!("{c}.")).collect()
}

fn adele_contacts(pim: &mut PimBox) {
    let folder = pim.default_folder_id().to_owned();
    let work = |title: &str, phone: &str| json!({"jobTitle": title, "companyName": "Contoso", "businessPhones": [phone]});
    let contacts = [
        contact("Megan", "Bowen", &[("Megan Bowen", MEGAN.1)], work("Marketing Manager", "+1 425 555 0109")),
        contact("Alex", "Wilber", &[("Alex Wilber", ALEX.1)], work("Marketing Assistant", "+1 858 555 0110")),
        contact("Diego", "Siciliani", &[("Diego Siciliani", DIEGO.1)], work("HR Manager", "+1 205 555 0108")),
        contact("Isaiah", "Langer", &[("Isaiah Langer", ISAIAH.1)], work("Sales Rep", "+1 918 555 0104")),
        contact("Lynne", "Robbins", &[("Lynne Robbins", "lynne@contoso.example")], work("Planner", "+1 918 555 0107")),
        contact("Nestor", "Wilke", &[("Nestor Wilke", "nestor@contoso.example")], work("Director", "+1 425 555 0105")),
        contact("Patti", "Fernandez", &[("Patti Fernandez", "patti@contoso.example")], work("President", "+1 425 555 0100")),
        contact("Pradeep", "Gupta", &[("Pradeep Gupta", "pradeep@contoso.example")], work("Accountant", "+20 255501070")),
        contact(
            "Johanna",
            "Lorenz",
            &[
                ("Johanna Lorenz", "johanna@contoso.example"),
                ("Johanna Lorenz", "johanna.lorenz@fabrikam.example"),
                ("Jo", "jo.lorenz@outlook.example"),
            ],
            json!({"jobTitle": "Senior Engineer", "companyName": "Fabrikam", "mobilePhone": "+1 425 555 0199", "birthday": "1988-03-14T11:59:00Z"}),
        ),
        contact("Grady", "Archie", &[("Grady Archie", "grady@contoso.example")], work("Designer", "+1 309 555 0104")),
        contact("Joni", "Sherman", &[("Joni Sherman", "joni@contoso.example")], work("Paralegal", "+1 980 555 0101")),
        contact("", "", &[("", "orders@northwind.example")], json!({"displayName": "", "fileAs": "", "initials": ""})),
    ];
    for props in contacts {
        pim.add(Kind::Contact, &folder, props);
    }
    let suppliers = pim.add(Kind::Folder, "", contact_folder("Suppliers", &folder));
    pim.add(
        Kind::Contact,
        &suppliers,
        contact("Fabrikam", "Sales", &[("Fabrikam Sales", "sales@fabrikam.example")], json!({"companyName": "Fabrikam"})),
    );
}

/// A To Do task; `due` is a date, `completed` the time it was done.
fn task(title: &str, status: &str, importance: &str, due: Option<&str>, completed: Option<&str>) -> Map<String, Value> {
    let mut props = object(json!({
        "importance": importance,
        "isReminderOn": false,
        "status": status,
        "title": title,
        "createdDateTime": "2026-11-09T08:30:00.0000000Z",
        "lastModifiedDateTime": completed.map_or("2026-11-09T08:30:00.0000000Z".to_owned(), |at| format!("{at}.0000000Z")),
        "hasAttachments": false,
        "categories": [],
        "body": {"content": "", "contentType": "text"},
    }));
    if let Some(due) = due {
        props.insert("dueDateTime".into(), json!({"dateTime": format!("{due}T00:00:00.0000000"), "timeZone": "UTC"}));
    }
    if let Some(at) = completed {
        props.insert("completedDateTime".into(), json!({"dateTime": format!("{at}.0000000"), "timeZone": "UTC"}));
    }
    props
}

fn adele_tasks(pim: &mut PimBox) {
    let tasks = pim.lists[0].id.clone();
    for props in [
        task("Check the revenue slide", "inProgress", "high", Some("2026-11-19"), None),
        task("Book travel to Berlin", "notStarted", "normal", Some("2026-11-22"), None),
        task("Complete the security training", "notStarted", "high", Some("2026-11-30"), None),
        task("Vote on the offsite dates", "waitingOnOthers", "low", None, None),
        task("Submit the expense report", "completed", "normal", Some("2026-11-18"), Some("2026-11-18T16:20:00")),
        // Due on the day the emulator starts, so My Day has something in the demo.
        task(
            "Reply to the caterer",
            "notStarted",
            "normal",
            Some(&chrono::DateTime::<chrono::Utc>::from(std::time::SystemTime::now()).format("%Y-%m-%d").to_string()),
            None,
        ),
    ] {
        pim.add(Kind::Task, &tasks, props);
    }
    let groceries = pim.add(Kind::List, "", task_list("Groceries", "none"));
    for props in [
        task("Milk", "notStarted", "normal", None, None),
        task("Bread", "notStarted", "normal", None, None),
        task("Apples", "deferred", "low", None, None),
        task("Coffee beans", "completed", "normal", None, Some("2026-11-19T18:05:00")),
    ] {
        pim.add(Kind::Task, &groceries, props);
    }
}

fn megan(pim: &mut PimBox) {
    let calendar = pim.default_calendar_id().to_owned();
    pim.add(
        Kind::Event,
        &calendar,
        meeting(
            MEGAN,
            "Marketing plan review",
            "2026-11-20T15:00:00",
            "2026-11-20T16:00:00",
            "UTC",
            json!({"iCalUId": REVIEW_UID, "attendees": [attendee(ADELE, "none", "required")], "body": html("Let's go through the plan for Q1 before it goes to Diego."), "location": place("Conference Room 2")}),
        ),
    );
    pim.add(
        Kind::Event,
        &calendar,
        meeting(
            ADELE,
            "Quarterly review",
            "2026-11-19T14:00:00",
            "2026-11-19T15:00:00",
            "UTC",
            json!({"isOrganizer": false, "responseStatus": {"response": "accepted", "time": "2026-11-10T12:00:00Z"}}),
        ),
    );
    pim.add(
        Kind::Event,
        &calendar,
        meeting(MEGAN, "Focus time", "2026-11-18T08:00:00", "2026-11-18T11:00:00", "Pacific Standard Time", json!({"showAs": "busy"})),
    );
    let folder = pim.default_folder_id().to_owned();
    for props in [
        contact("Adele", "Vance", &[("Adele Vance", ADELE.1)], json!({"jobTitle": "Retail Manager", "companyName": "Contoso"})),
        contact("Alex", "Wilber", &[("Alex Wilber", ALEX.1)], json!({})),
        contact("Diego", "Siciliani", &[("Diego Siciliani", DIEGO.1)], json!({})),
    ] {
        pim.add(Kind::Contact, &folder, props);
    }
    let tasks = pim.lists[0].id.clone();
    pim.add(Kind::Task, &tasks, task("Send Adele the deck", "completed", "normal", Some("2026-11-19"), Some("2026-11-19T08:40:00")));
    pim.add(Kind::Task, &tasks, task("Draft the Q1 marketing plan", "inProgress", "high", Some("2026-11-20"), None));
}
