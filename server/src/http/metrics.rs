//! `GET /metrics`: Prometheus text format. Each instance's counters live in atomics in its
//! [`Metrics`], updated by [`count`].

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use app::error::ErrorCode;
use http::{HeaderMap, StatusCode};

use crate::auth::password::Passwords;
use crate::auth::{AuthConfig, operator};
use crate::db::Db;
use crate::error::api_error;
use crate::live::Hub;

/// One instance's counters (in `AppState`): two instances in one process count apart.
#[derive(Clone)]
pub struct Metrics(Arc<Counters>);

struct Counters {
    started: Instant,
    /// Responses by status class 1xx..5xx (index 0..4).
    responses: [AtomicU64; 5],
    duration_micros: AtomicU64,
    in_flight: AtomicU64,
}

impl Default for Metrics {
    fn default() -> Self {
        Metrics(Arc::new(Counters {
            started: Instant::now(),
            responses: [const { AtomicU64::new(0) }; 5],
            duration_micros: AtomicU64::new(0),
            in_flight: AtomicU64::new(0),
        }))
    }
}

impl Metrics {
    /// Responses answered so far with a status in this class (1 to 5).
    pub fn responses(&self, class: usize) -> u64 {
        self.0.responses[class.clamp(1, 5) - 1].load(Ordering::Relaxed)
    }
}

pub async fn count(State(metrics): State<Metrics>, req: Request, next: Next) -> Response {
    let c = &metrics.0;
    let started = Instant::now();
    c.in_flight.fetch_add(1, Ordering::Relaxed);
    let res = next.run(req).await;
    c.in_flight.fetch_sub(1, Ordering::Relaxed);
    let class = (res.status().as_u16() / 100).clamp(1, 5) as usize - 1;
    c.responses[class].fetch_add(1, Ordering::Relaxed);
    c.duration_micros
        .fetch_add(started.elapsed().as_micros() as u64, Ordering::Relaxed);
    res
}

/// Prometheus metrics
///
/// Responses by status class, latency, requests in flight, database up, live streams, uptime,
/// passwords verified. Only for the metrics token (`Authorization: Bearer <token>`, configured
/// with `--metrics-token`); without a configured token it is not served.
#[utoipa::path(get, path = "/metrics", tag = "operations",
    responses(
        (status = 200, description = "Prometheus text exposition format 0.0.4", body = String, content_type = "text/plain; version=0.0.4"),
        (status = 401, description = "Without the metrics token"),
    ))]
pub async fn render(
    State(db): State<Db>,
    State(metrics): State<Metrics>,
    State(live): State<Hub>,
    State(auth): State<Arc<AuthConfig>>,
    State(passwords): State<Passwords>,
    headers: HeaderMap,
) -> Response {
    if !operator::is_operator(&headers, &auth) {
        return api_error(
            StatusCode::UNAUTHORIZED,
            ErrorCode::Unauthorized,
            "the metrics need the metrics token",
        );
    }
    let db_up = u8::from(db.ping().await.is_ok());
    let c = &metrics.0;
    let mut out = String::new();
    out.push_str("# HELP aansluiting_http_responses_total HTTP responses by status class.\n");
    out.push_str("# TYPE aansluiting_http_responses_total counter\n");
    let mut total = 0;
    for (i, n) in c.responses.iter().enumerate() {
        let n = n.load(Ordering::Relaxed);
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
        c.duration_micros.load(Ordering::Relaxed) as f64 / 1e6
    ));
    out.push_str("# HELP aansluiting_http_in_flight Requests being answered now.\n# TYPE aansluiting_http_in_flight gauge\n");
    out.push_str(&format!(
        "aansluiting_http_in_flight {}\n",
        c.in_flight.load(Ordering::Relaxed)
    ));
    out.push_str("# HELP aansluiting_database_up Whether the database answers a ping.\n# TYPE aansluiting_database_up gauge\n");
    out.push_str(&format!("aansluiting_database_up {db_up}\n"));
    out.push_str("# HELP aansluiting_live_streams Live streams (SSE) open on this instance.\n# TYPE aansluiting_live_streams gauge\n");
    out.push_str(&format!("aansluiting_live_streams {}\n", live.streams()));
    out.push_str("# HELP aansluiting_uptime_seconds Seconds since this instance started.\n# TYPE aansluiting_uptime_seconds gauge\n");
    out.push_str(&format!(
        "aansluiting_uptime_seconds {:.0}\n",
        c.started.elapsed().as_secs_f64()
    ));
    out.push_str("# HELP aansluiting_passwords_verified_total Passwords checked against a hash (sign-ins and confirmations).\n# TYPE aansluiting_passwords_verified_total counter\n");
    out.push_str(&format!(
        "aansluiting_passwords_verified_total {}\n",
        passwords.verified()
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
