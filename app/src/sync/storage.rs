//! localStorage and op ids. Outside the browser (server rendering) nothing is stored and no
//! op can be made: queues only exist once the page is live.

/// Every queue's storage key starts with one of these; the offline page counts what waits.
/// (`fieldqueue` predates the common prefix; queued data under it must still be found.)
pub const QUEUE_PREFIXES: [&str; 2] = ["aansluiting.queue.", "aansluiting.fieldqueue."];

#[cfg(feature = "browser")]
mod imp {
    fn storage() -> Option<web_sys::Storage> {
        web_sys::window()?.local_storage().ok()?
    }

    pub fn load(key: &str) -> Option<String> {
        storage()?.get_item(key).ok()?
    }

    /// False when the browser refused (storage full, or disabled): the caller must say so.
    pub fn store(key: &str, value: &str) -> bool {
        storage().is_some_and(|s| s.set_item(key, value).is_ok())
    }

    pub fn keys() -> Vec<String> {
        let Some(s) = storage() else {
            return Vec::new();
        };
        (0..s.length().unwrap_or(0))
            .filter_map(|i| s.key(i).ok().flatten())
            .collect()
    }

    /// A random (v4) UUID from the browser's CSPRNG. `getRandomValues`, unlike `randomUUID`,
    /// also exists on plain http. No random source means no id: never a predictable one.
    pub fn op_id() -> Option<String> {
        let crypto = web_sys::window()?.crypto().ok()?;
        let mut bytes = [0u8; 16];
        crypto.get_random_values_with_u8_array(&mut bytes).ok()?;
        Some(
            uuid::Builder::from_random_bytes(bytes)
                .into_uuid()
                .to_string(),
        )
    }
}

#[cfg(not(feature = "browser"))]
mod imp {
    pub fn load(_key: &str) -> Option<String> {
        None
    }
    pub fn store(_key: &str, _value: &str) -> bool {
        false
    }
    pub fn keys() -> Vec<String> {
        Vec::new()
    }
    pub fn op_id() -> Option<String> {
        None
    }
}

pub use imp::{keys, load, op_id, store};

/// How many changes this browser still has to send, over every queue.
pub fn waiting_on_this_device() -> usize {
    keys()
        .into_iter()
        .filter(|k| QUEUE_PREFIXES.iter().any(|p| k.starts_with(p)))
        .filter_map(|k| load(&k))
        .filter_map(|q| serde_json::from_str::<Vec<serde_json::Value>>(&q).ok())
        .map(|ops| ops.len())
        .sum()
}
