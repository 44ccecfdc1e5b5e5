//! System status: what a maintainer checks first (database kind, migrations, version).

use leptos::prelude::*;
use leptos_meta::Title;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::features::errors::ErrorPage;
use crate::i18n::{Key, use_i18n};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SystemStatus {
    /// `sqlite` or `postgres`.
    pub database: String,
    pub migrations_applied: u32,
    pub migrations_pending: u32,
    pub version: String,
}

#[server(prefix = "/sfn", endpoint = "system_status")]
pub async fn get_system_status() -> Result<SystemStatus, AppError> {
    crate::ports::call(GetSystemStatus {}).await
}

#[component]
pub fn StatusPage() -> impl IntoView {
    let i18n = use_i18n();
    let status = Resource::new(|| (), |_| get_system_status());
    view! {
        <Title text=move || i18n.t(Key::StatusTitle)/>
        <section class="card">
            <h1>{move || i18n.t(Key::StatusTitle)}</h1>
            <Suspense fallback=move || view! { <p aria-busy="true">{i18n.t(Key::Loading)}</p> }>
                {move || status.get().map(|result| match result {
                    Ok(s) => view! { <StatusTable status=s/> }.into_any(),
                    Err(e) => view! { <ErrorPage error=e/> }.into_any(),
                })}
            </Suspense>
            <button type="button" class="button" on:click=move |_| status.refetch()>
                {move || i18n.t(Key::StatusRefresh)}
            </button>
        </section>
    }
}

#[component]
fn StatusTable(status: SystemStatus) -> impl IntoView {
    let i18n = use_i18n();
    let ready = status.migrations_pending == 0;
    view! {
        <dl class="facts" data-testid="status">
            <dt>{move || i18n.t(Key::StatusDatabase)}</dt>
            <dd data-testid="status-database">{status.database}</dd>
            <dt>{move || i18n.t(Key::StatusMigrations)}</dt>
            <dd>{status.migrations_applied}</dd>
            <dt>{move || i18n.t(Key::StatusVersion)}</dt>
            <dd>{status.version}</dd>
            <dt>{move || i18n.t(Key::StatusReady)}</dt>
            <dd>{if ready { "✓" } else { "✗" }}</dd>
        </dl>
    }
}
