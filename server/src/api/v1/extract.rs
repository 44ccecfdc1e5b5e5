//! Extractors of the REST door: the caller's `Ctx`, and JSON bodies whose rejections speak the
//! API's error shape instead of axum's plain text.

use axum::extract::{FromRequest, FromRequestParts, Request};
use http::request::Parts;
use serde::de::DeserializeOwned;

use app::error::Problem;

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
        let axum::Json(value) = axum::Json::<serde_json::Value>::from_request(req, state)
            .await
            .map_err(|rejection| match rejection.status() {
                http::StatusCode::PAYLOAD_TOO_LARGE => ServiceError::TooLarge(
                    "the request body is larger than this route takes".into(),
                ),
                _ => ServiceError::malformed(rejection.body_text(), vec![]),
            })?;
        // Well-formed JSON of the wrong shape: the refusal names the field (`ops[2].rating`).
        serde_path_to_error::deserialize(value)
            .map(JsonBody)
            .map_err(|e| wrong_shape("", e))
    }
}

/// A value that parsed but does not fit its type: 422 naming where (`ops[2].rating`).
fn wrong_shape<E: std::fmt::Display>(what: &str, e: serde_path_to_error::Error<E>) -> ServiceError {
    let field = e.path().to_string();
    let reason = e.inner().to_string();
    let problems = if field == "." {
        vec![]
    } else {
        vec![Problem::new(field.clone(), reason.clone())]
    };
    ServiceError::invalid(format!("{what}{field}: {reason}"), problems)
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

/// Query parameters parsed into their types: one that does not parse (an unknown `source`) is
/// a 422 naming the parameter when serde says which, in the API's error shape.
pub struct QueryParams<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for QueryParams<T> {
    type Rejection = ServiceError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let query = parts.uri.query().unwrap_or("");
        let de = serde_urlencoded::Deserializer::new(form_urlencoded::parse(query.as_bytes()));
        serde_path_to_error::deserialize(de)
            .map(QueryParams)
            .map_err(|e| wrong_shape("query ", e))
    }
}
