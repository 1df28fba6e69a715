//! OData query options as Graph's Outlook endpoints take them, with the 400 errors the
//! real service gives for what it refuses.

use serde_json::Value;
use std::cmp::Ordering;

/// The structural properties of `microsoft.graph.message` (v1.0 metadata, with those of
/// `outlookItem` and `entity`).
pub const MESSAGE_PROPERTIES: &[&str] = &[
    "id",
    "categories",
    "changeKey",
    "createdDateTime",
    "lastModifiedDateTime",
    "bccRecipients",
    "body",
    "bodyPreview",
    "ccRecipients",
    "conversationId",
    "conversationIndex",
    "flag",
    "from",
    "hasAttachments",
    "importance",
    "inferenceClassification",
    "internetMessageHeaders",
    "internetMessageId",
    "isDeliveryReceiptRequested",
    "isDraft",
    "isRead",
    "isReadReceiptRequested",
    "parentFolderId",
    "receivedDateTime",
    "replyTo",
    "sender",
    "sentDateTime",
    "subject",
    "toRecipients",
    "uniqueBody",
    "webLink",
];
pub const FOLDER_PROPERTIES: &[&str] =
    &["id", "childFolderCount", "displayName", "isHidden", "parentFolderId", "totalItemCount", "unreadItemCount"];

const DATE_PATHS: &[&str] = &["receivedDateTime", "sentDateTime", "createdDateTime", "lastModifiedDateTime"];
const BOOL_PATHS: &[&str] = &["isRead", "hasAttachments", "isDraft"];
const TEXT_PATHS: &[&str] = &[
    "importance",
    "flag/flagStatus",
    "subject",
    "inferenceClassification",
    "from/emailAddress/address",
    "from/emailAddress/name",
    "sender/emailAddress/address",
    "conversationId",
];
/// Most results a `$search` of messages gives, however many match (emulator/FIDELITY.md,
/// "Search").
pub const SEARCH_LIMIT: usize = 1_000;
pub const MAX_TOP: usize = 1000;

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Entity {
    Message,
    Folder,
}

impl Entity {
    fn type_name(self) -> &'static str {
        match self {
            Entity::Message => "microsoft.graph.message",
            Entity::Folder => "microsoft.graph.mailFolder",
        }
    }

    fn properties(self) -> &'static [&'static str] {
        match self {
            Entity::Message => MESSAGE_PROPERTIES,
            Entity::Folder => FOLDER_PROPERTIES,
        }
    }
}

/// A refusal: always 400 with this code and message.
#[derive(Debug, PartialEq, Eq)]
pub struct Problem {
    pub code: &'static str,
    pub message: String,
}

pub(super) fn problem(code: &'static str, message: impl Into<String>) -> Problem {
    Problem { code, message: message.into() }
}

fn no_property(entity: Entity, name: &str) -> Problem {
    unknown_property(entity.type_name(), name)
}

pub(super) fn unknown_property(type_name: &str, name: &str) -> Problem {
    problem("RequestBroker--ParseUri", format!("Could not find a property named '{name}' on type '{type_name}'."))
}

/// `$select`: property names, each one the entity has.
pub(super) fn select_option(value: &str, properties: &[&str], type_name: &str) -> Result<Vec<String>, Problem> {
    let names: Vec<String> = value.split(',').map(|s| s.trim().to_owned()).filter(|s| !s.is_empty()).collect();
    if let Some(unknown) = names.iter().find(|n| !properties.iter().any(|p| p.eq_ignore_ascii_case(n))) {
        return Err(unknown_property(type_name, unknown));
    }
    Ok(names)
}

/// `$top`: a count up to Graph's limit.
pub(super) fn top_option(value: &str) -> Result<usize, Problem> {
    let top = count_option("$top", value)?;
    if top > MAX_TOP {
        return Err(problem(
            "BadRequest",
            format!("The query specified in the URI is not valid. The limit of '{MAX_TOP}' for Top query has been exceeded. The value from the incoming request is '{top}'."),
        ));
    }
    Ok(top)
}

