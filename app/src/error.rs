//! The one error shape both doors speak: `{code, message, field?}` as in api-v1.md.
//! Server functions return it directly; the REST API wraps it as `{"error": …}`.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{code}: {message}")]
pub struct AppError {
    /// Machine code, e.g. `not_found`, `invalid`, `stale`.
    pub code: String,
    /// Human-readable explanation, in English (the UI maps known codes to its own catalogue).
    pub message: String,
    /// JSON pointer or field name of the offending input, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// Every problem found, when an input broke several rules at once (an imported file).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub details: Vec<Problem>,
    /// With a conflict: the server's current value, so the user can see both.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current: Option<serde_json::Value>,
}

/// A rule broken at a place in the input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// JSON pointer into the document (`/nodes/0/children/2/guid`), or `line N` for XML.
    pub at: String,
    pub reason: String,
}

impl Problem {
    pub fn new(at: impl Into<String>, reason: impl Into<String>) -> Problem {
        Problem {
            at: at.into(),
            reason: reason.into(),
        }
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.at, self.reason)
    }
}

impl AppError {
    pub fn new(code: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            code: code.into(),
            message: message.into(),
            field: None,
            details: Vec::new(),
            current: None,
        }
    }

    pub fn with_field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }
}

impl leptos::server_fn::error::FromServerFnError for AppError {
    type Encoder = leptos::server_fn::codec::JsonEncoding;

    fn from_server_fn_error(value: leptos::server_fn::error::ServerFnErrorErr) -> Self {
        use leptos::server_fn::error::ServerFnErrorErr::{Args, MissingArg};
        match value {
            // Arguments that do not decode are the caller's mistake, like a bad JSON body.
            Args(_) | MissingArg(_) => AppError::new("malformed", value.to_string()),
            // Transport and other decoding failures: the request never reached our services.
            _ => AppError::new("transport", value.to_string()),
        }
    }
}
