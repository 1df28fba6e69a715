//! The request console: what Tern keeps of each Graph call, how the console filters the
//! calls, how it explains a failure, and what it copies for support or as `curl`. A token
//! never enters a call's record: the `Authorization` header is redacted when the record is
//! made, and every copy names the token `$TOKEN`.

use super::permissions::{endpoint_for, Matched};
use super::GraphError;
use crate::date::CivilDate;

/// What Tern did once the answer came.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Handling {
    /// The answer was final: handed to the screen that asked.
    Finished,
    /// Graph refused the token: Tern dropped it, renewed it and sent the call again.
    RenewedToken,
    /// Throttled or unavailable: Tern waited this long and sent the call again.
    RetriedAfterMs(u64),
    /// Throttled or unavailable too many times: Tern stopped and told the screen.
    GaveUp,
}

/// One call, as the console shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct Call {
    /// The account whose token the call carried: the console shows only the active one's.
    pub account: String,
    pub method: String,
    /// The whole address, query included.
    pub url: String,
    /// The path below the Graph version, without its query.
    pub path: String,
    /// Milliseconds since 1970, when the call was sent.
    pub started_at_ms: f64,
    pub duration_ms: u32,
    /// `None` when no answer came (the network failed).
    pub status: Option<u16>,
    pub client_request_id: String,
    pub request_id: Option<String>,
    /// Sent headers, `Authorization` redacted.
    pub request_headers: Vec<(String, String)>,
    /// The answer's headers this page may read (those Graph's CORS answer exposes).
    pub response_headers: Vec<(String, String)>,
    /// The JSON body sent, for "Copy as curl"; large bodies are cut.
    pub request_body: Option<String>,
    /// The answer's body when the call failed: Graph's error envelope.
    pub error_body: Option<String>,
    /// Why no answer came.
    pub network_error: Option<String>,
    pub handling: Handling,
    /// 1 for the first try of a call, 2 for its first retry, …
    pub attempt: u32,
}

pub const REDACTED: &str = "Bearer [redacted]";

/// Bodies longer than this are cut in the record (a file being attached is base64 text).
pub const BODY_LIMIT: usize = 16 * 1024;

/// A header as the record keeps it.
pub fn redacted_header(name: &str, value: &str) -> (String, String) {
    let value = if name.eq_ignore_ascii_case("authorization") { REDACTED.to_owned() } else { value.to_owned() };
    (name.to_owned(), value)
}

/// A body as the record keeps it.
pub fn recorded_body(body: &str) -> String {
    if body.len() <= BODY_LIMIT {
        return body.to_owned();
    }
    let mut cut = BODY_LIMIT;
    while !body.is_char_boundary(cut) {
        cut -= 1;
    }
    format!("{}… ({} bytes in all)", &body[..cut], body.len())
}

impl Call {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.response_headers.iter().find(|(known, _)| known.eq_ignore_ascii_case(name)).map(|(_, value)| value.as_str())
    }

    pub fn failed(&self) -> bool {
        self.status.is_none_or(|status| status >= 400)
    }

    /// Graph's error envelope, read.
    pub fn error(&self) -> Option<GraphError> {
        let status = self.status?;
        (status >= 400).then(|| GraphError::from_response(status, self.error_body.as_deref().unwrap_or_default(), &self.client_request_id))
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum StatusFilter {
    #[default]
    All,
    Failed,
    Succeeded,
    ClientErrors,
    ServerErrors,
    NoAnswer,
}

impl StatusFilter {
    pub const ALL: [StatusFilter; 6] = [Self::All, Self::Failed, Self::Succeeded, Self::ClientErrors, Self::ServerErrors, Self::NoAnswer];

    pub fn slug(self) -> &'static str {
        match self {
            Self::All => "all",
            Self::Failed => "failed",
            Self::Succeeded => "2xx",
            Self::ClientErrors => "4xx",
            Self::ServerErrors => "5xx",
            Self::NoAnswer => "none",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::All => "Any status",
            Self::Failed => "Failed",
            Self::Succeeded => "2xx",
            Self::ClientErrors => "4xx",
            Self::ServerErrors => "5xx",
            Self::NoAnswer => "No answer",
        }
    }

    pub fn from_slug(slug: &str) -> StatusFilter {
        Self::ALL.into_iter().find(|filter| filter.slug() == slug).unwrap_or_default()
    }

    fn admits(self, status: Option<u16>) -> bool {
        match (self, status) {
            (Self::All, _) => true,
            (Self::Failed, None) | (Self::NoAnswer, None) => true,
            (Self::Failed, Some(status)) => status >= 400,
            (Self::Succeeded, Some(status)) => (200..300).contains(&status),
            (Self::ClientErrors, Some(status)) => (400..500).contains(&status),
            (Self::ServerErrors, Some(status)) => status >= 500,
            _ => false,
        }
    }
}

