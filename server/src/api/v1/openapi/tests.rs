//! The document against the routes really registered, and against the rules of OpenAPI 3.1
//! that a generator can break: references that resolve, path parameters that match their
//! templates, unique operation ids, schemas that are valid JSON Schema 2020-12.

use std::collections::{BTreeSet, HashMap};

use serde_json::Value;

use super::super::{PREFIX, route_specs};
use super::spec;

fn doc() -> Value {
    serde_json::to_value(spec(&route_specs())).expect("the document serialises")
}

/// (method, path) of every operation in the document.
fn documented(doc: &Value) -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for method in item.as_object().expect("path item").keys() {
            if METHODS.contains(&method.as_str()) {
                out.insert((method.to_ascii_uppercase(), path.clone()));
            }
        }
    }
    out
}

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Every operation with its path and method.
fn operations(doc: &Value) -> Vec<(String, String, &Value)> {
    let mut out = Vec::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for (method, op) in item.as_object().expect("path item") {
            if METHODS.contains(&method.as_str()) {
                out.push((method.clone(), path.clone(), op));
            }
        }
    }
    out
}

#[test]
fn operations_are_exactly_the_routes_registered() {
    let doc = doc();
    let api: BTreeSet<(String, String)> = documented(&doc)
        .into_iter()
        .filter(|(_, p)| p.starts_with(PREFIX))
        .collect();
    let routes: BTreeSet<(String, String)> = route_specs()
        .into_iter()
        .map(|s| (s.method.to_string(), format!("{PREFIX}{}", s.path)))
        .collect();
    assert_eq!(
        api.difference(&routes).collect::<Vec<_>>(),
        Vec::<&(String, String)>::new(),
        "documented but not routed"
    );
    assert_eq!(
        routes.difference(&api).collect::<Vec<_>>(),
        Vec::<&(String, String)>::new(),
        "routed but not documented"
    );
    let others: BTreeSet<String> = documented(&doc)
        .into_iter()
        .filter(|(_, p)| !p.starts_with(PREFIX))
        .map(|(m, p)| format!("{m} {p}"))
        .collect();
    assert_eq!(
        others,
        BTreeSet::from([
            "GET /healthz".into(),
            "GET /readyz".into(),
            "GET /metrics".into()
        ])
    );
}

#[test]
fn is_openapi_3_1_with_the_required_fields() {
    let doc = doc();
    assert_eq!(doc["openapi"], "3.1.0");
    assert!(doc["info"]["title"].is_string());
    assert!(doc["info"]["version"].is_string());
    let tags: BTreeSet<&str> = doc["tags"]
        .as_array()
        .expect("tags")
        .iter()
        .filter_map(|t| t["name"].as_str())
        .collect();
    for (method, path, op) in operations(&doc) {
        for tag in op["tags"].as_array().expect("every operation has a tag") {
            let tag = tag.as_str().unwrap_or_default();
            assert!(
                tags.contains(tag),
                "{method} {path}: tag {tag} is not declared"
            );
        }
        let responses = op["responses"].as_object().expect("responses");
        assert!(!responses.is_empty(), "{method} {path} has no responses");
        for (status, r) in responses {
            assert!(
                status.len() == 3 && status.parse::<u16>().is_ok_and(|s| (100..600).contains(&s)),
                "{method} {path}: status {status}"
            );
            assert!(
                r["description"].as_str().is_some_and(|d| !d.is_empty()),
                "{method} {path} {status} has no description"
            );
            if status.starts_with('4') || status.starts_with('5') {
                assert!(
                    r["content"]["application/json"]["schema"].is_object(),
                    "{method} {path} {status}: an error response without the error envelope"
                );
            }
        }
    }
}

