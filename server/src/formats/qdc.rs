//! REFI-QDA codebook (`.qdc`, namespace `urn:QDA-XML:codebook:1.0`): import and export.
//!
//! The format has no place for our node kinds, numbers or section kinds, so export writes
//! `"{number}. {label}"` as the code name and import recovers kinds from depth (qualification,
//! role, section, item), numbers from that prefix, and section kinds from the section's name
//! (or, failing that, its position). Import accepts nested codes and the flat style some tools
//! write: every code at the top level with its path in the name.

use std::fmt::Write as _;

use app::domain::codebook::{
    CodebookDoc, FORMAT, FORMAT_VERSION, MAX_NODES, NodeKind, Problem, ProblemKind, SectionKind,
    TreeNode, normalise_guid,
};
use roxmltree::{Document, Node, ParsingOptions};

use super::file::ImportHints;

pub const NAMESPACE: &str = "urn:QDA-XML:codebook:1.0";
/// Deeper than qualification → role → section → item is not a bcp; refuse before recursing.
const MAX_DEPTH: usize = 4;
/// Separators tools use to write a code's path into its name, most specific first.
const PATH_SEPARATORS: [&str; 4] = ["::", " > ", "\\", "/"];
/// Identity of a .qdc's codebook when the caller gives none: derived from its codes' GUIDs.
const QDC_NAMESPACE: uuid::Uuid = uuid::Uuid::from_u128(0x3b8e_52f0_6a1d_4c57_9e2b_7d40_aa91_c0de);

/// A `<Code>` as read, before kinds are assigned.
#[derive(Debug, Clone)]
struct RawCode {
    guid: String,
    name: String,
    color: Option<String>,
    description: Option<String>,
    line: u32,
    children: Vec<RawCode>,
}

/// A parse error at its place. roxmltree reports 1:1 for a file that ends too early; the real
/// place is the end of the text, where something was still expected.
fn xml_problem(e: &roxmltree::Error, content: &str) -> Problem {
    use roxmltree::Error as E;
    let end = || end_position(content);
    let (pos, kind) = match e {
        _ if content.trim().is_empty() => ((1, 1), ProblemKind::Empty),
        E::UnexpectedEndOfStream | E::UnclosedRootNode => (end(), ProblemKind::Truncated),
        E::NoRootNode => (end(), ProblemKind::Syntax),
        E::NodesLimitReached | E::AttributesLimitReached | E::NamespacesLimitReached => {
            ((1, 1), ProblemKind::TooLarge)
        }
        other => ((other.pos().row, other.pos().col), ProblemKind::Syntax),
    };
    Problem::at_position(pos.0, Some(pos.1), e.to_string()).kind(kind)
}

/// Line and column just after the last character, both 1-based.
fn end_position(content: &str) -> (u32, u32) {
    let line = content.matches('\n').count() + 1;
    let last = content.rsplit('\n').next().unwrap_or_default();
    (line as u32, last.chars().count() as u32 + 1)
}

fn line_of(doc: &Document, node: Node) -> u32 {
    doc.text_pos_at(node.range().start).row
}

pub fn parse(content: &str, hints: &ImportHints) -> Result<CodebookDoc, Vec<Problem>> {
    let options = ParsingOptions {
        nodes_limit: (MAX_NODES as u32) * 8,
        ..ParsingOptions::default()
    };
    let doc = Document::parse_with_options(content, options)
        .map_err(|e| vec![xml_problem(&e, content)])?;
    let root = doc.root_element();
    if root.tag_name().name() != "CodeBook" || root.tag_name().namespace() != Some(NAMESPACE) {
        return Err(vec![
            Problem::at_position(
                line_of(&doc, root),
                None,
                format!(
                    "expected a <CodeBook> element in namespace {NAMESPACE}, found <{}> in {}",
                    root.tag_name().name(),
                    root.tag_name().namespace().unwrap_or("no namespace")
                ),
            )
            .kind(ProblemKind::NotACodebook),
        ]);
    }
    let Some(codes) = root
        .children()
        .find(|n| n.is_element() && n.tag_name().name() == "Codes")
    else {
        return Err(vec![
            Problem::at_position(
                line_of(&doc, root),
                None,
                "the CodeBook has no <Codes> element",
            )
            .kind(ProblemKind::NoCodes),
        ]);
    };
    check_depth(&doc, codes)?;
    let mut problems = Vec::new();
    let raw: Vec<RawCode> = code_children(codes)
        .map(|c| read_code(&doc, c, &mut problems))
        .collect();
    if !problems.is_empty() {
        return Err(problems);
    }
    let raw = if is_flat(&raw) { unflatten(raw) } else { raw };
    let nodes = raw
        .iter()
        .map(|c| to_node(c, 0, &mut problems))
        .collect::<Vec<_>>();
    if !problems.is_empty() {
        return Err(problems);
    }
    let guid = hints
        .guid
        .clone()
        .map(|g| normalise_guid(&g))
        .unwrap_or_else(|| derived_guid(&nodes));
    Ok(CodebookDoc {
        format: FORMAT.to_string(),
        format_version: FORMAT_VERSION,
        guid,
        name: hints
            .name
            .clone()
            .unwrap_or_else(|| "Geïmporteerd codeboek (REFI-QDA)".to_string()),
        version: hints.version.unwrap_or(1),
        description: None,
        nodes,
    })
}

