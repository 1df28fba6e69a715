//! The end-to-end harness: Tern's release build served by the emulator (in this process,
//! on a free loopback port), driven through chromedriver in headless Chromium.

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{json, Value};
use std::path::PathBuf;
use std::process::Stdio;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::process::{Child, Command};

pub mod office;
pub mod oidc;
pub mod plain_host;

const WAIT: Duration = Duration::from_secs(20);

/// chromedriver's `POST /session/{id}/se/log`: the browser console since the last call.
#[derive(Debug)]
struct BrowserLog;

impl fantoccini::wd::WebDriverCompatibleCommand for BrowserLog {
    fn endpoint(&self, base: &url::Url, session: Option<&str>) -> Result<url::Url, url::ParseError> {
        base.join(&format!("session/{}/se/log", session.unwrap_or_default()))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(r#"{"type":"browser"}"#.to_owned()))
    }
}

/// chromedriver's `POST /session/{id}/goog/cdp/execute`: one Chrome DevTools command.
#[derive(Debug)]
struct DevTools(Value);

impl fantoccini::wd::WebDriverCompatibleCommand for DevTools {
    fn endpoint(&self, base: &url::Url, session: Option<&str>) -> Result<url::Url, url::ParseError> {
        base.join(&format!("session/{}/goog/cdp/execute", session.unwrap_or_default()))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(self.0.to_string()))
    }
}

/// Chromium's windows are at least 500 px wide; narrower panes (an Outlook add-in's
/// 320–450 px) are emulated at the page's own viewport.
const NARROWEST_WINDOW: u32 = 500;

/// The release bundle under test: `$TERN_DIST`, or `dist/` at the workspace root.
pub fn dist_dir() -> PathBuf {
    let dir =
        std::env::var_os("TERN_DIST").map(PathBuf::from).unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../dist"));
    assert!(
        dir.join("index.html").is_file(),
        "no release build at {}: build it first (scripts/test.sh does, or `trunk build --release`)",
        dir.display()
    );
    dir
}

pub struct Session {
    pub browser: Client,
    pub origin: String,
    /// Where the emulator answers upload sessions: another origin, as Outlook's is.
    pub upload_origin: String,
    /// The emulator's IMAP and SMTP servers, when the options asked for them.
    pub imap: Option<std::net::SocketAddr>,
    pub smtp: Option<std::net::SocketAddr>,
    chromedriver: Child,
    _emulator: tokio::task::JoinHandle<std::io::Result<()>>,
    /// The stand-in for Office.js's CDN, for the add-in's tests.
    _office: Option<office::OfficeCdn>,
    /// Every console entry read so far: the driver hands each out only once.
    console_seen: std::sync::Mutex<Vec<Value>>,
    /// Console errors this test provokes on purpose (a refused call, a blocked load),
    /// as parts of their text.
    expected_errors: std::sync::Mutex<Vec<String>>,
}

/// axe-core, vendored with its licence beside it (`tests/e2e/axe/`).
const AXE: &str = include_str!("../axe/axe.min.js");

/// Console errors every session may show, because the browser logs every failed load:
/// a person without a photo makes `/me/photo` answer 404, as Graph does; and a sent draft
/// answers 404 once Exchange has sent it, which is how Tern learns that it went.
const ALWAYS_EXPECTED: &[&str] = &[
    "/photo/$value - Failed to load resource: the server responded with a status of 404",
    "?$select=id,isDraft - Failed to load resource: the server responded with a status of 404",
];

impl Session {
    /// Starts an emulator serving the release build and a fresh headless browser.
    pub async fn start() -> Session {
        Self::start_with_window(1280, 900).await
    }

    pub async fn start_with_window(width: u32, height: u32) -> Session {
        Self::start_custom(width, height, None, None, |_| {}).await
    }

    /// A browser for the add-in's pane: Office.js comes from the stand-in
    /// (`tests/e2e/office/office.js`), set up by `setting` before each page loads
    /// (`{"host": "Outlook" | null, "sets": [[name, version]…]}`).
    pub async fn start_addin(width: u32, height: u32, setting: Value) -> Session {
        let cdn = office::serve().await;
        let session = Self::start_custom(width, height, None, Some(cdn), |_| {}).await;
        session.on_every_page(&format!("window.__officeStandIn = {setting};")).await;
        session
    }

