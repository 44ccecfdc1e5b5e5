//! Group commit: concurrent requests queue their ops here, and a task per subject (two on
//! PostgreSQL, see [`lanes`]) applies whatever has queued up in a single transaction
//! (`store::write_all`), then acknowledges each op after the commit. One fsync and one turn at
//! the SQLite writer then serve many writes instead of one; on PostgreSQL a group takes its
//! target locks and the event-order lock once.

use std::sync::Arc;

use sea_orm::{ConnectionTrait, DbBackend};
use tokio::sync::{Mutex, mpsc, oneshot};

use super::op::{Op, Outcome, Subject};
use super::outbox::EventBus;
use super::store::commit_group;
use crate::db::Db;
use crate::error::ServiceError;

/// Ops gathered into one transaction before it commits: bounds how long any one waits. A single
/// request larger than this still goes in whole, to keep its order in one commit.
const MAX_GROUP: usize = 256;

/// One request's ops, answered together.
struct Job<V> {
    ops: Vec<Op<V>>,
    reply: oneshot::Sender<Vec<Outcome>>,
}

pub struct Writer<S: Subject> {
    tx: mpsc::Sender<Job<S::Value>>,
}

impl<S: Subject> Clone for Writer<S> {
    fn clone(&self) -> Self {
        Writer {
            tx: self.tx.clone(),
        }
    }
}

impl<S: Subject> Writer<S> {
    /// Starts the writer's lanes; they end when every handle is dropped. Each commit's last
    /// event id goes out on `bus`.
    pub fn spawn(db: Db, bus: EventBus) -> Writer<S> {
        let (tx, rx) = mpsc::channel::<Job<S::Value>>(4 * MAX_GROUP);
        let rx = Arc::new(Mutex::new(rx));
        for _ in 0..lanes(&db) {
            let (db, bus, rx) = (db.clone(), bus.clone(), rx.clone());
            tokio::spawn(async move {
                while let Some(jobs) = next_group(&rx).await {
                    run_group::<S>(&db, &bus, jobs).await;
                }
            });
        }
        Writer { tx }
    }

    /// Applies `ops` in order and answers each once it is committed (or refused).
    pub async fn submit(&self, ops: Vec<Op<S::Value>>) -> Result<Vec<Outcome>, ServiceError> {
        let (reply, answer) = oneshot::channel();
        let unavailable = || ServiceError::Internal(format!("the {} writer has stopped", S::KIND));
        self.tx
            .send(Job { ops, reply })
            .await
            .map_err(|_| unavailable())?;
        answer.await.map_err(|_| unavailable())
    }
}

/// Groups in flight at once. SQLite has one writer, so a second group would only wait for the
/// writer turn. On PostgreSQL a group spends most of its time on round trips; while one waits
/// for its commit the next reads and decides (target locks keep two groups off one target, the
/// event-order lock keeps ids in commit order).
fn lanes(db: &Db) -> usize {
    match db.get_database_backend() {
        DbBackend::Postgres => 2,
        _ => 1,
    }
}

/// Whatever has queued, up to [`MAX_GROUP`] ops (more when the first job alone is bigger). The
/// queue is held only while gathering, so another lane can gather while this one writes.
async fn next_group<V>(rx: &Mutex<mpsc::Receiver<Job<V>>>) -> Option<Vec<Job<V>>> {
    let mut rx = rx.lock().await;
    let first = rx.recv().await?;
    let mut size = first.ops.len();
    let mut jobs = vec![first];
    while size < MAX_GROUP {
        match rx.try_recv() {
            Ok(job) => {
                size += job.ops.len();
                jobs.push(job);
            }
            Err(_) => break,
        }
    }
    Some(jobs)
}

async fn run_group<S: Subject>(db: &Db, bus: &EventBus, jobs: Vec<Job<S::Value>>) {
    let all: Vec<Op<S::Value>> = jobs.iter().flat_map(|j| j.ops.iter().cloned()).collect();
    let mut results = commit_group::<S>(db, Some(bus), &all).await.into_iter();
    for job in jobs {
        let mine = results.by_ref().take(job.ops.len()).collect();
        let _ = job.reply.send(mine);
    }
}
