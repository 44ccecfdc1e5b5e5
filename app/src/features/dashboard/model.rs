//! The dashboard's pure parts, tested natively: the codebook as qualification → role → section
//! → item, the threshold preview, the coverage rows against table 1 of the report, and the
//! filters as they stand in the page's address.

use serde::{Deserialize, Serialize};

use super::dto::{AggregateQuery, SectionCoverage};
use crate::domain::codebook::{NodeKind, SectionKind};
use crate::domain::rating::Counts;
use crate::domain::reference::{TRAINING_COMPANIES, TrainingCompanyShare, sbi_section};
use crate::domain::tally::Source;
use crate::domain::verdict::{Thresholds, Verdict, evaluate};
use crate::features::codebooks::dto::NodeView;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    pub id: String,
    pub number: Option<String>,
    pub label: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Section {
    pub id: String,
    pub kind: Option<SectionKind>,
    pub label: String,
    pub items: Vec<Item>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Role {
    pub id: String,
    pub number: Option<String>,
    pub label: String,
    pub sections: Vec<Section>,
}

impl Role {
    pub fn items(&self) -> impl Iterator<Item = (&Section, &Item)> {
        self.sections
            .iter()
            .flat_map(|s| s.items.iter().map(move |i| (s, i)))
    }

    /// `Rol 2 Commercieel administratief medewerker` without the word: `2 Commercieel …`.
    pub fn title(&self) -> String {
        match &self.number {
            Some(n) => format!("{n}. {}", self.label),
            None => self.label.clone(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Qualification {
    pub id: String,
    pub label: String,
    pub roles: Vec<Role>,
}

impl Qualification {
    pub fn items(&self) -> impl Iterator<Item = &Item> {
        self.roles.iter().flat_map(|r| r.items().map(|(_, i)| i))
    }
}

/// The bcp as the dashboard's tables show it, in the codebook's display order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outline {
    pub qualifications: Vec<Qualification>,
}

impl Outline {
    /// From the codebook's nodes (each before its children). A node whose parent is not of the
    /// kind above it is left out: the import has already refused such trees.
    pub fn of(nodes: &[NodeView]) -> Outline {
        let mut out = Outline::default();
        for n in nodes {
            let parent = n.parent_id.as_deref();
            match n.kind {
                NodeKind::Qualification => out.qualifications.push(Qualification {
                    id: n.id.clone(),
                    label: n.label.clone(),
                    roles: Vec::new(),
                }),
                NodeKind::Role => {
                    if let Some(q) = out.qualification_mut(parent) {
                        q.roles.push(Role {
                            id: n.id.clone(),
                            number: n.number.clone(),
                            label: n.label.clone(),
                            sections: Vec::new(),
                        });
                    }
                }
                NodeKind::Section => {
                    if let Some(r) = out.role_mut(parent) {
                        r.sections.push(Section {
                            id: n.id.clone(),
                            kind: n.section_kind,
                            label: n.label.clone(),
                            items: Vec::new(),
                        });
                    }
                }
                NodeKind::Item => {
                    if let Some(s) = out.section_mut(parent) {
                        s.items.push(Item {
                            id: n.id.clone(),
                            number: n.number.clone(),
                            label: n.label.clone(),
                        });
                    }
                }
            }
        }
        out
    }

    // The parent is nearly always the last one added (pre-order), so search from the end.
    fn qualification_mut(&mut self, id: Option<&str>) -> Option<&mut Qualification> {
        let id = id?;
        self.qualifications.iter_mut().rev().find(|q| q.id == id)
    }

    fn role_mut(&mut self, id: Option<&str>) -> Option<&mut Role> {
        let id = id?;
        self.qualifications
            .iter_mut()
            .rev()
            .flat_map(|q| q.roles.iter_mut().rev())
            .find(|r| r.id == id)
    }

    fn section_mut(&mut self, id: Option<&str>) -> Option<&mut Section> {
        let id = id?;
        self.qualifications
            .iter_mut()
            .rev()
            .flat_map(|q| q.roles.iter_mut().rev())
            .flat_map(|r| r.sections.iter_mut().rev())
            .find(|s| s.id == id)
    }

    /// The qualifications a filter lists: one, or all when none (or an unknown one) is chosen.
    pub fn listed(&self, qualification: Option<&str>) -> Vec<Qualification> {
        let chosen: Vec<Qualification> = self
            .qualifications
            .iter()
            .filter(|q| qualification.is_none_or(|id| q.id == id))
            .cloned()
            .collect();
        if chosen.is_empty() {
            self.qualifications.clone()
        } else {
            chosen
        }
    }
}

/// How many verdicts new thresholds would change, and from what to what.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Preview {
    pub changed: u32,
    /// `(from, to, how many)`, in the verdicts' order.
    pub moves: Vec<(Verdict, Verdict, u32)>,
}

const VERDICT_ORDER: [Verdict; 4] = [
    Verdict::Good,
    Verdict::Partial,
    Verdict::Insufficient,
    Verdict::InsufficientData,
];

fn rank(v: Verdict) -> usize {
    VERDICT_ORDER.iter().position(|x| *x == v).unwrap_or(0)
}

/// The verdict rule over every item's counts under `now` and under `next`: the same engine the
/// server runs, so what the preview says is what saving does.
pub fn preview<'a>(
    counts: impl IntoIterator<Item = &'a Counts>,
    now: &Thresholds,
    next: &Thresholds,
) -> Preview {
    let mut grid = [[0u32; 4]; 4];
    for c in counts {
        let (a, b) = (evaluate(c, now).verdict, evaluate(c, next).verdict);
        if a != b {
            grid[rank(a)][rank(b)] += 1;
        }
    }
    let mut p = Preview::default();
    for (i, from) in VERDICT_ORDER.iter().enumerate() {
        for (j, to) in VERDICT_ORDER.iter().enumerate() {
            if grid[i][j] > 0 {
                p.changed += grid[i][j];
                p.moves.push((*from, *to, grid[i][j]));
            }
        }
    }
    p
}

/// A column of table 1: the share of active training companies per SBI section for one
/// qualification.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Reference {
    CommercieelMedewerker,
    JuniorAccountmanager,
}

impl Reference {
    pub const ALL: [Reference; 2] = [
        Reference::CommercieelMedewerker,
        Reference::JuniorAccountmanager,
    ];

    /// The qualification's name as the report (and the built-in codebook) writes it.
    pub fn qualification(self) -> &'static str {
        match self {
            Reference::CommercieelMedewerker => "Commercieel medewerker",
            Reference::JuniorAccountmanager => "(Junior) accountmanager",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Reference::CommercieelMedewerker => "commercieel_medewerker",
            Reference::JuniorAccountmanager => "junior_accountmanager",
        }
    }

    fn pct(self, row: &TrainingCompanyShare) -> Option<f64> {
        match self {
            Reference::CommercieelMedewerker => row.commercieel_medewerker_pct,
            Reference::JuniorAccountmanager => row.junior_accountmanager_pct,
        }
    }

    /// The column of a qualification, by its name; none for a codebook the report did not cover.
    pub fn of_qualification(label: &str) -> Option<Reference> {
        let l = label.to_lowercase();
        if l.contains("accountmanager") {
            Some(Reference::JuniorAccountmanager)
        } else if l.contains("commercieel medewerker") {
            Some(Reference::CommercieelMedewerker)
        } else {
            None
        }
    }
}

