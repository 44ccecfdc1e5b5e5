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
            "/api/v1/openapi.json": { "get": { "summary": "This document", "responses": { "200": { "description": "OpenAPI 3.1" } } } }
        },
        "components": {
            "schemas": {
                "Error": {
                    "type": "object",
                    "required": ["error"],
                    "properties": { "error": {
                        "type": "object",
                        "required": ["code", "message"],
                        "properties": {
                            "code": { "type": "string" },
                            "message": { "type": "string" },
                            "field": { "type": "string" }
                        }
                    } }
                }
            }
        }
    })
}
