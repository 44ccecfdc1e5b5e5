use super::*;
use app::domain::codebook::strategy;
use proptest::prelude::*;

const BUILTIN: &str = include_str!("../../../../migrations/data/sbb-commercie-2021.codebook.json");

fn builtin() -> CodebookDoc {
    serde_json::from_str(BUILTIN).expect("built-in codebook parses")
}

fn hints_for(doc: &CodebookDoc) -> ImportHints {
    ImportHints {
        name: Some(doc.name.clone()),
        guid: Some(doc.guid.clone()),
        version: Some(doc.version),
    }
}

fn roundtrip(doc: &CodebookDoc) -> CodebookDoc {
    let mut back = parse(&write(doc), &hints_for(doc)).expect("own export parses");
    back.description = doc.description.clone();
    back
}

#[test]
fn builtin_codebook_round_trips_through_qdc() {
    let doc = builtin();
    assert_eq!(roundtrip(&doc), doc);
}

#[test]
fn export_marks_categories_and_items() {
    let xml = write(&builtin());
    assert!(xml.contains("xmlns=\"urn:QDA-XML:codebook:1.0\""));
    assert!(xml.contains("name=\"Commercieel medewerker\" isCodable=\"false\""));
    assert!(xml.contains("name=\"1. Medewerker verkoop en klantencontact\" isCodable=\"false\""));
    assert!(xml.contains("isCodable=\"true\""));
    assert!(!xml.contains("<Sets"));
}

#[test]
fn flat_style_with_path_names_is_nested_on_import() {
    let xml = r##"<?xml version="1.0" encoding="utf-8"?>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0">
  <Codes>
    <Code guid="A0000000-0000-4000-8000-000000000001" name="Verkoper" isCodable="false"/>
    <Code guid="A0000000-0000-4000-8000-000000000002" name="Verkoper/1. Binnendienst" isCodable="false"/>
    <Code guid="A0000000-0000-4000-8000-000000000003" name="Verkoper/1. Binnendienst/Werkzaamheden/1. Belt klanten en/of leveranciers" isCodable="true" color="#FF0000"/>
    <Code guid="A0000000-0000-4000-8000-000000000004" name="Verkoper/1. Binnendienst/Competenties/1. Overtuigen" isCodable="true"/>
  </Codes>
</CodeBook>"##;
    let doc = parse(xml, &ImportHints::default()).expect("flat style parses");
    assert_eq!(doc.validate(), Ok(()));
    let q = &doc.nodes[0];
    assert_eq!(
        (q.label.as_str(), q.guid.as_str()),
        ("Verkoper", "a0000000-0000-4000-8000-000000000001")
    );
    let role = &q.children[0];
    assert_eq!(
        (role.number.as_deref(), role.label.as_str()),
        (Some("1"), "Binnendienst")
    );
    let tasks = &role.children[0];
    assert_eq!(tasks.section_kind, Some(SectionKind::Tasks));
    let item = &tasks.children[0];
    // The item text keeps its own "/": paths split into at most four parts.
    assert_eq!(item.label, "Belt klanten en/of leveranciers");
    assert_eq!(item.color.as_deref(), Some("#ff0000"));
    assert_eq!(
        role.children[1].section_kind,
        Some(SectionKind::Competencies)
    );
    // Sections that appear only inside paths get GUIDs derived from their path: stable on re-import.
    let again = parse(xml, &ImportHints::default()).unwrap();
    assert_eq!(again, doc);
}

#[test]
fn truncated_xml_names_the_place() {
    let xml = write(&builtin());
    let cut = &xml[..xml.len() / 2];
    let problems = parse(cut, &ImportHints::default()).unwrap_err();
    assert_eq!(problems.len(), 1);
    assert!(problems[0].at.starts_with("line "), "{problems:?}");
}

#[test]
fn a_cut_off_file_is_reported_where_it_stops() {
    let xml = write(&builtin());
    // Cut inside a tag (end of stream) and between two elements (unclosed root).
    let inside_tag = &xml[..xml.find("isCodable=\"true\"").unwrap()];
    let between = &xml[..xml.find("</Code>").unwrap() + "</Code>\n".len()];
    for cut in [inside_tag, between] {
        let problems = parse(cut, &ImportHints::default()).unwrap_err();
        let last_line = cut.lines().count() as u32 + u32::from(cut.ends_with('\n'));
        assert_eq!(problems[0].kind, ProblemKind::Truncated, "{problems:?}");
        assert_eq!(problems[0].line, Some(last_line), "{problems:?}");
        assert!(problems[0].line > Some(1), "{problems:?}");
    }
}

#[test]
fn wrong_namespace_is_refused() {
    let xml = write(&builtin()).replace(NAMESPACE, "urn:QDA-XML:project:1.0");
    let problems = parse(&xml, &ImportHints::default()).unwrap_err();
    assert_eq!(problems[0].at, "line 2");
    assert!(
        problems[0].reason.contains("urn:QDA-XML:codebook:1.0"),
        "{problems:?}"
    );
}

#[test]
fn duplicate_guids_are_refused_with_both_places() {
    let doc = builtin();
    let first = doc.nodes[0].children[0].guid.clone();
    let second = doc.nodes[0].children[1].guid.clone();
    let xml = write(&doc).replace(&second, &first);
    let err = crate::formats::parse(crate::formats::FileKind::Qdc, &xml, &ImportHints::default())
        .unwrap_err();
    let problems = err.problems();
    assert!(
        problems.iter().any(|p| p.reason.contains("duplicate GUID")),
        "{problems:?}"
    );
}

#[test]
fn ten_megabytes_of_nesting_is_refused_quickly() {
    let open = "<Code guid=\"00000000-0000-4000-8000-000000000001\" name=\"x\">";
    let n = 10 * 1024 * 1024 / open.len();
    let xml = format!(
        "<CodeBook xmlns=\"{NAMESPACE}\"><Codes>{}{}</Codes></CodeBook>",
        open.repeat(n),
        "</Code>".repeat(n)
    );
    let started = std::time::Instant::now();
    let problems = parse(&xml, &ImportHints::default()).unwrap_err();
    assert!(
        problems[0].reason.contains("nested more than")
            || problems[0].reason.contains("nodes limit"),
        "{problems:?}"
    );
    assert!(started.elapsed().as_secs() < 30);
}

#[test]
fn a_tree_that_is_not_a_bcp_gets_a_clear_error() {
    let xml = format!(
        "<CodeBook xmlns=\"{NAMESPACE}\"><Codes><Code guid=\"00000000-0000-4000-8000-000000000001\" name=\"alleen\" isCodable=\"true\"/></Codes></CodeBook>"
    );
    let problems = parse(&xml, &ImportHints::default()).unwrap_err();
    assert!(
        problems[0]
            .reason
            .contains("qualification → role → section → item"),
        "{problems:?}"
    );
}

#[test]
fn numbers_are_split_only_from_real_prefixes() {
    assert_eq!(
        split_number("12. Klantgericht"),
        (Some("12".into()), "Klantgericht".into())
    );
    assert_eq!(split_number("2.1. Sub"), (Some("2.1".into()), "Sub".into()));
    assert_eq!(
        split_number("Kennis. Van iets"),
        (None, "Kennis. Van iets".into())
    );
    assert_eq!(split_number("3."), (None, "3.".into()));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn generated_codebooks_round_trip_through_qdc(doc in strategy::codebook()) {
        prop_assert_eq!(roundtrip(&doc), doc);
    }
}
