//! The built site's files: compressed where the browser accepts it, cached for a year when
//! their name changes with their content, and a service worker that knows this build's names.
//!
//! `cargo leptos build` names the stylesheet, script and wasm by their content (`hash-files`
//! in Cargo.toml) and writes those names to `hash.txt` beside the binary, where Leptos reads
//! them to link the files from every page; release builds (`--precompress`) also write a `.br`
//! and a `.gz` beside every file. Both are read once, when the router is built.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use axum::body::Body;
use axum::response::{IntoResponse, Response};
use http::header::{ACCEPT_ENCODING, CACHE_CONTROL, CONTENT_TYPE, VARY};
use http::{HeaderValue, Method, Request, StatusCode};
use leptos::prelude::LeptosOptions;
use tower::ServiceExt;
use tower_http::services::ServeDir;

/// A name that changes with the content never has to be asked about again.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// Anything else (the favicon, the service worker) may be kept but is checked on every use.
const REVALIDATE: &str = "no-cache";
const SERVICE_WORKER: &str = "/sw.js";

pub struct Assets {
    root: PathBuf,
    /// Paths such as `/pkg/aansluiting.<hash>.wasm`.
    hashed: HashSet<String>,
    /// `sw.js` with this build's names in place of the unhashed ones, so that every build is a
    /// new service worker that installs its own files (public/sw.js).
    service_worker: Option<Vec<u8>>,
}

impl Assets {
    pub fn load(options: &LeptosOptions) -> Assets {
        let root = PathBuf::from(options.site_root.as_ref());
        let names = if options.hash_files {
            hashed_names(options)
        } else {
            Vec::new()
        };
        let service_worker = std::fs::read_to_string(root.join(&SERVICE_WORKER[1..]))
            .ok()
            .map(|script| {
                names
                    .iter()
                    .fold(script, |s, (plain, hashed)| s.replace(plain, hashed))
                    .into_bytes()
            });
        // The workshop phone page's bundle, named by content by scripts/phone.sh.
        let phone = super::phone::assets(&root)
            .into_iter()
            .flat_map(|files| [files.js, files.wasm, files.css])
            .map(|file| format!("/phone/{file}"));
        Assets {
            hashed: names
                .into_iter()
                .map(|(_, hashed)| hashed)
                .chain(phone)
                .collect(),
            root,
            service_worker,
        }
    }

    /// The file at the request's path, or `None` when there is none (a page, then).
    pub async fn serve(&self, req: &http::request::Parts) -> Option<Response> {
        if req.method != Method::GET && req.method != Method::HEAD {
            return None;
        }
        let path = req.uri.path();
        if path == SERVICE_WORKER
            && let Some(script) = &self.service_worker
        {
            let headers = [
                (CONTENT_TYPE, HeaderValue::from_static("text/javascript")),
                (CACHE_CONTROL, HeaderValue::from_static(REVALIDATE)),
            ];
            return Some((headers, script.clone()).into_response());
        }
        let mut file_req = Request::builder()
            .method(req.method.clone())
            .uri(req.uri.clone());
        for name in [
            ACCEPT_ENCODING,
            http::header::IF_MODIFIED_SINCE,
            http::header::RANGE,
        ] {
            if let Some(value) = req.headers.get(&name) {
                file_req = file_req.header(name, value);
            }
        }
        let file_req = file_req.body(Body::empty()).ok()?;
        // ServeDir's error type is Infallible: every outcome is a response. A file without
        // copies (a plain `cargo leptos build`) is compressed as it goes out (`middleware`),
        // except the wasm.
        let Ok(res) = ServeDir::new(&self.root)
            .precompressed_br()
            .precompressed_gzip()
            .oneshot(file_req)
            .await;
        if !(res.status().is_success() || res.status() == StatusCode::NOT_MODIFIED) {
            return None;
        }
        let mut res = res.into_response();
        let headers = res.headers_mut();
        let caching = if self.hashed.contains(path) {
            IMMUTABLE
        } else {
            REVALIDATE
        };
        headers.insert(CACHE_CONTROL, HeaderValue::from_static(caching));
        // Which file answers depends on Accept-Encoding; ServeDir does not say so itself.
        headers.insert(VARY, HeaderValue::from_static("accept-encoding"));
        Some(res)
    }
}

/// A file the hash file names that the site root lacks: the site is another build's.
pub fn missing(options: &LeptosOptions) -> Option<String> {
    hashed_files(options)
        .find(|file| !file.is_file())
        .map(|f| f.display().to_string())
}

/// A content-named file without a brotli copy: `cargo leptos build --release` was run without
/// `--precompress` (as `make release` runs it), and the wasm goes out uncompressed.
pub fn uncompressed(options: &LeptosOptions) -> Option<String> {
    hashed_files(options)
        .find(|file| !file.with_added_extension("br").is_file())
        .map(|f| f.display().to_string())
}

fn hashed_files(options: &LeptosOptions) -> impl Iterator<Item = PathBuf> {
    let root = PathBuf::from(options.site_root.as_ref());
    let names = if options.hash_files {
        hashed_names(options)
    } else {
        Vec::new()
    };
    names
        .into_iter()
        .map(move |(_, hashed)| root.join(&hashed[1..]))
}

/// Unhashed and hashed path of each file named in the hash file, e.g. `/pkg/aansluiting.wasm`
/// and `/pkg/aansluiting.<hash>.wasm`. The file is found where Leptos looks for it.
fn hashed_names(options: &LeptosOptions) -> Vec<(String, String)> {
    let file = hash_file(options);
    let text = match std::fs::read_to_string(&file) {
        Ok(text) => text,
        Err(e) => {
            tracing::warn!(file = %file.display(), error = %e, "cannot read the hash file");
            return Vec::new();
        }
    };
    let (pkg, name) = (&options.site_pkg_dir, &options.output_name);
    text.lines()
        .filter_map(|line| line.split_once(':'))
        .map(|(ext, hash)| (ext.trim(), hash.trim()))
        .filter(|(ext, _)| ["css", "js", "wasm"].contains(ext))
        .map(|(ext, hash)| {
            (
                format!("/{pkg}/{name}.{ext}"),
                format!("/{pkg}/{name}.{hash}.{ext}"),
            )
        })
        .collect()
}

/// Beside the running binary, as in leptos' `HydrationScripts` (an absolute path stays as is).
pub fn hash_file(options: &LeptosOptions) -> PathBuf {
    let dir = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(Path::to_path_buf))
        .unwrap_or_default();
    dir.join(options.hash_file.as_ref())
}
