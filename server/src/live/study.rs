//! One study's live state: its tally (unfiltered), its thresholds, the last event applied, the
//! most recent events (so a client that reconnects gets what it missed), and the channel its
//! subscribers listen on.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, RwLock};

use tokio::sync::broadcast;

use app::domain::codebook::{NodeKind, SectionKind};
use app::domain::ids::StudyId;
use app::domain::rating::Rating;
use app::domain::rollup::{self, RollUp};
use app::domain::tally::{Filter, Respondent, Tally};
use app::domain::verdict::Verdict;
use app::features::dashboard::dto::{
    AggregateView, AnswerValueView, ItemAggregate, LiveEvent, SectionCoverage, ThresholdVersion,
};

use super::sent::Sent;
use super::workshop::WorkshopLive;
use crate::error::ServiceError;
use crate::services::workshops::record::{Participant, Workshop};
use app::features::workshops::dto::{WorkshopItem, WorkshopSnapshot};

/// Events kept for clients that reconnect; one further back gets a resync.
const RECENT: usize = 4096;
/// Events a subscriber may fall behind before it is skipped ahead with a resync.
const CHANNEL: usize = 1024;

/// A codebook node as the aggregate needs it, in display order.
#[derive(Debug, Clone)]
pub struct NodeInfo {
    pub id: String,
    pub parent_id: Option<String>,
    pub kind: NodeKind,
    pub section_kind: Option<SectionKind>,
}

pub(super) struct State {
    pub(super) tally: Tally,
    pub(super) thresholds: ThresholdVersion,
    /// The last event of the sequence this state includes.
    pub(super) applied: i64,
    recent: VecDeque<Arc<Sent>>,
    /// `recent` holds every event of this study with an id above this.
    recent_since: i64,
    pub(super) workshops: HashMap<String, WorkshopLive>,
}

pub struct StudyLive {
    pub id: StudyId,
    nodes: Vec<NodeInfo>,
    state: RwLock<State>,
    tx: broadcast::Sender<Arc<Sent>>,
}

/// What a new subscriber starts with, and where the stream goes on.
pub struct Subscription {
    /// The missed events, or one resync.
    pub first: Vec<Arc<Sent>>,
    pub rx: broadcast::Receiver<Arc<Sent>>,
    /// Events up to this id are included in `first` (or were already had).
    pub after: i64,
}

/// An event read from the sequence, decoded for the study it belongs to.
pub(super) enum Change {
    Answer {
        interview_id: String,
        item_id: String,
        revision: u32,
        value: AnswerValueView,
    },
    Field {
        interview_id: String,
        key: String,
        revision: u32,
    },
    Interview {
        revision: u32,
        respondent: Respondent,
    },
    Thresholds(ThresholdVersion),
    /// A workshop created (with its items) or changed by its controls.
    Workshop {
        record: Workshop,
        items: Option<Vec<WorkshopItem>>,
    },
    Participant(Participant),
    Vote {
        workshop_id: String,
        participant_id: String,
        item_id: String,
        round: u32,
        rating: Rating,
        revision: u32,
    },
}

/// Who a workshop stream is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Audience {
    Facilitator,
    Participant(String),
}

fn poisoned() -> ServiceError {
    ServiceError::Internal("a live study's lock was poisoned".into())
}

impl StudyLive {
    pub(super) fn new(
        id: StudyId,
        nodes: Vec<NodeInfo>,
        tally: Tally,
        thresholds: ThresholdVersion,
        applied: i64,
        workshops: Vec<WorkshopLive>,
    ) -> StudyLive {
        StudyLive {
            id,
            nodes,
            state: RwLock::new(State {
                tally,
                thresholds,
                applied,
                recent: VecDeque::new(),
                recent_since: applied,
                workshops: workshops
                    .into_iter()
                    .map(|w| (w.id().to_string(), w))
                    .collect(),
            }),
            tx: broadcast::Sender::new(CHANNEL),
        }
    }

