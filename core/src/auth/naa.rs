//! Nested app authentication (NAA): how Tern, as an Outlook add-in, asks Outlook itself for
//! tokens through `window.nestedAppAuthBridge`, with no redirect and no popup of its own.
//!
//! The messages are JSON strings, as msal-browser exchanges them with the bridge
//! (`lib/msal-browser/src/naa`: `BridgeRequestEnvelope`, `BridgeResponseEnvelope`,
//! `BridgeStatusCode`). That is msal-browser's protocol with Office, not a published
//! contract, so all of it lives here, behind one interface: the browser glue only carries
//! strings in and out.

use crate::json::FromJson;
use serde::Serialize;

/// What a request asks the bridge for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Method {
    /// Whether the bridge works, and what the host can do.
    GetInitContext,
    /// A token without asking the person anything.
    GetToken,
    /// A token, with Outlook asking the person (sign-in, consent) if it must.
    GetTokenPopup,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TokenParams {
    pub client_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub authority: Option<String>,
    /// Space-separated, as in an authorization request.
    pub scope: String,
    pub correlation_id: String,
    /// A claims challenge from a refused Graph call, passed on as it came.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub claims: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Envelope<'a> {
    message_type: &'static str,
    method: Method,
    request_id: &'a str,
    send_time: u64,
    client_library: &'static str,
    client_library_version: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    token_params: Option<&'a TokenParams>,
}

/// The JSON string to post to the bridge. `request_id` must be unique among the requests
/// waiting for an answer; `now_ms` is the time of sending, in ms since the epoch.
pub fn request(method: Method, request_id: &str, now_ms: u64, token_params: Option<&TokenParams>) -> String {
    let envelope = Envelope {
        message_type: "NestedAppAuthRequest",
        method,
        request_id,
        send_time: now_ms,
        client_library: "Tern",
        client_library_version: env!("CARGO_PKG_VERSION"),
        token_params,
    };
    serde_json::to_string(&envelope).expect("plain strings and numbers serialize")
}

#[derive(Clone, Debug, Default, PartialEq, Eq, FromJson)]
pub struct Token {
    pub access_token: String,
    #[serde(default)]
    pub id_token: String,
    pub expires_in: u64,
    #[serde(default)]
    pub scope: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, FromJson)]
#[serde(rename_all = "camelCase", default)]
pub struct Account {
    pub home_account_id: Option<String>,
    pub environment: String,
    pub tenant_id: Option<String>,
    pub username: String,
    pub local_account_id: Option<String>,
    pub name: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, FromJson)]
#[serde(rename_all = "camelCase")]
pub struct BridgeError {
    pub status: Status,
    #[serde(default)]
    pub code: Option<String>,
    #[serde(default)]
    pub sub_error: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
}

/// The bridge's answer to one request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Answer {
    /// The bridge is there and answers (`GetInitContext`).
    Ready,
    Token {
        token: Token,
        account: Account,
    },
    Refused(BridgeError),
}

#[derive(FromJson)]
#[serde(rename_all = "camelCase")]
struct ResponseEnvelope {
    message_type: String,
    request_id: String,
    success: bool,
    token: Option<Token>,
    account: Option<Account>,
    error: Option<BridgeError>,
    init_context: Option<serde_json::Value>,
}

/// Reads one message from the bridge: which request it answers, and the answer. `None`
/// for anything that is not a NAA response (the bridge's listener hears other traffic).
/// A success that lacks what it promises is read as NAA being unavailable, as msal-browser
/// does.
pub fn parse(payload: &str) -> Option<(String, Answer)> {
    let envelope: ResponseEnvelope = crate::json::from_str(payload).ok()?;
    if envelope.message_type != "NestedAppAuthResponse" {
        return None;
    }
    let unavailable =
        || Answer::Refused(BridgeError { status: Status::NestedAppAuthUnavailable, code: None, sub_error: None, description: None });
    let answer = match envelope {
        ResponseEnvelope { success: false, error, .. } => error.map(Answer::Refused).unwrap_or_else(unavailable),
        ResponseEnvelope { token: Some(token), account: Some(account), .. } => Answer::Token { token, account },
        ResponseEnvelope { init_context: Some(_), .. } => Answer::Ready,
        _ => unavailable(),
    };
    Some((envelope.request_id, answer))
}

