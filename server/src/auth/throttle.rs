//! Attempts per key (an account, an address, a workshop code) in a sliding window, kept in the
//! database so that every instance sees the same counts.
//!
//! Two ways to count:
//! - [`reserve`] (sign-in): the attempt is written *before* the expensive check, and whoever
//!   finds more attempts than allowed (its own included) withdraws and is refused. Parallel
//!   requests cannot all pass a check that none has yet counted in: the k-th attempt to commit
//!   sees at least k rows.
//! - [`check`] then [`record_failure`] (workshop joins): only failures count, so a room full of
//!   right codes from one address is never refused; a wrong code costs nothing to check.

use std::time::Duration;

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder,
};
use sha2::Digest;

use crate::db::Db;
use crate::db::entities::throttle_event as ev;
use crate::error::ServiceError;

#[derive(Debug, Clone, Copy)]
pub struct Limit {
    pub max_failures: u64,
    pub window: Duration,
}

/// How attempts under one key are limited.
#[derive(Debug, Clone, Copy)]
pub enum Rule {
    /// At most this many in the window; then refused until the oldest leaves it.
    Window(Limit),
    /// The first `free.max_failures` in `free.window` go as they come; beyond them one attempt
    /// per `every`. Slows a guesser down without ever locking the key's owner out for long.
    Paced { free: Limit, every: Duration },
}

/// Keys as stored: the column holds 400 characters, and a key made of user input (an email
/// address) must never fail to store, or the attempt would go uncounted.
fn stored_key(key: &str) -> String {
    if key.len() <= 200 {
        key.to_string()
    } else {
        format!("sha256:{:x}", sha2::Sha256::digest(key.as_bytes()))
    }
}

fn ago(d: Duration) -> DateTime<Utc> {
    Utc::now() - chrono::Duration::from_std(d).unwrap_or(chrono::Duration::minutes(15))
}

/// Seconds until an attempt made at `at` leaves a window of `window`; at least one.
fn seconds_until_out(at: DateTime<Utc>, window: Duration) -> u64 {
    let free_at = at + chrono::Duration::from_std(window).unwrap_or_default();
    (free_at - Utc::now()).num_seconds().max(1) as u64
}

/// One reserved attempt: its rows, to withdraw when it turns out not to be a failure.
#[derive(Debug)]
pub struct Attempt {
    rows: Vec<i64>,
}

/// Counts one attempt under every key, or refuses with 429 (and counts nothing) when a key's
/// rule does not allow another now.
pub async fn reserve(db: &Db, rules: &[(String, Rule)]) -> Result<Attempt, ServiceError> {
    let now = Utc::now();
    let write = db.begin_write().await?;
    let mut rows = Vec::with_capacity(rules.len());
    for (key, _) in rules {
        let row = ev::ActiveModel {
            key: Set(stored_key(key)),
            at: Set(now),
            ..Default::default()
        };
        rows.push(
            ev::Entity::insert(row)
                .exec(&write.txn)
                .await?
                .last_insert_id,
        );
    }
    write.commit().await?;
    let attempt = Attempt { rows };
    for (key, rule) in rules {
        if let Some(retry_after_secs) = refused(db, &stored_key(key), *rule).await? {
            withdraw(db, attempt).await?;
            return Err(ServiceError::Throttled { retry_after_secs });
        }
    }
    Ok(attempt)
}

/// `Some(seconds to wait)` when the attempts under `key`, a just-reserved one included, are
/// more than `rule` allows.
async fn refused(db: &Db, key: &str, rule: Rule) -> Result<Option<u64>, ServiceError> {
    let (limit, paced) = match rule {
        Rule::Window(limit) => (limit, None),
        Rule::Paced { free, every } => (free, Some(every)),
    };
    let in_window = ev::Entity::find()
        .filter(ev::Column::Key.eq(key))
        .filter(ev::Column::At.gt(ago(limit.window)));
    if in_window.clone().count(db).await? <= limit.max_failures {
        return Ok(None);
    }
    let Some(every) = paced else {
        return Ok(Some(oldest_leaves(db, key, limit.window).await?));
    };
    let recent = ev::Entity::find()
        .filter(ev::Column::Key.eq(key))
        .filter(ev::Column::At.gt(ago(every)));
    if recent.count(db).await? <= 1 {
        return Ok(None);
    }
    Ok(Some(oldest_leaves(db, key, every).await?))
}