    pub fn subscribers(&self) -> usize {
        self.tx.receiver_count()
    }

    pub(super) fn applied(&self) -> Result<i64, ServiceError> {
        Ok(self.state.read().map_err(|_| poisoned())?.applied)
    }

    /// Whether the tally knows this respondent (the pump reads unknown ones first).
    pub(super) fn knows(&self, respondent: &str) -> Result<bool, ServiceError> {
        let state = self.state.read().map_err(|_| poisoned())?;
        Ok(state.tally.respondent(respondent).is_some())
    }

    /// Tells the tally about a respondent whose own event came before the study was loaded
    /// (or never came: interviews created before creations were events).
    pub(super) fn learn(&self, respondent: Respondent) -> Result<(), ServiceError> {
        let mut state = self.state.write().map_err(|_| poisoned())?;
        state.tally.upsert_respondent(respondent);
        Ok(())
    }

    /// Applies event `id` (above `applied`) and broadcasts it.
    pub(super) fn apply(&self, id: i64, change: Change) -> Result<(), ServiceError> {
        let mut state = self.state.write().map_err(|_| poisoned())?;
        if id <= state.applied {
            return Ok(());
        }
        let event = match change {
            Change::Workshop { .. } | Change::Participant(_) | Change::Vote { .. } => {
                let event = workshop_change(&mut state, id, change)?;
                let Some(event) = event else {
                    state.applied = id;
                    return Ok(());
                };
                event
            }
            Change::Answer {
                interview_id,
                item_id,
                revision,
                value,
            } => {
                state.tally.set(&interview_id, &item_id, Some(value.rating));
                let t = state.thresholds.thresholds();
                let item = ItemAggregate::of(&item_id, state.tally.counts(&item_id), &t);
                LiveEvent::Answer {
                    interview_id,
                    item_id,
                    revision,
                    value,
                    item,
                    threshold_version: state.thresholds.version,
                }
            }
            Change::Field {
                interview_id,
                key,
                revision,
            } => LiveEvent::Field {
                interview_id,
                key,
                revision,
            },
            Change::Interview {
                revision,
                respondent,
            } => {
                state.tally.upsert_respondent(respondent.clone());
                LiveEvent::Interview {
                    interview_id: respondent.id.clone(),
                    revision,
                    respondent,
                }
            }
            Change::Thresholds(thresholds) => {
                state.thresholds = thresholds.clone();
                LiveEvent::Thresholds { thresholds }
            }
        };
        let sent = Sent::new(id, &event)?;
        state.applied = id;
        if state.recent.len() == RECENT
            && let Some(dropped) = state.recent.pop_front()
        {
            state.recent_since = dropped.id;
        }
        state.recent.push_back(sent.clone());
        // No receivers is not an error: nobody is watching this study right now.
        let _ = self.tx.send(sent);
        Ok(())
    }

    /// Whether the study's live state has this workshop (the pump reads a new one's items).
    pub(super) fn has_workshop(&self, workshop_id: &str) -> Result<bool, ServiceError> {
        Ok(self
            .state
            .read()
            .map_err(|_| poisoned())?
            .workshops
            .contains_key(workshop_id))
    }

    /// Reads one workshop's live state with the study's thresholds and last event; `None`
    /// when the study has no such workshop.
    pub fn with_workshop<R>(
        &self,
        workshop_id: &str,
        read: impl FnOnce(&WorkshopLive, &ThresholdVersion, i64) -> R,
    ) -> Result<Option<R>, ServiceError> {
        let state = self.state.read().map_err(|_| poisoned())?;
        Ok(state
            .workshops
            .get(workshop_id)
            .map(|w| read(w, &state.thresholds, state.applied)))
    }

