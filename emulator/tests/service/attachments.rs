//! Attachments: the demo's, small ones added as JSON, large ones through upload sessions.

use crate::harness::{Emulator, Reply, ADELE, UPLOAD_ORIGIN};
use axum::http::{Method, StatusCode};
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use serde_json::{json, Value};

const WRITE: &str = "openid profile offline_access User.Read Mail.ReadWrite";

async fn call(emulator: &mut Emulator, method: Method, uri: &str, token: &str, body: &str) -> Reply {
    let bearer = format!("Bearer {token}");
    let headers = [("authorization", bearer.as_str()), ("content-type", "application/json")];
    emulator.send(method, uri, &headers, body.to_owned()).await
}

async fn message(emulator: &mut Emulator, token: &str, subject: &str) -> Value {
    let all = call(emulator, Method::GET, "/v1.0/me/messages?$top=1000", token, "").await.json();
    all["value"].as_array().unwrap().iter().find(|m| m["subject"] == subject).unwrap().clone()
}

#[tokio::test]
async fn the_demo_mail_carries_a_pdf_an_inline_picture_and_a_tracking_pixel() {
    let mut emulator = Emulator::new();
    let token = emulator.access_token(WRITE, ADELE).await;
    let contract = message(&mut emulator, &token, "Contract draft for review").await;
    let base = format!("/v1.0/me/messages/{}/attachments", contract["id"].as_str().unwrap());
    let list = call(&mut emulator, Method::GET, &base, &token, "").await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.body);
    let pdf = list.json()["value"][0].clone();
    assert_eq!(pdf["@odata.type"], "#microsoft.graph.fileAttachment");
    assert_eq!(
        (pdf["name"].clone(), pdf["contentType"].clone(), pdf["isInline"].clone()),
        (json!("Contract draft for review.pdf"), json!("application/pdf"), json!(false))
    );
    let bytes = STANDARD.decode(pdf["contentBytes"].as_str().unwrap()).unwrap();
    assert!(bytes.starts_with(b"%PDF-") && bytes.len() as u64 == pdf["size"].as_u64().unwrap());

    let selected = call(&mut emulator, Method::GET, &format!("{base}?$select=name,size"), &token, "").await.json();
    let item = &selected["value"][0];
    assert!(item["name"].is_string() && item["size"].is_u64() && item["id"].is_string());
    assert!(item.get("contentBytes").is_none() && item.get("contentType").is_none());
    let one = call(&mut emulator, Method::GET, &format!("{base}/{}", pdf["id"].as_str().unwrap()), &token, "").await.json();
    assert_eq!(one["contentBytes"], pdf["contentBytes"]);
    let raw = call(&mut emulator, Method::GET, &format!("{base}/{}/$value", pdf["id"].as_str().unwrap()), &token, "").await;
    assert_eq!(raw.header("content-type"), Some("application/pdf"));
    assert!(raw.body.starts_with("%PDF-"));

    let photos = message(&mut emulator, &token, "Photos from the launch").await;
    assert!(photos["body"]["content"].as_str().unwrap().contains("cid:image001.png@01D9C0A1"));
    let list = call(&mut emulator, Method::GET, &format!("/v1.0/me/messages/{}/attachments", photos["id"].as_str().unwrap()), &token, "")
        .await
        .json();
    let inline = list["value"].as_array().unwrap().iter().find(|a| a["isInline"] == true).unwrap();
    assert_eq!((inline["contentId"].clone(), inline["contentType"].clone()), (json!("image001.png@01D9C0A1"), json!("image/png")));

    let newsletter = message(&mut emulator, &token, "This week at Contoso: the new campus opens").await;
    assert!(newsletter["body"]["content"].as_str().unwrap().contains("<img src=\"https://tracker.example/p.gif\""));
}

