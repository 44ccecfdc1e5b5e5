//! What the formats and their callers share: a file's kind, the hints an import needs, and why
//! a file could not be imported.

use app::domain::codebook::Problem;

/// What an import needs besides the file: names for formats that do not carry one (`.qdc`).
#[derive(Debug, Clone, Default)]
pub struct ImportHints {
    pub name: Option<String>,
    pub guid: Option<String>,
    pub version: Option<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Json,
    Qdc,
}

impl FileKind {
    /// From a Content-Type header; XML types mean `.qdc`.
    pub fn from_content_type(ct: &str) -> Option<FileKind> {
        let ct = ct
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        match ct.as_str() {
            "application/json" => Some(FileKind::Json),
            "application/xml" | "text/xml" | "application/vnd.refi-qda.qdc+xml" => {
                Some(FileKind::Qdc)
            }
            _ => None,
        }
    }

    /// Sniffs a file whose type nobody told us (an upload from the browser).
    pub fn sniff(content: &str) -> FileKind {
        if content.trim_start().starts_with('<') {
            FileKind::Qdc
        } else {
            FileKind::Json
        }
    }
}

/// Why a file could not be imported: unreadable (syntax, wrong root) or readable but invalid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileError {
    Unreadable(Vec<Problem>),
    Invalid(Vec<Problem>),
}

impl FileError {
    pub fn problems(&self) -> &[Problem] {
        match self {
            FileError::Unreadable(p) | FileError::Invalid(p) => p,
        }
    }
}
