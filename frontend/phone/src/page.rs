//! The page: join first (unless this phone joined already), then follow the workshop.

use leptos::prelude::*;

use app::components::verdict::VerdictBadge;
use app::domain::ids::WorkshopId;
use app::domain::rating::Rating;
use app::domain::workshop::{Mode, normalise_code};
use app::error::{AppError, ErrorCode};
use app::features::workshops::dto::{Joined, ParticipantView, RoundResult, WorkshopItem};
use app::i18n::{I18n, Key, provide_i18n, rating_key};
use app::sync::SaveState;

use crate::join::JoinForm;
use crate::live::{self, Link};
use crate::{api, place, vote};

#[derive(Clone)]
enum Stage {
    Loading,
    Join { code: String, expired: bool },
    Voting(WorkshopId, Box<ParticipantView>),
}

/// The code in the address (`/join/ABC2345`), if any.
fn code_in_address() -> Option<String> {
    let path = web_sys::window()?.location().pathname().ok()?;
    let code = path.strip_prefix("/join/")?;
    normalise_code(code)
}

#[component]
pub fn Phone() -> impl IntoView {
    let i18n = provide_i18n();
    let stage = RwSignal::new(Stage::Loading);
    let url_code = code_in_address();
    let typed = url_code.clone().unwrap_or_default();
    let join = move |expired| Stage::Join {
        code: typed.clone(),
        expired,
    };
    let start = join.clone();
    leptos::task::spawn_local(async move {
        stage.set(resume(url_code.clone(), start).await);
    });
    let joined = move |j: Joined| {
        place::remember_workshop(&j.workshop_id);
        leptos::task::spawn_local(async move {
            stage.set(match j.workshop_id.parse::<WorkshopId>() {
                Ok(id) => match api::me(id).await {
                    Ok(v) => Stage::Voting(id, Box::new(v)),
                    Err(_) => Stage::Join {
                        code: String::new(),
                        expired: true,
                    },
                },
                Err(_) => Stage::Join {
                    code: String::new(),
                    expired: true,
                },
            });
        });
    };
    view! {
        <main class="phone" lang=move || i18n.locale().code()>
            {move || match stage.get() {
                Stage::Loading => view! { <p class="loading">{i18n.t(Key::Loading)}</p> }.into_any(),
                Stage::Join { code, expired } => view! {
                    {expired.then(|| view! { <p class="notice">{i18n.t(Key::PhoneLeft)}</p> })}
                    <JoinForm code=code on_joined=joined />
                }.into_any(),
                Stage::Voting(id, v) => view! { <Voting workshop=id initial=*v /> }.into_any(),
            }}
        </main>
    }
}

/// Where a (re)loaded page starts: the workshop this phone joined, when the address names no
/// other; without a connection, its last known view.
async fn resume(url_code: Option<String>, join: impl Fn(bool) -> Stage) -> Stage {
    let Some(id) = place::workshop().and_then(|w| w.parse::<WorkshopId>().ok()) else {
        return join(false);
    };
    let wanted = |v: &ParticipantView| url_code.as_deref().is_none_or(|c| c == v.code);
    match api::me(id).await {
        Ok(v) if wanted(&v) => Stage::Voting(id, Box::new(v)),
        Ok(_) => join(false),
        Err(e) if e.code == ErrorCode::Transport => match place::last_view(&id.to_string()) {
            Some(v) if wanted(&v) => Stage::Voting(id, Box::new(v)),
            _ => join(false),
        },
        Err(_) => join(url_code.is_none()),
    }
}

#[component]
fn Voting(workshop: WorkshopId, initial: ParticipantView) -> impl IntoView {
    let i18n = app::i18n::use_i18n();
    let view = RwSignal::new(Some(initial));
    let link = RwSignal::new(Link::Connecting);
    let refused = RwSignal::new(None::<AppError>);
    live::follow(workshop, view, link);
    let votes = vote::queue(workshop, view, refused);
    let at = RwSignal::new(place::at(&workshop.to_string()));
    Effect::new(move |_| {
        view.with(|v| {
            if let Some(v) = v {
                place::remember_view(v);
            }
        });
    });
    Effect::new(move |_| place::remember_at(&workshop.to_string(), at.get()));
    let header = move || {
        view.with(|v| {
            v.as_ref().map(|v| {
                let name = i18n
                    .t(Key::PhoneJoinedAs)
                    .replace("{name}", &v.display_name);
                view! {
                    <header>
                        <h1>{v.title.clone()}</h1>
                        <p class="me">{name}</p>
                    </header>
                }
            })
        })
    };
    let body = move || {
        // Re-rendered when a vote is queued or answered, so "your vote" is current.
        votes.waiting();
        view.with(|v| v.clone()).map(|v| body(i18n, votes, at, &v))
    };
    view! {
        {header}
        {body}
        <p class="error" role="alert">{move || refused.get().map(|e| i18n.error(&e))}</p>
        <Status link=link state=votes.state />
    }
}