async fn oldest_leaves(db: &Db, key: &str, window: Duration) -> Result<u64, ServiceError> {
    let oldest = ev::Entity::find()
        .filter(ev::Column::Key.eq(key))
        .filter(ev::Column::At.gt(ago(window)))
        .order_by_asc(ev::Column::At)
        .one(db)
        .await?
        .map(|e| e.at)
        .unwrap_or_else(Utc::now);
    Ok(seconds_until_out(oldest, window))
}

/// Attempts under `key` in the last `window`.
pub async fn count(db: &Db, key: &str, window: Duration) -> Result<u64, ServiceError> {
    Ok(ev::Entity::find()
        .filter(ev::Column::Key.eq(stored_key(key)))
        .filter(ev::Column::At.gt(ago(window)))
        .count(db)
        .await?)
}

/// The attempt was not a failure (or was refused): it no longer counts.
pub async fn withdraw(db: &Db, attempt: Attempt) -> Result<(), ServiceError> {
    ev::Entity::delete_many()
        .filter(ev::Column::Id.is_in(attempt.rows))
        .exec(db)
        .await?;
    Ok(())
}

/// Refuses with 429 when any key has used up its failures; Retry-After says when the oldest
/// failure leaves the window.
pub async fn check(
    db: &DatabaseConnection,
    keys: &[String],
    limit: Limit,
) -> Result<(), ServiceError> {
    let since = ago(limit.window);
    for key in keys {
        let key = stored_key(key);
        let recent = ev::Entity::find()
            .filter(ev::Column::Key.eq(key.as_str()))
            .filter(ev::Column::At.gt(since));
        if recent.clone().count(db).await? >= limit.max_failures {
            let oldest = recent
                .order_by_asc(ev::Column::At)
                .one(db)
                .await?
                .map(|e| e.at)
                .unwrap_or_else(Utc::now);
            return Err(ServiceError::Throttled {
                retry_after_secs: seconds_until_out(oldest, limit.window),
            });
        }
    }
    Ok(())
}

pub async fn record_failure(
    db: &DatabaseConnection,
    keys: &[String],
    limit: Limit,
) -> Result<(), ServiceError> {
    let now = Utc::now();
    let rows = keys.iter().map(|k| ev::ActiveModel {
        key: Set(stored_key(k)),
        at: Set(now),
        ..Default::default()
    });
    ev::Entity::insert_many(rows).exec(db).await?;
    forget_old(db, limit.window).await
}

/// Events older than every window no longer count; dropping them keeps the table small.
pub async fn forget_old(db: &DatabaseConnection, longest: Duration) -> Result<(), ServiceError> {
    ev::Entity::delete_many()
        .filter(ev::Column::At.lt(ago(longest)))
        .exec(db)
        .await?;
    Ok(())
}

/// A success forgives earlier failures under this key.
pub async fn forgive(db: &DatabaseConnection, key: &str) -> Result<(), ServiceError> {
    ev::Entity::delete_many()
        .filter(ev::Column::Key.eq(stored_key(key)))
        .exec(db)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_keys_are_stored_hashed_and_short_ones_as_they_are() {
        assert_eq!(stored_key("sign_in:ip:127.0.0.1"), "sign_in:ip:127.0.0.1");
        let long = format!("sign_in:account:{}@example.test", "a".repeat(5000));
        let stored = stored_key(&long);
        assert!(
            stored.starts_with("sha256:") && stored.len() < 80,
            "{stored}"
        );
        assert_eq!(stored, stored_key(&long), "the same key every time");
        assert_ne!(stored, stored_key(&format!("{long}x")));
    }
}
