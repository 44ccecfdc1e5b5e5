//! What an interview records besides the item ratings (report chapters 2.3, 3 and 5): the
//! impact of each trend, extra aspects per role, the job titles and related occupations the
//! company uses, and the education level it expects now and in five years.
//!
//! Each is one *field* of the interview, named by a [`FieldKey`] and changed like an answer:
//! one operation with an op_id, a revision, history. This module names the fields and checks
//! and normalises their values; the browser and the server run the same code.

use serde::{Deserialize, Serialize};

use crate::error::Problem;

pub const MAX_TAGS: usize = 50;
pub const MAX_TAG_CHARS: usize = 100;
pub const MAX_NOTE_CHARS: usize = 20_000;

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FieldKey {
    /// The impact of one of the six trends (a key from `reference::TRENDS`).
    Trend(String),
    /// Free tags for one role of the codebook ("aanvullende aspecten").
    Aspects(String),
    JobTitles,
    RelatedOccupations,
    EducationNow,
    EducationInFiveYears,
}

impl FieldKey {
    /// `trend:<key>`, `aspects:<role id>`, `job_titles`, `related_occupations`,
    /// `education_now`, `education_in_5_years`.
    pub fn parse(s: &str) -> Option<FieldKey> {
        if let Some(trend) = s.strip_prefix("trend:") {
            return (!trend.is_empty()).then(|| FieldKey::Trend(trend.to_string()));
        }
        if let Some(role) = s.strip_prefix("aspects:") {
            return (!role.is_empty()).then(|| FieldKey::Aspects(role.to_string()));
        }
        match s {
            "job_titles" => Some(FieldKey::JobTitles),
            "related_occupations" => Some(FieldKey::RelatedOccupations),
            "education_now" => Some(FieldKey::EducationNow),
            "education_in_5_years" => Some(FieldKey::EducationInFiveYears),
            _ => None,
        }
    }

