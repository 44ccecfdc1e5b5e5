//! `/workshops/:id`: the presenter, for the projector, the facilitator's laptop and phone.
//!
//! The join code, address and QR code; how many joined; the item being rated (paced) or every
//! item's progress (self-paced) with, per round, a live distribution, how many voted and the
//! verdict the votes imply. A blind round's distribution stays hidden until its results are
//! shown, unless the facilitator asks to see it. Never who voted what: the view has no names.

use leptos::prelude::*;
use leptos::server::ServerAction;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use serde::{Deserialize, Serialize};

use super::api::{ControlWorkshop, get_workshop};
use super::chart::{Distribution, MiniBar, Turnout};
use super::dto::{WorkshopItem, WorkshopView};
use super::live::{LiveState, keep_connected};
use super::model::{self, Figures, RoundFigures};
use crate::components::confirm::ConfirmButton;
use crate::components::verdict::VerdictBadge;
use crate::domain::access::{Permission, allows};
use crate::domain::ids::{StudyId, WorkshopId};
use crate::domain::workshop::{Control, Mode};
use crate::error::AppError;
use crate::features::errors::{Denied, parse_id};
use crate::features::studies::api::get_study;
use crate::features::studies::dto::StudyView;
use crate::i18n::{Key, use_i18n};

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Loaded {
    view: WorkshopView,
    study: StudyView,
}

async fn load(id: WorkshopId) -> Result<Loaded, AppError> {
    let view = get_workshop(id).await?;
    let study = get_study(parse_id::<StudyId>(Some(view.study_id.clone()))?).await?;
    Ok(Loaded { view, study })
}

#[component]
pub fn PresenterPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || parse_id::<WorkshopId>(params.read().get("id"));
    let data = Resource::new(id, |id| async move { load(id?).await });
    view! {
        <Title text=move || i18n.t(Key::WsPresenter)/>
        <Suspense fallback=move || view! { <p aria-busy="true">{i18n.t(Key::Loading)}</p> }>
            {move || data.get().map(|r| match (r, id()) {
                (Ok(loaded), Ok(id)) => view! { <Presenter id loaded/> }.into_any(),
                (Err(e), _) | (_, Err(e)) => view! { <Denied error=e/> }.into_any(),
            })}
        </Suspense>
    }
}

/// The page's state, shared by its parts. Cheap to copy into closures.
#[derive(Clone, Copy)]
struct Board {
    id: WorkshopId,
    view: RwSignal<WorkshopView>,
    /// The view's figures by item and round, rebuilt once per event for every part to look up.
    figures: Memo<Figures>,
    live: RwSignal<LiveState>,
    /// The facilitator asked to see blind rounds' distributions (off: the room may be watching).
    show_blind: RwSignal<bool>,
    /// May steer the workshop (coordinators, facilitators); others only watch.
    steers: bool,
}

impl Board {
    fn mode(&self) -> Mode {
        self.view.with_untracked(|v| v.state.mode)
    }

    /// A memo, so that what depends on it is not rebuilt by every vote (a rebuilt control bar
    /// would lose a half-made choice, such as a pending "Weet je het zeker?").
    fn closed(&self) -> Memo<bool> {
        let view = self.view;
        Memo::new(move |_| view.with(|v| v.state.closed))
    }

    fn joined(&self) -> Signal<u32> {
        let view = self.view;
        Signal::derive(move || view.with(|v| v.participants))
    }

    /// One item's one round, following the live figures; re-renders only when they change.
    fn round(
        &self,
        item: String,
        round: impl Fn() -> u32 + Send + Sync + 'static,
    ) -> Memo<RoundFigures> {
        let figures = self.figures;
        Memo::new(move |_| figures.with(|f| f.round(&item, round())))
    }

