//! No import cycles between the modules of `app/src` and `server/src`.
//!
//! Each file is a node (`a.rs` and `a/mod.rs` are module `a`). An edge goes from a file to the
//! module file that defines what it names: `use crate::…`, `use super::…`, `use self::…`, a
//! child module (`use child::…`), and the same paths written in code (`crate::a::b::f()`, or
//! through a name imported by `use`). A path resolves to the longest prefix that is a module file;
//! a name a module imports (`pub use x::Y`, or a private `use` its children reach through
//! `super::Y`) resolves on to where it is defined, so a facade module is no hub. `super` inside an inline module (`mod tests { use super::*; }`) stays in
//! the file. Declaring a child (`mod child;`) is no edge; naming an item the parent defines
//! (`use super::Item`) is. A module named on its own (`use a::b::{self}`) is no edge until code
//! names something in it. Every strongly connected component of more than one file is a cycle.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

type ModPath = Vec<String>;

/// Source with comments and the contents of string and character literals blanked out.
fn strip(src: &str) -> String {
    let b = src.as_bytes();
    let mut out = String::with_capacity(src.len());
    let mut i = 0;
    let blank = |out: &mut String, s: &[u8]| {
        for &c in s {
            out.push(if c == b'\n' { '\n' } else { ' ' });
        }
    };
    while i < b.len() {
        let rest = &b[i..];
        if rest.starts_with(b"//") {
            let end = rest.iter().position(|&c| c == b'\n').unwrap_or(rest.len());
            blank(&mut out, &rest[..end]);
            i += end;
        } else if rest.starts_with(b"/*") {
            let (mut depth, mut j) = (1, 2);
            while j < rest.len() && depth > 0 {
                if rest[j..].starts_with(b"/*") {
                    depth += 1;
                    j += 2;
                } else if rest[j..].starts_with(b"*/") {
                    depth -= 1;
                    j += 2;
                } else {
                    j += 1;
                }
            }
            blank(&mut out, &rest[..j]);
            i += j;
        } else if let Some(len) = raw_string(rest, i == 0 || !is_ident(b[i - 1])) {
            out.push('"');
            blank(&mut out, &rest[1..len - 1]);
            out.push('"');
            i += len;
        } else if rest[0] == b'"' {
            let mut j = 1;
            while j < rest.len() && rest[j] != b'"' {
                j += if rest[j] == b'\\' { 2 } else { 1 };
            }
            let j = (j + 1).min(rest.len());
            out.push('"');
            blank(&mut out, &rest[1..j - 1]);
            out.push('"');
            i += j;
        } else if rest[0] == b'\'' {
            // A character literal ('x', '\n', '\u{..}'), or else a lifetime.
            let len = if rest.len() > 2 && rest[1] == b'\\' {
                rest[2..].iter().position(|&c| c == b'\'').map(|p| p + 3)
            } else {
                let ch = src[i + 1..].chars().next().map_or(1, char::len_utf8);
                (rest.get(1 + ch) == Some(&b'\'')).then_some(2 + ch)
            };
            match len {
                Some(len) => {
                    blank(&mut out, &rest[..len]);
                    i += len;
                }
                None => {
                    out.push('\'');
                    i += 1;
                }
            }
        } else {
            let ch = src[i..].chars().next().unwrap();
            out.push(ch);
            i += ch.len_utf8();
        }
    }
    out
}

/// The length of a raw (byte) string literal starting here: r"…", r#"…"#, br"…".
fn raw_string(rest: &[u8], at_token_start: bool) -> Option<usize> {
    if !at_token_start {
        return None;
    }
    let start = if rest.starts_with(b"br") {
        2
    } else if rest.starts_with(b"r") {
        1
    } else {
        return None;
    };
    let hashes = rest[start..].iter().take_while(|&&c| c == b'#').count();
    if rest.get(start + hashes) != Some(&b'"') {
        return None;
    }
    let mut close = vec![b'"'];
    close.extend(std::iter::repeat_n(b'#', hashes));
    let body = start + hashes + 1;
    let end = rest[body..]
        .windows(close.len())
        .position(|w| w == close.as_slice())?;
    Some(body + end + close.len())
}

fn is_ident(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Ident(String),
    /// `::`
    Path,
    Punct(char),
}

fn tokens(text: &str) -> Vec<Tok> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_whitespace() || !c.is_ascii() {
            i += 1;
        } else if is_ident(c) {
            let start = i;
            while i < b.len() && is_ident(b[i]) {
                i += 1;
            }
            out.push(Tok::Ident(text[start..i].to_string()));
        } else if b[i..].starts_with(b"::") {
            out.push(Tok::Path);
            i += 2;
        } else {
            out.push(Tok::Punct(c as char));
            i += 1;
        }
    }
    out
}

