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
            "/metrics": { "get": { "summary": "Prometheus text: responses by status class, latency, in-flight, database up, uptime",
                "responses": { "200": { "description": "text/plain; version=0.0.4" } } } },
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
            "/api/v1/session": {
                "post": { "summary": "Sign in; sets the session cookie (HttpOnly, SameSite=Lax; Secure and __Host- over https)",
                    "requestBody": body_props(&["email", "password"]),
                    "responses": { "200": json_ref("User", "Signed in"), "401": error("Wrong email or password"),
                        "403": error("Cross-site request"), "429": error("Too many failed attempts; see Retry-After") } },
                "get": { "summary": "Who is signed in", "responses": { "200": { "description": "{signed_in, user?}" } } },
                "delete": { "summary": "Sign out this session", "responses": { "204": { "description": "Signed out" }, "401": error("Not signed in") } }
            },
            "/api/v1/sessions": {
                "get": { "summary": "My active sessions", "responses": { "200": { "description": "[{id, created_at, last_seen_at, expires_at, user_agent, ip, current}]" }, "401": error("Not signed in") } },
                "delete": { "summary": "Sign out everywhere", "responses": { "200": { "description": "{ended}" }, "401": error("Not signed in") } }
            },
            "/api/v1/sessions/{id}": { "delete": { "summary": "End one of my sessions", "parameters": [path_id()],
                "responses": { "204": { "description": "Ended" }, "404": error("Not one of my sessions") } } },
            "/api/v1/tokens": {
                "get": { "summary": "My API tokens (never the secret)", "responses": { "200": { "description": "[{id, name, created_at, last_used_at, revoked}]" } } },
                "post": { "summary": "A bearer token for scripts; the secret is in this response only",
                    "requestBody": body_props(&["name"]),
                    "responses": { "201": { "description": "{id, name, created_at, token}" }, "422": error("Bad name") } }
            },
            "/api/v1/tokens/{id}": { "delete": { "summary": "Revoke a token", "parameters": [path_id()],
                "responses": { "204": { "description": "Revoked" }, "404": error("Not my token") } } },
            "/api/v1/studies": {
                "get": { "summary": "Studies I am a member of, with my role", "responses": { "200": json_array("Study") } },
                "post": { "summary": "Create a study on a codebook version; the caller becomes coordinator",
                    "requestBody": body_props(&["name", "codebook_id"]),
                    "responses": { "201": json_ref("Study", "Created"), "422": error("Bad name or unknown codebook") } }
            },
            "/api/v1/studies/{id}": { "get": { "summary": "A study (members only; others get 404)", "parameters": [path_id()],
                "responses": { "200": json_ref("Study", "The study"), "404": error("No such study, or not a member") } } },
            "/api/v1/studies/{id}/members": {
                "get": { "summary": "Members (coordinators)", "parameters": [path_id()], "responses": { "200": { "description": "[{user_id, email, name, role, since}]" } } },
                "post": { "summary": "Add an existing account (coordinators)", "parameters": [path_id()], "requestBody": body_props(&["email", "role"]),
                    "responses": { "201": { "description": "The member" }, "409": error("Already a member"), "422": error("No such account, or bad role") } }
            },
            "/api/v1/studies/{id}/members/{user_id}": {
                "put": { "summary": "Change a member's role (coordinators)", "parameters": [path_id(), path_param("user_id")], "requestBody": body_props(&["role"]),
                    "responses": { "200": { "description": "The member" }, "409": error("It would leave no coordinator") } },
                "delete": { "summary": "Remove a member (coordinators)", "parameters": [path_id(), path_param("user_id")],
                    "responses": { "204": { "description": "Removed" }, "409": error("It would leave no coordinator") } }
            },
            "/api/v1/studies/{id}/audit": { "get": { "summary": "Audit log of administrative actions, newest first (coordinators; read-only)",
                "parameters": [path_id()], "responses": { "200": { "description": "[{id, at, actor, action, details}]" } } } },
            "/api/v1/studies/{id}/interviews": {
                "get": { "summary": "Interviews of a study with progress (answered of all items)", "parameters": [path_id()], "responses": { "200": { "description": "[InterviewSummary]" } } },
                "post": { "summary": "New interview (interviewers, coordinators); the caller is its interviewer", "parameters": [path_id()],
                    "requestBody": body_props(&["organisation", "sbi_section"]),
                    "responses": { "201": { "description": "{id, …}" }, "422": error("Bad organisation, SBI section, date or mode") } }
            },
            "/api/v1/interviews/{id}": {
                "get": { "summary": "Metadata, all current answers and all fields", "parameters": [path_id()],
                    "responses": { "200": { "description": "{…summary, answers: [{item_id, rating, note, quote, revision, updated_at}], fields: [{key, value, revision, updated_at}], can_edit (the caller may change it: its interviewer or a coordinator), interviewer_name}" }, "404": error("No such interview") } },
                "patch": { "summary": "Change metadata (the interview's own interviewer or a coordinator): any of organisation, sbi_section, respondent_function, held_on, mode, consent, notes; \"\" clears a text. With base_revision (the summary's revision the edit was made on) an edit on an older copy is 409 stale with the current summary.",
                    "parameters": [path_id()], "requestBody": body_props(&[]),
                    "responses": { "200": { "description": "InterviewSummary" }, "409": error("stale: the details changed since base_revision; error.current holds them"), "422": error("Bad organisation, SBI section, date or mode; nothing changed") } }
            },
            "/api/v1/interviews/{id}/interviewer": { "put": {
                "summary": "Give the interview to another interviewer (coordinators): user_id of a study member whose role may interview (interviewer or coordinator). Audited.",
                "parameters": [path_id()], "requestBody": body_props(&["user_id"]),
                "responses": { "200": { "description": "InterviewSummary" }, "403": error("Not a coordinator of the study"), "404": error("No such interview"), "422": error("user_id is not a member of the study who may interview") } } },
            "/api/v1/interviews/{id}/fields/{key}": { "put": {
                "summary": "Set one interview field, like an answer (op_id, base_revision). key: trend:<trend key> → {impact: large|some|none|not_discussed, note?}; aspects:<role id>, job_titles, related_occupations → [text]; education_now, education_in_5_years → [mbo2|mbo3|mbo4|mbo_plus|hbo]",
                "parameters": [path_id(), path_param("key")], "requestBody": body_props(&["value", "op_id"]),
                "responses": { "200": { "description": "{revision}" }, "409": error("op_conflict or stale (error.current holds the server's field)"), "422": error("Unknown key, a role of another codebook, or a value of the wrong shape") } } },
            "/api/v1/interviews/{id}/fields/{key}/history": { "get": { "summary": "Every change of one field, oldest first",
                "parameters": [path_id(), path_param("key")],
                "responses": { "200": { "description": "[{at, actor, revision, old_value, new_value, op_id}]" } } } },
            "/api/v1/studies/{id}/aspects": { "get": { "summary": "Aspect tags used in the study's interviews, most used first (suggestions)", "parameters": [path_id()],
                "responses": { "200": { "description": "[{tag, count}]" } } } },
            "/api/v1/interviews/{id}/answers/{item_id}": { "put": {
                "summary": "Set one answer. The same op_id again returns the first result; with other content it is 409 op_conflict. A base_revision older than the server's is 409 stale with the current value.",
                "parameters": [path_id(), path_param("item_id")], "requestBody": body_props(&["rating", "op_id"]),
                "responses": { "200": { "description": "{revision}" }, "404": error("No such item"), "409": error("op_conflict or stale (error.current holds the server's answer)"), "422": error("Bad rating, or an item of another codebook") } } },
            "/api/v1/interviews/{id}/answers:batch": { "post": {
                "summary": "Replay an offline queue: ops applied in order, each idempotent; one result per op with the status it would have had alone",
                "parameters": [path_id()], "requestBody": body_props(&["ops"]),
                "responses": { "200": { "description": "{results: [{op_id, status, revision?, error?, current?}]}" } } } },
            "/api/v1/interviews/{id}/answers/{item_id}/history": { "get": { "summary": "Every change of one answer, oldest first",
                "parameters": [path_id(), path_param("item_id")],
                "responses": { "200": { "description": "[{at, actor, revision, old_rating, new_rating, old_note, new_note, old_quote, new_quote, op_id}]" } } } },
            "/api/v1/reference/sbi-sections": { "get": { "summary": "The 21 SBI sections A–U", "responses": { "200": { "description": "[{code, name}]" } } } },
            "/api/v1/reference/trends": { "get": { "summary": "The six trends of the report's chapter 3", "responses": { "200": { "description": "[{key, number, name_nl, name_en}]" } } } },
            "/api/v1/reference/training-companies": { "get": { "summary": "Table 1: share of active training companies per SBI section", "responses": { "200": { "description": "{source, rows}" } } } }
        },
        "components": {
            "securitySchemes": {
                "session": { "type": "apiKey", "in": "cookie", "name": "aansluiting_session" },
                "bearer": { "type": "http", "scheme": "bearer" }
            },
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
                "User": { "type": "object", "properties": { "id": { "type": "string" }, "email": { "type": "string" }, "name": { "type": "string" } } },
                "Study": { "type": "object", "properties": {
                    "id": { "type": "string" }, "name": { "type": "string" }, "codebook_id": { "type": "string" },
                    "codebook_name": { "type": "string" }, "codebook_version": { "type": "integer" }, "created_at": { "type": "string" },
                    "my_role": { "enum": ["coordinator", "interviewer", "facilitator", "viewer"] } } },
                "ImportOutcome": { "type": "object", "properties": {
                    "codebook": { "$ref": "#/components/schemas/CodebookSummary" }, "created": { "type": "boolean" } } },
                "Error": {
                    "type": "object",
                    "required": ["error"],
                    "properties": { "error": {
                        "type": "object",
                        "required": ["code", "message"],
                        "properties": {
                            "code": { "enum": ["not_found", "invalid", "malformed", "conflict", "op_conflict", "stale",
                                "unauthorized", "forbidden", "cross_origin", "throttled", "unavailable", "too_large", "internal"] },
                            "message": { "type": "string", "description": "English, for people reading API responses; may change" },
                            "field": { "type": "string", "description": "The input concerned: a field name or JSON pointer" },
                            "reason": { "enum": ["no_account", "already_member", "last_coordinator", "version_exists", "wrong_credentials"],
                                "description": "Which rule refused the request, where code alone does not say: no_account (adding a member by an e-mail address nobody has an account for), already_member, last_coordinator (the change would leave the study without one), version_exists (a codebook GUID+version with other content), wrong_credentials (sign-in)" },
                            "details": { "type": "array", "items": { "type": "object", "required": ["at", "reason", "kind"], "properties": {
                                "at": { "type": "string", "description": "JSON pointer, or `line L column C` / `line L`" },
                                "reason": { "type": "string", "description": "English" },
                                "kind": { "type": "string", "description": "Machine kind of the problem (snake_case), e.g. truncated, syntax, missing_field, wrong_value, not_a_guid, duplicate_guid, too_long, no_children, wrong_kind, cycle; other when none fits" },
                                "params": { "type": "object", "additionalProperties": { "type": "string" },
                                    "description": "Values the kind refers to: field (missing_field), max (too_long, too_many_nodes), expected/found (wrong_kind, wrong_format), kind (no_children, duplicate_section), first (duplicate_guid), guid (unknown_parent), count (too_many_sections)" },
                                "line": { "type": "integer", "description": "1-based line, when the place is a position in the file" },
                                "column": { "type": "integer" } } } }
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

fn path_param(name: &str) -> Value {
    json!({ "name": name, "in": "path", "required": true, "schema": { "type": "string" } })
}

fn body_props(required: &[&str]) -> Value {
    let props: serde_json::Map<String, Value> = required
        .iter()
        .map(|k| (k.to_string(), json!({ "type": "string" })))
        .collect();
    json!({ "required": true, "content": { "application/json": { "schema": { "type": "object", "required": required, "properties": props } } } })
}
