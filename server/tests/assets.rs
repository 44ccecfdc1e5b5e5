//! The built site's files, on a small site written here the way `cargo leptos build --release
//! --precompress` with `hash-files` writes one: content-named files with `.br` and `.gz`
//! copies, and the hash file naming them. Brotli or gzip as the browser accepts, a year's
//! caching only for content-named files, the service worker told this build's names, pages
//! compressed as they are rendered.

mod common;

use std::io::{Read, Write};
use std::path::Path;

use axum::Router;
use axum::body::Body;
use common::{Kind, TestDb};
use http::{Request, Response, StatusCode};
use http_body_util::BodyExt;
use server::state::AppState;
use tower::ServiceExt;

const CSS: &str = "Y3NzY3NzY3NzY3NzY3NzYw";
const JS: &str = "anNqc2pzanNqc2pzanNqcw";
const WASM: &str = "d2FzbXdhc213YXNtd2FzbQ";
const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// Bytes that compress well, like the real wasm does.
fn wasm_bytes() -> Vec<u8> {
    (0..20_000u32)
        .flat_map(|i| (i % 251).to_le_bytes())
        .collect()
}

fn brotli(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut writer = brotli::CompressorWriter::new(&mut out, 4096, 9, 22);
    writer.write_all(data).unwrap();
    drop(writer);
    out
}

fn unbrotli(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    brotli::Decompressor::new(data, 4096)
        .read_to_end(&mut out)
        .unwrap();
    out
}

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(data).unwrap();
    encoder.finish().unwrap()
}

fn gunzip(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(data)
        .read_to_end(&mut out)
        .unwrap();
    out
}

/// What `cargo leptos build --release --precompress` leaves: the stylesheet without copies
/// stands for a debug build's files.
fn write_site(root: &Path) {
    let pkg = root.join("pkg");
    std::fs::create_dir_all(&pkg).unwrap();
    let wasm = wasm_bytes();
    std::fs::write(pkg.join(format!("aansluiting.{WASM}.wasm")), &wasm).unwrap();
    std::fs::write(
        pkg.join(format!("aansluiting.{WASM}.wasm.br")),
        brotli(&wasm),
    )
    .unwrap();
    std::fs::write(pkg.join(format!("aansluiting.{WASM}.wasm.gz")), gzip(&wasm)).unwrap();
    std::fs::write(
        pkg.join(format!("aansluiting.{JS}.js")),
        "export default function init() {}\n".repeat(20),
    )
    .unwrap();
    std::fs::write(
        pkg.join(format!("aansluiting.{CSS}.css")),
        "body { margin: 0; padding: 0; }\n".repeat(50),
    )
    .unwrap();
    // The workshop phone page's bundle, as scripts/phone.sh leaves it.
    std::fs::create_dir_all(root.join("phone")).unwrap();
    std::fs::write(root.join("phone/phone-0123456789abcdef.js"), "export {};\n").unwrap();
    std::fs::write(
        root.join("phone/manifest.json"),
        r#"{"js":"phone-0123456789abcdef.js","wasm":"phone-0123456789abcdef_bg.wasm","css":"phone-0123456789abcdef.css"}"#,
    )
    .unwrap();
    // A wasm without copies, as in a debug build.
    std::fs::write(pkg.join("debug.wasm"), wasm_bytes()).unwrap();
    std::fs::write(
        root.join("favicon.svg"),
        format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\">{}</svg>",
            " ".repeat(200)
        ),
    )
    .unwrap();
    std::fs::write(
        root.join("sw.js"),
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../public/sw.js")).unwrap(),
    )
    .unwrap();
    std::fs::write(
        root.join("hash.txt"),
        format!("js: {JS}\nwasm: {WASM}\ncss: {CSS}\n"),
    )
    .unwrap();
}

struct Site {
    router: Router,
    db: TestDb,
    _dir: tempfile::TempDir,
}

async fn site() -> Site {
    let dir = tempfile::tempdir().unwrap();
    write_site(dir.path());
    let db = TestDb::new(Kind::Sqlite).await.expect("SQLite");
    let mut cfg = common::serve_cfg();
    cfg.site_root = dir.path().to_path_buf();
    let migrated = server::startup::prepare(&db.cfg, &cfg).await.unwrap();
    let mut options = server::startup::leptos_options(&cfg);
    // The hash file lies beside the binary in a real build; an absolute path points elsewhere.
    options.hash_files = true;
    options.hash_file = dir.path().join("hash.txt").display().to_string().into();
    let state = AppState::new(migrated.db.clone(), options, cfg.auth);
    Site {
        router: server::http::router(state),
        db,
        _dir: dir,
    }
}

async fn get(site: &Site, path: &str, encoding: Option<&str>) -> (Response<Body>, Vec<u8>) {
    let mut req = Request::get(path);
    if let Some(encoding) = encoding {
        req = req.header("accept-encoding", encoding);
    }
    let res = tokio::time::timeout(
        common::RESPONSE_LIMIT,
        site.router
            .clone()
            .oneshot(req.body(Body::empty()).unwrap()),
    )
    .await
    .unwrap()
    .unwrap();
    let (parts, body) = res.into_parts();
    let bytes = body.collect().await.unwrap().to_bytes().to_vec();
    (Response::from_parts(parts, Body::empty()), bytes)
}

fn header<'a>(res: &'a Response<Body>, name: &str) -> &'a str {
    res.headers()
        .get(name)
        .map(|v| v.to_str().unwrap())
        .unwrap_or("")
}

