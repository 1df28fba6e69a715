//! Dates as the person's browser writes them (`Intl`, through `Date`'s locale methods),
//! in the person's time zone.

use js_sys::{Date, Object, Reflect};
use tern_core::date::CivilDate;
use tern_core::mail::list::{date_style, DateStyle};
use wasm_bindgen::{JsCast, JsValue};

fn locale() -> String {
    web_sys::window().and_then(|window| window.navigator().language()).unwrap_or_else(|| "en".to_owned())
}

fn options(pairs: &[(&str, &str)]) -> JsValue {
    let object = Object::new();
    for (name, value) in pairs {
        let _ = Reflect::set(&object, &JsValue::from_str(name), &JsValue::from_str(value));
    }
    object.into()
}

fn local_date(date: &Date) -> Option<CivilDate> {
    CivilDate::new(date.get_full_year() as i32, date.get_month() as u8 + 1, date.get_date() as u8)
}

/// Parses an ISO 8601 time as Graph writes it; `None` for anything the browser cannot read.
fn parse(iso: &str) -> Option<Date> {
    let date = Date::new(&JsValue::from_str(iso));
    (!date.get_time().is_nan()).then_some(date)
}

/// A list date: today as a time, this year as day and month, else with the year.
pub fn list_date(iso: &str) -> String {
    let Some(date) = parse(iso) else {
        return String::new();
    };
    let today = local_date(&Date::new_0());
    let style = match (local_date(&date), today) {
        (Some(day), Some(today)) => date_style(day, today),
        _ => DateStyle::Full,
    };
    let locale = locale();
    let text = match style {
        DateStyle::Time => date.to_locale_time_string_with_options(&locale, &options(&[("hour", "numeric"), ("minute", "2-digit")])),
        DateStyle::DayAndMonth => date.to_locale_date_string(&locale, &options(&[("day", "numeric"), ("month", "short")])),
        DateStyle::Full => date.to_locale_date_string(&locale, &options(&[("day", "numeric"), ("month", "short"), ("year", "numeric")])),
    };
    text.into()
}

/// A full date and time, for a message's header.
pub fn full_date(iso: &str) -> String {
    match parse(iso) {
        Some(date) => date.to_locale_string(&locale(), &options(&[("dateStyle", "full"), ("timeStyle", "short")])).into(),
        None => String::new(),
    }
}

/// A moment given in seconds since 1970, with date, time and zone, on the clocks of `zone`.
pub fn moment(seconds: i64, zone: &str) -> String {
    let date = Date::new(&JsValue::from_f64(seconds as f64 * 1000.0));
    let pairs = [("dateStyle", "medium"), ("timeStyle", "long"), ("timeZone", zone)];
    date.to_locale_string(&locale(), &options(&pairs)).into()
}

/// Where the person's own choice of time zone is kept.
pub const TIME_ZONE_SETTING: &str = "time-zone";

/// Where the mailbox's own time zone (`mailboxSettings.timeZone`, as IANA) is kept once read.
pub const MAILBOX_TIME_ZONE: &str = "mailbox-time-zone";

/// Whether the browser knows an IANA zone by this name.
pub fn is_time_zone(name: &str) -> bool {
    let Some(constructor) = Reflect::get(&js_sys::global(), &JsValue::from_str("Intl"))
        .and_then(|intl| Reflect::get(&intl, &JsValue::from_str("DateTimeFormat")))
        .ok()
        .and_then(|value| value.dyn_into::<js_sys::Function>().ok())
    else {
        return false;
    };
    // The constructor throws a RangeError for a zone it does not know.
    Reflect::construct(&constructor, &js_sys::Array::of2(&JsValue::UNDEFINED, &options(&[("timeZone", name)]))).is_ok()
}

/// The browser's IANA time zone.
pub fn browser_time_zone() -> String {
    let options = js_sys::Intl::DateTimeFormat::new(&js_sys::Array::new(), &Object::new()).resolved_options();
    Reflect::get(&options, &JsValue::from_str("timeZone")).ok().and_then(|zone| zone.as_string()).unwrap_or_else(|| "UTC".to_owned())
}

/// The date and the minutes since midnight now, on the clocks of the IANA zone `zone`.
pub fn now_in(zone: &str) -> Option<(CivilDate, u32)> {
    clock_in(&Date::new_0(), zone)
}

/// A UTC moment as Graph writes it (`2026-12-24T08:00:00.0000000`), as a `datetime-local`
/// value (`2026-12-24T09:00`) on the clocks of `zone`.
pub fn local_input(utc: &str, zone: &str) -> Option<String> {
    let instant = parse(&format!("{}Z", utc.get(..19)?))?;
    let (date, minutes) = clock_in(&instant, zone)?;
    Some(format!("{date}T{:02}:{:02}", minutes / 60, minutes % 60))
}

fn clock_in(instant: &Date, zone: &str) -> Option<(CivilDate, u32)> {
    let numeric = [("timeZone", zone), ("year", "numeric"), ("month", "numeric"), ("day", "numeric")];
    let clock = [("hour", "numeric"), ("minute", "numeric"), ("hourCycle", "h23")];
    let pairs: Vec<(&str, &str)> = numeric.into_iter().chain(clock).collect();
    let format = js_sys::Intl::DateTimeFormat::new(&js_sys::Array::of1(&JsValue::from_str("en-US")), &options(&pairs).unchecked_into());
    let parts = format.format_to_parts(instant);
    let part = |kind: &str| {
        parts.iter().find_map(|part| {
            let is_kind = Reflect::get(&part, &JsValue::from_str("type")).ok()?.as_string()? == kind;
            is_kind.then(|| Reflect::get(&part, &JsValue::from_str("value")).ok()?.as_string()?.parse::<u32>().ok()).flatten()
        })
    };
    let date = CivilDate::new(part("year")? as i32, part("month")? as u8, part("day")? as u8)?;
    Some((date, part("hour")? * 60 + part("minute")?))
}

pub fn today() -> Option<CivilDate> {
    local_date(&Date::new_0())
}

/// The instant of local midnight starting `date`, in UTC, as a `calendarView` bound.
pub fn local_midnight_utc(date: CivilDate) -> String {
    let midnight = Date::new_with_year_month_day(date.year() as u32, i32::from(date.month()) - 1, i32::from(date.day()));
    midnight.to_iso_string().into()
}

/// A day as a column heading: weekday and day of month, or with the month too.
pub fn day_label(date: CivilDate, with_month: bool) -> String {
    let day = Date::new_with_year_month_day(date.year() as u32, i32::from(date.month()) - 1, i32::from(date.day()));
    let mut parts = vec![("weekday", "short"), ("day", "numeric")];
    if with_month {
        parts.push(("month", "short"));
    }
    day.to_locale_date_string(&locale(), &options(&parts)).into()
}

/// A time of day, `minutes` after midnight, as the locale writes it.
pub fn time_label(minutes: u32) -> String {
    let time = Date::new_with_year_month_day_hr_min(2000, 0, 1, (minutes / 60) as i32, (minutes % 60) as i32);
    time.to_locale_time_string_with_options(&locale(), &options(&[("hour", "numeric"), ("minute", "2-digit")])).into()
}

/// A month and year, for the month view's heading.
pub fn month_label(date: CivilDate) -> String {
    let day = Date::new_with_year_month_day(date.year() as u32, i32::from(date.month()) - 1, 1);
    day.to_locale_date_string(&locale(), &options(&[("month", "long"), ("year", "numeric")])).into()
}
