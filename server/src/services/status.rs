//! Liveness, readiness and the system status page.

use app::features::status::SystemStatus;
use sea_orm::DatabaseConnection;

use crate::db;
use crate::error::ServiceError;

pub async fn system_status(conn: &DatabaseConnection) -> Result<SystemStatus, ServiceError> {
    let state = db::migration_state(conn).await?;
    Ok(SystemStatus {
        database: db::backend_name(conn).to_string(),
        migrations_applied: state.applied,
        migrations_pending: state.pending,
        version: env!("CARGO_PKG_VERSION").to_string(),
    })
}

/// Ready means: the database answers and no migration is pending.
pub async fn readiness(conn: &DatabaseConnection) -> Result<SystemStatus, ServiceError> {
    conn.ping().await?;
    let status = system_status(conn).await?;
    if status.migrations_pending > 0 {
        return Err(ServiceError::Conflict(format!(
            "{} migrations pending",
            status.migrations_pending
        )));
    }
    Ok(status)
}
