//! The Tern page the emulator serves. Its Content-Security-Policy lets the page reach
//! Outlook's upload hosts; the emulator's upload listener stands in for them on another
//! loopback origin, so the served copy names that origin too, as a deployment to a
//! national cloud adds its own Outlook host.

use crate::Shared;
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;
use std::path::PathBuf;

const CONNECT_SRC: &str = "connect-src 'self'";

pub fn routes(dir: PathBuf) -> Router<Shared> {
    let page = move |State(state): State<Shared>| {
        let file = dir.join("index.html");
        async move {
            match tokio::fs::read_to_string(&file).await {
                Ok(html) => {
                    ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], with_upload_origin(&html, &state.upload_origin)).into_response()
                }
                Err(error) => (StatusCode::INTERNAL_SERVER_ERROR, format!("{}: {error}", file.display())).into_response(),
            }
        }
    };
    Router::new().route("/", get(page.clone())).route("/index.html", get(page))
}

/// The page with `origin` added to its policy's `connect-src`.
pub fn with_upload_origin(html: &str, origin: &str) -> String {
    html.replacen(CONNECT_SRC, &format!("{CONNECT_SRC} {origin}"), 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_upload_origin_joins_connect_src_once() {
        let html = r#"<meta http-equiv="Content-Security-Policy" content="default-src 'none'; connect-src 'self' https://graph.microsoft.com; frame-src 'self'">"#;
        let served = with_upload_origin(html, "http://127.0.0.1:8711");
        assert!(served.contains("connect-src 'self' http://127.0.0.1:8711 https://graph.microsoft.com;"), "{served}");
        assert_eq!(with_upload_origin("<p>connect-src</p>", "http://x"), "<p>connect-src</p>");
    }
}
