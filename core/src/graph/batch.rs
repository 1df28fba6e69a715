//! JSON batching (`POST /$batch`): at most 20 requests a batch, a request and everything it
//! depends on in the same batch, and each answer matched back to its request by id.

use crate::json::FromJson;
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;
use std::fmt;

pub const MAX_REQUESTS: usize = 20;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Request {
    pub id: String,
    pub method: String,
    /// Relative to the Graph base, e.g. `/me/mailFolders`.
    pub url: String,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub headers: BTreeMap<String, String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<Value>,
    #[serde(rename = "dependsOn", skip_serializing_if = "Vec::is_empty")]
    pub depends_on: Vec<String>,
}

impl Request {
    pub fn get(id: &str, url: &str) -> Request {
        Request {
            id: id.to_owned(),
            method: "GET".into(),
            url: url.to_owned(),
            headers: BTreeMap::new(),
            body: None,
            depends_on: Vec::new(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, FromJson)]
pub struct Response {
    pub id: String,
    pub status: u16,
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    #[serde(default)]
    pub body: Option<Value>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BatchProblem {
    DuplicateId(String),
    UnknownDependency {
        id: String,
        depends_on: String,
    },
    AbsoluteUrl(String),
    /// A request and what it depends on are more than one batch can hold.
    ChainTooLong(String),
    /// Graph refuses a batch whose requests are partly chained and partly independent.
    Mixed,
}

impl fmt::Display for BatchProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::DuplicateId(id) => write!(f, "two batch requests share the id {id}"),
            Self::UnknownDependency { id, depends_on } => write!(f, "request {id} depends on {depends_on}, which is not in the batch"),
            Self::AbsoluteUrl(url) => write!(f, "batch URLs are relative to the Graph base, not {url}"),
            Self::ChainTooLong(id) => write!(f, "request {id} and its dependencies exceed {MAX_REQUESTS} requests"),
            Self::Mixed => write!(f, "a batch must be fully parallel or fully sequential"),
        }
    }
}

/// Splits `requests` into `$batch` bodies of at most 20, in their order. Graph refuses a
/// batch that is neither fully parallel nor fully sequential (400 "Batch should be either
/// fully sequential or fully parallel"), so requests that depend on others are accepted
/// only as one sequential chain that fits a single batch.
pub fn pack(requests: Vec<Request>) -> Result<Vec<Value>, BatchProblem> {
    let mut ids: Vec<&str> = Vec::new();
    for request in &requests {
        if ids.iter().any(|id| id.eq_ignore_ascii_case(&request.id)) {
            return Err(BatchProblem::DuplicateId(request.id.clone()));
        }
        if !request.url.starts_with('/') {
            return Err(BatchProblem::AbsoluteUrl(request.url.clone()));
        }
        if let Some(missing) = request.depends_on.iter().find(|d| !ids.iter().any(|id| id.eq_ignore_ascii_case(d))) {
            return Err(BatchProblem::UnknownDependency { id: request.id.clone(), depends_on: missing.clone() });
        }
        ids.push(&request.id);
    }
    let chained = requests.iter().skip(1).filter(|request| !request.depends_on.is_empty()).count();
    if chained > 0 {
        if chained != requests.len() - 1 {
            return Err(BatchProblem::Mixed);
        }
        if requests.len() > MAX_REQUESTS {
            return Err(BatchProblem::ChainTooLong(requests.last().map(|r| r.id.clone()).unwrap_or_default()));
        }
    }
    Ok(requests.chunks(MAX_REQUESTS).map(|chunk| serde_json::json!({ "requests": chunk })).collect())
}

/// Matches a `$batch` answer's responses (which come in any order) to request ids.
pub fn unpack(body: &str) -> Result<BTreeMap<String, Response>, String> {
    #[derive(FromJson)]
    struct Answer {
        responses: Vec<Response>,
    }
    let answer: Answer = crate::json::from_str(body).map_err(|error| error.to_string())?;
    // Inserted one by one: collecting into a map sorts first, another copy of the sort.
    let mut by_id = BTreeMap::new();
    for response in answer.responses {
        by_id.insert(response.id.clone(), response);
    }
    Ok(by_id)
}

/// Whether an item's answer says "try again later" (throttled or an outage).
fn is_transient(status: u16) -> bool {
    matches!(status, 429 | 503 | 504)
}

