//! The codebook: an ordered tree qualification → role → section → item, in two shapes.
//!
//! - [`CodebookDoc`]: the nested exchange format (`aansluiting.codebook`, docs/codebook-format.md).
//! - [`FlatNode`] lists: the API's shape, one row per node with its parent, in display order.
//!
//! Validation lives here so that the import form can check a file in the browser with the very
//! rules the server applies.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

pub use crate::error::{Problem, ProblemKind};

pub const FORMAT: &str = "aansluiting.codebook";
pub const FORMAT_VERSION: u32 = 1;
/// Generous for any real profile (the SBB Commercie codebook has 224 nodes) yet bounded.
pub const MAX_NODES: usize = 20_000;
pub const MAX_LABEL_CHARS: usize = 4_000;
pub const MAX_TEXT_CHARS: usize = 50_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum NodeKind {
    Qualification,
    Role,
    Section,
    Item,
}

impl NodeKind {
    pub fn code(self) -> &'static str {
        match self {
            NodeKind::Qualification => "qualification",
            NodeKind::Role => "role",
            NodeKind::Section => "section",
            NodeKind::Item => "item",
        }
    }

    pub fn from_code(s: &str) -> Option<NodeKind> {
        [
            NodeKind::Qualification,
            NodeKind::Role,
            NodeKind::Section,
            NodeKind::Item,
        ]
        .into_iter()
        .find(|k| k.code() == s)
    }

    /// The only kind allowed directly below this one.
    pub fn child(self) -> Option<NodeKind> {
        match self {
            NodeKind::Qualification => Some(NodeKind::Role),
            NodeKind::Role => Some(NodeKind::Section),
            NodeKind::Section => Some(NodeKind::Item),
            NodeKind::Item => None,
        }
    }

    /// Depth in the tree, the qualification being 0.
    pub fn depth(self) -> usize {
        match self {
            NodeKind::Qualification => 0,
            NodeKind::Role => 1,
            NodeKind::Section => 2,
            NodeKind::Item => 3,
        }
    }

    pub fn at_depth(depth: usize) -> Option<NodeKind> {
        [
            NodeKind::Qualification,
            NodeKind::Role,
            NodeKind::Section,
            NodeKind::Item,
        ]
        .get(depth)
        .copied()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SectionKind {
    Description,
    Tasks,
    Competencies,
    KnowledgeSkills,
}

impl SectionKind {
    pub const ALL: [SectionKind; 4] = [
        SectionKind::Description,
        SectionKind::Tasks,
        SectionKind::Competencies,
        SectionKind::KnowledgeSkills,
    ];

    pub fn code(self) -> &'static str {
        match self {
            SectionKind::Description => "description",
            SectionKind::Tasks => "tasks",
            SectionKind::Competencies => "competencies",
            SectionKind::KnowledgeSkills => "knowledge_skills",
        }
    }

    pub fn from_code(s: &str) -> Option<SectionKind> {
        SectionKind::ALL.into_iter().find(|k| k.code() == s)
    }

    /// Recognises a section from its label, as other tools name it (Dutch or English).
    pub fn from_label(label: &str) -> Option<SectionKind> {
        let l = label.trim().to_lowercase();
        let starts = |prefixes: &[&str]| prefixes.iter().any(|p| l.starts_with(p));
        if starts(&["beschrijving", "description", "role description"]) {
            Some(SectionKind::Description)
        } else if starts(&["werkzaamheden", "taken", "tasks", "activities"]) {
            Some(SectionKind::Tasks)
        } else if starts(&["competenties", "competencies"]) {
            Some(SectionKind::Competencies)
        } else if starts(&["kennis", "knowledge"]) {
            Some(SectionKind::KnowledgeSkills)
        } else {
            None
        }
    }
}

/// One node of the nested exchange format.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TreeNode {
    pub guid: String,
    pub kind: NodeKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section_kind: Option<SectionKind>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    pub label: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub color: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "ssr", schema(no_recursion))]
    pub children: Vec<TreeNode>,
}

/// A whole codebook in the nested exchange format.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CodebookDoc {
    pub format: String,
    pub format_version: u32,
    pub guid: String,
    pub name: String,
    pub version: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub nodes: Vec<TreeNode>,
}

