//! Accounts and access: users, sessions, API tokens, studies with memberships, workshop
//! participants, sign-in throttling and the audit log.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    Email,
    Name,
    PasswordHash,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Sessions {
    Table,
    Id,
    TokenHash,
    UserId,
    CreatedAt,
    LastSeenAt,
    ExpiresAt,
    UserAgent,
    Ip,
}

#[derive(DeriveIden)]
enum ApiTokens {
    Table,
    Id,
    UserId,
    Name,
    TokenHash,
    CreatedAt,
    LastUsedAt,
    RevokedAt,
}

#[derive(DeriveIden)]
enum Studies {
    Table,
    Id,
    Name,
    CodebookId,
    CreatedAt,
    CreatedBy,
}

#[derive(DeriveIden)]
enum Codebooks {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Memberships {
    Table,
    StudyId,
    UserId,
    Role,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Participants {
    Table,
    Id,
    WorkshopId,
    TokenHash,
    DisplayName,
    CreatedAt,
}

#[derive(DeriveIden)]
enum ThrottleEvents {
    Table,
    Id,
    Key,
    At,
}

#[derive(DeriveIden)]
enum AuditLog {
    Table,
    Id,
    At,
    ActorId,
    StudyId,
    Action,
    Details,
}

fn id(col: impl IntoIden) -> ColumnDef {
    ColumnDef::new(col)
        .string_len(36)
        .not_null()
        .primary_key()
        .to_owned()
}

fn fk(
    from_table: impl IntoIden,
    from_col: impl IntoIden,
    to_table: impl IntoIden,
    to_col: impl IntoIden,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(from_table, from_col)
        .to(to_table, to_col)
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Users::Table)
                .col(id(Users::Id))
                .col(
                    ColumnDef::new(Users::Email)
                        .string_len(320)
                        .not_null()
                        .unique_key(),
                )
                .col(ColumnDef::new(Users::Name).string().not_null())
                .col(ColumnDef::new(Users::PasswordHash).string().not_null())
                .col(
                    ColumnDef::new(Users::CreatedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Sessions::Table)
                .col(id(Sessions::Id))
                .col(
                    ColumnDef::new(Sessions::TokenHash)
                        .string_len(64)
                        .not_null()
                        .unique_key(),
                )
                .col(ColumnDef::new(Sessions::UserId).string_len(36).not_null())
                .col(
                    ColumnDef::new(Sessions::CreatedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(Sessions::LastSeenAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(Sessions::ExpiresAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .col(ColumnDef::new(Sessions::UserAgent).string_len(512).null())
                .col(ColumnDef::new(Sessions::Ip).string_len(64).null())
                .foreign_key(&mut fk(
                    Sessions::Table,
                    Sessions::UserId,
                    Users::Table,
                    Users::Id,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_sessions_user")
                .table(Sessions::Table)
                .col(Sessions::UserId)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(ApiTokens::Table)
                .col(id(ApiTokens::Id))
                .col(ColumnDef::new(ApiTokens::UserId).string_len(36).not_null())
                .col(ColumnDef::new(ApiTokens::Name).string_len(200).not_null())
                .col(
                    ColumnDef::new(ApiTokens::TokenHash)
                        .string_len(64)
                        .not_null()
                        .unique_key(),
                )
                .col(
                    ColumnDef::new(ApiTokens::CreatedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(ApiTokens::LastUsedAt)
                        .timestamp_with_time_zone()
                        .null(),
                )
                .col(
                    ColumnDef::new(ApiTokens::RevokedAt)
                        .timestamp_with_time_zone()
                        .null(),
                )
                .foreign_key(&mut fk(
                    ApiTokens::Table,
                    ApiTokens::UserId,
                    Users::Table,
                    Users::Id,
                ))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Studies::Table)
                .col(id(Studies::Id))
                .col(ColumnDef::new(Studies::Name).string_len(300).not_null())
                .col(
                    ColumnDef::new(Studies::CodebookId)
                        .string_len(36)
                        .not_null(),
                )
                .col(
                    ColumnDef::new(Studies::CreatedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .col(ColumnDef::new(Studies::CreatedBy).string_len(36).null())
                // A codebook a study pinned is never deleted from under it.
                .foreign_key(
                    ForeignKey::create()
                        .from(Studies::Table, Studies::CodebookId)
                        .to(Codebooks::Table, Codebooks::Id)
                        .on_delete(ForeignKeyAction::Restrict),
                )
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Memberships::Table)
                .col(
                    ColumnDef::new(Memberships::StudyId)
                        .string_len(36)
                        .not_null(),
                )
                .col(
                    ColumnDef::new(Memberships::UserId)
                        .string_len(36)
                        .not_null(),
                )
                .col(ColumnDef::new(Memberships::Role).string_len(16).not_null())
                .col(
                    ColumnDef::new(Memberships::CreatedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .primary_key(
                    Index::create()
                        .col(Memberships::StudyId)
                        .col(Memberships::UserId),
                )
                .foreign_key(&mut fk(
                    Memberships::Table,
                    Memberships::StudyId,
                    Studies::Table,
                    Studies::Id,
                ))
                .foreign_key(&mut fk(
                    Memberships::Table,
                    Memberships::UserId,
                    Users::Table,
                    Users::Id,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_memberships_user")
                .table(Memberships::Table)
                .col(Memberships::UserId)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Participants::Table)
                .col(id(Participants::Id))
                .col(
                    ColumnDef::new(Participants::WorkshopId)
                        .string_len(36)
                        .not_null(),
                )
                .col(
                    ColumnDef::new(Participants::TokenHash)
                        .string_len(64)
                        .not_null()
                        .unique_key(),
                )
                .col(
                    ColumnDef::new(Participants::DisplayName)
                        .string_len(200)
                        .not_null(),
                )
                .col(
                    ColumnDef::new(Participants::CreatedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(ThrottleEvents::Table)
                .col(
                    ColumnDef::new(ThrottleEvents::Id)
                        .big_integer()
                        .not_null()
                        .auto_increment()
                        .primary_key(),
                )
                .col(
                    ColumnDef::new(ThrottleEvents::Key)
                        .string_len(400)
                        .not_null(),
                )
                .col(
                    ColumnDef::new(ThrottleEvents::At)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_throttle_key_at")
                .table(ThrottleEvents::Table)
                .col(ThrottleEvents::Key)
                .col(ThrottleEvents::At)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(AuditLog::Table)
                .col(
                    ColumnDef::new(AuditLog::Id)
                        .big_integer()
                        .not_null()
                        .auto_increment()
                        .primary_key(),
                )
                .col(
                    ColumnDef::new(AuditLog::At)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .col(ColumnDef::new(AuditLog::ActorId).string_len(36).null())
                .col(ColumnDef::new(AuditLog::StudyId).string_len(36).null())
                .col(ColumnDef::new(AuditLog::Action).string_len(64).not_null())
                .col(ColumnDef::new(AuditLog::Details).text().not_null())
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_audit_study")
                .table(AuditLog::Table)
                .col(AuditLog::StudyId)
                .col(AuditLog::Id)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            AuditLog::Table.into_iden(),
            ThrottleEvents::Table.into_iden(),
            Participants::Table.into_iden(),
            Memberships::Table.into_iden(),
            Studies::Table.into_iden(),
            ApiTokens::Table.into_iden(),
            Sessions::Table.into_iden(),
            Users::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
