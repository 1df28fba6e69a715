//! The emulator as a person starts it: the binary, a real socket, plain HTTP.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

struct Running {
    child: Child,
    origin: String,
    upload_origin: String,
    /// Held open: the emulator may print more, and a closed pipe would end it.
    _stdout: BufReader<std::process::ChildStdout>,
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(args: &[&str]) -> Running {
    let mut child = Command::new(env!("CARGO_BIN_EXE_tern-emulator"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("emulator starts");
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut line = |prefix: &str| {
        let mut text = String::new();
        stdout.read_line(&mut text).unwrap();
        text.trim_end().strip_prefix(prefix).unwrap_or_else(|| panic!("expected {prefix:?}, the emulator printed {text:?}")).to_owned()
    };
    let origin = line("listening on ");
    let upload_origin = line("uploads on ");
    Running { child, origin, upload_origin, _stdout: stdout }
}

/// One HTTP/1.1 request; returns status, headers (lower-case names) and body.
fn request(origin: &str, method: &str, path: &str, body: &str) -> (u16, Vec<(String, String)>, String) {
    let address = origin.strip_prefix("http://").unwrap();
    let mut stream = TcpStream::connect(address).unwrap();
    write!(stream, "{method} {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\nContent-Length: {}\r\n\r\n{body}", body.len())
        .unwrap();
    let mut raw = String::new();
    stream.read_to_string(&mut raw).unwrap();
    let (head, body) = raw.split_once("\r\n\r\n").unwrap();
    let mut lines = head.lines();
    let status = lines.next().unwrap().split(' ').nth(1).unwrap().parse().unwrap();
    let headers =
        lines.filter_map(|line| line.split_once(": ")).map(|(name, value)| (name.to_ascii_lowercase(), value.to_owned())).collect();
    (status, headers, body.to_owned())
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
}

fn app_folder() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tern-emulator-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let page = "<!DOCTYPE html><meta http-equiv=\"Content-Security-Policy\" content=\"connect-src 'self' https://outlook.office.com\"><title>Tern</title>";
    std::fs::write(dir.join("index.html"), page).unwrap();
    std::fs::write(dir.join("addin.html"), page.replace("<title>Tern", "<title>Tern for Outlook")).unwrap();
    dir
}

#[test]
fn announces_a_free_loopback_port_first_and_answers_health() {
    let emulator = start(&["--port", "0"]);
    assert!(emulator.origin.starts_with("http://127.0.0.1:"), "{}", emulator.origin);
    assert_ne!(emulator.origin, "http://127.0.0.1:0");
    let (status, _, body) = request(&emulator.origin, "GET", "/_emulator/health", "");
    assert_eq!(status, 200);
    let health: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(health["status"], "ok");
}

#[test]
fn without_serve_there_is_no_app() {
    let emulator = start(&["--port", "0"]);
    assert_eq!(request(&emulator.origin, "GET", "/config.json", "").0, 404);
    assert_eq!(request(&emulator.origin, "GET", "/", "").0, 404);
}

#[test]
fn serves_the_app_with_a_config_pointing_at_itself() {
    let dir = app_folder();
    let emulator = start(&["--port", "0", "--serve", dir.to_str().unwrap()]);
    let (status, headers, body) = request(&emulator.origin, "GET", "/", "");
    assert_eq!(status, 200);
    assert!(body.contains("<title>Tern</title>"));
    assert_eq!(header(&headers, "referrer-policy"), Some("no-referrer"));
    for (name, value) in tern_emulator::DEPLOYMENT_HEADERS {
        assert_eq!(header(&headers, name), Some(value), "{name} on the page");
    }

    let (status, headers, body) = request(&emulator.origin, "GET", "/config.json", "");
    assert_eq!(status, 200);
    assert_eq!(header(&headers, "content-type"), Some("application/json"));
    let config: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(config["authority"], format!("{}/common", emulator.origin));
    assert_eq!(config["graph_base"], format!("{}/v1.0", emulator.origin));
    assert_eq!(config["client_id"], tern_emulator::DEMO_CLIENT_ID);
}

#[test]
fn uploads_have_a_listener_of_their_own_that_the_served_page_may_reach() {
    let dir = std::env::temp_dir().join(format!("tern-emulator-csp-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("index.html"),
        r#"<meta http-equiv="Content-Security-Policy" content="default-src 'none'; connect-src 'self' https://outlook.office.com">"#,
    )
    .unwrap();
    let emulator = start(&["--port", "0", "--serve", dir.to_str().unwrap()]);
    assert!(emulator.upload_origin.starts_with("http://127.0.0.1:"));
    assert_ne!(emulator.upload_origin, emulator.origin);
    for path in ["/", "/index.html"] {
        let (status, _, body) = request(&emulator.origin, "GET", path, "");
        assert_eq!(status, 200);
        assert!(body.contains(&format!("connect-src 'self' {} https://outlook.office.com", emulator.upload_origin)), "{body}");
    }
    assert_eq!(request(&emulator.upload_origin, "PUT", "/_upload/unknown", "x").0, 404);
    assert_eq!(request(&emulator.upload_origin, "GET", "/v1.0/me", "").0, 404, "Graph is not on the upload origin");
}

#[test]
fn the_ready_deployment_files_send_the_same_headers_as_the_emulator() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    for file in ["public/_headers", "deploy/nginx.conf", "deploy/Caddyfile", "deploy/staticwebapp.config.json"] {
        let text = std::fs::read_to_string(root.join(file)).unwrap_or_else(|error| panic!("{file}: {error}"));
        let lower = text.to_ascii_lowercase();
        for (name, value) in tern_emulator::DEPLOYMENT_HEADERS.iter().chain(&tern_emulator::ADDIN_HEADERS) {
            assert!(lower.contains(name), "{file} lacks {name}");
            assert!(text.contains(value), "{file} lacks {name}: {value}");
        }
        assert!(text.contains("public, max-age=86400"), "{file}: Outlook shows no button icon served as no-cache");
    }
    let dir = app_folder();
    let emulator = start(&["--port", "0", "--serve", dir.to_str().unwrap()]);
    let (_, headers, _) = request(&emulator.origin, "GET", "/config.json", "");
    assert_eq!(header(&headers, "x-content-type-options"), Some("nosniff"), "every file, not only the page");
    let (status, headers, body) = request(&emulator.origin, "GET", "/addin.html", "");
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        header(&headers, "content-security-policy"),
        Some(tern_emulator::ADDIN_FRAME_ANCESTORS),
        "Outlook on the web frames the pane"
    );
    assert_eq!(header(&headers, "cross-origin-opener-policy"), Some("unsafe-none"));
    assert_eq!(header(&headers, "x-content-type-options"), Some("nosniff"));
    assert!(body.contains(&format!("connect-src 'self' {}", emulator.upload_origin)), "{body}");
    let (status, _, manifest) = request(&emulator.origin, "GET", "/addin/manifest.xml", "");
    assert_eq!(status, 200);
    assert!(manifest.contains(&format!("<SourceLocation DefaultValue=\"{}/addin.html\"/>", emulator.origin)), "{manifest}");
    let (_, headers, _) = request(&emulator.origin, "GET", "/", "");
    assert_eq!(header(&headers, "content-security-policy"), Some("frame-ancestors 'none'"));
    assert_eq!(header(&headers, "cross-origin-opener-policy"), Some("same-origin"));
}

#[test]
fn tests_can_break_and_restore_the_app_config() {
    let dir = app_folder();
    let emulator = start(&["--port", "0", "--serve", dir.to_str().unwrap()]);
    assert_eq!(request(&emulator.origin, "PUT", "/_emulator/app-config", "{ not json").0, 204);
    assert_eq!(request(&emulator.origin, "GET", "/config.json", "").2, "{ not json");
    assert_eq!(request(&emulator.origin, "DELETE", "/_emulator/app-config", "").0, 204);
    assert_eq!(request(&emulator.origin, "GET", "/config.json", "").0, 404);
    assert_eq!(request(&emulator.origin, "POST", "/_emulator/reset", "").0, 204);
    let (status, _, body) = request(&emulator.origin, "GET", "/config.json", "");
    assert_eq!(status, 200);
    assert!(body.contains(tern_emulator::DEMO_CLIENT_ID));
}

#[test]
fn refuses_to_serve_a_folder_without_an_app() {
    let output =
        Command::new(env!("CARGO_BIN_EXE_tern-emulator")).args(["--port", "0", "--serve", "/nonexistent-tern-dist"]).output().unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("no index.html"), "{stderr}");
}

