use super::*;
use proptest::prelude::*;

fn item(guid: &str, label: &str) -> TreeNode {
    TreeNode {
        guid: guid.into(),
        kind: NodeKind::Item,
        section_kind: None,
        number: Some("1".into()),
        label: label.into(),
        text: None,
        color: None,
        children: vec![],
    }
}

fn g(n: u32) -> String {
    format!("00000000-0000-4000-8000-{n:012}")
}

fn small() -> CodebookDoc {
    let section = TreeNode {
        guid: g(3),
        kind: NodeKind::Section,
        section_kind: Some(SectionKind::Tasks),
        number: None,
        label: "Werkzaamheden".into(),
        text: None,
        color: None,
        children: vec![
            item(&g(4), "Beantwoordt vragen"),
            item(&g(5), "Maakt offertes"),
        ],
    };
    let role = TreeNode {
        guid: g(2),
        kind: NodeKind::Role,
        children: vec![section],
        ..item(&g(2), "Verkoper")
    };
    let qual = TreeNode {
        guid: g(1),
        kind: NodeKind::Qualification,
        number: None,
        children: vec![role],
        ..item(&g(1), "Q")
    };
    CodebookDoc {
        format: FORMAT.into(),
        format_version: 1,
        guid: g(0),
        name: "Test".into(),
        version: 1,
        description: None,
        nodes: vec![qual],
    }
}

#[test]
fn a_small_codebook_is_valid_and_counted() {
    let doc = small();
    assert_eq!(doc.validate(), Ok(()));
    let c = doc.counts();
    assert_eq!(
        (c.qualifications, c.roles, c.sections, c.items, c.task_items),
        (1, 1, 1, 2, 2)
    );
}

#[test]
fn duplicate_guids_are_named_with_both_places() {
    let mut doc = small();
    doc.nodes[0].children[0].children[0].children[1].guid = g(4).to_uppercase();
    let problems = doc.validate().unwrap_err();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(
        problems[0].at,
        "/nodes/0/children/0/children/0/children/1/guid"
    );
    assert!(
        problems[0]
            .reason
            .contains("first used at /nodes/0/children/0/children/0/children/0")
    );
}

#[test]
fn wrong_kinds_and_missing_section_kind_are_reported() {
    let mut doc = small();
    doc.nodes[0].children[0].kind = NodeKind::Item;
    doc.nodes[0].children[0].children[0].section_kind = None;
    let problems = doc.validate().unwrap_err();
    let places: Vec<&str> = problems.iter().map(|p| p.at.as_str()).collect();
    assert!(places.contains(&"/nodes/0/children/0/kind"), "{places:?}");
    assert!(
        places.contains(&"/nodes/0/children/0/children/0/section_kind"),
        "{places:?}"
    );
}

#[test]
fn bad_guid_colour_label_and_header() {
    let mut doc = small();
    doc.format = "other".into();
    doc.nodes[0].guid = "not-a-guid".into();
    doc.nodes[0].color = Some("red".into());
    doc.nodes[0].children[0].label = "  ".into();
    let places: Vec<String> = doc
        .validate()
        .unwrap_err()
        .into_iter()
        .map(|p| p.at)
        .collect();
    for expected in [
        "/format",
        "/nodes/0/guid",
        "/nodes/0/color",
        "/nodes/0/children/0/label",
    ] {
        assert!(
            places.iter().any(|p| p == expected),
            "missing {expected} in {places:?}"
        );
    }
}

#[test]
fn items_cannot_have_children_and_roles_cannot_repeat_a_section_kind() {
    let mut doc = small();
    let extra = doc.nodes[0].children[0].children[0].clone();
    let mut extra = extra;
    extra.guid = g(9);
    extra.children.clear();
    doc.nodes[0].children[0].children.push(extra);
    doc.nodes[0].children[0].children[0].children[0]
        .children
        .push(item(&g(10), "child"));
    let places: Vec<String> = doc
        .validate()
        .unwrap_err()
        .into_iter()
        .map(|p| p.at)
        .collect();
    assert!(
        places.contains(&"/nodes/0/children/0/children/1/section_kind".to_string()),
        "{places:?}"
    );
    assert!(
        places.contains(&"/nodes/0/children/0/children/0/children/0/children".to_string()),
        "{places:?}"
    );
}

#[test]
fn unknown_fields_are_rejected_by_the_parser() {
    let json = r#"{"format":"aansluiting.codebook","format_version":1,"guid":"x","name":"n","version":1,"nodes":[],"extra":1}"#;
    let err = serde_json::from_str::<CodebookDoc>(json).unwrap_err();
    assert!(err.to_string().contains("unknown field `extra`"), "{err}");
}

#[test]
fn build_tree_reports_cycles_and_unknown_parents() {
    let mut flat = small().flatten();
    // 1 → 2 → 1: the qualification now hangs below its own role.
    flat[0].parent_guid = Some(g(2));
    let problems = build_tree(&flat).unwrap_err();
    assert!(
        problems.iter().all(|p| p.reason.contains("cycle")),
        "{problems:?}"
    );

    let mut flat = small().flatten();
    flat[3].parent_guid = Some(g(77));
    let problems = build_tree(&flat).unwrap_err();
    assert_eq!(problems[0].at, "/nodes/3/parent_guid");

    let mut flat = small().flatten();
    flat[2].parent_guid = Some(flat[2].guid.clone());
    assert!(
        build_tree(&flat).unwrap_err()[0]
            .reason
            .contains("own parent")
    );
}

#[test]
fn section_kinds_are_recognised_from_labels() {
    assert_eq!(
        SectionKind::from_label("Beschrijving van de rol"),
        Some(SectionKind::Description)
    );
    assert_eq!(
        SectionKind::from_label("Werkzaamheden"),
        Some(SectionKind::Tasks)
    );
    assert_eq!(
        SectionKind::from_label("Competenties"),
        Some(SectionKind::Competencies)
    );
    assert_eq!(
        SectionKind::from_label("Kennis en vaardigheden"),
        Some(SectionKind::KnowledgeSkills)
    );
    assert_eq!(SectionKind::from_label("Iets anders"), None);
}

proptest! {
    #[test]
    fn generated_codebooks_are_valid(doc in strategy::codebook()) {
        prop_assert_eq!(doc.validate(), Ok(()));
    }

    #[test]
    fn json_round_trip_is_identical(doc in strategy::codebook()) {
        let json = serde_json::to_string(&doc).unwrap();
        let back: CodebookDoc = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(back, doc);
    }

    #[test]
    fn flatten_then_build_is_identical(doc in strategy::codebook()) {
        let rebuilt = build_tree(&doc.flatten()).unwrap();
        prop_assert_eq!(rebuilt, doc.nodes);
    }
}