fn code_children<'a, 'i>(node: Node<'a, 'i>) -> impl Iterator<Item = Node<'a, 'i>> {
    node.children()
        .filter(|n| n.is_element() && n.tag_name().name() == "Code")
}

/// Iterative, so a maliciously deep file cannot overflow the stack before we refuse it.
fn check_depth(doc: &Document, codes: Node) -> Result<(), Vec<Problem>> {
    let mut stack: Vec<(Node, usize)> = code_children(codes).map(|c| (c, 1)).collect();
    while let Some((node, depth)) = stack.pop() {
        if depth > MAX_DEPTH {
            return Err(vec![
                Problem::at_position(
                    line_of(doc, node),
                    None,
                    format!(
                        "codes are nested more than {MAX_DEPTH} deep; a bcp is qualification → role → section → item"
                    ),
                )
                .kind(ProblemKind::TooDeep),
            ]);
        }
        stack.extend(code_children(node).map(|c| (c, depth + 1)));
    }
    Ok(())
}

fn read_code(doc: &Document, node: Node, problems: &mut Vec<Problem>) -> RawCode {
    let line = line_of(doc, node);
    let guid = node.attribute("guid").unwrap_or_default();
    if guid.is_empty() {
        problems.push(
            Problem::at_position(line, None, "a <Code> needs a guid attribute")
                .kind(ProblemKind::CodeWithoutGuid),
        );
    }
    let name = node
        .attribute("name")
        .unwrap_or_default()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if name.is_empty() {
        problems.push(
            Problem::at_position(line, None, "a <Code> needs a non-empty name attribute")
                .kind(ProblemKind::CodeWithoutName),
        );
    }
    let description = node
        .children()
        .find(|n| n.is_element() && n.tag_name().name() == "Description")
        .map(|d| d.text().unwrap_or_default().to_string())
        .filter(|t| !t.is_empty());
    RawCode {
        guid: normalise_guid(guid),
        name,
        color: node
            .attribute("color")
            .map(|c| c.trim().to_ascii_lowercase()),
        description,
        line,
        children: code_children(node)
            .map(|c| read_code(doc, c, problems))
            .collect(),
    }
}

fn is_flat(codes: &[RawCode]) -> bool {
    codes.iter().all(|c| c.children.is_empty()) && separator(codes).is_some()
}

fn separator(codes: &[RawCode]) -> Option<&'static str> {
    PATH_SEPARATORS
        .into_iter()
        .find(|sep| codes.iter().any(|c| c.name.contains(sep)))
}

/// Rebuilds nesting from path names. The last path part may itself contain the separator (item
/// texts often contain "/"), so names split into at most four parts from the left.
fn unflatten(codes: Vec<RawCode>) -> Vec<RawCode> {
    let Some(sep) = separator(&codes) else {
        return codes;
    };
    let mut roots: Vec<RawCode> = Vec::new();
    for code in codes {
        let parts: Vec<String> = code
            .name
            .splitn(MAX_DEPTH, sep)
            .map(|p| p.trim().to_string())
            .collect();
        let mut level = &mut roots;
        for (depth, part) in parts.iter().enumerate() {
            let is_last = depth + 1 == parts.len();
            let pos = match level.iter().position(|c| &c.name == part) {
                Some(pos) => pos,
                None => {
                    // A category that only appears inside paths: give it a GUID derived from its path.
                    let path = parts[..=depth].join(sep);
                    level.push(RawCode {
                        guid: uuid::Uuid::new_v5(&QDC_NAMESPACE, path.as_bytes()).to_string(),
                        name: part.clone(),
                        color: None,
                        description: None,
                        line: code.line,
                        children: vec![],
                    });
                    level.len() - 1
                }
            };
            if is_last {
                let node = &mut level[pos];
                node.guid = code.guid.clone();
                node.color = code.color.clone();
                node.description = code.description.clone();
                node.line = code.line;
            }
            level = &mut level[pos].children;
        }
    }
    roots
}

/// `"12. Klantgericht handelen"` → (`Some("12")`, `"Klantgericht handelen"`).
fn split_number(name: &str) -> (Option<String>, String) {
    if let Some((head, rest)) = name.split_once(". ") {
        let looks_numbered = !head.is_empty()
            && head
                .split('.')
                .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
            && !rest.trim().is_empty();
        if looks_numbered {
            return (Some(head.to_string()), rest.trim().to_string());
        }
    }
    (None, name.to_string())
}

