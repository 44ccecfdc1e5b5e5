//! Extractors of the REST door: the caller's `Ctx`, and JSON bodies whose rejections speak the
//! API's error shape instead of axum's plain text.

use axum::extract::{FromRequest, FromRequestParts, Request};
use http::request::Parts;
use serde::de::DeserializeOwned;

use crate::error::ServiceError;
use crate::services::Ctx;
use crate::state::AppState;

impl FromRequestParts<AppState> for Ctx {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        Ok(Ctx::from_parts(state, &parts.extensions))
    }
}

pub struct JsonBody<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for JsonBody<T> {
    type Rejection = ServiceError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(v)) => Ok(JsonBody(v)),
            Err(rejection) => {
                let message = rejection.body_text();
                Err(match rejection.status() {
                    http::StatusCode::PAYLOAD_TOO_LARGE => {
                        ServiceError::malformed("the request body is too large", vec![])
                    }
                    http::StatusCode::UNPROCESSABLE_ENTITY => {
                        ServiceError::invalid(message, vec![])
                    }
                    _ => ServiceError::malformed(message, vec![]),
                })
            }
        }
    }
}
