//! `config.json`: the runtime settings that let one build be deployed anywhere. Parsing is
//! strict and explains every problem by field name, because a wrong setting here sends a
//! person's sign-in to the wrong place.

use crate::scopes::{self, DEFAULT_SCOPES};
use crate::weburl::{Scheme, UrlProblem, WebUrl};
use serde_json::{Map, Value};
use std::fmt;

pub const FILE_NAME: &str = "config.json";
pub const DEFAULT_GRAPH_BASE: &str = "https://graph.microsoft.com/v1.0";

/// Hosts of the Microsoft identity platform in the global and national clouds, each with
/// the Graph hosts of the same cloud: a token from one cloud goes to that cloud's Graph only.
const MICROSOFT_CLOUDS: [(&str, &[&str]); 5] = [
    ("login.microsoftonline.com", &["graph.microsoft.com"]),
    ("login.microsoft.com", &["graph.microsoft.com"]),
    ("login.microsoftonline.us", &["graph.microsoft.us", "dod-graph.microsoft.us"]),
    ("login.chinacloudapi.cn", &["microsoftgraph.chinacloudapi.cn"]),
    ("login.partner.microsoftonline.cn", &["microsoftgraph.chinacloudapi.cn"]),
];

/// Whether `host` is one of the Microsoft identity platform's login hosts.
pub fn is_microsoft_login_host(host: &str) -> bool {
    MICROSOFT_CLOUDS.iter().any(|(login, _)| *login == host)
}

const FIELDS: [&str; 8] = ["client_id", "authority", "protocol", "graph_base", "redirect_uri", "flow", "token_cache", "scopes"];

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    pub client_id: String,
    /// Without a trailing slash, e.g. `https://login.microsoftonline.com/common`.
    pub authority: String,
    /// Whether the authority speaks Microsoft's dialect of OpenID Connect or the plain one.
    pub protocol: Protocol,
    /// Without a trailing slash, e.g. `https://graph.microsoft.com/v1.0`.
    pub graph_base: String,
    pub redirect_uri: String,
    pub flow: Flow,
    pub token_cache: TokenCache,
    /// The resource scopes asked for; sign-in scopes are added when signing in.
    pub scopes: Vec<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, serde::Serialize, crate::json::FromJson)]
pub enum Flow {
    /// Authorization code with PKCE: the default and the one Microsoft recommends.
    #[default]
    Pkce,
    /// The legacy implicit grant, for registrations that still use it.
    Implicit,
}

/// How Tern talks to the authority. Decided by the `protocol` setting, else by host:
/// Microsoft's login hosts speak `microsoft`, every other host `oidc`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Protocol {
    /// The Microsoft identity platform (or Tern's emulator of it): discovery under
    /// `/v2.0`, an issuer template with `{tenantid}`, tenants, admin consent, AADSTS codes,
    /// 24-hour SPA refresh tokens, one resource's scopes per token.
    Microsoft,
    /// Plain OpenID Connect: discovery at `{authority}/.well-known/openid-configuration`,
    /// whose issuer must be the authority itself (OpenID Connect Discovery 1.0, §4.3).
    Oidc,
}

