//! Reading JSON. Text becomes a `serde_json::Value` (one parser for all of Tern), and
//! each type is read from the value through [`FromJson`], which `#[derive(FromJson)]`
//! implements from the type's own `#[serde(...)]` attributes, the ones its serialisation
//! uses. Serde's derived `Deserialize` would compile a visitor per type and a copy of the
//! reader's code per list, optional field and nested object: in the browser bundle that
//! was most of serde's 200 KB (docs/size.md). Here each field is one call to a helper.

use std::collections::BTreeMap;
use std::fmt;

pub use serde_json::{Map, Value};
pub use tern_derive::FromJson;

/// A type read from JSON as serde's derived `Deserialize` would read it: the same names,
/// defaults and errors for a wrong type or a missing field.
pub trait FromJson: Sized {
    fn from_json(value: &Value) -> Result<Self, JsonError>;
}

/// Why JSON could not be read, with the path to the field it concerns. Boxed, so that a
/// `Result` of it is one word and each field's `?` stays small.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JsonError(Box<Problem>);

#[derive(Clone, Debug, PartialEq, Eq)]
struct Problem {
    problem: String,
    path: Vec<String>,
}

impl JsonError {
    fn new(problem: String) -> JsonError {
        JsonError(Box::new(Problem { problem, path: Vec::new() }))
    }

    fn expected(what: &str, found: &Value) -> JsonError {
        let found = match found {
            Value::Null => "null".to_owned(),
            Value::Bool(value) => format!("boolean `{value}`"),
            Value::Number(number) => format!("number {number}"),
            Value::String(text) => format!("string {text:?}"),
            Value::Array(_) => "an array".to_owned(),
            Value::Object(_) => "an object".to_owned(),
        };
        JsonError::new(format!("invalid type: {found}, expected {what}"))
    }

    pub fn missing(field: &str) -> JsonError {
        JsonError::new(format!("missing field `{field}`"))
    }

    pub fn unknown_variant(tag: &str) -> JsonError {
        JsonError::new(format!("unknown variant `{tag}`"))
    }

    pub fn custom(problem: impl fmt::Display) -> JsonError {
        JsonError::new(problem.to_string())
    }

    fn within(mut self, key: &str) -> JsonError {
        self.0.path.insert(0, key.to_owned());
        self
    }
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.problem)?;
        if !self.0.path.is_empty() {
            write!(f, " at `{}`", self.0.path.join("."))?;
        }
        Ok(())
    }
}

impl std::error::Error for JsonError {}

pub fn from_value<T: FromJson>(value: &Value) -> Result<T, JsonError> {
    T::from_json(value)
}

pub fn from_str<T: FromJson>(text: &str) -> Result<T, JsonError> {
    let value: Value = serde_json::from_str(text).map_err(JsonError::custom)?;
    T::from_json(&value)
}

/// JSON in bytes that should be UTF-8 text (a token's decoded parts).
pub fn from_bytes<T: FromJson>(bytes: &[u8]) -> Result<T, String> {
    let text = std::str::from_utf8(bytes).map_err(|error| error.to_string())?;
    from_str(text).map_err(|error| error.to_string())
}

/// The object a struct is read from.
pub fn object(value: &Value) -> Result<&Map<String, Value>, JsonError> {
    value.as_object().ok_or_else(|| JsonError::expected("an object", value))
}

/// A field of `object`, read when present.
pub fn field<T: FromJson>(object: &Map<String, Value>, key: &str) -> Result<Option<T>, JsonError> {
    object.get(key).map(|value| T::from_json(value).map_err(|error| error.within(key))).transpose()
}

/// A field read by a function of its own (`#[json(with)]`), when present.
pub fn field_with<T>(object: &Map<String, Value>, key: &str, read: fn(&Value) -> Result<T, JsonError>) -> Result<Option<T>, JsonError> {
    object.get(key).map(|value| read(value).map_err(|error| error.within(key))).transpose()
}

// The derived code calls these few helpers: one copy per field type, not per field.

