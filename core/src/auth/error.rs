//! What can go wrong while signing in, with what a person needs to act: what happened, why,
//! what to do, and the codes and ids to give to support.

use super::{aadsts, naa};
use crate::addin;
use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AuthError {
    /// The identity provider refused: from the redirect or from the token endpoint. Boxed:
    /// it is by far the largest variant, and errors travel through many `Result`s.
    Provider(Box<ProviderError>),
    /// The answer carries no `state`, so it cannot be matched to a sign-in of this tab.
    StateMissing,
    /// The `state` matches no sign-in started in this tab: tampered, reused or foreign.
    StateUnknown,
    /// The person took longer than Tern waits for an answer.
    InteractionExpired,
    /// The answer lacks a part the flow needs.
    Incomplete(String),
    /// The ID token failed a check: signature, issuer, audience, lifetime or nonce.
    IdToken(String),
    /// The network or the server failed before an answer Tern could read.
    Network { what: String, detail: String },
    /// The provider's answer could not be understood.
    Protocol { what: String, detail: String },
    /// The browser's storage refused.
    Storage(String),
    /// What the browser keeps for this tab could not be read back (damaged or from an
    /// incompatible version): reported, never taken for "signed out".
    StoredDataUnreadable(String),
    /// The browser's cryptographic random source failed, so no safe `state`, nonce or
    /// PKCE verifier could be made.
    RandomSource(String),
    /// A token was asked for while no account is signed in.
    NotSignedIn,
    /// Outlook's nested app authentication refused (the add-in's pane).
    Outlook(Box<naa::BridgeError>),
    /// Outlook's sign-in window (the Office dialog) failed to open or was closed: its
    /// error code.
    Dialog(i64),
    /// Signing in inside Outlook's sign-in window failed; what the window said.
    InDialog(String),
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProviderError {
    pub error: String,
    pub description: String,
    pub code: Option<u32>,
    pub trace_id: Option<String>,
    pub correlation_id: Option<String>,
    pub timestamp: Option<String>,
}

impl ProviderError {
    pub fn new(error: &str, description: &str) -> ProviderError {
        ProviderError {
            error: error.to_owned(),
            description: description.to_owned(),
            code: aadsts::code_in(description),
            trace_id: aadsts::id_in(description, "Trace ID"),
            correlation_id: aadsts::id_in(description, "Correlation ID"),
            timestamp: None,
        }
    }
}

impl AuthError {
    /// The provider's refusal, from its `error` and `error_description`.
    pub fn provider(error: &str, description: &str) -> AuthError {
        AuthError::Provider(Box::new(ProviderError::new(error, description)))
    }

    pub fn title(&self) -> &'static str {
        match self {
            Self::Provider(_) => "Sign-in did not complete",
            Self::StateMissing | Self::StateUnknown => "This sign-in answer was refused",
            Self::InteractionExpired => "This sign-in took too long",
            Self::Incomplete(_) | Self::Protocol { .. } => "The sign-in answer could not be used",
            Self::IdToken(_) => "The sign-in answer failed its security checks",
            Self::Network { .. } => "Tern could not reach the sign-in service",
            Self::Storage(_) => "Tern could not keep your sign-in",
            Self::StoredDataUnreadable(_) => "Tern could not read what this tab kept",
            Self::RandomSource(_) => "This browser could not make a secure sign-in request",
            Self::NotSignedIn => "You are not signed in",
            Self::Outlook(_) => "Outlook did not sign Tern in",
            Self::Dialog(_) | Self::InDialog(_) => "Signing in through Outlook's window did not complete",
        }
    }

    /// What happened and why, in words.
    pub fn explanation(&self) -> String {
        match self {
            Self::Provider(provider) => match provider.code.and_then(aadsts::explain) {
                Some(known) => known.meaning.to_owned(),
                None => match provider.error.as_str() {
                    "access_denied" => "You declined, or the sign-in was cancelled.".to_owned(),
                    "login_required" | "interaction_required" | "consent_required" => {
                        "The sign-in service needs you to sign in again.".to_owned()
                    }
                    "invalid_grant" => "Your sign-in is no longer valid.".to_owned(),
                    _ => format!("The sign-in service answered \"{}\".", provider.error),
                },
            },
            Self::StateMissing => "It carries no state, so it cannot be matched to a sign-in started in this tab.".into(),
            Self::StateUnknown => "It does not match any sign-in started in this tab: it was already used, altered, or started elsewhere. No token was requested.".into(),
            Self::InteractionExpired => "Tern waits 15 minutes for the sign-in service to answer.".into(),
            Self::Incomplete(what) => format!("It has no {what}."),
            Self::IdToken(problem) => format!("The ID token was not accepted: {problem}. No token was kept."),
            Self::Network { what, detail } => format!("{what} failed: {detail}."),
            Self::Protocol { what, detail } => format!("{what} was not understood: {detail}."),
            Self::Storage(detail) => detail.clone(),
            Self::StoredDataUnreadable(detail) => format!("The stored sign-in data is damaged or was written by another version of Tern: {detail}."),
            Self::RandomSource(detail) => format!("Its secure random number source failed: {detail}."),
            Self::NotSignedIn => "This needs a signed-in account.".into(),
            Self::Dialog(code) => format!("{} (Office error {code})", addin::dialog_error(*code).0),
            Self::InDialog(said) => said.clone(),
            Self::Outlook(error) => match &error.description {
                Some(description) => format!("{} ({description})", error.status.explanation()),
                None => error.status.explanation().to_owned(),
            },
        }
    }

    pub fn action(&self) -> &'static str {
        match self {
            Self::Provider(provider) => match provider.code.and_then(aadsts::explain) {
                Some(known) => known.action,
                None => "Try signing in again. If it keeps failing, give the details below to your administrator.",
            },
            Self::Network { .. } => "Check your connection and try again.",
            Self::Storage(_) => "Allow this site to store data in your browser, then sign in again.",
            Self::StoredDataUnreadable(_) => "Sign out of the account (which clears what this tab kept), then sign in again.",
            Self::RandomSource(_) => "Use an up-to-date browser over https (or localhost), then try again.",
            Self::NotSignedIn => "Sign in.",
            Self::Outlook(error) => error.status.next_step(),
            Self::Dialog(code) => addin::dialog_error(*code).1,
            Self::InDialog(_) => "Choose Sign in to try again.",
            _ => "Start signing in again from this tab.",
        }
    }

    /// Whether an interactive sign-in is the way out (as opposed to fixing a setting).
    pub fn needs_interaction(&self) -> bool {
        match self {
            Self::Provider(provider) => match provider.code.and_then(aadsts::explain) {
                Some(known) => known.interactive,
                None => matches!(provider.error.as_str(), "invalid_grant" | "interaction_required" | "login_required" | "consent_required"),
            },
            Self::Outlook(error) => error.status == naa::Status::UserInteractionRequired,
            _ => false,
        }
    }

    /// Labelled values to copy into a support request.
    pub fn support_details(&self) -> Vec<(&'static str, String)> {
        let mut details = Vec::new();
        if let Self::Provider(provider) = self {
            details.push(("Error", provider.error.clone()));
            if let Some(code) = provider.code {
                details.push(("Code", format!("AADSTS{code}")));
            }
            if !provider.description.is_empty() {
                details.push(("Description", provider.description.clone()));
            }
            for (label, value) in
                [("Trace ID", &provider.trace_id), ("Correlation ID", &provider.correlation_id), ("Timestamp", &provider.timestamp)]
            {
                if let Some(value) = value {
                    details.push((label, value.clone()));
                }
            }
        }
        if let Self::Outlook(error) = self {
            details.push(("Status", format!("{:?}", error.status)));
            for (label, value) in [("Error", &error.code), ("Sub-error", &error.sub_error), ("Description", &error.description)] {
                if let Some(value) = value {
                    details.push((label, value.clone()));
                }
            }
        }
        details
    }
}

impl fmt::Display for AuthError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.title(), self.explanation())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_declined_consent_is_explained_with_its_ids() {
        let error = AuthError::provider(
            "access_denied",
            "AADSTS65004: User declined to consent to access the app.\r\nTrace ID: 11111111-2222-3333-4444-555555555555\r\nCorrelation ID: aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
        );
        assert_eq!(error.explanation(), "You declined to give Tern the permissions it asked for.");
        assert!(error.needs_interaction());
        let details = error.support_details();
        assert!(details.contains(&("Code", "AADSTS65004".into())));
        assert!(details.contains(&("Trace ID", "11111111-2222-3333-4444-555555555555".into())));
        assert!(details.contains(&("Correlation ID", "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee".into())));
    }

    #[test]
    fn settings_problems_do_not_loop_into_sign_in() {
        let error = AuthError::provider("invalid_request", "AADSTS50011: The redirect URI … does not match");
        assert!(!error.needs_interaction());
        assert!(error.action().contains("Single-page application"));
        let unknown = AuthError::provider("invalid_grant", "something new");
        assert!(unknown.needs_interaction());
        assert!(!AuthError::StateUnknown.needs_interaction());
    }
}
