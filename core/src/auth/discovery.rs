//! OpenID Connect discovery: where the provider's endpoints and keys are.

use crate::config::Config;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
pub struct Discovery {
    /// For Microsoft's `common` and `organizations`, the template
    /// `https://login.microsoftonline.com/{tenantid}/v2.0`.
    pub issuer: String,
    pub authorization_endpoint: String,
    pub token_endpoint: String,
    pub jwks_uri: String,
    #[serde(default)]
    pub end_session_endpoint: Option<String>,
}

/// Microsoft (and Tern's emulator) publish discovery under `/v2.0`; other providers at the
/// issuer itself.
pub fn discovery_url(config: &Config) -> String {
    if config.is_microsoft_authority() {
        format!("{}/v2.0/.well-known/openid-configuration", config.authority)
    } else {
        format!("{}/.well-known/openid-configuration", config.authority)
    }
}

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
pub struct Jwks {
    pub keys: Vec<Jwk>,
}

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
pub struct Jwk {
    pub kty: String,
    #[serde(default)]
    pub kid: Option<String>,
    #[serde(default)]
    pub n: Option<String>,
    #[serde(default)]
    pub e: Option<String>,
    #[serde(default, rename = "use")]
    pub usage: Option<String>,
}

impl Jwks {
    /// The RSA signing key a token's header names.
    pub fn rsa_key(&self, kid: Option<&str>) -> Option<&Jwk> {
        self.keys.iter().find(|key| {
            key.kty == "RSA"
                && key.n.is_some()
                && key.e.is_some()
                && key.usage.as_deref().is_none_or(|usage| usage == "sig")
                && (kid.is_none() || key.kid.as_deref() == kid)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(authority: &str) -> Config {
        let text = serde_json::json!({ "client_id": "5f1c3c4e-8a7b-4d2e-9f10-2b3c4d5e6f70", "authority": authority }).to_string();
        crate::config::parse(&text, "http://127.0.0.1:8710/").unwrap()
    }

    #[test]
    fn microsoft_and_the_emulator_use_the_v2_path() {
        assert_eq!(
            discovery_url(&config("https://login.microsoftonline.com/common")),
            "https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration"
        );
        assert_eq!(
            discovery_url(&config("http://127.0.0.1:8710/common")),
            "http://127.0.0.1:8710/common/v2.0/.well-known/openid-configuration"
        );
        assert_eq!(
            discovery_url(&config("https://id.example.org/realms/staff")),
            "https://id.example.org/realms/staff/.well-known/openid-configuration"
        );
    }

    #[test]
    fn finds_the_signing_key_a_token_names() {
        let jwks: Jwks = serde_json::from_value(serde_json::json!({"keys": [
            {"kty": "RSA", "kid": "enc", "use": "enc", "n": "AQAB", "e": "AQAB"},
            {"kty": "EC", "kid": "ec"},
            {"kty": "RSA", "kid": "k1", "use": "sig", "n": "AQAB", "e": "AQAB", "x5c": ["…"]}
        ]}))
        .unwrap();
        assert_eq!(jwks.rsa_key(Some("k1")).unwrap().kid.as_deref(), Some("k1"));
        assert_eq!(jwks.rsa_key(Some("enc")), None);
        assert_eq!(jwks.rsa_key(Some("missing")), None);
        assert_eq!(jwks.rsa_key(None).unwrap().kid.as_deref(), Some("k1"));
    }
}
