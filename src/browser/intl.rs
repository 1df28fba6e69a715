//! Dates as the person's browser writes them (`Intl`, through `Date`'s locale methods),
//! in the person's time zone.

use js_sys::{Date, Object, Reflect};
use tern_core::date::CivilDate;
use tern_core::mail::list::{date_style, DateStyle};
use wasm_bindgen::JsValue;

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
