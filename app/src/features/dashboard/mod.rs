//! The coordinator's dashboard: live verdicts per item, the bcp overview, drill-down, coverage
//! and the thresholds. One page per study (`/studies/:id/dashboard`), for every member; its
//! filters stand in the address so that a filtered view can be shared.

pub mod api;
mod board;
mod charts;
mod coverage;
mod drill;
pub mod dto;
mod filters;
mod fmt;
pub mod model;
mod overview;
mod page;
mod refresh;
mod status;
mod tables;
mod thresholds;

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::{use_params_map, use_query_map};
use serde::{Deserialize, Serialize};

use crate::domain::access::{Permission, allows};
use crate::domain::codebook::NodeKind;
use crate::domain::ids::StudyId;
use crate::error::AppError;
use crate::features::codebooks::api::get_codebook;
use crate::features::codebooks::dto::CodebookView;
use crate::features::errors::{Denied, parse_id};
use crate::features::studies::api::{get_study, list_members};
use crate::features::studies::dto::StudyView;
use crate::i18n::{Key, use_i18n};
use crate::sync::live::use_live;
use api::aggregate;
use board::Board;
use dto::{AggregateQuery, AggregateView};
use model::Outline;
use page::Page;
use refresh::Refresh;

/// What the page needs before it can show anything; rendered on the server, taken over by the
/// browser as it is.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Loaded {
    study: StudyView,
    codebook: CodebookView,
    view: AggregateView,
    query: AggregateQuery,
}

/// A qualification the codebook does not have (an old or mistyped link) lists them all.
fn checked(mut query: AggregateQuery, codebook: &CodebookView) -> AggregateQuery {
    let known = |id: &str| {
        codebook
            .nodes
            .iter()
            .any(|n| n.kind == NodeKind::Qualification && n.id == id)
    };
    if query.qualification.as_deref().is_some_and(|q| !known(q)) {
        query.qualification = None;
    }
    query
}

async fn load(id: StudyId, wanted: AggregateQuery) -> Result<Loaded, AppError> {
    let study = get_study(id).await?;
    let codebook = get_codebook(study.codebook_id).await?;
    let query = checked(wanted, &codebook);
    let view = aggregate(id, query.clone()).await?;
    Ok(Loaded {
        study,
        codebook,
        view,
        query,
    })
}

#[component]
pub fn DashboardPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let query_map = use_query_map();
    let query = Memo::new(move |_| query_map.with(|m| model::query_from_params(|k| m.get(k))));
    let id = move || parse_id::<StudyId>(params.read().get("id"));
    // Only the study is the resource's key: a new filter updates the page in place.
    let data = Resource::new(id, move |id| {
        let wanted = query.get_untracked();
        async move { load(id?, wanted).await }
    });
    view! {
        <Title text=move || i18n.t(Key::DashboardTitle)/>
        <Suspense fallback=move || view! { <p aria-busy="true">{i18n.t(Key::Loading)}</p> }>
            {move || data.get().map(|r| match r {
                Ok(loaded) => view! { <Dashboard loaded query/> }.into_any(),
                Err(e) => view! { <Denied error=e/> }.into_any(),
            })}
        </Suspense>
    }
}

#[component]
fn Dashboard(loaded: Loaded, query: Memo<AggregateQuery>) -> impl IntoView {
    let i18n = use_i18n();
    let Loaded {
        study,
        codebook,
        view,
        query: first,
    } = loaded;
    let outline = Outline::of(&codebook.nodes);
    let board = Board::new(&codebook.nodes, &view);
    let live = use_live(study.id);
    let known = codebook.clone();
    let wanted = Memo::new(move |_| checked(query.get(), &known));
    let refresh = Refresh::new(study.id, board, live, wanted, first);
    live.subscribe(move |r| refresh.on_event(r));
    // In the browser: once at the start (the figures were read when the server rendered the
    // page, events since then are not in them), and whenever the filters change.
    Effect::new(move |_| {
        wanted.track();
        refresh.now();
    });
    let coordinator = allows(study.my_role, Permission::Coordinate);
    let sid = study.id;
    let page = Page {
        study: study.id,
        coordinator,
        outline: StoredValue::new(outline),
        board,
        refresh,
        selected: RwSignal::new(None),
        // Names are a convenience: without them the filter lists nobody and ids stay ids.
        members: coordinator.then(|| {
            Resource::new(
                || (),
                move |_| async move { list_members(sid).await.unwrap_or_default() },
            )
        }),
    };
    let name = study.name.clone();
    view! {
        <Title text=format!("{} · {}", i18n.t(Key::DashboardTitle), study.name)/>
        <p class="breadcrumb">
            <A href="/studies">{move || i18n.t(Key::StudiesTitle)}</A>
            " › "
            <A href=format!("/studies/{}", study.id)>{name}</A>
        </p>
        <h1 data-testid="dashboard-title">
            {move || i18n.t(Key::DashboardTitle)}
            <span class="dash-title__study">{study.name.clone()}</span>
        </h1>
        <p class="lead">{move || i18n.t(Key::DashboardIntro)}</p>
        <status::StatusBar live board refresh/>
        <nav class="dash-nav" aria-label=move || i18n.t(Key::OnThisPage)>
            <a href="#filters">{move || i18n.t(Key::FiltersTitle)}</a>
            <a href="#overview">{move || i18n.t(Key::OverviewTitle)}</a>
            <a href="#tables">{move || i18n.t(Key::TablesTitle)}</a>
            <a href="#coverage">{move || i18n.t(Key::CoverageTitle)}</a>
            <a href="#thresholds">{move || i18n.t(Key::ThresholdsTitle)}</a>
        </nav>
        <filters::Filters page/>
        <overview::Overview page/>
        <tables::Tables page/>
        <coverage::Coverage page/>
        <thresholds::Thresholds page/>
        <drill::Drill page/>
    }
}
