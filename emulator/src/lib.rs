//! Tern's emulator of the Microsoft identity platform and of Microsoft Graph's Outlook
//! APIs. It listens on loopback only: it is a test bed and a demo, never a service.

// Request handlers return `Result<_, Response>` so that `?` turns any refusal into the
// answer Graph would give; the error is the HTTP response itself, made at most once per
// request, so its size costs nothing worth boxing for.
#![allow(clippy::result_large_err)]

pub mod addin_manifest;
mod app_config;
mod app_page;
mod control;
mod graph;
mod identity;
mod mail_protocols;
mod options;

use axum::http::{header, HeaderName, HeaderValue};
use axum::Router;
use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use tokio::net::TcpListener;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

pub use graph::store::MailSeed;
pub use identity::{
    AccessToken, Identity, JwtError, TokenRejection, DEMO_CLIENT_ID, IMPLICIT_CLIENT_ID, TENANT_DOMAIN, TENANT_ID, WEB_CLIENT_ID,
};
pub use options::{Options, Parsed, USAGE};

/// What every handler shares.
pub struct State {
    origin: String,
    /// Where upload sessions are answered: another origin, as Outlook's host is not Graph's.
    upload_origin: String,
    app_config: Mutex<app_config::Override>,
    identity: Identity,
    /// The mailboxes as they are now, and as they were at start (for `/_emulator/reset`).
    mail: Mutex<graph::store::Mail>,
    mail_at_start: graph::store::Mail,
    /// Calendars, contacts and To Do lists, now and at start.
    pim: Mutex<graph::pim_store::Pim>,
    pim_at_start: graph::pim_store::Pim,
    graph_faults: graph::faults::Faults,
    /// IMAP's UIDVALIDITY. UIDs are the mailboxes' arrival numbers, which a reset hands out
    /// again, so every start and every reset brings a new value.
    uid_validity: AtomicU32,
}

pub type Shared = Arc<State>;

pub struct Emulator {
    listener: TcpListener,
    router: Router,
    origin: String,
    upload_listener: TcpListener,
    upload_router: Router,
    upload_origin: String,
    state: Shared,
    imap: Option<TcpListener>,
    smtp: Option<TcpListener>,
}

impl Emulator {
    /// Binds 127.0.0.1 on the asked port (0 picks a free one) and builds the routes.
    pub async fn bind(options: Options) -> std::io::Result<Emulator> {
        if let Some(dir) = &options.serve {
            if !dir.join("index.html").is_file() {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::NotFound,
                    format!(
                        "--serve {}: there is no index.html in that folder (build the app first: trunk build --release)",
                        dir.display()
                    ),
                ));
            }
        }
        let identity_file = match &options.identity {
            Some(path) => Some(
                std::fs::read_to_string(path)
                    .map_err(|error| std::io::Error::new(error.kind(), format!("--identity {}: {error}", path.display())))?,
            ),
            None => None,
        };
        let listener = TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, options.port))).await?;
        let origin = format!("http://{}", listener.local_addr()?);
        let upload_listener = TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, options.upload_port()))).await.map_err(|error| {
            std::io::Error::new(
                error.kind(),
                format!("the upload listener on port {}: {error} (choose another with --upload-port)", options.upload_port()),
            )
        })?;
        let upload_origin = format!("http://{}", upload_listener.local_addr()?);
        let imap = bind_optional("--imap-port", options.imap_port).await?;
        let smtp = bind_optional("--smtp-port", options.smtp_port).await?;
        let seed = MailSeed { data: options.data.clone(), generate: options.generate_mail, time_zone: options.mailbox_time_zone.clone() };
        let state = State::build(Origins { graph: &origin, upload: &upload_origin }, identity_file.as_deref(), &seed)
            .map_err(|error| std::io::Error::new(std::io::ErrorKind::InvalidData, error))?;
        state.graph_faults.set_start_plan(graph::faults::Plan {
            latency_ms: options.latency_ms,
            throttle: options.throttle,
            unavailable: options.unavailable,
            send_delay_ms: options.send_delay_ms,
            ..Default::default()
        });
        let upload_router = upload_router(state.clone());
        let router = router(state.clone(), options.serve);
        Ok(Emulator { listener, router, origin, upload_listener, upload_router, upload_origin, state, imap, smtp })
    }

    /// `http://127.0.0.1:PORT`
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// The origin of upload URLs, `http://127.0.0.1:PORT`.
    pub fn upload_origin(&self) -> &str {
        &self.upload_origin
    }

    /// Where IMAP is answered, with `--imap-port`.
    pub fn imap_addr(&self) -> Option<SocketAddr> {
        self.imap.as_ref().and_then(|listener| listener.local_addr().ok())
    }

    /// Where SMTP submission is answered, with `--smtp-port`.
    pub fn smtp_addr(&self) -> Option<SocketAddr> {
        self.smtp.as_ref().and_then(|listener| listener.local_addr().ok())
    }

    pub async fn run(self) -> std::io::Result<()> {
        self.run_until(std::future::pending()).await
    }

    /// Serves until Ctrl-C, then lets the HTTP requests under way finish; IMAP and SMTP
    /// conversations end at once.
    pub async fn run_until_ctrl_c(self) -> std::io::Result<()> {
        self.run_until(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
    }

    async fn run_until(self, stop: impl std::future::Future<Output = ()> + Send + 'static) -> std::io::Result<()> {
        let (stopping, stopped) = tokio::sync::watch::channel(false);
        let signal = move |mut stopped: tokio::sync::watch::Receiver<bool>| async move {
            let _ = stopped.wait_for(|stop| *stop).await;
        };
        let graph = axum::serve(self.listener, self.router).with_graceful_shutdown(signal(stopped.clone()));
        let uploads = axum::serve(self.upload_listener, self.upload_router).with_graceful_shutdown(signal(stopped.clone()));
        let protocol = |protocol, listener: Option<TcpListener>| {
            let (state, stopped) = (self.state.clone(), stopped.clone());
            async move {
                match listener {
                    Some(listener) => mail_protocols::serve(protocol, listener, state, stopped).await,
                    None => Ok(()),
                }
            }
        };
        let imap = protocol(mail_protocols::Protocol::Imap, self.imap);
        let smtp = protocol(mail_protocols::Protocol::Smtp, self.smtp);
        let trigger = async move {
            stop.await;
            let _ = stopping.send(true);
            Ok(())
        };
        tokio::try_join!(graph, uploads, imap, smtp, trigger).map(|_| ())
    }
}