    /// A workshop stream's first event (a snapshot for `audience`) and its channel; `None`
    /// when there is no such workshop or participant.
    pub fn subscribe_workshop(
        &self,
        workshop_id: &str,
        audience: &Audience,
    ) -> Result<Option<(Arc<Sent>, broadcast::Receiver<Arc<Sent>>)>, ServiceError> {
        let state = self.state.read().map_err(|_| poisoned())?;
        let Some(w) = state.workshops.get(workshop_id) else {
            return Ok(None);
        };
        let t = state.thresholds.thresholds();
        let snapshot = match audience {
            Audience::Facilitator => Some(WorkshopSnapshot::Facilitator(w.view(
                &t,
                state.thresholds.version,
                state.applied,
            ))),
            Audience::Participant(p) => w
                .participant_view(p, &t, state.applied)
                .map(WorkshopSnapshot::Participant),
        };
        snapshot.map(|s| w.subscribe(s, state.applied)).transpose()
    }

    /// Moves the state forward to `id` without an event of this study (keeps `recent_since`
    /// meaningful: nothing of this study happened in between).
    pub(super) fn passed(&self, id: i64) -> Result<(), ServiceError> {
        let mut state = self.state.write().map_err(|_| poisoned())?;
        if id > state.applied {
            state.applied = id;
        }
        Ok(())
    }

    /// A new subscriber: the events after `last_seen` when they are all still here, otherwise
    /// (and for a new stream) one resync.
    pub fn subscribe(&self, last_seen: Option<i64>) -> Result<Subscription, ServiceError> {
        let state = self.state.read().map_err(|_| poisoned())?;
        let rx = self.tx.subscribe();
        match last_seen {
            Some(seen) if seen >= state.recent_since => Ok(Subscription {
                first: state
                    .recent
                    .iter()
                    .filter(|s| s.id > seen)
                    .cloned()
                    .collect(),
                rx,
                after: seen.max(state.applied),
            }),
            _ => Ok(Subscription {
                first: vec![self.resync_of(&state)?],
                rx,
                after: state.applied,
            }),
        }
    }

    /// A resync event with the whole unfiltered state.
    pub fn resync(&self) -> Result<(i64, Arc<Sent>), ServiceError> {
        let state = self.state.read().map_err(|_| poisoned())?;
        Ok((state.applied, self.resync_of(&state)?))
    }

    fn resync_of(&self, state: &State) -> Result<Arc<Sent>, ServiceError> {
        let snapshot = self.view_of(state, &Filter::default(), None);
        let event = LiveEvent::Resync {
            snapshot: Box::new(snapshot),
        };
        Sent::new(state.applied, &event)
    }

    /// The aggregate under `filter`, of every item (or one qualification's).
    pub fn view(
        &self,
        filter: &Filter,
        qualification: Option<&str>,
    ) -> Result<AggregateView, ServiceError> {
        let state = self.state.read().map_err(|_| poisoned())?;
        Ok(self.view_of(&state, filter, qualification))
    }

    fn view_of(
        &self,
        state: &State,
        filter: &Filter,
        qualification: Option<&str>,
    ) -> AggregateView {
        let filtered;
        let tally = if filter.is_empty() {
            &state.tally
        } else {
            let answers: Vec<(&str, &str, Rating)> = state.tally.answers().collect();
            filtered = Tally::build(filter.clone(), state.tally.respondents().cloned(), answers);
            &filtered
        };
        let t = state.thresholds.thresholds();
        let nodes = self.subtree(qualification);
        let items: Vec<ItemAggregate> = nodes
            .iter()
            .filter(|n| n.kind == NodeKind::Item)
            .map(|n| ItemAggregate::of(&n.id, tally.counts(&n.id), &t))
            .collect();
        AggregateView {
            study_id: self.id,
            threshold_version: state.thresholds.version,
            thresholds: state.thresholds.clone(),
            event_id: state.applied,
            filter: filter.clone(),
            qualification: qualification.map(str::to_string),
            respondents: u32::try_from(tally.admitted_respondents()).unwrap_or(u32::MAX),
            roll_ups: roll_ups(&nodes, &items),
            items,
            coverage: coverage(tally),
        }
    }

