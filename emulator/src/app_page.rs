//! The Tern page the emulator serves. Its Content-Security-Policy lets the page reach
//! Microsoft's hosts only; the emulator serves it as a deployer would, naming in
//! `connect-src` the other hosts its `config.json` uses: the upload listener, which stands
//! in for Outlook's upload host (as a deployment to a national cloud adds its own), and an
//! authority on another origin when a test points Tern at another OpenID provider (as a
//! deployment to such a provider adds it).

use crate::app_config::Override;
use crate::Shared;
use axum::extract::State;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;
use std::path::PathBuf;

const CONNECT_SRC: &str = "connect-src 'self'";

pub fn routes(dir: PathBuf) -> Router<Shared> {
    let serve = move |name: &'static str, headers: &'static [(&'static str, &'static str)]| {
        let file = dir.join(name);
        move |State(state): State<Shared>| {
            let file = file.clone();
            async move {
                match tokio::fs::read_to_string(&file).await {
                    Ok(html) => {
                        let mut origins = vec![state.upload_origin.clone()];
                        origins.extend(configured_authority_origin(&state).filter(|origin| *origin != state.origin));
                        let mut response =
                            ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], with_origins(&html, &origins)).into_response();
                        for (name, value) in headers {
                            response.headers_mut().insert(*name, HeaderValue::from_static(value));
                        }
                        response
                    }
                    Err(error) => (StatusCode::INTERNAL_SERVER_ERROR, format!("{}: {error}", file.display())).into_response(),
                }
            }
        }
    };
    let index = serve("index.html", &[]);
    Router::new()
        .route("/", get(index.clone()))
        .route("/index.html", get(index))
        .route("/addin.html", get(serve("addin.html", &crate::ADDIN_HEADERS)))
}

/// The page with `origins` added to its policy's `connect-src`.
pub fn with_origins(html: &str, origins: &[String]) -> String {
    html.replacen(CONNECT_SRC, &format!("{CONNECT_SRC} {}", origins.join(" ")), 1)
}

/// The origin of the authority a test's `config.json` names, if it set one.
fn configured_authority_origin(state: &Shared) -> Option<String> {
    let Override::Text(text) = state.app_config.lock().expect("app config lock").clone() else {
        return None;
    };
    let settings: serde_json::Value = serde_json::from_str(&text).ok()?;
    origin_of(settings["authority"].as_str()?)
}

/// `scheme://host[:port]` of an absolute http(s) URL; `None` for anything else, so no
/// text from a config can add to or break out of the policy.
fn origin_of(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let host = rest.split(['/', '?', '#']).next().filter(|host| !host.is_empty())?;
    let plain = host.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':' | b'[' | b']'));
    (matches!(scheme, "http" | "https") && plain).then(|| format!("{scheme}://{host}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_origins_join_connect_src_once() {
        let html = r#"<meta http-equiv="Content-Security-Policy" content="default-src 'none'; connect-src 'self' https://graph.microsoft.com; frame-src 'self'">"#;
        let served = with_origins(html, &["http://127.0.0.1:8711".into(), "http://127.0.0.1:9000".into()]);
        assert!(served.contains("connect-src 'self' http://127.0.0.1:8711 http://127.0.0.1:9000 https://graph.microsoft.com;"), "{served}");
        assert_eq!(with_origins("<p>connect-src</p>", &["http://x".into()]), "<p>connect-src</p>");
        assert_eq!(origin_of("http://127.0.0.1:9000/realms/x?y"), Some("http://127.0.0.1:9000".into()));
        assert_eq!(origin_of("https://id.example.org"), Some("https://id.example.org".into()));
        assert_eq!(origin_of("ftp://x/"), None);
        assert_eq!(origin_of("http://a;script-src *"), None);
        assert_eq!(origin_of("http://a\"><script>/"), None);
    }
}
