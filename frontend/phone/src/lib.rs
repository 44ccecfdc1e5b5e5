//! The workshop phone page (`/join`, `/join/{code}`): join with the code, then rate the items
//! the facilitator opens (or all of them, self-paced), one at a time, with three big buttons
//! and "niet besproken". Its own small bundle, rendered in the browser: no router, no meta
//! tags, no server functions; it talks to the REST API and the workshop's live stream. Votes go
//! through the same op queue as the capture form, so a slow or dropped connection loses none.

#![cfg(target_arch = "wasm32")]

mod api;
mod join;
mod live;
mod page;
mod place;
mod vote;

use wasm_bindgen::prelude::wasm_bindgen;

#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(page::Phone);
}
