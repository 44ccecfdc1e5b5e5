//! The filters: source, SBI section, qualification, date range and (coordinators) interviewer.
//! A change goes into the page's address (so a filtered view can be shared) and the page asks
//! the server again. Without the page's script the form still works: it is a GET form.

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::use_navigate;

use super::dto::AggregateQuery;
use super::model::{query_string, selects_respondents};
use super::page::Page;
use crate::domain::access::StudyRole;
use crate::domain::reference::SBI_SECTIONS;
use crate::domain::tally::Source;
use crate::i18n::{Key, use_i18n};

/// Which filter a control sets.
#[derive(Clone, Copy)]
enum Field {
    Source,
    Sbi,
    Qualification,
    Interviewer,
    From,
    To,
}

fn with(mut q: AggregateQuery, field: Field, value: String) -> AggregateQuery {
    let v = Some(value.trim().to_string()).filter(|v| !v.is_empty());
    match field {
        Field::Source => q.source = v.and_then(|s| Source::from_code(&s)),
        Field::Sbi => q.sbi_section = v,
        Field::Qualification => q.qualification = v,
        Field::Interviewer => q.interviewer = v,
        Field::From => q.from = v,
        Field::To => q.to = v,
    }
    q
}

#[component]
pub fn Filters(page: Page) -> impl IntoView {
    let i18n = use_i18n();
    let Page {
        study,
        outline,
        refresh,
        ..
    } = page;
    let wanted = refresh.wanted;
    let navigate = use_navigate();
    let path = format!("/studies/{study}/dashboard");
    let base = path.clone();
    let go = move |q: AggregateQuery| {
        navigate(
            &format!("{base}{}", query_string(&q)),
            NavigateOptions {
                replace: true,
                scroll: false,
                ..NavigateOptions::default()
            },
        );
    };
    let set = {
        let go = go.clone();
        move |field: Field| {
            let go = go.clone();
            move |ev: leptos::ev::Event| {
                go(with(wanted.get_untracked(), field, event_target_value(&ev)))
            }
        }
    };
    let current = move |f: fn(&AggregateQuery) -> Option<String>| wanted.with(f);
    let qualifications = outline.with_value(|o| {
        o.qualifications
            .iter()
            .map(|q| (q.id.clone(), q.label.clone()))
            .collect::<Vec<_>>()
    });
    let interviewers = page.members;
    let clear = {
        let go = go.clone();
        move |_| go(AggregateQuery::default())
    };
    view! {
        <section class="card dash-filters" id="filters" aria-labelledby="filters-title">
            <h2 id="filters-title">{move || i18n.t(Key::FiltersTitle)}</h2>
            <form method="get" action=path class="dash-filters__form" on:submit=move |ev| {
                ev.prevent_default();
                refresh.now();
            }>
                <div class="dash-field">
                    <label for="f-source">{move || i18n.t(Key::FilterSource)}</label>
                    <select id="f-source" name="source" on:change=set(Field::Source)>
                        <option value="" selected=move || current(|q| q.source.map(|s| s.code().to_string())).is_none()>{move || i18n.t(Key::FilterAll)}</option>
                        {Source::ALL.into_iter().map(|s| view! {
                            <option value=s.code() selected=move || wanted.with(|q| q.source == Some(s))>
                                {move || i18n.t(match s { Source::Interview => Key::SourceInterview, Source::Workshop => Key::SourceWorkshop })}
                            </option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="dash-field">
                    <label for="f-sbi">{move || i18n.t(Key::SbiSection)}</label>
                    <select id="f-sbi" name="sbi_section" on:change=set(Field::Sbi)>
                        <option value="" selected=move || current(|q| q.sbi_section.clone()).is_none()>{move || i18n.t(Key::FilterAll)}</option>
                        {SBI_SECTIONS.iter().map(|s| {
                            let code = s.code.clone();
                            let label = s.clone();
                            view! {
                                <option value=s.code.clone() selected=move || wanted.with(|q| q.sbi_section.as_deref() == Some(code.as_str()))>
                                    {move || label.label(i18n.locale())}
                                </option>
                            }
                        }).collect_view()}
                    </select>
                </div>
                <div class="dash-field">
                    <label for="f-qualification">{move || i18n.t(Key::FilterQualification)}</label>
                    <select id="f-qualification" name="qualification" on:change=set(Field::Qualification)>
                        <option value="" selected=move || current(|q| q.qualification.clone()).is_none()>{move || i18n.t(Key::FilterAll)}</option>
                        {qualifications.into_iter().map(|(id, label)| {
                            let mine = id.clone();
                            view! {
                                <option value=id selected=move || wanted.with(|q| q.qualification.as_deref() == Some(mine.as_str()))>{label}</option>
                            }
                        }).collect_view()}
                    </select>
                </div>
                <div class="dash-field">
                    <label for="f-from">{move || i18n.t(Key::FilterFrom)}</label>
                    <input id="f-from" name="from" type="date" prop:value=move || current(|q| q.from.clone()).unwrap_or_default()
                        value=wanted.with_untracked(|q| q.from.clone()).unwrap_or_default() on:change=set(Field::From)/>
                </div>
                <div class="dash-field">
                    <label for="f-to">{move || i18n.t(Key::FilterTo)}</label>
                    <input id="f-to" name="to" type="date" prop:value=move || current(|q| q.to.clone()).unwrap_or_default()
                        value=wanted.with_untracked(|q| q.to.clone()).unwrap_or_default() on:change=set(Field::To)/>
                </div>
                {interviewers.map(|list| view! {
                    <div class="dash-field">
                        <label for="f-interviewer">{move || i18n.t(Key::FilterInterviewer)}</label>
                        <select id="f-interviewer" name="interviewer" on:change=set(Field::Interviewer)>
                            <option value="" selected=move || current(|q| q.interviewer.clone()).is_none()>{move || i18n.t(Key::FilterAll)}</option>
                            <Suspense fallback=|| ()>
                                {move || list.get().map(|members| members
                                    .into_iter()
                                    .filter(|m| matches!(m.role, StudyRole::Interviewer | StudyRole::Coordinator))
                                    .map(|m| {
                                        let id = m.user_id.to_string();
                                        let mine = id.clone();
                                        let name = if m.name.trim().is_empty() { m.email } else { m.name };
                                        view! {
                                            <option value=id selected=move || wanted.with(|q| q.interviewer.as_deref() == Some(mine.as_str()))>{name}</option>
                                        }
                                    })
                                    .collect_view())}
                            </Suspense>
                        </select>
                    </div>
                })}
                <div class="dash-filters__actions">
                    // Needed only before the page's script runs: after, every change applies at once.
                    <button type="submit" class="button">{move || i18n.t(Key::FilterApply)}</button>
                    {move || (wanted.with(|q| *q != AggregateQuery::default())).then(|| {
                        let clear = clear.clone();
                        view! { <button type="button" class="button button--secondary" on:click=clear>{i18n.t(Key::FilterClear)}</button> }
                    })}
                </div>
            </form>
            {move || wanted.with(selects_respondents).then(|| view! {
                <p class="notice notice--info" data-testid="filter-active">{i18n.t(Key::FilterActive)}</p>
            })}
        </section>
    }
}
