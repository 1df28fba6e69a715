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

pub type Starting = Pin<Box<dyn Future<Output = Result<(), AuthError>>>>;

/// A [`SignInStart`] in Leptos's context.
pub type Shared = StoredValue<SignInStart, LocalStorage>;

#[derive(Clone)]
pub struct SignInStart(Rc<dyn Fn() -> Starting>);

impl SignInStart {
    pub fn through_session(auth: Auth) -> Self {
        SignInStart(Rc::new(move || Box::pin(auth.sign_in(Purpose::SignIn, None, None))))
    }

    pub fn by_redirect(config: Config) -> Self {
        let config = Rc::new(config);
        SignInStart(Rc::new(move || {
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
        }))
    }

    /// Leaves for the sign-in page, failing only if that could not start; inside Outlook,
    /// signs in there and ends when it is done.
    pub fn start(&self) -> Starting {
        (self.0)()
    }

    /// For the full app's screens, through Leptos's context (which holds only what may
    /// cross threads, hence the local store); the handle is the one the context holds.
    pub fn provide(self) -> Shared {
        let shared = StoredValue::new_local(self);
        provide_context(shared);
        shared
    }

    pub fn from_context() -> Option<Shared> {
        use_context::<Shared>()
    }
}
