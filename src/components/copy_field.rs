use crate::browser::clipboard;
use crate::text;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Text for the person to copy: shown read-only, so it can also be selected by hand, with
/// a Copy button that says whether the clipboard took it. With `warn_once`, the first copy
/// of a secret asks first; the signal remembers that the person was told. With
/// `copy_at_once`, the field copies as it appears (it is shown by a click that asked to copy).
#[component]
pub fn CopyField(
    text: String,
    /// What the text is, for assistive technology.
    label: &'static str,
    testid: &'static str,
    #[prop(optional)] warn_once: Option<RwSignal<bool>>,
    #[prop(optional)] copy_at_once: bool,
) -> impl IntoView {
    let said = RwSignal::new(None::<String>);
    let asking = RwSignal::new(false);
    let copied = text.clone();
    let copy = move || {
        let text = copied.clone();
        spawn_local(async move {
            let outcome = clipboard::copy(&text).await;
            said.try_set(Some(match outcome {
                Ok(()) => text::COPIED.to_owned(),
                Err(problem) => format!("{} {problem}", text::COPY_REFUSED),
            }));
        });
    };
    if copy_at_once {
        copy();
    }
    let press = {
        let copy = copy.clone();
        move |_| match warn_once {
            Some(warned) if !warned.get_untracked() => asking.set(true),
            _ => copy(),
        }
    };
    let confirm = move |_| {
        if let Some(warned) = warn_once {
            warned.set(true);
        }
        asking.set(false);
        copy();
    };
    view! {
        <div class="copy-field">
            <textarea readonly rows="3" aria-label=label data-testid=testid>{text}</textarea>
            <button type="button" data-testid=format!("{testid}-copy") on:click=press>{text::COPY}</button>
            {move || asking.get().then(|| view! {
                <p class="warning" role="alert" data-testid="copy-warning">
                    {text::COPY_SECRET_WARNING} " "
                    <button type="button" data-testid="copy-warning-confirm" on:click=confirm.clone()>{text::COPY_ANYWAY}</button>
                </p>
            })}
            {move || said.get().map(|said| view! { <p class="note" role="status" data-testid=format!("{testid}-copied")>{said}</p> })}
        </div>
    }
}
