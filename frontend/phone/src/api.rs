//! The REST calls the phone makes, with the API's error shape decoded into `AppError`. A call
//! that never got an answer is a `transport` error, which the op queue keeps for a retry.

use serde::Serialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use app::domain::ids::WorkshopId;
use app::error::{AppError, ErrorCode};
use app::features::workshops::dto::{
    JoinRequest, Joined, ParticipantView, VoteRequest, VoteResult,
};

fn transport(what: impl std::fmt::Debug) -> AppError {
    AppError::new(ErrorCode::Transport, format!("no answer: {what:?}"))
}

/// The API's `{"error": {…}}`.
#[derive(serde::Deserialize)]
struct ErrorBody {
    error: AppError,
}

async fn call<B: Serialize, R: DeserializeOwned>(
    method: &str,
    path: &str,
    body: Option<&B>,
) -> Result<R, AppError> {
    let init = web_sys::RequestInit::new();
    init.set_method(method);
    init.set_credentials(web_sys::RequestCredentials::SameOrigin);
    let headers = web_sys::Headers::new().map_err(transport)?;
    headers
        .set("accept", "application/json")
        .map_err(transport)?;
    if let Some(body) = body {
        headers
            .set("content-type", "application/json")
            .map_err(transport)?;
        let json = serde_json::to_string(body)
            .map_err(|e| AppError::new(ErrorCode::Internal, e.to_string()))?;
        init.set_body(&JsValue::from_str(&json));
    }
    init.set_headers(&headers);
    let window = web_sys::window().ok_or_else(|| transport("no window"))?;
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str_and_init(path, &init))
        .await
        .map_err(transport)?
        .dyn_into()
        .map_err(transport)?;
    let text = JsFuture::from(response.text().map_err(transport)?)
        .await
        .map_err(transport)?
        .as_string()
        .unwrap_or_default();
    if response.ok() {
        return serde_json::from_str(&text).map_err(|e| {
            AppError::new(
                ErrorCode::Internal,
                format!("an answer that does not parse: {e}"),
            )
        });
    }
    match serde_json::from_str::<ErrorBody>(&text) {
        Ok(b) => Err(b.error),
        // A proxy's error page, say: the server's own answer did not come through.
        Err(_) => Err(AppError::new(
            ErrorCode::Transport,
            format!("status {}", response.status()),
        )),
    }
}

pub async fn join(request: &JoinRequest) -> Result<Joined, AppError> {
    call("POST", "/api/v1/join", Some(request)).await
}

pub async fn me(workshop: WorkshopId) -> Result<ParticipantView, AppError> {
    call::<(), _>("GET", &format!("/api/v1/workshops/{workshop}/me"), None).await
}

#[derive(Serialize)]
struct Batch<'a> {
    ops: &'a [VoteRequest],
}

#[derive(serde::Deserialize)]
struct Results {
    results: Vec<VoteResult>,
}

pub async fn send_votes(
    workshop: WorkshopId,
    ops: Vec<VoteRequest>,
) -> Result<Vec<VoteResult>, AppError> {
    let answer: Results = call(
        "POST",
        &format!("/api/v1/workshops/{workshop}/votes:batch"),
        Some(&Batch { ops: &ops }),
    )
    .await?;
    Ok(answer.results)
}
