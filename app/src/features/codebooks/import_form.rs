//! Upload a codebook file (our JSON or REFI-QDA `.qdc`). The browser reads the file and sends its
//! text to the import server function; every problem the server finds is listed with its place.

use leptos::html::Input;
use leptos::prelude::*;
use leptos_router::components::A;

use super::api::import_codebook;
use crate::error::{AppError, ErrorCode};
use crate::i18n::{Key, use_i18n};

#[component]
pub fn ImportForm(on_imported: impl Fn() + Send + Sync + Copy + 'static) -> impl IntoView {
    let i18n = use_i18n();
    let file_input = NodeRef::<Input>::new();
    let read_error = RwSignal::new(None::<Key>);
    let import = Action::new(|(name, content): &(String, String)| {
        import_codebook(name.clone(), content.clone())
    });
    let pending = import.pending();

    Effect::new(move |_| {
        if matches!(import.value().get(), Some(Ok(_))) {
            on_imported();
        }
    });

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        read_error.set(None);
        let Some(input) = file_input.get() else {
            return;
        };
        leptos::task::spawn_local(async move {
            match read_selected_file(&input).await {
                Ok((name, content)) => {
                    import.dispatch((name, content));
                }
                Err(key) => read_error.set(Some(key)),
            }
        });
    };

    view! {
        <section class="card" aria-labelledby="import-title">
            <h2 id="import-title">{move || i18n.t(Key::ImportTitle)}</h2>
            <p class="muted">{move || i18n.t(Key::ImportHelp)}</p>
            <form class="form" on:submit=submit>
                <label for="codebook-file">{move || i18n.t(Key::ImportFileLabel)}</label>
                <input id="codebook-file" name="file" type="file" accept=".json,.qdc,.xml,application/json,application/xml" node_ref=file_input required/>
                <button type="submit" class="button" disabled=move || pending.get()>
                    {move || if pending.get() { i18n.t(Key::Importing) } else { i18n.t(Key::ImportButton) }}
                </button>
            </form>
            <div role="status" aria-live="polite" data-testid="import-status">
                {move || read_error.get().map(|key| view! { <p class="notice notice--error">{i18n.t(key)}</p> })}
                {move || import.value().get().map(|result| match result {
                    Ok(outcome) => {
                        let key = if outcome.created { Key::ImportDone } else { Key::ImportAlreadyThere };
                        view! {
                            <p class="notice notice--ok">
                                {i18n.t(key)} " "
                                <A href=format!("/codebooks/{}", outcome.codebook.id)>{outcome.codebook.name.clone()}</A>
                                {format!(" — {} {}", outcome.codebook.counts.items, i18n.t(Key::CountItems).to_lowercase())}
                            </p>
                        }
                        .into_any()
                    }
                    Err(e) => view! { <ImportErrors error=e/> }.into_any(),
                })}
            </div>
        </section>
    }
}

#[component]
fn ImportErrors(error: AppError) -> impl IntoView {
    let i18n = use_i18n();
    let shown = 50;
    let more = error.details.len().saturating_sub(shown);
    let summary = match error.code {
        ErrorCode::Malformed if error.reason.is_none() => {
            i18n.t(Key::ImportUnreadableFile).to_string()
        }
        ErrorCode::Invalid if error.reason.is_none() => i18n
            .t(Key::ImportBrokenRules)
            .replace("{n}", &error.details.len().to_string()),
        _ => i18n.error(&error),
    };
    view! {
        <div class="notice notice--error">
            <p><strong>{i18n.t(Key::ImportFailed)}</strong> " " {summary}</p>
            {(!error.details.is_empty()).then(|| view! {
                <ul class="problems">
                    {error.details.iter().take(shown).map(|p| {
                        let (place, sentence) = i18n.problem(p);
                        view! { <li><code>{place}</code> " " {sentence}</li> }
                    }).collect_view()}
                </ul>
            })}
            {(more > 0).then(|| view! { <p>{format!("… +{more}")}</p> })}
        </div>
    }
}

#[cfg(feature = "hydrate")]
async fn read_selected_file(input: &web_sys::HtmlInputElement) -> Result<(String, String), Key> {
    let file = input
        .files()
        .and_then(|files| files.get(0))
        .ok_or(Key::ImportNoFile)?;
    let text = wasm_bindgen_futures::JsFuture::from(file.text())
        .await
        .map_err(|_| Key::ImportUnreadable)?;
    Ok((file.name(), text.as_string().ok_or(Key::ImportUnreadable)?))
}

#[cfg(not(feature = "hydrate"))]
async fn read_selected_file<T>(_input: &T) -> Result<(String, String), Key> {
    // Submitting needs the browser's File API; on the server the form is only rendered.
    Err(Key::ImportNoFile)
}
