//! A workshop's rules: its join code, its rounds, which votes it accepts and what the
//! facilitator's controls do. Pure, so the server decides with it and the presenter and the
//! phone show the same thing.
//!
//! Every item runs in rounds: round 1 is blind (nobody sees results), a reveal shows the round's
//! results and ends its voting, and a next round (the re-vote after the discussion) opens the
//! item again, blind. In a paced workshop the facilitator opens one item at a time and these
//! controls act on it; in a self-paced one every item is open and they act on all items at once.

use serde::{Deserialize, Serialize};

/// Join-code letters: no 0/O, 1/I/L, so a code read off a projector is typed right.
pub const CODE_ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
/// Long enough that guessing an open workshop's code is hopeless behind the join throttle
/// (31^7 ≈ 2.75 × 10^10), short enough to type from the back of a room.
pub const CODE_LEN: usize = 7;
/// What a participant may type: the code is accepted with spaces or dashes and in any case.
pub const CODE_MIN: usize = 6;
pub const CODE_MAX: usize = 8;

/// A code as typed, in its stored form; `None` when it cannot be a code at all (which is
/// answered exactly like a code that does not exist).
pub fn normalise_code(typed: &str) -> Option<String> {
    let code: String = typed
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    let ok = (CODE_MIN..=CODE_MAX).contains(&code.len())
        && code.bytes().all(|b| CODE_ALPHABET.contains(&b));
    ok.then_some(code)
}

/// A code from `CODE_LEN` random bytes (the caller takes them from a cryptographic source).
/// The small bias of `% 31` over a byte is irrelevant next to the alphabet's size.
pub fn code_from(random: [u8; CODE_LEN]) -> String {
    random
        .iter()
        .map(|b| CODE_ALPHABET[usize::from(*b) % CODE_ALPHABET.len()] as char)
        .collect()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
// The interview's `Mode` (how it was held) has the schema name already.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema), schema(as = WorkshopMode))]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// The facilitator opens the items one by one; phones follow.
    Paced,
    /// Participants go through all items at their own speed.
    SelfPaced,
}

impl Mode {
    pub fn code(self) -> &'static str {
        match self {
            Mode::Paced => "paced",
            Mode::SelfPaced => "self_paced",
        }
    }

    pub fn from_code(s: &str) -> Option<Mode> {
        [Mode::Paced, Mode::SelfPaced]
            .into_iter()
            .find(|m| m.code() == s)
    }
}

/// One item's place in the workshop.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ItemRound {
    pub item_id: String,
    /// The round votes go to now (1: the blind round).
    pub round: u32,
    /// Whether this round's results are shown; its voting has ended.
    pub revealed: bool,
}

impl ItemRound {
    /// Whether participants may see the results of this item's round `round`: every earlier
    /// round, and the current one once revealed.
    pub fn shows_results(&self, round: u32) -> bool {
        round < self.round || (round == self.round && self.revealed)
    }
}

/// Everything the controls change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct WorkshopState {
    pub mode: Mode,
    pub closed: bool,
    /// Paced: the item being rated now (none before the first is opened).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub open_item: Option<String>,
    /// The workshop's items in display order.
    pub items: Vec<ItemRound>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum Control {
    OpenItem { item_id: String },
    Reveal,
    NextRound,
    Close,
}

/// Why a control or a vote is refused; each has a message a person can act on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("the workshop is closed")]
    Closed,
    #[error("this item is not part of the workshop")]
    UnknownItem,
    #[error("only a paced workshop opens items one by one")]
    NotPaced,
    #[error("open an item first")]
    NoOpenItem,
    #[error("this item is not open for voting now")]
    ItemNotOpen,
    #[error("the results of this round are already shown")]
    AlreadyRevealed,
    #[error("show this round's results before starting the next round")]
    NotRevealed,
    #[error("voting on this round has ended: its results are shown")]
    RoundClosed,
}

