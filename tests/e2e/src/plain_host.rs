//! A host that serves the release build with no security headers at all, as a careless
//! deployment would: what Tern must survive on its own (a page that frames it, say).

use std::path::{Component, PathBuf};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// Serves `dist` on a free loopback port until the test ends; returns its origin.
pub async fn serve(dist: PathBuf) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("a free port");
    let origin = format!("http://{}", listener.local_addr().expect("bound"));
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let dist = dist.clone();
            tokio::spawn(async move {
                let mut request = vec![0u8; 8192];
                let read = stream.read(&mut request).await.unwrap_or(0);
                let head = String::from_utf8_lossy(&request[..read]);
                let path = head.split_whitespace().nth(1).unwrap_or("/").split(['?', '#']).next().unwrap_or("/").to_owned();
                let relative = PathBuf::from(if path == "/" { "index.html" } else { path.trim_start_matches('/') });
                let inside = relative.components().all(|part| matches!(part, Component::Normal(_)));
                let answer = match tokio::fs::read(dist.join(&relative)).await {
                    Ok(body) if inside => {
                        let kind = match relative.extension().and_then(|e| e.to_str()) {
                            Some("html") => "text/html; charset=utf-8",
                            Some("js") => "text/javascript",
                            Some("wasm") => "application/wasm",
                            Some("css") => "text/css",
                            Some("svg") => "image/svg+xml",
                            Some("json") => "application/json",
                            _ => "application/octet-stream",
                        };
                        let mut answer = format!(
                            "HTTP/1.1 200 OK\r\ncontent-type: {kind}\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
                            body.len()
                        )
                        .into_bytes();
                        answer.extend(body);
                        answer
                    }
                    _ => b"HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\nconnection: close\r\n\r\n".to_vec(),
                };
                let _ = stream.write_all(&answer).await;
            });
        }
    });
    origin
}
