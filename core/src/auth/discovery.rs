//! OpenID Connect discovery: where the provider's endpoints and keys are.

use crate::config::{is_microsoft_login_host, Config, Protocol};
use crate::json::FromJson;
use crate::weburl::{Scheme, WebUrl};
use serde::Serialize;

#[derive(Clone, Debug, FromJson, Serialize, PartialEq, Eq)]
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

/// Checks a discovery document before anything in it is used, so a wrong or hostile one
/// cannot send the person, the PKCE verifier or a code anywhere else.
/// - The issuer: for a plain provider, the authority itself (OpenID Connect Discovery 1.0,
///   §4.3; a trailing slash aside); for Microsoft, `…/{tenant}/v2.0` on the authority's
///   origin or a Microsoft login host, where `{tenantid}` is the template of `common` and
///   `organizations`, checked against each ID token's `tid`.
/// - Every endpoint Tern calls or sends the person to: `https:` on the issuer's origin (on
///   Microsoft's login hosts for Microsoft); plain `http:` only on this computer.
pub fn check_discovery(config: &Config, discovery: &Discovery) -> Result<(), String> {
    let authority = WebUrl::parse(&config.authority).map_err(|problem| format!("the authority cannot be read: {problem}"))?;
    let issuer = WebUrl::parse(&discovery.issuer).map_err(|_| format!("its issuer {} is not a web address", discovery.issuer))?;
    let issuer_fits = match config.protocol {
        Protocol::Oidc => discovery.issuer.trim_end_matches('/') == config.authority,
        Protocol::Microsoft => {
            let segments: Vec<&str> = issuer.path().split('/').filter(|s| !s.is_empty()).collect();
            trusted_host(config, &authority, &issuer) && matches!(segments.as_slice(), [tenant, "v2.0"] if !tenant.is_empty())
        }
    };
    if !issuer_fits {
        return Err(format!(
            "it names the issuer {}, but Tern was configured with the authority {}; they must be the same address",
            discovery.issuer, config.authority
        ));
    }
    let endpoints = [
        ("authorization_endpoint", Some(&discovery.authorization_endpoint)),
        ("token_endpoint", Some(&discovery.token_endpoint)),
        ("jwks_uri", Some(&discovery.jwks_uri)),
        ("end_session_endpoint", discovery.end_session_endpoint.as_ref()),
    ];
    for (name, address) in endpoints {
        let Some(address) = address else { continue };
        let fits = WebUrl::parse(address).is_ok_and(|url| match config.protocol {
            Protocol::Oidc => url.origin() == issuer.origin() && (url.scheme() == Scheme::Https || url.is_loopback()),
            Protocol::Microsoft => trusted_host(config, &authority, &url),
        });
        if !fits {
            return Err(format!("its {name} {address} is not on the sign-in service's own host ({})", issuer.origin()));
        }
    }
    Ok(())
}

/// For Microsoft: a Microsoft login host over HTTPS, or the authority's own origin when
/// that is this computer (Tern's emulator).
fn trusted_host(config: &Config, authority: &WebUrl, url: &WebUrl) -> bool {
    debug_assert_eq!(config.protocol, Protocol::Microsoft);
    (url.scheme() == Scheme::Https && is_microsoft_login_host(url.host()))
        || (authority.is_loopback() && url.origin() == authority.origin())
}

#[derive(Clone, Debug, FromJson, Serialize, PartialEq, Eq)]
pub struct Jwks {
    pub keys: Vec<Jwk>,
}

#[derive(Clone, Debug, FromJson, Serialize, PartialEq, Eq)]
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

    fn discovery(issuer: &str, endpoints_at: &str) -> Discovery {
        Discovery {
            issuer: issuer.into(),
            authorization_endpoint: format!("{endpoints_at}/authorize"),
            token_endpoint: format!("{endpoints_at}/token"),
            jwks_uri: format!("{endpoints_at}/keys"),
            end_session_endpoint: Some(format!("{endpoints_at}/logout")),
            prompt_values_supported: None,
        }
    }

    #[test]
    fn a_plain_provider_must_name_itself_as_issuer_and_keep_its_endpoints_at_home() {
        let oidc = config("https://id.example.org/realms/staff", None);
        let at_home = "https://id.example.org/realms/staff/protocol/openid-connect";
        assert_eq!(check_discovery(&oidc, &discovery("https://id.example.org/realms/staff", at_home)), Ok(()));
        assert_eq!(check_discovery(&oidc, &discovery("https://id.example.org/realms/staff/", at_home)), Ok(()));
        let problem = check_discovery(&oidc, &discovery("https://evil.example/realms/staff", at_home)).unwrap_err();
        assert!(problem.contains("names the issuer https://evil.example/realms/staff"), "{problem}");
        let mut stolen = discovery("https://id.example.org/realms/staff", at_home);
        stolen.token_endpoint = "https://evil.example/token".into();
        let problem = check_discovery(&oidc, &stolen).unwrap_err();
        assert_eq!(
            problem,
            "its token_endpoint https://evil.example/token is not on the sign-in service's own host (https://id.example.org)"
        );
        let mut plain = discovery("https://id.example.org/realms/staff", at_home);
        plain.jwks_uri = "http://id.example.org/keys".into();
        assert!(check_discovery(&oidc, &plain).unwrap_err().contains("jwks_uri"), "keys over plain HTTP");
        let local = config("http://127.0.0.1:9000", None);
        assert_eq!(check_discovery(&local, &discovery("http://127.0.0.1:9000", "http://127.0.0.1:9000")), Ok(()), "loopback over HTTP");
    }

    #[test]
    fn microsofts_issuer_is_a_tenant_on_its_own_hosts() {
        let common = config("https://login.microsoftonline.com/common", None);
        let hosts = "https://login.microsoftonline.com/common/oauth2/v2.0";
        assert_eq!(check_discovery(&common, &discovery("https://login.microsoftonline.com/{tenantid}/v2.0", hosts)), Ok(()));
        let tenant = "https://login.microsoftonline.com/3f2b8c1e-5d4a-4e6f-9a7b-1c2d3e4f5a6b/v2.0";
        assert_eq!(check_discovery(&common, &discovery(tenant, hosts)), Ok(()));
        assert!(check_discovery(&common, &discovery("https://evil.example/{tenantid}/v2.0", hosts)).is_err());
        assert!(check_discovery(&common, &discovery("https://login.microsoftonline.com/x/v2.0", "https://evil.example")).is_err());
        let emulator = config("http://127.0.0.1:8710/common", Some("microsoft"));
        let emulated = discovery("http://127.0.0.1:8710/{tenantid}/v2.0", "http://127.0.0.1:8710/common/oauth2/v2.0");
        assert_eq!(check_discovery(&emulator, &emulated), Ok(()));
        assert!(check_discovery(&emulator, &discovery("http://127.0.0.1:8710/{tenantid}/v2.0", "http://127.0.0.1:9999")).is_err());
    }

    #[test]
    fn finds_the_signing_key_a_token_names() {
        let jwks: Jwks = crate::json::from_value(&serde_json::json!({"keys": [
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
