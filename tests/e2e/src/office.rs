//! Office for the add-in's tests: a stand-in for Office.js (`tests/e2e/office/office.js`)
//! served over TLS under Microsoft's CDN host name, which the test browser resolves to it.
//! `openssl s_server` serves it: a TLS server the machine already has (scripts/setup.sh
//! makes sure), with a certificate made for the run.

use std::path::PathBuf;
use std::process::Stdio;
use std::time::Duration;
use tokio::process::{Child, Command};

/// Where Office.js comes from; the add-in's page names it and nothing else.
pub const CDN_HOST: &str = "appsforoffice.microsoft.com";
const STAND_IN: &str = include_str!("../office/office.js");

/// The stand-in CDN, for as long as the test holds it.
pub struct OfficeCdn {
    pub port: u16,
    _server: Child,
}

impl OfficeCdn {
    /// Chromium arguments that send the CDN's host to this server and accept its certificate.
    pub fn browser_args(&self) -> Vec<String> {
        vec![format!("--host-resolver-rules=MAP {CDN_HOST}:443 127.0.0.1:{}", self.port), "--ignore-certificate-errors".to_owned()]
    }
}

async fn openssl(args: &[&str], dir: &PathBuf) {
    let status = Command::new("openssl")
        .args(args)
        .current_dir(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .await
        .unwrap_or_else(|error| panic!("cannot run openssl: {error} (scripts/setup.sh installs it)"));
    assert!(status.success(), "openssl {args:?} failed");
}

pub async fn serve() -> OfficeCdn {
    let port = super::free_port().await;
    let dir = std::env::temp_dir().join(format!("tern-e2e-office-{}-{port}", std::process::id()));
    let hosted = dir.join("www/lib/1/hosted");
    std::fs::create_dir_all(&hosted).unwrap();
    std::fs::write(hosted.join("office.js"), STAND_IN).unwrap();
    let subject = format!("subjectAltName=DNS:{CDN_HOST}");
    openssl(
        &[
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-days",
            "1",
            "-subj",
            &format!("/CN={CDN_HOST}"),
            "-addext",
            &subject,
            "-keyout",
            "key.pem",
            "-out",
            "cert.pem",
        ],
        &dir,
    )
    .await;
    let server = Command::new("openssl")
        .args(["s_server", "-quiet", "-accept", &format!("127.0.0.1:{port}"), "-cert", "../cert.pem", "-key", "../key.pem", "-WWW"])
        .current_dir(dir.join("www"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .unwrap_or_else(|error| panic!("cannot start openssl s_server: {error}"));
    for _ in 0..100 {
        if tokio::net::TcpStream::connect(("127.0.0.1", port)).await.is_ok() {
            return OfficeCdn { port, _server: server };
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("openssl s_server did not listen on {port}");
}
