//! Interviews and answers as the API and the capture form exchange them.

use std::borrow::Cow;

use crate::domain::ids::{InterviewId, StudyId, UserId};
use serde::{Deserialize, Serialize};

use crate::domain::interview_fields::FieldValue;
use crate::domain::rating::Rating;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    OnSite,
    Video,
    Phone,
}

impl Mode {
    pub const ALL: [Mode; 3] = [Mode::OnSite, Mode::Video, Mode::Phone];

    pub fn code(self) -> &'static str {
        match self {
            Mode::OnSite => "on_site",
            Mode::Video => "video",
            Mode::Phone => "phone",
        }
    }

    pub fn from_code(s: &str) -> Option<Mode> {
        Mode::ALL.into_iter().find(|m| m.code() == s)
    }
}

/// The new-interview form as the browser posts it: every field a string, empty meaning unset.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InterviewForm {
    pub organisation: String,
    pub sbi_section: String,
    pub respondent_function: String,
    pub held_on: String,
    pub mode: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct NewInterview {
    pub organisation: String,
    pub sbi_section: String,
    #[serde(default)]
    pub respondent_function: Option<String>,
    /// `YYYY-MM-DD`.
    #[serde(default)]
    #[cfg_attr(feature = "ssr", schema(format = Date))]
    pub held_on: Option<String>,
    #[serde(default)]
    pub mode: Option<Mode>,
    #[serde(default)]
    pub consent: bool,
    #[serde(default)]
    pub notes: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct InterviewSummary {
    pub id: InterviewId,
    pub study_id: StudyId,
    pub organisation: String,
    pub sbi_section: String,
    pub respondent_function: Option<String>,
    #[cfg_attr(feature = "ssr", schema(format = Date))]
    pub held_on: Option<String>,
    pub mode: Option<Mode>,
    pub interviewer_id: UserId,
    pub consent: bool,
    pub notes: Option<String>,
    #[cfg_attr(feature = "ssr", schema(format = DateTime))]
    pub created_at: String,
    /// Of the details above: send it back as `base_revision` with an edit.
    pub revision: u32,
    /// Items with an answer, of all items in the codebook.
    pub answered: u32,
    pub items: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct AnswerView {
    pub item_id: String,
    pub rating: Rating,
    pub note: Option<String>,
    pub quote: Option<String>,
    pub revision: u32,
    #[cfg_attr(feature = "ssr", schema(format = DateTime))]
    pub updated_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct InterviewView {
    #[serde(flatten)]
    pub summary: InterviewSummary,
    pub answers: Vec<AnswerView>,
    /// Trends, aspects, job titles, related occupations, education levels.
    #[serde(default)]
    pub fields: Vec<FieldView>,
    /// Whether the caller may change this interview (its interviewer or a coordinator); the
    /// form is read-only otherwise.
    #[serde(default)]
    pub can_edit: bool,
    /// The interviewer's display name, to say whom to ask.
    #[serde(default)]
    pub interviewer_name: String,
}

/// Gives an interview to another interviewer (coordinators): a study member who may interview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct InterviewerChoice {
    pub user_id: UserId,
}

/// Changes to an interview's metadata; absent fields stay as they are, `""` clears a text.
/// A misspelt field is refused rather than silently ignored.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct InterviewPatch {
    #[serde(default)]
    pub organisation: Option<String>,
    #[serde(default)]
    pub sbi_section: Option<String>,
    #[serde(default)]
    pub respondent_function: Option<String>,
    /// `YYYY-MM-DD`, or `""` to clear.
    #[serde(default)]
    pub held_on: Option<String>,
    /// `on_site`, `video`, `phone`, or `""` to clear.
    #[serde(default)]
    pub mode: Option<String>,
    #[serde(default)]
    pub consent: Option<bool>,
    #[serde(default)]
    pub notes: Option<String>,
    /// The details' revision this edit was made on; an older one than the server's is refused
    /// as `stale` with the current details. Without it the edit applies to whatever is there.
    #[serde(default)]
    pub base_revision: Option<u32>,
}

/// The current value of one interview field; `key` as in `FieldKey::code`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct FieldView {
    pub key: String,
    pub value: FieldValue,
    pub revision: u32,
    #[cfg_attr(feature = "ssr", schema(format = DateTime))]
    pub updated_at: String,
}

