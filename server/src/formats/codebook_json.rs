//! Our JSON codebook format, nested (`aansluiting.codebook`) or flat (the shape
//! `GET /api/v1/codebooks/{id}` returns, so an exported codebook can be imported elsewhere).

use std::collections::HashMap;

use app::domain::codebook::{
    CodebookDoc, FORMAT, FORMAT_VERSION, FlatNode, NodeKind, Problem, ProblemKind, SectionKind,
    build_tree, normalise_guid,
};
use serde::Deserialize;
use serde_json::error::Category;

use super::file::ImportHints;

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

/// A serde_json error as a problem at its line and column, with a kind the UI can word.
fn json_problem(e: &serde_json::Error, content: &str) -> Problem {
    let reason = e.to_string();
    // serde_json appends " at line L column C"; keep the reason without it and the place separately.
    let reason = reason
        .split(" at line ")
        .next()
        .unwrap_or(&reason)
        .to_string();
    let problem = Problem::at_position(
        e.line().max(1) as u32,
        Some(e.column().max(1) as u32),
        reason.clone(),
    );
    match e.classify() {
        _ if content.trim().is_empty() => problem.kind(ProblemKind::Empty),
        Category::Eof => problem.kind(ProblemKind::Truncated),
        _ if reason.contains("recursion limit") => problem.kind(ProblemKind::TooDeep),
        Category::Syntax | Category::Io => problem.kind(ProblemKind::Syntax),
        Category::Data => match missing_field(&reason) {
            Some(field) => problem
                .kind(ProblemKind::MissingField)
                .param("field", field),
            None => problem.kind(ProblemKind::WrongValue),
        },
    }
}

/// `missing field `guid`` → `guid`.
fn missing_field(reason: &str) -> Option<&str> {
    reason
        .strip_prefix("missing field `")
        .and_then(|rest| rest.split('`').next())
}

/// Reads the document as `T`. The text is read again (not the parsed value) when the shape is
/// wrong, because only the text knows the line and column of the offending part.
fn read_as<T: serde::de::DeserializeOwned>(
    value: serde_json::Value,
    content: &str,
) -> Result<T, Vec<Problem>> {
    serde_json::from_value::<T>(value).map_err(|e| {
        let positioned = serde_json::from_str::<T>(content).err();
        vec![json_problem(positioned.as_ref().unwrap_or(&e), content)]
    })
}

pub fn parse(content: &str, hints: &ImportHints) -> Result<CodebookDoc, Vec<Problem>> {
    let value: serde_json::Value =
        serde_json::from_str(content).map_err(|e| vec![json_problem(&e, content)])?;
    let mut doc = if value.get("format").is_some() {
        read_as::<CodebookDoc>(value, content)?
    } else {
        from_flat(read_as::<FlatDoc>(value, content)?)?
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
        assert_eq!(problems[0].kind, ProblemKind::Truncated);
        assert_eq!(problems[0].line, Some(3));
    }

    #[test]
    fn a_missing_field_is_named_with_its_place() {
        let json = "{\n  \"name\": \"n\",\n  \"version\": 1,\n  \"nodes\": []\n}";
        let problems = parse(json, &ImportHints::default()).unwrap_err();
        assert_eq!(problems[0].kind, ProblemKind::MissingField, "{problems:?}");
        assert_eq!(
            problems[0].params.get("field").map(String::as_str),
            Some("guid")
        );
        assert!(problems[0].line.is_some_and(|l| l > 1), "{problems:?}");
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
