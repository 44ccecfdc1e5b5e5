//! The Aansluiting web app: UI, server-function signatures, shared types and pure domain rules.
//!
//! Compiled twice: with `ssr` into the server binary and with `hydrate` into the wasm bundle.
//! Anything that touches a database lives in the `server` crate behind [`ports`].

// Release builds keep every view's full type (dev builds erase them), and the capture page's
// types nest deeper than rustc's default limit of 128.
#![recursion_limit = "256"]

pub mod components;
pub mod domain;
pub mod error;
pub mod features;
pub mod i18n;
mod layout;
#[cfg(feature = "ssr")]
pub mod ports;
mod shell;
pub mod sync;

pub use shell::App;
#[cfg(feature = "ssr")]
pub use shell::shell;
