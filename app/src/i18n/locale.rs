//! The languages of the UI and how a request names one (the `lang` cookie).

use serde::{Deserialize, Serialize};

pub const COOKIE: &str = "lang";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Locale {
    #[default]
    Nl,
    En,
}

impl Locale {
    pub const ALL: [Locale; 2] = [Locale::Nl, Locale::En];

    pub fn code(self) -> &'static str {
        match self {
            Locale::Nl => "nl",
            Locale::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Option<Locale> {
        match code.trim().to_ascii_lowercase().as_str() {
            "nl" => Some(Locale::Nl),
            "en" => Some(Locale::En),
            _ => None,
        }
    }

    /// The name of the language in that language, as language pickers conventionally show it.
    pub fn endonym(self) -> &'static str {
        match self {
            Locale::Nl => "Nederlands",
            Locale::En => "English",
        }
    }

    /// Reads the locale from a `Cookie` header value; unknown or missing means the default.
    pub fn from_cookie_header(header: &str) -> Locale {
        header
            .split(';')
            .filter_map(|pair| pair.split_once('='))
            .find(|(name, _)| name.trim() == COOKIE)
            .and_then(|(_, value)| Locale::from_code(value))
            .unwrap_or_default()
    }
}
