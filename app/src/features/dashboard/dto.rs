//! Aggregates, thresholds and live events as the API, the server functions and the live stream
//! exchange them.

use serde::{Deserialize, Serialize};

use crate::domain::ids::StudyId;
use crate::domain::rating::{Counts, Rating};
use crate::domain::rollup::RollUp;
use crate::domain::tally::{Filter, Respondent, Source};
use crate::domain::verdict::{Thresholds, Verdict, evaluate};

/// One version of a study's thresholds. Version 1 is the default every study starts with.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ThresholdVersion {
    pub version: u32,
    pub good_min: f64,
    pub partial_min: f64,
    pub min_n: u32,
    pub created_at: String,
    /// The user who set it; none for the defaults of a study made before versions were kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_by: Option<String>,
}

impl ThresholdVersion {
    pub fn thresholds(&self) -> Thresholds {
        Thresholds {
            good_min: self.good_min,
            partial_min: self.partial_min,
            min_n: self.min_n,
        }
    }
}

/// `PUT /studies/{id}/thresholds`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewThresholds {
    pub good_min: f64,
    pub partial_min: f64,
    pub min_n: u32,
}

/// One item's counts and what the verdict rule makes of them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ItemAggregate {
    pub item_id: String,
    pub counts: Counts,
    pub n: u32,
    pub rate: Option<f64>,
    pub ci_low: Option<f64>,
    pub ci_high: Option<f64>,
    pub verdict: Verdict,
    pub stable: bool,
}

impl ItemAggregate {
    pub fn of(item_id: &str, counts: Counts, t: &Thresholds) -> Self {
        let s = evaluate(&counts, t);
        ItemAggregate {
            item_id: item_id.to_string(),
            counts,
            n: s.n,
            rate: s.rate,
            ci_low: s.ci_low,
            ci_high: s.ci_high,
            verdict: s.verdict,
            stable: s.stable,
        }
    }
}

/// Interviews per SBI section among the respondents the filter admits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SectionCoverage {
    pub sbi_section: String,
    pub respondents: u32,
}

/// `GET /studies/{id}/aggregate`: every item of the study's codebook (of one qualification
/// when asked) in display order, with its counts under the filter and its verdict.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct AggregateView {
    pub study_id: StudyId,
    pub threshold_version: u32,
    pub thresholds: ThresholdVersion,
    /// The last event these figures include; the live stream continues after it.
    pub event_id: i64,
    pub filter: Filter,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub qualification: Option<String>,
    /// Respondents the filter admits.
    pub respondents: u32,
    pub items: Vec<ItemAggregate>,
    /// Per qualification, role and section: items per verdict, and a role's own verdict.
    pub roll_ups: Vec<RollUp>,
    pub coverage: Vec<SectionCoverage>,
}

/// The filters of `GET /studies/{id}/aggregate` (query parameters) and of the dashboard.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "ssr",
    derive(utoipa::IntoParams, utoipa::ToSchema),
    into_params(parameter_in = Query)
)]
pub struct AggregateQuery {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Source>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sbi_section: Option<String>,
    /// A qualification node id: only its items are listed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub qualification: Option<String>,
    /// A user id: only the interviews this interviewer holds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interviewer: Option<String>,
    /// `YYYY-MM-DD`, inclusive.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
}

impl AggregateQuery {
    pub fn filter(&self) -> Filter {
        Filter {
            source: self.source,
            sbi_section: self.sbi_section.clone(),
            collected_by: self.interviewer.clone(),
            from: self.from.clone(),
            to: self.to.clone(),
        }
    }
}

/// An answer's new value as the live stream and the drill-down show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct AnswerValueView {
    pub rating: Rating,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quote: Option<String>,
}

/// The live stream's events. Each is one SSE event whose `event:` is the variant's name and
/// whose `id:` is the event's id in the study's one event sequence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum LiveEvent {
    /// An answer changed: the item's new counts and verdict under the current thresholds.
    Answer {
        interview_id: String,
        item_id: String,
        revision: u32,
        value: AnswerValueView,
        item: ItemAggregate,
        threshold_version: u32,
    },
    /// An interview field (trends, aspects, job titles, …) changed.
    Field {
        interview_id: String,
        key: String,
        revision: u32,
    },
    /// An interview was created or its details changed; the respondent's facts as they are now.
    Interview {
        interview_id: String,
        revision: u32,
        respondent: Respondent,
    },
    /// New thresholds: every verdict may have changed; recompute with the same engine.
    Thresholds { thresholds: ThresholdVersion },
    /// A workshop vote changed what counts for an item (source `workshop`: a participant's
    /// vote of the latest round they voted in).
    Vote {
        workshop_id: String,
        item_id: String,
        item: ItemAggregate,
        threshold_version: u32,
    },
    /// Someone joined a workshop: a new respondent of source `workshop`.
    Participant {
        workshop_id: String,
        respondent: Respondent,
    },
    /// Start over from this state: the first event of a new stream, and what a client gets
    /// when it resumes from too far back or fell too far behind.
    Resync { snapshot: Box<AggregateView> },
}

impl LiveEvent {
    /// The SSE `event:` name.
    pub fn name(&self) -> &'static str {
        match self {
            LiveEvent::Answer { .. } => "answer",
            LiveEvent::Field { .. } => "field",
            LiveEvent::Interview { .. } => "interview",
            LiveEvent::Thresholds { .. } => "thresholds",
            LiveEvent::Vote { .. } => "vote",
            LiveEvent::Participant { .. } => "participant",
            LiveEvent::Resync { .. } => "resync",
        }
    }
}

/// One interview's answer to one item, for the drill-down.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ItemAnswer {
    pub interview_id: String,
    pub source: Source,
    pub sbi_section: Option<String>,
    /// Coordinators only: the organisation is not for every member's eyes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation: Option<String>,
    pub rating: Rating,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quote: Option<String>,
}

/// Counts of one item among the respondents of one source or one SBI section.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Distribution {
    /// `source` or `sbi_section`.
    pub by: String,
    pub key: String,
    pub counts: Counts,
}

/// `GET /studies/{id}/items/{item_id}`: every answer to one item and how they spread.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ItemDetail {
    pub item: ItemAggregate,
    pub threshold_version: u32,
    pub answers: Vec<ItemAnswer>,
    pub distributions: Vec<Distribution>,
}
