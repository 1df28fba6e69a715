use serde::Serialize;
use tern::browser::storage::{StorageError, Store};
use tern_core::config::TokenCache;
use tern_core::json::FromJson;
use wasm_bindgen_test::wasm_bindgen_test;

#[derive(Debug, PartialEq, Serialize, FromJson)]
struct Entry {
    account: String,
    expires: u64,
}

fn raw_session() -> web_sys::Storage {
    web_sys::window().unwrap().session_storage().unwrap().unwrap()
}

fn round_trip(store: &Store) {
    let entry = Entry { account: "tid.oid".into(), expires: 1_700_000_000 };
    store.set_json("rt:account-a", &entry).unwrap();
    store.set("rt:account-b", "text").unwrap();
    assert_eq!(store.get_json::<Entry>("rt:account-a").unwrap(), Some(entry));
    assert_eq!(store.get("rt:account-b").unwrap().as_deref(), Some("text"));
    assert_eq!(store.get("rt:absent").unwrap(), None);
    let mut keys = store.keys_with_prefix("rt:");
    keys.sort();
    assert_eq!(keys, ["rt:account-a", "rt:account-b"]);
    store.remove_with_prefix("rt:account-a");
    assert_eq!(store.get("rt:account-a").unwrap(), None);
    store.remove("rt:account-b");
    assert!(store.keys_with_prefix("rt:").is_empty());
}

#[wasm_bindgen_test]
fn session_storage_round_trips_values_under_terns_prefix() {
    let store = Store::open(TokenCache::Session).unwrap();
    store.set("prefix-check", "1").unwrap();
    assert_eq!(raw_session().get_item("tern:prefix-check").unwrap().as_deref(), Some("1"));
    store.remove("prefix-check");
    round_trip(&store);
}

#[wasm_bindgen_test]
fn local_and_memory_storage_round_trip_too() {
    round_trip(&Store::open(TokenCache::Local).unwrap());
    let memory = Store::open(TokenCache::Memory).unwrap();
    round_trip(&memory);
    memory.set("only-in-memory", "x").unwrap();
    assert_eq!(raw_session().get_item("tern:only-in-memory").unwrap(), None);
}

#[wasm_bindgen_test]
fn clearing_one_account_leaves_other_accounts_and_other_apps_alone() {
    let store = Store::open(TokenCache::Session).unwrap();
    raw_session().set_item("other-app:token", "keep").unwrap();
    store.set("account:a:token", "1").unwrap();
    store.set("account:a:draft", "2").unwrap();
    store.set("account:b:token", "3").unwrap();
    store.remove_with_prefix("account:a:");
    assert!(store.keys_with_prefix("account:a:").is_empty());
    assert_eq!(store.get("account:b:token").unwrap().as_deref(), Some("3"));
    assert_eq!(raw_session().get_item("other-app:token").unwrap().as_deref(), Some("keep"));
    store.remove("account:b:token");
    raw_session().remove_item("other-app:token").unwrap();
}

#[wasm_bindgen_test]
fn data_tern_did_not_write_is_reported_not_misread() {
    let store = Store::open(TokenCache::Session).unwrap();
    raw_session().set_item("tern:tampered", "{not json").unwrap();
    match store.get_json::<Entry>("tampered") {
        Err(StorageError::Corrupt { key, .. }) => assert_eq!(key, "tampered"),
        other => panic!("expected a corrupt-data error, got {other:?}"),
    }
    store.remove("tampered");
}

#[wasm_bindgen_test]
fn a_full_storage_is_an_error_not_a_panic() {
    let store = Store::open(TokenCache::Session).unwrap();
    let huge = "x".repeat(12 * 1024 * 1024);
    match store.set("huge", &huge) {
        Err(StorageError::Full(_)) => {}
        other => panic!("expected the quota error, got {other:?}"),
    }
    assert_eq!(store.get("huge").unwrap(), None);
}
