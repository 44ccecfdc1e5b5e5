//! The demo interviews' answers and fields, drawn from a fixed seed: the same codebook gives the
//! same demo on every machine and every run. Pure: nothing here touches the database.
//!
//! Each item gets a profile first — most are recognised nearly everywhere, a minority lean to
//! partly or not recognised, and a few were hardly ever discussed — so the dashboard shows
//! every verdict (good, partial, insufficient and, with n < 3, insufficient data).

use std::collections::HashMap;

use serde_json::{Value, json};

use app::domain::codebook::NodeKind;
use app::domain::interview_fields::EducationLevel;
use app::domain::rating::Rating;
use app::features::codebooks::dto::NodeView;

use super::content::{self, Focus, Meta};
use super::prng::Prng;

const SEED: u64 = 0x00A4_5E1D_DE30_2026;

/// The codebook as the demo needs it: per qualification its roles, per role its items.
#[derive(Debug, Default)]
pub struct Tree {
    pub qualifications: Vec<Vec<Role>>,
}

#[derive(Debug)]
pub struct Role {
    pub id: String,
    pub items: Vec<String>,
}

impl Tree {
    /// From the codebook's nodes in display order (each node after its parent).
    pub fn of(nodes: &[NodeView]) -> Tree {
        let mut tree = Tree::default();
        // Where each role sits, and which role a section belongs to.
        let mut roles: HashMap<&str, (usize, usize)> = HashMap::new();
        let mut sections: HashMap<&str, (usize, usize)> = HashMap::new();
        let mut qualifications: HashMap<&str, usize> = HashMap::new();
        for n in nodes {
            let parent = n.parent_id.as_deref().unwrap_or_default();
            match n.kind {
                NodeKind::Qualification => {
                    qualifications.insert(&n.id, tree.qualifications.len());
                    tree.qualifications.push(Vec::new());
                }
                NodeKind::Role => {
                    if let Some(&q) = qualifications.get(parent) {
                        let roles_of_q = &mut tree.qualifications[q];
                        roles.insert(&n.id, (q, roles_of_q.len()));
                        roles_of_q.push(Role {
                            id: n.id.clone(),
                            items: Vec::new(),
                        });
                    }
                }
                NodeKind::Section => {
                    if let Some(&at) = roles.get(parent).or_else(|| sections.get(parent)) {
                        sections.insert(&n.id, at);
                    }
                }
                NodeKind::Item => {
                    if let Some(&(q, r)) = sections.get(parent).or_else(|| roles.get(parent)) {
                        tree.qualifications[q][r].items.push(n.id.clone());
                    }
                }
            }
        }
        tree
    }

    fn items(&self) -> impl Iterator<Item = &String> {
        self.qualifications
            .iter()
            .flatten()
            .flat_map(|r| r.items.iter())
    }
}

/// How an item tends to be rated across the interviews.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Profile {
    Fits,
    Mixed,
    Misfit,
    /// Rarely discussed: too few ratings for a verdict.
    Rare,
}

impl Profile {
    /// Weights of recognised, partly, not recognised, not discussed.
    fn weights(self) -> [u32; 4] {
        match self {
            Profile::Fits => [84, 9, 2, 5],
            Profile::Mixed => [40, 34, 16, 10],
            Profile::Misfit => [14, 26, 50, 10],
            Profile::Rare => [20, 10, 5, 65],
        }
    }

    /// The chance in 100 that an interview left the item without a rating at all.
    fn skipped(self) -> usize {
        match self {
            Profile::Rare => 50,
            _ => 4,
        }
    }
}

const RATINGS: [Rating; 4] = [
    Rating::Recognised,
    Rating::Partly,
    Rating::NotRecognised,
    Rating::NotDiscussed,
];

/// Exact shares rather than a draw per item, so that every profile occurs whatever the seed:
/// 8 % rare, 6 % misfit, 14 % mixed, the rest fits.
fn profiles(tree: &Tree) -> HashMap<&str, Profile> {
    let items: Vec<&String> = tree.items().collect();
    let share = |percent: usize| (items.len() * percent).div_ceil(100);
    let mut all = Vec::with_capacity(items.len());
    all.extend(std::iter::repeat_n(Profile::Rare, share(8)));
    all.extend(std::iter::repeat_n(Profile::Misfit, share(6)));
    all.extend(std::iter::repeat_n(Profile::Mixed, share(14)));
    all.resize(items.len().max(all.len()), Profile::Fits);
    Prng::new(SEED).shuffle(&mut all);
    items.into_iter().map(String::as_str).zip(all).collect()
}

#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    pub item_id: String,
    pub rating: Rating,
    pub note: Option<&'static str>,
    pub quote: Option<&'static str>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Planned {
    pub meta: &'static Meta,
    pub answers: Vec<Answer>,
    /// (field key, value as the API takes it)
    pub fields: Vec<(String, Value)>,
}

/// The twelve interviews of [`content::INTERVIEWS`] with their answers and fields.
pub fn interviews(tree: &Tree) -> Vec<Planned> {
    let profiles = profiles(tree);
    content::INTERVIEWS
        .iter()
        .enumerate()
        .map(|(i, meta)| {
            let mut rng = Prng::new(SEED ^ (i as u64 + 1).wrapping_mul(0x2545_F491_4F6C_DD1D));
            Planned {
                meta,
                answers: answers(tree, &profiles, meta.focus, &mut rng),
                fields: fields(tree, meta.focus, &mut rng),
            }
        })
        .collect()
}