#[tokio::test]
async fn content_named_files_come_precompressed_and_are_kept_for_a_year() {
    let site = site().await;
    let path = format!("/pkg/aansluiting.{WASM}.wasm");
    let wasm = wasm_bytes();

    let (res, body) = get(&site, &path, Some("gzip, deflate, br, zstd")).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(header(&res, "content-encoding"), "br");
    assert_eq!(header(&res, "content-type"), "application/wasm");
    assert_eq!(header(&res, "cache-control"), IMMUTABLE);
    assert!(
        header(&res, "vary")
            .to_ascii_lowercase()
            .contains("accept-encoding"),
        "{:?}",
        res.headers()
    );
    // The copy written at build time, not one made now.
    assert!(body == brotli(&wasm), "not the .br file");
    assert_eq!(unbrotli(&body), wasm);

    let (res, body) = get(&site, &path, Some("gzip")).await;
    assert_eq!(header(&res, "content-encoding"), "gzip");
    assert_eq!(header(&res, "cache-control"), IMMUTABLE);
    assert!(body == gzip(&wasm), "not the .gz file");
    assert_eq!(gunzip(&body), wasm);

    let (res, body) = get(&site, &path, None).await;
    assert_eq!(header(&res, "content-encoding"), "");
    assert_eq!(header(&res, "cache-control"), IMMUTABLE);
    assert_eq!(body, wasm);

    site.db.cleanup().await;
}

#[tokio::test]
async fn files_without_copies_but_the_wasm_are_compressed_as_they_go_out() {
    let site = site().await;
    let path = format!("/pkg/aansluiting.{CSS}.css");
    let (res, body) = get(&site, &path, Some("br")).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(header(&res, "content-encoding"), "br");
    assert!(header(&res, "content-type").starts_with("text/css"));
    assert_eq!(header(&res, "cache-control"), IMMUTABLE);
    let css = "body { margin: 0; padding: 0; }\n".repeat(50);
    assert_eq!(unbrotli(&body), css.as_bytes());

    // Except a wasm: compressing a debug build's took seconds per download.
    let (res, body) = get(&site, "/pkg/debug.wasm", Some("br")).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(header(&res, "content-encoding"), "");
    assert_eq!(body, wasm_bytes());
    site.db.cleanup().await;
}

#[tokio::test]
async fn the_phone_pages_files_are_kept_for_a_year_its_manifest_is_not() {
    let site = site().await;
    let (res, _) = get(&site, "/phone/phone-0123456789abcdef.js", None).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(header(&res, "cache-control"), IMMUTABLE);
    let (res, _) = get(&site, "/phone/manifest.json", None).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(header(&res, "cache-control"), "no-cache");
    site.db.cleanup().await;
}

#[tokio::test]
async fn plainly_named_files_are_checked_on_every_use() {
    let site = site().await;
    let (res, body) = get(&site, "/favicon.svg", Some("br")).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(header(&res, "cache-control"), "no-cache");
    assert!(
        String::from_utf8(unbrotli(&body))
            .unwrap()
            .starts_with("<svg")
    );
    site.db.cleanup().await;
}

#[tokio::test]
async fn the_service_worker_installs_this_builds_files() {
    let site = site().await;
    let (res, body) = get(&site, "/sw.js", None).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(header(&res, "cache-control"), "no-cache");
    assert!(header(&res, "content-type").starts_with("text/javascript"));
    let script = String::from_utf8(body).unwrap();
    for name in [
        format!("'/pkg/aansluiting.{CSS}.css'"),
        format!("'/pkg/aansluiting.{JS}.js'"),
        format!("'/pkg/aansluiting.{WASM}.wasm'"),
    ] {
        assert!(script.contains(&name), "{name} missing from\n{script}");
    }
    assert!(!script.contains("'/pkg/aansluiting.wasm'"), "{script}");
    site.db.cleanup().await;
}

#[tokio::test]
async fn pages_link_the_content_named_files_and_come_compressed() {
    let site = site().await;
    let (res, body) = get(&site, "/", Some("br")).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(header(&res, "content-encoding"), "br");
    assert!(header(&res, "vary").contains("accept-encoding"));
    let html = String::from_utf8(unbrotli(&body)).unwrap();
    for link in [
        format!("href=\"/pkg/aansluiting.{CSS}.css\""),
        format!("href=\"/pkg/aansluiting.{JS}.js\""),
        format!("href=\"/pkg/aansluiting.{WASM}.wasm\""),
    ] {
        assert!(html.contains(&link), "{link} missing from\n{html}");
    }
    site.db.cleanup().await;
}

#[tokio::test]
async fn api_answers_are_compressed_but_live_streams_are_not() {
    // A compressed event stream would hold events back until a block of them was full.
    let app = common::TestApp::new(Kind::Sqlite).await.expect("SQLite");
    let token = app.bearer.clone().expect("token");
    let req = Request::get("/api/v1/codebooks")
        .header("authorization", format!("Bearer {token}"))
        .header("accept-encoding", "gzip, deflate, br, zstd")
        .body(Body::empty())
        .unwrap();
    let res = app.router.clone().oneshot(req).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(header(&res, "content-encoding"), "br");
    let body = res.into_body().collect().await.unwrap().to_bytes();
    let books: serde_json::Value = serde_json::from_slice(&unbrotli(&body)).unwrap();
    assert!(books.as_array().is_some_and(|b| !b.is_empty()), "{books}");

    let study = app.new_study("Live").await;
    let req = Request::get(format!("/api/v1/studies/{study}/live"))
        .header("accept-encoding", "gzip, deflate, br, zstd")
        .body(Body::empty())
        .unwrap();
    let res = app.send(req).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(common::is_event_stream(&res), "{:?}", res.headers());
    assert_eq!(header(&res, "content-encoding"), "");
    drop(res);
    app.cleanup().await;
}