/// One node in the flat API shape; `parent_guid` is `None` for qualifications.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FlatNode {
    pub guid: String,
    pub parent_guid: Option<String>,
    pub kind: NodeKind,
    pub section_kind: Option<SectionKind>,
    pub number: Option<String>,
    pub label: String,
    pub text: Option<String>,
    pub color: Option<String>,
}

/// How many nodes of each kind, and items per section kind.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Counts {
    pub qualifications: usize,
    pub roles: usize,
    pub sections: usize,
    pub items: usize,
    pub description_items: usize,
    pub task_items: usize,
    pub competency_items: usize,
    pub knowledge_skill_items: usize,
}

pub fn is_guid(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => *c == b'-',
            _ => c.is_ascii_hexdigit(),
        })
}

pub fn is_color(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 7 && b[0] == b'#' && b[1..].iter().all(u8::is_ascii_hexdigit)
}

/// GUIDs compare case-insensitively (QDA tools often write upper case); we store lower case.
pub fn normalise_guid(s: &str) -> String {
    s.trim().to_ascii_lowercase()
}

impl CodebookDoc {
    /// Every rule of the format; all problems, not only the first, so a user can fix a file at once.
    pub fn validate(&self) -> Result<(), Vec<Problem>> {
        let mut problems = Vec::new();
        if self.format != FORMAT {
            problems.push(
                Problem::new("/format", format!("must be \"{FORMAT}\""))
                    .kind(ProblemKind::WrongFormat)
                    .param("expected", FORMAT),
            );
        }
        if self.format_version != FORMAT_VERSION {
            problems.push(
                Problem::new("/format_version", format!("must be {FORMAT_VERSION}"))
                    .kind(ProblemKind::WrongFormat)
                    .param("expected", FORMAT_VERSION),
            );
        }
        if !is_guid(&self.guid) {
            problems.push(
                Problem::new(
                    "/guid",
                    "must be a UUID like 6f1d2a8e-3c59-4b7e-9a0d-5b1c2e7f4a10",
                )
                .kind(ProblemKind::NotAGuid),
            );
        }
        check_label(&self.name, "/name", &mut problems);
        if self.version == 0 {
            problems.push(
                Problem::new("/version", "must be 1 or higher").kind(ProblemKind::VersionZero),
            );
        }
        if self.nodes.is_empty() {
            problems.push(
                Problem::new("/nodes", "a codebook needs at least one qualification")
                    .kind(ProblemKind::NoQualification),
            );
        }
        let mut seen = HashMap::new();
        seen.insert(normalise_guid(&self.guid), "/guid".to_string());
        let mut total = 0usize;
        for (i, node) in self.nodes.iter().enumerate() {
            check_node(
                node,
                NodeKind::Qualification,
                &format!("/nodes/{i}"),
                &mut seen,
                &mut total,
                &mut problems,
            );
        }
        if total > MAX_NODES {
            problems.push(
                Problem::new(
                    "/nodes",
                    format!("{total} nodes; at most {MAX_NODES} are allowed"),
                )
                .kind(ProblemKind::TooManyNodes)
                .param("max", MAX_NODES),
            );
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems)
        }
    }

    pub fn counts(&self) -> Counts {
        counts(&self.flatten())
    }

    /// Pre-order: each node before its children, siblings in order — the display order.
    pub fn flatten(&self) -> Vec<FlatNode> {
        let mut out = Vec::new();
        fn walk(node: &TreeNode, parent: Option<&str>, out: &mut Vec<FlatNode>) {
            out.push(FlatNode {
                guid: node.guid.clone(),
                parent_guid: parent.map(str::to_string),
                kind: node.kind,
                section_kind: node.section_kind,
                number: node.number.clone(),
                label: node.label.clone(),
                text: node.text.clone(),
                color: node.color.clone(),
            });
            for child in &node.children {
                walk(child, Some(&node.guid), out);
            }
        }
        for node in &self.nodes {
            walk(node, None, &mut out);
        }
        out
    }
}

fn check_label(label: &str, at: &str, problems: &mut Vec<Problem>) {
    if label.trim().is_empty() {
        problems.push(Problem::new(at, "must not be empty").kind(ProblemKind::EmptyText));
    } else if label.chars().count() > MAX_LABEL_CHARS {
        problems.push(
            Problem::new(at, format!("longer than {MAX_LABEL_CHARS} characters"))
                .kind(ProblemKind::TooLong)
                .param("max", MAX_LABEL_CHARS),
        );
    } else if label.contains(['\n', '\r']) {
        problems.push(Problem::new(at, "must be a single line").kind(ProblemKind::MultiLine));
    }
}

