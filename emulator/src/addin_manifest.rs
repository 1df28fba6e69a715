//! The Outlook add-in's manifest for the Tern this emulator serves, from the template that
//! `scripts/addin-manifest.sh` fills for a deployment (`addin/manifest.template.xml`), by
//! the same rules, so either can be checked against the other.

use crate::Shared;
use axum::extract::State;
use axum::http::header;
use axum::routing::get;
use axum::Router;
use sha2::{Digest, Sha256};

const TEMPLATE: &str = include_str!("../../addin/manifest.template.xml");

pub fn routes() -> Router<Shared> {
    Router::new().route(
        "/addin/manifest.xml",
        get(|State(state): State<Shared>| async move {
            ([(header::CONTENT_TYPE, "application/xml; charset=utf-8")], manifest(&format!("{}/", state.origin)))
        }),
    )
}

/// The manifest for a Tern served at `base` (ending in a slash), with the id the script
/// derives from that address.
pub fn manifest(base: &str) -> String {
    let origin = base.splitn(4, '/').take(3).collect::<Vec<_>>().join("/");
    TEMPLATE.replace("{{BASE}}", base).replace("{{ORIGIN}}", &origin).replace("{{ID}}", &id_for(base))
}

/// A name-based GUID (version 5 layout) from SHA-256 of the address.
fn id_for(base: &str) -> String {
    let mut bytes: [u8; 16] = Sha256::digest(base.as_bytes())[..16].try_into().expect("16 of 32 bytes");
    bytes[6] = (bytes[6] & 0x0f) | 0x50;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex: String = bytes.iter().map(|byte| format!("{byte:02x}")).collect();
    format!("{}-{}-{}-{}-{}", &hex[..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..])
}
