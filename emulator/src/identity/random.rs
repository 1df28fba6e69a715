//! Unpredictable values: codes, refresh tokens, session and key ids, trace ids.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use rsa::rand_core::{OsRng, RngCore};

pub fn bytes<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    OsRng.fill_bytes(&mut bytes);
    bytes
}

/// `n` random bytes as base64url: secrets handed to clients (codes, refresh tokens, cookies).
pub fn token<const N: usize>() -> String {
    URL_SAFE_NO_PAD.encode(bytes::<N>())
}

/// A random version-4 GUID, lower case, as the identity platform writes ids.
pub fn guid() -> String {
    let mut b = bytes::<16>();
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    format_guid(&b)
}

pub fn format_guid(b: &[u8; 16]) -> String {
    let hex: String = b.iter().map(|byte| format!("{byte:02x}")).collect();
    format!("{}-{}-{}-{}-{}", &hex[0..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..32])
}

pub fn is_guid(text: &str) -> bool {
    let groups: Vec<&str> = text.split('-').collect();
    groups.len() == 5
        && groups.iter().zip([8, 4, 4, 4, 12]).all(|(group, len)| group.len() == len && group.bytes().all(|b| b.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guids_are_well_formed_and_distinct() {
        let (a, b) = (guid(), guid());
        assert!(is_guid(&a), "{a}");
        assert_ne!(a, b);
        assert_eq!(&a[14..15], "4");
        assert!(!is_guid("3f2b8c1e-5d4a-4e6f-9a7b-1c2d3e4f5a6"));
        assert!(!is_guid("contoso.example"));
    }
}
