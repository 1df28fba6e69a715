//! OData query options for Graph, built so that Graph's own refusals cannot happen:
//! `$search` never meets `$filter` or `$orderby` (400 `SearchWithFilter` /
//! `SearchWithOrderBy`), and every ordered property is filtered first, in the same order
//! (else 400 `InefficientFilter`).

use crate::percent::encode_segment;
use std::fmt;

#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Bool(bool),
    Text(String),
    /// An ISO 8601 date-time, written unquoted as Graph wants it.
    DateTime(String),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Operator {
    Eq,
    Ne,
    Ge,
    Gt,
    Le,
    Lt,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Clause {
    pub property: String,
    pub operator: Operator,
    pub value: Value,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    Ascending,
    Descending,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Query {
    pub select: Vec<String>,
    pub top: Option<u32>,
    pub skip: Option<u32>,
    /// Joined with `and`.
    pub filter: Vec<Clause>,
    pub order_by: Vec<(String, Direction)>,
    pub search: Option<String>,
    pub count: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum QueryProblem {
    SearchWithFilter,
    SearchWithOrderBy,
    InefficientFilter { property: String },
    TopOutOfRange(u32),
}

impl fmt::Display for QueryProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::SearchWithFilter => write!(f, "a search cannot be combined with filters"),
            Self::SearchWithOrderBy => write!(f, "search results cannot be sorted"),
            Self::InefficientFilter { property } => {
                write!(f, "sorting by {property} needs a filter on {property} first")
            }
            Self::TopOutOfRange(top) => write!(f, "a page of {top} is outside 1–1000"),
        }
    }
}

fn literal(value: &Value) -> String {
    match value {
        Value::Bool(flag) => flag.to_string(),
        // OData doubles a single quote inside a string literal.
        Value::Text(text) => format!("'{}'", text.replace('\'', "''")),
        Value::DateTime(text) => text.clone(),
    }
}

fn operator(operator: Operator) -> &'static str {
    match operator {
        Operator::Eq => "eq",
        Operator::Ne => "ne",
        Operator::Ge => "ge",
        Operator::Gt => "gt",
        Operator::Le => "le",
        Operator::Lt => "lt",
    }
}

impl Query {
    fn check(&self) -> Result<(), QueryProblem> {
        if self.search.is_some() && !self.filter.is_empty() {
            return Err(QueryProblem::SearchWithFilter);
        }
        if self.search.is_some() && !self.order_by.is_empty() {
            return Err(QueryProblem::SearchWithOrderBy);
        }
        if let Some(top) = self.top.filter(|top| !(1..=1000).contains(top)) {
            return Err(QueryProblem::TopOutOfRange(top));
        }
        if !self.filter.is_empty() {
            for (index, (property, _)) in self.order_by.iter().enumerate() {
                if self.filter.get(index).map(|clause| &clause.property) != Some(property) {
                    return Err(QueryProblem::InefficientFilter { property: property.clone() });
                }
            }
        }
        Ok(())
    }

