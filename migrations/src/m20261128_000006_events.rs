//! One event sequence for every committed change. `events` is the op journal and the outbox at
//! once: each row is one change (an answer, an interview field, the interview's details; later
//! votes and thresholds) with its op_id and request hash (so a retried op is answered once), its
//! revision, and the value before and after as JSON. Its `id` only grows, in commit order, and is
//! what live views resume from (the SSE `id:`). Live views and history read it.
//!
//! The rows of `answer_events` and `interview_field_events` move into it in the order they
//! happened (time, then their old id) and those tables go. Going down moves answer and field
//! events back (with their new ids); the details' events have no old table and are dropped.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Events {
    Table,
    Id,
    Kind,
    StudyId,
    ScopeId,
    Target,
    OpId,
    OpKey,
    RequestHash,
    ActorId,
    At,
    Revision,
    OldValue,
    NewValue,
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
enum InterviewFieldEvents {
    Table,
    Id,
    OpId,
    RequestHash,
    StudyId,
    InterviewId,
    Key,
    ActorId,
    At,
    Revision,
    OldValue,
    NewValue,
}

#[derive(DeriveIden)]
enum Interviews {
    Table,
    Id,
}

fn text_col<T: IntoIden>(col: T, len: u32) -> ColumnDef {
    ColumnDef::new(col).string_len(len).not_null().to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        create_events(m).await?;
        move_old_events(m).await?;
        m.drop_table(Table::drop().table(AnswerEvents::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(InterviewFieldEvents::Table).to_owned())
            .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        create_old_tables(m).await?;
        move_events_back(m).await?;
        m.drop_table(Table::drop().table(Events::Table).to_owned())
            .await
    }
}

async fn create_events(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    m.create_table(
        Table::create()
            .table(Events::Table)
            .col(
                // AUTOINCREMENT on SQLite: an id is never handed out twice, even after a delete.
                ColumnDef::new(Events::Id)
                    .big_integer()
                    .not_null()
                    .auto_increment()
                    .primary_key(),
            )
            .col(text_col(Events::Kind, 16))
            .col(text_col(Events::StudyId, 36))
            .col(text_col(Events::ScopeId, 36))
            .col(text_col(Events::Target, 80))
            .col(text_col(Events::OpId, 64))
            .col(text_col(Events::OpKey, 128))
            .col(text_col(Events::RequestHash, 64))
            .col(text_col(Events::ActorId, 36))
            .col(
                ColumnDef::new(Events::At)
                    .timestamp_with_time_zone()
                    .not_null(),
            )
            .col(ColumnDef::new(Events::Revision).integer().not_null())
            .col(ColumnDef::new(Events::OldValue).text().null())
            .col(ColumnDef::new(Events::NewValue).text().not_null())
            .to_owned(),
    )
    .await?;
    // An op_id is used once per kind of change and scope (an interview): `op_key` is
    // `<kind>:<scope>:<op_id>`, and its unique index, not a look-up, is the guarantee. One
    // column rather than a unique index on three: PostgreSQL knows a single-column unique index
    // holds each value once even before it has statistics, so a group's look-up of up to 256
    // keys probes the index; on three columns a fresh planner scanned the table instead.
    m.create_index(
        Index::create()
            .name("ux_events_op")
            .table(Events::Table)
            .col(Events::OpKey)
            .unique()
            .to_owned(),
    )
    .await?;
    m.create_index(
        Index::create()
            .name("ix_events_target")
            .table(Events::Table)
            .col(Events::Kind)
            .col(Events::ScopeId)
            .col(Events::Target)
            .col(Events::Id)
            .to_owned(),
    )
    .await?;
    m.create_index(
        Index::create()
            .name("ix_events_study")
            .table(Events::Table)
            .col(Events::StudyId)
            .col(Events::Id)
            .to_owned(),
    )
    .await
}