/// A listener on 127.0.0.1 for an optional flag's port, the flag named if binding fails.
async fn bind_optional(flag: &str, port: Option<u16>) -> std::io::Result<Option<TcpListener>> {
    let Some(port) = port else {
        return Ok(None);
    };
    TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, port)))
        .await
        .map(Some)
        .map_err(|error| std::io::Error::new(error.kind(), format!("{flag} {port}: {error}")))
}

/// The listener of upload sessions: pre-authenticated URLs on an origin of their own.
pub fn upload_router(state: Shared) -> Router {
    graph::upload_routes().route("/favicon.ico", axum::routing::get(|| async { axum::http::StatusCode::NO_CONTENT })).with_state(state)
}

/// The two origins the emulator answers on.
#[derive(Clone, Copy)]
pub struct Origins<'a> {
    pub graph: &'a str,
    pub upload: &'a str,
}

/// The upload origin a Graph origin gets by default: the next port on the same host.
pub fn default_upload_origin(origin: &str) -> String {
    match origin.rsplit_once(':').and_then(|(host, port)| Some((host, port.parse::<u16>().ok()?))) {
        Some((host, port)) => format!("{host}:{}", port.wrapping_add(1)),
        None => origin.to_owned(),
    }
}

/// The headers a deployment of Tern sends with every file (README, "Deploying"; the same
/// set is in `public/_headers` and `deploy/`). The page's `<meta>` policy carries the rest
/// of its CSP; a header is the only place for `frame-ancestors`.
pub const DEPLOYMENT_HEADERS: [(&str, &str); 5] = [
    ("content-security-policy", "frame-ancestors 'none'"),
    ("x-content-type-options", "nosniff"),
    ("referrer-policy", "no-referrer"),
    ("cross-origin-opener-policy", "same-origin"),
    (
        "permissions-policy",
        "accelerometer=(), autoplay=(), camera=(), display-capture=(), encrypted-media=(), fullscreen=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), picture-in-picture=(), publickey-credentials-get=(), screen-wake-lock=(), serial=(), usb=(), xr-spatial-tracking=(), clipboard-read=()",
    ),
];

/// What the add-in's pane (`addin.html`) sends instead: Outlook on the web frames it, and
/// the Office dialog it opens fails (error 12006) under `same-origin`. The rest of
/// [`DEPLOYMENT_HEADERS`] applies as to every file.
pub const ADDIN_HEADERS: [(&str, &str); 2] =
    [("content-security-policy", ADDIN_FRAME_ANCESTORS), ("cross-origin-opener-policy", "unsafe-none")];

