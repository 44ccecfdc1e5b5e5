//! Short-lived memory of the questions every request asks: whose credential is this, which
//! role does this user have in this study (and, for interview writes, who is its interviewer). Without it each answer write spent four of
//! its six queries on them.
//!
//! Every change this process makes to sessions, tokens or memberships forgets the affected
//! cache at once, so in a single-instance deployment (SQLite) a revocation takes effect on the
//! next request. Changes made elsewhere (another instance on PostgreSQL, the `aansluiting admin`
//! command) take effect within [`TTL`].

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{LazyLock, RwLock};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};

use app::domain::access::StudyRole;

use super::principal::UserCtx;

pub const TTL: Duration = Duration::from_secs(5);

/// Bounds memory; when full the map starts over rather than tracking recency.
const MAX_ENTRIES: usize = 50_000;

pub struct TtlMap<K, V> {
    entries: RwLock<HashMap<K, (Instant, V)>>,
}

impl<K: Eq + Hash, V: Clone> TtlMap<K, V> {
    fn new() -> Self {
        TtlMap {
            entries: RwLock::new(HashMap::new()),
        }
    }

    pub fn get(&self, key: &K) -> Option<V> {
        let entries = self.entries.read().ok()?;
        entries
            .get(key)
            .filter(|(at, _)| at.elapsed() < TTL)
            .map(|(_, v)| v.clone())
    }

    pub fn put(&self, key: K, value: V) {
        if let Ok(mut entries) = self.entries.write() {
            if entries.len() >= MAX_ENTRIES {
                entries.retain(|_, (at, _)| at.elapsed() < TTL);
                if entries.len() >= MAX_ENTRIES {
                    entries.clear();
                }
            }
            entries.insert(key, (Instant::now(), value));
        }
    }

    pub fn clear(&self) {
        if let Ok(mut entries) = self.entries.write() {
            entries.clear();
        }
    }
}

/// A live session or token as last read from the database.
#[derive(Debug, Clone)]
pub struct Login {
    pub user: UserCtx,
    /// Sessions end absolutely at this moment; tokens have none.
    pub expires_at: Option<DateTime<Utc>>,
    /// The session's last request or the token's last use, as stored.
    pub last_seen_at: Option<DateTime<Utc>>,
}

/// Keyed by the credential's hash, never the credential itself.
pub static LOGINS: LazyLock<TtlMap<String, Login>> = LazyLock::new(TtlMap::new);

/// (study id, user id) → role, `None` for "not a member".
pub static ROLES: LazyLock<TtlMap<(String, String), Option<StudyRole>>> =
    LazyLock::new(TtlMap::new);

/// Interview id → the id of its interviewer. A coordinator may reassign an interview, so this
/// is not among the facts that never change (`db::immutable`).
pub static INTERVIEWERS: LazyLock<TtlMap<String, String>> = LazyLock::new(TtlMap::new);

/// After any sign-out, revocation, password or account change.
pub fn forget_logins() {
    LOGINS.clear();
}

/// After any membership change.
pub fn forget_roles() {
    ROLES.clear();
}

/// After an interview is given another interviewer.
pub fn forget_interviewers() {
    INTERVIEWERS.clear();
}

/// For tests and tools that change the database behind this process's back.
pub fn forget_all() {
    forget_logins();
    forget_roles();
    forget_interviewers();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_expire_and_clear() {
        let map: TtlMap<&str, u32> = TtlMap::new();
        map.put("a", 1);
        assert_eq!(map.get(&"a"), Some(1));
        map.clear();
        assert_eq!(map.get(&"a"), None);
        map.entries
            .write()
            .unwrap()
            .insert("old", (Instant::now() - TTL, 2));
        assert_eq!(map.get(&"old"), None, "an entry as old as the TTL is stale");
    }

    #[test]
    fn a_full_map_keeps_working() {
        let map: TtlMap<usize, usize> = TtlMap::new();
        for i in 0..MAX_ENTRIES + 10 {
            map.put(i, i);
        }
        assert_eq!(map.get(&(MAX_ENTRIES + 9)), Some(MAX_ENTRIES + 9));
        assert!(map.entries.read().unwrap().len() <= MAX_ENTRIES);
    }
}
