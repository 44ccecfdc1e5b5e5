//! PostgreSQL only: other instances' commits arrive as `NOTIFY aansluiting_events` (sent by
//! `journal::outbox::append` inside each writing transaction, so it fires on commit). A
//! notification carries nothing; it only wakes the pump, which reads the sequence itself, so
//! a lost one delays delivery until the pump's next timed look, never loses an event.

use std::sync::{Arc, Weak};
use std::time::Duration;

use sea_orm::sqlx::postgres::PgListener;
use tokio::sync::Notify;

use super::shared::Inner;
use crate::services::journal::outbox::NOTIFY_CHANNEL;

/// How long one wait for a notification lasts before the task checks it is still needed.
const WAIT: Duration = Duration::from_secs(5);

pub(super) async fn run(inner: Weak<Inner>, wake: Arc<Notify>) {
    loop {
        let Some(pool) = inner
            .upgrade()
            .map(|i| i.db.conn().get_postgres_connection_pool().clone())
        else {
            return;
        };
        match listen(&inner, &pool, &wake).await {
            Ok(()) => return,
            Err(e) => {
                tracing::warn!(error = %e, "live: LISTEN failed; the pump polls until it is back");
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        }
    }
}

/// Until the hub is gone (`Ok`) or the connection fails.
async fn listen(
    inner: &Weak<Inner>,
    pool: &sea_orm::sqlx::PgPool,
    wake: &Notify,
) -> Result<(), sea_orm::sqlx::Error> {
    let mut listener = PgListener::connect_with(pool).await?;
    listener.listen(NOTIFY_CHANNEL).await?;
    // Whatever happened while we were not listening.
    wake.notify_one();
    loop {
        if inner.strong_count() == 0 {
            return Ok(());
        }
        if let Ok(received) = tokio::time::timeout(WAIT, listener.recv()).await {
            received?;
            wake.notify_one();
        }
    }
}
