//! A revision on the interview's details (organisation, SBI section, date, …), so that an edit
//! made on an older copy is refused as stale instead of silently overwriting a colleague's.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Interviews {
    Table,
    Revision,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Interviews::Table)
                .add_column(
                    ColumnDef::new(Interviews::Revision)
                        .integer()
                        .not_null()
                        .default(1),
                )
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Interviews::Table)
                .drop_column(Interviews::Revision)
                .to_owned(),
        )
        .await
    }
}
