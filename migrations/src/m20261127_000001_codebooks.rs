//! Codebooks: a versioned, ordered tree (qualification → role → section → item).
//! Ids are UUID strings so both databases store and print them the same way.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Codebooks {
    Table,
    Id,
    Guid,
    Name,
    Version,
    Description,
    Origin,
    CreatedAt,
}

#[derive(DeriveIden)]
enum CodebookNodes {
    Table,
    Id,
    CodebookId,
    Guid,
    ParentId,
    Position,
    Kind,
    SectionKind,
    Number,
    Label,
    Text,
    Color,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Codebooks::Table)
                    .col(
                        ColumnDef::new(Codebooks::Id)
                            .string_len(36)
                            .not_null()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(Codebooks::Guid).string_len(36).not_null())
                    .col(ColumnDef::new(Codebooks::Name).string().not_null())
                    .col(ColumnDef::new(Codebooks::Version).integer().not_null())
                    .col(ColumnDef::new(Codebooks::Description).text().null())
                    .col(ColumnDef::new(Codebooks::Origin).string_len(16).not_null())
                    .col(
                        ColumnDef::new(Codebooks::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_codebooks_guid_version")
                    .table(Codebooks::Table)
                    .col(Codebooks::Guid)
                    .col(Codebooks::Version)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(CodebookNodes::Table)
                    .col(
                        ColumnDef::new(CodebookNodes::Id)
                            .string_len(36)
                            .not_null()
                            .primary_key(),
                    )
                    .col(
                        ColumnDef::new(CodebookNodes::CodebookId)
                            .string_len(36)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(CodebookNodes::Guid)
                            .string_len(36)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(CodebookNodes::ParentId)
                            .string_len(36)
                            .null(),
                    )
                    .col(ColumnDef::new(CodebookNodes::Position).integer().not_null())
                    .col(
                        ColumnDef::new(CodebookNodes::Kind)
                            .string_len(16)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(CodebookNodes::SectionKind)
                            .string_len(24)
                            .null(),
                    )
                    .col(ColumnDef::new(CodebookNodes::Number).string_len(16).null())
                    .col(ColumnDef::new(CodebookNodes::Label).text().not_null())
                    .col(ColumnDef::new(CodebookNodes::Text).text().null())
                    .col(ColumnDef::new(CodebookNodes::Color).string_len(7).null())
                    .foreign_key(
                        ForeignKey::create()
                            .from(CodebookNodes::Table, CodebookNodes::CodebookId)
                            .to(Codebooks::Table, Codebooks::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(CodebookNodes::Table, CodebookNodes::ParentId)
                            .to(CodebookNodes::Table, CodebookNodes::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, cols, unique) in [
            (
                "ux_codebook_nodes_guid",
                vec![CodebookNodes::CodebookId, CodebookNodes::Guid],
                true,
            ),
            (
                "ux_codebook_nodes_position",
                vec![CodebookNodes::CodebookId, CodebookNodes::Position],
                true,
            ),
            (
                "ix_codebook_nodes_parent",
                vec![CodebookNodes::ParentId],
                false,
            ),
        ] {
            let mut index = Index::create();
            index.name(name).table(CodebookNodes::Table);
            for col in cols {
                index.col(col);
            }
            if unique {
                index.unique();
            }
            manager.create_index(index.to_owned()).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(CodebookNodes::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Codebooks::Table).to_owned())
            .await
    }
}