/// One field change: the value as JSON (its shape depends on the key), checked by the server.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct FieldChange {
    pub value: serde_json::Value,
    pub op_id: String,
    #[serde(default)]
    pub base_revision: Option<u32>,
}

/// A queued field change, as the capture form replays it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldOp {
    pub key: String,
    #[serde(flatten)]
    pub change: FieldChange,
}

/// The result of one queued field change.
pub type FieldResult = OpResult<FieldView>;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct FieldHistoryEntry {
    #[cfg_attr(feature = "ssr", schema(format = DateTime))]
    pub at: String,
    pub actor: String,
    pub revision: u32,
    pub old_value: Option<FieldValue>,
    pub new_value: FieldValue,
    pub op_id: String,
}

/// A tag used before in the study, for suggestions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct TagUse {
    pub tag: String,
    /// Interviews that used it.
    pub count: u32,
}

/// One answer change, as the browser queues it: `op_id` is made by the client, once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct AnswerChange {
    pub rating: Rating,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub quote: Option<String>,
    pub op_id: String,
    /// The revision the client last saw; older than the server's means someone else changed it.
    #[serde(default)]
    pub base_revision: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct BatchOp {
    pub item_id: String,
    #[serde(flatten)]
    pub change: AnswerChange,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Written {
    pub revision: u32,
}

pub use crate::sync::OpResult;

/// The result of one op of an answers batch.
pub type BatchResult = OpResult<AnswerView>;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct HistoryEntry {
    #[cfg_attr(feature = "ssr", schema(format = DateTime))]
    pub at: String,
    pub actor: String,
    pub revision: u32,
    pub old_rating: Option<Rating>,
    pub new_rating: Rating,
    pub old_note: Option<String>,
    pub new_note: Option<String>,
    pub old_quote: Option<String>,
    pub new_quote: Option<String>,
    pub op_id: String,
}

impl crate::sync::QueuedOp for BatchOp {
    fn op_id(&self) -> &str {
        &self.change.op_id
    }
    fn target(&self) -> Cow<'_, str> {
        Cow::Borrowed(&self.item_id)
    }
}

impl crate::sync::QueuedOp for FieldOp {
    fn op_id(&self) -> &str {
        &self.change.op_id
    }
    fn target(&self) -> Cow<'_, str> {
        Cow::Borrowed(&self.key)
    }
}

/// A queued edit of the interview's details (the metadata form), sent when the network allows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DetailsOp {
    pub op_id: String,
    pub patch: InterviewPatch,
}

impl DetailsOp {
    /// The target of every details edit: the details are written as one.
    pub const TARGET: &'static str = "details";

    /// Whether `stored` already holds everything this edit sets: then a `stale` answer means
    /// this very edit was applied before (its reply got lost), not that someone else wrote.
    pub fn is_reflected_in(&self, stored: &InterviewSummary) -> bool {
        let p = &self.patch;
        let text = |v: &Option<String>, s: &Option<String>| {
            v.as_ref()
                .is_none_or(|v| v.trim() == s.as_deref().unwrap_or_default())
        };
        p.organisation
            .as_ref()
            .is_none_or(|o| o.trim() == stored.organisation)
            && p.sbi_section
                .as_ref()
                .is_none_or(|s| s.trim() == stored.sbi_section)
            && text(&p.respondent_function, &stored.respondent_function)
            && text(&p.held_on, &stored.held_on)
            && p.mode
                .as_ref()
                .is_none_or(|m| m.trim() == stored.mode.map(Mode::code).unwrap_or_default())
            && p.consent.is_none_or(|c| c == stored.consent)
            && text(&p.notes, &stored.notes)
    }
}

impl crate::sync::QueuedOp for DetailsOp {
    fn op_id(&self) -> &str {
        &self.op_id
    }
    fn target(&self) -> Cow<'_, str> {
        Cow::Borrowed(DetailsOp::TARGET)
    }
}
