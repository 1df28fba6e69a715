//! A third-party OpenID Connect provider on loopback for sign-in tests: panva's certified
//! `oidc-provider`, stock, started from `tests/oidc-provider` (its README says how it is
//! set up and which of its pages' fields a test fills in).

use std::path::PathBuf;
use std::process::Stdio;
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, ChildStdout, Command};

pub struct OidcProvider {
    /// `http://127.0.0.1:PORT`, exactly as the provider names itself.
    pub issuer: String,
    _child: Child,
    _stdout: BufReader<ChildStdout>,
}

impl OidcProvider {
    /// Starts the provider with one public client allowed to come back to `redirect_uri`.
    pub async fn start(client_id: &str, redirect_uri: &str) -> OidcProvider {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../oidc-provider");
        assert!(
            dir.join("node_modules/oidc-provider").is_dir(),
            "oidc-provider is not installed in {}: run `npm ci --prefix tests/oidc-provider` (scripts/test.sh does)",
            dir.display()
        );
        let mut child = Command::new("node")
            .arg("provider.mjs")
            .current_dir(&dir)
            .env("OIDC_PORT", "0")
            .env("OIDC_CLIENT_ID", client_id)
            .env("OIDC_REDIRECT_URI", redirect_uri)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .kill_on_drop(true)
            .spawn()
            .expect("node starts the OpenID provider");
        let mut stdout = BufReader::new(child.stdout.take().expect("piped stdout"));
        let mut line = String::new();
        tokio::time::timeout(Duration::from_secs(30), stdout.read_line(&mut line))
            .await
            .expect("the OpenID provider says where it listens within 30 s")
            .expect("its output is readable");
        let issuer = line
            .trim_end()
            .strip_prefix("oidc-provider listening on ")
            .unwrap_or_else(|| panic!("the OpenID provider printed {line:?}"))
            .to_owned();
        OidcProvider { issuer, _child: child, _stdout: stdout }
    }
}
