//! Who answered what, counted per item: the input of the verdict rule for a study.
//!
//! A [`Tally`] keeps every respondent's current rating per item and, for the respondents its
//! [`Filter`] admits, the [`Counts`] per item. One answer change updates one item's counts in
//! O(1); a respondent whose facts change (an interview moved to another SBI section) moves
//! their own answers only. The server keeps one unfiltered tally per study, fed by the event
//! sequence; the browser's dashboard keeps one for what it shows. [`Tally::build`] is the full
//! recompute both must always equal (a property test checks that).

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::rating::{Counts, Rating};

/// Where an answer comes from: an interview (one respondent per interview) or a workshop
/// (one respondent per participant).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Source {
    Interview,
    Workshop,
}

impl Source {
    pub const ALL: [Source; 2] = [Source::Interview, Source::Workshop];

    pub fn code(self) -> &'static str {
        match self {
            Source::Interview => "interview",
            Source::Workshop => "workshop",
        }
    }

    pub fn from_code(code: &str) -> Option<Source> {
        Source::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// What a filter can ask of a respondent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Respondent {
    /// The interview's id, or the workshop participant's.
    pub id: String,
    pub source: Source,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sbi_section: Option<String>,
    /// The interviewer (interviews) or facilitator (workshops) who collected the answers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collected_by: Option<String>,
    /// `YYYY-MM-DD`: when the interview was held (or created, when no date was given).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
}

/// Which respondents count. Every field left empty admits everyone; dates are inclusive.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Filter {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Source>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sbi_section: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collected_by: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
}

impl Filter {
    pub fn is_empty(&self) -> bool {
        *self == Filter::default()
    }

    pub fn admits(&self, r: &Respondent) -> bool {
        let same = |want: &Option<String>, have: &Option<String>| {
            want.as_ref().is_none_or(|w| have.as_ref() == Some(w))
        };
        // ISO dates compare as strings; a respondent without a date is outside any date range.
        let date = r.date.as_deref();
        self.source.is_none_or(|s| s == r.source)
            && same(&self.sbi_section, &r.sbi_section)
            && same(&self.collected_by, &r.collected_by)
            && self
                .from
                .as_deref()
                .is_none_or(|f| date.is_some_and(|d| d >= f))
            && self
                .to
                .as_deref()
                .is_none_or(|t| date.is_some_and(|d| d <= t))
    }
}

/// An item's counts after a change, for the caller to publish.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Changed<'a> {
    pub item_id: &'a str,
    pub counts: Counts,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Tally {
    filter: Filter,
    respondents: HashMap<String, Respondent>,
    /// respondent id → item id → current rating; kept for respondents not (yet) known too.
    answers: HashMap<String, HashMap<String, Rating>>,
    /// Over the admitted respondents; items nobody admitted answered are absent.
    counts: HashMap<String, Counts>,
}

impl Tally {
    pub fn new(filter: Filter) -> Self {
        Tally {
            filter,
            ..Tally::default()
        }
    }

    /// The full recompute: what the incremental updates must always arrive at.
    pub fn build<'a>(
        filter: Filter,
        respondents: impl IntoIterator<Item = Respondent>,
        answers: impl IntoIterator<Item = (&'a str, &'a str, Rating)>,
    ) -> Self {
        let mut tally = Tally::new(filter);
        for r in respondents {
            tally.respondents.insert(r.id.clone(), r);
        }
        for (respondent, item, rating) in answers {
            tally
                .answers
                .entry(respondent.to_string())
                .or_default()
                .insert(item.to_string(), rating);
        }
        tally.counts = tally.recount();
        tally
    }

    fn recount(&self) -> HashMap<String, Counts> {
        let mut counts: HashMap<String, Counts> = HashMap::new();
        for (respondent, items) in &self.answers {
            if !self.admitted(respondent) {
                continue;
            }
            for (item, rating) in items {
                counts.entry(item.clone()).or_default().add(*rating);
            }
        }
        counts
    }

    fn admitted(&self, respondent: &str) -> bool {
        self.respondents
            .get(respondent)
            .is_some_and(|r| self.filter.admits(r))
    }

    pub fn filter(&self) -> &Filter {
        &self.filter
    }

    pub fn respondents(&self) -> impl Iterator<Item = &Respondent> {
        self.respondents.values()
    }

    pub fn respondent(&self, id: &str) -> Option<&Respondent> {
        self.respondents.get(id)
    }

    /// How many known respondents the filter admits.
    pub fn admitted_respondents(&self) -> usize {
        self.respondents
            .values()
            .filter(|r| self.filter.admits(r))
            .count()
    }

    pub fn counts(&self, item_id: &str) -> Counts {
        self.counts.get(item_id).copied().unwrap_or_default()
    }

    /// Every item with at least one admitted answer.
    pub fn items(&self) -> impl Iterator<Item = (&str, &Counts)> {
        self.counts.iter().map(|(k, v)| (k.as_str(), v))
    }

    pub fn rating(&self, respondent: &str, item_id: &str) -> Option<Rating> {
        self.answers.get(respondent)?.get(item_id).copied()
    }

    /// Every current answer, for a full recompute elsewhere (the browser's filtered view).
    pub fn answers(&self) -> impl Iterator<Item = (&str, &str, Rating)> {
        self.answers.iter().flat_map(|(r, items)| {
            items
                .iter()
                .map(move |(i, rating)| (r.as_str(), i.as_str(), *rating))
        })
    }

    /// One answer set (or withdrawn with `None`). O(1). Returns the item's counts when they
    /// changed.
    pub fn set<'a>(
        &mut self,
        respondent: &str,
        item_id: &'a str,
        rating: Option<Rating>,
    ) -> Option<Changed<'a>> {
        let items = self.answers.entry(respondent.to_string()).or_default();
        let old = match rating {
            Some(r) => items.insert(item_id.to_string(), r),
            None => items.remove(item_id),
        };
        if old == rating || !self.admitted(respondent) {
            return None;
        }
        let counts = self.counts.entry(item_id.to_string()).or_default();
        if let Some(old) = old {
            counts.remove(old);
        }
        if let Some(new) = rating {
            counts.add(new);
        }
        let counts = *counts;
        if counts == Counts::default() {
            self.counts.remove(item_id);
        }
        Some(Changed { item_id, counts })
    }

    /// A respondent is new or their facts changed: when that changes whether the filter
    /// admits them, their answers enter or leave the counts (O(their answers)). Returns the
    /// items whose counts changed.
    pub fn upsert_respondent(&mut self, r: Respondent) -> Vec<String> {
        let was = self.admitted(&r.id);
        let id = r.id.clone();
        self.respondents.insert(id.clone(), r);
        let now = self.admitted(&id);
        if was == now {
            return Vec::new();
        }
        let Some(items) = self.answers.get(&id) else {
            return Vec::new();
        };
        let mut touched = Vec::with_capacity(items.len());
        for (item, rating) in items {
            let counts = self.counts.entry(item.clone()).or_default();
            if now {
                counts.add(*rating);
            } else {
                counts.remove(*rating);
            }
            if *counts == Counts::default() {
                self.counts.remove(item);
            }
            touched.push(item.clone());
        }
        touched
    }
}

#[cfg(test)]
mod tests;
