//! The authorize request, and the interaction Tern remembers while the person is away at
//! the identity provider: `state`, `nonce`, the PKCE verifier and the route to return to.

use crate::config::{Flow, Protocol};
use crate::json::FromJson;
use crate::percent::form_encode;
use crate::scopes::SIGN_IN_SCOPES;
use serde::Serialize;

/// How long a person may take at the identity provider before the answer is refused.
pub const INTERACTION_LIFETIME_SECONDS: i64 = 15 * 60;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, FromJson)]
pub enum Prompt {
    Login,
    None,
    Consent,
    SelectAccount,
}

impl Prompt {
    fn as_str(self) -> &'static str {
        match self {
            Self::Login => "login",
            Self::None => "none",
            Self::Consent => "consent",
            Self::SelectAccount => "select_account",
        }
    }
}

/// Why Tern sent the person to sign in; decides what happens when they come back.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, FromJson)]
pub enum Purpose {
    /// The first account of this tab.
    SignIn,
    /// Another account beside those already signed in.
    AddAccount,
    /// The account's tokens could not be renewed silently.
    Renew { account: String },
    /// An administrator granting Tern's permissions for the whole organisation.
    AdminConsent,
    /// The signed-in person granting more permissions than `config.json` names (incremental
    /// consent), such as `Mail.ReadWrite.Shared` to open another person's mailbox.
    Consent { account: String, scopes: Vec<String> },
}

impl Purpose {
    /// The account the answer must be for, when the round trip was about one.
    pub fn account(&self) -> Option<&str> {
        match self {
            Self::Renew { account } | Self::Consent { account, .. } => Some(account),
            Self::SignIn | Self::AddAccount | Self::AdminConsent => None,
        }
    }
}

/// What is stored in `sessionStorage` under the `state` while the person is away.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, FromJson)]
pub struct PendingInteraction {
    pub state: String,
    pub nonce: String,
    /// The PKCE verifier; absent for the implicit flow.
    pub verifier: Option<String>,
    pub flow: Flow,
    pub purpose: Purpose,
    pub redirect_uri: String,
    pub scopes: Vec<String>,
    /// The route hash to come back to, e.g. `#/mail/inbox`.
    pub return_to: String,
    /// Seconds since the Unix epoch.
    pub created_at: i64,
}

impl PendingInteraction {
    pub fn is_expired(&self, now: i64) -> bool {
        now - self.created_at > INTERACTION_LIFETIME_SECONDS || now < self.created_at - 60
    }
}

pub struct AuthorizeRequest<'a> {
    pub endpoint: &'a str,
    pub client_id: &'a str,
    pub interaction: &'a PendingInteraction,
    /// The PKCE challenge, required for the code flow.
    pub challenge: Option<&'a str>,
    /// The `prompt` parameter, from [`prompt_value`].
    pub prompt: Option<&'a str>,
    pub login_hint: Option<&'a str>,
}

impl AuthorizeRequest<'_> {
    pub fn url(&self) -> String {
        let interaction = self.interaction;
        let scope = interaction.scopes.join(" ");
        let mut pairs: Vec<(&str, &str)> = vec![
            ("client_id", self.client_id),
            ("redirect_uri", &interaction.redirect_uri),
            ("scope", &scope),
            ("state", &interaction.state),
            ("nonce", &interaction.nonce),
            // Fragments never reach a web server's logs, so neither codes nor tokens do.
            ("response_mode", "fragment"),
        ];
        match (interaction.flow, self.challenge) {
            (Flow::Pkce, Some(challenge)) => {
                pairs.push(("response_type", "code"));
                pairs.push(("code_challenge", challenge));
                pairs.push(("code_challenge_method", "S256"));
            }
            _ => pairs.push(("response_type", "id_token token")),
        }
        if let Some(prompt) = self.prompt {
            pairs.push(("prompt", prompt));
        }
        if let Some(hint) = self.login_hint {
            pairs.push(("login_hint", hint));
        }
        let separator = if self.endpoint.contains('?') { '&' } else { '?' };
        format!("{}{separator}{}", self.endpoint, form_encode(&pairs))
    }
}

/// The `prompt` Tern sends when it asks for `asked`. Microsoft takes every value. A plain
/// OpenID provider need not know `select_account` (oidc-provider refuses it) unless it
/// lists it in `prompt_values_supported`, so there choosing an account becomes `login`;
/// and it issues a refresh token only when `prompt` holds `consent` (OpenID Connect Core
/// 1.0, §11), so a sign-in that asks for `offline_access` adds it.
pub fn prompt_value(protocol: Protocol, asked: Option<Prompt>, supported: Option<&[String]>, scopes: &[String]) -> Option<String> {
    if protocol == Protocol::Microsoft {
        return asked.map(|prompt| prompt.as_str().to_owned());
    }
    let supports = |prompt: Prompt| supported.is_some_and(|list| list.iter().any(|known| known == prompt.as_str()));
    let offline = scopes.iter().any(|scope| scope == "offline_access");
    let mut values: Vec<&str> = match asked {
        Some(Prompt::None) => return Some(Prompt::None.as_str().to_owned()),
        Some(Prompt::SelectAccount) if !supports(Prompt::SelectAccount) => vec![Prompt::Login.as_str()],
        Some(prompt) => vec![prompt.as_str()],
        None => Vec::new(),
    };
    if offline && !values.contains(&Prompt::Consent.as_str()) {
        values.push(Prompt::Consent.as_str());
    }
    (!values.is_empty()).then(|| values.join(" "))
}

