//! Collections as Graph sends them: a page of items and the link to the next page, or, at
//! the end of a delta round, the link for the next round. Links are followed verbatim.

use crate::json::FromJson;
use serde_json::{Map, Value};

#[derive(Clone, Debug, FromJson, PartialEq)]
pub struct Page<T> {
    #[serde(default = "Vec::new")]
    pub value: Vec<T>,
    #[serde(default, rename = "@odata.nextLink")]
    pub next_link: Option<String>,
    #[serde(default, rename = "@odata.deltaLink")]
    pub delta_link: Option<String>,
    #[serde(default, rename = "@odata.count")]
    pub count: Option<u64>,
}

/// What one delta round changed in a local copy.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DeltaSummary {
    pub added: usize,
    pub changed: usize,
    pub removed: usize,
}

/// Applies delta items to `items` (Graph objects keyed by `id`). An item with `@removed` is
/// deleted; an item already known is merged property by property, because updates may be
/// partial and may repeat; anything else is added.
pub fn apply_delta(items: &mut Vec<Value>, changes: Vec<Value>) -> DeltaSummary {
    let mut summary = DeltaSummary::default();
    for change in changes {
        let Value::Object(change) = change else {
            continue;
        };
        let Some(id) = change.get("id").and_then(Value::as_str).map(str::to_owned) else {
            continue;
        };
        let position = items.iter().position(|item| item.get("id").and_then(Value::as_str) == Some(id.as_str()));
        match (change.contains_key("@removed"), position) {
            (true, Some(index)) => {
                items.remove(index);
                summary.removed += 1;
            }
            (true, None) => {}
            (false, Some(index)) => {
                if let Value::Object(existing) = &mut items[index] {
                    merge(existing, change);
                }
                summary.changed += 1;
            }
            (false, None) => {
                items.push(Value::Object(change));
                summary.added += 1;
            }
        }
    }
    summary
}

fn merge(existing: &mut Map<String, Value>, change: Map<String, Value>) {
    for (name, value) in change {
        existing.insert(name, value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> String {
        let path = format!("{}/../tests/fixtures/graph/{name}", env!("CARGO_MANIFEST_DIR"));
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    #[test]
    fn reads_microsofts_paged_and_delta_collections() {
        let page: Page<Value> = crate::json::from_str(&fixture("message-delta-round1-page1.json")).unwrap();
        assert!(page.next_link.as_deref().is_some_and(|link| link.contains("skiptoken")), "{:?}", page.next_link);
        assert_eq!(page.delta_link, None);
        let last: Page<Value> = crate::json::from_str(&fixture("message-delta-round1-final-deltaLink.json")).unwrap();
        assert!(last.delta_link.is_some());
        assert_eq!(last.next_link, None);
        let list: Page<Value> = crate::json::from_str(&fixture("list-messages.json")).unwrap();
        assert!(!list.value.is_empty());
    }

    #[test]
    fn delta_adds_merges_partial_updates_and_removes() {
        let mut items =
            vec![serde_json::json!({"id": "a", "subject": "Hello", "isRead": false}), serde_json::json!({"id": "b", "subject": "Bye"})];
        let summary = apply_delta(
            &mut items,
            vec![
                serde_json::json!({"id": "a", "isRead": true}),
                serde_json::json!({"id": "a", "isRead": true}),
                serde_json::json!({"id": "b", "@removed": {"reason": "deleted"}}),
                serde_json::json!({"id": "gone", "@removed": {"reason": "changed"}}),
                serde_json::json!({"id": "c", "subject": "New"}),
                serde_json::json!({"subject": "no id"}),
                serde_json::json!(42),
            ],
        );
        assert_eq!(summary, DeltaSummary { added: 1, changed: 2, removed: 1 });
        assert_eq!(
            items,
            vec![serde_json::json!({"id": "a", "subject": "Hello", "isRead": true}), serde_json::json!({"id": "c", "subject": "New"}),]
        );
    }
}
