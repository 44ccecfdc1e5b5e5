//! What the phone remembers across reloads: which workshop it joined, and in a self-paced one
//! which item it was at. The participant cookie itself is HttpOnly; this only says where to go.

use app::sync::storage;

const WORKSHOP: &str = "aansluiting.phone.workshop";

fn at_key(workshop: &str) -> String {
    format!("aansluiting.phone.at.{workshop}")
}

pub fn workshop() -> Option<String> {
    storage::load(WORKSHOP)
}

pub fn remember_workshop(id: &str) {
    // Not kept (private mode, storage full): a reload asks to join again, nothing else breaks.
    let _ = storage::store(WORKSHOP, id);
}

/// The index of the item a self-paced participant was at.
pub fn at(workshop: &str) -> usize {
    storage::load(&at_key(workshop))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

pub fn remember_at(workshop: &str, index: usize) {
    let _ = storage::store(&at_key(workshop), &index.to_string());
}

fn view_key(workshop: &str) -> String {
    format!("aansluiting.phone.view.{workshop}")
}

/// The last view of the workshop, so that a reload without a connection still shows the item.
pub fn last_view(workshop: &str) -> Option<app::features::workshops::dto::ParticipantView> {
    storage::load(&view_key(workshop)).and_then(|json| serde_json::from_str(&json).ok())
}

pub fn remember_view(view: &app::features::workshops::dto::ParticipantView) {
    if let Ok(json) = serde_json::to_string(view) {
        let _ = storage::store(&view_key(&view.workshop_id), &json);
    }
}
