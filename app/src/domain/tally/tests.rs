use proptest::prelude::*;

use super::*;

fn respondent(id: &str, source: Source, sbi: &str, date: &str) -> Respondent {
    Respondent {
        id: id.into(),
        source,
        sbi_section: Some(sbi.into()),
        collected_by: Some(format!("u-{sbi}")),
        date: Some(date.into()),
    }
}

#[test]
fn a_changed_answer_moves_one_count() {
    let mut t = Tally::new(Filter::default());
    t.upsert_respondent(respondent("a", Source::Interview, "G", "2026-11-01"));
    let c = t.set("a", "i1", Some(Rating::Recognised));
    assert_eq!(c.map(|c| c.counts.recognised), Some(1));
    let c = t.set("a", "i1", Some(Rating::Partly)).map(|c| c.counts);
    assert_eq!(c.map(|c| (c.recognised, c.partly)), Some((0, 1)));
    assert_eq!(t.set("a", "i1", Some(Rating::Partly)), None, "no change");
    assert!(t.set("a", "i1", None).is_some());
    assert_eq!(
        t.items().count(),
        0,
        "a withdrawn last answer leaves no item behind"
    );
}

#[test]
fn answers_of_an_unknown_respondent_wait_for_their_facts() {
    let mut t = Tally::new(Filter::default());
    assert_eq!(t.set("a", "i1", Some(Rating::Recognised)), None);
    assert_eq!(t.counts("i1").n(), 0);
    assert_eq!(
        t.upsert_respondent(respondent("a", Source::Interview, "G", "2026-11-01")),
        vec!["i1".to_string()]
    );
    assert_eq!(t.counts("i1").recognised, 1);
}

#[test]
fn filters_admit_by_source_section_collector_and_dates() {
    let r = respondent("a", Source::Interview, "G", "2026-11-10");
    let admits = |f: Filter| f.admits(&r);
    assert!(admits(Filter::default()));
    assert!(admits(Filter {
        source: Some(Source::Interview),
        sbi_section: Some("G".into()),
        collected_by: Some("u-G".into()),
        from: Some("2026-11-10".into()),
        to: Some("2026-11-10".into()),
    }));
    assert!(!admits(Filter {
        source: Some(Source::Workshop),
        ..Filter::default()
    }));
    assert!(!admits(Filter {
        sbi_section: Some("C".into()),
        ..Filter::default()
    }));
    assert!(!admits(Filter {
        from: Some("2026-11-11".into()),
        ..Filter::default()
    }));
    assert!(!admits(Filter {
        to: Some("2026-11-09".into()),
        ..Filter::default()
    }));
    let undated = Respondent { date: None, ..r };
    assert!(
        !Filter {
            from: Some("2000-01-01".into()),
            ..Filter::default()
        }
        .admits(&undated)
    );
}

#[test]
fn a_respondent_moved_out_of_the_filter_takes_their_answers_along() {
    let filter = Filter {
        sbi_section: Some("G".into()),
        ..Filter::default()
    };
    let mut t = Tally::new(filter);
    t.upsert_respondent(respondent("a", Source::Interview, "G", "2026-11-01"));
    t.set("a", "i1", Some(Rating::NotRecognised));
    t.set("a", "i2", Some(Rating::NotDiscussed));
    assert_eq!(t.counts("i1").not_recognised, 1);
    let moved = t.upsert_respondent(respondent("a", Source::Interview, "C", "2026-11-01"));
    assert_eq!(moved.len(), 2);
    assert_eq!(t.items().count(), 0);
    assert_eq!(t.admitted_respondents(), 0);
}

#[derive(Debug, Clone)]
enum Change {
    Answer(usize, usize, Option<Rating>),
    Facts(usize, Source, usize, usize),
}

fn rating() -> impl Strategy<Value = Option<Rating>> {
    prop_oneof![
        Just(None),
        proptest::sample::select(Rating::ALL.to_vec()).prop_map(Some),
    ]
}

fn change() -> impl Strategy<Value = Change> {
    prop_oneof![
        4 => (0..6usize, 0..8usize, rating()).prop_map(|(r, i, x)| Change::Answer(r, i, x)),
        1 => (0..6usize, proptest::sample::select(Source::ALL.to_vec()), 0..3usize, 0..4usize)
            .prop_map(|(r, s, sbi, d)| Change::Facts(r, s, sbi, d)),
    ]
}

fn filter() -> impl Strategy<Value = Filter> {
    let sbi = proptest::option::of(proptest::sample::select(vec!["A", "B", "C"]));
    let source = proptest::option::of(proptest::sample::select(Source::ALL.to_vec()));
    let day = || proptest::option::of(0..4usize);
    (source, sbi, day(), day()).prop_map(|(source, sbi, from, to)| Filter {
        source,
        sbi_section: sbi.map(String::from),
        collected_by: None,
        from: from.map(date),
        to: to.map(date),
    })
}

fn date(d: usize) -> String {
    format!("2026-11-0{}", d + 1)
}

proptest! {
    /// The heart of the live views: after any sequence of changes, the counts kept up to date
    /// one change at a time equal a recompute from the final answers.
    #[test]
    fn incremental_counts_equal_a_full_recompute(
        filter in filter(),
        changes in proptest::collection::vec(change(), 0..200),
    ) {
        let mut live = Tally::new(filter.clone());
        for change in &changes {
            match change {
                Change::Answer(r, i, rating) => {
                    let item = format!("i{i}");
                    let before = live.counts(&item);
                    let changed = live.set(&format!("r{r}"), &item, *rating);
                    let after = live.counts(&item);
                    // What `set` reports is exactly what changed.
                    prop_assert_eq!(changed.map(|c| c.counts), (before != after).then_some(after));
                }
                Change::Facts(r, source, sbi, d) => {
                    let sbi = ["A", "B", "C"][*sbi];
                    live.upsert_respondent(respondent(&format!("r{r}"), *source, sbi, &date(*d)));
                }
            }
        }
        let respondents: Vec<Respondent> = live.respondents().cloned().collect();
        let answers: Vec<(String, String, Rating)> = live
            .answers()
            .map(|(r, i, x)| (r.to_string(), i.to_string(), x))
            .collect();
        let full = Tally::build(
            filter,
            respondents,
            answers.iter().map(|(r, i, x)| (r.as_str(), i.as_str(), *x)),
        );
        prop_assert_eq!(&live.counts, &full.counts);
        prop_assert!(live.counts.values().all(|c| *c != Counts::default()));
    }
}
