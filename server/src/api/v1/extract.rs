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

/// Path parameters parsed into their types (ids are UUID newtypes): an address whose id is not
/// an id names nothing, so it is a 404 in the API's error shape, never a query.
pub struct PathIds<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for PathIds<T> {
    type Rejection = ServiceError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(v)) => Ok(PathIds(v)),
            Err(rejection) => Err(ServiceError::NotFound(format!(
                "nothing at this address: {}",
                rejection.body_text()
            ))),
        }
    }
}
