//! One workshop's live state inside its study: the controls' state, who joined, every vote per
//! item and round, and two channels: facilitators see every vote's effect on the figures,
//! participants only what the facilitator has revealed. Kept current by the study's pump from
//! the `workshop`, `participant` and `vote` events, like the study's tally.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use tokio::sync::broadcast;

use app::domain::rating::{Counts, Rating};
use app::domain::tally::{Respondent, Source};
use app::domain::verdict::Thresholds;
use app::domain::workshop::WorkshopState;
use app::features::dashboard::dto::ItemAggregate;
use app::features::workshops::dto::{
    ParticipantView, RoundResult, StateChange, VoteView, WorkshopEvent, WorkshopItem,
    WorkshopSnapshot, WorkshopView,
};

use super::sent::Sent;
use crate::error::ServiceError;
use crate::services::workshops::record::{Participant, Workshop};

/// Events a workshop subscriber may fall behind before it gets a fresh snapshot.
const CHANNEL: usize = 1024;

/// (item, round)
type Round = (String, u32);

/// A vote as the live state keeps it.
#[derive(Debug, Clone, Copy)]
struct Vote {
    rating: Rating,
    revision: u32,
}

pub struct WorkshopLive {
    pub record: Workshop,
    pub items: Vec<WorkshopItem>,
    participants: HashMap<String, Participant>,
    /// participant → (item, round) → vote
    votes: HashMap<String, BTreeMap<Round, Vote>>,
    counts: HashMap<Round, Counts>,
    facilitators: broadcast::Sender<Arc<Sent>>,
    participant_tx: broadcast::Sender<Arc<Sent>>,
}

/// What applying a vote did to the study's figures: the participant's rating that now counts
/// for the item (the latest round they voted in), when it changed.
pub struct Counted {
    pub participant_id: String,
    pub item_id: String,
    pub rating: Rating,
}

impl WorkshopLive {
    pub fn new(record: Workshop, items: Vec<WorkshopItem>) -> WorkshopLive {
        WorkshopLive {
            record,
            items,
            participants: HashMap::new(),
            votes: HashMap::new(),
            counts: HashMap::new(),
            facilitators: broadcast::Sender::new(CHANNEL),
            participant_tx: broadcast::Sender::new(CHANNEL),
        }
    }

    pub fn id(&self) -> &str {
        &self.record.id
    }

    pub fn joined(&self) -> u32 {
        u32::try_from(self.participants.len()).unwrap_or(u32::MAX)
    }

    pub fn subscribers(&self) -> usize {
        self.facilitators.receiver_count() + self.participant_tx.receiver_count()
    }

    /// A participant as a respondent of the study's tally (source `workshop`).
    pub fn respondent(&self, p: &Participant) -> Respondent {
        Respondent {
            id: p.id.clone(),
            source: Source::Workshop,
            sbi_section: p.sbi_section.clone(),
            collected_by: Some(self.record.created_by.clone()),
            date: Some(self.record.date()),
        }
    }

    pub fn has_participant(&self, id: &str) -> bool {
        self.participants.contains_key(id)
    }

    pub fn participants(&self) -> impl Iterator<Item = &Participant> {
        self.participants.values()
    }

    /// The rating of each participant and item that counts in the study: the latest round.
    pub fn counted(&self) -> impl Iterator<Item = (&str, &str, Rating)> {
        self.votes.iter().flat_map(|(p, votes)| {
            let mut latest: BTreeMap<&str, (u32, Rating)> = BTreeMap::new();
            for ((item, round), v) in votes {
                let e = latest.entry(item.as_str()).or_insert((*round, v.rating));
                if *round >= e.0 {
                    *e = (*round, v.rating);
                }
            }
            latest
                .into_iter()
                .map(move |(item, (_, rating))| (p.as_str(), item, rating))
        })
    }

    /// At load: a vote as stored.
    pub fn load_vote(
        &mut self,
        participant: &str,
        item: &str,
        round: u32,
        rating: Rating,
        revision: u32,
    ) {
        self.counts
            .entry((item.to_string(), round))
            .or_default()
            .add(rating);
        self.votes
            .entry(participant.to_string())
            .or_default()
            .insert((item.to_string(), round), Vote { rating, revision });
    }

    pub fn load_participant(&mut self, p: Participant) {
        self.participants.insert(p.id.clone(), p);
    }

    /// New controls' state; to everyone, with the rounds it reveals.
    pub fn set_record(
        &mut self,
        id: i64,
        record: Workshop,
        t: &Thresholds,
    ) -> Result<(), ServiceError> {
        let old = std::mem::replace(&mut self.record, record);
        let results = self
            .shown_results(t)
            .into_iter()
            .filter(|r| !old.state.shows_results(&r.item_id, r.round))
            .collect();
        let event = WorkshopEvent::State(StateChange {
            state: self.record.state.clone(),
            revision: self.record.revision,
            results,
        });
        let sent = Sent::workshop(id, &event)?;
        let _ = self.facilitators.send(sent.clone());
        let _ = self.participant_tx.send(sent);
        Ok(())
    }

