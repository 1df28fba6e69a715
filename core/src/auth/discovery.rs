//! OpenID Connect discovery: where the provider's endpoints and keys are.

use crate::config::{Config, Protocol};
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
    /// The `prompt` values the provider takes, where it says (OpenID Connect's
    /// "Initiating User Registration" adds the field; many providers leave it out).
    #[serde(default)]
    pub prompt_values_supported: Option<Vec<String>>,
}

/// Microsoft (and Tern's emulator) publish discovery under `/v2.0`; other providers at the
/// issuer itself.
pub fn discovery_url(config: &Config) -> String {
    match config.protocol {
        Protocol::Microsoft => format!("{}/v2.0/.well-known/openid-configuration", config.authority),
        Protocol::Oidc => format!("{}/.well-known/openid-configuration", config.authority),
    }
}

/// OpenID Connect Discovery 1.0, §4.3: the issuer a provider names must be the one Tern
/// asked (a trailing slash aside), or its tokens could be another's. Microsoft's issuers
/// differ from the authority (a `{tenantid}` template, `/v2.0`) and are checked per token;
/// `config.json` allows the `microsoft` protocol only on Microsoft's hosts and this computer.
pub fn check_issuer(config: &Config, discovery: &Discovery) -> Result<(), String> {
    if config.protocol == Protocol::Microsoft || discovery.issuer.trim_end_matches('/') == config.authority {
        return Ok(());
    }
    Err(format!(
        "it names the issuer {}, but Tern was configured with the authority {}; they must be the same address",
        discovery.issuer, config.authority
    ))
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

    fn config(authority: &str, protocol: Option<&str>) -> Config {
        let mut settings = serde_json::json!({ "client_id": "5f1c3c4e-8a7b-4d2e-9f10-2b3c4d5e6f70", "authority": authority });
        if let Some(protocol) = protocol {
            settings["protocol"] = protocol.into();
        }
        crate::config::parse(&settings.to_string(), "http://127.0.0.1:8710/").unwrap()
    }

    #[test]
    fn microsoft_and_the_emulator_use_the_v2_path_other_providers_their_issuer() {
        assert_eq!(
            discovery_url(&config("https://login.microsoftonline.com/common", None)),
            "https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration"
        );
        assert_eq!(
            discovery_url(&config("http://127.0.0.1:8710/common", Some("microsoft"))),
            "http://127.0.0.1:8710/common/v2.0/.well-known/openid-configuration"
        );
        assert_eq!(
            discovery_url(&config("https://id.example.org/realms/staff", None)),
            "https://id.example.org/realms/staff/.well-known/openid-configuration"
        );
        assert_eq!(
            discovery_url(&config("http://localhost:8080/realms/x", None)),
            "http://localhost:8080/realms/x/.well-known/openid-configuration",
            "a provider on this computer is not taken for Microsoft"
        );
    }

    #[test]
    fn a_plain_provider_must_name_itself_as_issuer() {
        let discovery = |issuer: &str| Discovery {
            issuer: issuer.into(),
            authorization_endpoint: String::new(),
            token_endpoint: String::new(),
            jwks_uri: String::new(),
            end_session_endpoint: None,
            prompt_values_supported: None,
        };
        let oidc = config("https://id.example.org/realms/staff", None);
        assert_eq!(check_issuer(&oidc, &discovery("https://id.example.org/realms/staff")), Ok(()));
        assert_eq!(check_issuer(&oidc, &discovery("https://id.example.org/realms/staff/")), Ok(()));
        let problem = check_issuer(&oidc, &discovery("https://evil.example/realms/staff")).unwrap_err();
        assert!(problem.contains("https://evil.example/realms/staff"), "{problem}");
        let microsoft = config("https://login.microsoftonline.com/common", None);
        assert_eq!(check_issuer(&microsoft, &discovery("https://login.microsoftonline.com/{tenantid}/v2.0")), Ok(()));
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
