//! The presenter's pure parts, tested natively: how a live event changes the facilitator's
//! view, what one round of an item shows, percentages that add up to 100, and which item
//! "volgende onderdeel" opens.

use std::collections::{BTreeMap, HashMap};

use crate::domain::rating::{Counts, Rating};
use crate::domain::verdict::Verdict;
use crate::domain::workshop::{ItemRound, Mode, WorkshopState};

use super::dto::{RoundResult, WorkshopEvent, WorkshopSnapshot, WorkshopView};

/// Applies one event of the live stream to the facilitator's view. Every event carries whole
/// figures (a round's full counts, the whole state), so applying one twice changes nothing.
pub fn apply(view: &mut WorkshopView, event: WorkshopEvent) {
    match event {
        WorkshopEvent::Snapshot { view: snapshot } => {
            // A member's stream only ever sends the facilitator's snapshot.
            if let WorkshopSnapshot::Facilitator(mut fresh) = *snapshot {
                // The stream's snapshot has no join address (it depends on the request the
                // page was loaded with): the one the page has stays.
                if fresh.join_url.is_empty() {
                    fresh.join_url = std::mem::take(&mut view.join_url);
                }
                *view = fresh;
            }
        }
        WorkshopEvent::State {
            state,
            revision,
            results,
        } => {
            view.state = state;
            view.revision = revision;
            for r in results {
                upsert(view, r);
            }
        }
        WorkshopEvent::Joined { participants } => view.participants = participants,
        WorkshopEvent::Tally { result } => upsert(view, result),
    }
}

fn upsert(view: &mut WorkshopView, result: RoundResult) {
    match view
        .results
        .iter_mut()
        .find(|r| r.item_id == result.item_id && r.round == result.round)
    {
        Some(old) => *old = result,
        None => view.results.push(result),
    }
}

/// One round of one item as the presenter draws it.
#[derive(Debug, Clone, PartialEq)]
pub struct RoundFigures {
    pub round: u32,
    /// Votes go to this round now (or went, until the workshop closed).
    pub current: bool,
    /// Its results are shown to the room; its voting has ended.
    pub revealed: bool,
    pub counts: Counts,
    pub voters: u32,
    pub verdict: Verdict,
}

/// The view's rounds and figures by item, so that each of a few hundred tiles finds its own
/// in a lookup when a vote comes in rather than in a search through every result.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Figures {
    rounds: HashMap<String, ItemRound>,
    results: HashMap<String, BTreeMap<u32, RoundResult>>,
}

impl Figures {
    pub fn of(view: &WorkshopView) -> Figures {
        let mut results: HashMap<String, BTreeMap<u32, RoundResult>> = HashMap::new();
        for r in &view.results {
            results
                .entry(r.item_id.clone())
                .or_default()
                .insert(r.round, r.clone());
        }
        Figures {
            rounds: view
                .state
                .items
                .iter()
                .map(|i| (i.item_id.clone(), i.clone()))
                .collect(),
            results,
        }
    }

    /// The round votes on `item` go to now (1 for an item not in the workshop).
    pub fn current_round(&self, item: &str) -> u32 {
        self.rounds.get(item).map_or(1, |i| i.round)
    }

    /// `item`'s round `round`; no votes yet when it has none.
    pub fn round(&self, item: &str, round: u32) -> RoundFigures {
        let now = self.rounds.get(item);
        let result = self.results.get(item).and_then(|r| r.get(&round));
        RoundFigures {
            round,
            current: now.is_some_and(|i| i.round == round),
            revealed: now.is_some_and(|i| i.shows_results(round)),
            counts: result.map(|r| r.counts).unwrap_or_default(),
            voters: result.map_or(0, |r| r.voters),
            // No votes yet: what the verdict rule says of no answers.
            verdict: result.map_or(Verdict::InsufficientData, |r| r.aggregate.verdict),
        }
    }
}

/// The ratings in the report's order.
pub const ORDER: [Rating; 4] = [
    Rating::Recognised,
    Rating::Partly,
    Rating::NotRecognised,
    Rating::NotDiscussed,
];

/// The ratings in the report's order, each with its count.
pub fn ratings(c: &Counts) -> [(Rating, u32); 4] {
    [
        (Rating::Recognised, c.recognised),
        (Rating::Partly, c.partly),
        (Rating::NotRecognised, c.not_recognised),
        (Rating::NotDiscussed, c.not_discussed),
    ]
}

