//! Password hashing with Argon2id at OWASP's minimum: m = 19 MiB, t = 2, p = 1.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use tokio::sync::Semaphore;

/// Requests that hash or verify a password: at most a few at once, so that a burst of sign-ins
/// cannot take every core and 19 MiB per request; the rest wait their turn, a while.
#[derive(Clone)]
pub struct Passwords(Arc<Turns>);

struct Turns {
    permits: Semaphore,
    verified: AtomicU64,
}

/// How long a request waits for its turn before it is answered "busy, try again".
const WAIT: Duration = Duration::from_secs(10);

#[derive(Debug, thiserror::Error)]
pub enum PasswordError {
    #[error("too many passwords are being checked right now")]
    Busy,
    #[error("hashing failed: {0}")]
    Failed(String),
}

impl Default for Passwords {
    /// One turn per core.
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        Passwords::new(cores)
    }
}

impl Passwords {
    pub fn new(at_once: usize) -> Self {
        Passwords(Arc::new(Turns {
            permits: Semaphore::new(at_once.max(1)),
            verified: AtomicU64::new(0),
        }))
    }

    pub async fn verify(&self, password: &str, stored: String) -> Result<bool, PasswordError> {
        let _turn = self.turn().await?;
        self.0.verified.fetch_add(1, Ordering::Relaxed);
        Ok(verify(password.to_string(), stored).await)
    }

    pub async fn hash(&self, password: &str) -> Result<String, PasswordError> {
        let _turn = self.turn().await?;
        hash(password.to_string())
            .await
            .map_err(PasswordError::Failed)
    }

    /// How many passwords this instance has verified: what a guesser got to try.
    pub fn verified(&self) -> u64 {
        self.0.verified.load(Ordering::Relaxed)
    }

    async fn turn(&self) -> Result<tokio::sync::SemaphorePermit<'_>, PasswordError> {
        match tokio::time::timeout(WAIT, self.0.permits.acquire()).await {
            Ok(Ok(permit)) => Ok(permit),
            _ => Err(PasswordError::Busy),
        }
    }
}

pub const MIN_LENGTH: usize = 12;

fn hasher() -> Argon2<'static> {
    // Constant parameters that are known to be valid.
    let params = Params::new(19 * 1024, 2, 1, None).expect("valid Argon2 parameters");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Hashing takes tens of milliseconds of CPU: run it off the async executor.
pub async fn hash(password: String) -> Result<String, String> {
    tokio::task::spawn_blocking(move || {
        let mut salt = [0u8; 16];
        getrandom::fill(&mut salt).map_err(|e| e.to_string())?;
        let salt = SaltString::encode_b64(&salt).map_err(|e| e.to_string())?;
        hasher()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| e.to_string())
    })
    .await
    .map_err(|e| e.to_string())?
}

pub async fn verify(password: String, stored: String) -> bool {
    tokio::task::spawn_blocking(move || {
        PasswordHash::new(&stored).is_ok_and(|parsed| {
            hasher()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
    })
    .await
    .unwrap_or(false)
}

/// A hash to verify against when the account does not exist, so that a wrong email takes as
/// long as a wrong password and does not reveal which accounts exist. Made once with [`hash`]
/// from a random password that was thrown away: a constant costs the same to verify as a
/// computed one, holds no state, and spares the first failed sign-in a second hashing.
pub const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$X/k1FpaxIBU2vAyNQd594g$hpJzni2BS9k2N5nl6pWJ+aJ55rrApaLxkJEr8SmU9L8";

/// Why a new password is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weakness {
    TooShort,
    /// Among the common passwords, names and words zxcvbn knows, a keyboard walk, or made of
    /// the account's own email address or name: guessed early by anyone who tries.
    TooCommon,
}

/// At least [`MIN_LENGTH`] characters and not easily guessed (zxcvbn's score 3 of 4: "safely
/// unguessable" against an online attack and a slow hash offline). `about`: the account's
/// email address and name, which a password must not be built from.
pub fn check_strength(password: &str, about: &[&str]) -> Result<(), Weakness> {
    if password.chars().count() < MIN_LENGTH {
        return Err(Weakness::TooShort);
    }
    if zxcvbn::zxcvbn(password, about).score() < zxcvbn::Score::Three {
        return Err(Weakness::TooCommon);
    }
    Ok(())
}

/// A random password for new accounts: 16 characters from an unambiguous alphabet.
pub fn generate() -> String {
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).expect("the operating system's random source is unavailable");
    bytes
        .iter()
        .map(|b| ALPHABET[*b as usize % ALPHABET.len()] as char)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_verify_and_use_owasp_parameters() {
        let h = hash("correct horse battery".into()).await.unwrap();
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{h}");
        assert!(verify("correct horse battery".into(), h.clone()).await);
        assert!(!verify("wrong".into(), h).await);
        assert!(!verify("x".into(), "not a hash".into()).await);
    }

    #[tokio::test]
    async fn the_dummy_hash_costs_what_a_real_one_does() {
        let real = hash("anything at all".into()).await.unwrap();
        let params = |h: &str| h.split('$').take(4).collect::<Vec<_>>().join("$");
        assert_eq!(
            params(DUMMY_HASH),
            params(&real),
            "same algorithm and parameters"
        );
        assert!(PasswordHash::new(DUMMY_HASH).is_ok());
        assert!(!verify(generate(), DUMMY_HASH.to_string()).await);
    }

    #[test]
    fn generated_passwords_are_strong_enough() {
        for _ in 0..50 {
            let p = generate();
            assert_eq!(check_strength(&p, &[]), Ok(()), "{p}");
            assert_ne!(p, generate());
        }
    }

    #[test]
    fn short_and_common_passwords_are_refused() {
        assert_eq!(check_strength("Kort1!", &[]), Err(Weakness::TooShort));
        assert_eq!(check_strength("elf tekens!", &[]), Err(Weakness::TooShort));
        for common in [
            "password1234",
            "qwertyuiop123",
            "123456789012",
            "iloveyou2024!",
        ] {
            assert_eq!(
                check_strength(common, &[]),
                Err(Weakness::TooCommon),
                "{common}"
            );
        }
        assert_eq!(
            check_strength(
                "jan.devries@example.nl",
                &["jan.devries@example.nl", "Jan de Vries"]
            ),
            Err(Weakness::TooCommon),
            "the account's own address"
        );
        assert_eq!(check_strength("paars olifant zingt 7 liedjes", &[]), Ok(()));
    }
}
