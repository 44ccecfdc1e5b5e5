//! Codebooks: the list with the import form, and one codebook's tree with search and export.

pub mod api;
pub mod dto;
mod import_form;
mod tree;

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use crate::domain::codebook::Counts;
use crate::domain::ids::CodebookId;
use crate::features::errors::{ErrorPage, parse_id};
use crate::i18n::{Key, use_i18n};
use api::{get_codebook, list_codebooks};
use dto::CodebookSummary;

#[component]
pub fn CodebooksPage() -> impl IntoView {
    let i18n = use_i18n();
    let codebooks = Resource::new(|| (), |_| list_codebooks());
    view! {
        <Title text=move || i18n.t(Key::CodebooksTitle)/>
        <h1>{move || i18n.t(Key::CodebooksTitle)}</h1>
        <p class="lead">{move || i18n.t(Key::CodebooksIntro)}</p>
        <section class="card" aria-labelledby="codebook-list-title">
            <h2 id="codebook-list-title">{move || i18n.t(Key::CodebooksAvailable)}</h2>
            <Suspense fallback=move || view! { <p aria-busy="true">{i18n.t(Key::Loading)}</p> }>
                {move || codebooks.get().map(|result| match result {
                    Ok(list) => view! { <CodebookTable list/> }.into_any(),
                    Err(e) => view! { <ErrorPage error=e/> }.into_any(),
                })}
            </Suspense>
        </section>
        <import_form::ImportForm on_imported=move || codebooks.refetch()/>
    }
}

#[component]
fn CodebookTable(list: Vec<CodebookSummary>) -> impl IntoView {
    let i18n = use_i18n();
    if list.is_empty() {
        return view! { <p>{move || i18n.t(Key::NoCodebooks)}</p> }.into_any();
    }
    view! {
        <div class="table-wrap">
            <table class="table" data-testid="codebook-table">
                <thead>
                    <tr>
                        <th scope="col">{move || i18n.t(Key::ColName)}</th>
                        <th scope="col">{move || i18n.t(Key::ColVersion)}</th>
                        <th scope="col">{move || i18n.t(Key::ColOrigin)}</th>
                        <th scope="col" class="num">{move || i18n.t(Key::CountRoles)}</th>
                        <th scope="col" class="num">{move || i18n.t(Key::CountItems)}</th>
                    </tr>
                </thead>
                <tbody>
                    {list
                        .into_iter()
                        .map(|c| {
                            let origin = if c.origin == "builtin" { Key::OriginBuiltin } else { Key::OriginImport };
                            view! {
                                <tr>
                                    <td><A href=format!("/codebooks/{}", c.id)>{c.name.clone()}</A></td>
                                    <td>{c.version}</td>
                                    <td>{move || i18n.t(origin)}</td>
                                    <td class="num">{c.counts.roles}</td>
                                    <td class="num">{c.counts.items}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

#[component]
pub fn CodebookPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || parse_id::<CodebookId>(params.read().get("id"));
    let codebook = Resource::new(id, |id| async move { get_codebook(id?).await });
    view! {
        // The page's title before the codebook has loaded; its name replaces it then.
        <Title text=move || i18n.t(Key::CodebooksTitle)/>
        <Suspense fallback=move || view! { <p aria-busy="true">{i18n.t(Key::Loading)}</p> }>
            {move || codebook.get().map(|result| match result {
                Ok(view) => {
                    let s = view.summary.clone();
                    view! {
                        <Title text=s.name.clone()/>
                        <p class="breadcrumb"><A href="/codebooks">{move || i18n.t(Key::CodebooksTitle)}</A></p>
                        <h1>{s.name.clone()} <span class="muted">" · v"{s.version}</span></h1>
                        {s.description.clone().map(|d| view! { <p class="lead">{d}</p> })}
                        <CountsList counts=s.counts.clone()/>
                        <p class="actions">
                            <a class="button button--secondary" href=format!("/api/v1/codebooks/{}/export.qdc", s.id) download="">
                                {move || i18n.t(Key::ExportQdc)}
                            </a>
                            <a class="button button--secondary" href=format!("/api/v1/codebooks/{}/export.json", s.id) download="">
                                {move || i18n.t(Key::ExportJson)}
                            </a>
                        </p>
                        <tree::CodebookTree nodes=view.nodes/>
                    }
                    .into_any()
                }
                Err(e) if e.code == crate::error::ErrorCode::NotFound => view! { <crate::features::errors::NotFound/> }.into_any(),
                Err(e) => view! { <ErrorPage error=e/> }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn CountsList(counts: Counts) -> impl IntoView {
    let i18n = use_i18n();
    let rows = [
        (Key::CountQualifications, counts.qualifications),
        (Key::CountRoles, counts.roles),
        (Key::CountSections, counts.sections),
        (Key::CountItems, counts.items),
        (Key::SectionDescription, counts.description_items),
        (Key::SectionTasks, counts.task_items),
        (Key::SectionCompetencies, counts.competency_items),
        (Key::SectionKnowledgeSkills, counts.knowledge_skill_items),
    ];
    view! {
        <dl class="counts" data-testid="codebook-counts">
            {rows
                .into_iter()
                .map(|(key, n)| view! {
                    <div><dt>{move || i18n.t(key)}</dt><dd>{n}</dd></div>
                })
                .collect_view()}
        </dl>
    }
}
