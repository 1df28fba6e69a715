//! Tern's emulator of the Microsoft identity platform and of Microsoft Graph's Outlook
//! APIs. It listens on loopback only: it is a test bed and a demo, never a service.

mod app_config;
mod control;
mod options;

use axum::http::{header, HeaderValue};
use axum::Router;
use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use tokio::net::TcpListener;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

pub use app_config::DEMO_CLIENT_ID;
pub use options::{Options, Parsed, USAGE};

/// What every handler shares.
pub struct State {
    origin: String,
    app_config: Mutex<app_config::Override>,
}

pub type Shared = Arc<State>;

pub struct Emulator {
    listener: TcpListener,
    router: Router,
    origin: String,
}

impl Emulator {
    /// Binds 127.0.0.1 on the asked port (0 picks a free one) and builds the routes.
    pub async fn bind(options: Options) -> std::io::Result<Emulator> {
        if let Some(dir) = &options.serve {
            if !dir.join("index.html").is_file() {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::NotFound,
                    format!("--serve {}: there is no index.html in that folder (build the app first: trunk build --release)", dir.display()),
                ));
            }
        }
        let listener = TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, options.port))).await?;
        let origin = format!("http://{}", listener.local_addr()?);
        let router = router(State::new(&origin), options.serve);
        Ok(Emulator {
            listener,
            router,
            origin,
        })
    }

    /// `http://127.0.0.1:PORT`
    pub fn origin(&self) -> &str {
        &self.origin
    }

    pub async fn run(self) -> std::io::Result<()> {
        axum::serve(self.listener, self.router).await
    }

    pub async fn run_until_ctrl_c(self) -> std::io::Result<()> {
        axum::serve(self.listener, self.router)
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await
    }
}

/// All routes. With a folder to serve, the built app is answered at `/` and its
/// `config.json` points at this emulator.
pub fn router(state: Shared, serve: Option<PathBuf>) -> Router {
    let mut router = control::routes();
    if let Some(dir) = serve {
        let app = Router::new()
            .route("/config.json", axum::routing::get(app_config::serve))
            .fallback_service(ServeDir::new(dir))
            .layer(SetResponseHeaderLayer::overriding(
                header::CACHE_CONTROL,
                HeaderValue::from_static("no-cache"),
            ))
            .layer(SetResponseHeaderLayer::overriding(
                header::REFERRER_POLICY,
                HeaderValue::from_static("no-referrer"),
            ))
            .layer(SetResponseHeaderLayer::overriding(
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            ))
            // A meta tag cannot set frame-ancestors; the emulator lets only itself frame Tern.
            .layer(SetResponseHeaderLayer::overriding(
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_static("frame-ancestors 'self'"),
            ));
        router = router.merge(app);
    }
    router.with_state(state)
}

impl State {
    /// `origin` is where the emulator answers, e.g. `http://127.0.0.1:8710`.
    pub fn new(origin: &str) -> Shared {
        Arc::new(State {
            origin: origin.to_owned(),
            app_config: Mutex::new(app_config::Override::default()),
        })
    }
}
