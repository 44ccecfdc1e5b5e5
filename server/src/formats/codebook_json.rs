//! Our JSON codebook format, nested (`aansluiting.codebook`) or flat (the shape
//! `GET /api/v1/codebooks/{id}` returns, so an exported codebook can be imported elsewhere).

use std::collections::HashMap;

use app::domain::codebook::{
    CodebookDoc, FORMAT, FORMAT_VERSION, FlatNode, NodeKind, Problem, SectionKind, build_tree,
    normalise_guid,
};
use serde::Deserialize;

use super::ImportHints;

#[derive(Debug, Deserialize)]
struct FlatDoc {
    guid: String,
    name: String,
    version: u32,
    #[serde(default)]
    description: Option<String>,
    nodes: Vec<FlatRow>,
}

#[derive(Debug, Deserialize)]
struct FlatRow {
    #[serde(default)]
    id: Option<String>,
    guid: String,
    #[serde(default)]
    parent_id: Option<String>,
    kind: NodeKind,
    #[serde(default)]
    section_kind: Option<SectionKind>,
    #[serde(default)]
    number: Option<String>,
    label: String,
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    color: Option<String>,
}

fn syntax_problem(e: &serde_json::Error) -> Problem {
    let reason = e.to_string();
    // serde_json appends " at line L column C"; keep the reason without it and the place separately.
    let reason = reason
        .split(" at line ")
        .next()
        .unwrap_or(&reason)
        .to_string();
    Problem::new(format!("line {} column {}", e.line(), e.column()), reason)
}

pub fn parse(content: &str, hints: &ImportHints) -> Result<CodebookDoc, Vec<Problem>> {
    let value: serde_json::Value =
        serde_json::from_str(content).map_err(|e| vec![syntax_problem(&e)])?;
    let mut doc = if value.get("format").is_some() {
        serde_json::from_value::<CodebookDoc>(value)
            .map_err(|e| vec![Problem::new("/", e.to_string())])?
    } else {
        let flat = serde_json::from_value::<FlatDoc>(value)
            .map_err(|e| vec![Problem::new("/", e.to_string())])?;
        from_flat(flat)?
    };
    if let Some(name) = &hints.name {
        doc.name = name.clone();
    }
    if let Some(version) = hints.version {
        doc.version = version;
    }
    Ok(doc)
}

fn from_flat(flat: FlatDoc) -> Result<CodebookDoc, Vec<Problem>> {
    // parent_id names a row's `id` (API export) or, without ids, its GUID.
    let by_id: HashMap<String, String> = flat
        .nodes
        .iter()
        .filter_map(|n| n.id.as_ref().map(|id| (id.clone(), n.guid.clone())))
        .collect();
    let rows: Vec<FlatNode> = flat
        .nodes
        .into_iter()
        .map(|n| FlatNode {
            parent_guid: n.parent_id.map(|p| by_id.get(&p).cloned().unwrap_or(p)),
            guid: normalise_guid(&n.guid),
            kind: n.kind,
            section_kind: n.section_kind,
            number: n.number,
            label: n.label,
            text: n.text,
            color: n.color,
        })
        .collect();
    Ok(CodebookDoc {
        format: FORMAT.to_string(),
        format_version: FORMAT_VERSION,
        guid: normalise_guid(&flat.guid),
        name: flat.name,
        version: flat.version,
        description: flat.description,
        nodes: build_tree(&rows)?,
    })
}

pub fn write(doc: &CodebookDoc) -> String {
    // Serialising plain structs of strings and numbers cannot fail.
    serde_json::to_string_pretty(doc).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncated_json_names_line_and_column() {
        let problems = parse(
            "{\n  \"format\": \"aansluiting.codebook\",\n  \"nodes\": [",
            &ImportHints::default(),
        )
        .unwrap_err();
        assert_eq!(problems.len(), 1);
        assert!(problems[0].at.starts_with("line 3 column"), "{problems:?}");
        assert!(problems[0].reason.contains("EOF"), "{problems:?}");
    }

    #[test]
    fn deep_nesting_is_refused_without_exhausting_the_stack() {
        let deep = "[".repeat(5_000_000) + &"]".repeat(5_000_000);
        let problems = parse(&deep, &ImportHints::default()).unwrap_err();
        assert!(
            problems[0].reason.contains("recursion limit"),
            "{problems:?}"
        );
    }

    #[test]
    fn flat_shape_with_a_cycle_is_refused() {
        let json = r#"{"guid":"00000000-0000-4000-8000-000000000000","name":"n","version":1,"nodes":[
            {"id":"a","guid":"00000000-0000-4000-8000-000000000001","parent_id":"b","kind":"qualification","label":"Q"},
            {"id":"b","guid":"00000000-0000-4000-8000-000000000002","parent_id":"a","kind":"role","label":"R"}]}"#;
        let problems = parse(json, &ImportHints::default()).unwrap_err();
        assert!(
            problems.iter().any(|p| p.reason.contains("cycle")),
            "{problems:?}"
        );
    }
}
