//! The capture form's answers as this browser knows them: what each row shows and the revision
//! the server last confirmed, kept in localStorage between visits. Shared by the form and by what
//! it hears from the live stream (`remote`).

use std::collections::HashMap;

use leptos::prelude::*;

use crate::domain::ids::InterviewId;
use crate::domain::rating::Rating;
use crate::sync::{account, storage};

/// One answer as the form shows it, and the revision the server last confirmed.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub(super) struct Local {
    pub(super) rating: Option<Rating>,
    pub(super) note: String,
    pub(super) quote: String,
    pub(super) revision: u32,
}

/// Where [`store_known`] keeps them for this page's account.
pub(super) fn known_key(interview_id: InterviewId) -> String {
    account::own_key("aansluiting.answers.", &interview_id.to_string())
}

/// Keeps the answers as the form knows them under `key` (see [`known_key`]).
pub(super) fn store_known(key: &str, answers: RwSignal<HashMap<String, Local>>) {
    let known = serde_json::to_string(&answers.get_untracked()).unwrap_or_else(|_| "{}".into());
    storage::store(key, &known);
}
