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
    fn broken_escapes_are_refused() {
        assert_eq!(decode_segment("abc%2"), None);
        assert_eq!(decode_segment("abc%zz"), None);
        assert_eq!(decode_segment("%FF%FE"), None);
        assert_eq!(decode_segment("plain").as_deref(), Some("plain"));
    }
}
