//! The built-in SBB Commercie codebook against the report it was transcribed from
//! (`shared/seed/`, beside the repository): counts, order, and the item texts themselves.

use app::domain::codebook::{CodebookDoc, NodeKind, SectionKind, TreeNode};

const BUILTIN: &str = include_str!("../../migrations/data/sbb-commercie-2021.codebook.json");

/// The evident typos corrected in the transcription (migrations/data/CORRECTIONS.md): corrected → printed.
const CORRECTIONS: [(&str, &str); 6] = [
    ("Beïnvloeden", "Beinvloeden"),
    (
        "accountmanagers uit te zoeken",
        "accountmanager s uit te zoeken",
    ),
    (
        "Kan (eenvoudige) berichten opstellen",
        "Kennis (eenvoudige) berichten opstellen",
    ),
    ("Klantgericht handelen", "Kantgericht handelen"),
    ("formule/waardecreatie", "formule/waarde creatie"),
    ("-potentieel, -aandeel", "-potentieel, - aandeel"),
];

fn doc() -> CodebookDoc {
    serde_json::from_str(BUILTIN).expect("the built-in codebook parses")
}

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn report() -> Option<String> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../shared/seed/beroepenonderzoek-commercie-2021.txt"
    );
    match std::fs::read_to_string(path) {
        Ok(text) => Some(squeeze(&text)),
        Err(e) if std::env::var("CI").is_ok_and(|v| v == "true" || v == "1") => {
            panic!("report missing at {path}: {e}")
        }
        Err(e) => {
            eprintln!("\n!!! SKIPPED: the report is not at {path} ({e}) !!!\n");
            None
        }
    }
}

/// The item as printed in the report (typo corrections undone), whitespace removed.
fn as_printed(label: &str) -> String {
    let mut s = label.to_string();
    for (corrected, printed) in CORRECTIONS {
        if s.contains(corrected) && !(corrected == "Beïnvloeden" && !s.starts_with("Beïnvloeden"))
        {
            s = s.replacen(corrected, printed, 1);
        }
    }
    squeeze(&s)
}

fn sections(doc: &CodebookDoc) -> Vec<(String, &TreeNode)> {
    let mut out = Vec::new();
    for q in &doc.nodes {
        for r in &q.children {
            for s in &r.children {
                out.push((format!("{} / {} / {}", q.label, r.label, s.label), s));
            }
        }
    }
    out
}

#[test]
fn counts_are_exactly_those_of_the_report() {
    let doc = doc();
    assert_eq!(doc.validate(), Ok(()));
    let c = doc.counts();
    assert_eq!((c.qualifications, c.roles, c.sections), (2, 7, 28));
    assert_eq!(
        (
            c.description_items,
            c.task_items,
            c.competency_items,
            c.knowledge_skill_items,
            c.items
        ),
        (7, 31, 44, 111, 193)
    );
    let quals: Vec<(&str, usize)> = doc
        .nodes
        .iter()
        .map(|q| (q.label.as_str(), q.children.len()))
        .collect();
    assert_eq!(
        quals,
        [
            ("Commercieel medewerker", 4),
            ("(Junior) accountmanager", 3)
        ]
    );
    for (_, s) in sections(&doc) {
        assert!(s.children.iter().all(|i| i.kind == NodeKind::Item));
    }
}

#[test]
fn every_role_has_the_four_sections_in_bcp_order_and_numbered_items() {
    let doc = doc();
    for r in doc.nodes.iter().flat_map(|q| &q.children) {
        let kinds: Vec<Option<SectionKind>> = r.children.iter().map(|s| s.section_kind).collect();
        assert_eq!(kinds, SectionKind::ALL.map(Some), "{}", r.label);
        for s in r
            .children
            .iter()
            .filter(|s| s.section_kind != Some(SectionKind::Description))
        {
            let numbers: Vec<String> = s
                .children
                .iter()
                .map(|i| i.number.clone().unwrap_or_default())
                .collect();
            let expected: Vec<String> = (1..=s.children.len()).map(|n| n.to_string()).collect();
            assert_eq!(numbers, expected, "{} / {}", r.label, s.label);
        }
    }
}

#[test]
fn first_and_last_item_of_each_section_stand_in_the_report_in_that_order() {
    let Some(report) = report() else { return };
    let doc = doc();
    for (place, s) in sections(&doc) {
        let (Some(first), Some(last)) = (s.children.first(), s.children.last()) else {
            panic!("{place} is empty")
        };
        let first_at = report
            .find(&as_printed(&first.label))
            .unwrap_or_else(|| panic!("{place}: first item not in the report: {}", first.label));
        // Short items recur in several roles: the last one must stand somewhere after the first.
        assert!(
            report[first_at..].contains(&as_printed(&last.label)),
            "{place}: last item not in the report after the first: {}",
            last.label
        );
    }
}

#[test]
fn every_item_is_word_for_word_in_the_report() {
    let Some(report) = report() else { return };
    let doc = doc();
    let missing: Vec<String> = sections(&doc)
        .into_iter()
        .flat_map(|(place, s)| s.children.iter().map(move |i| (place.clone(), i)))
        .filter(|(_, i)| !report.contains(&as_printed(&i.label)))
        .map(|(place, i)| {
            format!(
                "{place} {}: {}",
                i.number.clone().unwrap_or_default(),
                i.label
            )
        })
        .collect();
    // Two tasks run across a page break, where the PDF repeats the table header mid-sentence.
    assert!(
        missing.len() <= 2,
        "not found in the report:\n{}",
        missing.join("\n")
    );
    for m in &missing {
        assert!(
            m.contains("Werkzaamheden"),
            "only page-break tasks may be missing: {m}"
        );
    }
}