/// One SBI section's interviews beside its share of training companies.
#[derive(Debug, Clone, PartialEq)]
pub struct CoverageRow {
    pub sbi_section: String,
    pub interviews: u32,
    /// Of all interviews the filter admits, 0–1.
    pub share: f64,
    /// Per reference column asked for: the share of training companies, 0–1 (none when the
    /// report has no figure), and the interviews that share would mean at the current total.
    pub references: Vec<(Reference, Option<f64>, Option<f64>)>,
}

impl CoverageRow {
    /// Fewer interviews than the reference share would give at the current total (rounded),
    /// in every reference column shown.
    pub fn short(&self) -> bool {
        let expected: Vec<f64> = self.references.iter().filter_map(|r| r.2).collect();
        !expected.is_empty()
            && expected
                .iter()
                .all(|e| f64::from(self.interviews) < e.round())
    }
}

/// The sections of table 1 in the report's order (largest share first), then any other section
/// that has interviews. The report's "Onbekend" row has no section and is left out.
pub fn coverage_rows(coverage: &[SectionCoverage], references: &[Reference]) -> Vec<CoverageRow> {
    let total: u32 = coverage.iter().map(|c| c.respondents).sum();
    let interviews = |code: &str| {
        coverage
            .iter()
            .filter(|c| c.sbi_section.eq_ignore_ascii_case(code))
            .map(|c| c.respondents)
            .sum::<u32>()
    };
    let row = |code: &str, table: Option<&TrainingCompanyShare>| {
        let n = interviews(code);
        CoverageRow {
            sbi_section: code.to_string(),
            interviews: n,
            share: if total == 0 {
                0.0
            } else {
                f64::from(n) / f64::from(total)
            },
            references: references
                .iter()
                .map(|r| {
                    let share = table.and_then(|t| r.pct(t)).map(|p| p / 100.0);
                    (*r, share, share.map(|s| s * f64::from(total)))
                })
                .collect(),
        }
    };
    let mut rows: Vec<CoverageRow> = TRAINING_COMPANIES
        .rows
        .iter()
        .filter_map(|t| t.sbi_section.as_deref().map(|code| row(code, Some(t))))
        .collect();
    let mut others: Vec<&str> = coverage
        .iter()
        .filter(|c| c.respondents > 0)
        .map(|c| c.sbi_section.as_str())
        .filter(|code| {
            !rows
                .iter()
                .any(|r| r.sbi_section.eq_ignore_ascii_case(code))
        })
        .collect();
    others.sort_unstable();
    others.dedup();
    rows.extend(others.into_iter().map(|code| row(code, None)));
    rows
}

