//! Who may do what inside a study: the one table of role permissions. The server enforces it
//! (server::auth::policy); the browser reads it only to hide what would be refused anyway.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum StudyRole {
    Coordinator,
    Interviewer,
    Facilitator,
    Viewer,
}

impl StudyRole {
    pub const ALL: [StudyRole; 4] = [
        StudyRole::Coordinator,
        StudyRole::Interviewer,
        StudyRole::Facilitator,
        StudyRole::Viewer,
    ];

    pub fn code(self) -> &'static str {
        match self {
            StudyRole::Coordinator => "coordinator",
            StudyRole::Interviewer => "interviewer",
            StudyRole::Facilitator => "facilitator",
            StudyRole::Viewer => "viewer",
        }
    }

    pub fn from_code(s: &str) -> Option<StudyRole> {
        StudyRole::ALL.into_iter().find(|r| r.code() == s)
    }
}

/// Things a member can do in a study.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Permission {
    /// See the study, its codebook and aggregates.
    Read,
    /// Create interviews and edit one's own.
    Interview,
    /// Run workshops.
    Facilitate,
    /// Members, thresholds, exports, the audit log.
    Coordinate,
}

pub fn allows(role: StudyRole, permission: Permission) -> bool {
    use Permission::*;
    use StudyRole::*;
    match (role, permission) {
        (Coordinator, _) => true,
        (_, Read) => true,
        (Interviewer, Interview) => true,
        (Facilitator, Facilitate) => true,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_role_table() {
        use Permission::*;
        let table: Vec<(StudyRole, [bool; 4])> = StudyRole::ALL
            .into_iter()
            .map(|r| {
                (
                    r,
                    [Read, Interview, Facilitate, Coordinate].map(|p| allows(r, p)),
                )
            })
            .collect();
        assert_eq!(
            table,
            vec![
                (StudyRole::Coordinator, [true, true, true, true]),
                (StudyRole::Interviewer, [true, true, false, false]),
                (StudyRole::Facilitator, [true, false, true, false]),
                (StudyRole::Viewer, [true, false, false, false]),
            ]
        );
    }

    #[test]
    fn codes_round_trip() {
        for r in StudyRole::ALL {
            assert_eq!(StudyRole::from_code(r.code()), Some(r));
        }
        assert_eq!(StudyRole::from_code("admin"), None);
    }
}
