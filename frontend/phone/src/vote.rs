//! The phone's votes: the capture form's op queue (kept in localStorage, sent in the
//! background, retried until the server answered), one queue per workshop.

use leptos::prelude::*;

use app::domain::ids::WorkshopId;
use app::domain::rating::Rating;
use app::error::AppError;
use app::features::workshops::dto::{ParticipantView, VoteRequest, VoteView};
use app::sync::{Outcome, SyncQueue};

use crate::api;

pub type Votes = SyncQueue<VoteRequest, VoteView>;

/// The queue of `workshop`; an answered vote updates `view`, a refused one is told in `refused`.
pub fn queue(
    workshop: WorkshopId,
    view: RwSignal<Option<ParticipantView>>,
    refused: RwSignal<Option<AppError>>,
) -> Votes {
    let q = SyncQueue::new(
        format!("aansluiting.queue.votes.{workshop}"),
        move |ops| api::send_votes(workshop, ops),
        move |_op: VoteRequest, outcome| match outcome {
            Outcome::Applied {
                current: Some(vote),
                ..
            } => {
                refused.set(None);
                view.update(|v| {
                    if let Some(v) = v {
                        v.my_votes
                            .retain(|m| !(m.item_id == vote.item_id && m.round == vote.round));
                        v.my_votes.push(vote);
                    }
                });
            }
            Outcome::Refused(e) => refused.set(Some(e)),
            _ => {}
        },
    );
    q.resume();
    q
}

/// Queues a vote on `item`.
pub fn cast(votes: Votes, item: &str, rating: Rating) {
    votes.push_new(|op_id| VoteRequest {
        item_id: item.to_string(),
        rating,
        op_id,
    });
}

/// The participant's rating of `item` in `round`: the newest queued one, else the server's.
pub fn mine(votes: Votes, view: &ParticipantView, item: &str, round: u32) -> Option<Rating> {
    if let Some(op) = votes.pending_for(item).last() {
        return Some(op.rating);
    }
    view.my_votes
        .iter()
        .find(|v| v.item_id == item && v.round == round)
        .map(|v| v.rating)
}
