//! Short-lived memory of the questions every request asks: whose credential is this, which
//! role does this user have in this study (and, for interview writes, who is its interviewer).
//! Without it each answer write spent four of its six queries on them.
//!
//! One [`AuthCaches`] per database handle (`db::Db`), so two instances in one process, or two
//! databases, never answer from each other's memory. Every change this instance makes to
//! sessions, tokens or memberships forgets the affected cache at once, so in a single-instance
//! deployment (SQLite) a revocation takes effect on the next request. Changes made elsewhere
//! (another instance on PostgreSQL, the `aansluiting admin` command) take effect within [`TTL`].

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use chrono::{DateTime, Utc};
use moka::sync::Cache;

use app::domain::access::StudyRole;

use super::identity::UserCtx;

pub const TTL: Duration = Duration::from_secs(5);

/// Bounds memory per cache; moka evicts the least useful entries beyond it.
const MAX_ENTRIES: u64 = 50_000;

/// A live session or token as last read from the database.
#[derive(Debug, Clone)]
pub struct Login {
    pub user: UserCtx,
    /// Sessions and tokens end absolutely at this moment.
    pub expires_at: Option<DateTime<Utc>>,
    /// The session's last request or the token's last use, as stored.
    pub last_seen_at: Option<DateTime<Utc>>,
}

/// Cheap to clone: clones share the entries behind one reference count. The database handle
/// holding it is cloned several times per request (every layer's and handler's state), and a
/// bare moka `Cache` clone bumps five counts of its own (its map, both op channels, its
/// housekeeper, its initializer): cloning the caches bare cost answer writes about 5 % of their
/// throughput.
#[derive(Clone, Default)]
pub struct AuthCaches(Arc<Caches>);

struct Caches {
    /// Keyed by the credential's hash, never the credential itself; each entry with the
    /// [`Caches::generation`] it was read under.
    logins: Cache<String, (u64, Login)>,
    /// Bumped by every forgetting of logins. A request that read a session before a sign-out
    /// and remembers it after would otherwise bring it back for [`TTL`]: its entry carries the
    /// older generation and is never answered from.
    generation: AtomicU64,
    /// (study id, user id) → role, `None` for "not a member".
    roles: Cache<(String, String), Option<StudyRole>>,
    /// Interview id → the id of its interviewer. A coordinator may reassign an interview, so
    /// this is not among the facts that never change (`db::immutable`).
    interviewers: Cache<String, String>,
}

fn cache<K, V>() -> Cache<K, V>
where
    K: std::hash::Hash + Eq + Send + Sync + 'static,
    V: Clone + Send + Sync + 'static,
{
    Cache::builder()
        .max_capacity(MAX_ENTRIES)
        .time_to_live(TTL)
        .build()
}

impl Default for Caches {
    fn default() -> Self {
        Caches {
            logins: cache(),
            generation: AtomicU64::new(0),
            roles: cache(),
            interviewers: cache(),
        }
    }
}

impl AuthCaches {
    /// Read before loading a login from the database; remember it under this generation.
    pub fn generation(&self) -> u64 {
        self.0.generation.load(Ordering::SeqCst)
    }

    pub fn login(&self, credential_hash: &str) -> Option<Login> {
        let (generation, login) = self.0.logins.get(credential_hash)?;
        (generation == self.generation()).then_some(login)
    }

    /// `generation`: what [`AuthCaches::generation`] said before the login was read.
    pub fn remember_login(&self, credential_hash: String, login: Login, generation: u64) {
        self.0.logins.insert(credential_hash, (generation, login));
    }

    /// After any sign-out, revocation, password or account change (once it is committed).
    pub fn forget_logins(&self) {
        self.0.generation.fetch_add(1, Ordering::SeqCst);
        self.0.logins.invalidate_all();
    }

    /// `Some(None)`: remembered as not a member.
    pub fn role(&self, study_id: &str, user_id: &str) -> Option<Option<StudyRole>> {
        self.0
            .roles
            .get(&(study_id.to_string(), user_id.to_string()))
    }

    pub fn remember_role(&self, study_id: &str, user_id: &str, role: Option<StudyRole>) {
        self.0
            .roles
            .insert((study_id.to_string(), user_id.to_string()), role);
    }

    /// After any membership change.
    pub fn forget_roles(&self) {
        self.0.roles.invalidate_all();
    }

    pub fn interviewer(&self, interview_id: &str) -> Option<String> {
        self.0.interviewers.get(interview_id)
    }

    pub fn remember_interviewer(&self, interview_id: &str, user_id: String) {
        self.0
            .interviewers
            .insert(interview_id.to_string(), user_id);
    }

    /// After an interview is given another interviewer.
    pub fn forget_interviewers(&self) {
        self.0.interviewers.invalidate_all();
    }

    /// For tests and tools that change the database behind this instance's back.
    pub fn forget_all(&self) {
        self.forget_logins();
        self.forget_roles();
        self.forget_interviewers();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user() -> UserCtx {
        UserCtx {
            id: "u".into(),
            email: "u@example.test".into(),
            name: "U".into(),
            session_id: None,
            token_id: Some("t".into()),
            read_only: false,
        }
    }

    #[test]
    fn entries_are_remembered_and_forgotten() {
        let caches = AuthCaches::default();
        caches.remember_role("s", "u", Some(StudyRole::Viewer));
        caches.remember_role("s", "x", None);
        assert_eq!(caches.role("s", "u"), Some(Some(StudyRole::Viewer)));
        assert_eq!(
            caches.role("s", "x"),
            Some(None),
            "a non-member is remembered"
        );
        caches.forget_roles();
        assert_eq!(caches.role("s", "u"), None);
        caches.remember_login("h".into(), login(), caches.generation());
        assert!(caches.login("h").is_some());
        caches.forget_all();
        assert!(caches.login("h").is_none());
    }

    fn login() -> Login {
        Login {
            user: user(),
            expires_at: None,
            last_seen_at: None,
        }
    }

    #[test]
    fn a_login_read_before_a_sign_out_is_not_brought_back_after_it() {
        let caches = AuthCaches::default();
        // A request reads the session from the database...
        let read_under = caches.generation();
        // ...meanwhile the session is signed out and the cache forgotten...
        caches.forget_logins();
        // ...and then the first request remembers what it read.
        caches.remember_login("h".into(), login(), read_under);
        assert!(
            caches.login("h").is_none(),
            "the signed-out session stays out"
        );
        caches.remember_login("h".into(), login(), caches.generation());
        assert!(caches.login("h").is_some(), "a fresh read is remembered");
    }

    #[test]
    fn clones_share_entries_and_new_caches_do_not() {
        let a = AuthCaches::default();
        let shared = a.clone();
        let other = AuthCaches::default();
        a.remember_interviewer("iv", "u".into());
        assert_eq!(shared.interviewer("iv").as_deref(), Some("u"));
        assert_eq!(other.interviewer("iv"), None);
    }
}
