//! Workshop votes through the op journal: a participant's op_id lands once; one vote per
//! participant per item per round, a new one replacing the old within the round. The round is
//! the item's current one when the vote arrives; an item not open, a round whose results are
//! shown or a closed workshop refuses it, except a replay of a vote that landed before, which
//! is answered as it was (a phone whose answer was lost must not think its vote was).

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use app::domain::ids::WorkshopId;
use app::features::workshops::dto::{VoteRequest, VoteResult, VoteView};

use super::record::{self, Workshop};
use super::refused;
use super::vote_store::{VoteValue, bad_target, parse_target, target};
use crate::auth::identity::ParticipantCtx;
use crate::auth::policy;
use crate::db::entities::event::kind;
use crate::error::ServiceError;
use crate::services::Ctx;
use crate::services::journal::{self, Op};

/// Votes per request: a phone's queue after a long time offline is a few dozen at most.
pub const MAX_BATCH: usize = 500;

/// One vote.
pub async fn vote(ctx: &Ctx, id: WorkshopId, vote: VoteRequest) -> Result<VoteView, ServiceError> {
    let (_, mut checked) = prepared(ctx, id, vec![vote]).await?;
    let op = checked.pop().ok_or_else(journal::not_applied)?.1?;
    let writer = ctx.writers.as_ref().map(|w| &w.votes);
    let written = journal::commit(&ctx.db, writer, vec![op.clone()])
        .await?
        .pop()
        .ok_or_else(journal::not_applied)??;
    stored_view(&op, written.revision)
}

/// A phone's queue: each vote decided on its own, in order.
pub async fn batch(
    ctx: &Ctx,
    id: WorkshopId,
    votes: Vec<VoteRequest>,
) -> Result<Vec<VoteResult>, ServiceError> {
    journal::check_batch_size(votes.len(), MAX_BATCH)?;
    let (_, checked) = prepared(ctx, id, votes).await?;
    let ops: Vec<Option<Op<VoteValue>>> = checked
        .iter()
        .map(|(_, c)| c.as_ref().ok().cloned())
        .collect();
    let writer = ctx.writers.as_ref().map(|w| &w.votes);
    let mut results: Vec<VoteResult> = journal::commit_checked(&ctx.db, writer, checked).await?;
    for (r, op) in results.iter_mut().zip(ops) {
        if let (None, Some(revision), Some(op)) = (&r.error, r.revision, op) {
            r.current = Some(stored_view(&op, revision)?);
        }
    }
    Ok(results)
}

/// The caller (a participant of this workshop) and each vote's op or refusal.
async fn prepared(
    ctx: &Ctx,
    id: WorkshopId,
    votes: Vec<VoteRequest>,
) -> Result<
    (
        ParticipantCtx,
        Vec<(String, Result<Op<VoteValue>, ServiceError>)>,
    ),
    ServiceError,
> {
    let p = policy::participant(&ctx.principal, id)?.clone();
    let w = record::find(&ctx.db, &id.to_string())
        .await?
        .ok_or_else(|| ServiceError::NotFound(format!("no workshop with id {id}")))?;
    let mut checked = Vec::with_capacity(votes.len());
    for v in votes {
        checked.push((v.op_id.clone(), prepare(ctx, &w, &p, v).await));
    }
    Ok((p, checked))
}

/// How an acknowledged vote is reported: with the round it went to.
fn stored_view(op: &Op<VoteValue>, revision: u32) -> Result<VoteView, ServiceError> {
    let (round, item) = parse_target(&op.target).ok_or_else(|| bad_target(&op.target))?;
    Ok(VoteView {
        item_id: item.to_string(),
        round,
        rating: op.value.rating,
        revision,
    })
}

/// The op for `v`, or why the workshop refuses it. An op_id that landed before keeps the
/// round it went to, whatever the workshop's state is now: the journal answers it as it did.
async fn prepare(
    ctx: &Ctx,
    w: &Workshop,
    p: &ParticipantCtx,
    v: VoteRequest,
) -> Result<Op<VoteValue>, ServiceError> {
    let op_id = journal::check_op_id(&v.op_id)?;
    let landed = landed_target(ctx, p, &op_id).await?;
    let target = match landed {
        Some(t) => t,
        None => target(
            w.state.accepts_vote(&v.item_id).map_err(refused)?,
            &v.item_id,
        ),
    };
    Ok(Op {
        study_id: w.study_id.clone(),
        scope: p.id.clone(),
        target,
        actor: p.id.clone(),
        // Not the round: a replay after the round moved on is still the same vote.
        hash: journal::request_hash(&v.item_id, &[serde_json::json!(v.rating.code())], None),
        op_id,
        base_revision: None,
        value: VoteValue {
            workshop_id: w.id.clone(),
            rating: v.rating,
        },
    })
}

/// The target of this participant's op_id when it landed before.
async fn landed_target(
    ctx: &Ctx,
    p: &ParticipantCtx,
    op_id: &str,
) -> Result<Option<String>, ServiceError> {
    use crate::db::entities::event;
    use sea_orm::QuerySelect;
    let key = journal::outbox::op_key(kind::VOTE, &p.id, op_id);
    Ok(event::Entity::find()
        .select_only()
        .column(event::Column::Target)
        .filter(event::Column::OpKey.eq(key))
        .into_tuple::<String>()
        .one(&ctx.db)
        .await?)
}
