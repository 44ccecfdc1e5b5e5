//! Stored codes and JSON read back into their types. Every one of them is only ever written from
//! those types, so a value that does not parse means a damaged database: an error (a logged 500,
//! see `error::DbFailure`), never a default. A rating read as `not_discussed` or a list read as
//! empty would silently skew what the study concludes.

use sea_orm::DbErr;
use serde::de::DeserializeOwned;

use app::domain::access::StudyRole;
use app::domain::codebook::{NodeKind, SectionKind};
use app::domain::rating::Rating;
use app::features::interviews::dto::Mode;

fn damaged(what: &str, value: &str) -> DbErr {
    DbErr::Type(format!("a stored {what} does not parse: {value:?}"))
}

fn code<T>(what: &str, value: &str, parse: impl Fn(&str) -> Option<T>) -> Result<T, DbErr> {
    parse(value).ok_or_else(|| damaged(what, value))
}

/// An id (a UUID newtype) read back from the database.
pub fn id<T: std::str::FromStr>(value: &str) -> Result<T, DbErr> {
    value.parse().map_err(|_| damaged("id", value))
}

pub fn rating(value: &str) -> Result<Rating, DbErr> {
    code("rating", value, Rating::from_code)
}

pub fn role(value: &str) -> Result<StudyRole, DbErr> {
    code("study role", value, StudyRole::from_code)
}

pub fn node_kind(value: &str) -> Result<NodeKind, DbErr> {
    code("codebook node kind", value, NodeKind::from_code)
}

/// Absent stays absent; present must parse.
pub fn section_kind(value: Option<&str>) -> Result<Option<SectionKind>, DbErr> {
    value
        .map(|v| code("section kind", v, SectionKind::from_code))
        .transpose()
}

/// Absent stays absent; present must parse.
pub fn mode(value: Option<&str>) -> Result<Option<Mode>, DbErr> {
    value
        .map(|v| code("interview mode", v, Mode::from_code))
        .transpose()
}

/// A count or version, never negative.
pub fn count(value: i32) -> Result<u32, DbErr> {
    u32::try_from(value).map_err(|_| damaged("count", &value.to_string()))
}

/// A JSON column: `what` names it in the error.
pub fn json<V: DeserializeOwned>(what: &str, text: &str) -> Result<V, DbErr> {
    serde_json::from_str(text)
        .map_err(|e| DbErr::Json(format!("a stored {what} does not parse: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::{DbFailure, ServiceError};

    #[test]
    fn stored_values_parse_or_are_internal_errors() {
        assert_eq!(rating("partly").unwrap(), Rating::Partly);
        assert_eq!(mode(None).unwrap(), None);
        assert_eq!(section_kind(None).unwrap(), None);
        let damaged: Vec<DbErr> = vec![
            rating("bogus").unwrap_err(),
            rating("").unwrap_err(),
            role("owner").unwrap_err(),
            node_kind("leaf").unwrap_err(),
            section_kind(Some("x")).unwrap_err(),
            mode(Some("carrier pigeon")).unwrap_err(),
            json::<Vec<String>>("list", "{not json").unwrap_err(),
            count(-1).unwrap_err(),
        ];
        for e in damaged {
            assert_eq!(DbFailure::of(&e), DbFailure::Internal, "{e}");
            let e = ServiceError::from(e);
            assert_eq!(e.status(), http::StatusCode::INTERNAL_SERVER_ERROR);
        }
    }
}
