//! How large a request body may be: here rather than in `http/mod.rs`, so that the API's routes
//! (which the router nests) can name them without depending on the router.

/// Largest JSON body an API route reads.
pub const BODY_LIMIT: usize = 2 * 1024 * 1024;
/// Largest body anything accepts: codebook imports (a file) may be this large.
pub const IMPORT_LIMIT: usize = 16 * 1024 * 1024;
