//! The ID token's claims and the checks OpenID Connect requires before trusting them:
//! issuer (with Microsoft's `{tenantid}` template), audience, lifetime, nonce, and for the
//! implicit flow the access token it came with (`at_hash`).

use super::base64url;
use crate::json::{FromJson, JsonError, Value};
use sha2::{Digest, Sha256};
use std::fmt;

/// Clock difference tolerated between this device and the identity provider.
pub const CLOCK_SKEW_SECONDS: i64 = 300;

#[derive(Clone, Debug, FromJson, PartialEq, Eq)]
pub struct IdTokenClaims {
    pub iss: String,
    #[json(with = "audiences")]
    pub aud: Vec<String>,
    pub exp: i64,
    #[serde(default)]
    pub nbf: Option<i64>,
    #[serde(default)]
    pub iat: Option<i64>,
    pub sub: String,
    #[serde(default)]
    pub nonce: Option<String>,
    #[serde(default)]
    pub tid: Option<String>,
    #[serde(default)]
    pub oid: Option<String>,
    #[serde(default)]
    pub preferred_username: Option<String>,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub at_hash: Option<String>,
}

/// `aud` is one audience or a list of them (OpenID Connect Core, §2).
fn audiences(value: &Value) -> Result<Vec<String>, JsonError> {
    match value {
        Value::String(aud) => Ok(vec![aud.clone()]),
        list => Vec::from_json(list),
    }
}

impl IdTokenClaims {
    /// Whether a renewed ID token is for the person the account was signed in as: the
    /// same subject, object id and tenant.
    pub fn same_person_as(&self, stored: &IdTokenClaims) -> bool {
        self.sub == stored.sub && self.oid == stored.oid && self.tid == stored.tid
    }

    /// Identifies the account: `(tid, oid)` for Microsoft, `(iss, sub)` for other providers.
    pub fn account_key(&self) -> String {
        match (&self.tid, &self.oid) {
            (Some(tid), Some(oid)) => format!("{oid}.{tid}"),
            _ => format!("{}|{}", self.iss, self.sub),
        }
    }
}

pub struct Expected<'a> {
    pub client_id: &'a str,
    /// The discovery document's `issuer`, possibly `https://…/{tenantid}/v2.0`.
    pub issuer: &'a str,
    /// The nonce sent with this interaction; `None` when none was sent.
    pub nonce: Option<&'a str>,
    /// The access token that came in the same implicit answer: the ID token must carry its
    /// `at_hash` (OpenID Connect Core 1.0, §3.2.2.9), so a token cannot be swapped in.
    pub access_token: Option<&'a str>,
    /// Seconds since the Unix epoch.
    pub now: i64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IdTokenProblem {
    WrongIssuer { expected: String, found: String },
    WrongAudience { found: Vec<String> },
    Expired { expired_at: i64, now: i64 },
    NotYetValid { valid_from: i64, now: i64 },
    NonceMismatch,
    AccessTokenMismatch,
}

impl fmt::Display for IdTokenProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::WrongIssuer { expected, found } => {
                write!(f, "it was issued by \"{found}\", not by \"{expected}\"")
            }
            Self::WrongAudience { found } => write!(f, "it was issued for another app ({})", found.join(", ")),
            Self::Expired { expired_at, now } => {
                write!(f, "it expired {} seconds ago (check this device's clock)", now - expired_at)
            }
            Self::NotYetValid { valid_from, now } => {
                write!(f, "it is valid only in {} seconds (check this device's clock)", valid_from - now)
            }
            Self::NonceMismatch => write!(f, "its nonce does not match this sign-in (a replayed or injected token)"),
            Self::AccessTokenMismatch => {
                write!(f, "its at_hash does not match the access token that came with it (a swapped or injected token)")
            }
        }
    }
}

pub fn validate(claims: &IdTokenClaims, expected: &Expected<'_>) -> Result<(), IdTokenProblem> {
    let issuer = match &claims.tid {
        Some(tid) if expected.issuer.contains("{tenantid}") => expected.issuer.replace("{tenantid}", tid),
        _ => expected.issuer.to_owned(),
    };
    if claims.iss != issuer {
        return Err(IdTokenProblem::WrongIssuer { expected: issuer, found: claims.iss.clone() });
    }
    if !claims.aud.iter().any(|aud| aud == expected.client_id) {
        return Err(IdTokenProblem::WrongAudience { found: claims.aud.clone() });
    }
    if claims.exp + CLOCK_SKEW_SECONDS <= expected.now {
        return Err(IdTokenProblem::Expired { expired_at: claims.exp, now: expected.now });
    }
    if let Some(nbf) = claims.nbf {
        if nbf - CLOCK_SKEW_SECONDS > expected.now {
            return Err(IdTokenProblem::NotYetValid { valid_from: nbf, now: expected.now });
        }
    }
    if let Some(nonce) = expected.nonce {
        if claims.nonce.as_deref() != Some(nonce) {
            return Err(IdTokenProblem::NonceMismatch);
        }
    }
    if let Some(access_token) = expected.access_token {
        if claims.at_hash.as_deref() != Some(at_hash(access_token).as_str()) {
            return Err(IdTokenProblem::AccessTokenMismatch);
        }
    }
    Ok(())
}

/// The left half of the access token's SHA-256, base64url: `at_hash` for RS256 tokens.
pub fn at_hash(access_token: &str) -> String {
    let digest = Sha256::digest(access_token.as_bytes());
    base64url(&digest[..16])
}