/// One `use` leaf: the path as written, and the name it binds (`None` for `*`).
#[derive(Debug)]
struct Leaf {
    path: Vec<String>,
    name: Option<String>,
}

/// Parses a use tree from `toks[*i]` up to `;` (or the closing brace of a group).
fn use_tree(toks: &[Tok], i: &mut usize, prefix: &[String], out: &mut Vec<Leaf>) {
    let mut path = prefix.to_vec();
    while *i < toks.len() {
        match &toks[*i] {
            Tok::Ident(s) if s == "as" => {
                *i += 1;
                if let Some(Tok::Ident(alias)) = toks.get(*i) {
                    out.push(Leaf {
                        path: path.clone(),
                        name: Some(alias.clone()),
                    });
                }
                *i += 1;
                return;
            }
            Tok::Ident(s) => {
                path.push(s.clone());
                *i += 1;
            }
            Tok::Path => *i += 1,
            Tok::Punct('*') => {
                *i += 1;
                out.push(Leaf { path, name: None });
                return;
            }
            Tok::Punct('{') => {
                *i += 1;
                loop {
                    use_tree(toks, i, &path, out);
                    match toks.get(*i) {
                        Some(Tok::Punct(',')) => *i += 1,
                        Some(Tok::Punct('}')) => {
                            *i += 1;
                            return;
                        }
                        _ => return,
                    }
                    if toks.get(*i) == Some(&Tok::Punct('}')) {
                        *i += 1;
                        return;
                    }
                }
            }
            _ => break,
        }
    }
    // `a::b::{self}` binds `b`; `a::b` binds `b`.
    let had_self = path.last().is_some_and(|s| s == "self");
    if had_self {
        path.pop();
    }
    if had_self || path.len() > prefix.len() {
        let name = path.last().cloned();
        out.push(Leaf { path, name });
    }
}

/// What one file says: its `use` leaves and other paths, each with the inline-module depth
/// it was written at, and its child modules.
#[derive(Debug, Default)]
struct Scan {
    /// (inline depth, leaf)
    uses: Vec<(usize, Leaf)>,
    /// (inline depth, path) for paths in code.
    paths: Vec<(usize, Vec<String>)>,
    children: BTreeSet<String>,
}

fn scan(text: &str) -> Scan {
    let toks = tokens(text);
    let mut s = Scan::default();
    let mut braces = 0usize;
    let mut inline: Vec<usize> = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        match &toks[i] {
            Tok::Punct('{') => {
                braces += 1;
                i += 1;
            }
            Tok::Punct('}') => {
                if inline.last() == Some(&braces) {
                    inline.pop();
                }
                braces = braces.saturating_sub(1);
                i += 1;
            }
            Tok::Ident(k) if k == "mod" => match (toks.get(i + 1), toks.get(i + 2)) {
                (Some(Tok::Ident(name)), Some(Tok::Punct(';'))) => {
                    if inline.is_empty() {
                        s.children.insert(name.clone());
                    }
                    i += 3;
                }
                (Some(Tok::Ident(_)), Some(Tok::Punct('{'))) => {
                    braces += 1;
                    inline.push(braces);
                    i += 3;
                }
                _ => i += 1,
            },
            Tok::Ident(k) if k == "use" && toks.get(i + 1) != Some(&Tok::Path) => {
                i += 1;
                let mut leaves = Vec::new();
                use_tree(&toks, &mut i, &[], &mut leaves);
                for leaf in leaves {
                    s.uses.push((inline.len(), leaf));
                }
            }
            Tok::Ident(first) if toks.get(i + 1) == Some(&Tok::Path) => {
                let after_path = i > 0 && toks[i - 1] == Tok::Path;
                let in_macro_var = i > 0 && toks[i - 1] == Tok::Punct('$');
                let mut path = vec![first.clone()];
                let mut j = i + 1;
                while toks.get(j) == Some(&Tok::Path) {
                    match toks.get(j + 1) {
                        Some(Tok::Ident(seg)) => {
                            path.push(seg.clone());
                            j += 2;
                        }
                        _ => break,
                    }
                }
                if !after_path && !in_macro_var {
                    s.paths.push((inline.len(), path));
                }
                i = j.max(i + 1);
            }
            _ => i += 1,
        }
    }
    s
}

struct Crate {
    /// Module path → file.
    files: BTreeMap<ModPath, PathBuf>,
    scans: BTreeMap<ModPath, Scan>,
}

