//! Reads a live stream (Server-Sent Events) as a browser's EventSource would.

use std::time::Duration;

use axum::body::Body;
use http::{Request, Response, StatusCode};
use http_body_util::BodyExt;
use serde_json::Value;

use super::TestApp;

#[derive(Debug, Clone)]
pub struct Sse {
    pub id: i64,
    pub event: String,
    pub data: Value,
}

pub struct Stream {
    body: Body,
    buffer: String,
}

impl Stream {
    pub fn of(res: Response<Body>) -> Stream {
        Stream {
            body: res.into_body(),
            buffer: String::new(),
        }
    }

    pub async fn open(app: &TestApp, study: &str, last_event_id: Option<&str>) -> Stream {
        Stream::open_at(app, &format!("/api/v1/studies/{study}/live"), last_event_id).await
    }

    pub async fn open_at(app: &TestApp, path: &str, last_event_id: Option<&str>) -> Stream {
        let mut req = Request::get(path);
        if let Some(id) = last_event_id {
            req = req.header("last-event-id", id);
        }
        Stream::request(app, req.body(Body::empty()).unwrap()).await
    }

    /// Opens a stream with the request as given (its own credentials).
    pub async fn request(app: &TestApp, req: Request<Body>) -> Stream {
        let res = app.send(req).await;
        assert_eq!(res.status(), StatusCode::OK);
        assert!(super::is_event_stream(&res));
        Stream::of(res)
    }

    /// The next event, or `None` when none comes within `within`.
    pub async fn next(&mut self, within: Duration) -> Option<Sse> {
        let deadline = tokio::time::Instant::now() + within;
        loop {
            if let Some(at) = self.buffer.find("\n\n") {
                let block: String = self.buffer.drain(..at + 2).collect();
                if let Some(event) = parse(&block) {
                    return Some(event);
                }
                continue;
            }
            let frame = tokio::time::timeout_at(deadline, self.body.frame())
                .await
                .ok()??;
            if let Ok(bytes) = frame.unwrap().into_data() {
                self.buffer.push_str(&String::from_utf8_lossy(&bytes));
            }
        }
    }

    pub async fn expect(&mut self, what: &str) -> Sse {
        self.next(Duration::from_secs(5))
            .await
            .unwrap_or_else(|| panic!("no {what} event within 5 s"))
    }
}

fn parse(block: &str) -> Option<Sse> {
    let (mut id, mut event, mut data) = (None, String::from("message"), String::new());
    for line in block.lines() {
        if let Some(v) = line.strip_prefix("id:") {
            id = v.trim().parse().ok();
        } else if let Some(v) = line.strip_prefix("event:") {
            event = v.trim().to_string();
        } else if let Some(v) = line.strip_prefix("data:") {
            data.push_str(v.strip_prefix(' ').unwrap_or(v));
        }
    }
    Some(Sse {
        id: id?,
        event,
        data: serde_json::from_str(&data).ok()?,
    })
}