impl WorkshopState {
    /// A new workshop: every item in round 1, blind; nothing open yet.
    pub fn new(mode: Mode, item_ids: impl IntoIterator<Item = String>) -> WorkshopState {
        WorkshopState {
            mode,
            closed: false,
            open_item: None,
            items: item_ids
                .into_iter()
                .map(|item_id| ItemRound {
                    item_id,
                    round: 1,
                    revealed: false,
                })
                .collect(),
        }
    }

    pub fn item(&self, item_id: &str) -> Option<&ItemRound> {
        self.items.iter().find(|i| i.item_id == item_id)
    }

    /// The round a vote on `item_id` goes to now.
    pub fn accepts_vote(&self, item_id: &str) -> Result<u32, Refusal> {
        if self.closed {
            return Err(Refusal::Closed);
        }
        let item = self.item(item_id).ok_or(Refusal::UnknownItem)?;
        if self.mode == Mode::Paced && self.open_item.as_deref() != Some(item_id) {
            return Err(Refusal::ItemNotOpen);
        }
        if item.revealed {
            return Err(Refusal::RoundClosed);
        }
        Ok(item.round)
    }

    /// Whether participants may see the results of `item_id`'s round `round`.
    pub fn shows_results(&self, item_id: &str, round: u32) -> bool {
        self.item(item_id).is_some_and(|i| i.shows_results(round))
    }

    /// The state after `control`, or why it cannot be done now.
    pub fn apply(&self, control: &Control) -> Result<WorkshopState, Refusal> {
        if self.closed {
            return Err(Refusal::Closed);
        }
        let mut next = self.clone();
        match control {
            Control::OpenItem { item_id } => {
                if self.mode != Mode::Paced {
                    return Err(Refusal::NotPaced);
                }
                self.item(item_id).ok_or(Refusal::UnknownItem)?;
                next.open_item = Some(item_id.clone());
            }
            Control::Reveal => {
                for item in next.acted_on()? {
                    if item.revealed {
                        return Err(Refusal::AlreadyRevealed);
                    }
                    item.revealed = true;
                }
            }
            Control::NextRound => {
                for item in next.acted_on()? {
                    if !item.revealed {
                        return Err(Refusal::NotRevealed);
                    }
                    item.round += 1;
                    item.revealed = false;
                }
            }
            Control::Close => next.closed = true,
        }
        Ok(next)
    }

