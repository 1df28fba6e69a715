//! Percent-encoding for one path segment (RFC 3986 unreserved characters stay as they are).
//! Graph ids contain `/`, `+` and `=`, so every id placed in a route goes through here.

const HEX: &[u8; 16] = b"0123456789ABCDEF";

fn is_unreserved(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~')
}

pub fn encode_segment(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for &byte in text.as_bytes() {
        if is_unreserved(byte) {
            out.push(byte as char);
        } else {
            out.push('%');
            out.push(HEX[usize::from(byte >> 4)] as char);
            out.push(HEX[usize::from(byte & 0x0f)] as char);
        }
    }
    out
}

/// Decodes `%XX` sequences. Returns `None` for a truncated or non-hex escape, or when the
/// bytes are not UTF-8: such a segment was not written by Tern and must not be guessed at.
pub fn decode_segment(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let high = hex_value(*bytes.get(i + 1)?)?;
            let low = hex_value(*bytes.get(i + 2)?)?;
            out.push(high << 4 | low);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// `application/x-www-form-urlencoded`, as URL queries, fragments and token requests use it.
pub fn form_encode(pairs: &[(&str, &str)]) -> String {
    pairs.iter().map(|(name, value)| format!("{}={}", encode_segment(name), encode_segment(value))).collect::<Vec<_>>().join("&")
}

/// Reads `a=1&b=two+words`; a leading `?` or `#` is skipped. Pairs that cannot be decoded
/// are dropped rather than guessed at.
pub fn form_decode(text: &str) -> Vec<(String, String)> {
    let text = text.strip_prefix(['?', '#']).unwrap_or(text);
    text.split('&')
        .filter(|pair| !pair.is_empty())
        .filter_map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            let name = decode_segment(&name.replace('+', " "))?;
            let value = decode_segment(&value.replace('+', " "))?;
            Some((name, value))
        })
        .collect()
}

fn hex_value(byte: u8) -> Option<u8> {
    match byte {
        b'0'..=b'9' => Some(byte - b'0'),
        b'a'..=b'f' => Some(byte - b'a' + 10),
        b'A'..=b'F' => Some(byte - b'A' + 10),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn graph_ids_survive_a_round_trip() {
        let id = "AAMkAGI2TG93AAA=/+x?#%é 日本";
        let encoded = encode_segment(id);
        assert!(encoded.bytes().all(|b| is_unreserved(b) || b == b'%'));
        assert_eq!(decode_segment(&encoded).as_deref(), Some(id));
    }

    #[test]
    fn forms_round_trip_and_read_plus_as_space() {
        let encoded = form_encode(&[("scope", "openid Mail.Read"), ("redirect_uri", "http://x/?a=1&b")]);
        assert_eq!(encoded, "scope=openid%20Mail.Read&redirect_uri=http%3A%2F%2Fx%2F%3Fa%3D1%26b");
        assert_eq!(
            form_decode(&format!("#{encoded}")),
            [("scope".into(), "openid Mail.Read".into()), ("redirect_uri".into(), "http://x/?a=1&b".into())]
        );
        assert_eq!(
            form_decode("?a=b+c&flag&bad=%zz&&d="),
            [("a".to_string(), "b c".to_string()), ("flag".into(), "".into()), ("d".into(), "".into())]
        );
    }

    #[test]
    fn broken_escapes_are_refused() {
        assert_eq!(decode_segment("abc%2"), None);
        assert_eq!(decode_segment("abc%zz"), None);
        assert_eq!(decode_segment("%FF%FE"), None);
        assert_eq!(decode_segment("plain").as_deref(), Some("plain"));
    }
}