#[tokio::test]
async fn small_attachments_are_added_and_deleted_and_large_ones_refused() {
    let mut emulator = Emulator::new();
    let token = emulator.access_token(WRITE, ADELE).await;
    let draft = call(&mut emulator, Method::POST, "/v1.0/me/messages", &token, r#"{"subject":"With a file"}"#).await.json();
    assert_eq!(draft["hasAttachments"], false);
    let base = format!("/v1.0/me/messages/{}/attachments", draft["id"].as_str().unwrap());
    let file = json!({"@odata.type": "#microsoft.graph.fileAttachment", "name": "notes.txt", "contentType": "text/plain", "contentBytes": STANDARD.encode("hello")});
    let added = call(&mut emulator, Method::POST, &base, &token, &file.to_string()).await;
    assert_eq!(added.status, StatusCode::CREATED, "{}", added.body);
    assert_eq!((added.json()["size"].clone(), added.json()["name"].clone()), (json!(5), json!("notes.txt")));
    let uri = format!("/v1.0/me/messages/{}", draft["id"].as_str().unwrap());
    assert_eq!(call(&mut emulator, Method::GET, &uri, &token, "").await.json()["hasAttachments"], true);

    let big = json!({"@odata.type": "#microsoft.graph.fileAttachment", "name": "big.bin", "contentBytes": STANDARD.encode(vec![7u8; 3 * 1024 * 1024 + 1])});
    let refused = call(&mut emulator, Method::POST, &base, &token, &big.to_string()).await;
    assert_eq!((refused.status, refused.json()["error"]["code"].clone()), (StatusCode::PAYLOAD_TOO_LARGE, json!("RequestEntityTooLarge")));

    let id = added.json()["id"].as_str().unwrap().to_owned();
    assert_eq!(call(&mut emulator, Method::DELETE, &format!("{base}/{id}"), &token, "").await.status, StatusCode::NO_CONTENT);
    assert_eq!(call(&mut emulator, Method::GET, &format!("{base}/{id}"), &token, "").await.status, StatusCode::NOT_FOUND);
    assert_eq!(call(&mut emulator, Method::GET, &uri, &token, "").await.json()["hasAttachments"], false);
}

#[tokio::test]
async fn upload_sessions_take_ordered_chunks_without_authorization() {
    let mut emulator = Emulator::new();
    let token = emulator.access_token(WRITE, ADELE).await;
    let draft = call(&mut emulator, Method::POST, "/v1.0/me/messages", &token, r#"{"subject":"Big file"}"#).await.json();
    let base = format!("/v1.0/me/messages/{}/attachments", draft["id"].as_str().unwrap());
    let small = call(
        &mut emulator,
        Method::POST,
        &format!("{base}/createUploadSession"),
        &token,
        r#"{"AttachmentItem":{"attachmentType":"file","name":"tiny.bin","size":1000}}"#,
    )
    .await;
    assert_eq!(
        (small.status, small.json()["error"]["code"].clone()),
        (StatusCode::BAD_REQUEST, json!("ErrorAttachmentSizeShouldNotBeLessThanMinimumSize"))
    );

    let size = 5 * 1024 * 1024;
    let content: Vec<u8> = (0..size).map(|i| (i % 251) as u8).collect();
    let session = call(
        &mut emulator,
        Method::POST,
        &format!("{base}/createUploadSession"),
        &token,
        &json!({"AttachmentItem": {"attachmentType": "file", "name": "flower.jpg", "size": size, "contentType": "image/jpeg"}}).to_string(),
    )
    .await;
    assert_eq!(session.status, StatusCode::CREATED, "{}", session.body);
    let session = session.json();
    assert_eq!(session["nextExpectedRanges"], json!(["0-"]));
    assert!(session["expirationDateTime"].is_string());
    let url = session["uploadUrl"].as_str().unwrap().to_owned();
    let path = url.strip_prefix(UPLOAD_ORIGIN).unwrap_or_else(|| panic!("{url} is not on the upload origin")).to_owned();
    assert!(path.starts_with("/_upload/"));
    let on_graph = emulator.send_bytes(Method::PUT, &path, &[("content-range", "bytes 0-0/1")], vec![0]).await.0;
    assert_eq!(on_graph.status, StatusCode::NOT_FOUND, "Graph's own origin takes no upload");

    let preflight = emulator
        .send_bytes(Method::OPTIONS, &url, &[("origin", "http://localhost:8080"), ("access-control-request-method", "PUT")], Vec::new())
        .await
        .0;
    assert_eq!(preflight.header("access-control-allow-origin"), Some("*"));
    assert!(preflight.header("access-control-allow-headers").unwrap().contains("Content-Range"));

    let chunk = 4 * 1024 * 1024;
    let put = |start: usize, end: usize, auth: bool| Chunk {
        url: url.clone(),
        token: token.clone(),
        bytes: content[start..end].to_vec(),
        range: format!("bytes {start}-{}/{size}", end - 1),
        auth,
    };
    let with_auth = put(0, chunk, true).send(&mut emulator).await;
    assert_eq!(
        (with_auth.status, with_auth.json()["error"]["code"].clone()),
        (StatusCode::UNAUTHORIZED, json!("InvalidAudienceForResource"))
    );
    let out_of_order = put(chunk, size, false).send(&mut emulator).await;
    assert_eq!(out_of_order.status, StatusCode::BAD_REQUEST);
    let first = put(0, chunk, false).send(&mut emulator).await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.body);
    assert_eq!(first.json()["NextExpectedRanges"], json!([chunk.to_string()]));
    assert!(first.json()["ExpirationDateTime"].is_string());
    assert!(first.json()["@odata.context"].as_str().unwrap().starts_with(&format!("{UPLOAD_ORIGIN}/api/v2.0/")));
    assert_eq!(first.header("access-control-allow-origin"), Some("*"));
    let last = put(chunk, size, false).send(&mut emulator).await;
    assert_eq!(last.status, StatusCode::CREATED, "{}", last.body);
    let location = last.header("location").unwrap();
    assert!(location.starts_with(&format!("{UPLOAD_ORIGIN}/api/v2.0/Users('{ADELE}')/Messages(")), "{location}");
    assert!(location.contains("/Attachments('"), "{location}");
    assert_eq!(last.header("access-control-expose-headers").map(|h| h.contains("Location")), Some(true));

    let list = call(&mut emulator, Method::GET, &format!("{base}?$select=name,size,contentType"), &token, "").await.json();
    assert_eq!(list["value"][0]["name"], "flower.jpg");
    assert_eq!(list["value"][0]["size"], size);
    let id = list["value"][0]["id"].as_str().unwrap();
    let raw = emulator
        .send_bytes(Method::GET, &format!("{base}/{id}/$value"), &[("authorization", &format!("Bearer {token}"))], Vec::new())
        .await;
    assert_eq!(raw.1, content);
    let gone = put(0, chunk, false).send(&mut emulator).await;
    assert_eq!(gone.status, StatusCode::NOT_FOUND, "a finished session takes nothing more");

    let second = call(
        &mut emulator,
        Method::POST,
        &format!("{base}/createUploadSession"),
        &token,
        &json!({"AttachmentItem": {"attachmentType": "file", "name": "again.bin", "size": size}}).to_string(),
    )
    .await
    .json();
    let second = Chunk {
        url: second["uploadUrl"].as_str().unwrap().to_owned(),
        token: token.clone(),
        bytes: content[..chunk].to_vec(),
        range: format!("bytes 0-{}/{size}", chunk - 1),
        auth: false,
    }
    .send(&mut emulator)
    .await;
    assert_eq!(
        second.json()["nextExpectedRanges"],
        json!([format!("{chunk}-")]),
        "the next session answers in camelCase, as Graph documents"
    );
    assert!(second.json()["expirationDateTime"].is_string());
}

/// One `PUT` to an upload URL.
struct Chunk {
    url: String,
    token: String,
    bytes: Vec<u8>,
    range: String,
    auth: bool,
}

impl Chunk {
    async fn send(self, emulator: &mut Emulator) -> Reply {
        let bearer = format!("Bearer {}", self.token);
        let mut headers = vec![("content-range", self.range.as_str()), ("content-type", "application/octet-stream")];
        if self.auth {
            headers.push(("authorization", bearer.as_str()));
        }
        emulator.send_bytes(Method::PUT, &self.url, &headers, self.bytes).await.0
    }
}
