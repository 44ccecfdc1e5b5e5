//! The wasm entry point: hydrates the server-rendered page with the same `App` the server rendered.

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(app::App);
    register_service_worker();
}

/// Lets pages reload without a network (see public/sw.js). Failing to register only means
/// that offline reloads are not possible; nothing else depends on it.
fn register_service_worker() {
    if let Some(window) = web_sys::window() {
        let _ = window.navigator().service_worker().register("/sw.js");
    }
}