/// The console's filter: by status, method (empty for any) and a part of the path.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filter {
    pub status: StatusFilter,
    pub method: String,
    pub path: String,
}

impl Filter {
    pub fn admits(&self, call: &Call) -> bool {
        let path = self.path.trim().to_ascii_lowercase();
        self.status.admits(call.status)
            && (self.method.is_empty() || call.method.eq_ignore_ascii_case(&self.method))
            && (path.is_empty() || call.path.to_ascii_lowercase().contains(&path))
    }
}

/// What the person can do about a failure.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Remedy {
    Nothing,
    /// Grant this permission now (incremental consent); if the organisation lets only
    /// administrators grant it, an administrator grants it for everyone.
    Consent(String),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Explanation {
    pub summary: String,
    pub details: Vec<String>,
    pub remedy: Remedy,
}

/// The parameters of a `WWW-Authenticate: Bearer …` challenge, as (name, value).
pub fn challenge_parameters(header: &str) -> Vec<(String, String)> {
    let rest = header.trim();
    let rest = match rest.split_once(char::is_whitespace) {
        Some((scheme, rest)) if scheme.eq_ignore_ascii_case("bearer") => rest,
        _ => return Vec::new(),
    };
    let mut parameters = Vec::new();
    let mut chars = rest.chars().peekable();
    loop {
        while chars.next_if(|c| c.is_whitespace() || *c == ',').is_some() {}
        let name: String = std::iter::from_fn(|| chars.next_if(|c| *c != '=' && *c != ',')).collect();
        if name.trim().is_empty() || chars.next() != Some('=') {
            break;
        }
        let value = if chars.next_if_eq(&'"').is_some() {
            let mut value = String::new();
            while let Some(c) = chars.next() {
                match c {
                    '\\' => value.extend(chars.next()),
                    '"' => break,
                    other => value.push(other),
                }
            }
            value
        } else {
            std::iter::from_fn(|| chars.next_if(|c| *c != ',')).collect::<String>().trim().to_owned()
        };
        parameters.push((name.trim().to_owned(), value));
    }
    parameters
}

fn handling_sentence(call: &Call) -> Option<String> {
    match call.handling {
        Handling::Finished => None,
        Handling::RenewedToken => Some("Tern dropped that token, renewed it and sent the call again (once).".into()),
        Handling::RetriedAfterMs(ms) => Some(format!("Tern waited {ms} ms and sent the call again (this was try {}).", call.attempt)),
        Handling::GaveUp => Some(format!("Tern gave up after {} tries and told the screen that asked.", call.attempt)),
    }
}

fn unauthorized(call: &Call, details: &mut Vec<String>) -> String {
    match call.header("WWW-Authenticate") {
        Some(challenge) => {
            let parameters = challenge_parameters(challenge);
            let get = |name: &str| parameters.iter().find(|(known, _)| known.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str());
            details.push(format!("WWW-Authenticate: {challenge}"));
            match get("error") {
                Some("insufficient_claims") => {
                    details.push(
                        "Continuous access evaluation: the organisation revoked this session or changed a policy (location, \
                         device, password) after the token was issued. The token needs the claims in the challenge: a new \
                         sign-in."
                            .into(),
                    );
                    return "Graph revoked the token before it expired.".into();
                }
                Some("invalid_token") => {
                    details.push("The token was refused as invalid: expired, malformed, or signed for another API.".into())
                }
                _ => {}
            }
            if let Some(authority) = get("authorization_uri") {
                details.push(format!("Graph names {authority} as the authority that issues its tokens."));
            }
        }
        None => details.push(
            "Graph's answer carries a WWW-Authenticate challenge, but this answer did not let the page read it (it is not among the \
             headers the answer exposes to scripts)."
                .into(),
        ),
    }
    "Graph did not accept the token.".into()
}

