//! Ids as types. Every id that arrives from outside (a path segment, a server-function argument,
//! a JSON body) is parsed here, at the door, so that malformed input is a 400/404 and never
//! reaches a query. On the wire and in the database an id is its hyphenated lower-case UUID.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The text given where an id was expected, which is not one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a valid id: {0:?}")]
pub struct BadId(pub String);

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(pub Uuid);

        impl Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(self)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                s.parse().map_err(serde::de::Error::custom)
            }
        }

        impl $name {
            pub fn as_uuid(&self) -> Uuid {
                self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.hyphenated().fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = BadId;
            fn from_str(s: &str) -> Result<Self, BadId> {
                parse_uuid(s).map($name)
            }
        }

        impl From<Uuid> for $name {
            fn from(u: Uuid) -> Self {
                $name(u)
            }
        }

        #[cfg(feature = "ssr")]
        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                uuid_schema()
            }
        }

        #[cfg(feature = "ssr")]
        impl utoipa::ToSchema for $name {}
    };
}

/// How every id appears in the OpenAPI document: the hyphenated UUID it is on the wire.
#[cfg(feature = "ssr")]
fn uuid_schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    use utoipa::openapi::schema::{KnownFormat, ObjectBuilder, SchemaFormat, Type};
    ObjectBuilder::new()
        .schema_type(Type::String)
        .format(Some(SchemaFormat::KnownFormat(KnownFormat::Uuid)))
        .into()
}

/// Accepts only the hyphenated form (any case), the one every link and response carries:
/// braces, URNs and the simple form are not ids we ever hand out.
fn parse_uuid(s: &str) -> Result<Uuid, BadId> {
    if s.len() != 36 {
        return Err(BadId(s.to_string()));
    }
    Uuid::try_parse(s).map_err(|_| BadId(s.to_string()))
}

id_type!(StudyId);
id_type!(InterviewId);
id_type!(CodebookId);
id_type!(
    /// A codebook node (qualification, role, section or item) as stored: not its GUID.
    NodeId
);
id_type!(UserId);
id_type!(SessionId);
id_type!(TokenId);
id_type!(WorkshopId);
id_type!(ParticipantId);
id_type!(InvitationId);

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn rejects_what_is_not_a_hyphenated_uuid() {
        for bad in [
            "",
            "\0",
            "%00",
            "abc",
            "00000000000000000000000000000000",
            "{00000000-0000-0000-0000-000000000000}",
            "urn:uuid:00000000-0000-0000-0000-000000000000",
            "00000000-0000-0000-0000-00000000000\0",
        ] {
            assert!(bad.parse::<InterviewId>().is_err(), "{bad:?}");
        }
    }

    #[test]
    fn upper_case_is_the_same_id_written_lower_case() {
        let id: StudyId = "A1A2A3A4-B1B2-C1C2-D1D2-D3D4D5D6D7D8".parse().unwrap();
        assert_eq!(id.to_string(), "a1a2a3a4-b1b2-c1c2-d1d2-d3d4d5d6d7d8");
    }

    #[test]
    fn json_rejects_a_bad_id() {
        assert!(serde_json::from_str::<UserId>("\"nope\"").is_err());
    }

    proptest! {
        #[test]
        fn display_then_parse_is_the_same_id(n in any::<u128>()) {
            let id = InterviewId(Uuid::from_u128(n));
            prop_assert_eq!(id.to_string().parse::<InterviewId>().unwrap(), id);
            let json = serde_json::to_string(&id).unwrap();
            prop_assert_eq!(serde_json::from_str::<InterviewId>(&json).unwrap(), id);
        }
    }
}
