use crate::services::graph::GraphFailure;
use crate::text;
use leptos::prelude::*;

/// A failed call as a sentence the person can act on, with the ids support needs one click
/// away (docs/architecture.md, "Interface rules").
#[component]
pub fn Failure(failure: GraphFailure, lead: &'static str, testid: &'static str) -> impl IntoView {
    let details = match &failure {
        GraphFailure::Graph(error) => Some(format!(
            "HTTP {} {}\n{}\nrequest-id: {}\nclient-request-id: {}\ndate: {}",
            error.status,
            error.code,
            error.message,
            error.request_id.as_deref().unwrap_or("-"),
            error.client_request_id,
            error.date.as_deref().unwrap_or("-"),
        )),
        _ => None,
    };
    view! {
        <div class="failure" role="alert" data-testid=testid>
            <p>{lead} " " {failure.to_string()}</p>
            {details.map(|details| view! {
                <details class="note">
                    <summary data-testid="failure-details-toggle">{text::DETAILS_FOR_SUPPORT}</summary>
                    <pre data-testid="failure-details">{details}</pre>
                </details>
            })}
        </div>
    }
}
