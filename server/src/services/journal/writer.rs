//! Group commit: concurrent requests queue their ops here, and one task per subject applies
//! whatever has queued up in a single transaction (`store::write_all`), then acknowledges each
//! op after the commit. One fsync and one turn at the SQLite writer then serve many writes
//! instead of one; on PostgreSQL a group takes its scope locks and the event-order lock once.

use tokio::sync::{mpsc, oneshot};

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
    /// Starts the writer task; it ends when every handle is dropped. Each commit's last event
    /// id goes out on `bus`.
    pub fn spawn(db: Db, bus: EventBus) -> Writer<S> {
        let (tx, mut rx) = mpsc::channel::<Job<S::Value>>(4 * MAX_GROUP);
        tokio::spawn(async move {
            while let Some(first) = rx.recv().await {
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
                run_group::<S>(&db, &bus, jobs).await;
            }
        });
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

async fn run_group<S: Subject>(db: &Db, bus: &EventBus, jobs: Vec<Job<S::Value>>) {
    let all: Vec<Op<S::Value>> = jobs.iter().flat_map(|j| j.ops.iter().cloned()).collect();
    let mut results = commit_group::<S>(db, Some(bus), &all).await.into_iter();
    for job in jobs {
        let mine = results.by_ref().take(job.ops.len()).collect();
        let _ = job.reply.send(mine);
    }
}
