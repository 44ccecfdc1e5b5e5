//! Workshops, for the facilitator's pages (phones use the REST door).

use app::domain::access::Permission;
use app::features::workshops::api::*;

use super::table::Table;
use crate::auth::policy::Access;
use crate::services::workshops::{control, create, views};

pub(super) fn routes(t: &mut Table) {
    t.add(
        Access::Study(Permission::Read),
        |ctx, a: ListWorkshops| async move { create::list(&ctx, a.study_id).await },
    );
    t.add(
        Access::Study(Permission::Facilitate),
        |ctx, a: CreateWorkshop| async move { create::create(&ctx, a.study_id, a.workshop).await },
    );
    t.add(
        Access::Workshop(Permission::Read),
        |ctx, a: GetWorkshop| async move { views::view(&ctx, a.workshop_id).await },
    );
    t.add(
        Access::Workshop(Permission::Facilitate),
        |ctx, a: ControlWorkshop| async move {
            control::control(&ctx, a.workshop_id, a.control).await
        },
    );
}