    /// The items a reveal or a next round acts on: the open one (paced), or all.
    fn acted_on(&mut self) -> Result<Vec<&mut ItemRound>, Refusal> {
        match self.mode {
            Mode::SelfPaced => Ok(self.items.iter_mut().collect()),
            Mode::Paced => {
                let open = self.open_item.clone().ok_or(Refusal::NoOpenItem)?;
                Ok(self
                    .items
                    .iter_mut()
                    .filter(|i| i.item_id == open)
                    .collect())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn items(n: usize) -> Vec<String> {
        (0..n).map(|i| format!("item-{i}")).collect()
    }

    #[test]
    fn codes_are_typed_in_any_case_with_spaces_or_dashes() {
        assert_eq!(normalise_code("abc-d23 4"), Some("ABCD234".into()));
        assert_eq!(normalise_code("ABCD234"), Some("ABCD234".into()));
        assert_eq!(normalise_code("ABC"), None, "too short");
        assert_eq!(normalise_code("ABCDEFGHJ"), None, "too long");
        assert_eq!(
            normalise_code("ABCD0O1"),
            None,
            "0, O and 1 are never in a code"
        );
        assert_eq!(normalise_code("ÄBCD234"), None);
        assert_eq!(normalise_code(""), None);
    }

    proptest! {
        #[test]
        fn every_made_code_normalises_to_itself(random in any::<[u8; CODE_LEN]>()) {
            let code = code_from(random);
            prop_assert_eq!(code.len(), CODE_LEN);
            prop_assert_eq!(normalise_code(&code.to_lowercase()), Some(code));
        }
    }

    #[test]
    fn a_paced_item_goes_blind_reveal_revote() {
        let s = WorkshopState::new(Mode::Paced, items(2));
        assert_eq!(s.accepts_vote("item-0"), Err(Refusal::ItemNotOpen));
        assert_eq!(s.apply(&Control::Reveal), Err(Refusal::NoOpenItem));
        let s = s
            .apply(&Control::OpenItem {
                item_id: "item-0".into(),
            })
            .unwrap();
        assert_eq!(s.accepts_vote("item-0"), Ok(1));
        assert_eq!(s.accepts_vote("item-1"), Err(Refusal::ItemNotOpen));
        assert!(!s.shows_results("item-0", 1));
        assert_eq!(s.apply(&Control::NextRound), Err(Refusal::NotRevealed));
        let s = s.apply(&Control::Reveal).unwrap();
        assert_eq!(s.accepts_vote("item-0"), Err(Refusal::RoundClosed));
        assert!(s.shows_results("item-0", 1));
        assert_eq!(s.apply(&Control::Reveal), Err(Refusal::AlreadyRevealed));
        let s = s.apply(&Control::NextRound).unwrap();
        assert_eq!(s.accepts_vote("item-0"), Ok(2));
        assert!(s.shows_results("item-0", 1), "the blind round stays shown");
        assert!(!s.shows_results("item-0", 2));
        assert_eq!(s.item("item-1").unwrap().round, 1, "other items untouched");
        let s = s.apply(&Control::Close).unwrap();
        assert_eq!(s.accepts_vote("item-0"), Err(Refusal::Closed));
        assert_eq!(s.apply(&Control::Close), Err(Refusal::Closed));
    }

    #[test]
    fn self_paced_controls_act_on_every_item() {
        let s = WorkshopState::new(Mode::SelfPaced, items(3));
        assert_eq!(s.accepts_vote("item-2"), Ok(1));
        assert_eq!(s.accepts_vote("other"), Err(Refusal::UnknownItem));
        assert_eq!(
            s.apply(&Control::OpenItem {
                item_id: "item-0".into()
            }),
            Err(Refusal::NotPaced)
        );
        let s = s.apply(&Control::Reveal).unwrap();
        assert!(s.items.iter().all(|i| i.revealed));
        let s = s.apply(&Control::NextRound).unwrap();
        assert!(s.items.iter().all(|i| i.round == 2 && !i.revealed));
    }

    fn control() -> impl Strategy<Value = Control> {
        prop_oneof![
            (0usize..4).prop_map(|i| Control::OpenItem {
                item_id: format!("item-{i}")
            }),
            Just(Control::Reveal),
            Just(Control::NextRound),
            Just(Control::Close),
        ]
    }

    proptest! {
        /// Whatever the facilitator clicks: rounds never go back, a revealed round never takes
        /// votes, a closed workshop stays closed and takes nothing, and a refused control
        /// changes nothing (the caller keeps the old state).
        #[test]
        fn controls_keep_the_rules(
            paced in any::<bool>(),
            controls in proptest::collection::vec(control(), 0..40),
        ) {
            let mode = if paced { Mode::Paced } else { Mode::SelfPaced };
            let mut s = WorkshopState::new(mode, items(3));
            for c in &controls {
                let before = s.clone();
                match s.apply(c) {
                    Ok(next) => s = next,
                    Err(_) => prop_assert_eq!(&s, &before),
                }
                for (old, new) in before.items.iter().zip(&s.items) {
                    prop_assert!(new.round >= old.round);
                }
                prop_assert!(!before.closed || s.closed);
                for i in &s.items {
                    let accepted = s.accepts_vote(&i.item_id);
                    if s.closed || i.revealed {
                        prop_assert!(accepted.is_err());
                    }
                    if let Ok(round) = accepted {
                        prop_assert_eq!(round, i.round);
                        prop_assert!(!s.shows_results(&i.item_id, round));
                    }
                }
            }
        }
    }
}