#[test]
fn bad_arguments_exit_with_usage() {
    let output = Command::new(env!("CARGO_BIN_EXE_tern-emulator")).args(["--port", "x"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("usage: tern-emulator"));
}

#[test]
fn an_identity_file_adds_users_and_apps() {
    let dir = std::env::temp_dir().join(format!("tern-emulator-identity-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("identity.json");
    std::fs::write(
        &file,
        r#"{"users": [{"upn": "alex@contoso.example", "name": "Alex Wilber", "password": "pw"}],
            "apps": [{"client_id": "0c1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f", "name": "Alex's tool",
                      "spa_redirect_uris": ["http://localhost:{port}/tool/"]}]}"#,
    )
    .unwrap();
    let emulator = start(&["--port", "0", "--identity", file.to_str().unwrap()]);
    let port = emulator.origin.rsplit_once(':').unwrap().1;
    let redirect = format!("http%3A%2F%2Flocalhost%3A{port}%2Ftool%2F");
    let path = format!(
        "/common/oauth2/v2.0/authorize?client_id=0c1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f&response_type=code&redirect_uri={redirect}&scope=openid&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256"
    );
    let (status, _, body) = request(&emulator.origin, "GET", &path, "");
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("Alex&#39;s tool"), "{body}");
    assert!(body.contains("data-upn=\"alex@contoso.example\""));
    assert!(body.contains("data-upn=\"adele@contoso.example\""), "the built-in users stay");
}

#[test]
fn a_bad_identity_file_stops_the_emulator_with_the_reason() {
    let dir = std::env::temp_dir().join(format!("tern-emulator-bad-identity-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("identity.json");
    std::fs::write(&file, r#"{"users": [{"upn": "alex@fabrikam.example", "name": "A", "password": "p"}]}"#).unwrap();
    let output =
        Command::new(env!("CARGO_BIN_EXE_tern-emulator")).args(["--port", "0", "--identity", file.to_str().unwrap()]).output().unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("--identity") && stderr.contains("contoso.example"), "{stderr}");
    let output = Command::new(env!("CARGO_BIN_EXE_tern-emulator"))
        .args(["--port", "0", "--identity", "/nonexistent-tern-identity.json"])
        .output()
        .unwrap();
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("/nonexistent-tern-identity.json"));
}

#[test]
fn fault_flags_plan_the_first_graph_calls_and_survive_a_reset() {
    let running = start(&["--port", "0", "--unavailable", "1", "--throttle=2"]);
    let (status, _, body) = request(&running.origin, "GET", "/_emulator/faults", "");
    assert_eq!(status, 200);
    assert!(body.contains("\"throttle\":2") && body.contains("\"unavailable\":1"), "{body}");
    let statuses: Vec<u16> = (0..4).map(|_| request(&running.origin, "GET", "/v1.0/me", "").0).collect();
    assert_eq!(statuses, vec![503, 429, 429, 401]);
    assert_eq!(request(&running.origin, "POST", "/_emulator/reset", "").0, 204);
    assert!(request(&running.origin, "GET", "/_emulator/faults", "").2.contains("\"throttle\":2"));
}