/// A field that must be there.
pub fn required<T: FromJson>(object: &Map<String, Value>, key: &str) -> Result<T, JsonError> {
    field(object, key)?.ok_or_else(|| JsonError::missing(key))
}

/// A field that is its type's default when absent (an `Option`, `None`).
pub fn or_default<T: FromJson + Default>(object: &Map<String, Value>, key: &str) -> Result<T, JsonError> {
    Ok(field(object, key)?.unwrap_or_default())
}

/// Overwrites `slot` with the field, when present: a type read over its own default.
pub fn set<T: FromJson>(object: &Map<String, Value>, key: &str, slot: &mut T) -> Result<(), JsonError> {
    if let Some(value) = field(object, key)? {
        *slot = value;
    }
    Ok(())
}

/// The name a field is under: its own, or when that is absent its alias (`#[serde(alias)]`).
pub fn key_or_alias<'a>(object: &Map<String, Value>, key: &'a str, alias: &'a str) -> &'a str {
    if object.contains_key(key) {
        key
    } else {
        alias
    }
}

/// An externally tagged variant, as serde writes enums: `"Unit"` or `{"Variant": content}`.
pub fn variant(value: &Value) -> Result<(&str, Option<&Value>), JsonError> {
    match value {
        Value::String(tag) => Ok((tag, None)),
        Value::Object(object) if object.len() == 1 => {
            Ok(object.iter().next().map(|(tag, content)| (tag.as_str(), Some(content))).expect("one entry"))
        }
        other => Err(JsonError::expected("a variant name or an object of one", other)),
    }
}

impl FromJson for Value {
    fn from_json(value: &Value) -> Result<Self, JsonError> {
        Ok(value.clone())
    }
}

impl FromJson for String {
    fn from_json(value: &Value) -> Result<Self, JsonError> {
        value.as_str().map(str::to_owned).ok_or_else(|| JsonError::expected("a string", value))
    }
}

impl FromJson for bool {
    fn from_json(value: &Value) -> Result<Self, JsonError> {
        value.as_bool().ok_or_else(|| JsonError::expected("a boolean", value))
    }
}

impl FromJson for f64 {
    fn from_json(value: &Value) -> Result<Self, JsonError> {
        value.as_f64().ok_or_else(|| JsonError::expected("a number", value))
    }
}

/// A whole number in the range of the type; as in serde, a fraction is not one.
fn whole<T: TryFrom<i64> + TryFrom<u64>>(value: &Value) -> Result<T, JsonError> {
    let read = match (value.as_i64(), value.as_u64()) {
        (Some(signed), _) => T::try_from(signed).ok(),
        (None, Some(unsigned)) => T::try_from(unsigned).ok(),
        (None, None) => None,
    };
    read.ok_or_else(|| JsonError::expected("a whole number in range", value))
}

macro_rules! whole_numbers {
    ($($type:ty),*) => {$(
        impl FromJson for $type {
            fn from_json(value: &Value) -> Result<Self, JsonError> {
                whole(value)
            }
        }
    )*};
}

whole_numbers!(i64, i32, u64, u32, u16, u8, usize);

impl<T: FromJson> FromJson for Option<T> {
    fn from_json(value: &Value) -> Result<Self, JsonError> {
        match value {
            Value::Null => Ok(None),
            present => T::from_json(present).map(Some),
        }
    }
}

impl<T: FromJson> FromJson for Box<T> {
    fn from_json(value: &Value) -> Result<Self, JsonError> {
        T::from_json(value).map(Box::new)
    }
}

impl<T: FromJson> FromJson for Vec<T> {
    fn from_json(value: &Value) -> Result<Self, JsonError> {
        let items = value.as_array().ok_or_else(|| JsonError::expected("an array", value))?;
        // A loop rather than `collect` into a `Result`, whose adapter is larger per type.
        let mut read = Vec::with_capacity(items.len());
        for (index, item) in items.iter().enumerate() {
            read.push(T::from_json(item).map_err(|error| error.within(&index.to_string()))?);
        }
        Ok(read)
    }
}

