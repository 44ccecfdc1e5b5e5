//! PostgreSQL only: tells the other instances that this one committed events, with one
//! `NOTIFY aansluiting_events` per burst of commits, sent after them. Inside every writing
//! transaction it would take the cluster-wide notify lock at each commit and wake every
//! listener once per write; after the commits, a burst of 500 writes costs one notification.
//! A crash between a commit and its notification only delays the others until their pump's
//! next timed look.

use std::sync::Weak;
use std::time::Duration;

use sea_orm::{ConnectionTrait, DbBackend, Statement};
use tokio::sync::watch;

use super::shared::Inner;

/// The channel the instances wake each other on (`listen` subscribes to it).
pub(super) const CHANNEL: &str = "aansluiting_events";

/// At most one notification per this long: commits in between fold into the next one.
const GAP: Duration = Duration::from_millis(20);

/// Until the hub or the event bus is gone. `me` is the payload, so that this instance's own
/// listener can ignore what it already knows from its bus.
pub(super) async fn run(inner: Weak<Inner>, mut bus: watch::Receiver<i64>, me: String) {
    while bus.changed().await.is_ok() {
        let Some(db) = inner.upgrade().map(|i| i.db.clone()) else {
            return;
        };
        let sent = db
            .execute_raw(Statement::from_sql_and_values(
                DbBackend::Postgres,
                "SELECT pg_notify($1, $2)",
                [CHANNEL.into(), me.clone().into()],
            ))
            .await;
        if let Err(e) = sent {
            tracing::warn!(error = %e, "live: NOTIFY failed; other instances see the change at their next look");
        }
        drop(db);
        tokio::time::sleep(GAP).await;
    }
}
