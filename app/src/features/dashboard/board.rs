//! What the dashboard shows, as signals: one per item and one per roll-up, so that a live
//! answer changes the cells of its item (and its section's, role's and qualification's
//! summaries) in place and nothing else is rendered again.

use std::collections::HashMap;

use leptos::prelude::*;

use super::dto::{AggregateView, ItemAggregate, SectionCoverage, ThresholdVersion};
use crate::domain::codebook::{NodeKind, SectionKind};
use crate::domain::rating::Counts;
use crate::domain::rollup::{Node, RollUp, roll_up};
use crate::domain::verdict::Verdict;
use crate::features::codebooks::dto::NodeView;

/// The part of a codebook node the roll-ups need, owned.
#[derive(Debug, Clone)]
struct TreeNode {
    id: String,
    parent_id: Option<String>,
    kind: NodeKind,
    section_kind: Option<SectionKind>,
}

#[derive(Clone, Copy)]
pub struct Board {
    items: StoredValue<HashMap<String, RwSignal<ItemAggregate>>>,
    roll_ups: StoredValue<HashMap<String, RwSignal<RollUp>>>,
    tree: StoredValue<Vec<TreeNode>>,
    pub thresholds: RwSignal<ThresholdVersion>,
    pub respondents: RwSignal<u32>,
    pub coverage: RwSignal<Vec<SectionCoverage>>,
    /// The last event the figures include.
    event_id: StoredValue<i64>,
}

/// Sets a signal only when the value differs, so that nothing that reads it runs for nothing.
fn set_changed<T: PartialEq + Send + Sync + 'static>(signal: RwSignal<T>, value: T) {
    if signal.with_untracked(|v| *v != value) {
        signal.set(value);
    }
}

impl Board {
    /// A signal for every item of the codebook (empty counts until the view has them).
    pub fn new(nodes: &[NodeView], view: &AggregateView) -> Board {
        let t = view.thresholds.thresholds();
        let tree: Vec<TreeNode> = nodes
            .iter()
            .map(|n| TreeNode {
                id: n.id.clone(),
                parent_id: n.parent_id.clone(),
                kind: n.kind,
                section_kind: n.section_kind,
            })
            .collect();
        let given: HashMap<&str, &ItemAggregate> =
            view.items.iter().map(|i| (i.item_id.as_str(), i)).collect();
        let items = tree
            .iter()
            .filter(|n| n.kind == NodeKind::Item)
            .map(|n| {
                let a = given
                    .get(n.id.as_str())
                    .map(|a| (*a).clone())
                    .unwrap_or_else(|| ItemAggregate::of(&n.id, Counts::default(), &t));
                (n.id.clone(), RwSignal::new(a))
            })
            .collect();
        let board = Board {
            items: StoredValue::new(items),
            roll_ups: StoredValue::new(HashMap::new()),
            tree: StoredValue::new(tree),
            thresholds: RwSignal::new(view.thresholds.clone()),
            respondents: RwSignal::new(view.respondents),
            coverage: RwSignal::new(view.coverage.clone()),
            event_id: StoredValue::new(view.event_id),
        };
        let ups = board
            .computed_roll_ups()
            .into_iter()
            .map(|u| (u.node_id.clone(), RwSignal::new(u)))
            .collect();
        board.roll_ups.set_value(ups);
        board
    }

    pub fn item(&self, id: &str) -> Option<RwSignal<ItemAggregate>> {
        self.items.with_value(|m| m.get(id).copied())
    }

    pub fn roll_up(&self, id: &str) -> Option<RwSignal<RollUp>> {
        self.roll_ups.with_value(|m| m.get(id).copied())
    }

    pub fn event_id(&self) -> i64 {
        self.event_id.get_value()
    }

