//! Signing in: the OAuth 2.0 / OpenID Connect rules, as pure functions and plain data.
//! The browser glue feeds them random bytes, the clock, storage and the network.

pub mod aadsts;
pub mod authorize;
pub mod callback;
pub mod discovery;
pub mod error;
pub mod id_token;
pub mod inspect;
pub mod jwt;
pub mod naa;
pub mod pkce;
pub mod token;
pub mod token_cache;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;

pub fn base64url(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

pub fn base64url_decode(text: &str) -> Option<Vec<u8>> {
    URL_SAFE_NO_PAD.decode(text.trim_end_matches('=')).ok()
}
