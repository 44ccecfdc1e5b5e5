//! "Chrome op Linux" instead of a raw User-Agent header: enough for someone to recognise their
//! own devices in the session list. Only the common browsers and systems are named.

use crate::i18n::{Key, Locale, text};

/// Browser tokens in the order they must be tried: Edge, Opera and Samsung Internet also
/// say "Chrome", and Chrome also says "Safari".
const BROWSERS: [(&str, &str); 10] = [
    ("Edg", "Edge"),
    ("OPR/", "Opera"),
    ("SamsungBrowser/", "Samsung Internet"),
    ("Firefox/", "Firefox"),
    ("FxiOS/", "Firefox"),
    ("CriOS/", "Chrome"),
    ("Chromium/", "Chromium"),
    ("Chrome/", "Chrome"),
    ("Safari/", "Safari"),
    ("curl/", "curl"),
];

/// Systems, likewise: Android says "Linux", iOS says "like Mac OS X".
const SYSTEMS: [(&str, &str); 8] = [
    ("Windows", "Windows"),
    ("Android", "Android"),
    ("iPhone", "iOS"),
    ("iPad", "iPadOS"),
    ("CrOS", "ChromeOS"),
    ("Mac OS X", "macOS"),
    ("Macintosh", "macOS"),
    ("Linux", "Linux"),
];

fn find(ua: &str, table: &[(&str, &'static str)]) -> Option<&'static str> {
    table
        .iter()
        .find(|(token, _)| ua.contains(token))
        .map(|(_, name)| *name)
}

pub fn browser(ua: &str) -> Option<&'static str> {
    find(ua, &BROWSERS)
}

pub fn system(ua: &str) -> Option<&'static str> {
    find(ua, &SYSTEMS)
}

/// `Chrome op Linux` / `Chrome on Linux`; unknown parts in words.
pub fn describe(locale: Locale, ua: Option<&str>) -> String {
    let ua = ua.unwrap_or_default();
    let b = browser(ua).unwrap_or_else(|| text(locale, Key::UnknownBrowser));
    let os = system(ua).unwrap_or_else(|| text(locale, Key::UnknownSystem));
    text(locale, Key::BrowserOn)
        .replace("{browser}", b)
        .replace("{os}", os)
}

#[cfg(test)]
mod tests {
    use super::*;

    const CHROME_LINUX: &str = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
    const HEADLESS: &str = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.6778.33 Safari/537.36";
    const EDGE_WINDOWS: &str = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.2903.51";
    const SAFARI_IPHONE: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Mobile/15E148 Safari/604.1";
    const FIREFOX_MAC: &str =
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 14.7; rv:132.0) Gecko/20100101 Firefox/132.0";
    const CHROME_ANDROID: &str = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36";
    const SAMSUNG: &str = "Mozilla/5.0 (Linux; Android 14; SM-S911B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/26.0 Chrome/122.0.0.0 Mobile Safari/537.36";

    #[test]
    fn common_browsers_on_common_systems() {
        assert_eq!(describe(Locale::Nl, Some(CHROME_LINUX)), "Chrome op Linux");
        assert_eq!(describe(Locale::En, Some(CHROME_LINUX)), "Chrome on Linux");
        assert_eq!(describe(Locale::Nl, Some(HEADLESS)), "Chrome op Linux");
        assert_eq!(describe(Locale::Nl, Some(EDGE_WINDOWS)), "Edge op Windows");
        assert_eq!(describe(Locale::Nl, Some(SAFARI_IPHONE)), "Safari op iOS");
        assert_eq!(describe(Locale::Nl, Some(FIREFOX_MAC)), "Firefox op macOS");
        assert_eq!(
            describe(Locale::Nl, Some(CHROME_ANDROID)),
            "Chrome op Android"
        );
        assert_eq!(
            describe(Locale::Nl, Some(SAMSUNG)),
            "Samsung Internet op Android"
        );
    }

    #[test]
    fn unknown_agents_are_said_in_words() {
        assert_eq!(
            describe(Locale::Nl, None),
            "Onbekende browser op onbekend systeem"
        );
        assert_eq!(
            describe(Locale::En, Some("curl/8.5.0")),
            "curl on unknown system"
        );
    }
}