fn check_node(
    node: &TreeNode,
    expected: NodeKind,
    at: &str,
    seen: &mut HashMap<String, String>,
    total: &mut usize,
    problems: &mut Vec<Problem>,
) {
    *total += 1;
    if *total > MAX_NODES {
        return;
    }
    if node.kind != expected {
        problems.push(
            Problem::new(
                format!("{at}/kind"),
                format!(
                    "expected a {} here, found a {}",
                    expected.code(),
                    node.kind.code()
                ),
            )
            .kind(ProblemKind::WrongKind)
            .param("expected", expected.code())
            .param("found", node.kind.code()),
        );
    }
    if !is_guid(&node.guid) {
        problems
            .push(Problem::new(format!("{at}/guid"), "must be a UUID").kind(ProblemKind::NotAGuid));
    } else if let Some(first) = seen.insert(normalise_guid(&node.guid), at.to_string()) {
        problems.push(
            Problem::new(
                format!("{at}/guid"),
                format!("duplicate GUID {}, first used at {first}", node.guid),
            )
            .kind(ProblemKind::DuplicateGuid)
            .param("first", &first),
        );
    }
    match (node.kind, node.section_kind) {
        (NodeKind::Section, None) => problems.push(
            Problem::new(
                format!("{at}/section_kind"),
                "a section needs section_kind: description, tasks, competencies or knowledge_skills",
            )
            .kind(ProblemKind::SectionKindMissing),
        ),
        (NodeKind::Section, Some(_)) | (_, None) => {}
        (_, Some(_)) => problems.push(
            Problem::new(
                format!("{at}/section_kind"),
                "only sections have a section_kind",
            )
            .kind(ProblemKind::SectionKindNotAllowed),
        ),
    }
    check_label(&node.label, &format!("{at}/label"), problems);
    if let Some(number) = &node.number {
        if number.is_empty() || number.len() > 16 || number.contains(char::is_whitespace) {
            problems.push(
                Problem::new(
                    format!("{at}/number"),
                    "must be a short number such as 3 or 2.1",
                )
                .kind(ProblemKind::BadNumber),
            );
        }
    }
    if node
        .text
        .as_ref()
        .is_some_and(|t| t.chars().count() > MAX_TEXT_CHARS)
    {
        problems.push(
            Problem::new(
                format!("{at}/text"),
                format!("longer than {MAX_TEXT_CHARS} characters"),
            )
            .kind(ProblemKind::TooLong)
            .param("max", MAX_TEXT_CHARS),
        );
    }
    if let Some(color) = &node.color {
        if !is_color(color) {
            problems.push(
                Problem::new(format!("{at}/color"), "must be #rrggbb").kind(ProblemKind::BadColor),
            );
        }
    }
    let Some(child_kind) = expected.child() else {
        if !node.children.is_empty() {
            problems.push(
                Problem::new(format!("{at}/children"), "items cannot have children")
                    .kind(ProblemKind::ItemWithChildren),
            );
        }
        return;
    };
    if node.children.is_empty() && expected != NodeKind::Section {
        // A section may be empty while a profile is being drafted; a role or qualification may not.
        problems.push(
            Problem::new(
                format!("{at}/children"),
                format!("needs at least one {}", child_kind.code()),
            )
            .kind(ProblemKind::NoChildren)
            .param("kind", child_kind.code()),
        );
    }
    let mut section_kinds = HashSet::new();
    for (i, child) in node.children.iter().enumerate() {
        let child_at = format!("{at}/children/{i}");
        if let Some(sk) = child.section_kind {
            if !section_kinds.insert(sk) {
                problems.push(
                    Problem::new(
                        format!("{child_at}/section_kind"),
                        format!("this role already has a {} section", sk.code()),
                    )
                    .kind(ProblemKind::DuplicateSection)
                    .param("kind", sk.code()),
                );
            }
        }
        check_node(child, child_kind, &child_at, seen, total, problems);
    }
}

