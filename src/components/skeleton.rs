use leptos::prelude::*;

/// The shape of a list still on its way, so nothing jumps when it arrives; screen readers
/// hear `label` once instead of empty rows.
#[component]
pub fn SkeletonRows(count: usize, label: &'static str, testid: &'static str) -> impl IntoView {
    view! {
        <div class="skeleton-rows" role="status" aria-label=label data-testid=testid>
            {(0..count).map(|_| view! {
                <div class="skeleton-row" aria-hidden="true"><span></span><span></span><span></span></div>
            }).collect_view()}
        </div>
    }
}