impl<T: FromJson> FromJson for BTreeMap<String, T> {
    fn from_json(value: &Value) -> Result<Self, JsonError> {
        let mut read = BTreeMap::new();
        for (key, item) in object(value)? {
            read.insert(key.clone(), T::from_json(item).map_err(|error| error.within(key))?);
        }
        Ok(read)
    }
}

impl<A: FromJson, B: FromJson> FromJson for (A, B) {
    fn from_json(value: &Value) -> Result<Self, JsonError> {
        match value.as_array().map(Vec::as_slice) {
            Some([first, second]) => Ok((A::from_json(first)?, B::from_json(second)?)),
            _ => Err(JsonError::expected("an array of two", value)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::addin::DialogReply;
    use crate::auth::authorize::Purpose;
    use crate::graph::models::{Importance, Message};
    use crate::mail::compose::{Draft, DraftKind};
    use crate::recurrence::{Ends, Frequency, Repeat};
    use serde::Serialize;
    use serde_json::json;

    #[derive(Debug, Default, PartialEq, FromJson)]
    #[serde(rename_all = "camelCase", default)]
    struct Defaulted {
        display_name: String,
        is_read: bool,
        unread_item_count: u32,
        parent_folder_id: Option<String>,
        #[serde(rename = "@odata.nextLink")]
        next_link: Option<String>,
        #[serde(alias = "ExpirationDateTime")]
        expiration_date_time: Option<String>,
    }

    #[derive(Debug, PartialEq, FromJson)]
    struct Required {
        access_token: String,
        refresh_token: Option<String>,
        #[serde(default)]
        scopes: Vec<String>,
        #[serde(default = "ten")]
        count: u8,
        #[json(with = "text_or_number")]
        expires_in: i64,
    }

    fn ten() -> u8 {
        10
    }

    fn text_or_number(value: &Value) -> Result<i64, JsonError> {
        match value {
            Value::String(text) => text.parse().map_err(JsonError::custom),
            number => i64::from_json(number),
        }
    }

    #[derive(Debug, PartialEq, FromJson)]
    #[serde(rename_all = "lowercase")]
    enum Status {
        NotStarted,
        Completed,
        #[serde(other)]
        Unknown,
    }

    #[derive(Debug, PartialEq, FromJson)]
    #[serde(from = "String")]
    struct Shouted(String);

    impl From<String> for Shouted {
        fn from(text: String) -> Shouted {
            Shouted(text.to_uppercase())
        }
    }

    #[test]
    fn a_defaulted_struct_reads_what_is_there_and_ignores_the_rest() {
        let read: Defaulted = from_value(&json!({
            "displayName": "Inbox", "isRead": true, "parentFolderId": null, "unknown": [1, 2],
            "@odata.nextLink": "https://graph/next", "ExpirationDateTime": "2026-12-01T00:00:00Z"
        }))
        .unwrap();
        assert_eq!(
            read,
            Defaulted {
                display_name: "Inbox".into(),
                is_read: true,
                unread_item_count: 0,
                parent_folder_id: None,
                next_link: Some("https://graph/next".into()),
                expiration_date_time: Some("2026-12-01T00:00:00Z".into()),
            }
        );
        assert_eq!(from_value::<Defaulted>(&json!({})).unwrap(), Defaulted::default());
    }

    #[test]
    fn wrong_types_and_missing_fields_are_errors_that_name_the_field() {
        let wrong = from_value::<Defaulted>(&json!({"displayName": null})).unwrap_err();
        assert_eq!(wrong.to_string(), "invalid type: null, expected a string at `displayName`");
        let negative = from_value::<Defaulted>(&json!({"unreadItemCount": -1})).unwrap_err();
        assert!(negative.to_string().contains("unreadItemCount"), "{negative}");
        let fraction = from_value::<Defaulted>(&json!({"unreadItemCount": 1.5})).unwrap_err();
        assert!(fraction.to_string().contains("whole number"), "{fraction}");
        let missing = from_value::<Required>(&json!({"expires_in": 5})).unwrap_err();
        assert_eq!(missing.to_string(), "missing field `access_token`");
        assert!(from_value::<Defaulted>(&json!([])).unwrap_err().to_string().contains("expected an object"));
        let deep = from_value::<Vec<Vec<String>>>(&json!([["a"], ["b", 3]])).unwrap_err();
        assert_eq!(deep.to_string(), "invalid type: number 3, expected a string at `1.1`");
    }

    #[test]
    fn required_fields_options_defaults_and_readers_of_their_own() {
        let read: Required = from_value(&json!({"access_token": "a", "expires_in": "3599"})).unwrap();
        assert_eq!(read, Required { access_token: "a".into(), refresh_token: None, scopes: vec![], count: 10, expires_in: 3599 });
        let full: Required =
            from_value(&json!({"access_token": "a", "refresh_token": "r", "scopes": ["x"], "count": 2, "expires_in": 60})).unwrap();
        assert_eq!((full.refresh_token.as_deref(), full.scopes.len(), full.count, full.expires_in), (Some("r"), 1, 2, 60));
        let bad = from_value::<Required>(&json!({"access_token": "a", "expires_in": "soon"})).unwrap_err();
        assert!(bad.to_string().ends_with("at `expires_in`"), "{bad}");
    }

    #[test]
    fn enums_read_their_names_and_an_unknown_one_as_other() {
        assert_eq!(from_value::<Status>(&json!("notstarted")).unwrap(), Status::NotStarted);
        assert_eq!(from_value::<Status>(&json!("completed")).unwrap(), Status::Completed);
        assert_eq!(from_value::<Status>(&json!("waitingOnOthers")).unwrap(), Status::Unknown);
        assert_eq!(from_value::<Importance>(&json!("high")).unwrap(), Importance::High);
        assert!(from_value::<Frequency>(&json!("Fortnightly")).unwrap_err().to_string().contains("unknown variant `Fortnightly`"));
        assert!(from_value::<Status>(&json!(3)).is_err());
        assert_eq!(from_value::<Shouted>(&json!("quiet")).unwrap(), Shouted("QUIET".into()));
    }

    /// What Tern writes (drafts, the sign-in in progress, the form) it reads back unchanged.
    fn round_trip<T: Serialize + FromJson + PartialEq + std::fmt::Debug>(written: T) {
        let text = serde_json::to_string(&written).unwrap();
        assert_eq!(from_str::<T>(&text).unwrap(), written, "{text}");
    }

    #[test]
    fn what_serde_writes_reads_back_the_same() {
        round_trip(Draft {
            kind: DraftKind::ReplyAll("m-1".into()),
            to: "megan@contoso.com".into(),
            attached: vec![("plan.pdf".into(), 2048)],
            ..Draft::default()
        });
        round_trip(Draft::default());
        round_trip(Purpose::Consent { account: "tid.oid".into(), scopes: vec!["Mail.ReadWrite.Shared".into()] });
        round_trip(Purpose::AdminConsent);
        round_trip(DialogReply::Failed { title: "t".into(), explanation: "e".into(), action: "a".into() });
        round_trip(Repeat {
            frequency: Frequency::Weekly,
            interval: 2,
            days: vec!["monday".into()],
            ends: Ends::AfterCount,
            until: String::new(),
            count: 3,
        });
        let message: Message = from_str(include_str!("../../tests/fixtures/graph/get-message.json")).unwrap();
        round_trip(message);
    }

    #[test]
    fn a_value_reads_as_its_text_would() {
        let read: (String, Option<u8>) = from_value(&json!(["subject", 7])).unwrap();
        assert_eq!(read, ("subject".to_owned(), Some(7)));
        assert!(from_value::<u8>(&json!("seven")).is_err());
        assert!(from_value::<u8>(&json!(300)).is_err());
    }

    #[test]
    fn bytes_must_be_text_and_json() {
        assert_eq!(from_bytes::<Vec<u8>>(b"[1,2]"), Ok(vec![1, 2]));
        assert!(from_bytes::<Value>(&[0xff, 0xfe]).unwrap_err().contains("utf-8"));
        assert!(from_bytes::<Value>(b"{").is_err());
    }
}