pub fn counts(nodes: &[FlatNode]) -> Counts {
    let mut c = Counts::default();
    let section_of: HashMap<&str, Option<SectionKind>> = nodes
        .iter()
        .filter(|n| n.kind == NodeKind::Section)
        .map(|n| (n.guid.as_str(), n.section_kind))
        .collect();
    for n in nodes {
        match n.kind {
            NodeKind::Qualification => c.qualifications += 1,
            NodeKind::Role => c.roles += 1,
            NodeKind::Section => c.sections += 1,
            NodeKind::Item => {
                c.items += 1;
                match n
                    .parent_guid
                    .as_deref()
                    .and_then(|p| section_of.get(p).copied().flatten())
                {
                    Some(SectionKind::Description) => c.description_items += 1,
                    Some(SectionKind::Tasks) => c.task_items += 1,
                    Some(SectionKind::Competencies) => c.competency_items += 1,
                    Some(SectionKind::KnowledgeSkills) => c.knowledge_skill_items += 1,
                    None => {}
                }
            }
        }
    }
    c
}

/// Rebuilds the nested tree from flat rows in display order. Unknown parents, cycles and rows whose
/// parent comes after them are reported with the row index (`/nodes/N/parent_guid`).
pub fn build_tree(nodes: &[FlatNode]) -> Result<Vec<TreeNode>, Vec<Problem>> {
    let mut problems = Vec::new();
    let index: HashMap<String, usize> = nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (normalise_guid(&n.guid), i))
        .collect();
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); nodes.len()];
    let mut roots = Vec::new();
    for (i, n) in nodes.iter().enumerate() {
        match n.parent_guid.as_deref().map(normalise_guid) {
            None => roots.push(i),
            Some(p) => match index.get(&p) {
                None => problems.push(
                    Problem::new(
                        format!("/nodes/{i}/parent_guid"),
                        format!("no node has GUID {p}"),
                    )
                    .kind(ProblemKind::UnknownParent)
                    .param("guid", &p),
                ),
                Some(&j) if j == i => problems.push(
                    Problem::new(
                        format!("/nodes/{i}/parent_guid"),
                        "a node cannot be its own parent",
                    )
                    .kind(ProblemKind::OwnParent),
                ),
                Some(&j) => children[j].push(i),
            },
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    // Walk from the roots; whatever is not reached sits on a cycle.
    let mut reached = vec![false; nodes.len()];
    let mut stack: Vec<usize> = roots.clone();
    while let Some(i) = stack.pop() {
        if std::mem::replace(&mut reached[i], true) {
            continue;
        }
        stack.extend(children[i].iter().copied());
    }
    for (i, r) in reached.iter().enumerate() {
        if !r {
            problems.push(
                Problem::new(
                    format!("/nodes/{i}/parent_guid"),
                    "this node is part of a cycle of parents",
                )
                .kind(ProblemKind::Cycle),
            );
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    fn build(i: usize, nodes: &[FlatNode], children: &[Vec<usize>]) -> TreeNode {
        let n = &nodes[i];
        TreeNode {
            guid: n.guid.clone(),
            kind: n.kind,
            section_kind: n.section_kind,
            number: n.number.clone(),
            label: n.label.clone(),
            text: n.text.clone(),
            color: n.color.clone(),
            children: children[i]
                .iter()
                .map(|&c| build(c, nodes, children))
                .collect(),
        }
    }
    // Depth is bounded: a cycle-free tree whose kinds are checked later; guard the recursion anyway.
    if roots.iter().any(|&r| depth_exceeds(r, &children, 8)) {
        return Err(vec![
            Problem::new(
                "/nodes",
                "the tree is deeper than qualification → role → section → item",
            )
            .kind(ProblemKind::TooDeep),
        ]);
    }
    Ok(roots
        .into_iter()
        .map(|r| build(r, nodes, &children))
        .collect())
}

fn depth_exceeds(root: usize, children: &[Vec<usize>], max: usize) -> bool {
    let mut stack = vec![(root, 0usize)];
    while let Some((i, d)) = stack.pop() {
        if d > max {
            return true;
        }
        stack.extend(children[i].iter().map(|&c| (c, d + 1)));
    }
    false
}

#[cfg(any(test, feature = "proptest"))]
pub mod strategy;
#[cfg(test)]
mod tests;
