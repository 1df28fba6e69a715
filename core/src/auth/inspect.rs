//! The token inspector's reading of a token: its decoded header and claims, each claim
//! that matters for troubleshooting said in words. Nothing here decides anything: Tern
//! trusts an ID token only after its signature is checked, and an access token is the
//! resource's to judge (docs/architecture.md, "Security").

use super::base64url_decode;
use super::jwt::JwtProblem;
use serde_json::Value;

/// A token as the inspector shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct Inspected {
    pub header: Value,
    pub claims: Vec<Claim>,
    /// `exp`, in seconds since 1970.
    pub expires_at: Option<i64>,
    /// The short scope names of `scp`, empty for a token without delegated permissions.
    pub scopes: Vec<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Claim {
    pub name: String,
    /// The value as the token writes it (strings without their quotes).
    pub value: String,
    /// What the claim means, for the claims troubleshooting needs.
    pub meaning: Option<&'static str>,
    /// For `iat`, `nbf`, `exp` and `auth_time`: the moment, in seconds since 1970, that the
    /// page shows in the person's time zone.
    pub time: Option<i64>,
    /// Who an `aud` names, when it is an API or app Tern knows.
    pub names: Option<&'static str>,
}

/// The claims explained, in the order the inspector lists them; every other claim follows
/// in the token's order, unexplained.
const EXPLAINED: [(&str, &str); 17] = [
    ("aud", "Audience: the API this token is for. Any other API refuses it."),
    ("scp", "Delegated permissions: what the app may do on the person's behalf with this token."),
    ("roles", "Application permissions or app roles granted to the caller, not on anyone's behalf."),
    ("tid", "Tenant: the organisation (directory) the person signed in to."),
    ("oid", "Object id: the person's immutable id in that tenant, the same for every app."),
    ("iat", "Issued at."),
    ("nbf", "Not before: the token is refused until then."),
    ("exp", "Expires: the token is refused from then on, and Tern renews it shortly before."),
    ("iss", "Issuer: the authority that signed the token, with the tenant in it."),
    ("sub", "Subject: the person, as seen by this app or API only."),
    ("appid", "The client id of the app that asked for the token (version 1.0 tokens)."),
    ("azp", "The client id of the app that asked for the token (version 2.0 tokens)."),
    ("upn", "The person's user principal name; it can change, so it is shown, not trusted."),
    ("preferred_username", "The sign-in name the person knows; for display only, it can change."),
    ("ver", "Token format version."),
    ("nonce", "The value Tern sent with the sign-in, echoed to tie the ID token to it."),
    ("auth_time", "When the person last entered credentials."),
];

const TIMES: [&str; 4] = ["iat", "nbf", "exp", "auth_time"];

/// Audiences Tern meets, named.
const AUDIENCES: [(&str, &str); 5] = [
    ("https://graph.microsoft.com", "Microsoft Graph"),
    ("00000003-0000-0000-c000-000000000000", "Microsoft Graph"),
    ("https://outlook.office.com", "Exchange Online (IMAP, POP, SMTP)"),
    ("https://outlook.office365.com", "Exchange Online (IMAP, POP, SMTP)"),
    ("00000002-0000-0ff1-ce00-000000000000", "Exchange Online (IMAP, POP, SMTP)"),
];

fn as_text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        Value::Array(items) => items.iter().map(as_text).collect::<Vec<_>>().join(", "),
        other => other.to_string(),
    }
}

fn audience_name(aud: &str, client_id: &str) -> Option<&'static str> {
    if aud.eq_ignore_ascii_case(client_id) {
        return Some("Tern itself: this is an ID token, proof of sign-in, not a key to an API");
    }
    let aud = aud.trim_end_matches('/');
    AUDIENCES.iter().find(|(known, _)| known.eq_ignore_ascii_case(aud)).map(|(_, name)| *name)
}

