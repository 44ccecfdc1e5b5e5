//! Reading a workshop: the facilitator's view, a participant's view, the results, and the live
//! streams of both. Figures come from the study's live state, which follows every event.

use std::sync::Arc;

use sea_orm::{EntityTrait, QuerySelect};
use tokio::sync::broadcast;

use app::domain::access::Permission;
use app::domain::ids::{StudyId, WorkshopId};
use app::features::workshops::dto::{ParticipantView, WorkshopResults, WorkshopView};

use super::join_url;
use crate::auth::identity::Principal;
use crate::auth::policy;
use crate::db::entities::workshop;
use crate::db::stored;
use crate::error::ServiceError;
use crate::live::{Audience, Sent, StudyLive};
use crate::services::Ctx;

fn missing(id: WorkshopId) -> ServiceError {
    ServiceError::NotFound(format!("no workshop with id {id}"))
}

/// The study a workshop belongs to.
async fn study_of(ctx: &Ctx, id: WorkshopId) -> Result<StudyId, ServiceError> {
    let study: Option<String> = workshop::Entity::find_by_id(id.to_string())
        .select_only()
        .column(workshop::Column::StudyId)
        .into_tuple()
        .one(&ctx.db)
        .await?;
    Ok(stored::id(&study.ok_or_else(|| missing(id))?)?)
}

/// `GET /workshops/{id}` for members: the presenter's figures.
pub async fn view(ctx: &Ctx, id: WorkshopId) -> Result<WorkshopView, ServiceError> {
    let (_, study) = policy::workshop(&ctx.db, &ctx.principal, id, Permission::Read).await?;
    let live = ctx.live_study(study).await?;
    let mut view = live
        .with_workshop(&id.to_string(), |w, t, at| {
            w.view(&t.thresholds(), t.version, at)
        })?
        .ok_or_else(|| missing(id))?;
    view.join_url = join_url(ctx, &view.code);
    Ok(view)
}

/// `GET /workshops/{id}/me`: the calling participant's phone.
pub async fn me(ctx: &Ctx, id: WorkshopId) -> Result<ParticipantView, ServiceError> {
    let p = policy::participant(&ctx.principal, id)?.clone();
    let study = study_of(ctx, id).await?;
    let live = ctx.live_study(study).await?;
    live.with_workshop(&id.to_string(), |w, t, at| {
        w.participant_view(&p.id, &t.thresholds(), at)
    })?
    .flatten()
    .ok_or_else(|| missing(id))
}

/// `GET /workshops/{id}/results`: per item and round, the counts and how many voted.
pub async fn results(ctx: &Ctx, id: WorkshopId) -> Result<WorkshopResults, ServiceError> {
    let (_, study) = policy::workshop(&ctx.db, &ctx.principal, id, Permission::Read).await?;
    let live = ctx.live_study(study).await?;
    live.with_workshop(&id.to_string(), |w, t, at| WorkshopResults {
        workshop_id: id.to_string(),
        threshold_version: t.version,
        participants: w.joined(),
        results: w.results(&t.thresholds()),
        event_id: at,
    })?
    .ok_or_else(|| missing(id))
}

/// A live stream: members get the facilitator's events, the workshop's participants their own.
pub async fn subscribe(
    ctx: &Ctx,
    id: WorkshopId,
) -> Result<
    (
        Arc<StudyLive>,
        Audience,
        Arc<Sent>,
        broadcast::Receiver<Arc<Sent>>,
    ),
    ServiceError,
> {
    let (audience, study) = match &ctx.principal {
        Principal::Participant(_) => {
            let p = policy::participant(&ctx.principal, id)?;
            (
                Audience::Participant(p.id.clone()),
                study_of(ctx, id).await?,
            )
        }
        _ => {
            let (_, study) =
                policy::workshop(&ctx.db, &ctx.principal, id, Permission::Read).await?;
            (Audience::Facilitator, study)
        }
    };
    let live = ctx.live_study(study).await?;
    let (first, rx) = live
        .subscribe_workshop(&id.to_string(), &audience)?
        .ok_or_else(|| missing(id))?;
    Ok((live, audience, first, rx))
}

/// The join address as an SVG QR code (medium error correction: survives a projector's glare).
pub async fn qr_svg(ctx: &Ctx, id: WorkshopId) -> Result<String, ServiceError> {
    let view = view(ctx, id).await?;
    let code =
        qrcode::QrCode::with_error_correction_level(view.join_url.as_bytes(), qrcode::EcLevel::M)
            .map_err(|e| ServiceError::Internal(format!("no QR code for the join address: {e}")))?;
    Ok(code
        .render::<qrcode::render::svg::Color<'_>>()
        .min_dimensions(240, 240)
        .quiet_zone(true)
        .build())
}
