//! Random bearer secrets (session ids, API tokens, participant tokens) and their stored hashes.

use sha2::{Digest, Sha256};

/// 256 random bits, hex: unguessable, and safe in cookies and headers.
pub fn new_secret() -> String {
    let mut bytes = [0u8; 32];
    // The OS random source failing is not something a request can recover from.
    getrandom::fill(&mut bytes).expect("the operating system's random source is unavailable");
    hex::encode(bytes)
}

/// What we store instead of the secret.
pub fn hash(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

#[cfg(test)]
mod tests {
    #[test]
    fn secrets_are_random_and_hashes_stable() {
        let (a, b) = (super::new_secret(), super::new_secret());
        assert_ne!(a, b);
        assert_eq!(a.len(), 64);
        assert_eq!(super::hash(&a), super::hash(&a));
        assert_ne!(super::hash(&a), a);
    }
}