    /// The nodes of one qualification (all of them without one), in display order.
    fn subtree(&self, qualification: Option<&str>) -> Vec<&NodeInfo> {
        let Some(root) = qualification else {
            return self.nodes.iter().collect();
        };
        let mut inside: std::collections::HashSet<&str> = std::collections::HashSet::new();
        self.nodes
            .iter()
            .filter(|n| {
                let keep =
                    n.id == root || n.parent_id.as_deref().is_some_and(|p| inside.contains(p));
                if keep {
                    inside.insert(&n.id);
                }
                keep
            })
            .collect()
    }

    pub fn is_item(&self, id: &str) -> bool {
        self.nodes
            .iter()
            .any(|n| n.id == id && n.kind == NodeKind::Item)
    }

    pub fn is_qualification(&self, id: &str) -> bool {
        self.nodes
            .iter()
            .any(|n| n.id == id && n.kind == NodeKind::Qualification)
    }

    /// The item's current counts, for the drill-down's headline.
    pub fn item(&self, item_id: &str) -> Result<(ItemAggregate, u32), ServiceError> {
        let state = self.state.read().map_err(|_| poisoned())?;
        let t = state.thresholds.thresholds();
        Ok((
            ItemAggregate::of(item_id, state.tally.counts(item_id), &t),
            state.thresholds.version,
        ))
    }

    /// Every respondent's rating of one item, with their facts.
    pub fn answers_to(&self, item_id: &str) -> Result<Vec<(Respondent, Rating)>, ServiceError> {
        let state = self.state.read().map_err(|_| poisoned())?;
        Ok(state
            .tally
            .respondents()
            .filter_map(|r| {
                state
                    .tally
                    .rating(&r.id, item_id)
                    .map(|rating| (r.clone(), rating))
            })
            .collect())
    }
}

fn roll_ups(nodes: &[&NodeInfo], items: &[ItemAggregate]) -> Vec<RollUp> {
    let verdicts: HashMap<&str, Verdict> = items
        .iter()
        .map(|i| (i.item_id.as_str(), i.verdict))
        .collect();
    let tree: Vec<rollup::Node<'_>> = nodes
        .iter()
        .map(|n| rollup::Node {
            id: &n.id,
            parent_id: n.parent_id.as_deref(),
            kind: n.kind,
            section_kind: n.section_kind,
        })
        .collect();
    rollup::roll_up(&tree, |id| {
        verdicts
            .get(id)
            .copied()
            .unwrap_or(Verdict::InsufficientData)
    })
}

fn coverage(tally: &Tally) -> Vec<SectionCoverage> {
    let mut per: std::collections::BTreeMap<String, u32> = std::collections::BTreeMap::new();
    for r in tally.respondents().filter(|r| tally.filter().admits(r)) {
        if let Some(sbi) = &r.sbi_section {
            *per.entry(sbi.clone()).or_default() += 1;
        }
    }
    per.into_iter()
        .map(|(sbi_section, respondents)| SectionCoverage {
            sbi_section,
            respondents,
        })
        .collect()
}