    pub fn code(&self) -> String {
        match self {
            FieldKey::Trend(t) => format!("trend:{t}"),
            FieldKey::Aspects(r) => format!("aspects:{r}"),
            FieldKey::JobTitles => "job_titles".into(),
            FieldKey::RelatedOccupations => "related_occupations".into(),
            FieldKey::EducationNow => "education_now".into(),
            FieldKey::EducationInFiveYears => "education_in_5_years".into(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TrendImpact {
    Large,
    Some,
    None,
    NotDiscussed,
}

impl TrendImpact {
    pub const ALL: [TrendImpact; 4] = [
        TrendImpact::Large,
        TrendImpact::Some,
        TrendImpact::None,
        TrendImpact::NotDiscussed,
    ];

    pub fn code(self) -> &'static str {
        match self {
            TrendImpact::Large => "large",
            TrendImpact::Some => "some",
            TrendImpact::None => "none",
            TrendImpact::NotDiscussed => "not_discussed",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum EducationLevel {
    Mbo2,
    Mbo3,
    Mbo4,
    MboPlus,
    Hbo,
}

impl EducationLevel {
    pub const ALL: [EducationLevel; 5] = [
        EducationLevel::Mbo2,
        EducationLevel::Mbo3,
        EducationLevel::Mbo4,
        EducationLevel::MboPlus,
        EducationLevel::Hbo,
    ];

    pub fn code(self) -> &'static str {
        match self {
            EducationLevel::Mbo2 => "mbo2",
            EducationLevel::Mbo3 => "mbo3",
            EducationLevel::Mbo4 => "mbo4",
            EducationLevel::MboPlus => "mbo_plus",
            EducationLevel::Hbo => "hbo",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            EducationLevel::Mbo2 => "mbo 2",
            EducationLevel::Mbo3 => "mbo 3",
            EducationLevel::Mbo4 => "mbo 4",
            EducationLevel::MboPlus => "mbo-plus",
            EducationLevel::Hbo => "hbo",
        }
    }
}

/// A field's value in its normal form, as stored and as sent (JSON shapes in the comments).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum FieldValue {
    /// `{"impact": "large", "note": "…"}`
    Trend {
        impact: TrendImpact,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        note: Option<String>,
    },
    /// `["mbo3", "hbo"]`: tried before free tags, so a list of level codes reads as levels.
    Levels(Vec<EducationLevel>),
    /// `["betrouwbaarheid", "proactief"]`
    Tags(Vec<String>),
}

/// Written by hand: the derive gives an untagged enum `oneOf`, which `[]` or `["mbo3"]` would
/// fail (they are levels and tags alike); `anyOf` says what the server accepts and sends.
#[cfg(feature = "ssr")]
impl utoipa::PartialSchema for FieldValue {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::ToSchema;
        use utoipa::openapi::Ref;
        use utoipa::openapi::schema::{AnyOfBuilder, ArrayBuilder, ObjectBuilder, Type};
        let text = || ObjectBuilder::new().schema_type(Type::String);
        let trend = ObjectBuilder::new()
            .description(Some("A trend's impact (keys `trend:<key>`)"))
            .property("impact", Ref::from_schema_name(TrendImpact::name()))
            .required("impact")
            .property("note", text());
        let levels = ArrayBuilder::new()
            .description(Some(
                "Education levels (`education_now`, `education_in_5_years`)",
            ))
            .items(Ref::from_schema_name(EducationLevel::name()));
        let tags = ArrayBuilder::new()
            .description(Some(
                "Free tags (`aspects:<role id>`, `job_titles`, `related_occupations`)",
            ))
            .items(text());
        AnyOfBuilder::new()
            .description(Some("A field's value; its shape depends on the key"))
            .item(trend)
            .item(levels)
            .item(tags)
            .into()
    }
}

#[cfg(feature = "ssr")]
impl utoipa::ToSchema for FieldValue {
    fn schemas(
        schemas: &mut Vec<(
            String,
            utoipa::openapi::RefOr<utoipa::openapi::schema::Schema>,
        )>,
    ) {
        use utoipa::PartialSchema;
        schemas.push((TrendImpact::name().into(), TrendImpact::schema()));
        schemas.push((EducationLevel::name().into(), EducationLevel::schema()));
    }
}

fn problem(message: impl Into<String>) -> Vec<Problem> {
    vec![Problem::new("/value", message)]
}

/// Trims and collapses whitespace; drops empty tags and later case-insensitive repeats.
pub fn normalise_tags(tags: Vec<String>) -> Result<Vec<String>, Vec<Problem>> {
    let mut out: Vec<String> = Vec::new();
    let mut problems = Vec::new();
    for (i, tag) in tags.into_iter().enumerate() {
        let tag = tag.split_whitespace().collect::<Vec<_>>().join(" ");
        if tag.is_empty() || out.iter().any(|t| t.to_lowercase() == tag.to_lowercase()) {
            continue;
        }
        if tag.chars().count() > MAX_TAG_CHARS {
            problems.push(Problem::new(
                format!("/value/{i}"),
                format!("a tag is at most {MAX_TAG_CHARS} characters"),
            ));
            continue;
        }
        out.push(tag);
    }
    if out.len() > MAX_TAGS {
        problems.push(Problem::new("/value", format!("at most {MAX_TAGS} tags")));
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

/// Checks `value` (JSON as sent) against what `key` holds and returns its normal form.
pub fn validate(key: &FieldKey, value: serde_json::Value) -> Result<FieldValue, Vec<Problem>> {
    match key {
        FieldKey::Trend(_) => {
            #[derive(Deserialize)]
            #[serde(deny_unknown_fields)]
            struct Raw {
                impact: TrendImpact,
                #[serde(default)]
                note: Option<String>,
            }
            let raw: Raw = serde_json::from_value(value).map_err(|e| {
                problem(format!("a trend takes {{\"impact\": \"large\" | \"some\" | \"none\" | \"not_discussed\", \"note\"?}}: {e}"))
            })?;
            let note = raw
                .note
                .map(|n| n.trim().to_string())
                .filter(|n| !n.is_empty());
            if note
                .as_ref()
                .is_some_and(|n| n.chars().count() > MAX_NOTE_CHARS)
            {
                return Err(vec![Problem::new(
                    "/value/note",
                    format!("the note is longer than {MAX_NOTE_CHARS} characters"),
                )]);
            }
            Ok(FieldValue::Trend {
                impact: raw.impact,
                note,
            })
        }
        FieldKey::EducationNow | FieldKey::EducationInFiveYears => {
            let mut levels: Vec<EducationLevel> = serde_json::from_value(value).map_err(|e| {
                problem(format!(
                    "education levels are a list of mbo2, mbo3, mbo4, mbo_plus, hbo: {e}"
                ))
            })?;
            levels.sort();
            levels.dedup();
            Ok(FieldValue::Levels(levels))
        }
        FieldKey::Aspects(_) | FieldKey::JobTitles | FieldKey::RelatedOccupations => {
            let tags: Vec<String> = serde_json::from_value(value)
                .map_err(|e| problem(format!("this field is a list of short texts: {e}")))?;
            normalise_tags(tags).map(FieldValue::Tags)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

    #[test]
    fn keys_parse_and_print() {
        for s in [
            "trend:sustainability",
            "aspects:abc-1",
            "job_titles",
            "related_occupations",
            "education_now",
            "education_in_5_years",
        ] {
            assert_eq!(FieldKey::parse(s).map(|k| k.code()).as_deref(), Some(s));
        }
        for bad in ["", "trend:", "aspects:", "jobtitles", "education"] {
            assert_eq!(FieldKey::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn values_are_checked_and_normalised() {
        let trend = FieldKey::Trend("sustainability".into());
        assert_eq!(
            validate(&trend, json!({"impact": "large", "note": "  veel  "})),
            Ok(FieldValue::Trend {
                impact: TrendImpact::Large,
                note: Some("veel".into())
            })
        );
        assert!(validate(&trend, json!({"impact": "huge"})).is_err());
        assert!(validate(&trend, json!({"impact": "none", "extra": 1})).is_err());
        assert_eq!(
            validate(&FieldKey::EducationNow, json!(["hbo", "mbo3", "hbo"])),
            Ok(FieldValue::Levels(vec![
                EducationLevel::Mbo3,
                EducationLevel::Hbo
            ]))
        );
        assert!(validate(&FieldKey::EducationNow, json!(["mbo5"])).is_err());
        assert_eq!(
            validate(
                &FieldKey::JobTitles,
                json!([" Verkoper ", "verkoper", "", "Accountmanager  binnendienst"])
            ),
            Ok(FieldValue::Tags(vec![
                "Verkoper".into(),
                "Accountmanager binnendienst".into()
            ]))
        );
        let long = validate(&FieldKey::Aspects("r".into()), json!(["x".repeat(101)])).unwrap_err();
        assert_eq!(long[0].at, "/value/0");
        assert!(validate(&FieldKey::JobTitles, json!("Verkoper")).is_err());
    }

    #[test]
    fn stored_values_read_back_as_themselves() {
        // The server stores the normal form as JSON; reading it back must not change its kind.
        for v in [
            FieldValue::Trend {
                impact: TrendImpact::NotDiscussed,
                note: None,
            },
            FieldValue::Levels(vec![EducationLevel::MboPlus]),
            FieldValue::Tags(vec!["proactief".into()]),
            FieldValue::Tags(vec![]),
        ] {
            let back: FieldValue =
                serde_json::from_str(&serde_json::to_string(&v).unwrap()).unwrap();
            match (&v, &back) {
                // An empty list has no kind of its own; both readings mean "nothing recorded".
                (FieldValue::Tags(t), FieldValue::Levels(l)) if t.is_empty() => {
                    assert!(l.is_empty())
                }
                _ => assert_eq!(back, v),
            }
        }
    }

    proptest! {
        #[test]
        fn normalised_tags_are_clean_and_stable(tags in proptest::collection::vec("[ a-zA-Zé]{0,12}", 0..20)) {
            if let Ok(out) = normalise_tags(tags) {
                for t in &out {
                    prop_assert!(!t.is_empty());
                    prop_assert_eq!(t.trim(), t.as_str());
                    prop_assert!(!t.contains("  "));
                }
                let lower: std::collections::HashSet<String> = out.iter().map(|t| t.to_lowercase()).collect();
                prop_assert_eq!(lower.len(), out.len());
                prop_assert_eq!(normalise_tags(out.clone()), Ok(out));
            }
        }
    }
}