/// Both old tables in one statement, numbered by when each change happened (ties: the old id,
/// then answers before fields), so no row is lost and the order is kept.
async fn move_old_events(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    let backend = m.get_database_backend();
    let object = |rating: &str, note: &str, quote: &str| match backend {
        DbBackend::Postgres => format!(
            r#"json_build_object('rating', "{rating}", 'note', "{note}", 'quote', "{quote}")::text"#
        ),
        _ => format!(r#"json_object('rating', "{rating}", 'note', "{note}", 'quote', "{quote}")"#),
    };
    let sql = format!(
        r#"INSERT INTO "events"
             ("id", "kind", "study_id", "scope_id", "target", "op_id", "op_key", "request_hash",
              "actor_id", "at", "revision", "old_value", "new_value")
           SELECT ROW_NUMBER() OVER (ORDER BY "at", "old_id", "src"),
             "kind", "study_id", "scope_id", "target", "op_id",
             "kind" || ':' || "scope_id" || ':' || "op_id", "request_hash", "actor_id",
             "at", "revision", "old_value", "new_value"
           FROM (
             SELECT 0 AS "src", "id" AS "old_id", 'answer' AS "kind", "study_id",
               "interview_id" AS "scope_id", "item_id" AS "target", "op_id", "request_hash",
               "actor_id", "at", "revision",
               CASE WHEN "old_rating" IS NULL THEN NULL ELSE {old} END AS "old_value",
               {new} AS "new_value"
             FROM "answer_events"
             UNION ALL
             SELECT 1, "id", 'field', "study_id", "interview_id", "key", "op_id", "request_hash",
               "actor_id", "at", "revision", "old_value", "new_value"
             FROM "interview_field_events"
           ) AS "moved""#,
        old = object("old_rating", "old_note", "old_quote"),
        new = object("new_rating", "new_note", "new_quote"),
    );
    let db = m.get_connection();
    db.execute_unprepared(&sql).await?;
    if backend == DbBackend::Postgres {
        // Ids were given explicitly: the sequence continues after the last one.
        db.execute_unprepared(
            r#"SELECT setval(pg_get_serial_sequence('events', 'id'),
                             (SELECT COALESCE(MAX("id"), 0) + 1 FROM "events"), false)"#,
        )
        .await?;
    }
    Ok(())
}

fn id36<T: IntoIden>(col: T) -> ColumnDef {
    text_col(col, 36)
}

fn event_id<T: IntoIden>(col: T) -> ColumnDef {
    ColumnDef::new(col)
        .big_integer()
        .not_null()
        .auto_increment()
        .primary_key()
        .to_owned()
}