/// A workshop's change: applied to its live state (which tells its own streams), and what the
/// study's stream hears of it (a new respondent, a rating that now counts), if anything.
fn workshop_change(
    state: &mut State,
    id: i64,
    change: Change,
) -> Result<Option<LiveEvent>, ServiceError> {
    let t = state.thresholds.thresholds();
    match change {
        Change::Workshop { record, items } => {
            match state.workshops.get_mut(&record.id) {
                Some(w) => w.set_record(id, record, &t)?,
                None => {
                    let items = items.ok_or_else(|| {
                        ServiceError::Internal("a new workshop came without its items".into())
                    })?;
                    let w = WorkshopLive::new(record, items);
                    state.workshops.insert(w.id().to_string(), w);
                }
            }
            Ok(None)
        }
        Change::Participant(p) => {
            let Some(w) = state.workshops.get_mut(&p.workshop_id) else {
                return Err(unknown_workshop(&p.workshop_id));
            };
            let respondent = w.respondent(&p);
            let workshop_id = p.workshop_id.clone();
            w.join(id, p)?;
            state.tally.upsert_respondent(respondent.clone());
            Ok(Some(LiveEvent::Participant {
                workshop_id,
                respondent,
            }))
        }
        Change::Vote {
            workshop_id,
            participant_id,
            item_id,
            round,
            rating,
            revision,
        } => {
            let Some(w) = state.workshops.get_mut(&workshop_id) else {
                return Err(unknown_workshop(&workshop_id));
            };
            let counted = w.vote(id, &participant_id, &item_id, round, rating, revision, &t)?;
            let Some(c) = counted else { return Ok(None) };
            state
                .tally
                .set(&c.participant_id, &c.item_id, Some(c.rating));
            Ok(Some(LiveEvent::Vote {
                workshop_id,
                item: ItemAggregate::of(&c.item_id, state.tally.counts(&c.item_id), &t),
                item_id: c.item_id,
                threshold_version: state.thresholds.version,
            }))
        }
        _ => Ok(None),
    }
}

fn unknown_workshop(of: &str) -> ServiceError {
    ServiceError::Internal(format!("a workshop event for {of} before its workshop"))
}

/// A workshop stream: its snapshot, then every change for its audience; one that falls
/// behind gets a fresh snapshot. Ends when the workshop or participant is gone.
pub fn workshop_events(
    study: Arc<StudyLive>,
    workshop_id: String,
    audience: Audience,
    first: Arc<Sent>,
    rx: broadcast::Receiver<Arc<Sent>>,
) -> impl futures_util::Stream<Item = Arc<Sent>> + Send {
    let start = (study, workshop_id, audience, Some(first), rx);
    futures_util::stream::unfold(start, |(study, w, audience, first, mut rx)| async move {
        if let Some(sent) = first {
            return Some((sent, (study, w, audience, None, rx)));
        }
        loop {
            match rx.recv().await {
                Ok(sent) => return Some((sent, (study, w, audience, None, rx))),
                Err(broadcast::error::RecvError::Lagged(_)) => {
                    match study.subscribe_workshop(&w, &audience) {
                        Ok(Some((sent, fresh))) => {
                            return Some((sent, (study, w, audience, None, fresh)));
                        }
                        Ok(None) => return None,
                        Err(e) => {
                            tracing::error!(error = %e, "live: no snapshot for a lagging workshop stream");
                            return None;
                        }
                    }
                }
                Err(broadcast::error::RecvError::Closed) => return None,
            }
        }
    })
}

/// What a subscriber receives: its first events, then every broadcast event it has not had; a
/// subscriber that fell behind the channel gets a resync and goes on from there.
pub fn events(
    study: Arc<StudyLive>,
    subscription: Subscription,
) -> impl futures_util::Stream<Item = Arc<Sent>> + Send {
    let first: VecDeque<Arc<Sent>> = subscription.first.into();
    let start = (study, first, subscription.rx, subscription.after);
    futures_util::stream::unfold(start, |(study, mut first, mut rx, mut after)| async move {
        if let Some(sent) = first.pop_front() {
            after = after.max(sent.id);
            return Some((sent, (study, first, rx, after)));
        }
        loop {
            match rx.recv().await {
                Ok(sent) if sent.id > after => {
                    after = sent.id;
                    return Some((sent, (study, first, rx, after)));
                }
                Ok(_) => continue,
                Err(broadcast::error::RecvError::Lagged(_)) => match study.resync() {
                    Ok((at, sent)) => {
                        after = at;
                        return Some((sent, (study, first, rx, after)));
                    }
                    Err(e) => {
                        tracing::error!(error = %e, "live: no resync for a lagging subscriber");
                        return None;
                    }
                },
                Err(broadcast::error::RecvError::Closed) => return None,
            }
        }
    })
}