/// Decodes `token` for display. `client_id` is Tern's, to recognise an ID token's audience.
pub fn inspect(token: &str, client_id: &str) -> Result<Inspected, JwtProblem> {
    let parts: Vec<&str> = token.split('.').collect();
    let [header, payload, _] = parts.as_slice() else {
        return Err(JwtProblem::NotThreeParts);
    };
    let decode = |part: &str, name: &'static str| -> Result<Value, JwtProblem> {
        let bytes = base64url_decode(part).ok_or(JwtProblem::BadEncoding(name))?;
        let value: Value = crate::json::from_bytes(&bytes).map_err(|e| JwtProblem::BadJson(name, e))?;
        value.is_object().then_some(value).ok_or_else(|| JwtProblem::BadJson(name, "not an object".into()))
    };
    let header = decode(header, "header")?;
    let payload = decode(payload, "payload")?;
    let Value::Object(map) = &payload else { unreachable!("checked to be an object") };
    let explained = EXPLAINED.iter().filter_map(|(name, meaning)| map.get(*name).map(|value| (*name, value, Some(*meaning))));
    let rest = map.iter().filter(|(name, _)| !EXPLAINED.iter().any(|(known, _)| known == name)).map(|(n, v)| (n.as_str(), v, None));
    let claims = explained
        .chain(rest)
        .map(|(name, value, meaning)| Claim {
            name: name.to_owned(),
            value: as_text(value),
            meaning,
            time: TIMES.contains(&name).then(|| value.as_i64()).flatten(),
            names: (name == "aud").then(|| audience_name(&as_text(value), client_id)).flatten(),
        })
        .collect();
    let scopes = map.get("scp").and_then(Value::as_str).unwrap_or_default().split_whitespace().map(str::to_owned).collect();
    Ok(Inspected { header, claims, expires_at: map.get("exp").and_then(Value::as_i64), scopes })
}

/// A countdown such as `59:58` or `1:02:03`, or `expired 4:05 ago`.
pub fn countdown(expires_at: i64, now: i64) -> String {
    let left = expires_at - now;
    let clock = |seconds: i64| {
        let (h, m, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
        if h > 0 {
            format!("{h}:{m:02}:{s:02}")
        } else {
            format!("{m}:{s:02}")
        }
    };
    if left > 0 {
        clock(left)
    } else {
        format!("expired {} ago", clock(-left))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::jwt::tests::unsigned;
    use serde_json::json;

    #[test]
    fn explains_the_troubleshooting_claims_first_and_keeps_the_rest() {
        let token = unsigned(
            json!({"typ":"JWT","alg":"RS256","nonce":"n","kid":"k"}),
            json!({"name":"Adele","aud":"https://graph.microsoft.com","scp":"Mail.Read User.Read","exp":1_800_000_000,"iat":1_799_996_400,"tid":"t","wids":["a","b"]}),
        );
        let inspected = inspect(&token, "client").unwrap();
        assert_eq!(inspected.header["nonce"], "n");
        let names: Vec<&str> = inspected.claims.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["aud", "scp", "tid", "iat", "exp", "name", "wids"]);
        assert_eq!(inspected.claims[0].names, Some("Microsoft Graph"));
        assert!(inspected.claims[1].meaning.unwrap().contains("Delegated"));
        assert_eq!(inspected.claims[4].time, Some(1_800_000_000));
        assert_eq!(inspected.claims[6].value, "a, b");
        assert_eq!(inspected.claims[6].meaning, None);
        assert_eq!(inspected.scopes, ["Mail.Read", "User.Read"]);
        assert_eq!(inspected.expires_at, Some(1_800_000_000));
    }

    #[test]
    fn names_an_id_token_by_its_audience_and_the_outlook_resource() {
        let id = unsigned(json!({"alg":"RS256"}), json!({"aud":"CLIENT"}));
        assert!(inspect(&id, "client").unwrap().claims[0].names.unwrap().contains("ID token"));
        let outlook = unsigned(json!({"alg":"RS256"}), json!({"aud":"https://outlook.office.com/"}));
        assert_eq!(inspect(&outlook, "client").unwrap().claims[0].names, Some("Exchange Online (IMAP, POP, SMTP)"));
    }

    #[test]
    fn refuses_what_is_not_a_token() {
        assert_eq!(inspect("abc", "c"), Err(JwtProblem::NotThreeParts));
        assert_eq!(inspect("!.e30.x", "c"), Err(JwtProblem::BadEncoding("header")));
        assert!(matches!(inspect("e30.W10.x", "c"), Err(JwtProblem::BadJson("payload", _))));
    }

    #[test]
    fn counts_down_and_then_up() {
        assert_eq!(countdown(100, 40), "1:00");
        assert_eq!(countdown(3_723, 0), "1:02:03");
        assert_eq!(countdown(10, 250), "expired 4:00 ago");
    }
}
