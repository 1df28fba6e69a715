//! Time zones as Outlook names them. Events carry `{dateTime, timeZone}` pairs whose zone
//! is a Windows name ("Pacific Standard Time") or an IANA one ("Europe/Paris"), and a
//! client picks the zone of the answer with `Prefer: outlook.timezone="…"`.

use chrono::{DateTime, Duration, LocalResult, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;
use serde_json::{json, Value};
use tern_core::windows_zones::iana_of;

/// A zone by the name Outlook or a client gives it; `None` for one Graph would not know.
pub fn zone(name: &str) -> Option<Tz> {
    let name = name.trim();
    if name.eq_ignore_ascii_case("UTC") || name.eq_ignore_ascii_case("tzone://Microsoft/Utc") {
        return Some(Tz::UTC);
    }
    iana_of(name).parse::<Tz>().ok()
}

/// `2026-11-20T10:00:00`, with up to seven fractional digits and an optional `Z`.
pub fn parse_local(text: &str) -> Option<NaiveDateTime> {
    let text = text.trim().trim_end_matches('Z');
    NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f")
        .or_else(|_| NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M"))
        .ok()
        .or_else(|| NaiveDate::parse_from_str(text, "%Y-%m-%d").ok().and_then(|d| d.and_hms_opt(0, 0, 0)))
}

/// A wall-clock time in `tz` as an instant. In a gap (spring forward) the clock is read an
/// hour later; in an overlap the earlier instant wins, as Exchange resolves them.
pub fn to_utc(local: NaiveDateTime, tz: Tz) -> DateTime<Utc> {
    match tz.from_local_datetime(&local) {
        LocalResult::Single(at) | LocalResult::Ambiguous(at, _) => at.with_timezone(&Utc),
        LocalResult::None => to_utc(local + Duration::hours(1), tz),
    }
}

/// An instant from a `{dateTime, timeZone}` pair; an unknown zone reads as UTC.
pub fn instant(pair: &Value) -> Option<DateTime<Utc>> {
    let local = parse_local(pair["dateTime"].as_str()?)?;
    let tz = pair["timeZone"].as_str().and_then(zone).unwrap_or(Tz::UTC);
    Some(to_utc(local, tz))
}

/// `2017-04-21T10:00:00.0000000`: Graph's seven-digit local form.
pub fn format_local(local: NaiveDateTime) -> String {
    format!("{}.{:07}", local.format("%Y-%m-%dT%H:%M:%S"), local.and_utc().timestamp_subsec_nanos() / 100)
}

/// `{dateTime, timeZone}` for `at` as seen in the zone called `name`.
pub fn pair(at: DateTime<Utc>, name: &str, tz: Tz) -> Value {
    json!({"dateTime": format_local(at.with_timezone(&tz).naive_local()), "timeZone": name})
}

/// `2026-11-20T09:00:00Z` or with an offset; without either the time is UTC, as Graph
/// reads calendarView's `startDateTime` and `endDateTime`.
pub fn parse_bound(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text.trim())
        .map(|at| at.with_timezone(&Utc))
        .ok()
        .or_else(|| parse_local(text).map(|local| local.and_utc()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use tern_core::windows_zones::WINDOWS;

    #[test]
    fn windows_and_iana_names_convert_with_daylight_saving() {
        let summer = instant(&json!({"dateTime": "2026-07-01T09:00:00.0000000", "timeZone": "Pacific Standard Time"})).unwrap();
        assert_eq!(summer.to_rfc3339(), "2026-07-01T16:00:00+00:00");
        let winter = instant(&json!({"dateTime": "2026-11-20T09:00:00", "timeZone": "America/Los_Angeles"})).unwrap();
        assert_eq!(winter.to_rfc3339(), "2026-11-20T17:00:00+00:00");
        let paris = zone("Romance Standard Time").unwrap();
        assert_eq!(pair(winter, "Romance Standard Time", paris)["dateTime"], "2026-11-20T18:00:00.0000000");
        assert!(zone("Mars Standard Time").is_none());
        assert_eq!(parse_bound("2026-11-16T00:00:00-08:00").unwrap().to_rfc3339(), "2026-11-16T08:00:00+00:00");
        assert_eq!(parse_bound("2026-11-16T00:00:00").unwrap().to_rfc3339(), "2026-11-16T00:00:00+00:00");
    }

    #[test]
    fn every_windows_name_graph_accepts_has_a_zone() {
        assert!(WINDOWS.len() >= 139, "CLDR 48.2 names 139 Windows zones");
        for (windows, iana) in WINDOWS {
            assert!(zone(windows).is_some(), "{windows} → {iana} is not a zone chrono-tz knows");
            let same_offsets = [1, 7].map(|month| {
                let at = to_utc(parse_local(&format!("2026-{month:02}-15T12:00:00")).unwrap(), zone(windows).unwrap());
                at == to_utc(parse_local(&format!("2026-{month:02}-15T12:00:00")).unwrap(), zone(iana).unwrap())
            });
            assert_eq!(same_offsets, [true, true], "{windows} and {iana}");
        }
        let names: std::collections::HashSet<_> = WINDOWS.iter().map(|(windows, _)| windows.to_ascii_lowercase()).collect();
        assert_eq!(names.len(), WINDOWS.len(), "each Windows name once");
        for (name, offset_in_january) in [
            ("Nepal Standard Time", 5 * 60 + 45),
            ("Chatham Islands Standard Time", 13 * 60 + 45),
            ("Line Islands Standard Time", 14 * 60),
            ("Aleutian Standard Time", -10 * 60),
            ("Morocco Standard Time", 60),
            ("Yukon Standard Time", -7 * 60),
        ] {
            let tz = zone(name).unwrap_or_else(|| panic!("{name}"));
            let at = to_utc(parse_local("2026-01-15T12:00:00").unwrap(), tz);
            let local = at.with_timezone(&tz).naive_local();
            assert_eq!((local - at.naive_utc()).num_minutes(), offset_in_january, "{name}");
        }
    }
}