    /// The counts of these items (tracked: a preview over them follows every answer).
    pub fn counts_of<'a>(&self, ids: impl IntoIterator<Item = &'a str>) -> Vec<Counts> {
        ids.into_iter()
            .filter_map(|id| self.item(id))
            .map(|s| s.with(|a| a.counts))
            .collect()
    }

    /// Takes over a whole view from the server (a fetch, or a live `resync`).
    pub fn load(&self, view: &AggregateView) {
        set_changed(self.thresholds, view.thresholds.clone());
        set_changed(self.respondents, view.respondents);
        set_changed(self.coverage, view.coverage.clone());
        self.event_id.set_value(view.event_id);
        for a in &view.items {
            if let Some(s) = self.item(&a.item_id) {
                set_changed(s, a.clone());
            }
        }
        self.refresh_roll_ups();
    }

    /// One item's new counts (a live answer over every respondent): evaluated under the
    /// thresholds this page shows, which are the server's.
    pub fn answer(&self, event_id: Option<i64>, item: &ItemAggregate) {
        let Some(s) = self.item(&item.item_id) else {
            return;
        };
        let t = self.thresholds.with_untracked(ThresholdVersion::thresholds);
        set_changed(s, ItemAggregate::of(&item.item_id, item.counts, &t));
        if let Some(id) = event_id {
            self.event_id.set_value(id);
        }
        self.refresh_roll_ups();
    }

    /// New thresholds: every verdict again, by the same engine the server uses.
    pub fn rethreshold(&self, event_id: Option<i64>, version: &ThresholdVersion) {
        set_changed(self.thresholds, version.clone());
        let t = version.thresholds();
        let signals: Vec<RwSignal<ItemAggregate>> =
            self.items.with_value(|m| m.values().copied().collect());
        for s in signals {
            let next = s.with_untracked(|a| ItemAggregate::of(&a.item_id, a.counts, &t));
            set_changed(s, next);
        }
        if let Some(id) = event_id {
            self.event_id.set_value(id);
        }
        self.refresh_roll_ups();
    }

    fn computed_roll_ups(&self) -> Vec<RollUp> {
        let verdicts: HashMap<String, Verdict> = self.items.with_value(|m| {
            m.iter()
                .map(|(id, s)| (id.clone(), s.with_untracked(|a| a.verdict)))
                .collect()
        });
        self.tree.with_value(|tree| {
            let nodes: Vec<Node<'_>> = tree
                .iter()
                .map(|n| Node {
                    id: &n.id,
                    parent_id: n.parent_id.as_deref(),
                    kind: n.kind,
                    section_kind: n.section_kind,
                })
                .collect();
            roll_up(&nodes, |id| {
                verdicts
                    .get(id)
                    .copied()
                    .unwrap_or(Verdict::InsufficientData)
            })
        })
    }

    fn refresh_roll_ups(&self) {
        for u in self.computed_roll_ups() {
            if let Some(s) = self.roll_up(&u.node_id) {
                set_changed(s, u);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::verdict::Thresholds;
    use crate::features::dashboard::dto::AggregateView;

    fn node(
        id: &str,
        parent: Option<&str>,
        kind: NodeKind,
        section: Option<SectionKind>,
    ) -> NodeView {
        NodeView {
            id: id.into(),
            guid: id.into(),
            parent_id: parent.map(Into::into),
            kind,
            section_kind: section,
            number: None,
            label: id.into(),
            text: None,
            color: None,
        }
    }

    fn nodes() -> Vec<NodeView> {
        use NodeKind::*;
        vec![
            node("q", None, Qualification, None),
            node("r", Some("q"), Role, None),
            node("d", Some("r"), Section, Some(SectionKind::Description)),
            node("d1", Some("d"), Item, None),
            node("t", Some("r"), Section, Some(SectionKind::Tasks)),
            node("t1", Some("t"), Item, None),
            node("t2", Some("t"), Item, None),
        ]
    }

    fn counts(r: u32, p: u32, nr: u32) -> Counts {
        Counts {
            recognised: r,
            partly: p,
            not_recognised: nr,
            not_discussed: 0,
        }
    }

    fn version(v: u32, good_min: f64) -> ThresholdVersion {
        ThresholdVersion {
            version: v,
            good_min,
            partial_min: 0.5,
            min_n: 3,
            created_at: String::new(),
            created_by: None,
        }
    }

    fn view(items: Vec<ItemAggregate>, event_id: i64) -> AggregateView {
        AggregateView {
            study_id: "0b0e3d2c-6c2f-4c57-9d55-0a7f3b1b2c3d".parse().unwrap(),
            threshold_version: 1,
            thresholds: version(1, 0.75),
            event_id,
            filter: Default::default(),
            qualification: None,
            respondents: 4,
            items,
            roll_ups: vec![],
            coverage: vec![],
        }
    }

    #[test]
    fn answers_and_thresholds_change_items_and_their_roll_ups() {
        let owner = Owner::new();
        owner.set();
        let t = Thresholds::default();
        let board = Board::new(
            &nodes(),
            &view(vec![ItemAggregate::of("d1", counts(1, 2, 1), &t)], 10),
        );
        let verdict = |id: &str| board.item(id).unwrap().get_untracked().verdict;
        assert_eq!(verdict("d1"), Verdict::Partial);
        assert_eq!(
            verdict("t1"),
            Verdict::InsufficientData,
            "absent from the view: no answers"
        );
        assert_eq!(
            board.roll_up("r").unwrap().get_untracked().own,
            Some(Verdict::Partial)
        );

        board.answer(Some(11), &ItemAggregate::of("t1", counts(4, 0, 0), &t));
        assert_eq!(verdict("t1"), Verdict::Good);
        assert_eq!(board.event_id(), 11);
        let tasks = board.roll_up("t").unwrap().get_untracked().items;
        assert_eq!((tasks.good, tasks.insufficient_data), (1, 1));
        assert_eq!(board.roll_up("q").unwrap().get_untracked().items.total(), 3);

        // 0.875 is no longer good from 0.9 on; the description's 0.5 stays partial.
        board.answer(None, &ItemAggregate::of("t1", counts(3, 1, 0), &t));
        board.rethreshold(Some(12), &version(2, 0.9));
        assert_eq!(verdict("t1"), Verdict::Partial);
        assert_eq!(board.thresholds.get_untracked().version, 2);
        assert_eq!(board.roll_up("t").unwrap().get_untracked().items.partial, 1);
        assert_eq!(
            board.counts_of(["d1", "t1", "nope"]),
            vec![counts(1, 2, 1), counts(3, 1, 0)]
        );

        // A fetched view replaces what it names.
        board.load(&view(
            vec![ItemAggregate::of("d1", counts(5, 0, 0), &t)],
            20,
        ));
        assert_eq!(verdict("d1"), Verdict::Good);
        assert_eq!(
            board.roll_up("r").unwrap().get_untracked().own,
            Some(Verdict::Good)
        );
        assert_eq!(board.event_id(), 20);
        owner.cleanup();
    }
}