/// Outlook on the web's hosts, which frame the pane; desktop and mobile Outlook show it in
/// a web view of their own, where no ancestor exists.
pub const ADDIN_FRAME_ANCESTORS: &str =
    "frame-ancestors 'self' https://outlook.office.com https://outlook.office365.com https://outlook.cloud.microsoft https://outlook.live.com";

/// All routes. With a folder to serve, the built app is answered at `/` and its
/// `config.json` points at this emulator.
pub fn router(state: Shared, serve: Option<PathBuf>) -> Router {
    // Browsers ask every origin for an icon; the sign-in pages have none, and a 404 would
    // read as an error in the console of every test.
    let mut router = control::routes()
        .merge(identity::routes())
        .merge(graph::routes(state.clone()))
        .route("/favicon.ico", axum::routing::get(|| async { axum::http::StatusCode::NO_CONTENT }));
    if let Some(dir) = serve {
        let app = Router::new()
            .route("/config.json", axum::routing::get(app_config::serve))
            .merge(app_page::routes(dir.clone()))
            .merge(addin_manifest::routes())
            .fallback_service(ServeDir::new(dir))
            .layer(SetResponseHeaderLayer::overriding(header::CACHE_CONTROL, HeaderValue::from_static("no-cache")));
        let app = DEPLOYMENT_HEADERS.iter().fold(app, |app, (name, value)| {
            app.layer(SetResponseHeaderLayer::if_not_present(HeaderName::from_static(name), HeaderValue::from_static(value)))
        });
        router = router.merge(app);
    }
    router.with_state(state)
}

impl State {
    /// `origin` is where the emulator answers, e.g. `http://127.0.0.1:8710`; the directory
    /// is the built-in demo one.
    pub fn new(origin: &str) -> Shared {
        State::with_identity_file(origin, None).expect("the built-in directory is valid")
    }

    /// As [`State::new`], with the users and apps of an `--identity` file's text added.
    pub fn with_identity_file(origin: &str, identity_file: Option<&str>) -> Result<Shared, String> {
        State::with_mail(origin, identity_file, &MailSeed::default())
    }

    /// As [`State::with_identity_file`], with mailboxes seeded as `seed` says (`--data`,
    /// `--generate-mail`). Errors name the flag at fault.
    pub fn with_mail(origin: &str, identity_file: Option<&str>, seed: &MailSeed) -> Result<Shared, String> {
        State::build(Origins { graph: origin, upload: &default_upload_origin(origin) }, identity_file, seed)
    }

    pub fn build(origins: Origins, identity_file: Option<&str>, seed: &MailSeed) -> Result<Shared, String> {
        let origin = origins.graph;
        let identity = Identity::new(origin, identity_file).map_err(|error| format!("--identity: {error}"))?;
        let mail = graph::store::Mail::build(identity.users(), seed).map_err(|error| format!("--data: {error}"))?;
        let pim = graph::pim_store::Pim::build(identity.users(), seed.data.as_ref()).map_err(|error| format!("--data: {error}"))?;
        Ok(Arc::new(State {
            origin: origin.to_owned(),
            upload_origin: origins.upload.to_owned(),
            app_config: Mutex::new(app_config::Override::default()),
            mail: Mutex::new(mail.clone()),
            mail_at_start: mail,
            pim: Mutex::new(pim.clone()),
            pim_at_start: pim,
            graph_faults: graph::faults::Faults::default(),
            uid_validity: AtomicU32::new(unix_seconds_u32(identity.now().unix_seconds())),
            identity,
        }))
    }

    /// The identity platform side, e.g. to check an access token as Graph does.
    pub fn identity(&self) -> &Identity {
        &self.identity
    }

    pub(crate) fn uid_validity(&self) -> u32 {
        self.uid_validity.load(Ordering::Relaxed)
    }

    /// A UIDVALIDITY never given before, for mailboxes put back as they were at start.
    pub(crate) fn renew_uid_validity(&self) {
        let now = unix_seconds_u32(self.identity.now().unix_seconds());
        let _ = self.uid_validity.fetch_update(Ordering::Relaxed, Ordering::Relaxed, |old| Some(now.max(old.wrapping_add(1))));
    }
}

fn unix_seconds_u32(seconds: i64) -> u32 {
    u32::try_from(seconds).unwrap_or(u32::MAX)
}