    /// Someone joined; facilitators hear how many have.
    pub fn join(&mut self, id: i64, p: Participant) -> Result<(), ServiceError> {
        self.participants.insert(p.id.clone(), p);
        let event = WorkshopEvent::Joined {
            participants: self.joined(),
        };
        let _ = self.facilitators.send(Sent::workshop(id, &event)?);
        Ok(())
    }

    /// A vote event: the round's figures to facilitators; what now counts in the study.
    #[allow(clippy::too_many_arguments)]
    pub fn vote(
        &mut self,
        id: i64,
        participant: &str,
        item: &str,
        round: u32,
        rating: Rating,
        revision: u32,
        t: &Thresholds,
    ) -> Result<Option<Counted>, ServiceError> {
        let key = (item.to_string(), round);
        let mine = self.votes.entry(participant.to_string()).or_default();
        let old = mine.insert(key.clone(), Vote { rating, revision });
        let latest = mine
            .keys()
            .filter(|(i, _)| i == item)
            .map(|(_, r)| *r)
            .max()
            .unwrap_or(round);
        let counts = self.counts.entry(key).or_default();
        if let Some(old) = old {
            counts.remove(old.rating);
        }
        counts.add(rating);
        let result = self.result(item, round, t);
        let _ = self
            .facilitators
            .send(Sent::workshop(id, &WorkshopEvent::Tally { result })?);
        Ok((round >= latest).then(|| Counted {
            participant_id: participant.to_string(),
            item_id: item.to_string(),
            rating,
        }))
    }

    fn result(&self, item: &str, round: u32, t: &Thresholds) -> RoundResult {
        let counts = self
            .counts
            .get(&(item.to_string(), round))
            .copied()
            .unwrap_or_default();
        RoundResult {
            item_id: item.to_string(),
            round,
            voters: counts.n() + counts.not_discussed,
            aggregate: ItemAggregate::of(item, counts, t),
            counts,
        }
    }

    /// Every item's every round up to its current one, in display order.
    fn all_results(&self, t: &Thresholds) -> Vec<RoundResult> {
        self.record
            .state
            .items
            .iter()
            .flat_map(|i| (1..=i.round).map(move |r| (i.item_id.as_str(), r)))
            .map(|(item, round)| self.result(item, round, t))
            .collect()
    }

    fn shown_results(&self, t: &Thresholds) -> Vec<RoundResult> {
        self.all_results(t)
            .into_iter()
            .filter(|r| self.record.state.shows_results(&r.item_id, r.round))
            .collect()
    }

    /// The facilitator's view (without the join address, which depends on the request).
    pub fn view(&self, t: &Thresholds, threshold_version: u32, event_id: i64) -> WorkshopView {
        WorkshopView {
            id: self.record.id.clone(),
            study_id: self.record.study_id.clone(),
            title: self.record.title.clone(),
            code: self.record.code.clone(),
            join_url: String::new(),
            state: self.record.state.clone(),
            revision: self.record.revision,
            participants: self.joined(),
            participant_cap: self.record.participant_cap,
            items: self.items.clone(),
            results: self.all_results(t),
            threshold_version,
            event_id,
        }
    }

    /// What one participant's phone shows; `None` for someone who is not (or no longer) one.
    pub fn participant_view(
        &self,
        participant: &str,
        t: &Thresholds,
        event_id: i64,
    ) -> Option<ParticipantView> {
        let p = self.participants.get(participant)?;
        let my_votes = self
            .votes
            .get(participant)
            .map(|votes| {
                votes
                    .iter()
                    .map(|((item, round), v)| VoteView {
                        item_id: item.clone(),
                        round: *round,
                        rating: v.rating,
                        revision: v.revision,
                    })
                    .collect()
            })
            .unwrap_or_default();
        Some(ParticipantView {
            workshop_id: self.record.id.clone(),
            title: self.record.title.clone(),
            code: self.record.code.clone(),
            display_name: p.display_name.clone(),
            state: self.record.state.clone(),
            items: self.items.clone(),
            my_votes,
            results: self.shown_results(t),
            event_id,
        })
    }

    pub fn state(&self) -> &WorkshopState {
        &self.record.state
    }

    pub fn results(&self, t: &Thresholds) -> Vec<RoundResult> {
        self.all_results(t)
    }

    /// A stream's first event and its channel.
    pub fn subscribe(
        &self,
        snapshot: WorkshopSnapshot,
        event_id: i64,
    ) -> Result<(Arc<Sent>, broadcast::Receiver<Arc<Sent>>), ServiceError> {
        let rx = match &snapshot {
            WorkshopSnapshot::Facilitator(_) => self.facilitators.subscribe(),
            WorkshopSnapshot::Participant(_) => self.participant_tx.subscribe(),
        };
        let first = Sent::workshop(
            event_id,
            &WorkshopEvent::Snapshot {
                view: Box::new(snapshot),
            },
        )?;
        Ok((first, rx))
    }
}
