//! The OpenAPI 3.1 document of what is implemented — kept next to the routes it describes.

use axum::Json;
use serde_json::{Value, json};

pub async fn document() -> Json<Value> {
    Json(spec())
}

pub fn spec() -> Value {
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Aansluiting API",
            "version": "1",
            "description": "Survey and interview coding of occupational competence profiles. See api-v1.md."
        },
        "paths": {
            "/healthz": { "get": { "summary": "Liveness", "responses": { "200": { "description": "The process answers" } } } },
            "/readyz": { "get": { "summary": "Readiness: database reachable and migrations applied",
                "responses": { "200": { "description": "Ready" }, "503": { "description": "Not ready" } } } },
            "/api/v1/openapi.json": { "get": { "summary": "This document", "responses": { "200": { "description": "OpenAPI 3.1" } } } },
            "/api/v1/codebooks": {
                "get": { "summary": "All codebook versions", "responses": { "200": json_array("CodebookSummary") } },
                "post": {
                    "summary": "Import a codebook: our JSON format (nested, or the flat shape GET returns) or a REFI-QDA .qdc",
                    "parameters": [
                        query("name", "string", "Name for a .qdc (which carries none)"),
                        query("guid", "string", "Codebook GUID for a .qdc; default: derived from its codes"),
                        query("version", "integer", "Version for a .qdc; default 1")
                    ],
                    "requestBody": { "required": true, "content": {
                        "application/json": { "schema": { "type": "object" } },
                        "application/xml": { "schema": { "type": "string" } }
                    } },
                    "responses": {
                        "201": json_ref("ImportOutcome", "Imported"),
                        "200": json_ref("ImportOutcome", "This GUID and version already exist with identical content; nothing changed"),
                        "400": error("The file could not be read (syntax, namespace, unsupported Content-Type)"),
                        "409": error("This GUID and version already exist with different content"),
                        "413": error("Larger than 16 MiB"),
                        "422": error("The codebook breaks a rule; details lists every problem with its place")
                    }
                }
            },
            "/api/v1/codebooks/{id}": { "get": { "summary": "The whole tree, nodes in display order",
                "parameters": [path_id()], "responses": { "200": json_ref("Codebook", "The codebook"), "404": error("Unknown id") } } },
            "/api/v1/codebooks/{id}/export.qdc": { "get": { "summary": "REFI-QDA codebook",
                "parameters": [path_id()], "responses": { "200": { "description": "application/xml" }, "404": error("Unknown id") } } },
            "/api/v1/codebooks/{id}/export.json": { "get": { "summary": "Our JSON codebook format (docs/codebook.schema.json)",
                "parameters": [path_id()], "responses": { "200": { "description": "application/json" }, "404": error("Unknown id") } } },
            "/api/v1/reference/sbi-sections": { "get": { "summary": "The 21 SBI sections A–U", "responses": { "200": { "description": "[{code, name}]" } } } },
            "/api/v1/reference/trends": { "get": { "summary": "The six trends of the report's chapter 3", "responses": { "200": { "description": "[{key, number, name_nl, name_en}]" } } } },
            "/api/v1/reference/training-companies": { "get": { "summary": "Table 1: share of active training companies per SBI section", "responses": { "200": { "description": "{source, rows}" } } } }
        },
        "components": {
            "schemas": {
                "Counts": { "type": "object", "properties": {
                    "qualifications": { "type": "integer" }, "roles": { "type": "integer" }, "sections": { "type": "integer" },
                    "items": { "type": "integer" }, "description_items": { "type": "integer" }, "task_items": { "type": "integer" },
                    "competency_items": { "type": "integer" }, "knowledge_skill_items": { "type": "integer" } } },
                "CodebookSummary": { "type": "object", "required": ["id", "guid", "name", "version", "origin", "created_at", "counts"], "properties": {
                    "id": { "type": "string" }, "guid": { "type": "string" }, "name": { "type": "string" },
                    "version": { "type": "integer" }, "description": { "type": "string" },
                    "origin": { "enum": ["builtin", "import"] }, "created_at": { "type": "string", "format": "date-time" },
                    "counts": { "$ref": "#/components/schemas/Counts" } } },
                "Node": { "type": "object", "required": ["id", "guid", "parent_id", "kind", "label"], "properties": {
                    "id": { "type": "string" }, "guid": { "type": "string" }, "parent_id": { "type": ["string", "null"] },
                    "kind": { "enum": ["qualification", "role", "section", "item"] },
                    "section_kind": { "enum": ["description", "tasks", "competencies", "knowledge_skills"] },
                    "number": { "type": "string" }, "label": { "type": "string" }, "text": { "type": "string" },
                    "color": { "type": "string", "pattern": "^#[0-9a-fA-F]{6}$" } } },
                "Codebook": { "allOf": [ { "$ref": "#/components/schemas/CodebookSummary" },
                    { "type": "object", "properties": { "nodes": { "type": "array", "items": { "$ref": "#/components/schemas/Node" } } } } ] },
                "ImportOutcome": { "type": "object", "properties": {
                    "codebook": { "$ref": "#/components/schemas/CodebookSummary" }, "created": { "type": "boolean" } } },
                "Error": {
                    "type": "object",
                    "required": ["error"],
                    "properties": { "error": {
                        "type": "object",
                        "required": ["code", "message"],
                        "properties": {
                            "code": { "type": "string" },
                            "message": { "type": "string" },
                            "field": { "type": "string" },
                            "details": { "type": "array", "items": { "type": "object", "properties": {
                                "at": { "type": "string" }, "reason": { "type": "string" } } } }
                        }
                    } }
                }
            }
        }
    })
}

fn json_ref(schema: &str, description: &str) -> Value {
    json!({ "description": description, "content": { "application/json": { "schema": { "$ref": format!("#/components/schemas/{schema}") } } } })
}

fn json_array(schema: &str) -> Value {
    json!({ "description": "OK", "content": { "application/json": { "schema": {
        "type": "array", "items": { "$ref": format!("#/components/schemas/{schema}") } } } } })
}

fn error(description: &str) -> Value {
    json_ref("Error", description)
}

fn query(name: &str, ty: &str, description: &str) -> Value {
    json!({ "name": name, "in": "query", "required": false, "description": description, "schema": { "type": ty } })
}

fn path_id() -> Value {
    json!({ "name": "id", "in": "path", "required": true, "schema": { "type": "string" } })
}
