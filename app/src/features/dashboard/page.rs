//! What the parts of the dashboard share.

use leptos::prelude::*;

use super::board::Board;
use super::model::{Outline, Qualification};
use super::refresh::Refresh;
use crate::domain::ids::StudyId;
use crate::features::studies::dto::MemberView;

#[derive(Clone, Copy)]
pub struct Page {
    pub study: StudyId,
    pub coordinator: bool,
    pub outline: StoredValue<Outline>,
    pub board: Board,
    pub refresh: Refresh,
    /// The item whose answers are open (the drill-down).
    pub selected: RwSignal<Option<String>>,
    /// The study's members, for coordinators: who can be filtered on, and who set thresholds.
    pub members: Option<Resource<Vec<MemberView>>>,
}

impl Page {
    /// The qualifications the figures on the page are for (tracked).
    pub fn listed(&self) -> Vec<Qualification> {
        let chosen = self.refresh.shown.with(|q| q.qualification.clone());
        self.outline.with_value(|o| o.listed(chosen.as_deref()))
    }

    /// The items the figures on the page are for (tracked).
    pub fn listed_items(&self) -> Vec<String> {
        self.listed()
            .iter()
            .flat_map(|q| q.items().map(|i| i.id.clone()))
            .collect()
    }

    /// An item's place and text, for headings and names.
    pub fn item_title(&self, id: &str) -> Option<String> {
        self.outline.with_value(|o| {
            o.qualifications
                .iter()
                .flat_map(|q| q.roles.iter())
                .find_map(|r| {
                    r.items().find(|(_, i)| i.id == id).map(|(s, i)| {
                        let number = i
                            .number
                            .as_deref()
                            .map(|n| format!(" {n}"))
                            .unwrap_or_default();
                        format!("{} · {}{number}", r.title(), s.label)
                    })
                })
        })
    }

    pub fn item_label(&self, id: &str) -> Option<String> {
        self.outline.with_value(|o| {
            o.qualifications
                .iter()
                .flat_map(|q| q.items())
                .find(|i| i.id == id)
                .map(|i| i.label.clone())
        })
    }
}
