//! Codebooks: the list, one tree, and importing a file.

use app::features::codebooks::api::*;

use super::table::Table;
use crate::auth::policy::Access;
use crate::services::codebooks;

pub(super) fn routes(t: &mut Table) {
    t.add(Access::SignedIn, |ctx, _: ListCodebooks| async move {
        codebooks::list(&ctx).await
    });
    t.add(Access::SignedIn, |ctx, a: GetCodebook| async move {
        codebooks::get(&ctx, a.id).await
    });
    t.add(Access::SignedIn, |ctx, a: ImportCodebook| async move {
        codebooks::import_upload(&ctx, &a.file_name, &a.content).await
    });
    t.allow_large_body::<ImportCodebook>();
}
