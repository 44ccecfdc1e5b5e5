//! The string catalogue. Exhaustive matches make a missing translation a compile error.

use super::Locale;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    AppName,
    Tagline,
    SkipToContent,
    MainNavigation,
    NavOverview,
    NavStatus,
    Language,
    DemoBanner,
    HomeTitle,
    HomeIntro,
    HomeAudience,
    VerdictLegend,
    VerdictGood,
    VerdictPartial,
    VerdictInsufficient,
    VerdictInsufficientData,
    StatusTitle,
    StatusDatabase,
    StatusMigrations,
    StatusVersion,
    StatusReady,
    StatusRefresh,
    Loading,
    NotFoundTitle,
    NotFoundBody,
    BackHome,
    ErrorTitle,
    ErrorBody,
    Footer,
}

pub fn text(locale: Locale, key: Key) -> &'static str {
    match locale {
        Locale::Nl => nl(key),
        Locale::En => en(key),
    }
}

fn nl(key: Key) -> &'static str {
    use Key::*;
    match key {
        AppName => "Aansluiting",
        Tagline => "Sluit het beroepscompetentieprofiel nog aan op de praktijk?",
        SkipToContent => "Naar de inhoud",
        MainNavigation => "Hoofdmenu",
        NavOverview => "Overzicht",
        NavStatus => "Systeemstatus",
        Language => "Taal",
        DemoBanner => "Demo-omgeving: alle studies en antwoorden hier zijn verzonnen.",
        HomeTitle => "Aansluiting bij de beroepspraktijk",
        HomeIntro => "Interview bedrijven onderdeel voor onderdeel, laat adviseurs praktijkleren live beoordelen in een werksessie en publiceer per onderdeel of het beroepscompetentieprofiel goed, gedeeltelijk of onvoldoende aansluit.",
        HomeAudience => "Voor onderzoekers, interviewers, adviseurs praktijkleren en coördinatoren.",
        VerdictLegend => "Oordelen",
        VerdictGood => "Sluit goed aan",
        VerdictPartial => "Sluit gedeeltelijk aan",
        VerdictInsufficient => "Sluit onvoldoende aan",
        VerdictInsufficientData => "Te weinig gegevens",
        StatusTitle => "Systeemstatus",
        StatusDatabase => "Database",
        StatusMigrations => "Toegepaste migraties",
        StatusVersion => "Versie",
        StatusReady => "Gereed",
        StatusRefresh => "Opnieuw controleren",
        Loading => "Laden…",
        NotFoundTitle => "Pagina niet gevonden",
        NotFoundBody => "Deze pagina bestaat niet (meer). Controleer het adres of ga terug naar het overzicht.",
        BackHome => "Terug naar het overzicht",
        ErrorTitle => "Er ging iets mis",
        ErrorBody => "De pagina kon niet worden geladen. Uw gegevens zijn niet verloren; probeer het zo opnieuw.",
        Footer => "Aansluiting — onderzoek naar de aansluiting van beroepscompetentieprofielen op de praktijk",
    }
}

fn en(key: Key) -> &'static str {
    use Key::*;
    match key {
        AppName => "Aansluiting",
        Tagline => "Does the occupational competence profile still fit practice?",
        SkipToContent => "Skip to content",
        MainNavigation => "Main navigation",
        NavOverview => "Overview",
        NavStatus => "System status",
        Language => "Language",
        DemoBanner => "Demo environment: all studies and answers here are made up.",
        HomeTitle => "Fit with professional practice",
        HomeIntro => "Interview companies item by item, let work-based learning advisers rate live in a workshop, and publish per item whether the competence profile fits well, partly or insufficiently.",
        HomeAudience => "For researchers, interviewers, work-based learning advisers and coordinators.",
        VerdictLegend => "Verdicts",
        VerdictGood => "Fits well",
        VerdictPartial => "Fits partly",
        VerdictInsufficient => "Fits insufficiently",
        VerdictInsufficientData => "Too little data",
        StatusTitle => "System status",
        StatusDatabase => "Database",
        StatusMigrations => "Migrations applied",
        StatusVersion => "Version",
        StatusReady => "Ready",
        StatusRefresh => "Check again",
        Loading => "Loading…",
        NotFoundTitle => "Page not found",
        NotFoundBody => "This page does not exist (any more). Check the address or go back to the overview.",
        BackHome => "Back to the overview",
        ErrorTitle => "Something went wrong",
        ErrorBody => "The page could not be loaded. Your data is not lost; please try again shortly.",
        Footer => "Aansluiting — research into how well competence profiles fit practice",
    }
}
