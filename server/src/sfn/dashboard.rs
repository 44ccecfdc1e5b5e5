//! The dashboard: aggregates, one item's answers, thresholds.

use app::domain::access::Permission;
use app::features::dashboard::api::*;

use super::table::Table;
use crate::auth::policy::Access;
use crate::services::{dashboard, thresholds};

pub(super) fn routes(t: &mut Table) {
    let read = Access::Study(Permission::Read);
    t.add(read, |ctx, a: Aggregate| async move {
        dashboard::aggregate(&ctx, a.study_id, a.query).await
    });
    t.add(read, |ctx, a: ItemDetailOf| async move {
        dashboard::item(&ctx, a.study_id, a.item_id).await
    });
    t.add(read, |ctx, a: ThresholdVersions| async move {
        thresholds::versions(&ctx, a.study_id).await
    });
    t.add(
        Access::Study(Permission::Coordinate),
        |ctx, a: SetThresholds| async move {
            thresholds::set(&ctx, a.study_id, a.thresholds).await
        },
    );
}
