//! The system status page.

use app::features::status::GetSystemStatus;

use super::table::Table;
use crate::auth::policy::Access;
use crate::services::status;

pub(super) fn routes(t: &mut Table) {
    t.add(Access::Public, |ctx, _: GetSystemStatus| async move {
        status::system_status(&ctx.db).await
    });
}