/// The filters as read from the page's address. What is not a valid value is left out, so a
/// mistyped link shows everything rather than an error.
pub fn query_from_params(get: impl Fn(&str) -> Option<String>) -> AggregateQuery {
    let text = |key: &str| {
        get(key)
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
    };
    let date = |key: &str| text(key).filter(|d| is_iso_date(d));
    AggregateQuery {
        source: text("source").and_then(|s| Source::from_code(&s)),
        sbi_section: text("sbi_section").and_then(|s| sbi_section(&s).map(|sec| sec.code.clone())),
        qualification: text("qualification"),
        interviewer: text("interviewer"),
        from: date("from"),
        to: date("to"),
    }
}

fn is_iso_date(d: &str) -> bool {
    let b = d.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

/// `?source=interview&sbi_section=G`: the address of a filtered view, to share; empty without
/// filters. Only ids, codes and dates go in, so nothing needs escaping beyond what is checked.
pub fn query_string(q: &AggregateQuery) -> String {
    let pairs: Vec<String> = [
        ("source", q.source.map(|s| s.code().to_string())),
        ("sbi_section", q.sbi_section.clone()),
        ("qualification", q.qualification.clone()),
        ("interviewer", q.interviewer.clone()),
        ("from", q.from.clone()),
        ("to", q.to.clone()),
    ]
    .into_iter()
    .filter_map(|(k, v)| v.map(|v| format!("{k}={}", escape(&v))))
    .collect();
    if pairs.is_empty() {
        String::new()
    } else {
        format!("?{}", pairs.join("&"))
    }
}

/// Percent-encodes what is not unreserved in a URL (RFC 3986).
fn escape(v: &str) -> String {
    v.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Whether the filter selects respondents: then a live answer (whose counts are over everyone)
/// cannot be applied as it is, and the page asks the server again. A qualification only picks
/// which items are listed.
pub fn selects_respondents(q: &AggregateQuery) -> bool {
    !q.filter().is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(id: &str, parent: Option<&str>, kind: NodeKind, label: &str) -> NodeView {
        NodeView {
            id: id.into(),
            guid: id.into(),
            parent_id: parent.map(Into::into),
            kind,
            section_kind: (kind == NodeKind::Section).then_some(SectionKind::Tasks),
            number: None,
            label: label.into(),
            text: None,
            color: None,
        }
    }

    fn c(r: u32, p: u32, nr: u32) -> Counts {
        Counts {
            recognised: r,
            partly: p,
            not_recognised: nr,
            not_discussed: 0,
        }
    }

    #[test]
    fn the_outline_follows_the_tree_in_display_order() {
        use NodeKind::*;
        let nodes = [
            node("q1", None, Qualification, "Commercieel medewerker"),
            node("r1", Some("q1"), Role, "Verkoop"),
            node("s1", Some("r1"), Section, "Werkzaamheden"),
            node("i1", Some("s1"), Item, "Een"),
            node("i2", Some("s1"), Item, "Twee"),
            node("r2", Some("q1"), Role, "Webshop"),
            node("s2", Some("r2"), Section, "Werkzaamheden"),
            node("i3", Some("s2"), Item, "Drie"),
            node("q2", None, Qualification, "(Junior) accountmanager"),
            node("r3", Some("q2"), Role, "Account"),
            node("s3", Some("r3"), Section, "Werkzaamheden"),
            node("i4", Some("s3"), Item, "Vier"),
            node("stray", Some("nowhere"), Item, "Weg"),
        ];
        let o = Outline::of(&nodes);
        let ids: Vec<Vec<&str>> = o
            .qualifications
            .iter()
            .map(|q| q.items().map(|i| i.id.as_str()).collect())
            .collect();
        assert_eq!(ids, vec![vec!["i1", "i2", "i3"], vec!["i4"]]);
        assert_eq!(o.listed(Some("q2")).len(), 1);
        assert_eq!(o.listed(Some("q2"))[0].label, "(Junior) accountmanager");
        assert_eq!(o.listed(None).len(), 2);
        assert_eq!(o.listed(Some("unknown")).len(), 2);
    }

    #[test]
    fn the_preview_counts_each_verdict_that_moves() {
        let now = Thresholds::default();
        // 0.75 good now; 0.60 partial now; n=2 no data now.
        let counts = [c(3, 0, 1), c(3, 0, 2), c(2, 0, 0), c(10, 0, 0)];
        let stricter = Thresholds {
            good_min: 0.8,
            partial_min: 0.65,
            min_n: 2,
        };
        let p = preview(&counts, &now, &stricter);
        assert_eq!(p.changed, 3);
        assert_eq!(
            p.moves,
            vec![
                (Verdict::Good, Verdict::Partial, 1),
                (Verdict::Partial, Verdict::Insufficient, 1),
                (Verdict::InsufficientData, Verdict::Good, 1),
            ]
        );
        assert_eq!(preview(&counts, &now, &now), Preview::default());
    }

    #[test]
    fn coverage_sets_interviews_beside_table_1() {
        let coverage = vec![
            SectionCoverage {
                sbi_section: "G".into(),
                respondents: 3,
            },
            SectionCoverage {
                sbi_section: "U".into(),
                respondents: 1,
            },
        ];
        let rows = coverage_rows(&coverage, &[Reference::CommercieelMedewerker]);
        let g = &rows[0];
        assert_eq!((g.sbi_section.as_str(), g.interviews), ("G", 3));
        assert!((g.share - 0.75).abs() < 1e-9);
        let (r, share, expected) = g.references[0];
        assert_eq!(r, Reference::CommercieelMedewerker);
        assert!((share.unwrap() - 0.4679).abs() < 1e-9);
        assert!((expected.unwrap() - 4.0 * 0.4679).abs() < 1e-9);
        assert!(!g.short());
        // N has 9.75 % of the companies: 0.39 interviews of 4, rounded 0: not short.
        let n = rows.iter().find(|r| r.sbi_section == "N").unwrap();
        assert_eq!(n.interviews, 0);
        assert!(!n.short());
        // A section the report does not list comes last, without a reference.
        let last = rows.last().unwrap();
        assert_eq!(last.sbi_section, "U");
        assert_eq!(last.references[0].1, None);
        assert!(!last.short());
    }

    #[test]
    fn a_section_is_short_when_it_has_fewer_than_its_share() {
        let coverage: Vec<SectionCoverage> = ["N"; 10]
            .iter()
            .map(|s| SectionCoverage {
                sbi_section: s.to_string(),
                respondents: 1,
            })
            .collect();
        let rows = coverage_rows(&coverage, &Reference::ALL);
        let g = rows.iter().find(|r| r.sbi_section == "G").unwrap();
        assert_eq!(g.interviews, 0);
        assert!(
            g.short(),
            "G has about 45 % of the companies and no interview"
        );
        assert_eq!(
            rows.iter()
                .find(|r| r.sbi_section == "N")
                .unwrap()
                .interviews,
            10
        );
    }

    #[test]
    fn qualifications_find_their_column_of_table_1() {
        assert_eq!(
            Reference::of_qualification("Commercieel medewerker"),
            Some(Reference::CommercieelMedewerker)
        );
        assert_eq!(
            Reference::of_qualification("(Junior) accountmanager"),
            Some(Reference::JuniorAccountmanager)
        );
        assert_eq!(Reference::of_qualification("Kapper"), None);
    }

    #[test]
    fn filters_round_trip_through_the_address() {
        let q = AggregateQuery {
            source: Some(Source::Interview),
            sbi_section: Some("G".into()),
            qualification: Some("7c840a43-cec4-59ab-9844-dc4ae1a6d2d3".into()),
            interviewer: None,
            from: Some("2026-01-01".into()),
            to: Some("2026-12-31".into()),
        };
        let s = query_string(&q);
        assert_eq!(
            s,
            "?source=interview&sbi_section=G&qualification=7c840a43-cec4-59ab-9844-dc4ae1a6d2d3&from=2026-01-01&to=2026-12-31"
        );
        let pairs: Vec<(String, String)> = s[1..]
            .split('&')
            .filter_map(|p| p.split_once('='))
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let back = query_from_params(|k| {
            pairs
                .iter()
                .find(|(key, _)| key == k)
                .map(|(_, v)| v.clone())
        });
        assert_eq!(back, q);
        assert_eq!(query_string(&AggregateQuery::default()), "");
        assert_eq!(escape("a b&c"), "a%20b%26c");
    }

    #[test]
    fn bad_filter_values_are_left_out() {
        let q = query_from_params(|k| match k {
            "source" => Some("telepathy".into()),
            "sbi_section" => Some("g".into()),
            "from" => Some("yesterday".into()),
            "to" => Some(" ".into()),
            _ => None,
        });
        assert_eq!(
            q,
            AggregateQuery {
                sbi_section: Some("G".into()),
                ..AggregateQuery::default()
            }
        );
        assert!(selects_respondents(&q));
        assert!(!selects_respondents(&AggregateQuery {
            qualification: Some("q".into()),
            ..AggregateQuery::default()
        }));
    }
}