fn invalid_filter() -> Problem {
    problem("ErrorInvalidUrlQueryFilter", "The query filter contains one or more invalid nodes.")
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    Eq,
    Ne,
    Gt,
    Ge,
    Lt,
    Le,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Clause {
    pub path: String,
    pub op: Op,
    pub literal: Value,
}

#[derive(Debug, Default)]
pub struct Query {
    pub select: Option<Vec<String>>,
    pub top: Option<usize>,
    pub skip: usize,
    pub order_by: Vec<(String, bool)>,
    pub filter: Vec<Clause>,
    pub search: Option<Vec<(Option<String>, String)>>,
    pub count: bool,
    pub include_hidden: bool,
    /// The decoded pairs as sent, to build `@odata.nextLink` from.
    pub pairs: Vec<(String, String)>,
}

impl Query {
    pub fn parse(raw: Option<&str>, entity: Entity) -> Result<Query, Problem> {
        let pairs: Vec<(String, String)> = serde_urlencoded::from_str(raw.unwrap_or(""))
            .map_err(|_| problem("BadRequest", "The query specified in the URI is not valid."))?;
        let mut query = Query::default();
        let (mut filter, mut order_by) = (None, None);
        for (name, value) in &pairs {
            match name.to_ascii_lowercase().as_str() {
                "$select" => query.select = Some(select_option(value, entity.properties(), entity.type_name())?),
                "$top" => query.top = Some(top_option(value)?),
                "$skip" => query.skip = count_option("$skip", value)?,
                "$count" => {
                    query.count = match value.as_str() {
                        "true" => true,
                        "false" => false,
                        _ => return Err(problem("BadRequest", format!("'{value}' is not a valid count option."))),
                    }
                }
                "$filter" => filter = Some(value.clone()),
                "$orderby" => order_by = Some(value.clone()),
                "$search" => query.search = Some(parse_search(value)),
                "includehiddenfolders" => query.include_hidden = value.eq_ignore_ascii_case("true"),
                other if other.starts_with('$') => {
                    return Err(problem("BadRequest", format!("The query parameter '{name}' is not supported.")));
                }
                _ => {}
            }
        }
        if query.search.is_some() && filter.is_some() {
            return Err(problem("SearchWithFilter", "The query parameter '$filter' is not supported with '$search'."));
        }
        if query.search.is_some() && order_by.is_some() {
            return Err(problem("SearchWithOrderBy", "The query parameter '$orderBy' is not supported with '$search'."));
        }
        if let Some(text) = order_by {
            query.order_by = parse_order_by(&text, entity)?;
        }
        if let Some(text) = filter {
            query.filter = parse_filter(&text, entity)?;
        }
        // Exchange can only serve a sorted, filtered view whose sort keys lead the restriction.
        if !query.filter.is_empty() && !query.order_by.is_empty() {
            let leading = query.filter.iter().map(|c| c.path.as_str());
            let efficient = query.order_by.len() <= query.filter.len()
                && query.order_by.iter().map(|(p, _)| p.as_str()).zip(leading).all(|(o, f)| o.eq_ignore_ascii_case(f));
            if !efficient {
                return Err(problem("InefficientFilter", "The restriction or sort order is too complex for this operation."));
            }
        }
        query.pairs = pairs;
        Ok(query)
    }

    /// Whether a message (seen through `value`, which reads a property by path) passes.
    pub fn matches(&self, value: impl Fn(&str) -> Value) -> bool {
        self.filter.iter().all(|clause| {
            let actual = value(&clause.path);
            let ordering = if DATE_PATHS.contains(&clause.path.as_str()) {
                let actual = actual.as_str().and_then(normal_date);
                match (actual, clause.literal.as_str()) {
                    (Some(a), Some(b)) => a.as_str().cmp(b),
                    _ => return false,
                }
            } else {
                compare(&actual, &clause.literal)
            };
            match clause.op {
                Op::Eq => ordering == Ordering::Equal,
                Op::Ne => ordering != Ordering::Equal,
                Op::Gt => ordering == Ordering::Greater,
                Op::Ge => ordering != Ordering::Less,
                Op::Lt => ordering == Ordering::Less,
                Op::Le => ordering != Ordering::Greater,
            }
        })
    }

    /// Whether every search term is found in the subject, the body or the sender.
    pub fn found(&self, value: impl Fn(&str) -> Value) -> bool {
        let Some(terms) = &self.search else { return true };
        let field = |path: &str| value(path).as_str().unwrap_or("").to_lowercase();
        let subject = field("subject");
        let body = field("body/content");
        let from = format!("{} {}", field("from/emailAddress/name"), field("from/emailAddress/address"));
        terms.iter().all(|(scope, term)| match scope.as_deref() {
            Some("subject") => subject.contains(term),
            Some("body") => body.contains(term),
            Some("from") => from.contains(term),
            _ => subject.contains(term) || body.contains(term) || from.contains(term),
        })
    }
}

pub(super) fn count_option(name: &str, value: &str) -> Result<usize, Problem> {
    value.trim().parse::<usize>().map_err(|_| {
        problem(
            "BadRequest",
            format!(
                "Invalid value '{value}' for {name} query option found. The {name} query option requires a non-negative integer value."
            ),
        )
    })
}

/// `"quarterly review"` or `from:megan deck`: quoted or not, words to find (all of them).
fn parse_search(value: &str) -> Vec<(Option<String>, String)> {
    value
        .trim()
        .trim_matches('"')
        .split_whitespace()
        .map(|word| word.trim_matches('"').to_lowercase())
        .filter(|word| !word.is_empty() && word != "and")
        .map(|word| match word.split_once(':') {
            Some((scope, term)) if matches!(scope, "subject" | "body" | "from") => (Some(scope.to_owned()), term.to_owned()),
            _ => (None, word),
        })
        .collect()
}

fn known_path(entity: Entity, path: &str) -> Result<(), Problem> {
    let root = path.split('/').next().unwrap_or(path);
    if entity.properties().contains(&root) {
        Ok(())
    } else {
        Err(no_property(entity, root))
    }
}

fn parse_order_by(text: &str, entity: Entity) -> Result<Vec<(String, bool)>, Problem> {
    let sortable = |path: &str| match entity {
        Entity::Message => DATE_PATHS.contains(&path) || BOOL_PATHS.contains(&path) || TEXT_PATHS.contains(&path),
        Entity::Folder => path == "displayName",
    };
    text.split(',')
        .map(|part| {
            let mut words = part.split_whitespace();
            let path = words.next().unwrap_or("").to_owned();
            let descending = match words.next().map(str::to_ascii_lowercase).as_deref() {
                None | Some("asc") => false,
                Some("desc") => true,
                Some(_) => return Err(problem("BadRequest", format!("Syntax error at position {} in '{text}'.", part.len()))),
            };
            known_path(entity, &path)?;
            if !sortable(&path) {
                return Err(problem("ErrorInvalidProperty", format!("The property '{path}' does not support sorting.")));
            }
            Ok((path, descending))
        })
        .collect()
}

/// `clause and clause …`, each `path op literal`; nothing else is understood.
fn parse_filter(text: &str, entity: Entity) -> Result<Vec<Clause>, Problem> {
    let tokens = tokens(text).ok_or_else(invalid_filter)?;
    let mut clauses = Vec::new();
    let mut rest = tokens.as_slice();
    loop {
        let [path, op, literal, tail @ ..] = rest else {
            return Err(invalid_filter());
        };
        if path.contains('(') {
            return Err(invalid_filter());
        }
        known_path(entity, path)?;
        let op = match op.to_ascii_lowercase().as_str() {
            "eq" => Op::Eq,
            "ne" => Op::Ne,
            "gt" => Op::Gt,
            "ge" => Op::Ge,
            "lt" => Op::Lt,
            "le" => Op::Le,
            _ => return Err(invalid_filter()),
        };
        let literal = if entity == Entity::Message && DATE_PATHS.contains(&path.as_str()) {
            Value::from(normal_date(literal).ok_or_else(invalid_filter)?)
        } else if entity == Entity::Message && BOOL_PATHS.contains(&path.as_str()) && matches!(op, Op::Eq | Op::Ne) {
            match literal.as_str() {
                "true" => Value::Bool(true),
                "false" => Value::Bool(false),
                _ => return Err(invalid_filter()),
            }
        } else if entity == Entity::Message && TEXT_PATHS.contains(&path.as_str()) && matches!(op, Op::Eq | Op::Ne) {
            let quoted = literal.strip_prefix('\'').and_then(|l| l.strip_suffix('\'')).ok_or_else(invalid_filter)?;
            Value::from(quoted.replace("''", "'"))
        } else {
            return Err(invalid_filter());
        };
        clauses.push(Clause { path: path.clone(), op, literal });
        match tail {
            [] => return Ok(clauses),
            [and, more @ ..] if and.eq_ignore_ascii_case("and") => rest = more,
            _ => return Err(invalid_filter()),
        }
    }
}

/// Words, with `'…'` strings kept whole; `None` for an unterminated string.
fn tokens(text: &str) -> Option<Vec<String>> {
    let mut out = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
        } else if c == '\'' {
            let mut token = String::from(chars.next()?);
            loop {
                let next = chars.next()?;
                token.push(next);
                if next == '\'' {
                    if chars.peek() == Some(&'\'') {
                        token.push(chars.next()?);
                    } else {
                        break;
                    }
                }
            }
            out.push(token);
        } else {
            let mut token = String::new();
            while let Some(&c) = chars.peek() {
                if c.is_whitespace() {
                    break;
                }
                token.push(c);
                chars.next();
            }
            out.push(token);
        }
    }
    Some(out)
}

