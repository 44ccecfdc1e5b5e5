//! Codebooks through both doors (REST and server functions), on SQLite and PostgreSQL.

mod common;

use common::{Kind, TestApp};
use http::StatusCode;
use serde_json::{Value, json};

macro_rules! app_or_skip {
    ($kind:expr) => {
        match TestApp::new($kind).await {
            Some(app) => app,
            None => return,
        }
    };
}

const BUILTIN_GUID: &str = "b95ae69e-a257-59da-a4b1-adda9bb49348";

fn small_codebook(guid: &str, version: u32, item_label: &str) -> Value {
    json!({
        "format": "aansluiting.codebook", "format_version": 1,
        "guid": guid, "name": "Klein profiel", "version": version,
        "nodes": [{
            "guid": "10000000-0000-4000-8000-000000000001", "kind": "qualification", "label": "Verkoper",
            "children": [{
                "guid": "10000000-0000-4000-8000-000000000002", "kind": "role", "number": "1", "label": "Binnendienst",
                "children": [{
                    "guid": "10000000-0000-4000-8000-000000000003", "kind": "section", "section_kind": "tasks",
                    "label": "Werkzaamheden", "color": "#2e7d32",
                    "children": [
                        {"guid": "10000000-0000-4000-8000-000000000004", "kind": "item", "number": "1", "label": item_label},
                        {"guid": "10000000-0000-4000-8000-000000000005", "kind": "item", "number": "2", "label": "Maakt offertes",
                         "text": "Met prijsberekening & <voorwaarden>"}
                    ]
                }]
            }]
        }]
    })
}

async fn codebook_count(app: &TestApp) -> usize {
    let (_, list) = app.get_json("/api/v1/codebooks").await;
    list.as_array().map_or(0, Vec::len)
}