/// Why the bridge refused (`BridgeStatusCode`).
#[derive(Clone, Debug, PartialEq, Eq, FromJson)]
#[serde(from = "String")]
pub enum Status {
    UserInteractionRequired,
    UserCancel,
    NoNetwork,
    TransientError,
    PersistentError,
    Disabled,
    AccountUnavailable,
    NestedAppAuthUnavailable,
    Other(String),
}

impl From<String> for Status {
    fn from(status: String) -> Self {
        match status.as_str() {
            "USER_INTERACTION_REQUIRED" => Self::UserInteractionRequired,
            "USER_CANCEL" => Self::UserCancel,
            "NO_NETWORK" => Self::NoNetwork,
            "TRANSIENT_ERROR" => Self::TransientError,
            "PERSISTENT_ERROR" => Self::PersistentError,
            "DISABLED" => Self::Disabled,
            "ACCOUNT_UNAVAILABLE" => Self::AccountUnavailable,
            "NESTED_APP_AUTH_UNAVAILABLE" => Self::NestedAppAuthUnavailable,
            _ => Self::Other(status),
        }
    }
}

/// What Tern does after a refusal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Next {
    /// Ask again with `GetTokenPopup`, so Outlook can ask the person.
    AskInteractively,
    /// Outlook will not sign Tern in this way: another way is needed (the Office dialog).
    UseDialog,
    /// Nothing is wrong with the request; the person may try again (offline, a hiccup).
    TryAgain,
    /// The person said no: wait until they ask to sign in again.
    Stop,
}

impl Status {
    /// The way on, given whether Outlook has already asked the person (`GetTokenPopup`).
    pub fn next(&self, asked_interactively: bool) -> Next {
        match self {
            Self::UserInteractionRequired if !asked_interactively => Next::AskInteractively,
            Self::UserCancel => Next::Stop,
            Self::NoNetwork | Self::TransientError => Next::TryAgain,
            Self::UserInteractionRequired
            | Self::PersistentError
            | Self::Disabled
            | Self::AccountUnavailable
            | Self::NestedAppAuthUnavailable
            | Self::Other(_) => Next::UseDialog,
        }
    }