/// Whole percentages of all votes that add up to exactly 100 (largest remainder), so the room
/// never reads 33 + 33 + 33. All zero when nobody voted.
pub fn percentages(c: &Counts) -> [u32; 4] {
    let counts = ratings(c).map(|(_, n)| u64::from(n));
    let total: u64 = counts.iter().sum();
    if total == 0 {
        return [0; 4];
    }
    let mut out = counts.map(|n| n * 100 / total);
    let mut given: u64 = out.iter().sum();
    // The remainders, largest first; ties go to the earlier rating.
    let mut order: Vec<usize> = (0..4).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(counts[i] * 100 % total));
    for i in order {
        if given >= 100 {
            break;
        }
        out[i] += 1;
        given += 1;
    }
    out.map(|p| u32::try_from(p).unwrap_or(100))
}

/// The item "volgende onderdeel" opens in a paced workshop: the one after the open item, the
/// first when none is open, none after the last.
pub fn next_item(state: &WorkshopState) -> Option<&str> {
    if state.mode != Mode::Paced {
        return None;
    }
    let at = match &state.open_item {
        None => 0,
        Some(open) => state.items.iter().position(|i| &i.item_id == open)? + 1,
    };
    state.items.get(at).map(|i| i.item_id.as_str())
}

/// The one before the open item (paced), for "vorig onderdeel".
pub fn previous_item(state: &WorkshopState) -> Option<&str> {
    let open = state.open_item.as_deref()?;
    let at = state.items.iter().position(|i| i.item_id == open)?;
    at.checked_sub(1)
        .and_then(|p| state.items.get(p))
        .map(|i| i.item_id.as_str())
}

/// What the reveal and next-round controls act on now: the open item (paced) or every item.
/// Reveal is possible when one of them is not revealed; a next round when all of them are.
pub fn can_reveal(state: &WorkshopState) -> bool {
    !state.closed && acted_on(state).any(|i| !i.revealed)
}

pub fn can_start_next_round(state: &WorkshopState) -> bool {
    let mut items = acted_on(state).peekable();
    !state.closed && items.peek().is_some() && items.all(|i| i.revealed)
}