/// `2026-11-20`, `2026-11-20T09:00:00Z` or with fractions → `2026-11-20T09:00:00Z`.
pub fn normal_date(text: &str) -> Option<String> {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let (date, time) = text.split_once('T').unwrap_or((text, "00:00:00Z"));
    let parts: Vec<&str> = date.split('-').collect();
    if parts.len() != 3 || parts[0].len() != 4 || parts[1].len() != 2 || parts[2].len() != 2 || !parts.iter().all(|p| digits(p)) {
        return None;
    }
    let time = time.strip_suffix('Z')?;
    let time = time.split_once('.').map_or(time, |(whole, fraction)| if digits(fraction) { whole } else { "" });
    let hms: Vec<&str> = time.split(':').collect();
    if hms.len() != 3 || !hms.iter().all(|p| p.len() == 2 && digits(p)) {
        return None;
    }
    Some(format!("{date}T{time}Z"))
}

/// Orders JSON scalars: booleans, numbers and strings among themselves, null first.
pub fn compare(a: &Value, b: &Value) -> Ordering {
    match (a, b) {
        (Value::Bool(a), Value::Bool(b)) => a.cmp(b),
        (Value::Number(a), Value::Number(b)) => a.as_f64().partial_cmp(&b.as_f64()).unwrap_or(Ordering::Equal),
        (Value::String(a), Value::String(b)) => a.to_lowercase().cmp(&b.to_lowercase()),
        (Value::Null, Value::Null) => Ordering::Equal,
        (Value::Null, _) => Ordering::Less,
        (_, Value::Null) => Ordering::Greater,
        _ => Ordering::Equal,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(raw: &str) -> Result<Query, Problem> {
        Query::parse(Some(raw), Entity::Message)
    }

    #[test]
    fn filters_combine_with_and_and_compare_dates() {
        let q = parse("$filter=isRead eq false and receivedDateTime ge 2026-11-19T00:00:00Z&$top=5").unwrap();
        assert_eq!(q.top, Some(5));
        assert_eq!(q.filter.len(), 2);
        let message = |read: bool, date: &'static str| {
            move |path: &str| match path {
                "isRead" => Value::Bool(read),
                "receivedDateTime" => Value::from(date),
                _ => Value::Null,
            }
        };
        assert!(q.matches(message(false, "2026-11-19T08:00:00Z")));
        assert!(!q.matches(message(true, "2026-11-19T08:00:00Z")));
        assert!(!q.matches(message(false, "2026-11-18T23:59:59Z")));
        let flagged = parse("$filter=flag/flagStatus eq 'flagged'").unwrap();
        assert!(flagged.matches(|p| if p == "flag/flagStatus" { Value::from("flagged") } else { Value::Null }));
    }

    #[test]
    fn refusals_carry_graphs_codes() {
        let code = |raw: &str| parse(raw).err().map(|p| p.code);
        assert_eq!(code("$select=subject,nope"), Some("RequestBroker--ParseUri"));
        assert_eq!(code("$filter=isRead eq false or isRead eq true"), Some("ErrorInvalidUrlQueryFilter"));
        assert_eq!(code("$filter=startswith(subject,'a')"), Some("ErrorInvalidUrlQueryFilter"));
        assert_eq!(code("$filter=nope eq 1"), Some("RequestBroker--ParseUri"));
        assert_eq!(code("$filter=isRead eq false&$orderby=receivedDateTime desc"), Some("InefficientFilter"));
        assert_eq!(code("$filter=receivedDateTime ge 2020-01-01 and isRead eq false&$orderby=receivedDateTime desc"), None);
        assert_eq!(code("$search=\"deck\"&$filter=isRead eq false"), Some("SearchWithFilter"));
        assert_eq!(code("$search=\"deck\"&$orderby=subject"), Some("SearchWithOrderBy"));
        assert_eq!(code("$top=1001"), Some("BadRequest"));
        assert_eq!(code("$top=x"), Some("BadRequest"));
        assert_eq!(code("$frobnicate=1"), Some("BadRequest"));
        assert_eq!(code("custom=1"), None);
        assert_eq!(normal_date("2026-11-20"), Some("2026-11-20T00:00:00Z".into()));
        assert_eq!(normal_date("2026-11-20T09:00:00.123Z"), Some("2026-11-20T09:00:00Z".into()));
        assert_eq!(normal_date("yesterday"), None);
    }
}
