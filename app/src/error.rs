//! The one error shape both doors speak: `{code, message, field?, reason?}` as in api-v1.md.
//! Server functions return it directly; the REST API wraps it as `{"error": …}`.
//! `message` is English machine text for API clients; the UI words every error itself from
//! `code`, `field` and `reason` (`I18n::error`).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// What kind of failure, as both doors report it; the HTTP status follows from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    NotFound,
    Invalid,
    Malformed,
    Conflict,
    OpConflict,
    Stale,
    Unauthorized,
    Forbidden,
    /// A state-changing request that did not come from this site (CSRF check, 403).
    CrossOrigin,
    Throttled,
    Unavailable,
    /// The body is larger than the route accepts (413).
    TooLarge,
    /// The request never reached the server, or its answer never came back (browser only).
    Transport,
    /// The server could not serve a request it should have (no backend in a render).
    Internal,
    /// This browser could not keep a change: storage full or switched off, or no random
    /// source for its op id (browser only).
    Storage,
}

impl ErrorCode {
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::NotFound => "not_found",
            ErrorCode::Invalid => "invalid",
            ErrorCode::Malformed => "malformed",
            ErrorCode::Conflict => "conflict",
            ErrorCode::OpConflict => "op_conflict",
            ErrorCode::Stale => "stale",
            ErrorCode::Unauthorized => "unauthorized",
            ErrorCode::Forbidden => "forbidden",
            ErrorCode::CrossOrigin => "cross_origin",
            ErrorCode::Throttled => "throttled",
            ErrorCode::Unavailable => "unavailable",
            ErrorCode::TooLarge => "too_large",
            ErrorCode::Transport => "transport",
            ErrorCode::Internal => "internal",
            ErrorCode::Storage => "storage",
        }
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which rule refused a request, where the code alone leaves the user guessing (a conflict may
/// be a duplicate member or the last coordinator). Part of the contract: clients may rely on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// Adding a member from the command line: nobody has an account with this e-mail address.
    /// (Coordinators invite by address and are never told whether an account exists.)
    NoAccount,
    /// Adding a member who already is one.
    AlreadyMember,
    /// Inviting an address that has an open invitation to this study already.
    AlreadyInvited,
    /// The change would leave the study without a coordinator.
    LastCoordinator,
    /// A codebook with this GUID and version exists with other content.
    VersionExists,
    /// Sign-in with an unknown e-mail address or a wrong password.
    WrongCredentials,
    /// A vote or control on a workshop that has been closed.
    WorkshopClosed,
    /// Joining a workshop that has as many participants as it admits.
    WorkshopFull,
    /// A vote on an item the facilitator has not opened (paced workshops).
    ItemNotOpen,
    /// A vote on a round whose results are shown: its voting has ended.
    RoundClosed,
    /// Opening an item one by one in a self-paced workshop.
    NotPaced,
    /// Showing results or starting a round before any item is open (paced).
    NoOpenItem,
    /// Showing results that are already shown.
    AlreadyRevealed,
    /// Starting the next round before the results of this one are shown.
    NotRevealed,
    /// Confirming an account change with a current password that is wrong.
    WrongPassword,
    /// A change asked with a token that may only read.
    ReadOnlyToken,
    /// Making tokens or changing the password needs a signed-in session, not a token.
    SessionRequired,
    /// A new password shorter than the minimum.
    PasswordTooShort,
    /// A new password that is among the most common ones (or made of the account's name).
    PasswordTooCommon,
}

