//! Reading the identity provider's answer from the address the browser came back to.
//! Parameters Tern does not know are ignored (servers add `session_state`, `iss`, …).

use super::authorize::{PendingInteraction, Purpose};
use super::error::AuthError;
use crate::percent::form_decode;

/// Where in the address the answer was.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    Query,
    Fragment,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawCallback {
    pub place: Place,
    pub params: Vec<(String, String)>,
}

const ANSWER_KEYS: [&str; 5] = ["code", "access_token", "id_token", "error", "admin_consent"];

impl RawCallback {
    /// The answer in `search` (`?…`) or `hash` (`#…`), if the address holds one. The
    /// fragment wins: Tern asks for `response_mode=fragment`.
    pub fn find(search: &str, hash: &str) -> Option<RawCallback> {
        [(Place::Fragment, hash), (Place::Query, search)]
            .into_iter()
            .map(|(place, text)| RawCallback { place, params: form_decode(text) })
            .find(|raw| raw.params.iter().any(|(name, _)| ANSWER_KEYS.contains(&name.as_str())))
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.params.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    pub fn state(&self) -> Option<&str> {
        self.get("state").filter(|state| !state.is_empty())
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Answer {
    Code(String),
    Tokens { access_token: String, expires_in: i64, scope: String, id_token: String },
    AdminConsent { tenant: String, scope: String },
}

/// Checks the answer against the interaction stored under its `state` (already taken out
/// of storage, so it cannot be used twice) and extracts what the flow needs.
pub fn accept(raw: &RawCallback, pending: Option<PendingInteraction>, now: i64) -> Result<(PendingInteraction, Answer), AuthError> {
    if raw.state().is_none() {
        return Err(AuthError::StateMissing);
    }
    let pending = pending.ok_or(AuthError::StateUnknown)?;
    if raw.state() != Some(pending.state.as_str()) {
        return Err(AuthError::StateUnknown);
    }
    if pending.is_expired(now) {
        return Err(AuthError::InteractionExpired);
    }
    if let Some(error) = raw.get("error") {
        return Err(AuthError::provider(error, raw.get("error_description").unwrap_or_default()));
    }
    if pending.purpose == Purpose::AdminConsent {
        if raw.get("admin_consent").is_none() {
            return Err(AuthError::Incomplete("admin consent result".into()));
        }
        return Ok((
            pending,
            Answer::AdminConsent {
                tenant: raw.get("tenant").unwrap_or_default().to_owned(),
                scope: raw.get("scope").unwrap_or_default().to_owned(),
            },
        ));
    }
    if raw.get("admin_consent").is_some() {
        return Err(AuthError::Incomplete("authorization code (this answer is for an admin consent Tern did not ask for)".into()));
    }
    let answer = if pending.verifier.is_some() {
        let code = raw.get("code").filter(|c| !c.is_empty()).ok_or_else(|| AuthError::Incomplete("authorization code".into()))?;
        Answer::Code(code.to_owned())
    } else {
        let access_token = raw.get("access_token").filter(|t| !t.is_empty()).ok_or_else(|| AuthError::Incomplete("access token".into()))?;
        let id_token = raw.get("id_token").filter(|t| !t.is_empty()).ok_or_else(|| AuthError::Incomplete("ID token".into()))?;
        let expires_in = raw
            .get("expires_in")
            .and_then(|e| e.parse().ok())
            .ok_or_else(|| AuthError::Incomplete("token lifetime (expires_in)".into()))?;
        Answer::Tokens {
            access_token: access_token.to_owned(),
            expires_in,
            scope: raw.get("scope").unwrap_or_default().to_owned(),
            id_token: id_token.to_owned(),
        }
    };
    Ok((pending, answer))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Flow;

    fn pending(flow: Flow) -> PendingInteraction {
        PendingInteraction {
            state: "s-1".into(),
            nonce: "n-1".into(),
            verifier: (flow == Flow::Pkce).then(|| "v".into()),
            flow,
            purpose: Purpose::SignIn,
            redirect_uri: "http://127.0.0.1:8710/".into(),
            scopes: vec!["openid".into()],
            return_to: "#/mail/inbox".into(),
            created_at: 1000,
        }
    }

    #[test]
    fn finds_the_answer_in_the_fragment_or_the_query_and_ignores_routes() {
        let raw = RawCallback::find("", "#code=c-1&state=s-1&session_state=x&iss=https%3A%2F%2Fi").unwrap();
        assert_eq!(raw.place, Place::Fragment);
        assert_eq!(raw.get("code"), Some("c-1"));
        let raw = RawCallback::find("?code=c-2&state=s-1", "").unwrap();
        assert_eq!(raw.place, Place::Query);
        assert_eq!(RawCallback::find("?utm=1", "#/mail/inbox"), None);
        assert_eq!(RawCallback::find("", "#/mail/code=1"), None);
    }

    #[test]
    fn a_matching_answer_yields_the_code_or_the_tokens() {
        let raw = RawCallback::find("", "#code=c-1&state=s-1").unwrap();
        let (interaction, answer) = accept(&raw, Some(pending(Flow::Pkce)), 1001).unwrap();
        assert_eq!(answer, Answer::Code("c-1".into()));
        assert_eq!(interaction.return_to, "#/mail/inbox");

        let raw = RawCallback::find("", "#access_token=a&token_type=Bearer&expires_in=3599&scope=Mail.Read&id_token=i&state=s-1").unwrap();
        let (_, answer) = accept(&raw, Some(pending(Flow::Implicit)), 1001).unwrap();
        assert_eq!(answer, Answer::Tokens { access_token: "a".into(), expires_in: 3599, scope: "Mail.Read".into(), id_token: "i".into() });
    }

    #[test]
    fn missing_tampered_reused_and_late_answers_are_refused() {
        let raw = RawCallback::find("", "#code=c-1").unwrap();
        assert_eq!(accept(&raw, Some(pending(Flow::Pkce)), 1001), Err(AuthError::StateMissing));
        let raw = RawCallback::find("", "#code=c-1&state=s-1").unwrap();
        assert_eq!(accept(&raw, None, 1001), Err(AuthError::StateUnknown), "reused or foreign");
        let raw = RawCallback::find("", "#code=c-1&state=s-2").unwrap();
        assert_eq!(accept(&raw, Some(pending(Flow::Pkce)), 1001), Err(AuthError::StateUnknown), "tampered");
        let raw = RawCallback::find("", "#code=c-1&state=s-1").unwrap();
        assert_eq!(accept(&raw, Some(pending(Flow::Pkce)), 1000 + 3600), Err(AuthError::InteractionExpired));
        let raw = RawCallback::find("", "#state=s-1&id_token=x").unwrap();
        assert!(matches!(accept(&raw, Some(pending(Flow::Pkce)), 1001), Err(AuthError::Incomplete(_))));
        let raw = RawCallback::find("", "#access_token=a&state=s-1").unwrap();
        assert!(matches!(accept(&raw, Some(pending(Flow::Implicit)), 1001), Err(AuthError::Incomplete(_))));
    }

    #[test]
    fn admin_consent_answers_count_only_for_an_admin_consent_request() {
        let raw =
            RawCallback::find("", "#admin_consent=True&tenant=t-1&scope=https%3A%2F%2Fgraph.microsoft.com%2FMail.Read&state=s-1").unwrap();
        let mut consent = pending(Flow::Pkce);
        consent.purpose = Purpose::AdminConsent;
        let (_, answer) = accept(&raw, Some(consent), 1001).unwrap();
        assert_eq!(answer, Answer::AdminConsent { tenant: "t-1".into(), scope: "https://graph.microsoft.com/Mail.Read".into() });
        assert!(matches!(accept(&raw, Some(pending(Flow::Pkce)), 1001), Err(AuthError::Incomplete(_))), "not asked for");
    }

    #[test]
    fn the_providers_refusal_is_passed_on_with_its_code() {
        let raw = RawCallback::find(
            "",
            "#error=access_denied&error_description=AADSTS65004%3A+User+declined+to+consent+to+access+the+app.&state=s-1",
        )
        .unwrap();
        match accept(&raw, Some(pending(Flow::Pkce)), 1001) {
            Err(AuthError::Provider(provider)) => {
                assert_eq!(provider.error, "access_denied");
                assert_eq!(provider.code, Some(65004));
            }
            other => panic!("{other:?}"),
        }
    }
}
