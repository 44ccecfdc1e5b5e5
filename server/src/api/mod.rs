//! The versioned REST API (api-v1.md): thin routes onto `services`.

pub mod v1;