/// The two tables as migrations 3 and 4 made them.
async fn create_old_tables(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    use AnswerEvents as A;
    use InterviewFieldEvents as F;
    m.create_table(
        Table::create()
            .table(A::Table)
            .col(event_id(A::Id))
            .col(text_col(A::OpId, 64).unique_key())
            .col(text_col(A::RequestHash, 64))
            .col(id36(A::StudyId))
            .col(id36(A::InterviewId))
            .col(id36(A::ItemId))
            .col(id36(A::ActorId))
            .col(ColumnDef::new(A::At).timestamp_with_time_zone().not_null())
            .col(ColumnDef::new(A::Revision).integer().not_null())
            .col(ColumnDef::new(A::OldRating).string_len(16).null())
            .col(text_col(A::NewRating, 16))
            .col(ColumnDef::new(A::OldNote).text().null())
            .col(ColumnDef::new(A::NewNote).text().null())
            .col(ColumnDef::new(A::OldQuote).text().null())
            .col(ColumnDef::new(A::NewQuote).text().null())
            .foreign_key(
                ForeignKey::create()
                    .from(A::Table, A::InterviewId)
                    .to(Interviews::Table, Interviews::Id)
                    .on_delete(ForeignKeyAction::Cascade),
            )
            .to_owned(),
    )
    .await?;
    m.create_table(
        Table::create()
            .table(F::Table)
            .col(event_id(F::Id))
            .col(text_col(F::OpId, 64).unique_key())
            .col(text_col(F::RequestHash, 64))
            .col(id36(F::StudyId))
            .col(id36(F::InterviewId))
            .col(text_col(F::Key, 80))
            .col(id36(F::ActorId))
            .col(ColumnDef::new(F::At).timestamp_with_time_zone().not_null())
            .col(ColumnDef::new(F::Revision).integer().not_null())
            .col(ColumnDef::new(F::OldValue).text().null())
            .col(ColumnDef::new(F::NewValue).text().not_null())
            .foreign_key(
                ForeignKey::create()
                    .from(F::Table, F::InterviewId)
                    .to(Interviews::Table, Interviews::Id)
                    .on_delete(ForeignKeyAction::Cascade),
            )
            .to_owned(),
    )
    .await?;
    let indexes = [
        (
            "ix_answer_events_item",
            A::Table.into_iden(),
            [A::InterviewId.into_iden(), A::ItemId.into_iden()],
        ),
        (
            "ix_answer_events_study",
            A::Table.into_iden(),
            [A::StudyId.into_iden(), A::Id.into_iden()],
        ),
        (
            "ix_interview_field_events_key",
            F::Table.into_iden(),
            [F::InterviewId.into_iden(), F::Key.into_iden()],
        ),
        (
            "ix_interview_field_events_study",
            F::Table.into_iden(),
            [F::StudyId.into_iden(), F::Id.into_iden()],
        ),
    ];
    for (name, table, [a, b]) in indexes {
        m.create_index(
            Index::create()
                .name(name)
                .table(table)
                .col(a)
                .col(b)
                .to_owned(),
        )
        .await?;
    }
    Ok(())
}

async fn move_events_back(m: &SchemaManager<'_>) -> Result<(), DbErr> {
    let backend = m.get_database_backend();
    let get = |col: &str, key: &str| match backend {
        DbBackend::Postgres => format!(r#"(("{col}")::json ->> '{key}')"#),
        _ => format!(r#"json_extract("{col}", '$.{key}')"#),
    };
    let db = m.get_connection();
    db.execute_unprepared(&format!(
        r#"INSERT INTO "answer_events"
             ("id", "op_id", "request_hash", "study_id", "interview_id", "item_id", "actor_id",
              "at", "revision", "old_rating", "new_rating", "old_note", "new_note", "old_quote",
              "new_quote")
           SELECT "id", "op_id", "request_hash", "study_id", "scope_id", "target", "actor_id",
             "at", "revision", {old_rating}, {new_rating}, {old_note}, {new_note}, {old_quote},
             {new_quote}
           FROM "events" WHERE "kind" = 'answer'"#,
        old_rating = get("old_value", "rating"),
        new_rating = get("new_value", "rating"),
        old_note = get("old_value", "note"),
        new_note = get("new_value", "note"),
        old_quote = get("old_value", "quote"),
        new_quote = get("new_value", "quote"),
    ))
    .await?;
    db.execute_unprepared(
        r#"INSERT INTO "interview_field_events"
             ("id", "op_id", "request_hash", "study_id", "interview_id", "key", "actor_id", "at",
              "revision", "old_value", "new_value")
           SELECT "id", "op_id", "request_hash", "study_id", "scope_id", "target", "actor_id",
             "at", "revision", "old_value", "new_value"
           FROM "events" WHERE "kind" = 'field'"#,
    )
    .await?;
    if backend == DbBackend::Postgres {
        for table in ["answer_events", "interview_field_events"] {
            db.execute_unprepared(&format!(
                r#"SELECT setval(pg_get_serial_sequence('{table}', 'id'),
                                 (SELECT COALESCE(MAX("id"), 0) + 1 FROM "{table}"), false)"#
            ))
            .await?;
        }
    }
    Ok(())
}