    /// What happened, in words, for the person.
    pub fn explanation(&self) -> &'static str {
        match self {
            Self::UserInteractionRequired => "Outlook needs you to sign in or to agree to Tern's permissions.",
            Self::UserCancel => "Signing in was cancelled.",
            Self::NoNetwork => "Outlook could not reach Microsoft: this device seems to be offline.",
            Self::TransientError => "Outlook's sign-in service had a passing problem.",
            Self::PersistentError => "Outlook could not sign Tern in, and trying again the same way will not help.",
            Self::Disabled => "Signing in through Outlook is turned off here.",
            Self::AccountUnavailable => "The account Outlook is signed in with is not available to Tern.",
            Self::NestedAppAuthUnavailable => "This version of Outlook cannot sign add-ins in by itself.",
            Self::Other(_) => "Outlook refused to sign Tern in, for a reason Tern does not know.",
        }
    }

    /// What the person can do next.
    pub fn next_step(&self) -> &'static str {
        match self.next(true) {
            Next::Stop => "Choose Sign in when you are ready.",
            Next::TryAgain => "Check the connection, then choose Try again.",
            Next::AskInteractively | Next::UseDialog => {
                "Open Tern in its own window to sign in there, or ask your administrator to check Tern's app registration (README, \"Outlook add-in\")."
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    fn params() -> TokenParams {
        TokenParams {
            client_id: "7e2f9a4c-1d3b-4c5e-8f6a-9b0c1d2e3f4a".into(),
            authority: Some("https://login.microsoftonline.com/common".into()),
            scope: "openid profile offline_access Mail.ReadWrite".into(),
            correlation_id: "c-1".into(),
            claims: None,
        }
    }

    #[test]
    fn requests_are_the_envelopes_msal_browser_sends() {
        let sent: Value = crate::json::from_str(&request(Method::GetToken, "r-1", 1_700_000_000_000, Some(&params()))).unwrap();
        assert_eq!(
            sent,
            json!({
                "messageType": "NestedAppAuthRequest",
                "method": "GetToken",
                "requestId": "r-1",
                "sendTime": 1_700_000_000_000u64,
                "clientLibrary": "Tern",
                "clientLibraryVersion": env!("CARGO_PKG_VERSION"),
                "tokenParams": {
                    "clientId": "7e2f9a4c-1d3b-4c5e-8f6a-9b0c1d2e3f4a",
                    "authority": "https://login.microsoftonline.com/common",
                    "scope": "openid profile offline_access Mail.ReadWrite",
                    "correlationId": "c-1",
                }
            })
        );
        let init: Value = crate::json::from_str(&request(Method::GetInitContext, "r-2", 0, None)).unwrap();
        assert_eq!(init["method"], "GetInitContext");
        assert!(init.get("tokenParams").is_none());
    }

    #[test]
    fn answers_are_read_by_request_id() {
        let token = json!({
            "messageType": "NestedAppAuthResponse", "requestId": "r-1", "success": true,
            "token": {"access_token": "at", "id_token": "it", "expires_in": 3599, "properties": null},
            "account": {"environment": "login.microsoftonline.com", "username": "adele@contoso.example", "tenantId": "t", "name": "Adele Vance"},
        });
        let (id, answer) = parse(&token.to_string()).unwrap();
        assert_eq!(id, "r-1");
        let Answer::Token { token, account } = answer else { panic!("{answer:?}") };
        assert_eq!((token.access_token.as_str(), token.expires_in), ("at", 3599));
        assert_eq!(account.username, "adele@contoso.example");
        let ready = json!({"messageType": "NestedAppAuthResponse", "requestId": "r-2", "success": true,
            "initContext": {"sdkName": "x", "sdkVersion": "1"}});
        assert_eq!(parse(&ready.to_string()), Some(("r-2".into(), Answer::Ready)));
    }

    #[test]
    fn refusals_carry_their_status_and_a_broken_success_means_unavailable() {
        let refused = json!({"messageType": "NestedAppAuthResponse", "requestId": "r-3", "success": false,
            "error": {"status": "USER_INTERACTION_REQUIRED", "code": "invalid_grant", "subError": "consent_required", "description": "AADSTS65001"}});
        let (_, answer) = parse(&refused.to_string()).unwrap();
        let Answer::Refused(error) = answer else { panic!("{answer:?}") };
        assert_eq!(error.status, Status::UserInteractionRequired);
        assert_eq!(error.sub_error.as_deref(), Some("consent_required"));
        let hollow = json!({"messageType": "NestedAppAuthResponse", "requestId": "r-4", "success": true});
        let (_, answer) = parse(&hollow.to_string()).unwrap();
        assert!(matches!(answer, Answer::Refused(BridgeError { status: Status::NestedAppAuthUnavailable, .. })));
        assert_eq!(parse(r#"{"messageType":"SomethingElse","requestId":"x","success":true}"#), None);
        assert_eq!(parse("not json"), None);
    }

    #[test]
    fn each_status_has_a_way_on() {
        assert_eq!(Status::from("USER_INTERACTION_REQUIRED".to_owned()).next(false), Next::AskInteractively);
        assert_eq!(Status::UserInteractionRequired.next(true), Next::UseDialog, "asked once already: the dialog");
        assert_eq!(Status::UserCancel.next(false), Next::Stop);
        assert_eq!(Status::NoNetwork.next(false), Next::TryAgain);
        assert_eq!(Status::TransientError.next(false), Next::TryAgain);
        for status in ["PERSISTENT_ERROR", "DISABLED", "ACCOUNT_UNAVAILABLE", "NESTED_APP_AUTH_UNAVAILABLE", "SOMETHING_NEW"] {
            let status = Status::from(status.to_owned());
            assert_eq!(status.next(false), Next::UseDialog, "{status:?}");
            assert!(!status.explanation().is_empty() && !status.next_step().is_empty());
        }
        assert_eq!(Status::from("SOMETHING_NEW".to_owned()), Status::Other("SOMETHING_NEW".into()));
    }
}