/// The requests to send again after a round: those answered as throttled or unavailable,
/// and those that failed (424) only because something they depend on was. A dependency
/// that has succeeded is dropped from `dependsOn`, since it will not be sent again.
pub fn to_retry(sent: &[Request], answers: &BTreeMap<String, Response>) -> Vec<Request> {
    let mut again: Vec<Request> = Vec::new();
    for request in sent {
        let status = answers.get(&request.id).map(|answer| answer.status);
        let waits_on_retried = request.depends_on.iter().any(|id| again.iter().any(|retried| &retried.id == id));
        let after_a_failure =
            request.depends_on.iter().any(|id| answers.get(id).is_some_and(|answer| !(200..300).contains(&answer.status)));
        let retry = match status {
            Some(status) if is_transient(status) => true,
            // Tern's own ordering may chain unrelated requests; a request failed only
            // because an earlier one did still deserves its own answer.
            Some(424) => waits_on_retried || after_a_failure,
            None => true,
            _ => false,
        };
        if retry {
            let mut request = request.clone();
            request.depends_on.retain(|id| again.iter().any(|retried| &retried.id == id));
            again.push(request);
        }
    }
    again
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(batch: &Value) -> Vec<String> {
        batch["requests"].as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap().to_owned()).collect()
    }

    #[test]
    fn the_start_up_requests_fit_in_one_batch_in_the_documented_shape() {
        let mut inbox = Request::get("3", "/me/mailFolders/inbox/messages?$top=25");
        inbox.headers.insert("Prefer".into(), "IdType=\"ImmutableId\"".into());
        let batches = pack(vec![Request::get("1", "/me"), Request::get("2", "/me/mailFolders"), inbox]).unwrap();
        assert_eq!(batches.len(), 1);
        assert_eq!(
            batches[0],
            serde_json::json!({"requests": [
                {"id": "1", "method": "GET", "url": "/me"},
                {"id": "2", "method": "GET", "url": "/me/mailFolders"},
                {"id": "3", "method": "GET", "url": "/me/mailFolders/inbox/messages?$top=25", "headers": {"Prefer": "IdType=\"ImmutableId\""}}
            ]})
        );
    }

    #[test]
    fn more_than_twenty_split_in_order() {
        let requests: Vec<Request> = (0..45).map(|i| Request::get(&format!("r{i}"), "/me")).collect();
        let batches = pack(requests).unwrap();
        assert_eq!(batches.iter().map(|b| ids(b).len()).collect::<Vec<_>>(), [20, 20, 5]);
        assert_eq!(ids(&batches[2])[0], "r40");
    }

    #[test]
    fn refuses_batches_graph_would_refuse() {
        assert_eq!(pack(vec![Request::get("1", "/me"), Request::get("1", "/me")]), Err(BatchProblem::DuplicateId("1".into())));
        let mut orphan = Request::get("2", "/me");
        orphan.depends_on = vec!["9".into()];
        assert!(matches!(pack(vec![orphan]), Err(BatchProblem::UnknownDependency { .. })));
        assert!(matches!(pack(vec![Request::get("1", "https://graph.microsoft.com/v1.0/me")]), Err(BatchProblem::AbsoluteUrl(_))));
        let mut chain = vec![Request::get("0", "/me")];
        for i in 1..=MAX_REQUESTS {
            let mut next = Request::get(&i.to_string(), "/me");
            next.depends_on = vec![(i - 1).to_string()];
            chain.push(next);
        }
        assert!(matches!(pack(chain), Err(BatchProblem::ChainTooLong(_))));
    }

    #[test]
    fn answers_in_any_order_are_matched_by_id() {
        let path = format!("{}/../tests/fixtures/graph/batch-response-2021.json", env!("CARGO_MANIFEST_DIR"));
        let body = std::fs::read_to_string(path).unwrap();
        let responses = unpack(&body).unwrap();
        assert!(!responses.is_empty());
        for (id, response) in &responses {
            assert_eq!(&response.id, id);
            assert!((100..600).contains(&response.status));
        }
        assert!(unpack("{\"nope\":1}").is_err());
    }

    fn answer(id: &str, status: u16) -> (String, Response) {
        (id.to_owned(), Response { id: id.to_owned(), status, headers: BTreeMap::new(), body: None })
    }

    #[test]
    fn throttled_items_and_their_dependents_are_sent_again() {
        let mut draft = Request::get("draft", "/me/messages/d");
        draft.depends_on = vec!["folders".into()];
        let mut send = Request::get("send", "/me/messages/d/send");
        send.depends_on = vec!["profile".into()];
        let sent =
            vec![Request::get("profile", "/me"), Request::get("folders", "/me/mailFolders"), draft, send, Request::get("lost", "/me")];
        let answers: BTreeMap<_, _> =
            [answer("profile", 429), answer("folders", 200), answer("draft", 200), answer("send", 424)].into_iter().collect();
        let again = to_retry(&sent, &answers);
        let ids: Vec<&str> = again.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["profile", "send", "lost"]);
        assert_eq!(again[1].depends_on, ["profile"]);
        let mut after_missing = Request::get("after", "/me/mailFolders/archive");
        after_missing.depends_on = vec!["missing".into()];
        let answered: BTreeMap<_, _> = [answer("missing", 404), answer("after", 424)].into_iter().collect();
        let again = to_retry(&[Request::get("missing", "/me/x"), after_missing], &answered);
        assert_eq!(again.len(), 1);
        assert_eq!((again[0].id.as_str(), again[0].depends_on.len()), ("after", 0));
        let settled: BTreeMap<_, _> = [answer("a", 200), answer("b", 404)].into_iter().collect();
        assert!(to_retry(&[Request::get("a", "/me"), Request::get("b", "/me")], &settled).is_empty());
    }

    #[test]
    fn a_batch_that_would_mix_parallel_and_chained_requests_is_refused() {
        let mut chained = Request::get("b", "/me/mailFolders");
        chained.depends_on = vec!["a".into()];
        let mixed = vec![Request::get("a", "/me"), chained.clone(), Request::get("c", "/me/mailFolders/inbox")];
        assert_eq!(pack(mixed), Err(BatchProblem::Mixed));
        let sequential = vec![Request::get("a", "/me"), chained];
        assert_eq!(pack(sequential).unwrap().len(), 1);
        let parallel: Vec<Request> = (0..25).map(|i| Request::get(&i.to_string(), "/me")).collect();
        let bodies = pack(parallel).unwrap();
        assert_eq!(bodies.len(), 2);
        assert!(bodies.iter().flat_map(|b| b["requests"].as_array().unwrap()).all(|r| r.get("dependsOn").is_none()));
    }
}