async fn builtin_codebook_is_listed_with_its_counts(kind: Kind) {
    let app = app_or_skip!(kind);
    let (status, list) = app.get_json("/api/v1/codebooks").await;
    assert_eq!(status, StatusCode::OK);
    let builtin = &list[0];
    assert_eq!(builtin["guid"], BUILTIN_GUID);
    assert_eq!(builtin["origin"], "builtin");
    assert_eq!(builtin["counts"]["items"], 193);
    assert_eq!(builtin["counts"]["roles"], 7);
    assert_eq!(builtin["counts"]["knowledge_skill_items"], 111);

    // A second start-up does not load it again.
    server::services::codebooks::ensure_builtin(&app.db)
        .await
        .unwrap();
    // Codebooks are for signed-in users only.
    let anon = app
        .send(
            http::Request::get("/api/v1/codebooks")
                .header("authorization", "Bearer nope")
                .body(axum::body::Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(anon.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(codebook_count(&app).await, 1);
    app.cleanup().await;
}

async fn the_tree_comes_in_display_order_with_parents(kind: Kind) {
    let app = app_or_skip!(kind);
    let (_, list) = app.get_json("/api/v1/codebooks").await;
    let id = list[0]["id"].as_str().unwrap();
    let (status, book) = app.get_json(&format!("/api/v1/codebooks/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    let nodes = book["nodes"].as_array().unwrap();
    assert_eq!(nodes.len(), 2 + 7 + 28 + 193);
    assert_eq!(nodes[0]["kind"], "qualification");
    assert_eq!(nodes[0]["label"], "Commercieel medewerker");
    assert_eq!(nodes[1]["kind"], "role");
    assert_eq!(nodes[1]["number"], "1");
    assert_eq!(nodes[2]["section_kind"], "description");
    // Every parent comes before its children.
    let mut seen = std::collections::HashSet::new();
    for n in nodes {
        if let Some(p) = n["parent_id"].as_str() {
            assert!(seen.contains(p), "parent after child: {n}");
        }
        seen.insert(n["id"].as_str().unwrap().to_string());
    }
    let last = nodes.last().unwrap();
    assert_eq!(last["kind"], "item");
    app.cleanup().await;
}

async fn json_import_is_idempotent_and_versions_are_immutable(kind: Kind) {
    let app = app_or_skip!(kind);
    let guid = "20000000-0000-4000-8000-000000000000";
    let body = small_codebook(guid, 1, "Beantwoordt vragen").to_string();
    let (status, first) = app
        .post_body("/api/v1/codebooks", "application/json", &body)
        .await;
    assert_eq!(status, StatusCode::CREATED, "{first}");
    assert_eq!(first["created"], true);
    assert_eq!(first["codebook"]["counts"]["items"], 2);

    let (status, again) = app
        .post_body("/api/v1/codebooks", "application/json", &body)
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(again["created"], false);
    assert_eq!(again["codebook"]["id"], first["codebook"]["id"]);

    let changed = small_codebook(guid, 1, "Iets anders").to_string();
    let (status, err) = app
        .post_body("/api/v1/codebooks", "application/json", &changed)
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(err["error"]["code"], "conflict");

    let v2 = small_codebook(guid, 2, "Iets anders").to_string();
    let (status, second) = app
        .post_body("/api/v1/codebooks", "application/json", &v2)
        .await;
    assert_eq!(status, StatusCode::CREATED);
    assert_ne!(second["codebook"]["id"], first["codebook"]["id"]);
    assert_eq!(codebook_count(&app).await, 3);
    app.cleanup().await;
}

async fn qdc_import_and_export_round_trip(kind: Kind) {
    let app = app_or_skip!(kind);
    let body = small_codebook(
        "30000000-0000-4000-8000-000000000000",
        1,
        "Beantwoordt vragen",
    )
    .to_string();
    let (_, created) = app
        .post_body("/api/v1/codebooks", "application/json", &body)
        .await;
    let id = created["codebook"]["id"].as_str().unwrap().to_string();

    let (status, qdc) = app.get(&format!("/api/v1/codebooks/{id}/export.qdc")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        qdc.contains("urn:QDA-XML:codebook:1.0")
            && qdc.contains("Met prijsberekening &amp; &lt;voorwaarden&gt;")
    );

    // The same codes under another codebook identity: a separate codebook, same tree.
    let path =
        "/api/v1/codebooks?name=Uit%20ATLAS&guid=30000000-0000-4000-8000-0000000000ff&version=1";
    let (status, imported) = app.post_body(path, "application/xml", &qdc).await;
    assert_eq!(status, StatusCode::CREATED, "{imported}");
    assert_eq!(imported["codebook"]["name"], "Uit ATLAS");
    let new_id = imported["codebook"]["id"].as_str().unwrap();

    let (_, original) = app.get_json(&format!("/api/v1/codebooks/{id}")).await;
    let (_, copy) = app.get_json(&format!("/api/v1/codebooks/{new_id}")).await;
    let strip = |v: &Value| -> Vec<Value> {
        v["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| {
                json!([
                    n["guid"],
                    n["kind"],
                    n["section_kind"],
                    n["number"],
                    n["label"],
                    n["text"],
                    n["color"]
                ])
            })
            .collect()
    };
    assert_eq!(strip(&original), strip(&copy));

    let (status, json_export) = app
        .get(&format!("/api/v1/codebooks/{id}/export.json"))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        serde_json::from_str::<Value>(&json_export).unwrap(),
        serde_json::from_str::<Value>(&body).unwrap()
    );
    app.cleanup().await;
}

async fn bad_files_get_clear_errors_and_change_nothing(kind: Kind) {
    let app = app_or_skip!(kind);
    let before = codebook_count(&app).await;

    let (status, err) = app
        .post_body(
            "/api/v1/codebooks",
            "application/xml",
            "<CodeBook xmlns=\"urn:QDA-XML:codebook:1.0\"><Codes><Code",
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(err["error"]["code"], "malformed");
    assert!(
        err["error"]["field"]
            .as_str()
            .unwrap()
            .starts_with("line 1"),
        "{err}"
    );

    let wrong_ns = "<CodeBook xmlns=\"urn:other\"><Codes/></CodeBook>";
    let (status, err) = app
        .post_body("/api/v1/codebooks", "application/xml", wrong_ns)
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        err["error"]["details"][0]["reason"]
            .as_str()
            .unwrap()
            .contains("urn:QDA-XML:codebook:1.0")
    );

    let mut dup = small_codebook("40000000-0000-4000-8000-000000000000", 1, "x");
    dup["nodes"][0]["children"][0]["children"][0]["children"][1]["guid"] =
        json!("10000000-0000-4000-8000-000000000004");
    let (status, err) = app
        .post_body("/api/v1/codebooks", "application/json", &dup.to_string())
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(err["error"]["code"], "invalid");
    assert_eq!(
        err["error"]["field"],
        "/nodes/0/children/0/children/0/children/1/guid"
    );

    let (status, err) = app
        .post_body("/api/v1/codebooks", "text/plain", "hallo")
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        err["error"]["message"]
            .as_str()
            .unwrap()
            .contains("Content-Type")
    );

    let cycle = json!({"guid": "50000000-0000-4000-8000-000000000000", "name": "c", "version": 1, "nodes": [
        {"id": "a", "guid": "50000000-0000-4000-8000-000000000001", "parent_id": "b", "kind": "qualification", "label": "Q"},
        {"id": "b", "guid": "50000000-0000-4000-8000-000000000002", "parent_id": "a", "kind": "role", "label": "R"}]});
    let (status, err) = app
        .post_body("/api/v1/codebooks", "application/json", &cycle.to_string())
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        err["error"]["details"][0]["reason"]
            .as_str()
            .unwrap()
            .contains("cycle")
    );

    let (status, err) = app.get_json("/api/v1/codebooks/does-not-exist").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(err["error"]["code"], "not_found");

    assert_eq!(codebook_count(&app).await, before);
    app.cleanup().await;
}

async fn reference_data_is_served(kind: Kind) {
    let app = app_or_skip!(kind);
    let (status, sbi) = app.get_json("/api/v1/reference/sbi-sections").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(sbi.as_array().unwrap().len(), 21);
    let (_, trends) = app.get_json("/api/v1/reference/trends").await;
    assert_eq!(trends.as_array().unwrap().len(), 6);
    let (_, table) = app.get_json("/api/v1/reference/training-companies").await;
    assert_eq!(table["rows"][0]["sbi_section"], "G");
    app.cleanup().await;
}

async fn server_functions_list_get_and_import(kind: Kind) {
    let app = app_or_skip!(kind);
    let (status, list) = app.call_fn("/sfn/codebooks/list", &[]).await;
    assert_eq!(status, StatusCode::OK, "{list}");
    let id = list[0]["id"].as_str().unwrap().to_string();
    let (status, book) = app.call_fn("/sfn/codebooks/get", &[("id", &id)]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(book["nodes"].as_array().unwrap().len(), 230);

    let (_, qdc) = app.get(&format!("/api/v1/codebooks/{id}/export.qdc")).await;
    // The same codes are already stored under the built-in identity, but a .qdc gets an identity
    // of its own (derived from its codes), so it is imported once and recognised the second time.
    let (status, out) = app
        .call_fn(
            "/sfn/codebooks/import",
            &[("file_name", "Mijn_profiel.qdc"), ("content", &qdc)],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{out}");
    assert_eq!(out["created"], true);
    assert_eq!(out["codebook"]["name"], "Mijn profiel");
    let (_, out) = app
        .call_fn(
            "/sfn/codebooks/import",
            &[("file_name", "Mijn_profiel.qdc"), ("content", &qdc)],
        )
        .await;
    assert_eq!(out["created"], false);

    let (status, err) = app
        .call_fn(
            "/sfn/codebooks/import",
            &[("file_name", "kapot.json"), ("content", "{\"format\":")],
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{err}");
    assert_eq!(err["code"], "malformed");
    assert!(
        err["details"][0]["at"]
            .as_str()
            .unwrap()
            .starts_with("line 1")
    );

    let (status, err) = app.call_fn("/sfn/codebooks/get", &[("id", "nope")]).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(err["code"], "malformed");
    let unknown = [("id", "00000000-0000-4000-8000-000000000000")];
    let (status, err) = app.call_fn("/sfn/codebooks/get", &unknown).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(err["code"], "not_found");
    app.cleanup().await;
}

async fn codebook_pages_render(kind: Kind) {
    let app = app_or_skip!(kind);
    let (status, html) = app.get("/codebooks").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("Bcp Commercie (SBB, 2021)") && html.contains("Codeboek importeren"),
        "{html}"
    );
    let (_, list) = app.get_json("/api/v1/codebooks").await;
    let id = list[0]["id"].as_str().unwrap();
    let (status, html) = app.get(&format!("/codebooks/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Medewerker verkoop en klantencontact") && html.contains("Beïnvloeden"));
    app.cleanup().await;
}

on_both_databases!(
    builtin_codebook_is_listed_with_its_counts,
    the_tree_comes_in_display_order_with_parents,
    json_import_is_idempotent_and_versions_are_immutable,
    qdc_import_and_export_round_trip,
    bad_files_get_clear_errors_and_change_nothing,
    reference_data_is_served,
    server_functions_list_get_and_import,
    codebook_pages_render,
);
