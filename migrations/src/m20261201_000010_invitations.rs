//! Invitations (issue 13): coordinators invite by e-mail address, and whoever signs in with that
//! address accepts or declines. Adding an address that has no account looks exactly like adding
//! one that has, so the member form no longer tells who has an account here.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum StudyInvitations {
    Table,
    Id,
    StudyId,
    Email,
    Role,
    InvitedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Studies {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(StudyInvitations::Table)
                .col(
                    ColumnDef::new(StudyInvitations::Id)
                        .string_len(36)
                        .not_null()
                        .primary_key(),
                )
                .col(
                    ColumnDef::new(StudyInvitations::StudyId)
                        .string_len(36)
                        .not_null(),
                )
                .col(
                    ColumnDef::new(StudyInvitations::Email)
                        .string_len(320)
                        .not_null(),
                )
                .col(
                    ColumnDef::new(StudyInvitations::Role)
                        .string_len(16)
                        .not_null(),
                )
                // No foreign key: an invitation outlives the account of whoever sent it.
                .col(
                    ColumnDef::new(StudyInvitations::InvitedBy)
                        .string_len(36)
                        .null(),
                )
                .col(
                    ColumnDef::new(StudyInvitations::CreatedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(StudyInvitations::Table, StudyInvitations::StudyId)
                        .to(Studies::Table, Studies::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        // One open invitation per address and study: inviting twice is a conflict, not a second row.
        m.create_index(
            Index::create()
                .name("ux_study_invitations_study_email")
                .table(StudyInvitations::Table)
                .col(StudyInvitations::StudyId)
                .col(StudyInvitations::Email)
                .unique()
                .to_owned(),
        )
        .await?;
        // "My invitations" looks them up by address.
        m.create_index(
            Index::create()
                .name("ix_study_invitations_email")
                .table(StudyInvitations::Table)
                .col(StudyInvitations::Email)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(StudyInvitations::Table).to_owned())
            .await
    }
}