#[cfg(test)]
mod tests {
    use super::*;

    const TID: &str = "3f2b8c1e-5d4a-4e6f-9a7b-1c2d3e4f5a6b";
    const NOW: i64 = 1_800_000_000;

    fn claims() -> IdTokenClaims {
        crate::json::from_value(&serde_json::json!({
            "iss": format!("https://login.microsoftonline.com/{TID}/v2.0"),
            "aud": "client-1",
            "exp": NOW + 3600, "nbf": NOW - 10, "iat": NOW - 10,
            "sub": "pairwise", "tid": TID, "oid": "oid-1", "nonce": "n-1",
            "preferred_username": "adele@contoso.example", "name": "Adele Vance",
            "unknown_claim": [1, 2]
        }))
        .unwrap()
    }

    fn expected(issuer: &str) -> Expected<'_> {
        Expected { client_id: "client-1", issuer, nonce: Some("n-1"), access_token: None, now: NOW }
    }

    const TEMPLATE: &str = "https://login.microsoftonline.com/{tenantid}/v2.0";

    #[test]
    fn an_implicit_answer_must_bind_its_access_token() {
        // OpenID Connect Core 1.0, appendix A.3: this access token's at_hash.
        assert_eq!(at_hash("jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y"), "77QmUPtjPfzWtF2AnpK9RQ");
        let mut bound = claims();
        bound.at_hash = Some(at_hash("access-1"));
        let implicit = |token| Expected { access_token: Some(token), ..expected(TEMPLATE) };
        assert_eq!(validate(&bound, &implicit("access-1")), Ok(()));
        assert_eq!(validate(&bound, &implicit("access-2")), Err(IdTokenProblem::AccessTokenMismatch));
        assert_eq!(validate(&claims(), &implicit("access-1")), Err(IdTokenProblem::AccessTokenMismatch), "at_hash is required");
        assert_eq!(validate(&claims(), &expected(TEMPLATE)), Ok(()), "the code flow does not need it");
    }

    #[test]
    fn a_renewed_token_must_be_for_the_same_person() {
        let stored = claims();
        assert!(claims().same_person_as(&stored));
        for change in ["sub", "oid", "tid"] {
            let mut other = serde_json::to_value(claims_json()).unwrap();
            other[change] = "someone-else".into();
            let other: IdTokenClaims = crate::json::from_value(&other).unwrap();
            assert!(!other.same_person_as(&stored), "{change}");
        }
    }

    fn claims_json() -> serde_json::Value {
        serde_json::json!({
            "iss": format!("https://login.microsoftonline.com/{TID}/v2.0"), "aud": "client-1",
            "exp": NOW + 3600, "sub": "pairwise", "tid": TID, "oid": "oid-1"
        })
    }

    #[test]
    fn accepts_a_good_token_through_the_tenant_template_or_exact_issuer() {
        assert_eq!(validate(&claims(), &expected(TEMPLATE)), Ok(()));
        let exact = format!("https://login.microsoftonline.com/{TID}/v2.0");
        assert_eq!(validate(&claims(), &expected(&exact)), Ok(()));
        assert_eq!(claims().account_key(), format!("oid-1.{TID}"));
    }

    #[test]
    fn refuses_foreign_issuers_audiences_nonces_and_stale_tokens() {
        let mut other_tenant = claims();
        other_tenant.iss = "https://login.microsoftonline.com/another/v2.0".into();
        assert!(matches!(validate(&other_tenant, &expected(TEMPLATE)), Err(IdTokenProblem::WrongIssuer { .. })));

        let mut other_app = claims();
        other_app.aud = vec!["client-2".into()];
        assert!(matches!(validate(&other_app, &expected(TEMPLATE)), Err(IdTokenProblem::WrongAudience { .. })));

        let mut replayed = claims();
        replayed.nonce = Some("n-2".into());
        assert_eq!(validate(&replayed, &expected(TEMPLATE)), Err(IdTokenProblem::NonceMismatch));
        replayed.nonce = None;
        assert_eq!(validate(&replayed, &expected(TEMPLATE)), Err(IdTokenProblem::NonceMismatch));

        let mut expired = claims();
        expired.exp = NOW - CLOCK_SKEW_SECONDS;
        assert!(matches!(validate(&expired, &expected(TEMPLATE)), Err(IdTokenProblem::Expired { .. })));
        expired.exp = NOW - CLOCK_SKEW_SECONDS + 1;
        assert_eq!(validate(&expired, &expected(TEMPLATE)), Ok(()), "within the skew");

        let mut early = claims();
        early.nbf = Some(NOW + CLOCK_SKEW_SECONDS + 1);
        assert!(matches!(validate(&early, &expected(TEMPLATE)), Err(IdTokenProblem::NotYetValid { .. })));
    }

    #[test]
    fn other_providers_are_keyed_by_issuer_and_subject() {
        let claims: IdTokenClaims = crate::json::from_value(&serde_json::json!({
            "iss": "https://id.example.org/realms/staff", "aud": ["tern", "other"], "exp": NOW + 60, "sub": "u-1"
        }))
        .unwrap();
        assert_eq!(claims.account_key(), "https://id.example.org/realms/staff|u-1");
        let expected =
            Expected { client_id: "tern", issuer: "https://id.example.org/realms/staff", nonce: None, access_token: None, now: NOW };
        assert_eq!(validate(&claims, &expected), Ok(()));
    }
}
