//! Studies and their members.

use crate::domain::ids::{CodebookId, InvitationId, StudyId, UserId};
use serde::{Deserialize, Serialize};

use crate::domain::access::StudyRole;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct StudyView {
    pub id: StudyId,
    pub name: String,
    pub codebook_id: CodebookId,
    pub codebook_name: String,
    pub codebook_version: u32,
    #[cfg_attr(feature = "ssr", schema(format = DateTime))]
    pub created_at: String,
    /// The caller's role in this study.
    pub my_role: StudyRole,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct MemberView {
    pub user_id: UserId,
    pub email: String,
    pub name: String,
    pub role: StudyRole,
    #[cfg_attr(feature = "ssr", schema(format = DateTime))]
    pub since: String,
}

/// An invitation to join a study with a role. Coordinators invite by e-mail address; whoever
/// signs in with that address sees it and accepts or declines. Until then nobody learns
/// whether the address has an account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct InvitationView {
    pub id: InvitationId,
    pub study_id: StudyId,
    pub study_name: String,
    /// The address as the coordinator typed it (in lower case).
    pub email: String,
    pub role: StudyRole,
    /// Who invited, by name; `None` when the account is gone.
    pub invited_by: Option<String>,
    #[cfg_attr(feature = "ssr", schema(format = DateTime))]
    pub invited_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct AuditEntryView {
    pub id: i64,
    #[cfg_attr(feature = "ssr", schema(format = DateTime))]
    pub at: String,
    /// Who did it: an e-mail address, or `system` for the command line.
    pub actor: Option<String>,
    /// Who did it, by name (`None` for the command line).
    #[serde(default)]
    pub actor_name: Option<String>,
    pub action: String,
    pub details: serde_json::Value,
    /// The person the change concerns (a member), by name, when there is one.
    #[serde(default)]
    pub subject_name: Option<String>,
}
