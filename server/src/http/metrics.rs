//! `GET /metrics`: Prometheus text format. Counters live in atomics, updated by [`count`].

use std::sync::LazyLock;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sea_orm::DatabaseConnection;

static STARTED: LazyLock<Instant> = LazyLock::new(Instant::now);
/// Responses by status class 1xx..5xx (index 0..4).
static RESPONSES: [AtomicU64; 5] = [const { AtomicU64::new(0) }; 5];
static DURATION_MICROS: AtomicU64 = AtomicU64::new(0);
static IN_FLIGHT: AtomicU64 = AtomicU64::new(0);

pub async fn count(req: Request, next: Next) -> Response {
    LazyLock::force(&STARTED);
    let started = Instant::now();
    IN_FLIGHT.fetch_add(1, Ordering::Relaxed);
    let res = next.run(req).await;
    IN_FLIGHT.fetch_sub(1, Ordering::Relaxed);
    let class = (res.status().as_u16() / 100).clamp(1, 5) as usize - 1;
    RESPONSES[class].fetch_add(1, Ordering::Relaxed);
    DURATION_MICROS.fetch_add(started.elapsed().as_micros() as u64, Ordering::Relaxed);
    res
}

/// Prometheus metrics
///
/// Responses by status class, latency, requests in flight, database up, uptime.
#[utoipa::path(get, path = "/metrics", tag = "operations",
    responses((status = 200, description = "Prometheus text exposition format 0.0.4", body = String, content_type = "text/plain; version=0.0.4")))]
pub async fn render(State(db): State<DatabaseConnection>) -> Response {
    let db_up = u8::from(db.ping().await.is_ok());
    let mut out = String::new();
    out.push_str("# HELP aansluiting_http_responses_total HTTP responses by status class.\n");
    out.push_str("# TYPE aansluiting_http_responses_total counter\n");
    let mut total = 0;
    for (i, c) in RESPONSES.iter().enumerate() {
        let n = c.load(Ordering::Relaxed);
        total += n;
        out.push_str(&format!(
            "aansluiting_http_responses_total{{class=\"{}xx\"}} {n}\n",
            i + 1
        ));
    }
    out.push_str(
        "# HELP aansluiting_http_request_duration_seconds Time spent answering requests.\n",
    );
    out.push_str("# TYPE aansluiting_http_request_duration_seconds summary\n");
    out.push_str(&format!(
        "aansluiting_http_request_duration_seconds_sum {:.6}\naansluiting_http_request_duration_seconds_count {total}\n",
        DURATION_MICROS.load(Ordering::Relaxed) as f64 / 1e6
    ));
    out.push_str("# HELP aansluiting_http_in_flight Requests being answered now.\n# TYPE aansluiting_http_in_flight gauge\n");
    out.push_str(&format!(
        "aansluiting_http_in_flight {}\n",
        IN_FLIGHT.load(Ordering::Relaxed)
    ));
    out.push_str("# HELP aansluiting_database_up Whether the database answers a ping.\n# TYPE aansluiting_database_up gauge\n");
    out.push_str(&format!("aansluiting_database_up {db_up}\n"));
    out.push_str("# HELP aansluiting_uptime_seconds Seconds since the process started serving.\n# TYPE aansluiting_uptime_seconds gauge\n");
    out.push_str(&format!(
        "aansluiting_uptime_seconds {:.0}\n",
        STARTED.elapsed().as_secs_f64()
    ));
    (
        [(
            http::header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        out,
    )
        .into_response()
}
