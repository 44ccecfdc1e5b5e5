//! The live studies of one instance and its pump. Owned by the application state; its tasks
//! end when the state (and with it the event bus) is dropped.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use sea_orm::{ConnectionTrait, DbBackend, EntityTrait, QuerySelect};
use tokio::sync::Notify;

use app::domain::ids::StudyId;

use super::shared::Inner;
use super::study::StudyLive;
use super::{announce, listen, load, pump};
use crate::db::Db;
use crate::db::entities::study;
use crate::error::ServiceError;
use crate::services::journal::outbox::EventBus;

/// How often the pump looks for events nobody woke it for: other instances' events whose
/// NOTIFY was lost (PostgreSQL), or changes made by other processes on the same SQLite file.
fn poll_interval(db: &Db) -> Duration {
    match db.get_database_backend() {
        DbBackend::Postgres => Duration::from_millis(500),
        _ => Duration::from_secs(2),
    }
}

#[derive(Clone)]
pub struct Hub {
    inner: Arc<Inner>,
    wake: Arc<Notify>,
    bus: EventBus,
}

/// How long a reader waits for the pump to apply this instance's own last commit.
const SETTLE: Duration = Duration::from_secs(5);

impl Hub {
    /// Starts the pump (and, on PostgreSQL, the announcer and the listener) for `db`, woken by
    /// `bus`.
    pub fn start(db: Db, bus: &EventBus) -> Hub {
        let inner = Arc::new(Inner {
            db: db.clone(),
            studies: Mutex::default(),
            cursor: tokio::sync::Mutex::new(None),
            caught_up: tokio::sync::watch::Sender::new(0),
        });
        let wake = Arc::new(Notify::new());
        tokio::spawn(pump::run(
            Arc::downgrade(&inner),
            bus.subscribe(),
            wake.clone(),
            poll_interval(&db),
        ));
        if db.get_database_backend() == DbBackend::Postgres {
            let me = uuid::Uuid::new_v4().simple().to_string();
            tokio::spawn(announce::run(
                Arc::downgrade(&inner),
                bus.subscribe(),
                me.clone(),
            ));
            tokio::spawn(listen::run(Arc::downgrade(&inner), wake.clone(), me));
        }
        Hub {
            inner,
            wake,
            bus: bus.clone(),
        }
    }

    /// Waits until the pump has applied every event this instance committed so far, so a
    /// client reads its own writes (another instance's arrive within the pump's next look).
    pub async fn settle(&self) {
        let target = self.bus.last();
        let mut applied = self.inner.caught_up.subscribe();
        if *applied.borrow() >= target {
            return;
        }
        self.poke();
        let reached = tokio::time::timeout(SETTLE, applied.wait_for(|a| *a >= target)).await;
        if !matches!(reached, Ok(Ok(_))) {
            tracing::warn!(
                target,
                "live: the pump did not catch up in time; answering with what it has"
            );
        }
    }

    /// Asks the pump to look for new events now.
    pub fn poke(&self) {
        self.wake.notify_one();
    }

    fn loaded(&self, id: &StudyId) -> Result<Option<Arc<StudyLive>>, ServiceError> {
        let studies =
            self.inner.studies.lock().map_err(|_| {
                ServiceError::Internal("the live studies' lock was poisoned".into())
            })?;
        Ok(studies.get(id).cloned())
    }

    /// The study's live state, read from the database on first use. The caller has checked
    /// that the principal may see it.
    pub async fn study(&self, id: StudyId) -> Result<Arc<StudyLive>, ServiceError> {
        if let Some(s) = self.loaded(&id)? {
            return Ok(s);
        }
        let mut cursor = self.inner.cursor.lock().await;
        if let Some(s) = self.loaded(&id)? {
            return Ok(s);
        }
        let live = load::study(&self.inner.db, id)
            .await?
            .ok_or_else(|| ServiceError::NotFound(format!("no study with id {id}")))?;
        // The snapshot began after the pump's last read, so it includes everything up to the
        // cursor (events of the sequence are visible in id order); the pump applies to it only
        // what comes after the snapshot.
        if cursor.is_none() {
            *cursor = Some(live.applied()?);
        }
        let live = Arc::new(live);
        self.inner
            .studies
            .lock()
            .map_err(|_| ServiceError::Internal("the live studies' lock was poisoned".into()))?
            .insert(id, live.clone());
        Ok(live)
    }

    /// Loads every study in the background, so the first dashboard after a start does not wait
    /// for its study to be read (`aansluiting serve` calls this; tests load on first use).
    pub fn warm_up(&self) {
        let hub = self.clone();
        tokio::spawn(async move {
            let ids: Vec<String> = match study::Entity::find()
                .select_only()
                .column(study::Column::Id)
                .into_tuple()
                .all(&hub.inner.db)
                .await
            {
                Ok(ids) => ids,
                Err(e) => {
                    tracing::warn!(error = %e, "live: could not list the studies to load");
                    return;
                }
            };
            for id in ids.iter().filter_map(|id| id.parse::<StudyId>().ok()) {
                if let Err(e) = hub.study(id).await {
                    tracing::warn!(error = %e, study = %id, "live: could not load a study");
                }
            }
        });
    }

    /// Live streams open on this instance, all studies together.
    pub fn streams(&self) -> usize {
        self.inner
            .studies
            .lock()
            .map(|s| s.values().map(|l| l.subscribers()).sum())
            .unwrap_or(0)
    }
}
