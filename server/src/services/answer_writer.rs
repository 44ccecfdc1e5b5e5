//! Group commit for answer writes: concurrent operations queue here, and one task applies
//! whatever has queued up in a single transaction, then acknowledges each after the commit.
//! One fsync and one turn at the SQLite writer then serve many writes instead of one.

use sea_orm::DatabaseConnection;
use tokio::sync::{mpsc, oneshot};

use app::features::interviews::dto::Written;

use super::interviews::{PreparedOp, write_in, write_one};
use crate::error::ServiceError;

/// Most operations in one transaction: bounds the time any one of them waits.
const MAX_GROUP: usize = 128;

struct Job {
    op: PreparedOp,
    reply: oneshot::Sender<Result<Written, ServiceError>>,
}

#[derive(Clone)]
pub struct AnswerWriter {
    tx: mpsc::Sender<Job>,
}

impl AnswerWriter {
    /// Starts the writer task; it ends when every handle is dropped.
    pub fn spawn(db: DatabaseConnection) -> AnswerWriter {
        let (tx, mut rx) = mpsc::channel::<Job>(4 * MAX_GROUP);
        tokio::spawn(async move {
            while let Some(first) = rx.recv().await {
                let mut jobs = vec![first];
                while jobs.len() < MAX_GROUP {
                    match rx.try_recv() {
                        Ok(job) => jobs.push(job),
                        Err(_) => break,
                    }
                }
                run_group(&db, jobs).await;
            }
        });
        AnswerWriter { tx }
    }

    /// A writer where it helps: SQLite has one writer, so grouping saves commits and turns.
    /// PostgreSQL runs concurrent transactions in parallel and is faster without one.
    pub fn for_backend(db: &DatabaseConnection) -> Option<AnswerWriter> {
        (db.get_database_backend() == sea_orm::DbBackend::Sqlite).then(|| AnswerWriter::spawn(db.clone()))
    }

    pub async fn submit(&self, op: PreparedOp) -> Result<Written, ServiceError> {
        let (reply, answer) = oneshot::channel();
        let unavailable = || ServiceError::Conflict("the answer writer has stopped; try again".into());
        self.tx.send(Job { op, reply }).await.map_err(|_| unavailable())?;
        answer.await.map_err(|_| unavailable())?
    }
}

async fn run_group(db: &DatabaseConnection, jobs: Vec<Job>) {
    match group_commit(db, &jobs).await {
        Ok(results) => {
            for (job, result) in jobs.into_iter().zip(results) {
                let _ = job.reply.send(result);
            }
        }
        // The group's transaction failed as a whole (lost a race, the database hiccuped):
        // nothing of it was committed, so each op gets its own try and its own answer.
        Err(_) => {
            for job in jobs {
                let result = write_one(db, &job.op).await;
                let _ = job.reply.send(result);
            }
        }
    }
}

async fn group_commit(db: &DatabaseConnection, jobs: &[Job]) -> Result<Vec<Result<Written, ServiceError>>, ServiceError> {
    let write = crate::db::begin_write(db).await?;
    let mut results = Vec::with_capacity(jobs.len());
    for job in jobs {
        match write_in(&write.txn, &job.op).await {
            Err(e @ ServiceError::Db(_)) => return Err(e),
            other => results.push(other),
        }
    }
    write.commit().await?;
    Ok(results)
}