fn module_path(src: &Path, file: &Path) -> ModPath {
    let rel = file.strip_prefix(src).unwrap();
    let mut parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    let last = parts.pop().unwrap();
    let stem = last.trim_end_matches(".rs");
    if stem != "mod" && stem != "lib" {
        parts.push(stem.to_string());
    }
    parts
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

impl Crate {
    fn load(src: &Path) -> Crate {
        let mut files = Vec::new();
        rust_files(src, &mut files);
        let mut c = Crate {
            files: BTreeMap::new(),
            scans: BTreeMap::new(),
        };
        for file in files {
            // The binary is a crate of its own.
            if file == src.join("main.rs") {
                continue;
            }
            let m = module_path(src, &file);
            let text = strip(&std::fs::read_to_string(&file).unwrap());
            c.scans.insert(m.clone(), scan(&text));
            c.files.insert(m, file);
        }
        c
    }

    /// `path` as written in module `here` at inline depth `depth`, made absolute; `None` for
    /// paths into other crates.
    fn absolute(&self, here: &ModPath, depth: usize, path: &[String]) -> Option<ModPath> {
        self.absolute_within(here, depth, path, 0)
    }

    fn absolute_within(
        &self,
        here: &ModPath,
        depth: usize,
        path: &[String],
        hops: usize,
    ) -> Option<ModPath> {
        let first = path.first()?;
        match first.as_str() {
            "crate" => Some(path[1..].to_vec()),
            "self" => Some(here.iter().chain(&path[1..]).cloned().collect()),
            "super" => {
                let supers = path.iter().take_while(|s| *s == "super").count();
                // The first `depth` supers leave inline modules, staying in this file.
                let up = supers.saturating_sub(depth);
                if up > here.len() {
                    return None;
                }
                let base = &here[..here.len() - up];
                Some(base.iter().chain(&path[supers..]).cloned().collect())
            }
            name if self.scans[here].children.contains(name) => {
                Some(here.iter().chain(path).cloned().collect())
            }
            name if hops < 16 => {
                // A name this file imported.
                let (_, leaf) = self.scans[here]
                    .uses
                    .iter()
                    .find(|(_, l)| l.name.as_deref() == Some(name) && l.path.len() > 1)?;
                let base = self.absolute_within(here, depth, &leaf.path, hops + 1)?;
                Some(base.into_iter().chain(path[1..].iter().cloned()).collect())
            }
            _ => None,
        }
    }

    /// The module file that defines what `path` names, following what that module imports (a
    /// `pub use` re-export, or a private `use` its children reach through `super::`).
    fn target(&self, path: &ModPath, hops: usize) -> ModPath {
        let k = (0..=path.len())
            .rev()
            .find(|k| self.files.contains_key(&path[..*k]))
            .unwrap_or(0);
        let module = path[..k].to_vec();
        if let (Some(next), true) = (path.get(k), hops < 16) {
            let reexport = self.scans[&module]
                .uses
                .iter()
                .find(|(d, l)| *d == 0 && l.name.as_deref() == Some(next));
            if let Some(abs) = reexport.and_then(|(_, leaf)| self.absolute(&module, 0, &leaf.path))
            {
                let full: ModPath = abs
                    .into_iter()
                    .chain(path[k + 1..].iter().cloned())
                    .collect();
                return self.target(&full, hops + 1);
            }
        }
        module
    }

    fn is_module(&self, path: &ModPath) -> bool {
        self.files.contains_key(path)
    }

    fn edges(&self) -> BTreeMap<ModPath, BTreeSet<ModPath>> {
        let mut edges: BTreeMap<ModPath, BTreeSet<ModPath>> = BTreeMap::new();
        for (here, scan) in &self.scans {
            let mut add = |abs: ModPath| {
                let to = self.target(&abs, 0);
                if &to != here {
                    edges.entry(here.clone()).or_default().insert(to);
                }
            };
            for (depth, leaf) in &scan.uses {
                let Some(abs) = self.absolute(here, *depth, &leaf.path) else {
                    continue;
                };
                // A module named on its own is an edge only where code names something in it.
                if leaf.name.is_some() && self.is_module(&abs) {
                    continue;
                }
                add(abs);
            }
            for (depth, path) in &scan.paths {
                if let Some(abs) = self.absolute(here, *depth, path) {
                    add(abs);
                }
            }
        }
        edges
    }

    fn name(&self, m: &ModPath) -> String {
        self.files[m].display().to_string()
    }
}

/// Strongly connected components of more than one node (Tarjan).
fn cycles(nodes: &[ModPath], edges: &BTreeMap<ModPath, BTreeSet<ModPath>>) -> Vec<Vec<ModPath>> {
    struct T<'a> {
        edges: &'a BTreeMap<ModPath, BTreeSet<ModPath>>,
        index: BTreeMap<ModPath, usize>,
        low: BTreeMap<ModPath, usize>,
        stack: Vec<ModPath>,
        on: BTreeSet<ModPath>,
        out: Vec<Vec<ModPath>>,
    }
    fn visit(t: &mut T, v: &ModPath) {
        let n = t.index.len();
        t.index.insert(v.clone(), n);
        t.low.insert(v.clone(), n);
        t.stack.push(v.clone());
        t.on.insert(v.clone());
        for w in t.edges.get(v).cloned().unwrap_or_default() {
            if !t.index.contains_key(&w) {
                visit(t, &w);
                let lw = t.low[&w];
                let lv = t.low.get_mut(v).unwrap();
                *lv = (*lv).min(lw);
            } else if t.on.contains(&w) {
                let iw = t.index[&w];
                let lv = t.low.get_mut(v).unwrap();
                *lv = (*lv).min(iw);
            }
        }
        if t.low[v] == t.index[v] {
            let mut comp = Vec::new();
            while let Some(w) = t.stack.pop() {
                t.on.remove(&w);
                let done = &w == v;
                comp.push(w);
                if done {
                    break;
                }
            }
            if comp.len() > 1 {
                comp.sort();
                t.out.push(comp);
            }
        }
    }
    let mut t = T {
        edges,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on: BTreeSet::new(),
        out: Vec::new(),
    };
    for v in nodes {
        if !t.index.contains_key(v) {
            visit(&mut t, v);
        }
    }
    t.out
}

