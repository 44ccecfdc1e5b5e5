//! Accepting connections: HTTP/1.1 through hyper, each connection a task, with a graceful end.
//!
//! Not `axum::serve`: it serves every connection with hyper-util's automatic HTTP/1 + HTTP/2
//! builder, and an open connection then costs about 250 KB more. Live streams keep a
//! connection open per dashboard, so that is what limits how many a server holds
//! (`examples/bench_live`: 1,000 streams took 350 MB of memory that way, 90 MB this way, and
//! were delivered faster). Browsers speak HTTP/2 only over TLS, which a reverse proxy ends
//! (docs/deployment.md), so HTTP/1.1 is all this server is ever spoken to in.

use std::future::Future;
use std::net::SocketAddr;
use std::time::Duration;

use axum::Router;
use axum::extract::ConnectInfo;
use hyper_util::rt::TokioIo;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinSet;
use tower::ServiceExt;

/// Serves `app` on `listener` until `shutdown` completes; then stops accepting, lets requests in
/// flight finish for up to `grace`, and closes what is still open (live streams never finish on
/// their own: their browsers reconnect, to another instance if there is one).
pub async fn serve(
    listener: TcpListener,
    app: Router,
    shutdown: impl Future<Output = ()>,
    grace: Duration,
) {
    let (ending, end) = watch::channel(false);
    let mut connections = JoinSet::new();
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, peer)) => {
                    connections.spawn(connection(stream, peer, app.clone(), end.clone()));
                }
                // Out of file descriptors and the like: wait rather than spin.
                Err(e) => {
                    tracing::warn!(error = %e, "accepting a connection failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
            },
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
            () = &mut shutdown => break,
        }
    }
    drop(listener);
    let _ = ending.send(true);
    let drained = tokio::time::timeout(grace, async {
        while connections.join_next().await.is_some() {}
    })
    .await;
    if drained.is_err() {
        tracing::info!(
            open = connections.len(),
            "closing the connections still open (live streams) after the grace period"
        );
        connections.shutdown().await;
    }
}

async fn connection(
    stream: tokio::net::TcpStream,
    peer: SocketAddr,
    app: Router,
    mut end: watch::Receiver<bool>,
) {
    // Small writes (each live event) go out at once.
    let _ = stream.set_nodelay(true);
    let app = app.map_request(move |req: http::Request<hyper::body::Incoming>| {
        let mut req = req.map(axum::body::Body::new);
        req.extensions_mut().insert(ConnectInfo(peer));
        req
    });
    let conn = hyper::server::conn::http1::Builder::new()
        .serve_connection(TokioIo::new(stream), TowerToHyperService::new(app));
    tokio::pin!(conn);
    tokio::select! {
        _ = conn.as_mut() => {}
        () = async { drop(end.wait_for(|e| *e).await) } => {
            // No new requests on this connection; the one in flight may finish.
            conn.as_mut().graceful_shutdown();
            let _ = conn.await;
        }
    }
}