    /// Whether a round's distribution and verdict may be drawn: once revealed, or when the
    /// facilitator asked for the blind figures.
    /// A memo, so that a vote updates the chart in place rather than drawing a new one.
    fn shows(&self, figures: Memo<RoundFigures>) -> Memo<bool> {
        let show_blind = self.show_blind;
        Memo::new(move |_| figures.with(|f| f.revealed) || show_blind.get())
    }
}

fn item_title(item: &WorkshopItem) -> String {
    match &item.number {
        Some(n) => format!("{n} {}", item.label),
        None => item.label.clone(),
    }
}

/// `https://example.org/join/ABCD234` → `example.org/join`: what people type, the code apart.
fn join_address(view: &WorkshopView) -> String {
    let url = view.join_url.as_str();
    let url = url
        .strip_suffix(view.code.as_str())
        .map(|u| u.trim_end_matches('/'))
        .unwrap_or(url);
    url.trim_start_matches("https://")
        .trim_start_matches("http://")
        .to_string()
}

#[component]
fn Presenter(id: WorkshopId, loaded: Loaded) -> impl IntoView {
    let i18n = use_i18n();
    let Loaded { view, study } = loaded;
    let view = RwSignal::new(view);
    let board = Board {
        id,
        view,
        figures: Memo::new(move |_| view.with(Figures::of)),
        live: RwSignal::new(LiveState::Connecting),
        show_blind: RwSignal::new(false),
        steers: allows(study.my_role, Permission::Facilitate),
    };
    keep_connected(id, board.live, move |event| {
        view.update(|v| model::apply(v, event));
    });
    let closed = board.closed();
    let title = move || board.view.with(|v| v.title.clone());
    let root = NodeRef::<leptos::html::Div>::new();
    view! {
        <Title text=move || format!("{} · {}", title(), i18n.t(Key::WsPresenter))/>
        <div class="ws-presenter" node_ref=root data-testid="presenter"
            data-mode=move || board.view.with(|v| v.state.mode.code())>
            <header class="ws-head">
                <p class="breadcrumb">
                    <A href="/studies">{move || i18n.t(Key::StudiesTitle)}</A>
                    " › "
                    <A href=format!("/studies/{}", study.id)>{study.name.clone()}</A>
                    " › "
                    <A href=format!("/studies/{}/workshops", study.id)>{move || i18n.t(Key::WsTitle)}</A>
                </p>
                <div class="ws-head__line">
                    <h1 class="ws-head__title" data-testid="workshop-title">{title}</h1>
                    <LiveBadge live=board.live/>
                    <FullscreenButton root/>
                </div>
            </header>
            <JoinPanel board/>
            {move || closed.get().then(|| view! {
                <p class="notice notice--info ws-closed" data-testid="closed">{i18n.t(Key::WsClosedNotice)}</p>
            })}
            {move || (board.steers && !closed.get()).then(|| view! { <Controls board/> })}
            {match board.mode() {
                Mode::Paced => view! { <PacedStage board/> }.into_any(),
                Mode::SelfPaced => view! { <SelfPacedStage board/> }.into_any(),
            }}
        </div>
    }
}

#[component]
fn LiveBadge(live: RwSignal<LiveState>) -> impl IntoView {
    let i18n = use_i18n();
    let code = move || match live.get() {
        LiveState::Connecting => "connecting",
        LiveState::Live => "live",
        LiveState::Reconnecting => "reconnecting",
    };
    let key = move || match live.get() {
        LiveState::Connecting => Key::LiveConnecting,
        LiveState::Live => Key::LiveLive,
        LiveState::Reconnecting => Key::LiveReconnecting,
    };
    view! {
        <p class=move || format!("live live--{}", code()) role="status" aria-live="polite"
            data-testid="live-state" data-state=code>
            <span class="live__dot" aria-hidden="true"></span>
            <span class="visually-hidden">{move || i18n.t(Key::LiveLabel)}" "</span>
            {move || i18n.t(key())}
        </p>
    }
}