#[test]
fn path_parameters_match_their_templates() {
    let doc = doc();
    for (method, path, op) in operations(&doc) {
        let in_template: BTreeSet<&str> = path
            .split('/')
            .filter_map(|s| s.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
            .collect();
        let params = op["parameters"].as_array().cloned().unwrap_or_default();
        let mut declared = BTreeSet::new();
        for p in &params {
            let name = p["name"].as_str().expect("parameter name");
            assert!(
                p["schema"].is_object(),
                "{method} {path}: {name} has no schema"
            );
            if p["in"] == "path" {
                assert_eq!(
                    p["required"], true,
                    "{method} {path}: {name} must be required"
                );
                declared.insert(name.to_string());
            } else {
                assert!(
                    ["query", "header", "cookie"].contains(&p["in"].as_str().unwrap_or_default()),
                    "{method} {path}: {name} is in {}",
                    p["in"]
                );
            }
        }
        let declared: BTreeSet<&str> = declared.iter().map(String::as_str).collect();
        assert_eq!(declared, in_template, "{method} {path}");
    }
}

#[test]
fn operation_ids_are_unique() {
    let doc = doc();
    let mut seen: HashMap<String, String> = HashMap::new();
    for (method, path, op) in operations(&doc) {
        let id = op["operationId"].as_str().expect("operationId").to_string();
        if let Some(first) = seen.insert(id.clone(), format!("{method} {path}")) {
            panic!("operationId {id} is used by {first} and {method} {path}");
        }
    }
}

/// Every `$ref` in `v`, with the JSON pointer of where it is.
fn refs<'a>(v: &'a Value, at: String, out: &mut Vec<(String, &'a str)>) {
    match v {
        Value::Object(m) => {
            for (k, v) in m {
                match (k.as_str(), v) {
                    ("$ref", Value::String(r)) => out.push((at.clone(), r)),
                    _ => refs(v, format!("{at}/{k}"), out),
                }
            }
        }
        Value::Array(a) => {
            for (i, v) in a.iter().enumerate() {
                refs(v, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

#[test]
fn every_reference_resolves() {
    let doc = doc();
    let mut found = Vec::new();
    refs(&doc, String::new(), &mut found);
    assert!(!found.is_empty());
    for (at, r) in found {
        let pointer = r
            .strip_prefix('#')
            .unwrap_or_else(|| panic!("{at}: {r} is not a reference into this document"));
        assert!(doc.pointer(pointer).is_some(), "{at}: {r} does not resolve");
    }
}

#[test]
fn every_schema_is_valid_json_schema_2020_12() {
    let doc = doc();
    let schemas = doc["components"]["schemas"].as_object().expect("schemas");
    for (name, schema) in schemas {
        if let Err(e) = jsonschema::draft202012::meta::validate(schema) {
            panic!("components/schemas/{name}: {e}");
        }
    }
    for (method, path, op) in operations(&doc) {
        for (status, r) in op["responses"].as_object().expect("responses") {
            for (media, content) in r["content"].as_object().into_iter().flatten() {
                if let Err(e) = jsonschema::draft202012::meta::validate(&content["schema"]) {
                    panic!("{method} {path} {status} {media}: {e}");
                }
            }
        }
    }
}

#[test]
fn non_public_routes_name_their_credentials() {
    use crate::auth::policy::Access;
    let doc = doc();
    let schemes = doc["components"]["securitySchemes"]
        .as_object()
        .expect("security schemes");
    for spec in route_specs() {
        let path = format!("{PREFIX}{}", spec.path);
        let op = &doc["paths"][&path][spec.method.as_str().to_ascii_lowercase()];
        let security = op["security"].as_array();
        if spec.access == Access::Public {
            assert!(security.is_none(), "{} {path}", spec.method);
            continue;
        }
        let names: Vec<&str> = security
            .into_iter()
            .flatten()
            .flat_map(|r| r.as_object().into_iter().flatten().map(|(k, _)| k.as_str()))
            .collect();
        let expected: &[&str] = match spec.access {
            Access::Participant => &["participant"],
            Access::Session => &["session"],
            Access::WorkshopAudience => &["participant", "session", "bearer"],
            _ => &["session", "bearer"],
        };
        assert_eq!(names, expected, "{} {path}", spec.method);
        assert!(names.iter().all(|n| schemes.contains_key(*n)));
        assert!(op["responses"]["401"].is_object(), "{} {path}", spec.method);
    }
}
