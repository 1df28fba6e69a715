//! The signed-in person's photo, shared by the header's avatar and the home page: asked
//! once per account, and its `blob:` URL given back when another account takes its place.

use crate::services::auth::Auth;
use crate::services::graph::{after_first_requests, BlobKind, Graph};
use crate::services::task::{load, Loaded};
use leptos::prelude::*;
use tern_core::graph::requests;

#[derive(Clone, Copy)]
pub struct AccountPhoto {
    url: Loaded<Option<String>>,
}

impl AccountPhoto {
    pub fn provide(graph: Graph) {
        let auth: Auth = graph.auth();
        let shown = StoredValue::new(None::<String>);
        let url = load(move || {
            let signed_in = auth.active.with(Option::is_some);
            async move {
                after_first_requests().await;
                // A person without a photo (Graph answers 404) gets initials instead.
                let fresh = if signed_in { graph.object_url(&requests::photo(), BlobKind::RasterImage).await.ok() } else { None };
                if let Some(previous) = shown.try_update_value(|shown| std::mem::replace(shown, fresh.clone())).flatten() {
                    let _ = web_sys::Url::revoke_object_url(&previous);
                }
                fresh
            }
        });
        provide_context(Self { url });
    }

    pub fn expect() -> Self {
        expect_context()
    }

    /// The photo's URL once it has arrived; `None` before and for a person without one.
    pub fn url(self) -> Option<String> {
        self.url.get().flatten()
    }
}
