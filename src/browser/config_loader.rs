//! Fetches `config.json` from beside `index.html`, so one build runs from any folder of any
//! host, and hands the text to `tern_core::config` to check.

use super::js_error_message;
use tern_core::config::{self, Config, ConfigError, FILE_NAME};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{RequestCache, RequestCredentials, RequestInit, Response};

/// The address of `config.json` relative to the page at `page_url`.
pub fn config_url(page_url: &str) -> String {
    web_sys::Url::new_with_base(FILE_NAME, page_url).map(|url| url.href()).unwrap_or_else(|_| FILE_NAME.to_owned())
}

pub async fn load() -> Result<Config, ConfigError> {
    let page_url = super::location::page_url();
    load_from(&config_url(&page_url), &page_url).await
}

/// Loads and checks the configuration at `url` for a page served at `page_url`.
pub async fn load_from(url: &str, page_url: &str) -> Result<Config, ConfigError> {
    let unreachable = |error: wasm_bindgen::JsValue| ConfigError::Unreachable { url: url.to_owned(), detail: js_error_message(&error) };
    let init = RequestInit::new();
    // A deployment may have just replaced the file; never use a stale copy.
    init.set_cache(RequestCache::NoCache);
    init.set_credentials(RequestCredentials::SameOrigin);
    let window = web_sys::window().expect("a window");
    let response: Response = JsFuture::from(window.fetch_with_str_and_init(url, &init)).await.map_err(unreachable)?.unchecked_into();
    if !response.ok() {
        return Err(ConfigError::Missing { url: url.to_owned(), status: response.status() });
    }
    let text = JsFuture::from(response.text().map_err(unreachable)?).await.map_err(unreachable)?.as_string().unwrap_or_default();
    config::parse(&text, page_url)
}
