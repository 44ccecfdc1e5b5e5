//! The Aansluiting server: CLI, configuration, persistence, REST API and the Leptos host.

pub mod api;
pub mod auth;
pub mod backend;
pub mod cli;
pub mod config;
pub mod db;
pub mod error;
pub mod formats;
pub mod http;
pub mod services;
pub mod startup;
pub mod state;
pub mod telemetry;