fn to_node(code: &RawCode, depth: usize, problems: &mut Vec<Problem>) -> TreeNode {
    let kind = NodeKind::at_depth(depth).unwrap_or(NodeKind::Item);
    let (number, label) = if kind == NodeKind::Section {
        (None, code.name.clone())
    } else {
        split_number(&code.name)
    };
    let mut children: Vec<TreeNode> = code
        .children
        .iter()
        .map(|c| to_node(c, depth + 1, problems))
        .collect();
    if kind == NodeKind::Role {
        assign_section_kinds(&mut children, code, problems);
    }
    if kind != NodeKind::Item && code.children.is_empty() && kind != NodeKind::Section {
        problems.push(
            Problem::at_position(
                code.line,
                None,
                format!(
                    "\"{}\" is a {} but has no codes below it; a bcp codebook nests qualification → role → section → item",
                    code.name,
                    kind.code()
                ),
            )
            .kind(ProblemKind::NoChildren)
            .param("kind", kind.child().map(NodeKind::code).unwrap_or_default()),
        );
    }
    TreeNode {
        guid: code.guid.clone(),
        kind,
        section_kind: None,
        number,
        label,
        text: code.description.clone(),
        color: code.color.clone(),
        children,
    }
}

fn assign_section_kinds(sections: &mut [TreeNode], role: &RawCode, problems: &mut Vec<Problem>) {
    let by_label: Vec<Option<SectionKind>> = sections
        .iter()
        .map(|s| SectionKind::from_label(&s.label))
        .collect();
    if by_label.iter().all(Option::is_some) {
        for (s, k) in sections.iter_mut().zip(by_label) {
            s.section_kind = k;
        }
    } else if sections.len() <= SectionKind::ALL.len() {
        // Unknown names: fall back to the bcp's order (description, tasks, competencies, knowledge).
        for (s, k) in sections.iter_mut().zip(SectionKind::ALL) {
            s.section_kind = Some(k);
        }
    } else {
        problems.push(
            Problem::at_position(
                role.line,
                None,
                format!(
                    "role \"{}\" has {} sections; a role has at most one each of description, tasks, competencies, knowledge and skills",
                    role.name,
                    sections.len()
                ),
            )
            .kind(ProblemKind::TooManySections)
            .param("count", sections.len()),
        );
    }
}

fn derived_guid(nodes: &[TreeNode]) -> String {
    let mut all = String::new();
    fn walk(n: &TreeNode, out: &mut String) {
        out.push_str(&n.guid);
        n.children.iter().for_each(|c| walk(c, out));
    }
    nodes.iter().for_each(|n| walk(n, &mut all));
    uuid::Uuid::new_v5(&QDC_NAMESPACE, all.as_bytes()).to_string()
}

fn escape(s: &str, attribute: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attribute => out.push_str("&quot;"),
            // Attribute values are whitespace-normalised by XML parsers unless written as references.
            '\n' if attribute => out.push_str("&#10;"),
            '\t' if attribute => out.push_str("&#9;"),
            '\r' => out.push_str("&#13;"),
            c => out.push(c),
        }
    }
    out
}

fn code_name(node: &TreeNode) -> String {
    match &node.number {
        Some(n) => format!("{n}. {}", node.label),
        None => node.label.clone(),
    }
}

pub fn write(doc: &CodebookDoc) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    let _ = writeln!(
        out,
        "<CodeBook xmlns=\"{NAMESPACE}\" origin=\"Aansluiting\">"
    );
    out.push_str("  <Codes>\n");
    fn code(node: &TreeNode, indent: usize, out: &mut String) {
        let pad = "  ".repeat(indent);
        let _ = write!(
            out,
            "{pad}<Code guid=\"{}\" name=\"{}\" isCodable=\"{}\"",
            node.guid,
            escape(&code_name(node), true),
            node.kind == NodeKind::Item
        );
        if let Some(color) = &node.color {
            let _ = write!(out, " color=\"{}\"", escape(color, true));
        }
        if node.text.is_none() && node.children.is_empty() {
            out.push_str("/>\n");
            return;
        }
        out.push_str(">\n");
        if let Some(text) = &node.text {
            let _ = writeln!(
                out,
                "{pad}  <Description>{}</Description>",
                escape(text, false)
            );
        }
        for child in &node.children {
            code(child, indent + 1, out);
        }
        let _ = writeln!(out, "{pad}</Code>");
    }
    for node in &doc.nodes {
        code(node, 2, &mut out);
    }
    out.push_str("  </Codes>\n</CodeBook>\n");
    out
}

#[cfg(test)]
mod tests;