impl From<crate::domain::workshop::Refusal> for Reason {
    fn from(r: crate::domain::workshop::Refusal) -> Reason {
        use crate::domain::workshop::Refusal as R;
        match r {
            R::Closed => Reason::WorkshopClosed,
            // Asked of an item outside the workshop: the vote names an item it does not rate.
            R::UnknownItem | R::ItemNotOpen => Reason::ItemNotOpen,
            R::NotPaced => Reason::NotPaced,
            R::NoOpenItem => Reason::NoOpenItem,
            R::AlreadyRevealed => Reason::AlreadyRevealed,
            R::NotRevealed => Reason::NotRevealed,
            R::RoundClosed => Reason::RoundClosed,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[error("{code}: {message}")]
pub struct AppError {
    pub code: ErrorCode,
    /// Human-readable explanation, in English, for API clients (the UI words its own).
    pub message: String,
    /// JSON pointer or field name of the offending input, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// The rule that refused the request, when `code` alone does not say it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<Reason>,
    /// Every problem found, when an input broke several rules at once (an imported file).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub details: Vec<Problem>,
    /// With a conflict: the server's current value, so the user can see both.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current: Option<serde_json::Value>,
}

/// What is wrong in an imported file, for a translated sentence; `reason` stays for API readers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ProblemKind {
    /// Not JSON / XML at all at this place.
    Syntax,
    /// The file stops before its end (cut off while copying or uploading).
    Truncated,
    /// The file is empty.
    Empty,
    /// A required field is absent; `params.field` names it.
    MissingField,
    /// A value of the wrong type or an unknown word; `params.detail` holds the parser's words.
    WrongValue,
    /// Nested deeper than a codebook can be.
    TooDeep,
    /// More elements than an import accepts.
    TooLarge,
    /// Not a REFI-QDA codebook (`<CodeBook>` in its namespace).
    NotACodebook,
    /// A `.qdc` without `<Codes>`.
    NoCodes,
    /// `format` / `format_version` is not ours; `params.expected`.
    WrongFormat,
    NotAGuid,
    /// A GUID used twice; `params.first` is where it was first used.
    DuplicateGuid,
    EmptyText,
    /// Longer than `params.max` characters.
    TooLong,
    MultiLine,
    VersionZero,
    NoQualification,
    /// More than `params.max` nodes.
    TooManyNodes,
    /// `params.expected`, `params.found`: node kinds.
    WrongKind,
    SectionKindMissing,
    SectionKindNotAllowed,
    BadNumber,
    BadColor,
    ItemWithChildren,
    /// A qualification or role with nothing below it; `params.kind` is what is missing.
    NoChildren,
    /// A role with two sections of `params.kind`.
    DuplicateSection,
    /// `params.guid` names no node.
    UnknownParent,
    OwnParent,
    Cycle,
    /// A `<Code>` without a `guid` attribute.
    CodeWithoutGuid,
    /// A `<Code>` without a `name` attribute.
    CodeWithoutName,
    /// A role with `params.count` sections.
    TooManySections,
    #[default]
    Other,
}

/// A rule broken at a place in the input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Problem {
    /// JSON pointer into the document (`/nodes/0/children/2/guid`), or `line N column C`.
    pub at: String,
    /// English, for API readers.
    pub reason: String,
    #[serde(default)]
    pub kind: ProblemKind,
    /// The values the sentence for `kind` names (`max`, `field`, `guid`, …).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub params: BTreeMap<String, String>,
    /// 1-based position in the file, when the place is a position rather than a pointer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<u32>,
}

impl Problem {
    pub fn new(at: impl Into<String>, reason: impl Into<String>) -> Problem {
        Problem {
            at: at.into(),
            reason: reason.into(),
            kind: ProblemKind::Other,
            params: BTreeMap::new(),
            line: None,
            column: None,
        }
    }

    /// A problem at a position in the text: `at` reads `line L column C` (or `line L`).
    pub fn at_position(line: u32, column: Option<u32>, reason: impl Into<String>) -> Problem {
        let at = match column {
            Some(c) => format!("line {line} column {c}"),
            None => format!("line {line}"),
        };
        Problem {
            line: Some(line),
            column,
            ..Problem::new(at, reason)
        }
    }

    pub fn kind(mut self, kind: ProblemKind) -> Problem {
        self.kind = kind;
        self
    }

    pub fn param(mut self, name: &str, value: impl ToString) -> Problem {
        self.params.insert(name.to_string(), value.to_string());
        self
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.at, self.reason)
    }
}

impl AppError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            field: None,
            reason: None,
            details: Vec::new(),
            current: None,
        }
    }

    pub fn with_field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }

    pub fn with_reason(mut self, reason: Reason) -> Self {
        self.reason = Some(reason);
        self
    }
}

impl leptos::server_fn::error::FromServerFnError for AppError {
    type Encoder = leptos::server_fn::codec::JsonEncoding;

    fn from_server_fn_error(value: leptos::server_fn::error::ServerFnErrorErr) -> Self {
        use leptos::server_fn::error::ServerFnErrorErr::{Args, Deserialization, MissingArg};
        match value {
            // Arguments that do not decode are the caller's mistake, like a bad JSON body.
            Args(_) | MissingArg(_) => AppError::new(ErrorCode::Malformed, value.to_string()),
            // The server decodes only requests (a JSON-encoded function's arguments); in the
            // browser the same error means a reply that did not decode: a transport failure.
            Deserialization(_) if cfg!(feature = "ssr") => {
                AppError::new(ErrorCode::Malformed, value.to_string())
            }
            // Transport and other decoding failures: the request never reached our services.
            _ => AppError::new(ErrorCode::Transport, value.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_serialise_as_the_contract_spells_them() {
        for code in [
            ErrorCode::NotFound,
            ErrorCode::OpConflict,
            ErrorCode::TooLarge,
            ErrorCode::Transport,
        ] {
            let json = serde_json::to_value(code).unwrap();
            assert_eq!(json, serde_json::json!(code.as_str()));
        }
        let e: AppError = serde_json::from_str(
            r#"{"code":"conflict","message":"m","field":"email","reason":"already_member"}"#,
        )
        .unwrap();
        assert_eq!(e.code, ErrorCode::Conflict);
        assert_eq!(e.reason, Some(Reason::AlreadyMember));
    }

    #[test]
    fn problems_without_a_kind_still_read() {
        let p: Problem = serde_json::from_str(r#"{"at":"/","reason":"r"}"#).unwrap();
        assert_eq!(p.kind, ProblemKind::Other);
    }
}
