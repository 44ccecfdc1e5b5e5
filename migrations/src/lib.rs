//! One migration set for SQLite and PostgreSQL, run at start-up and by `aansluiting migrate`.

pub use sea_orm_migration::prelude::*;

mod m20261127_000001_codebooks;
mod m20261127_000002_accounts;
mod m20261127_000003_interviews;
mod m20261127_000004_interview_fields;
mod m20261127_000005_interview_revision;
mod m20261128_000006_events;
mod m20261201_000007_thresholds;
mod m20261201_000008_workshops;
mod m20261201_000009_security;
mod m20261201_000010_invitations;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261127_000001_codebooks::Migration),
            Box::new(m20261127_000002_accounts::Migration),
            Box::new(m20261127_000003_interviews::Migration),
            Box::new(m20261127_000004_interview_fields::Migration),
            Box::new(m20261127_000005_interview_revision::Migration),
            Box::new(m20261128_000006_events::Migration),
            Box::new(m20261201_000007_thresholds::Migration),
            Box::new(m20261201_000008_workshops::Migration),
            Box::new(m20261201_000009_security::Migration),
            Box::new(m20261201_000010_invitations::Migration),
        ]
    }
}
