//! The Aansluiting server: CLI, configuration, persistence, REST API and the Leptos host.

pub mod api;
pub mod auth;
pub mod cli;
pub mod config;
pub mod db;
pub mod error;
pub mod formats;
pub mod http;
pub mod live;
pub mod services;
pub mod sfn;
pub mod startup;
pub mod state;
pub mod telemetry;

// Request handling allocates and frees many small buffers across threads; glibc's malloc spent a
// tenth of the answer-write benchmark's CPU on that. Declared here so the binary, the tests and
// the benchmarks all run on the allocator we ship.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