impl Protocol {
    const CHOICES: [(&'static str, Protocol); 2] = [("microsoft", Protocol::Microsoft), ("oidc", Protocol::Oidc)];
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum TokenCache {
    /// `sessionStorage`: per tab, gone when the tab closes.
    #[default]
    Session,
    /// Nothing stored: a reload signs in again.
    Memory,
    /// `localStorage`: kept across tabs and restarts; only when a deployment opts in.
    Local,
}

impl Flow {
    const CHOICES: [(&'static str, Flow); 2] = [("pkce", Flow::Pkce), ("implicit", Flow::Implicit)];
}

impl TokenCache {
    const CHOICES: [(&'static str, TokenCache); 3] =
        [("session", TokenCache::Session), ("memory", TokenCache::Memory), ("local", TokenCache::Local)];
}

impl Config {
    pub fn is_microsoft(&self) -> bool {
        self.protocol == Protocol::Microsoft
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldProblem {
    pub field: String,
    pub problem: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConfigError {
    /// The request for the file failed before any answer (offline, blocked, DNS).
    Unreachable { url: String, detail: String },
    /// The host answered, but not with the file.
    Missing { url: String, status: u16 },
    /// The answer is not JSON.
    Malformed { line: usize, column: usize, detail: String },
    /// JSON, but not an object of settings.
    NotAnObject { found: String },
    /// Settings with problems, every one of them listed.
    Invalid(Vec<FieldProblem>),
}

impl ConfigError {
    pub fn title(&self) -> &'static str {
        match self {
            Self::Unreachable { .. } => "Tern could not load its configuration",
            Self::Missing { .. } => "Tern's configuration file is missing",
            Self::Malformed { .. } | Self::NotAnObject { .. } => "Tern's configuration file is not valid JSON settings",
            Self::Invalid(_) => "Tern's configuration has settings that need fixing",
        }
    }

    /// One line per thing that is wrong, naming the field where there is one.
    pub fn details(&self) -> Vec<String> {
        match self {
            Self::Unreachable { url, detail } => {
                vec![format!("Loading {url} failed: {detail}.")]
            }
            Self::Missing { url, status } => {
                vec![format!("{url} answered HTTP {status} instead of the file.")]
            }
            Self::Malformed { line, column, detail } => vec![format!("Line {line}, column {column}: {detail}.")],
            Self::NotAnObject { found } => {
                vec![format!("The file holds {found}; it must be one JSON object such as {{\"client_id\": \"…\", \"authority\": \"…\"}}.")]
            }
            Self::Invalid(problems) => problems.iter().map(|p| format!("\"{}\" {}.", p.field, p.problem)).collect(),
        }
    }

    pub fn advice(&self) -> &'static str {
        match self {
            Self::Unreachable { .. } => {
                "Check the network connection and reload. If it persists, the host may be blocking the file."
            }
            Self::Missing { .. } => {
                "Put a config.json next to index.html. Copy config.example.json, fill in your app registration's client ID and tenant, and deploy it with the app."
            }
            Self::Malformed { .. } | Self::NotAnObject { .. } => {
                "Fix the JSON at the place shown (comments and trailing commas are not allowed in JSON), then reload."
            }
            Self::Invalid(_) => "Correct each setting listed above in config.json, then reload.",
        }
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.title(), self.details().join(" "))
    }
}

/// Parses the text of `config.json`. `page_url` is the address Tern is running at: the
/// default redirect URI, and the origin the redirect must come back to.
pub fn parse(text: &str, page_url: &str) -> Result<Config, ConfigError> {
    let value = parse_json(text)?;
    let object = match value {
        Value::Object(object) => object,
        other => return Err(ConfigError::NotAnObject { found: describe_json(&other) }),
    };
    let mut fields = Fields { object: &object, problems: Vec::new() };
    fields.reject_unknown();
    let page = WebUrl::parse(page_url).ok();
    let client_id = fields.client_id();
    let authority = fields.endpoint("authority", None, page.as_ref());
    // Without a graph_base, a national cloud's authority gets its own cloud's Graph.
    let cloud_graph = authority
        .as_ref()
        .and_then(|authority| MICROSOFT_CLOUDS.iter().find(|(login, _)| *login == authority.host()))
        .map(|(_, graphs)| format!("https://{}/v1.0", graphs[0]));
    let graph_base = fields.endpoint("graph_base", Some(cloud_graph.as_deref().unwrap_or(DEFAULT_GRAPH_BASE)), page.as_ref());
    let redirect_uri = fields.redirect_uri(page.as_ref());
    let flow = fields.choice("flow", &Flow::CHOICES);
    let token_cache = fields.choice("token_cache", &TokenCache::CHOICES);
    let scopes = fields.scopes();
    let on_microsoft_host = authority.as_ref().is_some_and(|authority| is_microsoft_login_host(authority.host()));
    let protocol = fields.choice_or("protocol", &Protocol::CHOICES, if on_microsoft_host { Protocol::Microsoft } else { Protocol::Oidc });
    if protocol == Some(Protocol::Oidc) && on_microsoft_host {
        fields.problem("protocol", "is \"oidc\", but the authority is Microsoft's identity platform, which needs \"microsoft\"");
    }
    // Microsoft's issuer is a template checked per token, not against the authority; only
    // Microsoft's hosts (and its emulator on this computer) may have that looser check.
    let on_this_computer = authority.as_ref().is_some_and(WebUrl::is_loopback);
    if protocol == Some(Protocol::Microsoft) && authority.is_some() && !on_microsoft_host && !on_this_computer {
        fields.problem(
            "protocol",
            "is \"microsoft\", but the authority is not one of Microsoft's login hosts; another provider needs \"oidc\"",
        );
    }
    if let (Some(authority), Some(graph_base)) = (&authority, &graph_base) {
        fields.check_same_cloud(authority, graph_base);
    }
    if let (Some(client_id), Some(authority)) = (&client_id, &authority) {
        if on_microsoft_host {
            fields.check_microsoft_authority(authority);
            if !is_guid(client_id) {
                fields.problem(
                    "client_id",
                    "must be the Application (client) ID from the app registration's Overview page, a GUID such as 5f1c3c4e-8a7b-4d2e-9f10-2b3c4d5e6f70",
                );
            }
        }
    }
    match (client_id, authority, protocol, graph_base, redirect_uri, flow, token_cache, scopes) {
        (
            Some(client_id),
            Some(authority),
            Some(protocol),
            Some(graph_base),
            Some(redirect_uri),
            Some(flow),
            Some(token_cache),
            Some(scopes),
        ) if fields.problems.is_empty() => Ok(Config {
            client_id,
            authority: authority.without_trailing_slash(),
            protocol,
            graph_base: graph_base.without_trailing_slash(),
            redirect_uri,
            flow,
            token_cache,
            scopes,
        }),
        _ => Err(ConfigError::Invalid(fields.problems)),
    }
}

fn parse_json(text: &str) -> Result<Value, ConfigError> {
    let trimmed = text.trim_start_matches('\u{feff}');
    if trimmed.trim().is_empty() {
        return Err(ConfigError::Malformed { line: 1, column: 1, detail: "the file is empty".into() });
    }
    if trimmed.trim_start().starts_with('<') {
        return Err(ConfigError::Malformed {
            line: 1,
            column: 1,
            detail: "this is a web page, not JSON — the host probably answered the missing config.json with its index page".into(),
        });
    }
    serde_json::from_str(trimmed).map_err(|error| ConfigError::Malformed {
        line: error.line(),
        column: error.column(),
        detail: error.to_string().split(" at line ").next().unwrap_or_default().to_owned(),
    })
}

fn describe_json(value: &Value) -> String {
    match value {
        Value::Null => "null".into(),
        Value::Bool(_) => "true or false".into(),
        Value::Number(_) => "a number".into(),
        Value::String(_) => "text".into(),
        Value::Array(_) => "a list".into(),
        Value::Object(_) => "an object".into(),
    }
}

fn is_guid(text: &str) -> bool {
    let groups: Vec<&str> = text.split('-').collect();
    groups.len() == 5
        && groups.iter().zip([8, 4, 4, 4, 12]).all(|(group, len)| group.len() == len && group.bytes().all(|b| b.is_ascii_hexdigit()))
}

struct Fields<'a> {
    object: &'a Map<String, Value>,
    problems: Vec<FieldProblem>,
}

impl Fields<'_> {
    fn problem(&mut self, field: &str, problem: impl Into<String>) {
        self.problems.push(FieldProblem { field: field.to_owned(), problem: problem.into() });
    }

    /// Keys beginning with `//` are comments, so the example file can explain itself.
    fn reject_unknown(&mut self) {
        let unknown: Vec<String> =
            self.object.keys().filter(|key| !key.starts_with("//") && !FIELDS.contains(&key.as_str())).cloned().collect();
        for key in unknown {
            let problem = match closest_field(&key) {
                Some(field) => format!("is not a setting Tern knows; did you mean \"{field}\"?"),
                None => format!("is not a setting Tern knows (the settings are {})", FIELDS.join(", ")),
            };
            self.problem(&key, problem);
        }
    }

    /// The field as text; `None` with a problem recorded when it has another type.
    fn text(&mut self, field: &str) -> Option<Option<String>> {
        match self.object.get(field) {
            None | Some(Value::Null) => Some(None),
            Some(Value::String(text)) => Some(Some(text.clone())),
            Some(other) => {
                let found = describe_json(other);
                self.problem(field, format!("must be text in double quotes, not {found}"));
                None
            }
        }
    }

    fn client_id(&mut self) -> Option<String> {
        let value = self.text("client_id")?;
        let Some(client_id) = value else {
            self.problem("client_id", "is required: the Application (client) ID of your app registration");
            return None;
        };
        if client_id.trim().is_empty() {
            self.problem("client_id", "is empty; put the Application (client) ID of your app registration here");
            return None;
        }
        if client_id.chars().any(char::is_whitespace) {
            self.problem("client_id", "contains spaces; copy the Application (client) ID exactly");
            return None;
        }
        if client_id == "00000000-0000-0000-0000-000000000000" {
            self.problem("client_id", "is still the example's placeholder; put the Application (client) ID of your app registration here");
            return None;
        }
        Some(client_id)
    }

    /// An address Tern sends tokens to: HTTPS (plain HTTP only on this computer), no
    /// query or fragment, and not pointing at this computer when the page is elsewhere.
    fn endpoint(&mut self, field: &str, default: Option<&str>, page: Option<&WebUrl>) -> Option<WebUrl> {
        let value = self.text(field)?;
        let text = match (value, default) {
            (Some(text), _) => text,
            (None, Some(default)) => default.to_owned(),
            (None, None) => {
                self.problem(field, "is required, e.g. https://login.microsoftonline.com/common");
                return None;
            }
        };
        let url = self.web_url(field, &text)?;
        if url.has_query() || url.has_fragment() {
            self.problem(field, "must not contain ? or #; give the plain address");
            return None;
        }
        if field == "graph_base" && url.path().trim_end_matches('/').is_empty() {
            self.problem(field, "must include the API version, e.g. https://graph.microsoft.com/v1.0");
            return None;
        }
        if let Some(page) = page {
            if url.origin() == page.origin() && !page.is_loopback() {
                self.problem(
                    field,
                    format!(
                        "is on Tern's own origin ({}); tokens go only to the identity provider and Microsoft Graph, never to the host that serves Tern",
                        page.origin()
                    ),
                );
                return None;
            }
            if url.is_loopback() && !page.is_loopback() {
                self.problem(
                    field,
                    format!(
                        "points at this computer ({}) but Tern is served from {}; deploy a config.json for your app registration (see config.example.json)",
                        url.origin(),
                        page.origin()
                    ),
                );
                return None;
            }
        }
        Some(url)
    }

    fn web_url(&mut self, field: &str, text: &str) -> Option<WebUrl> {
        match WebUrl::parse(text) {
            Err(problem) => {
                self.problem(field, url_problem(text, &problem));
                None
            }
            Ok(url) if url.scheme() == Scheme::Http && !url.is_loopback() => {
                self.problem(
                    field,
                    format!(
                        "is \"{text}\", which must use https://; plain http:// is allowed only for this computer (localhost, 127.0.0.1)"
                    ),
                );
                None
            }
            Ok(url) => Some(url),
        }
    }

    /// A Microsoft authority's tokens go to the Graph of its own cloud only (the emulator on
    /// this computer aside).
    fn check_same_cloud(&mut self, authority: &WebUrl, graph_base: &WebUrl) {
        let Some((_, graphs)) = MICROSOFT_CLOUDS.iter().find(|(login, _)| *login == authority.host()) else {
            return;
        };
        if graph_base.is_loopback() || (graph_base.scheme() == Scheme::Https && graphs.contains(&graph_base.host())) {
            return;
        }
        let expected: Vec<String> = graphs.iter().map(|host| format!("https://{host}/v1.0")).collect();
        self.problem(
            "graph_base",
            format!(
                "is {}, but the authority is Microsoft's {} cloud, whose Graph is {}; Tern sends its tokens nowhere else",
                graph_base.without_trailing_slash(),
                authority.host(),
                expected.join(" or ")
            ),
        );
    }

    fn check_microsoft_authority(&mut self, authority: &WebUrl) {
        let segments: Vec<&str> = authority.path().split('/').filter(|s| !s.is_empty()).collect();
        match segments.as_slice() {
            [_tenant] => {}
            [] => self.problem(
                "authority",
                "must end with the tenant: common, organizations, consumers, your tenant ID or domain, e.g. https://login.microsoftonline.com/common",
            ),
            [tenant, ..] => self.problem(
                "authority",
                format!(
                    "must be the authority only, https://{}/{tenant}; Tern adds the /v2.0 endpoint paths itself",
                    authority.host()
                ),
            ),
        }
    }

    fn redirect_uri(&mut self, page: Option<&WebUrl>) -> Option<String> {
        let value = self.text("redirect_uri")?;
        let Some(text) = value else {
            return match page {
                Some(page) => Some(page.without_query_and_fragment()),
                None => {
                    self.problem("redirect_uri", "cannot default to this page's address here; set it to the address Tern is served at");
                    None
                }
            };
        };
        let url = self.web_url("redirect_uri", &text)?;
        if url.has_fragment() {
            self.problem("redirect_uri", "must not contain #; redirect URIs cannot carry a fragment");
            return None;
        }
        if let Some(page) = page {
            if url.origin() != page.origin() {
                self.problem(
                    "redirect_uri",
                    format!(
                        "is on {}, but Tern is served from {}; the sign-in answer must come back to this page's own origin",
                        url.origin(),
                        page.origin()
                    ),
                );
                return None;
            }
        }
        Some(text)
    }

    fn choice<T: Copy + Default>(&mut self, field: &str, choices: &[(&str, T)]) -> Option<T> {
        self.choice_or(field, choices, T::default())
    }

    fn choice_or<T: Copy>(&mut self, field: &str, choices: &[(&str, T)], default: T) -> Option<T> {
        let value = self.text(field)?;
        let Some(text) = value else {
            return Some(default);
        };
        match choices.iter().find(|(name, _)| *name == text) {
            Some((_, choice)) => Some(*choice),
            None => {
                let names: Vec<String> = choices.iter().map(|(name, _)| format!("\"{name}\"")).collect();
                self.problem(field, format!("is \"{text}\"; it must be one of {}", names.join(", ")));
                None
            }
        }
    }

    fn scopes(&mut self) -> Option<Vec<String>> {
        let list = match self.object.get("scopes") {
            None | Some(Value::Null) => return Some(DEFAULT_SCOPES.iter().map(|s| (*s).to_owned()).collect()),
            Some(Value::Array(list)) => list,
            Some(Value::String(text)) => {
                self.problem("scopes", format!("must be a list such as [\"User.Read\", \"Mail.ReadWrite\"], not the text \"{text}\""));
                return None;
            }
            Some(other) => {
                let found = describe_json(other);
                self.problem("scopes", format!("must be a list of permission names, not {found}"));
                return None;
            }
        };
        let mut scopes: Vec<String> = Vec::new();
        let mut bad = false;
        for (index, item) in list.iter().enumerate() {
            match item {
                Value::String(scope) if !scope.is_empty() && !scope.chars().any(char::is_whitespace) => {
                    if !scopes.iter().any(|known| known.eq_ignore_ascii_case(scope)) {
                        scopes.push(scope.clone());
                    }
                }
                Value::String(scope) => {
                    bad = true;
                    self.problem("scopes", format!("item {} (\"{scope}\") must be one permission name without spaces", index + 1));
                }
                other => {
                    bad = true;
                    let found = describe_json(other);
                    self.problem("scopes", format!("item {} must be text, not {found}", index + 1));
                }
            }
        }
        if bad {
            return None;
        }
        let mut resources: Vec<&str> = scopes.iter().filter_map(|scope| scopes::resource_of(scope)).collect();
        resources.dedup();
        resources.sort_unstable();
        resources.dedup();
        match resources.len() {
            0 => {
                self.problem(
                    "scopes",
                    "names no Microsoft Graph permission; leave it out to use Tern's defaults, or list the ones you registered, e.g. [\"User.Read\", \"Mail.ReadWrite\"]",
                );
                None
            }
            1 => Some(scopes),
            _ => {
                self.problem(
                    "scopes",
                    format!(
                        "mixes permissions of several resources ({}); one token is for one resource (AADSTS700022), so list only Graph permissions here",
                        resources.join(", ")
                    ),
                );
                None
            }
        }
    }
}

fn url_problem(text: &str, problem: &UrlProblem) -> String {
    format!("is \"{text}\", which {problem}")
}

/// The known field a mistyped key most likely meant: same letters ignoring case, `_` and
/// `-`, or at most two edits away.
fn closest_field(key: &str) -> Option<&'static str> {
    let normalise = |text: &str| -> String { text.chars().filter(|c| *c != '_' && *c != '-').map(|c| c.to_ascii_lowercase()).collect() };
    let key_normal = normalise(key);
    FIELDS
        .iter()
        .map(|field| (*field, edit_distance(&key_normal, &normalise(field))))
        .filter(|(_, distance)| *distance <= 2)
        .min_by_key(|(_, distance)| *distance)
        .map(|(field, _)| field)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current.push(substitution.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "https://mail.example.org/tern/index.html?x=1#/mail/inbox";
    const CLIENT: &str = "5f1c3c4e-8a7b-4d2e-9f10-2b3c4d5e6f70";

    fn valid() -> Value {
        serde_json::json!({
            "// client_id": "comments are allowed",
            "client_id": CLIENT,
            "authority": "https://login.microsoftonline.com/common/",
        })
    }

    fn with(field: &str, value: Value) -> String {
        let mut config = valid();
        config[field] = value;
        config.to_string()
    }

    fn problems(text: &str) -> Vec<FieldProblem> {
        match parse(text, PAGE) {
            Err(ConfigError::Invalid(problems)) => problems,
            other => panic!("expected field problems, got {other:?}"),
        }
    }

    fn only_problem(text: &str) -> FieldProblem {
        let mut all = problems(text);
        assert_eq!(all.len(), 1, "{all:?}");
        all.remove(0)
    }

    #[test]
    fn a_minimal_file_gets_safe_defaults() {
        let config = parse(&valid().to_string(), PAGE).unwrap();
        assert_eq!(
            config,
            Config {
                client_id: CLIENT.into(),
                authority: "https://login.microsoftonline.com/common".into(),
                protocol: Protocol::Microsoft,
                graph_base: "https://graph.microsoft.com/v1.0".into(),
                redirect_uri: "https://mail.example.org/tern/index.html".into(),
                flow: Flow::Pkce,
                token_cache: TokenCache::Session,
                scopes: DEFAULT_SCOPES.iter().map(|s| (*s).to_owned()).collect(),
            }
        );
        assert!(config.is_microsoft());
    }

    #[test]
    fn every_field_can_be_set() {
        let text = serde_json::json!({
            "client_id": CLIENT,
            "authority": "https://login.microsoftonline.us/contoso.onmicrosoft.com",
            "graph_base": "https://graph.microsoft.us/v1.0/",
            "redirect_uri": "https://mail.example.org/tern/",
            "flow": "implicit",
            "token_cache": "memory",
            "scopes": ["User.Read", "Mail.Read", "mail.read"],
        })
        .to_string();
        let config = parse(&text, PAGE).unwrap();
        assert_eq!(config.graph_base, "https://graph.microsoft.us/v1.0");
        assert_eq!(config.redirect_uri, "https://mail.example.org/tern/");
        assert_eq!(config.flow, Flow::Implicit);
        assert_eq!(config.token_cache, TokenCache::Memory);
        assert_eq!(config.scopes, ["User.Read", "Mail.Read"]);
        let local = parse(&with("token_cache", "local".into()), PAGE).unwrap();
        assert_eq!(local.token_cache, TokenCache::Local);
    }

    #[test]
    fn other_openid_providers_may_use_any_client_id_and_path() {
        let text = serde_json::json!({
            "client_id": "tern-web",
            "authority": "https://id.example.org/realms/staff",
        })
        .to_string();
        let config = parse(&text, PAGE).unwrap();
        assert_eq!(config.protocol, Protocol::Oidc);
        assert_eq!(config.authority, "https://id.example.org/realms/staff");
    }

    #[test]
    fn tokens_go_only_to_the_same_clouds_graph_and_never_to_terns_own_host() {
        let graph = |authority: &str, graph_base: &str| {
            let settings = serde_json::json!({ "client_id": CLIENT, "authority": authority, "graph_base": graph_base });
            parse(&settings.to_string(), PAGE).map(|config| config.graph_base).map_err(|error| error.details())
        };
        assert!(graph("https://login.microsoftonline.com/common", "https://graph.microsoft.com/v1.0").is_ok());
        let national = serde_json::json!({ "client_id": CLIENT, "authority": "https://login.chinacloudapi.cn/x" }).to_string();
        assert_eq!(
            parse(&national, PAGE).unwrap().graph_base,
            "https://microsoftgraph.chinacloudapi.cn/v1.0",
            "the cloud's own Graph by default"
        );
        assert!(graph("https://login.microsoftonline.us/x", "https://dod-graph.microsoft.us/v1.0").is_ok());
        assert!(graph("https://login.partner.microsoftonline.cn/x", "https://microsoftgraph.chinacloudapi.cn/v1.0").is_ok());
        assert!(graph("https://id.example.org/realms/x", "https://api.example.org/v1.0").is_ok(), "another provider, another API");
        let refused = graph("https://login.microsoftonline.com/common", "https://evil.example/v1.0").unwrap_err();
        assert_eq!(
            refused,
            ["\"graph_base\" is https://evil.example/v1.0, but the authority is Microsoft's login.microsoftonline.com cloud, whose Graph is https://graph.microsoft.com/v1.0; Tern sends its tokens nowhere else."]
        );
        let other_cloud = graph("https://login.microsoftonline.com/common", "https://graph.microsoft.us/v1.0").unwrap_err();
        assert!(other_cloud[0].contains("whose Graph is https://graph.microsoft.com/v1.0"), "{other_cloud:?}");
        let own = graph("https://login.microsoftonline.com/common", "https://mail.example.org/x.php/v1.0").unwrap_err();
        assert!(own[0].starts_with("\"graph_base\" is on Tern's own origin (https://mail.example.org)"), "{own:?}");
        let settings = serde_json::json!({ "client_id": "tern", "authority": "https://mail.example.org/idp" }).to_string();
        let own_authority = parse(&settings, PAGE).unwrap_err().details();
        assert!(own_authority[0].starts_with("\"authority\" is on Tern's own origin"), "{own_authority:?}");
        let local = serde_json::json!({ "client_id": CLIENT, "authority": "http://127.0.0.1:8710/common", "protocol": "microsoft",
            "graph_base": "http://127.0.0.1:8710/v1.0" });
        assert!(
            parse(&local.to_string(), "http://127.0.0.1:8710/").is_ok(),
            "the emulator serves Tern, sign-in and Graph from one loopback origin"
        );
    }

    #[test]
    fn the_protocol_follows_the_host_unless_set() {
        let config = |authority: &str, protocol: Option<&str>| {
            let mut settings = serde_json::json!({ "client_id": CLIENT, "authority": authority });
            if let Some(protocol) = protocol {
                settings["protocol"] = protocol.into();
            }
            parse(&settings.to_string(), "http://127.0.0.1:8080/")
        };
        assert_eq!(config("https://login.microsoftonline.us/contoso", None).unwrap().protocol, Protocol::Microsoft);
        assert_eq!(config("http://localhost:8080/realms/x", None).unwrap().protocol, Protocol::Oidc, "a Keycloak on this computer");
        assert_eq!(
            config("http://127.0.0.1:8710/common", Some("microsoft")).unwrap().protocol,
            Protocol::Microsoft,
            "the emulator says so"
        );
        assert_eq!(config("https://id.example.org", Some("oidc")).unwrap().protocol, Protocol::Oidc);
        let problems = |result: Result<Config, ConfigError>| result.unwrap_err().details();
        assert_eq!(
            problems(config("https://id.example.org", Some("saml"))),
            ["\"protocol\" is \"saml\"; it must be one of \"microsoft\", \"oidc\"."]
        );
        assert_eq!(
            problems(config("https://id.example.org", Some("microsoft"))),
            ["\"protocol\" is \"microsoft\", but the authority is not one of Microsoft's login hosts; another provider needs \"oidc\"."]
        );
        assert_eq!(
            problems(config("https://login.microsoftonline.com/common", Some("oidc"))),
            ["\"protocol\" is \"oidc\", but the authority is Microsoft's identity platform, which needs \"microsoft\"."]
        );
    }

    #[test]
    fn the_emulator_on_this_computer_is_allowed_over_http() {
        let text = serde_json::json!({
            "client_id": CLIENT,
            "authority": "http://127.0.0.1:8710/common",
            "graph_base": "http://127.0.0.1:8710/v1.0",
        })
        .to_string();
        let config = parse(&text, "http://127.0.0.1:8710/").unwrap();
        assert_eq!(config.redirect_uri, "http://127.0.0.1:8710/");
    }

    #[test]
    fn broken_json_names_the_place() {
        match parse("{\n  \"client_id\": \"x\",\n}", PAGE) {
            Err(ConfigError::Malformed { line, column, .. }) => assert_eq!((line, column), (3, 1)),
            other => panic!("{other:?}"),
        }
        assert!(matches!(parse("", PAGE), Err(ConfigError::Malformed { .. })));
        match parse("<!DOCTYPE html><html>", PAGE) {
            Err(error @ ConfigError::Malformed { .. }) => assert!(error.to_string().contains("web page")),
            other => panic!("{other:?}"),
        }
        assert_eq!(parse("[1,2]", PAGE), Err(ConfigError::NotAnObject { found: "a list".into() }));
    }

    #[test]
    fn missing_and_mistyped_fields_are_named() {
        let text = serde_json::json!({ "clientId": CLIENT, "authorty": "https://login.microsoftonline.com/common" }).to_string();
        let all = problems(&text);
        let fields: Vec<&str> = all.iter().map(|p| p.field.as_str()).collect();
        assert_eq!(fields, ["authorty", "clientId", "client_id", "authority"]);
        assert!(all[0].problem.contains("did you mean \"authority\""));
        assert!(all[1].problem.contains("did you mean \"client_id\""));
        let far = only_problem(&with("colour", "blue".into()));
        assert!(far.problem.contains("the settings are client_id, authority"), "{far:?}");
    }

    #[test]
    fn wrong_values_are_explained_by_field() {
        let cases: Vec<(&str, Value, &str)> = vec![
            ("client_id", 42.into(), "must be text in double quotes, not a number"),
            ("client_id", "".into(), "is empty"),
            ("client_id", "00000000-0000-0000-0000-000000000000".into(), "placeholder"),
            ("client_id", "my-app".into(), "a GUID"),
            ("authority", "login.microsoftonline.com/common".into(), "not an absolute address"),
            ("authority", "http://login.microsoftonline.com/common".into(), "must use https://"),
            ("authority", "https://login.microsoftonline.com".into(), "must end with the tenant"),
            ("authority", "https://login.microsoftonline.com/common/oauth2/v2.0/authorize".into(), "authority only"),
            ("authority", "https://login.microsoftonline.com/common?x".into(), "must not contain ? or #"),
            ("authority", "http://127.0.0.1:8710/common".into(), "points at this computer"),
            ("graph_base", "https://graph.microsoft.com".into(), "API version"),
            ("graph_base", "javascript://alert(1)".into(), "only https://"),
            ("redirect_uri", "https://evil.example/".into(), "own origin"),
            ("redirect_uri", "https://mail.example.org/#x".into(), "fragment"),
            ("flow", "code".into(), "one of \"pkce\", \"implicit\""),
            ("token_cache", "cookie".into(), "one of \"session\", \"memory\", \"local\""),
            ("scopes", "Mail.Read".into(), "must be a list"),
            ("scopes", serde_json::json!([]), "names no Microsoft Graph permission"),
            ("scopes", serde_json::json!(["openid"]), "names no Microsoft Graph permission"),
            ("scopes", serde_json::json!(["Mail Read"]), "item 1"),
            ("scopes", serde_json::json!(["Mail.Read", 3]), "item 2 must be text"),
            ("scopes", serde_json::json!(["Mail.Read", "https://outlook.office.com/IMAP.AccessAsUser.All"]), "AADSTS700022"),
        ];
        for (field, value, expected) in cases {
            let problem = only_problem(&with(field, value.clone()));
            assert_eq!(problem.field, field, "{value}");
            assert!(problem.problem.contains(expected), "{field}={value}: {}", problem.problem);
        }
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let text = serde_json::json!({ "flow": "code", "token_cache": 1 }).to_string();
        let fields: Vec<String> = problems(&text).into_iter().map(|p| p.field).collect();
        assert_eq!(fields, ["client_id", "authority", "flow", "token_cache"]);
    }

    #[test]
    fn errors_read_as_sentences_with_advice() {
        let error = ConfigError::Missing { url: "https://mail.example.org/tern/config.json".into(), status: 404 };
        assert_eq!(error.title(), "Tern's configuration file is missing");
        assert!(error.details()[0].contains("HTTP 404"));
        assert!(error.advice().contains("config.example.json"));
        let invalid = parse(&with("flow", "code".into()), PAGE).unwrap_err();
        assert_eq!(invalid.details(), ["\"flow\" is \"code\"; it must be one of \"pkce\", \"implicit\"."]);
    }

    #[test]
    fn the_shipped_example_is_rejected_only_for_its_placeholder() {
        let example = include_str!("../../public/config.example.json");
        let problem = only_problem(example);
        assert_eq!(problem.field, "client_id");
        assert!(problem.problem.contains("placeholder"));
        let filled = example.replace("00000000-0000-0000-0000-000000000000", CLIENT);
        assert!(parse(&filled, PAGE).is_ok());
    }
}
