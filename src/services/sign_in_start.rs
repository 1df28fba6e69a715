//! What a *Sign in* button does. The full app signs in through its session (`Auth`), which
//! knows the accounts and Outlook's own sign-in; the first screen only leaves for the
//! identity provider's page. Each provides its own, so the first screen's build carries
//! none of the session.

use super::auth::{interaction_store, load_discovery, Auth, Redirect};
use leptos::prelude::*;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use tern_core::auth::authorize::Purpose;
use tern_core::auth::error::AuthError;
use tern_core::config::Config;

type Starting = Pin<Box<dyn Future<Output = Result<(), AuthError>>>>;

#[derive(Clone, Copy)]
pub struct SignInStart(StoredValue<Rc<dyn Fn() -> Starting>, LocalStorage>);

impl SignInStart {
    fn new(start: impl Fn() -> Starting + 'static) -> Self {
        SignInStart(StoredValue::new_local(Rc::new(start)))
    }

    pub fn through_session(auth: Auth) -> Self {
        Self::new(move || Box::pin(auth.sign_in(Purpose::SignIn, None, None)))
    }

    pub fn by_redirect(config: Config) -> Self {
        let config = Rc::new(config);
        Self::new(move || {
            let config = config.clone();
            Box::pin(async move {
                let discovery = load_discovery(&config).await?;
                Redirect {
                    config: &config,
                    discovery: &discovery,
                    interactions: &interaction_store(),
                    purpose: Purpose::SignIn,
                    prompt: None,
                    login_hint: None,
                    resource_scopes: &config.scopes,
                }
                .leave()
            })
        })
    }

    pub fn provide(self) {
        provide_context(self);
    }

    pub fn expect() -> Self {
        expect_context()
    }

    /// Leaves for the sign-in page (or, inside Outlook, signs in there); returns only if
    /// that could not start.
    pub async fn run(self) -> Result<(), AuthError> {
        let start = self.0.get_value();
        start().await
    }
}
