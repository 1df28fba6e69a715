//! The token endpoint: request bodies and the answers, successful or not.

use super::error::{AuthError, ProviderError};
use crate::json::{FromJson, JsonError, Value};
use crate::percent::form_encode;

#[derive(Clone, Debug, FromJson, PartialEq, Eq)]
pub struct TokenResponse {
    #[serde(default)]
    pub token_type: Option<String>,
    #[serde(default)]
    pub scope: String,
    #[json(with = "seconds")]
    pub expires_in: i64,
    pub access_token: String,
    #[serde(default)]
    pub refresh_token: Option<String>,
    #[serde(default)]
    pub id_token: Option<String>,
}

/// Some providers send numbers as strings.
fn seconds(value: &Value) -> Result<i64, JsonError> {
    match value {
        Value::String(text) => text.parse().map_err(JsonError::custom),
        number => i64::from_json(number),
    }
}

#[derive(Clone, Debug, FromJson)]
struct ErrorBody {
    error: String,
    #[serde(default)]
    error_description: String,
    #[serde(default)]
    error_codes: Vec<u32>,
    #[serde(default)]
    timestamp: Option<String>,
    #[serde(default)]
    trace_id: Option<String>,
    #[serde(default)]
    correlation_id: Option<String>,
}

pub fn code_redemption_body(client_id: &str, code: &str, redirect_uri: &str, verifier: &str, scopes: &[String]) -> String {
    let scope = scopes.join(" ");
    form_encode(&[
        ("client_id", client_id),
        ("grant_type", "authorization_code"),
        ("code", code),
        ("redirect_uri", redirect_uri),
        ("code_verifier", verifier),
        ("scope", &scope),
    ])
}

/// A refresh request. Microsoft needs the scopes, which pick the resource of the new
/// access token; without any (a plain OpenID provider) the grant's own scopes are renewed,
/// as RFC 6749 §6 allows, since asking for scopes the grant lacks is refused.
pub fn refresh_body(client_id: &str, refresh_token: &str, scopes: &[String]) -> String {
    let scope = scopes.join(" ");
    let mut pairs = vec![("client_id", client_id), ("grant_type", "refresh_token"), ("refresh_token", refresh_token)];
    if !scope.is_empty() {
        pairs.push(("scope", &scope));
    }
    form_encode(&pairs)
}

/// Reads the token endpoint's answer: tokens on success, the provider's error otherwise.
pub fn read_response(status: u16, body: &str) -> Result<TokenResponse, AuthError> {
    if (200..300).contains(&status) {
        return crate::json::from_str(body)
            .map_err(|error| AuthError::Protocol { what: "The token answer".into(), detail: error.to_string() });
    }
    match crate::json::from_str::<ErrorBody>(body) {
        Ok(error) => {
            let mut provider = ProviderError::new(&error.error, &error.error_description);
            provider.code = error.error_codes.first().copied().or(provider.code);
            provider.trace_id = error.trace_id.or(provider.trace_id);
            provider.correlation_id = error.correlation_id.or(provider.correlation_id);
            provider.timestamp = error.timestamp;
            Err(AuthError::Provider(Box::new(provider)))
        }
        Err(_) => Err(AuthError::Network { what: "The token request".into(), detail: format!("the server answered HTTP {status}") }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::percent::form_decode;

    #[test]
    fn redemption_and_refresh_bodies_carry_what_the_endpoint_needs() {
        let body = code_redemption_body("c", "code-1", "http://127.0.0.1:1/", "verifier", &["openid".into(), "Mail.Read".into()]);
        let pairs = form_decode(&body);
        assert!(pairs.contains(&("grant_type".into(), "authorization_code".into())));
        assert!(pairs.contains(&("code_verifier".into(), "verifier".into())));
        assert!(pairs.contains(&("redirect_uri".into(), "http://127.0.0.1:1/".into())));
        assert!(pairs.contains(&("scope".into(), "openid Mail.Read".into())));
        let pairs = form_decode(&refresh_body("c", "r/+=", &["Mail.Read".into()]));
        assert!(pairs.contains(&("refresh_token".into(), "r/+=".into())));
        assert!(pairs.contains(&("grant_type".into(), "refresh_token".into())));
        assert!(pairs.contains(&("scope".into(), "Mail.Read".into())));
        let without = form_decode(&refresh_body("c", "r", &[]));
        assert!(!without.iter().any(|(name, _)| name == "scope"), "{without:?}");
    }

    #[test]
    fn reads_tokens_with_numbers_or_text_for_lifetimes() {
        let ok = read_response(200, r#"{"token_type":"Bearer","scope":"Mail.Read","expires_in":3599,"ext_expires_in":3599,"access_token":"a","refresh_token":"r","id_token":"i"}"#).unwrap();
        assert_eq!(ok.expires_in, 3599);
        assert_eq!(ok.refresh_token.as_deref(), Some("r"));
        let text = read_response(200, r#"{"expires_in":"3600","access_token":"a"}"#).unwrap();
        assert_eq!(text.expires_in, 3600);
        assert!(matches!(read_response(200, "{}"), Err(AuthError::Protocol { .. })));
    }

    #[test]
    fn reads_microsofts_error_shape() {
        let body = r#"{"error":"invalid_grant","error_description":"AADSTS700084: The refresh token was issued to a single page app (SPA), and therefore has a fixed, limited lifetime of 1.00:00:00.\r\nTrace ID: t\r\nCorrelation ID: c","error_codes":[700084],"timestamp":"2026-11-23 10:00:00Z","trace_id":"0b1c2d3e-0000-0000-0000-000000000001","correlation_id":"9f8e7d6c-0000-0000-0000-000000000002","error_uri":"https://login.microsoftonline.com/error?code=700084"}"#;
        match read_response(400, body) {
            Err(error @ AuthError::Provider(_)) => {
                assert!(error.needs_interaction());
                let AuthError::Provider(provider) = &error else { unreachable!() };
                assert_eq!(provider.code, Some(700084));
                assert_eq!(provider.trace_id.as_deref(), Some("0b1c2d3e-0000-0000-0000-000000000001"));
                assert_eq!(provider.timestamp.as_deref(), Some("2026-11-23 10:00:00Z"));
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(read_response(502, "<html>Bad gateway</html>"), Err(AuthError::Network { .. })));
    }
}
