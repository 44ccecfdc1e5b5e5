//! The published contract, held to every response the tests receive: for a request whose
//! method and path are an operation of the OpenAPI document the app serves, the status must be
//! documented, the Content-Type one the document names, and a JSON body valid against the
//! documented schema. Anything else fails the test that made the request, so the document lists
//! every status we really send and describes every body we really write.
//!
//! The document is fetched once per test process, from the app itself.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Body;
use http::{Method, Request, StatusCode};
use serde_json::{Value, json};
use tokio::sync::OnceCell;
use tower::ServiceExt;

pub const DOCUMENT: &str = "/api/v1/openapi.json";

pub struct Contract {
    doc: Value,
    /// Checkers compiled so far, by (method, template, status, media type).
    validators: Mutex<HashMap<String, Arc<jsonschema::Validator>>>,
}

/// A request the document describes: its operation, found by its route template.
pub struct Operation<'c> {
    pub method: Method,
    pub template: &'c str,
    spec: &'c Value,
}

static CONTRACT: OnceCell<Contract> = OnceCell::const_new();

/// The document of this test process, fetched through `router` the first time.
pub async fn get(router: &Router) -> &'static Contract {
    CONTRACT
        .get_or_init(|| async {
            let req = Request::get(DOCUMENT).body(Body::empty()).expect("request");
            let res = router
                .clone()
                .oneshot(req)
                .await
                .expect("infallible router");
            assert_eq!(res.status(), StatusCode::OK, "GET {DOCUMENT}");
            let text = super::body_text(res).await;
            let doc = serde_json::from_str(&text)
                .unwrap_or_else(|e| panic!("{DOCUMENT} is not JSON: {e}"));
            Contract {
                doc,
                validators: Mutex::new(HashMap::new()),
            }
        })
        .await
}

impl Contract {
    pub fn doc(&self) -> &Value {
        &self.doc
    }

    /// The operation `method path` is an instance of, if the document has one. Where several
    /// templates match, the one with the most literal segments wins, as in the router.
    pub fn operation(&self, method: &Method, path: &str) -> Option<Operation<'_>> {
        let paths = self.doc["paths"].as_object()?;
        let key = method.as_str().to_ascii_lowercase();
        paths
            .iter()
            .filter_map(|(template, item)| {
                let literals = matches(template, path)?;
                let spec = item.get(&key)?;
                Some((literals, template.as_str(), spec))
            })
            .max_by_key(|(literals, _, _)| *literals)
            .map(|(_, template, spec)| Operation {
                method: method.clone(),
                template,
                spec,
            })
    }

    /// Checks one response; `Err` says what does not match the document.
    pub fn check(
        &self,
        op: &Operation<'_>,
        status: StatusCode,
        content_type: Option<&str>,
        body: &[u8],
    ) -> Result<(), String> {
        let Some(response) = op.spec["responses"].get(status.as_str()) else {
            return Err(format!(
                "status {status} is not documented for this operation (documented: {})",
                keys(&op.spec["responses"])
            ));
        };
        let content = response["content"].as_object().filter(|c| !c.is_empty());
        let Some(content) = content else {
            return match body.is_empty() {
                true => Ok(()),
                false => Err("the document says no body, but the response has one".into()),
            };
        };
        let media = content_type
            .map(essence)
            .ok_or("the response has no Content-Type")?;
        let Some((documented, media_type)) = content.iter().find(|(k, _)| essence(k) == media)
        else {
            return Err(format!(
                "Content-Type {media} is not documented for status {status} (documented: {})",
                keys(&response["content"])
            ));
        };
        if !is_json(&media) {
            return Ok(());
        }
        let instance: Value = serde_json::from_slice(body)
            .map_err(|e| format!("the body is not JSON ({e}): {}", preview(body)))?;
        let key = format!("{} {} {status} {documented}", op.method, op.template);
        let validator = self.validator(&key, &media_type["schema"])?;
        let errors = validator.iter_errors(&instance).into_errors();
        if errors.is_empty() {
            return Ok(());
        }
        Err(format!(
            "the body does not match the documented schema {}:\n{errors}\nbody: {}",
            media_type["schema"],
            preview(body)
        ))
    }

    fn validator(&self, key: &str, schema: &Value) -> Result<Arc<jsonschema::Validator>, String> {
        let mut cache = self.validators.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(v) = cache.get(key) {
            return Ok(v.clone());
        }
        let v = Arc::new(compile(schema, &self.doc["components"])?);
        cache.insert(key.to_string(), v.clone());
        Ok(v)
    }
}

/// A schema of the document, with the document's components beside it so that its
/// `#/components/schemas/…` references resolve. OpenAPI 3.1 schemas are JSON Schema 2020-12;
/// formats (uuid, date-time, date) are checked too.
pub fn compile(schema: &Value, components: &Value) -> Result<jsonschema::Validator, String> {
    let mut root = match schema {
        Value::Object(m) => m.clone(),
        Value::Bool(b) => return compile(&json!({ "allOf": [b] }), components),
        other => return Err(format!("a schema must be an object: {other}")),
    };
    root.insert("components".into(), components.clone());
    jsonschema::draft202012::options()
        .should_validate_formats(true)
        .build(&Value::Object(root))
        .map_err(|e| format!("the documented schema does not compile: {e}"))
}

/// How many literal segments `template` has, if `path` is an instance of it: `{name}` stands
/// for one non-empty segment.
pub fn matches(template: &str, path: &str) -> Option<usize> {
    let t: Vec<&str> = template.split('/').collect();
    let p: Vec<&str> = path.split('/').collect();
    if t.len() != p.len() {
        return None;
    }
    let mut literals = 0;
    for (t, p) in t.iter().zip(&p) {
        if t.starts_with('{') && t.ends_with('}') {
            if p.is_empty() {
                return None;
            }
        } else if t == p {
            literals += 1;
        } else {
            return None;
        }
    }
    Some(literals)
}

fn essence(content_type: &str) -> String {
    content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

fn is_json(media: &str) -> bool {
    media == "application/json" || media.ends_with("+json")
}

fn keys(v: &Value) -> String {
    v.as_object()
        .map(|m| m.keys().cloned().collect::<Vec<_>>().join(", "))
        .unwrap_or_default()
}

fn preview(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    match text.char_indices().nth(2000) {
        Some((i, _)) => format!("{}…", &text[..i]),
        None => text.into_owned(),
    }
}