    /// `$select=…&$top=…`, each value percent-encoded, or why Graph would refuse it.
    pub fn to_query_string(&self) -> Result<String, QueryProblem> {
        self.check()?;
        let mut parts: Vec<(&str, String)> = Vec::new();
        if !self.select.is_empty() {
            parts.push(("$select", self.select.join(",")));
        }
        if let Some(top) = self.top {
            parts.push(("$top", top.to_string()));
        }
        if let Some(skip) = self.skip {
            parts.push(("$skip", skip.to_string()));
        }
        if !self.filter.is_empty() {
            let clauses: Vec<String> = self
                .filter
                .iter()
                .map(|clause| format!("{} {} {}", clause.property, operator(clause.operator), literal(&clause.value)))
                .collect();
            parts.push(("$filter", clauses.join(" and ")));
        }
        if !self.order_by.is_empty() {
            let order: Vec<String> = self
                .order_by
                .iter()
                .map(|(property, direction)| match direction {
                    Direction::Ascending => format!("{property} asc"),
                    Direction::Descending => format!("{property} desc"),
                })
                .collect();
            parts.push(("$orderby", order.join(",")));
        }
        if let Some(search) = &self.search {
            // KQL inside double quotes; a quote in the text is escaped with a backslash.
            parts.push(("$search", format!("\"{}\"", search.replace('\\', "\\\\").replace('"', "\\\""))));
        }
        if self.count {
            parts.push(("$count", "true".into()));
        }
        Ok(parts.into_iter().map(|(name, value)| format!("{name}={}", encode_segment(&value))).collect::<Vec<_>>().join("&"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::percent::form_decode;

    fn decoded(query: &Query) -> Vec<(String, String)> {
        form_decode(&query.to_query_string().unwrap())
    }

    #[test]
    fn builds_select_top_filter_and_order_in_graphs_syntax() {
        let query = Query {
            select: vec!["subject".into(), "from".into(), "receivedDateTime".into()],
            top: Some(25),
            filter: vec![
                Clause {
                    property: "receivedDateTime".into(),
                    operator: Operator::Ge,
                    value: Value::DateTime("2026-11-01T00:00:00Z".into()),
                },
                Clause { property: "isRead".into(), operator: Operator::Eq, value: Value::Bool(false) },
                Clause { property: "flag/flagStatus".into(), operator: Operator::Eq, value: Value::Text("flagged".into()) },
            ],
            order_by: vec![("receivedDateTime".into(), Direction::Descending)],
            count: true,
            ..Query::default()
        };
        assert_eq!(
            decoded(&query),
            [
                ("$select".to_string(), "subject,from,receivedDateTime".to_string()),
                ("$top".into(), "25".into()),
                ("$filter".into(), "receivedDateTime ge 2026-11-01T00:00:00Z and isRead eq false and flag/flagStatus eq 'flagged'".into()),
                ("$orderby".into(), "receivedDateTime desc".into()),
                ("$count".into(), "true".into()),
            ]
        );
        assert!(!query.to_query_string().unwrap().contains(' '), "values are encoded");
    }

    #[test]
    fn quotes_are_escaped_in_filters_and_searches() {
        let filter = Query {
            filter: vec![Clause { property: "subject".into(), operator: Operator::Eq, value: Value::Text("O'Brien's".into()) }],
            ..Query::default()
        };
        assert_eq!(decoded(&filter)[0].1, "subject eq 'O''Brien''s'");
        let search = Query { search: Some("say \"hi\" \\o/".into()), ..Query::default() };
        assert_eq!(decoded(&search)[0], ("$search".into(), "\"say \\\"hi\\\" \\\\o/\"".into()));
    }

    #[test]
    fn refuses_what_graph_would_refuse() {
        let clause = Clause { property: "isRead".into(), operator: Operator::Eq, value: Value::Bool(false) };
        let search = Some("invoice".to_string());
        assert_eq!(
            Query { search: search.clone(), filter: vec![clause.clone()], ..Query::default() }.to_query_string(),
            Err(QueryProblem::SearchWithFilter)
        );
        assert_eq!(
            Query { search, order_by: vec![("receivedDateTime".into(), Direction::Descending)], ..Query::default() }.to_query_string(),
            Err(QueryProblem::SearchWithOrderBy)
        );
        assert_eq!(
            Query { filter: vec![clause], order_by: vec![("receivedDateTime".into(), Direction::Descending)], ..Query::default() }
                .to_query_string(),
            Err(QueryProblem::InefficientFilter { property: "receivedDateTime".into() })
        );
        assert_eq!(Query { top: Some(0), ..Query::default() }.to_query_string(), Err(QueryProblem::TopOutOfRange(0)));
        assert_eq!(Query { top: Some(1001), ..Query::default() }.to_query_string(), Err(QueryProblem::TopOutOfRange(1001)));
        assert_eq!(
            Query { order_by: vec![("receivedDateTime".into(), Direction::Descending)], ..Query::default() }.to_query_string(),
            Ok("$orderby=receivedDateTime%20desc".into()),
            "ordering alone is fine"
        );
    }
}