/// The scopes of a sign-in: OpenID Connect's own, then the configured resource scopes.
/// The implicit flow gets no refresh token, so it does not ask for `offline_access`.
pub fn sign_in_scopes(flow: Flow, resource_scopes: &[String]) -> Vec<String> {
    let mut scopes: Vec<String> =
        SIGN_IN_SCOPES.iter().filter(|scope| flow == Flow::Pkce || **scope != "offline_access").map(|scope| (*scope).to_owned()).collect();
    for scope in resource_scopes {
        if !scopes.iter().any(|known| known.eq_ignore_ascii_case(scope)) {
            scopes.push(scope.clone());
        }
    }
    scopes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::percent::form_decode;

    fn interaction(flow: Flow) -> PendingInteraction {
        PendingInteraction {
            state: "s-1".into(),
            nonce: "n-1".into(),
            verifier: Some("v".into()),
            flow,
            purpose: Purpose::SignIn,
            redirect_uri: "https://mail.example.org/tern/".into(),
            scopes: sign_in_scopes(flow, &["Mail.Read".into(), "openid".into()]),
            return_to: "#/mail/inbox".into(),
            created_at: 1000,
        }
    }

    fn query(url: &str) -> Vec<(String, String)> {
        form_decode(url.split_once('?').unwrap().1)
    }

    fn get<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
        pairs.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    #[test]
    fn the_code_flow_sends_a_challenge_and_every_parameter() {
        let pending = interaction(Flow::Pkce);
        let request = AuthorizeRequest {
            endpoint: "https://login.microsoftonline.com/common/oauth2/v2.0/authorize",
            client_id: "client-1",
            interaction: &pending,
            challenge: Some("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"),
            prompt: Some("select_account"),
            login_hint: Some("adele@contoso.example"),
        };
        let url = request.url();
        assert!(url.starts_with("https://login.microsoftonline.com/common/oauth2/v2.0/authorize?"));
        let pairs = query(&url);
        assert_eq!(get(&pairs, "response_type"), Some("code"));
        assert_eq!(get(&pairs, "code_challenge_method"), Some("S256"));
        assert_eq!(get(&pairs, "code_challenge"), Some("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"));
        assert_eq!(get(&pairs, "scope"), Some("openid profile offline_access Mail.Read"));
        assert_eq!(get(&pairs, "redirect_uri"), Some("https://mail.example.org/tern/"));
        assert_eq!(get(&pairs, "state"), Some("s-1"));
        assert_eq!(get(&pairs, "nonce"), Some("n-1"));
        assert_eq!(get(&pairs, "response_mode"), Some("fragment"));
        assert_eq!(get(&pairs, "prompt"), Some("select_account"));
        assert_eq!(get(&pairs, "login_hint"), Some("adele@contoso.example"));
        assert!(!url.contains("code_verifier") && !url.contains("v-1"));
    }

    #[test]
    fn the_implicit_flow_asks_for_tokens_in_the_fragment_without_offline_access() {
        let pending = interaction(Flow::Implicit);
        let request = AuthorizeRequest {
            endpoint: "https://id.example.org/auth?p=b2c_1_signin",
            client_id: "client-1",
            interaction: &pending,
            challenge: None,
            prompt: None,
            login_hint: None,
        };
        let url = request.url();
        assert!(url.starts_with("https://id.example.org/auth?p=b2c_1_signin&"));
        let pairs = query(&url);
        assert_eq!(get(&pairs, "response_type"), Some("id_token token"));
        assert_eq!(get(&pairs, "scope"), Some("openid profile Mail.Read"));
        assert_eq!(get(&pairs, "prompt"), None);
        assert_eq!(get(&pairs, "code_challenge"), None);
    }

    #[test]
    fn a_plain_provider_gets_prompts_it_knows_and_consent_for_a_refresh_token() {
        let code_flow = sign_in_scopes(Flow::Pkce, &["Mail.Read".into()]);
        let implicit = sign_in_scopes(Flow::Implicit, &["Mail.Read".into()]);
        let listed = ["login".to_owned(), "consent".to_owned(), "select_account".to_owned()];
        let value = |protocol, asked, supported: Option<&[String]>, scopes: &[String]| prompt_value(protocol, asked, supported, scopes);
        assert_eq!(value(Protocol::Microsoft, Some(Prompt::SelectAccount), None, &code_flow).as_deref(), Some("select_account"));
        assert_eq!(value(Protocol::Microsoft, None, None, &code_flow), None);
        assert_eq!(value(Protocol::Oidc, Some(Prompt::SelectAccount), None, &code_flow).as_deref(), Some("login consent"));
        assert_eq!(
            value(Protocol::Oidc, Some(Prompt::SelectAccount), Some(&listed), &code_flow).as_deref(),
            Some("select_account consent")
        );
        assert_eq!(value(Protocol::Oidc, None, None, &code_flow).as_deref(), Some("consent"));
        assert_eq!(value(Protocol::Oidc, None, None, &implicit), None);
        assert_eq!(value(Protocol::Oidc, Some(Prompt::SelectAccount), None, &implicit).as_deref(), Some("login"));
        assert_eq!(value(Protocol::Oidc, Some(Prompt::None), None, &code_flow).as_deref(), Some("none"), "none stands alone");
    }

    #[test]
    fn interactions_expire() {
        let pending = interaction(Flow::Pkce);
        assert!(!pending.is_expired(1000 + INTERACTION_LIFETIME_SECONDS));
        assert!(pending.is_expired(1001 + INTERACTION_LIFETIME_SECONDS));
        assert!(pending.is_expired(800), "created in the future: a clock jump or a forgery");
    }
}
