//! Start-up and shutdown: connect, migrate, build the router, serve until a signal.

use std::time::Duration;

use leptos::config::Env;
use leptos::prelude::LeptosOptions;

use crate::config::{DbConfig, ServeConfig};
use crate::db::Db;
use crate::state::AppState;
use crate::{db, http};

/// Options for the Leptos host. Built here rather than read from Cargo.toml so the binary runs
/// on its own, outside cargo-leptos.
pub fn leptos_options(cfg: &ServeConfig) -> LeptosOptions {
    let env = match std::env::var("LEPTOS_ENV").as_deref() {
        Ok("DEV") | Ok("dev") | Ok("development") => Env::DEV,
        _ => Env::PROD,
    };
    let reload_port = std::env::var("LEPTOS_RELOAD_PORT")
        .ok()
        .and_then(|p| p.parse().ok())
        .unwrap_or(3001);
    let mut options = LeptosOptions::builder()
        .output_name("aansluiting")
        .site_root(cfg.site_root.display().to_string())
        .site_pkg_dir("pkg")
        .site_addr(cfg.bind)
        .env(env)
        .reload_port(reload_port)
        .build();
    // `cargo leptos build` names the assets by content (`hash-files` in Cargo.toml) and leaves
    // the names beside the binary; a binary built without it links the plain names.
    options.hash_files = http::assets::hash_file(&options).is_file();
    options
}

/// Connects, migrates, and chains audit entries written before the chain existed: what every
/// command that uses the database starts with.
pub async fn open_database(db_cfg: &DbConfig) -> Result<db::Db, String> {
    let conn = db::connect(db_cfg).await.map_err(|e| e.to_string())?;
    db::migrate(&conn).await.map_err(|e| e.to_string())?;
    let sealed = crate::services::audit::seal(&conn)
        .await
        .map_err(|e| format!("sealing the audit log: {e}"))?;
    if sealed > 0 {
        tracing::info!(
            sealed,
            "audit entries from before the hash chain were chained"
        );
    }
    Ok(conn)
}

/// Connects and migrates; the router's state.
pub async fn prepare(db_cfg: &DbConfig, serve_cfg: &ServeConfig) -> Result<AppState, String> {
    let conn = open_database(db_cfg).await?;
    crate::services::codebooks::ensure_builtin(&conn)
        .await
        .map_err(|e| format!("loading the built-in codebook: {e}"))?;
    Ok(AppState::new(
        conn,
        leptos_options(serve_cfg),
        serve_cfg.auth.clone(),
    ))
}

pub async fn serve(db_cfg: DbConfig, serve_cfg: ServeConfig) -> Result<(), String> {
    if !serve_cfg.site_root.join("pkg").is_dir() {
        tracing::warn!(
            site_root = %serve_cfg.site_root.display(),
            "no built site assets found: pages will render but not hydrate (run `make build` first)"
        );
    } else if let Some(missing) = http::assets::missing(&leptos_options(&serve_cfg)) {
        tracing::warn!(
            site_root = %serve_cfg.site_root.display(),
            %missing,
            "the site was built for another binary (a debug build after a release one, or the reverse): pages will not hydrate; build this one again"
        );
    } else if !cfg!(debug_assertions)
        && let Some(file) = http::assets::uncompressed(&leptos_options(&serve_cfg))
    {
        tracing::warn!(
            %file,
            "a release build without compressed copies of its files: they go out uncompressed (build with `make release`)"
        );
    }
    // Register for the signals before announcing the URL, so a signal sent right after start-up
    // is a graceful shutdown and not the default (abrupt) termination.
    let shutdown = shutdown_signal()?;
    let state = prepare(&db_cfg, &serve_cfg).await?;
    state.live.warm_up();
    let conn = state.db.clone();
    let demo = if serve_cfg.demo {
        Some(
            crate::services::demo::ensure(&conn)
                .await
                .map_err(|e| format!("creating the demo data: {e}"))?,
        )
    } else {
        None
    };
    let listener = tokio::net::TcpListener::bind(serve_cfg.bind)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", serve_cfg.bind))?;
    let url = format!(
        "http://{}",
        listener.local_addr().map_err(|e| e.to_string())?
    );
    tracing::info!(%url, database = %db::redact(&db_cfg.url), "listening");
    println!("Aansluiting is running at {url}");
    if let Some(d) = demo {
        println!("{}", d.notice(Some(&url)));
    }

    let grace = Duration::from_secs(serve_cfg.shutdown_grace_secs);
    http::serve::serve(listener, http::router(state), shutdown, grace).await;
    // In-flight requests have finished (or the grace period ran out); now release the database.
    close(conn, grace).await;
    tracing::info!("stopped");
    Ok(())
}

async fn close(conn: Db, grace: Duration) {
    match tokio::time::timeout(grace, conn.close()).await {
        Ok(Ok(())) => {}
        Ok(Err(e)) => tracing::warn!(error = %e, "closing the database"),
        Err(_) => tracing::warn!("database did not close within the grace period"),
    }
}

fn shutdown_signal() -> Result<impl std::future::Future<Output = ()>, String> {
    #[cfg(unix)]
    let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        .map_err(|e| format!("cannot listen for SIGTERM: {e}"))?;
    #[cfg(unix)]
    let mut int = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::interrupt())
        .map_err(|e| format!("cannot listen for SIGINT: {e}"))?;
    Ok(async move {
        #[cfg(unix)]
        tokio::select! {
            _ = term.recv() => {},
            _ = int.recv() => {},
        }
        #[cfg(not(unix))]
        let _ = tokio::signal::ctrl_c().await;
        tracing::info!("shutdown signal received; finishing in-flight requests");
    })
}
