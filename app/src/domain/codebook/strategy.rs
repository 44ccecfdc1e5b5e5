//! Generators of valid codebooks for property tests (here and in the server's format tests).

use proptest::prelude::*;

use super::{CodebookDoc, FORMAT, FORMAT_VERSION, NodeKind, SectionKind, TreeNode};

fn guid() -> impl Strategy<Value = String> {
    any::<u128>().prop_map(|n| {
        let h = format!("{n:032x}");
        format!(
            "{}-{}-{}-{}-{}",
            &h[0..8],
            &h[8..12],
            &h[12..16],
            &h[16..20],
            &h[20..32]
        )
    })
}

/// Labels with the characters that break naive XML or JSON writers.
fn label() -> impl Strategy<Value = String> {
    "[A-Za-zÀ-ÿ0-9<>&\"'/ .,()-]{0,40}".prop_map(|s| {
        let t = s.split_whitespace().collect::<Vec<_>>().join(" ");
        // A label must not look like a ".qdc" number prefix ("3. …"): start it with a letter.
        format!("L{t}")
    })
}

fn opt_text() -> impl Strategy<Value = Option<String>> {
    proptest::option::of(
        "[A-Za-z<>&\" \n]{1,60}"
            .prop_map(|s| s.trim().to_string())
            .prop_filter("non-empty", |s| !s.is_empty()),
    )
}

fn opt_color() -> impl Strategy<Value = Option<String>> {
    proptest::option::of(
        any::<[u8; 3]>().prop_map(|c| format!("#{:02x}{:02x}{:02x}", c[0], c[1], c[2])),
    )
}

fn opt_number() -> impl Strategy<Value = Option<String>> {
    proptest::option::of((1u32..60).prop_map(|n| n.to_string()))
}

fn leaf(kind: NodeKind) -> impl Strategy<Value = TreeNode> {
    (guid(), opt_number(), label(), opt_text(), opt_color()).prop_map(
        move |(guid, number, label, text, color)| TreeNode {
            guid,
            kind,
            section_kind: None,
            number,
            label,
            text,
            color,
            children: vec![],
        },
    )
}

fn section() -> impl Strategy<Value = (TreeNode, Vec<TreeNode>)> {
    (
        leaf(NodeKind::Section),
        proptest::collection::vec(leaf(NodeKind::Item), 0..5),
    )
}

fn role() -> impl Strategy<Value = TreeNode> {
    (
        leaf(NodeKind::Role),
        proptest::collection::vec(section(), 1..=4),
        Just(SectionKind::ALL),
    )
        .prop_map(|(mut role, sections, kinds)| {
            role.children = sections
                .into_iter()
                .zip(kinds)
                .map(|((mut s, items), kind)| {
                    s.section_kind = Some(kind);
                    s.number = None;
                    s.children = items;
                    s
                })
                .collect();
            role
        })
}

fn qualification() -> impl Strategy<Value = TreeNode> {
    (
        leaf(NodeKind::Qualification),
        proptest::collection::vec(role(), 1..4),
    )
        .prop_map(|(mut q, roles)| {
            q.children = roles;
            q
        })
}

/// A valid codebook; GUIDs are random 128-bit values, so collisions do not happen in practice.
pub fn codebook() -> impl Strategy<Value = CodebookDoc> {
    (
        guid(),
        label(),
        1u32..5,
        proptest::option::of(label()),
        proptest::collection::vec(qualification(), 1..3),
    )
        .prop_map(|(guid, name, version, description, nodes)| CodebookDoc {
            format: FORMAT.to_string(),
            format_version: FORMAT_VERSION,
            guid,
            name,
            version,
            description,
            nodes,
        })
}