/// Shows the presenter alone on the whole screen (the projector), and back.
#[component]
fn FullscreenButton(root: NodeRef<leptos::html::Div>) -> impl IntoView {
    let i18n = use_i18n();
    let on = RwSignal::new(false);
    #[cfg(feature = "hydrate")]
    {
        let handle = window_event_listener_untyped("fullscreenchange", move |_| {
            on.set(document().fullscreen_element().is_some());
        });
        on_cleanup(move || handle.remove());
    }
    let toggle = move |_| {
        #[cfg(feature = "hydrate")]
        if on.get_untracked() {
            document().exit_fullscreen();
        } else if let Some(el) = root.get_untracked() {
            let _ = el.request_fullscreen();
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = root;
    };
    view! {
        <button type="button" class="button button--secondary ws-fullscreen" aria-pressed=move || on.get().to_string()
            on:click=toggle>
            {move || if on.get() { i18n.t(Key::WsExitFullscreen) } else { i18n.t(Key::WsFullscreen) }}
        </button>
    }
}

#[component]
fn JoinPanel(board: Board) -> impl IntoView {
    let i18n = use_i18n();
    let address = move || board.view.with(join_address);
    let code = move || board.view.with(|v| v.code.clone());
    view! {
        <aside class="ws-join" aria-labelledby="ws-join-title">
            <h2 id="ws-join-title" class="ws-join__title">{move || i18n.t(Key::WsJoinHeading)}</h2>
            <p class="ws-join__step">{move || i18n.t(Key::WsJoinGoTo)}</p>
            <p class="ws-join__address" data-testid="join-address">{address}</p>
            <p class="ws-join__step">{move || i18n.t(Key::WsJoinEnterCode)}</p>
            <p class="ws-join__code" data-testid="join-code">{code}</p>
            <p class="ws-join__step ws-join__scan">{move || i18n.t(Key::WsJoinScan)}</p>
            <img class="ws-join__qr" data-testid="join-qr" width="240" height="240"
                src=format!("/api/v1/workshops/{}/qr.svg", board.id)
                alt=move || i18n.t(Key::WsQrAlt)/>
            <p class="ws-join__count">
                <span class="ws-join__number" data-testid="participants">{move || board.view.with(|v| v.participants)}</span>
                " "
                <span>{move || i18n.t(if board.view.with(|v| v.participants) == 1 { Key::WsJoinedOne } else { Key::WsJoined })}</span>
            </p>
        </aside>
    }
}

#[component]
fn Controls(board: Board) -> impl IntoView {
    let i18n = use_i18n();
    let control = ServerAction::<ControlWorkshop>::new();
    // Buttons stay focusable while they do nothing (aria-disabled rather than disabled), so
    // that the keyboard focus stays where it was after a click; a click then does nothing.
    let send = move |c: Control| {
        if control.pending().get_untracked() {
            return;
        }
        control.dispatch(ControlWorkshop {
            workshop_id: board.id,
            control: c,
        });
    };
    // The stream brings every change; only while it is down does the answer move the page on.
    Effect::new(move |_| {
        if let Some(Ok(state)) = control.value().get()
            && board.live.get_untracked() != LiveState::Live
        {
            board.view.update(|v| v.state = state);
        }
    });
    let busy = move || control.pending().get();
    let can_reveal = move || board.view.with(|v| model::can_reveal(&v.state));
    let can_next_round = move || board.view.with(|v| model::can_start_next_round(&v.state));
    let paced = board.mode() == Mode::Paced;
    let title = board.view.with_untracked(|v| v.title.clone());
    view! {
        <section class="ws-controls" aria-labelledby="ws-controls-title" data-testid="controls">
            <h2 id="ws-controls-title" class="visually-hidden">{move || i18n.t(Key::WsControls)}</h2>
            {paced.then(|| view! { <ItemPicker board send busy=Signal::derive(busy)/> })}
            <div class="ws-controls__row">
                <button type="button" class="button" data-testid="reveal"
                    aria-disabled=move || (busy() || !can_reveal()).to_string()
                    on:click=move |_| if can_reveal() { send(Control::Reveal) }>
                    {move || i18n.t(Key::WsReveal)}
                </button>
                <button type="button" class="button button--secondary" data-testid="next-round"
                    aria-disabled=move || (busy() || !can_next_round()).to_string()
                    on:click=move |_| if can_next_round() { send(Control::NextRound) }>
                    {move || i18n.t(Key::WsNextRound)}
                </button>
                <button type="button" class="ws-toggle" data-testid="show-distribution"
                    aria-pressed=move || board.show_blind.get().to_string()
                    aria-describedby="ws-toggle-help"
                    on:click=move |_| board.show_blind.update(|s| *s = !*s)>
                    <span class="ws-toggle__box" aria-hidden="true"></span>
                    {move || i18n.t(Key::WsShowDistribution)}
                </button>
                <span class="ws-controls__close" data-testid="close">
                    <ConfirmButton action=Key::WsCloseWorkshop subject=title
                        on_confirm=Callback::new(move |_| send(Control::Close))/>
                </span>
            </div>
            <p id="ws-toggle-help" class="ws-controls__help muted">
                {move || i18n.t(Key::WsShowDistributionHelp)}
                {(!paced).then(|| view! { " " {move || i18n.t(Key::WsSelfPacedHint)} })}
            </p>
            {move || (!busy()).then(|| control.value().get().and_then(|r| r.err())).flatten().map(|e| view! {
                <p class="notice notice--error" role="alert" data-testid="control-error">{i18n.error(&e)}</p>
            })}
        </section>
    }
}

/// Paced: previous / next item, or any item from the list.
#[component]
fn ItemPicker(
    board: Board,
    send: impl Fn(Control) + Copy + Send + Sync + 'static,
    busy: Signal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let open = move || board.view.with(|v| v.state.open_item.clone());
    let next = move || {
        board
            .view
            .with(|v| model::next_item(&v.state).map(str::to_string))
    };
    let previous = move || {
        board
            .view
            .with(|v| model::previous_item(&v.state).map(str::to_string))
    };
    // The list's choice: the open item until another is picked.
    let picked = RwSignal::new(None::<String>);
    let choice = Memo::new(move |_| {
        picked.get().or_else(open).or_else(|| {
            board
                .view
                .with(|v| v.items.first().map(|i| i.item_id.clone()))
        })
    });
    let items = board.view.with_untracked(|v| v.items.clone());
    view! {
        <div class="ws-controls__row ws-controls__nav">
            <button type="button" class="button button--secondary" data-testid="previous-item"
                aria-disabled=move || (busy.get() || previous().is_none()).to_string()
                on:click=move |_| if let Some(id) = previous() { picked.set(None); send(Control::OpenItem { item_id: id }) }>
                <span aria-hidden="true">"‹"</span>{move || i18n.t(Key::WsPreviousItem)}
            </button>
            <button type="button" class="button" data-testid="next-item"
                aria-disabled=move || (busy.get() || next().is_none()).to_string()
                on:click=move |_| if let Some(id) = next() { picked.set(None); send(Control::OpenItem { item_id: id }) }>
                {move || i18n.t(Key::WsNextItem)}<span aria-hidden="true">"›"</span>
            </button>
            <span class="ws-pick">
                <label for="ws-pick">{move || i18n.t(Key::WsChooseItem)}</label>
                <select id="ws-pick" data-testid="pick-item"
                    on:change=move |ev| picked.set(Some(event_target_value(&ev)))>
                    {items.into_iter().map(|item| {
                        let id = item.item_id.clone();
                        let selected = move || choice.with(|c| c.as_deref() == Some(id.as_str()));
                        view! { <option value=item.item_id.clone() prop:selected=selected>{item_title(&item)}</option> }
                    }).collect_view()}
                </select>
                <button type="button" class="button button--secondary" data-testid="open-item"
                    aria-disabled=move || busy.get().to_string()
                    on:click=move |_| if let Some(id) = choice.get() { picked.set(None); send(Control::OpenItem { item_id: id }) }>
                    {move || i18n.t(Key::WsOpenItem)}
                </button>
            </span>
        </div>
    }
}

/// Paced: the open item, large, with its rounds side by side.
#[component]
fn PacedStage(board: Board) -> impl IntoView {
    let i18n = use_i18n();
    let open = Memo::new(move |_| board.view.with(|v| v.state.open_item.clone()));
    view! {
        <section class="ws-stage" aria-labelledby="ws-item-title" data-testid="stage">
            {move || match open.get() {
                None => view! {
                    <h2 id="ws-item-title" class="ws-empty">{i18n.t(Key::WsNoItemOpen)}</h2>
                }.into_any(),
                Some(item) => view! { <ItemDetail board item/> }.into_any(),
            }}
        </section>
    }
}

/// One item: where it stands, its text and every round it has had.
#[component]
fn ItemDetail(board: Board, item: String) -> impl IntoView {
    let i18n = use_i18n();
    let (position, total, info) = board.view.with_untracked(|v| {
        let at = v.items.iter().position(|i| i.item_id == item);
        (
            at.map_or(0, |a| a + 1),
            v.items.len(),
            at.map(|a| v.items[a].clone()),
        )
    });
    let Some(info) = info else {
        return ().into_any();
    };
    let where_ = i18n
        .t(Key::WsItemOf)
        .replace("{i}", &position.to_string())
        .replace("{n}", &total.to_string());
    let data_item = item.clone();
    view! {
        <div class="ws-item" data-item=data_item>
            <p class="ws-item__where">
                <span>{where_}</span>
                <span class="ws-item__role">{info.role_label.clone()}</span>
            </p>
            <h2 id="ws-item-title" class="ws-item__title" data-testid="current-item">{item_title(&info)}</h2>
            {info.text.clone().map(|t| view! { <p class="ws-item__text">{t}</p> })}
            <Rounds board item/>
        </div>
    }
    .into_any()
}

/// The item's rounds, the blind one first, side by side so the room sees the distribution move.
#[component]
fn Rounds(board: Board, item: String) -> impl IntoView {
    let it = item.clone();
    let count = Memo::new(move |_| board.figures.with(|f| f.current_round(&it)));
    view! {
        <div class="ws-rounds" data-rounds=move || count.get().to_string()>
            <For each=move || 1..=count.get() key=|n| *n let:round>
                <RoundCard board item=item.clone() round/>
            </For>
        </div>
    }
}

#[component]
fn RoundCard(board: Board, item: String, round: u32) -> impl IntoView {
    let i18n = use_i18n();
    let figures = board.round(item, move || round);
    let shows = board.shows(figures);
    let verdict = Memo::new(move |_| figures.with(|f| f.verdict));
    let voted = Signal::derive(move || figures.with(|f| f.voters));
    let joined = board.joined();
    let kind = if round == 1 {
        Key::WsRoundBlind
    } else {
        Key::WsRoundRevote
    };
    view! {
        <article class="ws-round" data-testid="round" data-round=round
            data-revealed=move || figures.with(|f| f.revealed).to_string()>
            <h3 class="ws-round__title">
                {move || i18n.t(Key::WsRound).replace("{n}", &round.to_string())}
                <span class="ws-round__kind">{move || format!(" · {}", i18n.t(kind))}</span>
            </h3>
            <p class=move || if figures.with(|f| f.revealed) { "ws-round__state ws-round__state--revealed" } else { "ws-round__state" }>
                {move || if figures.with(|f| f.revealed) { i18n.t(Key::WsRevealed) } else { i18n.t(Key::WsVoting) }}
            </p>
            <p class="ws-round__voted" data-testid="voted" data-voted=move || voted.get().to_string()>
                {move || i18n.t(Key::WsVoted)
                    .replace("{voted}", &voted.get().to_string())
                    .replace("{joined}", &joined.get().to_string())}
            </p>
            <Turnout voted joined/>
            {move || if shows.get() {
                view! {
                    <Distribution figures/>
                    <p class="ws-round__verdict" data-testid="verdict">
                        <span class="ws-round__verdict-label">{i18n.t(Key::WsVerdictOfRound)}": "</span>
                        {move || view! { <VerdictBadge verdict=verdict.get()/> }}
                    </p>
                }.into_any()
            } else {
                view! { <p class="ws-round__hidden" data-testid="hidden">{i18n.t(Key::WsHiddenUntilReveal)}</p> }.into_any()
            }}
        </article>
    }
}

/// Self-paced: every item's progress; a chosen one in detail above the list.
#[component]
fn SelfPacedStage(board: Board) -> impl IntoView {
    let i18n = use_i18n();
    let selected = RwSignal::new(None::<String>);
    let items = board.view.with_untracked(|v| v.items.clone());
    view! {
        <section class="ws-stage" aria-labelledby="ws-items-title" data-testid="stage">
            <div class="ws-detail" data-testid="detail">
                {move || match selected.get() {
                    None => view! { <p class="muted">{i18n.t(Key::WsChooseForDetail)}</p> }.into_any(),
                    Some(item) => view! { <ItemDetail board item/> }.into_any(),
                }}
            </div>
            <h2 id="ws-items-title" class="ws-stage__title">{move || i18n.t(Key::WsItems)}</h2>
            <ol class="ws-grid" data-testid="item-grid">
                {items.into_iter().map(|item| view! { <ItemTile board item selected/> }).collect_view()}
            </ol>
        </section>
    }
}

#[component]
fn ItemTile(board: Board, item: WorkshopItem, selected: RwSignal<Option<String>>) -> impl IntoView {
    let i18n = use_i18n();
    let id = item.item_id.clone();
    let round = {
        let id = id.clone();
        Memo::new(move |_| board.figures.with(|f| f.current_round(&id)))
    };
    let current = board.round(id.clone(), move || round.get());
    let shows = board.shows(current);
    let verdict = Memo::new(move |_| current.with(|f| f.verdict));
    let voted = Signal::derive(move || current.with(|f| f.voters));
    let joined = board.joined();
    let is_selected = {
        let id = id.clone();
        move || selected.with(|s| s.as_deref() == Some(id.as_str()))
    };
    let title = item_title(&item);
    let label = i18n.t(Key::WsShowItem).replace("{item}", &title);
    let pick = id.clone();
    view! {
        <li class="ws-tile" data-testid="item-tile" data-item=id.clone()
            data-revealed=move || current.with(|f| f.revealed).to_string()>
            <button type="button" class="ws-tile__button" aria-pressed=move || is_selected().to_string()
                aria-label=label on:click=move |_| selected.set(Some(pick.clone()))>
                {title}
            </button>
            <p class="ws-tile__meta">
                <span>{move || i18n.t(Key::WsRound).replace("{n}", &round.get().to_string())}</span>
                " · "
                <span>{move || if current.with(|f| f.revealed) { i18n.t(Key::WsRevealed) } else { i18n.t(Key::WsVoting) }}</span>
            </p>
            <p class="ws-tile__voted" data-testid="tile-voted">
                {move || i18n.t(Key::WsItemVoted)
                    .replace("{voted}", &voted.get().to_string())
                    .replace("{joined}", &joined.get().to_string())}
            </p>
            <Turnout voted joined/>
            {move || shows.get().then(|| view! {
                <div class="ws-tile__result">
                    <MiniBar figures=current/>
                    {move || view! { <VerdictBadge verdict=verdict.get()/> }}
                </div>
            })}
        </li>
    }
}