fn answers(
    tree: &Tree,
    profiles: &HashMap<&str, Profile>,
    focus: Focus,
    rng: &mut Prng,
) -> Vec<Answer> {
    let mut out = Vec::new();
    for (q, roles) in tree.qualifications.iter().enumerate() {
        if !focus.covers(q) {
            continue;
        }
        for item in roles.iter().flat_map(|r| r.items.iter()) {
            let profile = profiles
                .get(item.as_str())
                .copied()
                .unwrap_or(Profile::Fits);
            if rng.chance(profile.skipped()) {
                continue;
            }
            let rating = RATINGS[rng.weighted(&profile.weights())];
            out.push(Answer {
                item_id: item.clone(),
                rating,
                note: note(rating, rng),
                quote: quote(rating, rng),
            });
        }
    }
    out
}

/// Notes mostly where an item was not simply recognised: that is where interviewers write.
fn note(rating: Rating, rng: &mut Prng) -> Option<&'static str> {
    let (percent, notes): (usize, &[&'static str]) = match rating {
        Rating::Recognised => (4, &content::NOTES_RECOGNISED),
        Rating::Partly => (30, &content::NOTES_PARTLY),
        Rating::NotRecognised => (45, &content::NOTES_NOT_RECOGNISED),
        Rating::NotDiscussed => (10, &content::NOTES_NOT_DISCUSSED),
    };
    rng.chance(percent)
        .then(|| rng.pick(notes).copied())
        .flatten()
}

fn quote(rating: Rating, rng: &mut Prng) -> Option<&'static str> {
    let quotes: &[&'static str] = match rating {
        Rating::Recognised => &content::QUOTES_POSITIVE,
        Rating::Partly | Rating::NotRecognised => &content::QUOTES_CRITICAL,
        Rating::NotDiscussed => return None,
    };
    rng.chance(3).then(|| rng.pick(quotes).copied()).flatten()
}

fn fields(tree: &Tree, focus: Focus, rng: &mut Prng) -> Vec<(String, Value)> {
    let mut out = Vec::new();
    for trend in &content::TRENDS {
        if !rng.chance(90) {
            continue;
        }
        let impact = content::IMPACTS[rng.weighted(&trend.weights)];
        let mut value = json!({"impact": impact.code()});
        if rng.chance(25) {
            value["note"] = json!(rng.pick(&trend.notes));
        }
        out.push((format!("trend:{}", trend.key), value));
    }
    for (q, roles) in tree.qualifications.iter().enumerate() {
        if !focus.covers(q) {
            continue;
        }
        for role in roles {
            if rng.chance(50) {
                let k = 1 + rng.below(3);
                let tags = rng.some(&content::ASPECTS, k);
                out.push((format!("aspects:{}", role.id), json!(tags)));
            }
        }
    }
    let mut titles: Vec<&str> = Vec::new();
    let mut now = Vec::new();
    let mut later = Vec::new();
    for (covered, names, education) in [
        (
            focus.covers(0),
            &content::JOB_TITLES_FIRST,
            &content::EDUCATION_FIRST,
        ),
        (
            focus.covers(1),
            &content::JOB_TITLES_SECOND,
            &content::EDUCATION_SECOND,
        ),
    ] {
        if covered {
            let k = 1 + rng.below(2);
            titles.extend(rng.some(names, k).into_iter().copied());
            if let Some((n, l)) = rng.pick(education) {
                now.extend_from_slice(n);
                later.extend_from_slice(l);
            }
        }
    }
    out.push(("job_titles".into(), json!(titles)));
    if rng.chance(70) {
        let k = 1 + rng.below(2);
        out.push((
            "related_occupations".into(),
            json!(rng.some(&content::RELATED_OCCUPATIONS, k)),
        ));
    }
    if rng.chance(85) {
        out.push(("education_now".into(), levels(now)));
        out.push(("education_in_5_years".into(), levels(later)));
    }
    out
}

fn levels(mut levels: Vec<EducationLevel>) -> Value {
    levels.sort();
    levels.dedup();
    json!(levels.iter().map(|l| l.code()).collect::<Vec<_>>())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree() -> Tree {
        let role = |q: usize, r: usize, n: usize| Role {
            id: format!("role-{q}-{r}"),
            items: (0..n).map(|i| format!("item-{q}-{r}-{i}")).collect(),
        };
        Tree {
            qualifications: vec![
                vec![role(0, 0, 30), role(0, 1, 25)],
                vec![role(1, 0, 28), role(1, 1, 20)],
            ],
        }
    }

    #[test]
    fn the_same_tree_gives_the_same_demo() {
        assert_eq!(interviews(&tree()), interviews(&tree()));
    }

    #[test]
    fn every_profile_occurs() {
        let t = tree();
        let p = profiles(&t);
        for profile in [
            Profile::Fits,
            Profile::Mixed,
            Profile::Misfit,
            Profile::Rare,
        ] {
            assert!(p.values().any(|x| *x == profile), "{profile:?}");
        }
        assert_eq!(p.len(), t.items().count());
    }

    #[test]
    fn an_interview_rates_only_the_qualifications_it_went_through() {
        for planned in interviews(&tree()) {
            let qualifications: std::collections::BTreeSet<&str> = planned
                .answers
                .iter()
                .filter_map(|a| a.item_id.split('-').nth(1))
                .collect();
            let expected: Vec<&str> = match planned.meta.focus {
                Focus::Both => vec!["0", "1"],
                Focus::First => vec!["0"],
                Focus::Second => vec!["1"],
            };
            assert_eq!(
                qualifications.into_iter().collect::<Vec<_>>(),
                expected,
                "{}",
                planned.meta.organisation
            );
        }
    }
}
