//! Workshops as the API, the presenter page, the phone page and the live streams exchange them.

use serde::{Deserialize, Serialize};

use crate::domain::rating::{Counts, Rating};
use crate::domain::workshop::{Control, Mode, WorkshopState};
use crate::features::dashboard::dto::ItemAggregate;

/// `POST /studies/{id}/workshops`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewWorkshop {
    pub title: String,
    /// Role nodes of the study's codebook; their items, in display order, are rated.
    pub role_ids: Vec<String>,
    pub mode: Mode,
    /// At most this many participants may join (default 500).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub participant_cap: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct WorkshopCreated {
    pub id: String,
    /// The join code, as shown (its letters are case-insensitive).
    pub code: String,
    pub join_url: String,
}

/// `POST /join`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct JoinRequest {
    pub code: String,
    pub display_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation: Option<String>,
    /// One letter A–U of the SBI sections.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sbi_section: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Joined {
    pub workshop_id: String,
    pub participant_id: String,
    /// Also set as the participant cookie; a script sends it as that cookie.
    pub participant_token: String,
}

/// `POST /workshops/{id}/votes`: a vote for the item's current round.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct VoteRequest {
    pub item_id: String,
    pub rating: Rating,
    pub op_id: String,
}

impl crate::sync::QueuedOp for VoteRequest {
    fn op_id(&self) -> &str {
        &self.op_id
    }

    fn target(&self) -> std::borrow::Cow<'_, str> {
        std::borrow::Cow::Borrowed(&self.item_id)
    }
}

/// `POST /workshops/{id}/votes:batch`: a phone's queue, sent when the connection is back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct VoteBatch {
    pub ops: Vec<VoteRequest>,
}

/// A vote as stored: the round it went to and its revision there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct VoteView {
    pub item_id: String,
    pub round: u32,
    pub rating: Rating,
    pub revision: u32,
}

/// The result of one op of a votes batch.
pub type VoteResult = crate::sync::OpResult<VoteView>;

/// `POST /workshops/{id}/control`.
pub type ControlRequest = Control;

/// An item as the workshop shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct WorkshopItem {
    pub item_id: String,
    pub role_id: String,
    pub role_label: String,
    /// The item's number in the bcp, e.g. "1.3".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    pub label: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

/// One item's votes in one round: the distribution, how many voted, and the verdict the votes
/// imply under the study's thresholds. Never who voted what.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct RoundResult {
    pub item_id: String,
    pub round: u32,
    pub counts: Counts,
    /// Participants who voted in this round (any rating, "niet besproken" included).
    pub voters: u32,
    pub aggregate: ItemAggregate,
}

/// The facilitator's view (`GET /workshops/{id}` as a member): everything but who voted what.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct WorkshopView {
    pub id: String,
    pub study_id: String,
    pub title: String,
    pub code: String,
    pub join_url: String,
    pub state: WorkshopState,
    /// Counts the controls applied; a control carries it to refuse a double click's twin.
    pub revision: u32,
    pub participants: u32,
    pub participant_cap: u32,
    pub items: Vec<WorkshopItem>,
    /// Every item's every round that has votes.
    pub results: Vec<RoundResult>,
    pub threshold_version: u32,
    /// The last event these figures include; the live stream continues after it.
    pub event_id: i64,
}

/// What a participant's phone shows (`GET /workshops/{id}/me`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ParticipantView {
    pub workshop_id: String,
    pub title: String,
    /// The join code, so that a phone opened on another workshop's address asks to join it.
    pub code: String,
    pub display_name: String,
    pub state: WorkshopState,
    pub items: Vec<WorkshopItem>,
    /// This participant's own votes, every round.
    pub my_votes: Vec<VoteView>,
    /// Only rounds whose results the facilitator has shown.
    pub results: Vec<RoundResult>,
    pub event_id: i64,
}

/// `GET /studies/{id}/workshops`: one line per workshop.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct WorkshopSummary {
    pub id: String,
    pub title: String,
    pub mode: Mode,
    pub code: String,
    pub closed: bool,
    pub participants: u32,
    pub created_at: String,
}

/// `GET /workshops/{id}/results`: per item and round, counts and how many voted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct WorkshopResults {
    pub workshop_id: String,
    pub threshold_version: u32,
    pub participants: u32,
    pub results: Vec<RoundResult>,
    pub event_id: i64,
}

/// An event on `GET /workshops/{id}/live`. Facilitators get every kind; participants get
/// `state` (with the results it reveals) and `snapshot`, never the counts of a blind round.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum WorkshopEvent {
    /// The controls changed the state.
    State(StateChange),
    /// Someone joined: how many have now.
    Joined { participants: u32 },
    /// A vote changed this round's figures (facilitators only).
    Tally { result: RoundResult },
    /// Start from this (the first event of a stream, and after falling behind).
    Snapshot { view: Box<WorkshopSnapshot> },
}

/// A `state` event: the controls' new state; `results` are the rounds it made visible.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct StateChange {
    pub state: WorkshopState,
    pub revision: u32,
    pub results: Vec<RoundResult>,
}

/// How a client of one audience reads a `snapshot` event (`Snapshot<ParticipantView>` on a
/// phone), without decoding the other audience's view: the `type` and `audience` tags stay
/// unread. A `state` event is read as [`StateChange`] the same way. The phone's bundle is
/// smaller for it, by the code that decoding tagged enums needs.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Snapshot<V> {
    pub view: V,
}

/// The snapshot of a live stream: the facilitator's view, or the participant's.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(tag = "audience", rename_all = "snake_case")]
pub enum WorkshopSnapshot {
    Facilitator(WorkshopView),
    Participant(ParticipantView),
}

impl WorkshopEvent {
    /// The SSE `event:` name.
    pub fn name(&self) -> &'static str {
        match self {
            WorkshopEvent::State(_) => "state",
            WorkshopEvent::Joined { .. } => "joined",
            WorkshopEvent::Tally { .. } => "tally",
            WorkshopEvent::Snapshot { .. } => "snapshot",
        }
    }
}
