//! PostgreSQL only: other instances' commits arrive as `NOTIFY aansluiting_events` (sent by
//! their `announce` after the commits). A notification carries only who sent it; it wakes the
//! pump, which reads the sequence itself, so a lost one delays delivery until the pump's next
//! timed look, never loses an event.

use std::sync::{Arc, Weak};
use std::time::Duration;

use sea_orm::sqlx::postgres::PgListener;
use tokio::sync::Notify;

use super::announce::CHANNEL;
use super::shared::Inner;

/// How long one wait for a notification lasts before the task checks it is still needed.
const WAIT: Duration = Duration::from_secs(5);

/// `me` is this instance's own payload: its own commits already woke the pump via the bus.
pub(super) async fn run(inner: Weak<Inner>, wake: Arc<Notify>, me: String) {
    loop {
        let Some(pool) = inner
            .upgrade()
            .map(|i| i.db.conn().get_postgres_connection_pool().clone())
        else {
            return;
        };
        match listen(&inner, &pool, &wake, &me).await {
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
    me: &str,
) -> Result<(), sea_orm::sqlx::Error> {
    let mut listener = PgListener::connect_with(pool).await?;
    listener.listen(CHANNEL).await?;
    // Whatever happened while we were not listening.
    wake.notify_one();
    loop {
        if inner.strong_count() == 0 {
            return Ok(());
        }
        if let Ok(received) = tokio::time::timeout(WAIT, listener.recv()).await {
            if received?.payload() != me {
                wake.notify_one();
            }
        }
    }
}
