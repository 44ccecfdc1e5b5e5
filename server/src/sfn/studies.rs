//! Studies, their members and their audit log.

use app::domain::access::Permission;
use app::features::studies::api::*;

use super::table::Table;
use crate::auth::policy::Access;
use crate::services::{audit, invitations, studies};

pub(super) fn routes(t: &mut Table) {
    t.add(Access::SignedIn, |ctx, _: ListStudies| async move {
        studies::mine(&ctx).await
    });
    t.add(Access::SignedIn, |ctx, a: CreateStudy| async move {
        studies::create(&ctx, &a.name, a.codebook_id).await
    });
    t.add(
        Access::Study(Permission::Read),
        |ctx, a: GetStudy| async move { studies::get(&ctx, a.study_id).await },
    );
    let coordinate = Access::Study(Permission::Coordinate);
    t.add(coordinate, |ctx, a: ListMembers| async move {
        studies::members(&ctx, a.study_id).await
    });
    t.add(coordinate, |ctx, a: AddMember| async move {
        invitations::invite(&ctx, a.study_id, &a.email, &a.role).await
    });
    t.add(coordinate, |ctx, a: ChangeMemberRole| async move {
        studies::change_role(&ctx, a.study_id, a.user_id, &a.role).await
    });
    t.add(coordinate, |ctx, a: RemoveMember| async move {
        studies::remove_member(&ctx, a.study_id, a.user_id).await
    });
    t.add(coordinate, |ctx, a: StudyAudit| async move {
        audit::list(&ctx, a.study_id).await
    });
    t.add(coordinate, |ctx, a: StudyInvitations| async move {
        invitations::of_study(&ctx, a.study_id).await
    });
    t.add(coordinate, |ctx, a: WithdrawInvitation| async move {
        invitations::withdraw(&ctx, a.study_id, a.invitation_id).await
    });
    t.add(Access::SignedIn, |ctx, _: MyInvitations| async move {
        invitations::mine(&ctx).await
    });
    t.add(Access::SignedIn, |ctx, a: AcceptInvitation| async move {
        invitations::accept(&ctx, a.invitation_id).await
    });
    t.add(Access::SignedIn, |ctx, a: DeclineInvitation| async move {
        invitations::decline(&ctx, a.invitation_id).await
    });
}
