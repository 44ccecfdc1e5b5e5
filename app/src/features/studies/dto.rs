//! Studies and their members.

use crate::domain::ids::{CodebookId, StudyId, UserId};
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
