//! Reading JSON through one reader, `serde_json::Value`. The compiler makes a copy of every
//! `Deserialize` for each reader it is used with, so Tern reads every kind of JSON through
//! the same one: text becomes a `Value` first (one parser for all), and models are read from
//! that. Reading a model from a `Value` compiles to much less than reading it from text,
//! where every list, optional field and nested object inlines the text parser again.

use serde::de::DeserializeOwned;
use serde_json::Value;

pub fn from_value<T: DeserializeOwned>(value: &Value) -> Result<T, serde_json::Error> {
    T::deserialize(value)
}

pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, serde_json::Error> {
    let value: Value = serde_json::from_str(text)?;
    T::deserialize(&value)
}

/// JSON in bytes that should be UTF-8 text (a token's decoded parts).
pub fn from_bytes<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, String> {
    let text = std::str::from_utf8(bytes).map_err(|error| error.to_string())?;
    from_str(text).map_err(|error| error.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_value_reads_as_its_text_would() {
        let read: (String, Option<u8>) = from_value(&json!(["subject", 7])).unwrap();
        assert_eq!(read, ("subject".to_owned(), Some(7)));
        assert!(from_value::<u8>(&json!("seven")).is_err());
    }

    #[test]
    fn bytes_must_be_text_and_json() {
        assert_eq!(from_bytes::<Vec<u8>>(b"[1,2]"), Ok(vec![1, 2]));
        assert!(from_bytes::<Value>(&[0xff, 0xfe]).unwrap_err().contains("utf-8"));
        assert!(from_bytes::<Value>(b"{").is_err());
    }
}
