//! The capture form's jump menu: a long form (193 items, then trends, jobs and education) needs
//! a way to each part that stays in reach. It sits in the sticky bar, opens as a list of links,
//! and moves the focus to the chosen heading so the keyboard continues from there.

use leptos::prelude::*;

use super::details::{JOBS_ANCHOR, TRENDS_ANCHOR};
use crate::i18n::{Key, use_i18n};

/// `roles`: the anchor id and label of each role, in form order.
#[component]
pub fn JumpMenu(roles: Vec<(String, String)>) -> impl IntoView {
    let i18n = use_i18n();
    let menu = NodeRef::<leptos::html::Details>::new();
    let close = move || {
        if let Some(d) = menu.get_untracked() {
            d.set_open(false);
        }
    };
    let go = move |ev: leptos::ev::MouseEvent, anchor: &str| {
        if jump_to(anchor) {
            ev.prevent_default();
        }
        close();
    };
    let keydown = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Escape" {
            close();
        }
    };
    let link = move |anchor: String, label: Signal<String>| {
        let href = format!("#{anchor}");
        view! { <li><a href=href on:click=move |ev| go(ev, &anchor)>{label}</a></li> }
    };
    let role_links = roles
        .into_iter()
        .map(|(anchor, label)| link(anchor, Signal::stored(label)))
        .collect_view();
    view! {
        <nav class="jump" aria-label=move || i18n.t(Key::JumpMenu)>
            <details node_ref=menu on:keydown=keydown on:toggle=move |_| {
                if menu.get_untracked().is_some_and(|d| d.open()) {
                    request_animation_frame(move || bring_list_into_view(menu));
                }
            }>
                <summary class="jump__toggle">{move || i18n.t(Key::JumpTo)}</summary>
                <ul class="jump__list">
                    {role_links}
                    {link(TRENDS_ANCHOR.to_string(), Signal::derive(move || i18n.t(Key::TrendsTitle).to_string()))}
                    {link(JOBS_ANCHOR.to_string(), Signal::derive(move || i18n.t(Key::JobsAndEducation).to_string()))}
                </ul>
            </details>
        </nav>
    }
}

/// Scrolls the heading with this id into view and focuses it; false when there is none (the
/// link then does what links do).
#[cfg(feature = "hydrate")]
fn jump_to(anchor: &str) -> bool {
    use wasm_bindgen::JsCast;
    let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(anchor))
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
    else {
        return false;
    };
    el.scroll_into_view();
    let _ = el.focus();
    true
}

#[cfg(not(feature = "hydrate"))]
fn jump_to(_anchor: &str) -> bool {
    false
}

/// An open list that runs past the bottom of the screen (the bar is still far down the page)
/// is brought up by scrolling the bar to the top, where it stays.
#[cfg(feature = "hydrate")]
fn bring_list_into_view(menu: NodeRef<leptos::html::Details>) {
    let Some(details) = menu.get_untracked() else {
        return;
    };
    let height = web_sys::window()
        .and_then(|w| w.inner_height().ok())
        .and_then(|h| h.as_f64())
        .unwrap_or(f64::MAX);
    let runs_past = details
        .last_element_child()
        .is_some_and(|list| list.get_bounding_client_rect().bottom() > height);
    if runs_past {
        details.scroll_into_view_with_bool(true);
    }
}

#[cfg(not(feature = "hydrate"))]
fn bring_list_into_view(_menu: NodeRef<leptos::html::Details>) {}