    /// A browser whose clock runs in the IANA time zone `zone` (Chromium reads `TZ`).
    pub async fn start_in_zone(zone: &str) -> Session {
        Self::start_custom(1280, 900, Some(zone), None, |_| {}).await
    }

    /// As [`Session::start_in_zone`], with the emulator's options changed first.
    pub async fn start_in_zone_with(zone: &str, edit: impl FnOnce(&mut tern_emulator::Options)) -> Session {
        Self::start_custom(1280, 900, Some(zone), None, edit).await
    }

    /// As [`Session::start`], with the emulator's options changed first (seed data, faults).
    pub async fn start_with(edit: impl FnOnce(&mut tern_emulator::Options)) -> Session {
        Self::start_custom(1280, 900, None, None, edit).await
    }

    async fn start_custom(
        width: u32,
        height: u32,
        zone: Option<&str>,
        office: Option<office::OfficeCdn>,
        edit: impl FnOnce(&mut tern_emulator::Options),
    ) -> Session {
        let mut options = tern_emulator::Options { port: 0, serve: Some(dist_dir()), ..Default::default() };
        edit(&mut options);
        let emulator = tern_emulator::Emulator::bind(options).await.expect("emulator binds");
        let origin = emulator.origin().to_owned();
        let upload_origin = emulator.upload_origin().to_owned();
        let (imap, smtp) = (emulator.imap_addr(), emulator.smtp_addr());
        let emulator = tokio::spawn(emulator.run());
        let (chromedriver, driver_url) = start_chromedriver(zone).await;
        let mut args: Vec<String> = [
            "--headless=new",
            "--no-sandbox",
            "--disable-dev-shm-usage",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ]
        .map(str::to_owned)
        .into();
        args.push(format!("--window-size={width},{height}"));
        args.extend(office.iter().flat_map(office::OfficeCdn::browser_args));
        let capabilities = json!({
            "goog:chromeOptions": {
                "binary": std::env::var("CHROME").unwrap_or_else(|_| "/usr/bin/chromium".into()),
                "args": args,
            },
            "goog:loggingPrefs": { "browser": "ALL" },
        });
        let Value::Object(capabilities) = capabilities else { unreachable!() };
        let browser =
            ClientBuilder::new(HttpConnector::new()).capabilities(capabilities).connect(&driver_url).await.expect("a chromedriver session");
        if width < NARROWEST_WINDOW {
            let metrics = json!({"cmd": "Emulation.setDeviceMetricsOverride",
                "params": {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": false}});
            browser.issue_cmd(DevTools(metrics)).await.expect("a narrow viewport");
        }
        Session {
            browser,
            origin,
            upload_origin,
            imap,
            smtp,
            chromedriver,
            _emulator: emulator,
            _office: office,
            console_seen: std::sync::Mutex::new(Vec::new()),
            expected_errors: std::sync::Mutex::new(Vec::new()),
        }
    }

    /// One Chrome DevTools command (`method`, `params`), its answer.
    pub async fn devtools(&self, method: &str, params: Value) -> Value {
        self.browser.issue_cmd(DevTools(json!({"cmd": method, "params": params}))).await.expect("a DevTools command")
    }

    /// Runs `source` in every page this browser opens from now on, before the page's own
    /// scripts.
    pub async fn on_every_page(&self, source: &str) {
        self.devtools("Page.addScriptToEvaluateOnNewDocument", json!({"source": source})).await;
    }

    /// Makes the page see `prefers-color-scheme: dark` (or light again).
    pub async fn prefer_dark(&self, dark: bool) {
        let scheme = if dark { "dark" } else { "light" };
        let media = json!({"cmd": "Emulation.setEmulatedMedia",
            "params": {"features": [{"name": "prefers-color-scheme", "value": scheme}]}});
        self.browser.issue_cmd(DevTools(media)).await.expect("an emulated colour scheme");
    }

    pub async fn open(&self, path: &str) {
        self.browser.goto(&format!("{}{path}", self.origin)).await.expect("page opens");
    }

    pub async fn wait_for(&self, test_id: &str) -> Element {
        let selector = format!("[data-testid=\"{test_id}\"]");
        let deadline = std::time::Instant::now() + WAIT;
        loop {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            match self.browser.wait().at_most(left).for_element(Locator::Css(&selector)).await {
                Ok(element) => return element,
                // A search that meets a page being left (a click that navigates) is asked again
                // on the next page; chromedriver reports it as an error, not as "not yet".
                Err(error) if error.to_string().contains("aborted by navigation") && !left.is_zero() => {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
                Err(error) => {
                    let picture = self.save_screenshot(test_id).await;
                    panic!("[data-testid={test_id}] never appeared: {error} (the page then: {picture})")
                }
            }
        }
    }

    /// A picture of the page, for a failure message: where it was saved.
    pub async fn save_screenshot(&self, name: &str) -> String {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/e2e-failures");
        let path = dir.join(format!("{name}-{}.png", std::process::id()));
        match self.browser.screenshot().await {
            Ok(png) if std::fs::create_dir_all(&dir).is_ok() && std::fs::write(&path, &png).is_ok() => path.display().to_string(),
            _ => "no screenshot".to_owned(),
        }
    }

    pub async fn all(&self, test_id: &str) -> Vec<Element> {
        let selector = format!("[data-testid=\"{test_id}\"]");
        self.browser.find_all(Locator::Css(&selector)).await.expect("find_all")
    }

    /// As [`Session::click_css`], found as [`Session::wait_for`] finds it.
    pub async fn click(&self, test_id: &str) {
        for attempt in 1..=3 {
            match self.wait_for(test_id).await.click().await {
                Ok(_) => return,
                Err(error) if attempt < 3 && error.to_string().contains("stale element") => continue,
                Err(error) => panic!("[data-testid={test_id}] could not be clicked: {error}"),
            }
        }
    }

    /// Clicks the element; one the page re-drew between finding and clicking (a count
    /// that changed) is found again, as a person's next click would reach the new one.
    pub async fn click_css(&self, selector: &str) {
        for attempt in 1..=3 {
            let element = self
                .browser
                .wait()
                .at_most(WAIT)
                .for_element(Locator::Css(selector))
                .await
                .unwrap_or_else(|error| panic!("{selector} never appeared: {error}"));
            match element.click().await {
                Ok(_) => return,
                Err(error) if attempt < 3 && error.to_string().contains("stale element") => continue,
                Err(error) => panic!("{selector} could not be clicked: {error}"),
            }
        }
    }

    /// Types into a field as a person would, one key event per character.
    pub async fn type_into(&self, test_id: &str, text: &str) {
        self.wait_for(test_id).await.send_keys(text).await.unwrap_or_else(|error| panic!("typing into [data-testid={test_id}]: {error}"));
    }

    /// Sets a field's value as the browser's own pickers do (date and time fields cannot be
    /// typed into the same way in every locale), and tells the page.
    pub async fn set_value(&self, test_id: &str, value: &str) {
        self.wait_for(test_id).await;
        let script = format!(
            "const e = document.querySelector('[data-testid=\"{test_id}\"]'); e.value = {value:?}; e.dispatchEvent(new Event('input', {{bubbles: true}})); e.dispatchEvent(new Event('change', {{bubbles: true}})); return null"
        );
        self.script(&script).await;
    }

    /// A key press on whatever has focus (the page, when nothing does).
    pub async fn press(&self, key: &str) {
        let body = self.browser.find(Locator::Css("body")).await.expect("body");
        body.send_keys(key).await.expect("key press");
    }

    /// The text of a failure with its support details opened.
    pub async fn failure_text(&self, test_id: &str) -> String {
        let failure = self.wait_for(test_id).await;
        if let Ok(toggle) = failure.find(Locator::Css("[data-testid=\"failure-details-toggle\"]")).await {
            let _ = toggle.click().await;
        }
        failure.text().await.expect("element text")
    }

    pub async fn text_of(&self, test_id: &str) -> String {
        self.wait_for(test_id).await.text().await.expect("element text")
    }

    /// The serious and critical accessibility violations axe-core finds on the page now,
    /// as `[rule, impact, targets]`.
    pub async fn axe_violations(&self) -> Vec<Value> {
        self.script(&format!("if (!window.axe) {{ {AXE} }} return null")).await;
        let found = self
            .browser
            .execute_async(
                "axe.run(document, {resultTypes: ['violations']}).then(r => arguments[0](r.violations \
                 .filter(v => v.impact === 'serious' || v.impact === 'critical') \
                 .map(v => [v.id, v.impact, v.nodes.map(n => n.target.join(' '))])))",
                vec![],
            )
            .await
            .expect("axe runs");
        found.as_array().cloned().unwrap_or_default()
    }

    /// The text inside an element, shown or not: the account's name sits in a closed menu,
    /// where the rendered text is empty.
    pub async fn content_of(&self, test_id: &str) -> String {
        self.wait_for(test_id).await;
        let script = format!("return document.querySelector('[data-testid=\"{test_id}\"]').textContent");
        self.script(&script).await.as_str().unwrap_or_default().to_owned()
    }

    /// Clicks something that reloads the page, and returns once the new page has loaded.
    pub async fn click_and_wait_for_reload(&self, test_id: &str) {
        self.script("window.__ternBeforeReload = true; return null").await;
        self.wait_for(test_id).await.click().await.expect("click");
        for _ in 0..200 {
            let fresh = self.script("return document.readyState === 'complete' && window.__ternBeforeReload === undefined").await;
            if fresh == Value::Bool(true) {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("clicking [data-testid={test_id}] did not reload the page");
    }

    pub async fn hash(&self) -> String {
        let url = self.browser.current_url().await.expect("current url");
        url.fragment().map(|f| format!("#{f}")).unwrap_or_default()
    }

    pub async fn script(&self, body: &str) -> Value {
        self.browser.execute(body, vec![]).await.expect("script runs")
    }

    /// Signs in through the emulator's pages: clicks "Sign in", types the demo user's name
    /// and password, accepts the consent page if it comes, and waits for the signed-in home.
    pub async fn sign_in(&self, username: &str) {
        self.wait_for("sign-in").await.click().await.expect("sign-in click");
        self.complete_emulator_sign_in(username).await;
    }

    /// Signs the active account out from the account menu.
    pub async fn sign_out(&self) {
        self.wait_for("account-menu").await.click().await.expect("the account menu opens");
        self.wait_for("sign-out").await.click().await.expect("sign-out click");
    }

    /// Answers the emulator's sign-in (and, when asked, consent) pages, and waits for the
    /// signed-in account.
    pub async fn complete_emulator_sign_in(&self, username: &str) {
        self.complete_sign_in_pages_only(username).await;
        self.wait_for("account").await;
    }

    /// Answers the emulator's sign-in (and, when asked, consent) pages, and returns once
    /// Tern has the answer, whatever it makes of it.
    pub async fn complete_sign_in_pages_only(&self, username: &str) {
        if self.first_of(&["signin-username", "account-tile"]).await == "account-tile" {
            self.wait_for("use-another-account").await.click().await.expect("another account");
        }
        let field = self.wait_for("signin-username").await;
        field.clear().await.expect("clear");
        field.send_keys(username).await.expect("type user");
        self.wait_for("signin-password").await.send_keys("demo").await.expect("type password");
        self.wait_for("signin-submit").await.click().await.expect("submit");
        if self.first_of(&["consent-accept", "account", "auth-error"]).await == "consent-accept" {
            self.wait_for("consent-accept").await.click().await.expect("accept");
        }
        self.first_of(&["account", "auth-error"]).await;
    }

    /// Waits until one of `test_ids` is on the page and says which.
    pub async fn first_of(&self, test_ids: &[&str]) -> String {
        for _ in 0..400 {
            for id in test_ids {
                if !self.all(id).await.is_empty() {
                    return (*id).to_owned();
                }
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("none of {test_ids:?} appeared");
    }

    /// Tern's keys in `sessionStorage` or `localStorage` (`"session"` / `"local"`).
    pub async fn storage_keys(&self, which: &str) -> Vec<String> {
        let script = format!("return Object.keys(window.{which}Storage).filter(k => k.startsWith('tern:')).sort()");
        match self.script(&script).await {
            Value::Array(keys) => keys.into_iter().filter_map(|k| k.as_str().map(str::to_owned)).collect(),
            other => panic!("storage keys: {other}"),
        }
    }

    /// Everything stored in both storages, concatenated, to search for tokens.
    pub async fn all_stored_text(&self) -> String {
        let script = "return JSON.stringify([Object.entries(sessionStorage), Object.entries(localStorage)])";
        self.script(script).await.as_str().unwrap_or_default().to_owned()
    }

    /// How many requests reached the emulator's token endpoint.
    pub async fn token_requests(&self) -> u64 {
        let (_, body) = http(&self.origin, "GET", "/_emulator/token-requests", "").await;
        let value: Value = serde_json::from_str(&body).expect("token request log");
        value["count"].as_u64().expect("count")
    }

    /// Every console message the page logged since the last call, as text.
    pub async fn console(&self) -> Vec<String> {
        let entries = self.browser.issue_cmd(BrowserLog).await.expect("browser log");
        let entries = entries.as_array().cloned().unwrap_or_default();
        self.console_seen.lock().unwrap().extend(entries.iter().cloned());
        entries.iter().map(|e| e["message"].as_str().unwrap_or_default().to_owned()).collect()
    }

    /// Declares console errors this test causes on purpose; `finish` allows entries that
    /// contain any of `parts`.
    pub fn expect_console_errors(&self, parts: &[&str]) {
        self.expected_errors.lock().unwrap().extend(parts.iter().map(|part| (*part).to_owned()));
    }

    /// The console errors of the whole session that nobody declared.
    pub async fn unexpected_console_errors(&self) -> Vec<String> {
        self.console().await;
        let expected = self.expected_errors.lock().unwrap().clone();
        self.console_seen
            .lock()
            .unwrap()
            .iter()
            .filter(|entry| entry["level"] == "SEVERE")
            .map(|entry| entry["message"].as_str().unwrap_or_default().to_owned())
            .filter(|message| {
                !ALWAYS_EXPECTED.iter().copied().chain(expected.iter().map(String::as_str)).any(|part| message.contains(part))
            })
            .collect()
    }

    /// Asserts what every journey must end with: no panic banner on the page and no
    /// console error beyond those the test declared.
    pub async fn assert_healthy(&self) {
        let banner = self.all("panic-banner").await;
        assert!(banner.is_empty(), "the panic banner is showing: {:?}", self.text_of("panic-banner").await);
        let errors = self.unexpected_console_errors().await;
        assert!(errors.is_empty(), "console errors: {errors:#?}");
    }

    /// The grant types of every token request so far, in order.
    pub async fn token_grants(&self) -> Vec<String> {
        let (_, body) = http(&self.origin, "GET", "/_emulator/token-requests", "").await;
        let value: Value = serde_json::from_str(&body).expect("token request log");
        value["requests"]
            .as_array()
            .expect("requests")
            .iter()
            .map(|request| request["grant_type"].as_str().unwrap_or_default().to_owned())
            .collect()
    }

    /// The access tokens the tab holds for the active account (`token`, `scopes`,
    /// `expires_at`), as `core/src/auth/token_cache.rs` keeps them.
    pub async fn access_tokens(&self) -> Vec<Value> {
        let tokens = self
            .script(
                "const active = sessionStorage.getItem('tern:active-account');
                 return JSON.parse(sessionStorage.getItem('tern:account:' + active + ':tokens')).access_tokens",
            )
            .await;
        serde_json::from_value(tokens).expect("the active account's access tokens")
    }

    /// Rewrites every cached account in `sessionStorage` with `edit` (a JavaScript function
    /// body over `tokens`), as the passing of time would change them.
    pub async fn edit_cached_tokens(&self, edit: &str) {
        let script = format!(
            "for (const key of Object.keys(sessionStorage).filter(k => k.endsWith(':tokens'))) {{
                const tokens = JSON.parse(sessionStorage.getItem(key));
                {edit}
                sessionStorage.setItem(key, JSON.stringify(tokens));
            }}
            return null"
        );
        self.script(&script).await;
    }

    /// Serves a `config.json` for this emulator with `settings` (e.g. `flow`, `client_id`)
    /// over the defaults; takes effect at the next page load.
    pub async fn use_config(&self, settings: Value) {
        let mut config = json!({
            "client_id": tern_emulator::DEMO_CLIENT_ID,
            "authority": format!("{}/common", self.origin),
            "protocol": "microsoft",
            "graph_base": format!("{}/v1.0", self.origin),
        });
        if let (Value::Object(config), Value::Object(settings)) = (&mut config, settings) {
            config.extend(settings);
        }
        assert_eq!(self.control("PUT", "/_emulator/app-config", &config.to_string()).await, 204);
    }

    /// Calls one of the emulator's control endpoints (`/_emulator/…`).
    pub async fn control(&self, method: &str, path: &str, body: &str) -> u16 {
        http(&self.origin, method, path, body).await.0
    }

    /// Ends the session after checking it ended healthy (see [`Session::assert_healthy`]).
    pub async fn finish(self) {
        self.assert_healthy().await;
        self.close().await;
    }

    /// Ends the session without the health check, for tests that provoke a panic.
    pub async fn close(mut self) {
        let _ = self.browser.clone().close().await;
        let _ = self.chromedriver.kill().await;
    }
}

pub(crate) async fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    listener.local_addr().unwrap().port()
}

async fn start_chromedriver(zone: Option<&str>) -> (Child, String) {
    let binary = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".into());
    let port = free_port().await;
    let mut command = Command::new(&binary);
    if let Some(zone) = zone {
        command.env("TZ", zone);
    }
    let child = command
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .unwrap_or_else(|error| panic!("cannot start {binary}: {error} (scripts/setup.sh installs it)"));
    let url = format!("http://127.0.0.1:{port}");
    // Listening is not ready: on a busy machine chromedriver may still reset connections.
    for _ in 0..200 {
        let status = tokio::time::timeout(Duration::from_secs(2), try_http(&url, "GET", "/status", "", "")).await;
        if let Ok(Ok((200, body))) = status {
            if body.contains("\"ready\":true") {
                return (child, url);
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("chromedriver did not become ready on {url}");
}

/// A data directory for the emulator whose only mail is Adele's inbox holding `messages`
/// (Graph message objects); `name` keeps tests that run at once apart.
pub fn seeded_inbox(name: &str, messages: Vec<Value>) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tern-e2e-{name}-{}", std::process::id()));
    let inbox = dir.join("adele@contoso.example/messages");
    std::fs::create_dir_all(&inbox).unwrap();
    std::fs::write(inbox.join("inbox.json"), json!({ "value": messages }).to_string()).unwrap();
    dir
}

/// Polls `check` until it holds, for up to twenty seconds.
pub async fn eventually<F, Fut>(what: &str, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    for _ in 0..100 {
        if check().await {
            return;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    panic!("never happened: {what}");
}

/// One plain HTTP/1.1 request: status and body.
pub async fn http(origin: &str, method: &str, path: &str, body: &str) -> (u16, String) {
    try_http(origin, method, path, "", body).await.unwrap_or_else(|error| panic!("{method} {origin}{path}: {error}"))
}

/// A Graph `GET` with a bearer token, as any client of Graph sends it.
pub async fn graph_get(origin: &str, path: &str, token: &str) -> (u16, String) {
    let authorization = format!("Authorization: Bearer {token}\r\n");
    try_http(origin, "GET", path, &authorization, "").await.unwrap_or_else(|error| panic!("GET {origin}{path}: {error}"))
}

/// A Graph call with a JSON body and a bearer token: another client changing the mailbox.
pub async fn graph_send(origin: &str, method: &str, path: &str, token: &str, body: &str) -> (u16, String) {
    let headers = format!("Authorization: Bearer {token}\r\nContent-Type: application/json\r\n");
    try_http(origin, method, path, &headers, body).await.unwrap_or_else(|error| panic!("{method} {origin}{path}: {error}"))
}

async fn try_http(origin: &str, method: &str, path: &str, headers: &str, body: &str) -> std::io::Result<(u16, String)> {
    let address = origin.strip_prefix("http://").expect("an http origin");
    let mut stream = TcpStream::connect(address).await?;
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n{headers}Content-Length: {}\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).await?;
    // Read until the body announced by Content-Length is in: not every server closes the
    // connection when asked to.
    let mut bytes = Vec::new();
    let mut chunk = [0u8; 8192];
    loop {
        let read = stream.read(&mut chunk).await?;
        bytes.extend_from_slice(&chunk[..read]);
        let text = String::from_utf8_lossy(&bytes);
        let complete = text.split_once("\r\n\r\n").is_some_and(|(head, body)| {
            head.lines()
                .find_map(|line| line.to_ascii_lowercase().strip_prefix("content-length:").map(|n| n.trim().parse::<usize>().unwrap_or(0)))
                .is_some_and(|length| body.len() >= length)
        });
        if read == 0 || complete {
            break;
        }
    }
    let raw = String::from_utf8_lossy(&bytes).into_owned();
    let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
    let status = head.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    Ok((status, body.to_owned()))
}
