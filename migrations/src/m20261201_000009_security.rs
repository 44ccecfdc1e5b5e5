//! Security hardening (issue 13): API tokens get an expiry and a scope; audit entries get the
//! hash chain that makes the log tamper-evident.
//!
//! Tokens made before this had neither: they become read-write tokens that expire 90 days after
//! the upgrade (the new default lifetime), so no script stops working the day of the upgrade.
//! Audit entries' hashes are filled in by the server at start-up (`services::audit::seal`),
//! which owns the hash's definition; here the columns only.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ApiTokens {
    Table,
    ExpiresAt,
    Scope,
}

#[derive(DeriveIden)]
enum AuditLog {
    Table,
    PrevHash,
    Hash,
}

/// The default lifetime of a token, for the tokens that exist at the upgrade.
const DAYS: i64 = 90;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite alters one thing at a time.
        let add =
            |table: DynIden, col: ColumnDef| Table::alter().table(table).add_column(col).to_owned();
        m.alter_table(add(
            ApiTokens::Table.into_iden(),
            ColumnDef::new(ApiTokens::Scope)
                .string_len(16)
                .not_null()
                .default("read_write")
                .to_owned(),
        ))
        .await?;
        m.alter_table(add(
            ApiTokens::Table.into_iden(),
            ColumnDef::new(ApiTokens::ExpiresAt)
                .timestamp_with_time_zone()
                .null()
                .to_owned(),
        ))
        .await?;
        let expires = chrono::Utc::now() + chrono::Duration::days(DAYS);
        m.exec_stmt(
            Query::update()
                .table(ApiTokens::Table)
                .value(ApiTokens::ExpiresAt, expires)
                .and_where(Expr::col(ApiTokens::ExpiresAt).is_null())
                .to_owned(),
        )
        .await?;
        for col in [AuditLog::PrevHash, AuditLog::Hash] {
            m.alter_table(add(
                AuditLog::Table.into_iden(),
                ColumnDef::new(col).string_len(64).null().to_owned(),
            ))
            .await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let drop =
            |table: DynIden, col: DynIden| Table::alter().table(table).drop_column(col).to_owned();
        for col in [AuditLog::Hash, AuditLog::PrevHash] {
            m.alter_table(drop(AuditLog::Table.into_iden(), col.into_iden()))
                .await?;
        }
        for col in [
            ApiTokens::ExpiresAt.into_iden(),
            ApiTokens::Scope.into_iden(),
        ] {
            m.alter_table(drop(ApiTokens::Table.into_iden(), col))
                .await?;
        }
        Ok(())
    }
}
