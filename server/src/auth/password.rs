//! Password hashing with Argon2id at OWASP's minimum: m = 19 MiB, t = 2, p = 1.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};

pub const MIN_LENGTH: usize = 10;

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

pub fn check_strength(password: &str) -> Result<(), String> {
    if password.chars().count() < MIN_LENGTH {
        return Err(format!("a password needs at least {MIN_LENGTH} characters"));
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
    fn generated_passwords_are_long_enough() {
        let p = generate();
        assert!(check_strength(&p).is_ok());
        assert_ne!(p, generate());
    }
}