fn report(src: &Path) -> Vec<String> {
    let c = Crate::load(src);
    let edges = c.edges();
    let nodes: Vec<ModPath> = c.files.keys().cloned().collect();
    cycles(&nodes, &edges)
        .into_iter()
        .map(|comp| {
            let members: BTreeSet<&ModPath> = comp.iter().collect();
            let lines: Vec<String> = comp
                .iter()
                .map(|m| {
                    let to: Vec<String> = edges[m]
                        .iter()
                        .filter(|t| members.contains(t))
                        .map(|t| c.name(t))
                        .collect();
                    format!("  {} -> {}", c.name(m), to.join(", "))
                })
                .collect();
            format!("cycle of {} files:\n{}", comp.len(), lines.join("\n"))
        })
        .collect()
}

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn assert_no_cycles(krate: &str) {
    let found = report(&workspace().join(krate));
    assert!(
        found.is_empty(),
        "{} import cycle(s) in {krate}:\n{}",
        found.len(),
        found.join("\n")
    );
}

#[test]
fn no_module_cycles_in_server() {
    assert_no_cycles("server/src");
}

#[test]
fn no_module_cycles_in_app() {
    assert_no_cycles("app/src");
}

// The checker itself, on small sources: what is and is not an edge.

fn edges_of(files: &[(&str, &str)]) -> BTreeSet<(String, String)> {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    let c = Crate::load(dir.path());
    c.edges()
        .into_iter()
        .flat_map(|(from, to)| to.into_iter().map(move |t| (from.join("::"), t.join("::"))))
        .collect()
}

fn set(pairs: &[(&str, &str)]) -> BTreeSet<(String, String)> {
    pairs
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn edges_follow_what_is_named() {
    let edges = edges_of(&[
        ("lib.rs", "pub mod a;\npub mod b;\npub fn root() {}"),
        (
            "a/mod.rs",
            "mod x;\nmod y;\npub use x::Thing;\npub struct Shared;\n",
        ),
        // A child naming an item its parent defines depends on the parent.
        ("a/x.rs", "use super::Shared;\npub struct Thing;"),
        // Inline `super` stays in the file; a string or comment names nothing.
        (
            "a/y.rs",
            "fn f() { let _ = \"crate::b::nothing\"; } // crate::b::nor\n#[cfg(test)]\nmod tests { use super::*; }",
        ),
        // A re-exported name resolves to where it is defined; code paths count; a module named
        // on its own does not until code names something in it.
        (
            "b.rs",
            "use crate::a::{self, Thing};\nfn g() { a::Shared; crate::root(); let c = 'x'; }",
        ),
    ]);
    assert_eq!(
        edges,
        set(&[
            ("a", "a::x"),
            ("a::x", "a"),
            ("b", "a::x"),
            ("b", "a"),
            ("b", ""),
        ])
    );
}

#[test]
fn cycles_are_found_and_reported_by_file() {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in [
        ("lib.rs", "mod p;\nmod q;\nmod r;"),
        ("p.rs", "use crate::q::Q;\npub struct P;"),
        ("q.rs", "pub struct Q(crate::p::P);"),
        ("r.rs", "use crate::p::P;"),
    ] {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let found = report(dir.path());
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].contains("p.rs -> ") && found[0].contains("q.rs -> "),
        "{}",
        found[0]
    );
    assert!(!found[0].contains("r.rs"), "{}", found[0]);
}