fn forbidden(call: &Call, granted: &[String], details: &mut Vec<String>) -> (String, Remedy) {
    let Some(matched) = endpoint_for(&call.method, &call.path) else {
        return ("Graph refused the call.".into(), Remedy::Nothing);
    };
    let Matched { endpoint, shared } = matched;
    let permissions = matched.permissions();
    let least = permissions.first().cloned().unwrap_or_default();
    details.push(format!("{}: {} {} needs one of {}.", endpoint.what, endpoint.method, endpoint.path, permissions.join(", ")));
    details.push(format!("The token's permissions (scp): {}.", if granted.is_empty() { "none".into() } else { granted.join(" ") }));
    if matched.allowed_by(granted) {
        let who = if shared {
            "The token has the permission, so the mailbox's owner has not shared it with you (folder permission or full access), \
             or an Exchange policy blocks this app."
        } else {
            "The token has the permission, so Exchange refused for another reason: an application access policy, or a \
             Conditional Access policy of the organisation."
        };
        details.push(who.into());
        return ("Graph refused the call although the token allows it.".into(), Remedy::Nothing);
    }
    details.push(format!(
        "Grant {least} to Tern: sign in again asking for it (incremental consent). If your organisation lets only \
         administrators consent, an administrator grants it for everyone (admin consent)."
    ));
    (format!("The token lacks the permission {least}."), Remedy::Consent(least))
}

/// Explains a failed call; `granted` is the delegated permissions of the token it carried.
pub fn explain(call: &Call, granted: &[String]) -> Option<Explanation> {
    if let Some(problem) = &call.network_error {
        let details =
            vec!["No answer reached the page: the network is down, an extension or a proxy blocked the call, or Graph's CORS answer \
             was refused by the browser."
                .into()];
        return Some(Explanation { summary: format!("The call never reached Graph: {problem}"), details, remedy: Remedy::Nothing });
    }
    let error = call.error()?;
    let mut details = Vec::new();
    if !error.code.is_empty() {
        details.push(format!("{}: {}", error.code, if error.message.is_empty() { "(no message)" } else { &error.message }));
    }
    let mut remedy = Remedy::Nothing;
    let summary = match (error.status, error.code.as_str()) {
        (401, _) => unauthorized(call, &mut details),
        (403, _) => {
            let (summary, found) = forbidden(call, granted, &mut details);
            remedy = found;
            summary
        }
        (404, code) if code.eq_ignore_ascii_case("MailboxNotEnabledForRESTAPI") => {
            details.push(error.explanation().into());
            "The mailbox is not in Exchange Online.".into()
        }
        (429, _) => {
            details.push(
                "Outlook allows each app 10,000 calls per 10 minutes and 4 at once per mailbox; Graph answered 429 Too Many \
                 Requests."
                    .into(),
            );
            if let Some(wait) = call.header("Retry-After") {
                details.push(format!("Retry-After: {wait} seconds."));
            }
            "Graph throttled Tern.".into()
        }
        (503, _) => {
            details.push("Graph or Exchange behind it was briefly unavailable; such outages pass, so Tern retries.".into());
            "Graph was unavailable.".into()
        }
        _ => error.explanation().into(),
    };
    details.extend(handling_sentence(call));
    Some(Explanation { summary, details, remedy })
}

/// `2026-12-01T09:30:05.123Z`
pub fn iso_utc(ms: f64) -> String {
    let ms = ms as i64;
    let (days, in_day) = (ms.div_euclid(86_400_000), ms.rem_euclid(86_400_000));
    let date = CivilDate::from_days_since_epoch(days).map(|date| date.to_string()).unwrap_or_default();
    let (h, m, s, milli) = (in_day / 3_600_000, in_day / 60_000 % 60, in_day / 1000 % 60, in_day % 1000);
    format!("{date}T{h:02}:{m:02}:{s:02}.{milli:03}Z")
}

/// What support needs to find the call in Microsoft's logs: ids and times, no token.
pub fn support_text(call: &Call) -> String {
    let status = match (call.status, call.error()) {
        (Some(_), Some(error)) => format!("{} {}", error.status, error.code),
        (Some(status), None) => status.to_string(),
        (None, _) => format!("no answer ({})", call.network_error.as_deref().unwrap_or("network")),
    };
    let mut lines = vec![
        format!("Call: {} {}", call.method, call.path),
        format!("Status: {status}"),
        format!("Sent: {}", iso_utc(call.started_at_ms)),
        format!("Duration: {} ms", call.duration_ms),
        format!("client-request-id: {}", call.client_request_id),
        format!("request-id: {}", call.request_id.as_deref().unwrap_or("(none)")),
    ];
    if let Some(date) = call.error().and_then(|error| error.date).or_else(|| call.header("Date").map(str::to_owned)) {
        lines.push(format!("Date (Graph): {date}"));
    }
    lines.join("\n")
}