fn acted_on(state: &WorkshopState) -> impl Iterator<Item = &ItemRound> {
    let open = state.open_item.as_deref();
    state
        .items
        .iter()
        .filter(move |i| state.mode == Mode::SelfPaced || Some(i.item_id.as_str()) == open)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::verdict::{Thresholds, evaluate};
    use crate::domain::workshop::Control;
    use crate::features::dashboard::dto::ItemAggregate;
    use crate::features::workshops::dto::WorkshopItem;

    fn counts(r: u32, p: u32, nr: u32, nd: u32) -> Counts {
        Counts {
            recognised: r,
            partly: p,
            not_recognised: nr,
            not_discussed: nd,
        }
    }

    fn result(item: &str, round: u32, c: Counts) -> RoundResult {
        RoundResult {
            item_id: item.into(),
            round,
            counts: c,
            voters: c.n() + c.not_discussed,
            aggregate: ItemAggregate::of(item, c, &Thresholds::default()),
        }
    }

    fn view(mode: Mode) -> WorkshopView {
        let ids = ["a", "b", "c"].map(String::from);
        WorkshopView {
            id: "w".into(),
            study_id: "s".into(),
            title: "Sessie".into(),
            code: "ABCD234".into(),
            join_url: "https://x/join/ABCD234".into(),
            state: WorkshopState::new(mode, ids.clone()),
            revision: 0,
            participants: 0,
            participant_cap: 500,
            items: ids
                .iter()
                .map(|id| WorkshopItem {
                    item_id: id.clone(),
                    role_id: "r".into(),
                    role_label: "Rol".into(),
                    number: None,
                    label: id.to_uppercase(),
                    text: None,
                })
                .collect(),
            results: vec![],
            threshold_version: 1,
            event_id: 0,
        }
    }

    #[test]
    fn events_update_the_view_and_a_repeated_one_changes_nothing() {
        let mut v = view(Mode::Paced);
        apply(&mut v, WorkshopEvent::Joined { participants: 3 });
        assert_eq!(v.participants, 3);
        let opened = v
            .state
            .apply(&Control::OpenItem {
                item_id: "a".into(),
            })
            .unwrap();
        apply(
            &mut v,
            WorkshopEvent::State {
                state: opened.clone(),
                revision: 1,
                results: vec![],
            },
        );
        assert_eq!(v.state.open_item.as_deref(), Some("a"));
        let tally = WorkshopEvent::Tally {
            result: result("a", 1, counts(1, 0, 0, 0)),
        };
        apply(&mut v, tally.clone());
        apply(&mut v, tally);
        assert_eq!(v.results.len(), 1);
        apply(
            &mut v,
            WorkshopEvent::Tally {
                result: result("a", 1, counts(1, 1, 0, 0)),
            },
        );
        assert_eq!(v.results.len(), 1);
        assert_eq!(v.results[0].counts.partly, 1);
        // A snapshot replaces everything but the join address, which the stream leaves out.
        let mut fresh = view(Mode::Paced);
        fresh.participants = 9;
        let sent = WorkshopView {
            join_url: String::new(),
            ..fresh.clone()
        };
        apply(
            &mut v,
            WorkshopEvent::Snapshot {
                view: Box::new(WorkshopSnapshot::Facilitator(sent)),
            },
        );
        assert_eq!(v, fresh);
    }

    #[test]
    fn an_item_shows_every_round_it_had_and_which_are_revealed() {
        let mut v = view(Mode::Paced);
        let blind = Figures::of(&v);
        assert_eq!(blind.current_round("a"), 1);
        let first = blind.round("a", 1);
        assert!(first.current && !first.revealed);
        assert_eq!(
            (first.voters, first.verdict),
            (0, Verdict::InsufficientData)
        );
        for c in [
            Control::OpenItem {
                item_id: "a".into(),
            },
            Control::Reveal,
            Control::NextRound,
        ] {
            v.state = v.state.apply(&c).unwrap();
        }
        v.results = vec![
            result("a", 1, counts(4, 0, 0, 1)),
            result("a", 2, counts(1, 2, 2, 0)),
        ];
        let figures = Figures::of(&v);
        assert_eq!(figures.current_round("a"), 2);
        let both = [figures.round("a", 1), figures.round("a", 2)];
        assert!(both[0].revealed && !both[0].current);
        assert_eq!((both[0].voters, both[0].counts.recognised), (5, 4));
        assert_eq!(
            both[0].verdict,
            evaluate(&counts(4, 0, 0, 1), &Thresholds::default()).verdict
        );
        assert!(both[1].current && !both[1].revealed);
        assert_eq!(both[1].counts, counts(1, 2, 2, 0));
        assert_eq!(figures.current_round("b"), 1);
        let untouched = figures.round("b", 1);
        assert!(untouched.current && !untouched.revealed && untouched.voters == 0);
    }

    #[test]
    fn percentages_add_up_to_a_hundred() {
        assert_eq!(percentages(&counts(0, 0, 0, 0)), [0, 0, 0, 0]);
        assert_eq!(percentages(&counts(1, 1, 1, 0)), [34, 33, 33, 0]);
        assert_eq!(percentages(&counts(2, 1, 0, 0)), [67, 33, 0, 0]);
        assert_eq!(percentages(&counts(5, 0, 0, 0)), [100, 0, 0, 0]);
        for (r, p, nr, nd) in [(1, 2, 3, 4), (7, 0, 0, 3), (1, 1, 1, 4), (13, 17, 19, 0)] {
            let sum: u32 = percentages(&counts(r, p, nr, nd)).iter().sum();
            assert_eq!(sum, 100, "{r} {p} {nr} {nd}");
        }
    }

    #[test]
    fn next_and_previous_walk_the_items_in_order() {
        let mut s = view(Mode::Paced).state;
        assert_eq!(next_item(&s), Some("a"));
        assert_eq!(previous_item(&s), None);
        s.open_item = Some("b".into());
        assert_eq!(next_item(&s), Some("c"));
        assert_eq!(previous_item(&s), Some("a"));
        s.open_item = Some("c".into());
        assert_eq!(next_item(&s), None);
        assert_eq!(next_item(&view(Mode::SelfPaced).state), None);
    }

    #[test]
    fn the_controls_are_offered_when_the_rules_allow_them() {
        let s = view(Mode::Paced).state;
        assert!(!can_reveal(&s), "nothing open yet");
        assert!(!can_start_next_round(&s));
        let s = s
            .apply(&Control::OpenItem {
                item_id: "b".into(),
            })
            .unwrap();
        assert!(can_reveal(&s) && !can_start_next_round(&s));
        let s = s.apply(&Control::Reveal).unwrap();
        assert!(!can_reveal(&s) && can_start_next_round(&s));
        let s = s.apply(&Control::Close).unwrap();
        assert!(!can_reveal(&s) && !can_start_next_round(&s));
        let s = view(Mode::SelfPaced).state;
        assert!(can_reveal(&s) && !can_start_next_round(&s));
    }
}
