//! Interviews and their answers. `answers` holds the current value per item; `answer_events` is
//! the append-only history of every change and doubles as the outbox that live views read
//! (its id is the event id). A UNIQUE `op_id` makes a retried write a no-op.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Interviews {
    Table,
    Id,
    StudyId,
    Organisation,
    SbiSection,
    RespondentFunction,
    HeldOn,
    Mode,
    InterviewerId,
    Consent,
    Notes,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Answers {
    Table,
    InterviewId,
    ItemId,
    Rating,
    Note,
    Quote,
    Revision,
    UpdatedAt,
    UpdatedBy,
}

#[derive(DeriveIden)]
enum AnswerEvents {
    Table,
    Id,
    OpId,
    RequestHash,
    StudyId,
    InterviewId,
    ItemId,
    ActorId,
    At,
    Revision,
    OldRating,
    NewRating,
    OldNote,
    NewNote,
    OldQuote,
    NewQuote,
}

#[derive(DeriveIden)]
enum Studies {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum CodebookNodes {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Interviews::Table)
                .col(
                    ColumnDef::new(Interviews::Id)
                        .string_len(36)
                        .not_null()
                        .primary_key(),
                )
                .col(
                    ColumnDef::new(Interviews::StudyId)
                        .string_len(36)
                        .not_null(),
                )
                .col(
                    ColumnDef::new(Interviews::Organisation)
                        .string_len(300)
                        .not_null(),
                )
                .col(
                    ColumnDef::new(Interviews::SbiSection)
                        .string_len(1)
                        .not_null(),
                )
                .col(
                    ColumnDef::new(Interviews::RespondentFunction)
                        .string_len(300)
                        .null(),
                )
                .col(ColumnDef::new(Interviews::HeldOn).date().null())
                .col(ColumnDef::new(Interviews::Mode).string_len(16).null())
                .col(
                    ColumnDef::new(Interviews::InterviewerId)
                        .string_len(36)
                        .not_null(),
                )
                .col(
                    ColumnDef::new(Interviews::Consent)
                        .boolean()
                        .not_null()
                        .default(false),
                )
                .col(ColumnDef::new(Interviews::Notes).text().null())
                .col(
                    ColumnDef::new(Interviews::CreatedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Interviews::Table, Interviews::StudyId)
                        .to(Studies::Table, Studies::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_interviews_study")
                .table(Interviews::Table)
                .col(Interviews::StudyId)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Answers::Table)
                .col(
                    ColumnDef::new(Answers::InterviewId)
                        .string_len(36)
                        .not_null(),
                )
                .col(ColumnDef::new(Answers::ItemId).string_len(36).not_null())
                .col(ColumnDef::new(Answers::Rating).string_len(16).not_null())
                .col(ColumnDef::new(Answers::Note).text().null())
                .col(ColumnDef::new(Answers::Quote).text().null())
                .col(ColumnDef::new(Answers::Revision).integer().not_null())
                .col(
                    ColumnDef::new(Answers::UpdatedAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .col(ColumnDef::new(Answers::UpdatedBy).string_len(36).not_null())
                .primary_key(
                    Index::create()
                        .col(Answers::InterviewId)
                        .col(Answers::ItemId),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Answers::Table, Answers::InterviewId)
                        .to(Interviews::Table, Interviews::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Answers::Table, Answers::ItemId)
                        .to(CodebookNodes::Table, CodebookNodes::Id)
                        .on_delete(ForeignKeyAction::Restrict),
                )
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(AnswerEvents::Table)
                .col(
                    ColumnDef::new(AnswerEvents::Id)
                        .big_integer()
                        .not_null()
                        .auto_increment()
                        .primary_key(),
                )
                .col(
                    ColumnDef::new(AnswerEvents::OpId)
                        .string_len(64)
                        .not_null()
                        .unique_key(),
                )
                .col(
                    ColumnDef::new(AnswerEvents::RequestHash)
                        .string_len(64)
                        .not_null(),
                )
                .col(
                    ColumnDef::new(AnswerEvents::StudyId)
                        .string_len(36)
                        .not_null(),
                )
                .col(
                    ColumnDef::new(AnswerEvents::InterviewId)
                        .string_len(36)
                        .not_null(),
                )
                .col(
                    ColumnDef::new(AnswerEvents::ItemId)
                        .string_len(36)
                        .not_null(),
                )
                .col(
                    ColumnDef::new(AnswerEvents::ActorId)
                        .string_len(36)
                        .not_null(),
                )
                .col(
                    ColumnDef::new(AnswerEvents::At)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .col(ColumnDef::new(AnswerEvents::Revision).integer().not_null())
                .col(
                    ColumnDef::new(AnswerEvents::OldRating)
                        .string_len(16)
                        .null(),
                )
                .col(
                    ColumnDef::new(AnswerEvents::NewRating)
                        .string_len(16)
                        .not_null(),
                )
                .col(ColumnDef::new(AnswerEvents::OldNote).text().null())
                .col(ColumnDef::new(AnswerEvents::NewNote).text().null())
                .col(ColumnDef::new(AnswerEvents::OldQuote).text().null())
                .col(ColumnDef::new(AnswerEvents::NewQuote).text().null())
                .foreign_key(
                    ForeignKey::create()
                        .from(AnswerEvents::Table, AnswerEvents::InterviewId)
                        .to(Interviews::Table, Interviews::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_answer_events_item")
                .table(AnswerEvents::Table)
                .col(AnswerEvents::InterviewId)
                .col(AnswerEvents::ItemId)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_answer_events_study")
                .table(AnswerEvents::Table)
                .col(AnswerEvents::StudyId)
                .col(AnswerEvents::Id)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(AnswerEvents::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(Answers::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(Interviews::Table).to_owned())
            .await
    }
}
