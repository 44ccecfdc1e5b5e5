//! The one i18n layer: every user-facing string goes through [`I18n::t`].
//!
//! Dutch is the default. The choice lives in a `lang` cookie so that server rendering and
//! hydration agree on the first paint and the choice survives a reload.

mod catalogue;
mod errors;
mod locale;

pub use catalogue::{Key, rating_key, role_key, text};
use leptos::prelude::*;
pub use locale::{COOKIE, Locale};

/// Handle to the current locale; cheap to copy into closures.
#[derive(Debug, Clone, Copy)]
pub struct I18n {
    locale: RwSignal<Locale>,
    /// On the server the locale is fixed for the whole response (only a click changes it), so
    /// text is looked up without reading the signal: leptos_meta renders the page title after
    /// the request's reactive arena is gone, and reading a signal there panics.
    #[cfg(feature = "ssr")]
    rendered: Locale,
}

impl I18n {
    pub fn locale(&self) -> Locale {
        #[cfg(feature = "ssr")]
        return self.rendered;
        // Tracked where something re-runs on a language switch (a closure in a view, an
        // effect); read plainly elsewhere (component bodies, event handlers), where tracking
        // would only log a warning.
        #[cfg(not(feature = "ssr"))]
        if leptos::reactive::graph::Observer::get().is_some() {
            self.locale.get()
        } else {
            self.locale.get_untracked()
        }
    }

    pub fn t(&self, key: Key) -> &'static str {
        catalogue::text(self.locale(), key)
    }

    /// What the user is told about a failed request, in their language. The server's `message`
    /// is English machine text for API clients; the UI never shows it as such.
    pub fn error(&self, e: &crate::error::AppError) -> String {
        errors::error_text(self.locale(), e)
    }

    /// Where an import problem is (`regel 3, kolom 7`, or a JSON pointer) and what it is.
    pub fn problem(&self, p: &crate::error::Problem) -> (String, String) {
        (
            errors::problem_place(self.locale(), p),
            errors::problem_text(self.locale(), p),
        )
    }

    pub fn set_locale(&self, locale: Locale) {
        remember_choice(locale);
        self.locale.set(locale);
    }
}

/// Installs the i18n context for the whole app; call once at the root.
pub fn provide_i18n() -> I18n {
    let locale = initial_locale();
    let i18n = I18n {
        locale: RwSignal::new(locale),
        #[cfg(feature = "ssr")]
        rendered: locale,
    };
    provide_context(i18n);
    i18n
}

pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}

#[cfg(feature = "ssr")]
fn initial_locale() -> Locale {
    use_context::<http::request::Parts>()
        .and_then(|parts| {
            parts
                .headers
                .get(http::header::COOKIE)
                .and_then(|v| v.to_str().ok())
                .map(Locale::from_cookie_header)
        })
        .unwrap_or_default()
}

#[cfg(all(feature = "browser", not(feature = "ssr")))]
fn initial_locale() -> Locale {
    use wasm_bindgen::JsCast;
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.dyn_into::<web_sys::HtmlDocument>().ok())
        .and_then(|d| d.cookie().ok())
        .map(|c| Locale::from_cookie_header(&c))
        .unwrap_or_default()
}

#[cfg(not(any(feature = "ssr", feature = "browser")))]
fn initial_locale() -> Locale {
    Locale::default()
}

#[cfg(all(feature = "browser", not(feature = "ssr")))]
fn remember_choice(locale: Locale) {
    use wasm_bindgen::JsCast;
    let cookie = format!(
        "{COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax",
        locale.code()
    );
    if let Some(doc) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.dyn_into::<web_sys::HtmlDocument>().ok())
    {
        // A failed write only means the choice is not remembered across reloads.
        let _ = doc.set_cookie(&cookie);
        if let Some(root) = doc.document_element() {
            let _ = root.set_attribute("lang", locale.code());
        }
    }
    // The service worker keeps a copy of the offline page, rendered in the language of its
    // time: fetching it now replaces that copy with one in the new language.
    if let Some(w) = web_sys::window() {
        let _ = w.fetch_with_str("/offline");
    }
}

#[cfg(not(all(feature = "browser", not(feature = "ssr"))))]
fn remember_choice(_locale: Locale) {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookie_header_picks_lang_among_others() {
        assert_eq!(Locale::from_cookie_header("a=1; lang=en; b=2"), Locale::En);
        assert_eq!(Locale::from_cookie_header("lang=nl"), Locale::Nl);
        assert_eq!(Locale::from_cookie_header("lang=fr"), Locale::Nl);
        assert_eq!(Locale::from_cookie_header(""), Locale::Nl);
        assert_eq!(Locale::from_cookie_header("xlang=en"), Locale::Nl);
    }

    #[test]
    fn codes_round_trip() {
        for l in Locale::ALL {
            assert_eq!(Locale::from_code(l.code()), Some(l));
        }
    }
}
