use tern::browser::config_loader::{config_url, load_from};
use tern::views::config_error::config_error;
use tern_core::config::{parse, ConfigError, Flow};
use wasm_bindgen_test::wasm_bindgen_test;

const PAGE: &str = "https://mail.example.org/tern/index.html#/mail/inbox";
const GOOD: &str =
    r#"{"client_id":"5f1c3c4e-8a7b-4d2e-9f10-2b3c4d5e6f70","authority":"https://login.microsoftonline.com/common","flow":"implicit"}"#;

fn data_url(json: &str) -> String {
    format!("data:application/json,{}", String::from(js_sys::encode_uri_component(json)))
}

#[wasm_bindgen_test]
fn config_parses_the_same_in_the_browser() {
    let config = parse(GOOD, PAGE).unwrap();
    assert_eq!(config.flow, Flow::Implicit);
    assert_eq!(config.redirect_uri, "https://mail.example.org/tern/index.html");
    match parse(r#"{"client_id": 1}"#, PAGE) {
        Err(ConfigError::Invalid(problems)) => assert_eq!(problems[0].field, "client_id"),
        other => panic!("{other:?}"),
    }
}

#[wasm_bindgen_test]
fn config_json_is_looked_for_beside_the_page() {
    assert_eq!(config_url(PAGE), "https://mail.example.org/tern/config.json");
    assert_eq!(config_url("http://127.0.0.1:8710/"), "http://127.0.0.1:8710/config.json");
}

#[wasm_bindgen_test]
async fn the_loader_fetches_and_checks_the_file() {
    let config = load_from(&data_url(GOOD), PAGE).await.unwrap();
    assert_eq!(config.client_id, "5f1c3c4e-8a7b-4d2e-9f10-2b3c4d5e6f70");
    match load_from(&data_url("{\"client_id\": "), PAGE).await {
        Err(ConfigError::Malformed { line: 1, .. }) => {}
        other => panic!("{other:?}"),
    }
}

#[wasm_bindgen_test]
async fn a_missing_file_is_reported_with_its_status() {
    let origin = web_sys::window().unwrap().location().origin().unwrap();
    let url = format!("{origin}/no-such-config-{}.json", js_sys::Math::random());
    match load_from(&url, PAGE).await {
        Err(ConfigError::Missing { url: reported, status: 404 }) => assert_eq!(reported, url),
        other => panic!("{other:?}"),
    }
}

#[wasm_bindgen_test]
fn the_error_screen_names_every_broken_field() {
    let error = parse(r#"{"client_id":"","authority":"ftp://x","flow":"code"}"#, PAGE).unwrap_err();
    let host = config_error(&error).into_element();
    let details = host.query_selector_all("[data-testid=config-error-detail]").unwrap();
    let lines: Vec<String> = (0..details.length()).map(|i| details.item(i).unwrap().text_content().unwrap_or_default()).collect();
    assert_eq!(lines.len(), 3, "{lines:?}");
    assert!(lines[0].starts_with("\"client_id\" is empty"), "{lines:?}");
    assert!(lines[1].starts_with("\"authority\" is \"ftp://x\""), "{lines:?}");
    assert!(lines[2].starts_with("\"flow\" is \"code\""), "{lines:?}");
    let title = host.query_selector("[data-testid=config-error-title]").unwrap().unwrap();
    assert_eq!(title.text_content().unwrap(), "Tern's configuration has settings that need fixing");
}