fn body(i18n: I18n, votes: vote::Votes, at: RwSignal<usize>, v: &ParticipantView) -> AnyView {
    if v.state.closed {
        return view! { <p class="closed">{i18n.t(Key::PhoneClosed)}</p> }.into_any();
    }
    let current = match v.state.mode {
        Mode::Paced => v
            .state
            .open_item
            .as_ref()
            .and_then(|id| v.items.iter().position(|i| &i.item_id == id)),
        Mode::SelfPaced => Some(at.get().min(v.items.len().saturating_sub(1))),
    };
    let Some(index) = current.filter(|i| *i < v.items.len()) else {
        return view! { <p class="waiting" aria-live="polite">{i18n.t(Key::PhoneWaiting)}</p> }
            .into_any();
    };
    let item = v.items[index].clone();
    let Some(round) = v.state.item(&item.item_id).cloned() else {
        return ().into_any();
    };
    let mine = vote::mine(votes, v, &item.item_id, round.round);
    let results: Vec<RoundResult> = v
        .results
        .iter()
        .filter(|r| r.item_id == item.item_id)
        .cloned()
        .collect();
    let self_paced = v.state.mode == Mode::SelfPaced;
    let total = v.items.len();
    let rated = v
        .items
        .iter()
        .filter(|i| {
            v.state
                .item(&i.item_id)
                .is_some_and(|r| vote::mine(votes, v, &i.item_id, r.round).is_some())
        })
        .count();
    let item_id = item.item_id.clone();
    let cast = Callback::new(move |rating: Rating| {
        vote::cast(votes, &item_id, rating);
        if self_paced && index + 1 < total {
            at.set(index + 1);
        }
    });
    view! {
        {self_paced.then(|| view! {
            <p class="progress">
                {i18n.t(Key::PhoneItemOf).replace("{i}", &(index + 1).to_string()).replace("{n}", &total.to_string())}
                " · "
                {i18n.t(Key::PhoneRated).replace("{n}", &rated.to_string()).replace("{total}", &total.to_string())}
            </p>
        })}
        <ItemCard item=item />
        {(round.round > 1).then(|| view! {
            <p class="round">{i18n.t(Key::PhoneRound).replace("{n}", &round.round.to_string())} " — " {i18n.t(Key::PhoneRevote)}</p>
        })}
        {if round.revealed {
            view! { <p class="notice">{i18n.t(Key::PhoneVoteClosed)}</p> }.into_any()
        } else {
            view! { <Buttons mine=mine cast=cast /> }.into_any()
        }}
        {mine.map(|r| view! {
            <p class="mine" aria-live="polite">{i18n.t(Key::PhoneYourVote).replace("{rating}", i18n.t(rating_key(r)))}</p>
        })}
        {results.into_iter().rev().map(|r| view! { <Results result=r /> }).collect_view()}
        {self_paced.then(|| view! {
            <nav class="steps">
                <button type="button" disabled=index == 0 on:click=move |_| at.set(index.saturating_sub(1))>
                    {i18n.t(Key::PhonePrevious)}
                </button>
                <button type="button" disabled=index + 1 >= total on:click=move |_| at.set(index + 1)>
                    {i18n.t(Key::PhoneNext)}
                </button>
            </nav>
        })}
    }
    .into_any()
}

#[component]
fn ItemCard(item: WorkshopItem) -> impl IntoView {
    view! {
        <article class="item" aria-live="polite">
            <p class="role">{item.role_label}</p>
            <h2>
                {item.number.map(|n| view! { <span class="number">{n}</span> " " })}
                {item.label}
            </h2>
            {item.text.map(|t| view! { <p class="text">{t}</p> })}
        </article>
    }
}

#[component]
fn Buttons(mine: Option<Rating>, cast: Callback<Rating>) -> impl IntoView {
    let i18n = app::i18n::use_i18n();
    let button = move |rating: Rating, class: &'static str| {
        view! {
            <button type="button" class=format!("vote {class}") aria-pressed=(mine == Some(rating)).to_string()
                on:click=move |_| cast.run(rating)>
                {i18n.t(rating_key(rating))}
            </button>
        }
    };
    view! {
        <fieldset class="votes">
            <legend>{i18n.t(Key::PhonePrompt)}</legend>
            {button(Rating::Recognised, "vote--recognised")}
            {button(Rating::Partly, "vote--partly")}
            {button(Rating::NotRecognised, "vote--not-recognised")}
            {button(Rating::NotDiscussed, "vote--not-discussed")}
        </fieldset>
    }
}

#[component]
fn Results(result: RoundResult) -> impl IntoView {
    let i18n = app::i18n::use_i18n();
    let total = result.voters.max(1);
    let c = result.counts;
    let bars = [
        (Rating::Recognised, c.recognised),
        (Rating::Partly, c.partly),
        (Rating::NotRecognised, c.not_recognised),
        (Rating::NotDiscussed, c.not_discussed),
    ];
    view! {
        <section class="results">
            <h3>{i18n.t(Key::PhoneResults).replace("{n}", &result.round.to_string())}</h3>
            <VerdictBadge verdict=result.aggregate.verdict />
            <p>{if result.voters == 1 {
                i18n.t(Key::PhoneOneVote).to_string()
            } else {
                i18n.t(Key::PhoneVoters).replace("{n}", &result.voters.to_string())
            }}</p>
            <ul class="bars">
                {bars.into_iter().map(|(r, n)| {
                    // Whole percents in integers: formatting a float would add its code to the bundle.
                    let width = format!("width: {}%", (100 * n + total / 2) / total);
                    view! {
                        <li>
                            <span class="label">{i18n.t(rating_key(r))}</span>
                            <span class=format!("bar bar--{}", r.code()) style=width></span>
                            <span class="n">{n}</span>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}

#[component]
fn Status(link: RwSignal<Link>, state: RwSignal<SaveState>) -> impl IntoView {
    let i18n = app::i18n::use_i18n();
    let text = move || {
        let saving = match state.get() {
            SaveState::Saving => Some(i18n.t(Key::PhoneSaving)),
            SaveState::Offline => Some(i18n.t(Key::PhoneOffline)),
            SaveState::SignedOut => Some(i18n.t(Key::PhoneLeft)),
            _ => None,
        };
        saving.unwrap_or(match link.get() {
            Link::Open => i18n.t(Key::PhoneLive),
            Link::Connecting | Link::Lost => i18n.t(Key::PhoneReconnecting),
        })
    };
    view! { <p class="status" role="status">{text}</p> }
}
