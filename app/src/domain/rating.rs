//! The answer scale of an interview item or workshop vote.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Rating {
    Recognised,
    Partly,
    NotRecognised,
    NotDiscussed,
}

impl Rating {
    pub const ALL: [Rating; 4] = [
        Rating::Recognised,
        Rating::Partly,
        Rating::NotRecognised,
        Rating::NotDiscussed,
    ];

    /// The API's machine word.
    pub fn code(self) -> &'static str {
        match self {
            Rating::Recognised => "recognised",
            Rating::Partly => "partly",
            Rating::NotRecognised => "not_recognised",
            Rating::NotDiscussed => "not_discussed",
        }
    }

    pub fn from_code(code: &str) -> Option<Rating> {
        Rating::ALL.into_iter().find(|r| r.code() == code)
    }
}

/// How many answers of each rating one item received.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
// `Counts` is also the codebook's node counts: the schemas need two names.
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema), schema(as = RatingCounts))]
pub struct Counts {
    pub recognised: u32,
    pub partly: u32,
    pub not_recognised: u32,
    pub not_discussed: u32,
}

impl Counts {
    pub fn add(&mut self, rating: Rating) {
        *self.slot(rating) += 1;
    }

    /// Removes one answer; used when an answer changes. Saturates rather than wrapping so a
    /// bookkeeping error can never produce a huge count.
    pub fn remove(&mut self, rating: Rating) {
        let slot = self.slot(rating);
        *slot = slot.saturating_sub(1);
    }

    fn slot(&mut self, rating: Rating) -> &mut u32 {
        match rating {
            Rating::Recognised => &mut self.recognised,
            Rating::Partly => &mut self.partly,
            Rating::NotRecognised => &mut self.not_recognised,
            Rating::NotDiscussed => &mut self.not_discussed,
        }
    }

    /// Respondents who took a position; `not_discussed` is left out.
    pub fn n(&self) -> u32 {
        self.recognised + self.partly + self.not_recognised
    }
}

impl FromIterator<Rating> for Counts {
    fn from_iter<I: IntoIterator<Item = Rating>>(iter: I) -> Self {
        let mut counts = Counts::default();
        iter.into_iter().for_each(|r| counts.add(r));
        counts
    }
}
