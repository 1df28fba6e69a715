//! Microsoft Graph: the error envelope and the models Tern reads, tolerant of what real
//! Graph sends (missing fields, extra annotations), and the rules for talking to it.

pub mod batch;
pub mod console;
pub mod models;
pub mod odata;
pub mod page;
pub mod permissions;
pub mod requests;
pub mod retry;

use crate::json::FromJson;
use std::fmt;

/// Which mailbox a Graph path addresses, for Outlook's per-mailbox limits:
/// `/users/{id}/…` names one, anything else is the signed-in `account`'s own.
pub fn mailbox_of(path: &str, account: &str) -> String {
    match path.strip_prefix("/users/") {
        Some(rest) => format!("user:{}", rest.split(['/', '?']).next().unwrap_or_default().to_ascii_lowercase()),
        None => format!("me:{account}"),
    }
}

/// A failed Graph call, with everything support needs to find it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GraphError {
    pub status: u16,
    pub code: String,
    pub message: String,
    pub request_id: Option<String>,
    pub client_request_id: String,
    pub date: Option<String>,
}

#[derive(FromJson)]
struct Envelope {
    error: EnvelopeError,
}

#[derive(FromJson)]
struct EnvelopeError {
    #[serde(default)]
    code: String,
    #[serde(default)]
    message: String,
    #[serde(default, rename = "innerError")]
    inner_error: Option<InnerError>,
}

#[derive(FromJson)]
struct InnerError {
    #[serde(default)]
    date: Option<String>,
    #[serde(default, rename = "request-id")]
    request_id: Option<String>,
}

impl GraphError {
    /// Reads `{"error":{"code","message","innerError":{…}}}`; any other body still yields an
    /// error that names the status.
    pub fn from_response(status: u16, body: &str, client_request_id: &str) -> GraphError {
        match crate::json::from_str::<Envelope>(body) {
            Ok(Envelope { error }) => GraphError {
                status,
                code: error.code,
                message: error.message,
                request_id: error.inner_error.as_ref().and_then(|inner| inner.request_id.clone()),
                client_request_id: client_request_id.to_owned(),
                date: error.inner_error.and_then(|inner| inner.date),
            },
            Err(_) => GraphError {
                status,
                code: format!("HTTP {status}"),
                message: String::new(),
                request_id: None,
                client_request_id: client_request_id.to_owned(),
                date: None,
            },
        }
    }

    /// What it means for the person, in words.
    pub fn explanation(&self) -> &'static str {
        match (self.status, self.code.as_str()) {
            (401, _) => "Microsoft Graph did not accept your sign-in.",
            (403, _) => "Your account is not allowed to do this. Tern may lack a permission, or an administrator has not granted it.",
            (404, code) if code.eq_ignore_ascii_case("MailboxNotEnabledForRESTAPI") => {
                "Microsoft Graph cannot reach this mailbox: it is hosted on-premises, inactive, or has no Exchange Online licence. \
                 An administrator can move it to Exchange Online or assign a licence; until then no app using Graph can open it."
            }
            (404, _) => "It was not found: it may have been moved or deleted.",
            (429, _) => "Microsoft Graph asked Tern to slow down.",
            (500..=599, _) => "Microsoft Graph is having trouble right now.",
            _ => "Microsoft Graph refused the request.",
        }
    }
}

impl fmt::Display for GraphError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({} {})", self.explanation(), self.status, self.code)
    }
}

/// `GET /me`, with the fields Tern shows.
#[derive(Clone, Debug, Default, FromJson, PartialEq, Eq)]
#[serde(rename_all = "camelCase", default)]
pub struct Profile {
    pub id: String,
    pub display_name: Option<String>,
    pub mail: Option<String>,
    pub user_principal_name: Option<String>,
    pub job_title: Option<String>,
}

/// The first letters of the first two words of a name, as written, for an avatar without
/// a photo. The avatar shows them in capitals (CSS `text-transform`), in the browser's
/// case mapping rather than Unicode's tables compiled into the bundle.
pub fn initials(name: &str) -> String {
    name.split_whitespace().filter_map(|word| word.chars().next()).filter(|c| c.is_alphanumeric()).take(2).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mailbox_graph_cannot_reach_is_explained_as_such() {
        let body = r#"{"error":{"code":"MailboxNotEnabledForRESTAPI","message":"The mailbox is either inactive, soft-deleted, or is hosted on-premise."}}"#;
        let error = GraphError::from_response(404, body, "c-1");
        assert!(error.explanation().contains("on-premises"), "{}", error.explanation());
        assert!(!error.explanation().contains("moved or deleted"));
        let missing = GraphError::from_response(404, r#"{"error":{"code":"ErrorItemNotFound","message":"x"}}"#, "c-2");
        assert!(missing.explanation().contains("moved or deleted"));
    }

    #[test]
    fn reads_graphs_error_envelope_with_its_ids() {
        let fixture = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures/graph/error-InvalidAuthenticationToken-401.json");
        let body = std::fs::read_to_string(fixture).expect("tests/fixtures/graph");
        let error = GraphError::from_response(401, &body, "c-1");
        assert_eq!(error.code, "InvalidAuthenticationToken");
        assert_eq!(error.request_id.as_deref(), Some("b04ace1e-13a0-4940-b489-f86dcca10985"));
        assert_eq!(error.date.as_deref(), Some("2023-02-20T05:06:48"));
        assert_eq!(error.client_request_id, "c-1");
        assert_eq!(error.explanation(), "Microsoft Graph did not accept your sign-in.");
        let odd = GraphError::from_response(502, "<html>", "c-2");
        assert_eq!(odd.code, "HTTP 502");
    }

    #[test]
    fn calls_are_grouped_by_the_mailbox_they_address() {
        assert_eq!(mailbox_of("/me/messages?$top=10", "oid.tid"), "me:oid.tid");
        assert_eq!(mailbox_of("/users/Megan@Contoso.example/messages", "oid.tid"), "user:megan@contoso.example");
        assert_eq!(mailbox_of("/users/megan@contoso.example?$select=id", "x"), "user:megan@contoso.example");
    }

    #[test]
    fn profiles_tolerate_missing_and_extra_fields() {
        let profile: Profile = crate::json::from_str(
            r#"{"@odata.context":"x","id":"1","displayName":"Adele Vance","businessPhones":[],"mail":null,"unknown":{"a":1}}"#,
        )
        .unwrap();
        assert_eq!(profile.display_name.as_deref(), Some("Adele Vance"));
        assert_eq!(profile.mail, None);
    }

    #[test]
    fn initials_are_the_first_letters_of_two_words_as_written() {
        assert_eq!(initials("Adele Vance"), "AV");
        assert_eq!(initials("émile zola"), "éz");
        assert_eq!(initials("(Ops) Team Rota"), "TR");
        assert_eq!(initials(""), "");
    }
}
