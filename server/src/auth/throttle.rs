//! Failed attempts per key (an account, an IP address, a workshop code) in a sliding window,
//! kept in the database so that every instance sees the same counts.

use std::time::Duration;

use chrono::Utc;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder,
};

use crate::db::entities::throttle_event as ev;
use crate::error::ServiceError;

#[derive(Debug, Clone, Copy)]
pub struct Limit {
    pub max_failures: u64,
    pub window: Duration,
}

pub const SIGN_IN: Limit = Limit {
    max_failures: 10,
    window: Duration::from_secs(15 * 60),
};

fn window_start(limit: Limit) -> chrono::DateTime<Utc> {
    Utc::now() - chrono::Duration::from_std(limit.window).unwrap_or(chrono::Duration::minutes(15))
}

/// Refuses with 429 when any key has used up its failures; Retry-After says when the oldest
/// failure leaves the window.
pub async fn check(
    db: &DatabaseConnection,
    keys: &[String],
    limit: Limit,
) -> Result<(), ServiceError> {
    let since = window_start(limit);
    for key in keys {
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
            let free_at = oldest + chrono::Duration::from_std(limit.window).unwrap_or_default();
            let retry_after = (free_at - Utc::now()).num_seconds().max(1) as u64;
            return Err(ServiceError::Throttled {
                retry_after_secs: retry_after,
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
        key: Set(k.clone()),
        at: Set(now),
        ..Default::default()
    });
    ev::Entity::insert_many(rows).exec(db).await?;
    // Old events are no longer counted; drop them so the table stays small.
    ev::Entity::delete_many()
        .filter(ev::Column::At.lt(window_start(limit)))
        .exec(db)
        .await?;
    Ok(())
}

/// A success forgives the account's earlier failures (not the IP's).
pub async fn forgive(db: &DatabaseConnection, key: &str) -> Result<(), ServiceError> {
    ev::Entity::delete_many()
        .filter(ev::Column::Key.eq(key))
        .exec(db)
        .await?;
    Ok(())
}
