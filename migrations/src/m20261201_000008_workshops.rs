//! Workshops: a facilitator's session on some roles of a study, the participants who joined it
//! with a code (no account), and their votes per item and round. The participants table of
//! migration 2 was a placeholder nothing wrote to; it is made anew with its workshop as a
//! foreign key and the facts a participant may give (organisation, SBI section).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Workshops {
    Table,
    Id,
    StudyId,
    Title,
    Code,
    /// The code while the workshop is open, NULL once closed: unique among open workshops.
    OpenCode,
    Mode,
    RoleIds,
    /// `domain::workshop::WorkshopState` as JSON.
    State,
    Revision,
    ParticipantCap,
    CreatedBy,
    CreatedAt,
    ClosedAt,
}

#[derive(DeriveIden)]
enum Participants {
    Table,
    Id,
    WorkshopId,
    TokenHash,
    DisplayName,
    Organisation,
    SbiSection,
    CreatedAt,
}

#[derive(DeriveIden)]
enum WorkshopVotes {
    Table,
    ParticipantId,
    ItemId,
    Round,
    WorkshopId,
    Rating,
    Revision,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Studies {
    Table,
    Id,
}

fn text36(col: impl IntoIden) -> ColumnDef {
    ColumnDef::new(col).string_len(36).not_null().to_owned()
}

fn cascade(
    from: impl IntoIden,
    col: impl IntoIden,
    to: impl IntoIden,
    to_col: impl IntoIden,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(from, col)
        .to(to, to_col)
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let placeholder_rows = m
            .get_connection()
            .query_one_raw(sea_orm::Statement::from_string(
                m.get_database_backend(),
                "SELECT COUNT(*) AS n FROM participants",
            ))
            .await?
            .map(|r| r.try_get::<i64>("", "n"))
            .transpose()?
            .unwrap_or(0);
        if placeholder_rows > 0 {
            return Err(DbErr::Migration(
                "participants holds rows, but no workshop ever existed to join".into(),
            ));
        }
        m.drop_table(Table::drop().table(Participants::Table).to_owned())
            .await?;
        m.create_table(
            Table::create()
                .table(Workshops::Table)
                .col(text36(Workshops::Id).primary_key())
                .col(text36(Workshops::StudyId))
                .col(ColumnDef::new(Workshops::Title).string_len(200).not_null())
                .col(ColumnDef::new(Workshops::Code).string_len(8).not_null())
                .col(ColumnDef::new(Workshops::OpenCode).string_len(8).null())
                .col(ColumnDef::new(Workshops::Mode).string_len(16).not_null())
                .col(ColumnDef::new(Workshops::RoleIds).text().not_null())
                .col(ColumnDef::new(Workshops::State).text().not_null())
                .col(ColumnDef::new(Workshops::Revision).integer().not_null())
                .col(
                    ColumnDef::new(Workshops::ParticipantCap)
                        .integer()
                        .not_null(),
                )
                .col(text36(Workshops::CreatedBy))
                .col(
                    ColumnDef::new(Workshops::CreatedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(Workshops::ClosedAt)
                        .timestamp_with_time_zone()
                        .null(),
                )
                .foreign_key(&mut cascade(
                    Workshops::Table,
                    Workshops::StudyId,
                    Studies::Table,
                    Studies::Id,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_workshops_open_code")
                .table(Workshops::Table)
                .col(Workshops::OpenCode)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_workshops_study")
                .table(Workshops::Table)
                .col(Workshops::StudyId)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Participants::Table)
                .col(text36(Participants::Id).primary_key())
                .col(text36(Participants::WorkshopId))
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
                    ColumnDef::new(Participants::Organisation)
                        .string_len(200)
                        .null(),
                )
                .col(
                    ColumnDef::new(Participants::SbiSection)
                        .string_len(8)
                        .null(),
                )
                .col(
                    ColumnDef::new(Participants::CreatedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .foreign_key(&mut cascade(
                    Participants::Table,
                    Participants::WorkshopId,
                    Workshops::Table,
                    Workshops::Id,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_participants_workshop")
                .table(Participants::Table)
                .col(Participants::WorkshopId)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(WorkshopVotes::Table)
                .col(text36(WorkshopVotes::ParticipantId))
                .col(text36(WorkshopVotes::ItemId))
                .col(ColumnDef::new(WorkshopVotes::Round).integer().not_null())
                .col(text36(WorkshopVotes::WorkshopId))
                .col(
                    ColumnDef::new(WorkshopVotes::Rating)
                        .string_len(20)
                        .not_null(),
                )
                .col(ColumnDef::new(WorkshopVotes::Revision).integer().not_null())
                .col(
                    ColumnDef::new(WorkshopVotes::UpdatedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .primary_key(
                    Index::create()
                        .col(WorkshopVotes::ParticipantId)
                        .col(WorkshopVotes::ItemId)
                        .col(WorkshopVotes::Round),
                )
                .foreign_key(&mut cascade(
                    WorkshopVotes::Table,
                    WorkshopVotes::ParticipantId,
                    Participants::Table,
                    Participants::Id,
                ))
                .foreign_key(&mut cascade(
                    WorkshopVotes::Table,
                    WorkshopVotes::WorkshopId,
                    Workshops::Table,
                    Workshops::Id,
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_workshop_votes_workshop")
                .table(WorkshopVotes::Table)
                .col(WorkshopVotes::WorkshopId)
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            WorkshopVotes::Table.into_iden(),
            Participants::Table.into_iden(),
            Workshops::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        // Migration 2's placeholder, which its own `down` drops.
        m.create_table(
            Table::create()
                .table(Participants::Table)
                .col(text36(Participants::Id).primary_key())
                .col(text36(Participants::WorkshopId))
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
        Ok(())
    }
}
