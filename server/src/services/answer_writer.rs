//! Group commit for answer writes: concurrent requests queue their operations here, and one task
//! applies whatever has queued up in a single transaction (see `answer_store::write_all`), then
//! acknowledges each after the commit. One fsync and one turn at the SQLite writer then serve
//! many writes instead of one.

use sea_orm::DatabaseConnection;
use tokio::sync::{mpsc, oneshot};

use app::features::interviews::dto::Written;

use super::answer_store::{PreparedOp, commit_group};
use crate::error::ServiceError;

/// Operations gathered into one transaction before it commits: bounds how long any one waits.
/// A single batch request larger than this still goes in whole, to keep its order in one commit.
const MAX_GROUP: usize = 256;

type Outcome = Result<Written, ServiceError>;

/// One request's operations, answered together.
struct Job {
    ops: Vec<PreparedOp>,
    reply: oneshot::Sender<Vec<Outcome>>,
}

#[derive(Clone)]
pub struct AnswerWriter {
    tx: mpsc::Sender<Job>,
}

impl AnswerWriter {
    /// Starts the writer task; it ends when every handle is dropped. Every backend gains from
    /// it: SQLite has one writer, so grouping saves commits and turns; on PostgreSQL concurrent
    /// changes of one interview queue on its row lock anyway, and a group takes that lock once
    /// (other instances' groups wait on the same lock).
    pub fn spawn(db: DatabaseConnection) -> AnswerWriter {
        let (tx, mut rx) = mpsc::channel::<Job>(4 * MAX_GROUP);
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
                run_group(&db, jobs).await;
            }
        });
        AnswerWriter { tx }
    }

    /// Applies `ops` in order and answers each once it is committed (or refused).
    pub async fn submit(&self, ops: Vec<PreparedOp>) -> Result<Vec<Outcome>, ServiceError> {
        let (reply, answer) = oneshot::channel();
        let unavailable =
            || ServiceError::Conflict("the answer writer has stopped; try again".into());
        self.tx
            .send(Job { ops, reply })
            .await
            .map_err(|_| unavailable())?;
        answer.await.map_err(|_| unavailable())
    }
}

async fn run_group(db: &DatabaseConnection, jobs: Vec<Job>) {
    let all: Vec<PreparedOp> = jobs.iter().flat_map(|j| j.ops.iter().cloned()).collect();
    let mut results = commit_group(db, &all).await.into_iter();
    for job in jobs {
        let mine = results.by_ref().take(job.ops.len()).collect();
        let _ = job.reply.send(mine);
    }
}