fn shell_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

/// The call as a `curl` command; the token is `$TOKEN`, for the person to set.
pub fn curl(call: &Call) -> String {
    let mut parts = vec![format!("curl -X {} {}", call.method, shell_quote(&call.url))];
    for (name, value) in &call.request_headers {
        if name.eq_ignore_ascii_case("authorization") {
            parts.push(r#"-H "Authorization: Bearer $TOKEN""#.to_owned());
        } else {
            parts.push(format!("-H {}", shell_quote(&format!("{name}: {value}"))));
        }
    }
    if let Some(body) = &call.request_body {
        parts.push(format!("--data-raw {}", shell_quote(body)));
    }
    parts.join(" \\\n  ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(method: &str, path: &str, status: Option<u16>, body: &str) -> Call {
        Call {
            account: "a".into(),
            method: method.into(),
            url: format!("https://graph.microsoft.com/v1.0{path}?$top=5"),
            path: path.into(),
            started_at_ms: 1_764_581_405_123.0,
            duration_ms: 87,
            status,
            client_request_id: "c-1".into(),
            request_id: Some("r-1".into()),
            request_headers: vec![redacted_header("Authorization", "Bearer eyJ.secret.x"), redacted_header("Prefer", "x=\"y\"")],
            response_headers: Vec::new(),
            request_body: None,
            error_body: Some(body.into()),
            network_error: None,
            handling: Handling::Finished,
            attempt: 1,
        }
    }

    #[test]
    fn never_keeps_the_token() {
        let recorded = call("GET", "/me", Some(200), "");
        assert_eq!(recorded.request_headers[0].1, REDACTED);
        let curl = curl(&recorded);
        assert!(curl.contains(r#"-H "Authorization: Bearer $TOKEN""#), "{curl}");
        assert!(curl.contains(r#"-H 'Prefer: x="y"'"#), "{curl}");
        assert!(!curl.contains("secret") && !support_text(&recorded).contains("secret"));
    }

    #[test]
    fn quotes_bodies_for_the_shell() {
        let mut posted = call("POST", "/me/messages", Some(201), "");
        posted.request_body = Some(r#"{"subject":"it's"}"#.into());
        assert!(curl(&posted).ends_with(r#"--data-raw '{"subject":"it'\''s"}'"#));
        assert!(recorded_body(&"é".repeat(BODY_LIMIT)).ends_with(&format!("({} bytes in all)", 2 * BODY_LIMIT)));
    }

    #[test]
    fn filters_by_status_method_and_path() {
        let ok = call("GET", "/me/mailFolders", Some(200), "");
        let refused = call("PATCH", "/me/messages/m", Some(403), "");
        let lost = Call { status: None, network_error: Some("offline".into()), ..call("GET", "/me", None, "") };
        let filter = |status, method: &str, path: &str| Filter { status, method: method.into(), path: path.into() };
        assert!(filter(StatusFilter::All, "", "").admits(&ok));
        assert!(!filter(StatusFilter::Failed, "", "").admits(&ok));
        assert!(filter(StatusFilter::Failed, "", "").admits(&refused) && filter(StatusFilter::Failed, "", "").admits(&lost));
        assert!(filter(StatusFilter::ClientErrors, "patch", "MESSAGES").admits(&refused));
        assert!(!filter(StatusFilter::All, "GET", "").admits(&refused));
        assert!(filter(StatusFilter::NoAnswer, "", "").admits(&lost) && !filter(StatusFilter::NoAnswer, "", "").admits(&ok));
        assert_eq!(StatusFilter::from_slug("5xx"), StatusFilter::ServerErrors);
        assert_eq!(StatusFilter::from_slug("nonsense"), StatusFilter::All);
    }

    #[test]
    fn names_the_missing_permission_of_a_403() {
        let refused = call(
            "PATCH",
            "/me/messages/m",
            Some(403),
            r#"{"error":{"code":"ErrorAccessDenied","message":"Access is denied. Check credentials and try again."}}"#,
        );
        let explained = explain(&refused, &["Mail.Read".into(), "User.Read".into()]).unwrap();
        assert_eq!(explained.summary, "The token lacks the permission Mail.ReadWrite.");
        assert_eq!(explained.remedy, Remedy::Consent("Mail.ReadWrite".into()));
        assert!(explained.details[0].starts_with("ErrorAccessDenied: Access is denied"));
        let shared = call("GET", "/users/megan%40contoso.example/mailFolders/inbox/messages", Some(403), "{}");
        let explained = explain(&shared, &["Mail.Read.Shared".into()]).unwrap();
        assert_eq!(explained.remedy, Remedy::Nothing);
        assert!(explained.details.iter().any(|d| d.contains("has not shared it")));
    }

    #[test]
    fn reads_the_challenge_of_a_401() {
        let header = r#"Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000", error="insufficient_claims", claims="eyJhY2Nlc3NfdG9rZW4iOnt9fQ==""#;
        let parameters = challenge_parameters(header);
        assert_eq!(parameters[0], ("realm".into(), String::new()));
        assert_eq!(parameters[3], ("error".into(), "insufficient_claims".into()));
        assert_eq!(parameters[4].1, "eyJhY2Nlc3NfdG9rZW4iOnt9fQ==");
        let mut revoked = call(
            "GET",
            "/me",
            Some(401),
            r#"{"error":{"code":"InvalidAuthenticationToken","message":"Continuous access evaluation resulted in challenge"}}"#,
        );
        revoked.response_headers.push(("www-authenticate".into(), header.into()));
        revoked.handling = Handling::RenewedToken;
        let explained = explain(&revoked, &[]).unwrap();
        assert_eq!(explained.summary, "Graph revoked the token before it expired.");
        assert!(explained.details.last().unwrap().contains("renewed it"));
        let hidden = explain(&call("GET", "/me", Some(401), "{}"), &[]).unwrap();
        assert!(hidden.details.iter().any(|d| d.contains("did not let the page read it")));
        assert!(challenge_parameters("Basic realm=\"x\"").is_empty());
    }

    #[test]
    fn explains_mailboxes_throttling_outages_and_lost_calls() {
        let on_premises = call(
            "GET",
            "/me/mailFolders",
            Some(404),
            r#"{"error":{"code":"MailboxNotEnabledForRESTAPI","message":"The mailbox is either inactive, soft-deleted, or is hosted on-premise."}}"#,
        );
        assert_eq!(explain(&on_premises, &[]).unwrap().summary, "The mailbox is not in Exchange Online.");
        let mut throttled = call("GET", "/me", Some(429), "{}");
        throttled.handling = Handling::RetriedAfterMs(2000);
        throttled.response_headers.push(("Retry-After".into(), "2".into()));
        let explained = explain(&throttled, &[]).unwrap();
        assert_eq!(explained.summary, "Graph throttled Tern.");
        assert!(explained.details.contains(&"Retry-After: 2 seconds.".to_owned()));
        assert!(explained.details.last().unwrap().contains("waited 2000 ms"));
        let mut down = call("GET", "/me", Some(503), "{}");
        down.handling = Handling::GaveUp;
        down.attempt = 4;
        assert!(explain(&down, &[]).unwrap().details.last().unwrap().contains("gave up after 4 tries"));
        let lost = Call { status: None, network_error: Some("Failed to fetch".into()), ..call("GET", "/me", None, "") };
        assert_eq!(explain(&lost, &[]).unwrap().summary, "The call never reached Graph: Failed to fetch");
        assert_eq!(explain(&call("GET", "/me", Some(200), ""), &[]), None);
    }

    #[test]
    fn support_text_has_ids_and_times() {
        let text = support_text(&call(
            "GET",
            "/me",
            Some(403),
            r#"{"error":{"code":"ErrorAccessDenied","innerError":{"date":"2026-12-01T09:30:05"}}}"#,
        ));
        assert_eq!(
            text,
            "Call: GET /me\nStatus: 403 ErrorAccessDenied\nSent: 2025-12-01T09:30:05.123Z\nDuration: 87 ms\n\
             client-request-id: c-1\nrequest-id: r-1\nDate (Graph): 2026-12-01T09:30:05"
        );
    }
}
