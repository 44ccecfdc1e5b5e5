//! The string catalogue. Exhaustive matches make a missing translation a compile error.

use super::locale::Locale;

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
    OfflineTitle,
    OfflineBody,
    OfflinePending,
    OfflineNothingPending,
    OfflineRetry,
    Footer,
    NavCodebooks,
    CodebooksTitle,
    CodebooksIntro,
    CodebooksAvailable,
    NoCodebooks,
    ColName,
    ColVersion,
    ColOrigin,
    OriginBuiltin,
    OriginImport,
    CountQualifications,
    CountRoles,
    CountSections,
    CountItems,
    SectionDescription,
    SectionTasks,
    SectionCompetencies,
    SectionKnowledgeSkills,
    ExportQdc,
    ExportJson,
    TreeTitle,
    SearchItems,
    ItemsFound,
    ImportTitle,
    ImportHelp,
    ImportFileLabel,
    ImportButton,
    Importing,
    ImportDone,
    ImportAlreadyThere,
    ImportFailed,
    ImportNoFile,
    ImportUnreadable,
    NavStudies,
    SignIn,
    SignOut,
    SignInTitle,
    SignInNeeded,
    SignInWrong,
    SignInThrottled,
    ErrNotFound,
    ErrInvalid,
    ErrInvalidField,
    ErrMalformed,
    ErrConflict,
    ErrOpConflict,
    ErrStale,
    ErrUnauthorized,
    ErrForbidden,
    ErrCrossOrigin,
    ErrThrottled,
    ErrUnavailable,
    ErrTooLarge,
    ErrTransport,
    ErrInternal,
    ErrStorage,
    ErrNoAccount,
    ErrAlreadyMember,
    ErrLastCoordinator,
    ErrVersionExists,
    ImportUnreadableFile,
    ImportBrokenRules,
    PlaceLineColumn,
    PlaceLine,
    KindQualification,
    KindRole,
    KindSection,
    KindItem,
    ProbSyntax,
    ProbTruncated,
    ProbEmpty,
    ProbMissingField,
    ProbWrongValue,
    ProbTooDeep,
    ProbTooLarge,
    ProbNotACodebook,
    ProbNoCodes,
    ProbWrongFormat,
    ProbNotAGuid,
    ProbDuplicateGuid,
    ProbEmptyText,
    ProbTooLong,
    ProbMultiLine,
    ProbVersionZero,
    ProbNoQualification,
    ProbTooManyNodes,
    ProbWrongKind,
    ProbSectionKindMissing,
    ProbSectionKindNotAllowed,
    ProbBadNumber,
    ProbBadColor,
    ProbItemWithChildren,
    ProbNoChildren,
    ProbDuplicateSection,
    ProbUnknownParent,
    ProbOwnParent,
    ProbCycle,
    ProbCodeWithoutGuid,
    ProbCodeWithoutName,
    ProbTooManySections,
    ProbOther,
    MonthJan,
    MonthFeb,
    MonthMar,
    MonthApr,
    MonthMay,
    MonthJun,
    MonthJul,
    MonthAug,
    MonthSep,
    MonthOct,
    MonthNov,
    MonthDec,
    DateUnknown,
    BrowserOn,
    UnknownBrowser,
    UnknownSystem,
    CopyToken,
    Copied,
    CopyFailed,
    AreYouSure,
    Cancel,
    LastActive,
    CreatedOn,
    Email,
    Password,
    AccountTitle,
    SessionsTitle,
    ThisSession,
    SignOutThere,
    SignOutEverywhere,
    TokensTitle,
    TokensHelp,
    TokenName,
    CreateToken,
    TokenShownOnce,
    Revoke,
    Revoked,
    StudiesTitle,
    NoStudies,
    NewStudy,
    Create,
    MyRole,
    Role,
    RoleCoordinator,
    RoleInterviewer,
    RoleFacilitator,
    RoleViewer,
    MembersTitle,
    AddMember,
    Remove,
    AuditTitle,
    AuditStudyCreated,
    AuditMemberAdded,
    AuditRoleChanged,
    AuditMemberRemoved,
    AuditInterviewCreated,
    AuditOther,
    AuditAdministrator,
    AuditSomeone,
    AuditEmpty,
    InterviewsTitle,
    NewInterview,
    Organisation,
    SbiSection,
    RespondentFunction,
    HeldOn,
    Mode,
    ModeOnSite,
    ModeVideo,
    ModePhone,
    Progress,
    RatingRecognised,
    RatingPartly,
    RatingNotRecognised,
    RatingNotDiscussed,
    NoteToggle,
    NoteLabel,
    CaptureHelp,
    ReadOnlyNotice,
    InterviewerLabel,
    InterviewerChanged,
    InterviewDetailsTitle,
    JumpTo,
    JumpMenu,
    JobsAndEducation,
    NoteWaitsForRating,
    ChooseOption,
    HistoryRatingChanged,
    HistoryNoteChanged,
    HistoryQuoteChanged,
    HistoryRemoved,
    SaveSaved,
    SaveSaving,
    SaveOffline,
    SaveWaiting,
    SaveFailed,
    ConflictTitle,
    ConflictMine,
    ConflictServer,
    ConflictDismiss,
    QuoteLabel,
    HistoryToggle,
    HistoryTitle,
    HistoryEmpty,
    HistoryNone,
    DetailsTitle,
    TrendsTitle,
    TrendImpactLabel,
    ImpactLarge,
    ImpactSome,
    ImpactNone,
    ImpactNotDiscussed,
    TrendNote,
    JobTitles,
    RelatedOccupations,
    EducationNow,
    EducationInFiveYears,
    AspectsTitle,
    TagAdd,
    TagRemove,
    TagPlaceholder,
    FieldConflict,
    EditDetails,
    Consent,
    InterviewNotes,
    SaveDetails,
    DetailsSaved,
    DetailsQueued,
    SaveSignedOut,
    SessionLostTitle,
    SessionLostBody,
    SessionLostSignIn,
    DetailsStale,
    DetailsStaleHint,
    DetailsTakeStored,
    DashboardTitle,
    DashboardOpen,
    DashboardIntro,
    LiveLabel,
    LiveConnecting,
    LiveLive,
    LiveReconnecting,
    ThresholdVersionN,
    RespondentsN,
    Updating,
    OnThisPage,
    FiltersTitle,
    FilterSource,
    SourceInterview,
    SourceWorkshop,
    FilterAll,
    FilterQualification,
    FilterFrom,
    FilterTo,
    FilterInterviewer,
    FilterClear,
    FilterApply,
    FilterActive,
    OverviewTitle,
    OverviewHelp,
    TablesTitle,
    ColNumber,
    ColItem,
    ColVerdict,
    ColRate,
    NotStable,
    RateDescribed,
    NoAnswersYet,
    RoleVerdict,
    ItemsPerVerdict,
    DrillTitle,
    Close,
    DrillBySource,
    DrillBySbi,
    DrillAnswers,
    DrillNoAnswers,
    Note,
    Quote,
    CoverageTitle,
    CoverageHelp,
    CoverageInterviews,
    CoverageReference,
    CoverageShort,
    CoverageCompare,
    CoverageCompanies,
    CoverageExpected,
    CoverageNoInterviews,
    SbiUnknown,
    ThresholdsTitle,
    ThresholdsSummary,
    ThresholdGood,
    ThresholdPartial,
    ThresholdMinN,
    PreviewTitle,
    PreviewChanges,
    PreviewOneChange,
    PreviewNoChange,
    ThresholdSave,
    ThresholdSaved,
    ThresholdInvalid,
    ThresholdHistory,
    ThresholdInForce,
    ColSetBy,
    ColSetOn,
    DefaultThresholds,
    RemoteChanged,
    RemoteAlsoElsewhere,
    ErrWorkshopClosed,
    ErrWorkshopFull,
    ErrItemNotOpen,
    ErrRoundClosed,
    ErrNotPaced,
    ErrNoOpenItem,
    ErrAlreadyRevealed,
    ErrNotRevealed,
    PhoneTitle,
    PhoneCode,
    PhoneCodeHint,
    PhoneName,
    PhoneNameHint,
    PhoneOrganisation,
    PhoneSbi,
    PhoneSbiNone,
    PhoneJoin,
    PhoneJoining,
    PhoneJoinedAs,
    PhoneWaiting,
    PhoneRound,
    PhoneRevote,
    PhoneYourVote,
    PhoneVoteClosed,
    PhoneResults,
    PhoneVoters,
    PhoneClosed,
    PhoneItemOf,
    PhonePrevious,
    PhoneNext,
    PhoneRated,
    PhoneSaved,
    PhoneSaving,
    PhoneOffline,
    PhoneLive,
    PhoneReconnecting,
    PhoneJoinAgain,
    PhoneLeft,
    PhonePrompt,
    PhoneNotBuilt,
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
        HomeIntro => {
            "Interview bedrijven onderdeel voor onderdeel, laat adviseurs praktijkleren live beoordelen in een werksessie en publiceer per onderdeel of het beroepscompetentieprofiel goed, gedeeltelijk of onvoldoende aansluit."
        }
        HomeAudience => {
            "Voor onderzoekers, interviewers, adviseurs praktijkleren en coördinatoren."
        }
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
        OfflineTitle => "Geen verbinding",
        OfflineBody => {
            "Deze pagina is nog niet op dit apparaat bewaard en kan zonder verbinding niet worden geopend. Pagina's die u eerder met verbinding hebt geopend, werken wel."
        }
        OfflinePending => {
            "Wijzigingen die veilig op dit apparaat wachten en worden verstuurd zodra het interview weer met verbinding openstaat:"
        }
        OfflineNothingPending => "Er wachten op dit apparaat geen wijzigingen op verzending.",
        OfflineRetry => "Opnieuw proberen",
        NotFoundTitle => "Pagina niet gevonden",
        NotFoundBody => {
            "Deze pagina bestaat niet (meer). Controleer het adres of ga terug naar het overzicht."
        }
        BackHome => "Terug naar het overzicht",
        ErrorTitle => "Er ging iets mis",
        ErrorBody => {
            "De pagina kon niet worden geladen. Uw gegevens zijn niet verloren; probeer het zo opnieuw."
        }
        Footer => {
            "Aansluiting — onderzoek naar de aansluiting van beroepscompetentieprofielen op de praktijk"
        }
        NavCodebooks => "Codeboeken",
        CodebooksTitle => "Codeboeken",
        CodebooksIntro => {
            "Een codeboek is de boom van een beroepscompetentieprofiel: kwalificatie, rol, onderdeel en de onderdelen die u beoordeelt. Een studie codeert altijd tegen één vaste versie."
        }
        CodebooksAvailable => "Beschikbare codeboeken",
        NoCodebooks => "Er zijn nog geen codeboeken.",
        ColName => "Naam",
        ColVersion => "Versie",
        ColOrigin => "Herkomst",
        OriginBuiltin => "Ingebouwd",
        OriginImport => "Geïmporteerd",
        CountQualifications => "Kwalificaties",
        CountRoles => "Rollen",
        CountSections => "Secties",
        CountItems => "Te beoordelen items",
        SectionDescription => "Beschrijving van de rol",
        SectionTasks => "Werkzaamheden",
        SectionCompetencies => "Competenties",
        SectionKnowledgeSkills => "Kennis en vaardigheden",
        ExportQdc => "Exporteren als REFI-QDA (.qdc)",
        ExportJson => "Exporteren als JSON",
        TreeTitle => "Opbouw",
        SearchItems => "Zoeken in items",
        ItemsFound => "items gevonden",
        ImportTitle => "Codeboek importeren",
        ImportHelp => {
            "Een JSON-bestand in het Aansluiting-formaat of een REFI-QDA-codeboek (.qdc) uit bijvoorbeeld ATLAS.ti, MAXQDA of NVivo. Bij een fout wordt niets opgeslagen."
        }
        ImportFileLabel => "Bestand (.json of .qdc)",
        ImportButton => "Importeren",
        Importing => "Bezig met importeren…",
        ImportDone => "Geïmporteerd:",
        ImportAlreadyThere => "Deze versie was al aanwezig; er is niets veranderd:",
        ImportFailed => "Importeren mislukt.",
        ImportNoFile => "Kies eerst een bestand.",
        ImportUnreadable => "Het bestand kon niet worden gelezen.",
        NavStudies => "Studies",
        SignIn => "Aanmelden",
        SignOut => "Afmelden",
        SignInTitle => "Aanmelden",
        SignInNeeded => "Meld u aan om deze pagina te zien",
        SignInWrong => "Het e-mailadres of wachtwoord klopt niet.",
        SignInThrottled => "Te veel mislukte pogingen. Probeer het over een kwartier opnieuw.",
        ErrNotFound => "Dit bestaat niet (meer), of u hebt er geen toegang toe.",
        ErrInvalid => "Niet gelukt: iets in het formulier klopt niet. Controleer wat u invulde.",
        ErrInvalidField => "Niet gelukt: controleer het veld „{field}”.",
        ErrMalformed => {
            "Het verzoek kon niet worden gelezen. Laad de pagina opnieuw en probeer het nog eens."
        }
        ErrConflict => "Dat kan niet: het botst met wat al is opgeslagen. Laad de pagina opnieuw.",
        ErrOpConflict => {
            "Deze wijziging was al met andere inhoud verstuurd en is niet doorgevoerd. Laad de pagina opnieuw."
        }
        ErrStale => {
            "Iemand anders heeft dit intussen gewijzigd. Laad de pagina opnieuw om de nieuwste versie te zien."
        }
        ErrUnauthorized => "U bent niet (meer) aangemeld. Meld u aan en probeer het opnieuw.",
        ErrForbidden => {
            "U hebt geen toestemming voor deze actie. Een coördinator van de studie kan uw rol aanpassen."
        }
        ErrCrossOrigin => {
            "Dit verzoek kwam niet van deze site en is geweigerd. Laad de pagina opnieuw."
        }
        ErrThrottled => "Te veel pogingen achter elkaar. Wacht even en probeer het dan opnieuw.",
        ErrUnavailable => {
            "De gegevens zijn nu niet bereikbaar. Er is niets verloren; probeer het zo opnieuw."
        }
        ErrTooLarge => "Dit is te groot om te versturen. Kies een kleiner bestand of korter tekst.",
        ErrTransport => {
            "Geen verbinding met de server. Controleer de verbinding en probeer het opnieuw."
        }
        ErrInternal => "Er ging aan de kant van de server iets mis. Probeer het opnieuw.",
        ErrStorage => {
            "Deze browser kan de wijziging niet bewaren (opslag vol of uitgeschakeld). Laat dit venster open en vraag de beheerder om hulp."
        }
        ErrNoAccount => {
            "Er is geen account met dit e-mailadres. Vraag de beheerder van deze Aansluiting-installatie om een account aan te maken en voeg de persoon daarna toe."
        }
        ErrAlreadyMember => {
            "Deze persoon is al lid van de studie. Wijzig zo nodig de rol in de ledenlijst."
        }
        ErrLastCoordinator => {
            "Een studie heeft minstens één coördinator nodig. Maak eerst iemand anders coördinator."
        }
        ErrVersionExists => {
            "Deze versie van het codeboek bestaat al met andere inhoud. Geef het gewijzigde codeboek een hoger versienummer."
        }
        ImportUnreadableFile => "Het bestand is geen leesbaar codeboek; er is niets geïmporteerd.",
        ImportBrokenRules => {
            "Het codeboek voldoet niet aan {n} regel(s); er is niets geïmporteerd."
        }
        PlaceLineColumn => "regel {line}, kolom {column}",
        PlaceLine => "regel {line}",
        KindQualification => "kwalificatie",
        KindRole => "rol",
        KindSection => "sectie",
        KindItem => "item",
        ProbSyntax => "Hier klopt de opmaak van het bestand niet.",
        ProbTruncated => {
            "Het bestand houdt hier op terwijl er nog iets moest volgen: het is waarschijnlijk afgebroken bij het kopiëren of opslaan."
        }
        ProbEmpty => "Het bestand is leeg.",
        ProbMissingField => "Het verplichte veld „{field}” ontbreekt.",
        ProbWrongValue => "Deze waarde heeft niet de verwachte vorm.",
        ProbTooDeep => {
            "Het bestand is dieper genest dan een codeboek kan zijn (kwalificatie → rol → sectie → item)."
        }
        ProbTooLarge => "Het bestand heeft meer elementen dan een import aankan.",
        ProbNotACodebook => "Dit is geen REFI-QDA-codeboek: het hoofdelement moet <CodeBook> zijn.",
        ProbNoCodes => "Het codeboek bevat geen <Codes>.",
        ProbWrongFormat => "Moet „{expected}” zijn.",
        ProbNotAGuid => "Moet een GUID zijn, zoals 6f1d2a8e-3c59-4b7e-9a0d-5b1c2e7f4a10.",
        ProbDuplicateGuid => "Deze GUID komt twee keer voor; eerst bij {first}.",
        ProbEmptyText => "Mag niet leeg zijn.",
        ProbTooLong => "Langer dan {max} tekens.",
        ProbMultiLine => "Moet op één regel passen.",
        ProbVersionZero => "De versie moet 1 of hoger zijn.",
        ProbNoQualification => "Een codeboek heeft minstens één kwalificatie nodig.",
        ProbTooManyNodes => "Te veel onderdelen: hoogstens {max}.",
        ProbWrongKind => "Hier hoort een {expected}, maar er staat een {found}.",
        ProbSectionKindMissing => {
            "Een sectie heeft een soort nodig: beschrijving, werkzaamheden, competenties of kennis en vaardigheden."
        }
        ProbSectionKindNotAllowed => "Alleen secties hebben een soort.",
        ProbBadNumber => "Moet een kort nummer zijn, zoals 3 of 2.1.",
        ProbBadColor => "Moet een kleur als #rrggbb zijn.",
        ProbItemWithChildren => "Een item kan geen onderdelen onder zich hebben.",
        ProbNoChildren => "Hieronder moet minstens één {kind} staan.",
        ProbDuplicateSection => "Deze rol heeft deze sectie al: {kind}.",
        ProbUnknownParent => "Geen enkel onderdeel heeft GUID {guid}.",
        ProbOwnParent => "Een onderdeel kan niet zijn eigen ouder zijn.",
        ProbCycle => "Dit onderdeel zit in een kringloop van ouders.",
        ProbCodeWithoutGuid => "Een <Code> heeft een guid-attribuut nodig.",
        ProbCodeWithoutName => "Een <Code> heeft een niet-lege naam nodig.",
        ProbTooManySections => {
            "Deze rol heeft {count} secties; een rol heeft er hoogstens één van elke soort."
        }
        ProbOther => "Dit deel van het bestand klopt niet.",
        MonthJan => "jan",
        MonthFeb => "feb",
        MonthMar => "mrt",
        MonthApr => "apr",
        MonthMay => "mei",
        MonthJun => "jun",
        MonthJul => "jul",
        MonthAug => "aug",
        MonthSep => "sep",
        MonthOct => "okt",
        MonthNov => "nov",
        MonthDec => "dec",
        DateUnknown => "—",
        BrowserOn => "{browser} op {os}",
        UnknownBrowser => "Onbekende browser",
        UnknownSystem => "onbekend systeem",
        CopyToken => "Kopiëren",
        Copied => "Gekopieerd",
        CopyFailed => "Kopiëren lukte niet; de sleutel is geselecteerd: druk op Ctrl+C (of ⌘C).",
        AreYouSure => "Weet je het zeker?",
        Cancel => "Annuleren",
        LastActive => "laatst actief",
        CreatedOn => "aangemaakt",
        Email => "E-mailadres",
        Password => "Wachtwoord",
        AccountTitle => "Mijn account",
        SessionsTitle => "Actieve sessies",
        ThisSession => "deze sessie",
        SignOutThere => "Daar afmelden",
        SignOutEverywhere => "Overal afmelden",
        TokensTitle => "API-sleutels",
        TokensHelp => {
            "Voor scripts (R, Python, curl): stuur de sleutel mee als Authorization: Bearer …"
        }
        TokenName => "Naam van de sleutel",
        CreateToken => "Sleutel maken",
        TokenShownOnce => "Kopieer de sleutel nu; hij wordt niet nog eens getoond:",
        Revoke => "Intrekken",
        Revoked => "ingetrokken",
        StudiesTitle => "Mijn studies",
        NoStudies => "U bent nog geen lid van een studie.",
        NewStudy => "Nieuwe studie",
        Create => "Aanmaken",
        MyRole => "Mijn rol",
        Role => "Rol",
        RoleCoordinator => "Coördinator",
        RoleInterviewer => "Interviewer",
        RoleFacilitator => "Facilitator",
        RoleViewer => "Meelezer",
        MembersTitle => "Leden",
        AddMember => "Lid toevoegen",
        Remove => "Verwijderen",
        AuditTitle => "Logboek",
        AuditStudyCreated => "{actor} heeft de studie „{name}” aangemaakt.",
        AuditMemberAdded => "{actor} heeft {subject} toegevoegd als {role}.",
        AuditRoleChanged => "{actor} heeft de rol van {subject} gewijzigd van {from} in {to}.",
        AuditMemberRemoved => "{actor} heeft {subject} ({role}) uit de studie verwijderd.",
        AuditInterviewCreated => "{actor} is een interview begonnen met {organisation}.",
        AuditOther => "{actor} heeft iets gewijzigd ({action}).",
        AuditAdministrator => "De beheerder",
        AuditSomeone => "Iemand",
        AuditEmpty => "Nog niets vastgelegd.",
        InterviewsTitle => "Interviews",
        NewInterview => "Nieuw interview",
        Organisation => "Organisatie",
        SbiSection => "SBI-sectie",
        RespondentFunction => "Functie gesprekspartner",
        HeldOn => "Datum",
        Mode => "Vorm",
        ModeOnSite => "Op locatie",
        ModeVideo => "Video",
        ModePhone => "Telefoon",
        Progress => "Voortgang",
        RatingRecognised => "Herkend",
        RatingPartly => "Gedeeltelijk herkend",
        RatingNotRecognised => "Niet herkend",
        RatingNotDiscussed => "Niet besproken",
        NoteToggle => "Notitie (n)",
        NoteLabel => "Notitie bij dit item",
        CaptureHelp => {
            "Toetsen: 1 herkend · 2 gedeeltelijk · 3 niet herkend · 0 niet besproken · j/k of pijltjes: volgend/vorig item · u: volgend onbeoordeeld item · n: notitie en citaat · h: geschiedenis · Esc: van een tekstveld terug naar het item. Alles wordt direct bewaard, ook zonder verbinding."
        }
        ReadOnlyNotice => {
            "Alleen {name} (de interviewer) en de coördinatoren van de studie kunnen dit interview bewerken. U kunt het lezen."
        }
        InterviewerLabel => "Interviewer",
        InterviewerChanged => "Interviewer gewijzigd",
        InterviewDetailsTitle => "Interviewgegevens",
        JumpTo => "Ga naar",
        JumpMenu => "Onderdelen van het interview",
        JobsAndEducation => "Functies en opleiding",
        NoteWaitsForRating => {
            "Kies eerst een beoordeling (1, 2, 3 of 0): dan wordt deze notitie bewaard."
        }
        ChooseOption => "Kies…",
        HistoryRatingChanged => "Beoordeling",
        HistoryNoteChanged => "Notitie",
        HistoryQuoteChanged => "Citaat",
        HistoryRemoved => "verwijderd",
        SaveSaved => "Opgeslagen",
        SaveSaving => "Bezig met opslaan…",
        SaveOffline => "Geen verbinding",
        SaveWaiting => "wachtend",
        SaveFailed => "Niet opgeslagen:",
        ConflictTitle => {
            "Iemand anders heeft deze antwoorden intussen gewijzigd. Uw wijziging is niet doorgevoerd:"
        }
        ConflictMine => "u:",
        ConflictServer => "nu opgeslagen:",
        ConflictDismiss => "Begrepen",
        QuoteLabel => "Citaat (letterlijk)",
        HistoryToggle => "Geschiedenis (h)",
        HistoryTitle => "Wijzigingen van dit antwoord",
        HistoryEmpty => "Nog geen opgeslagen wijzigingen.",
        HistoryNone => "geen",
        DetailsTitle => "Trends, functies en opleiding",
        TrendsTitle => "Impact van de trends",
        TrendImpactLabel => "Impact",
        ImpactLarge => "Groot",
        ImpactSome => "Enig",
        ImpactNone => "Geen",
        ImpactNotDiscussed => "Niet besproken",
        TrendNote => "Toelichting",
        JobTitles => "Functienamen in het bedrijf",
        RelatedOccupations => "Verwante beroepen",
        EducationNow => "Gevraagd opleidingsniveau nu",
        EducationInFiveYears => "Gevraagd opleidingsniveau over vijf jaar",
        AspectsTitle => "Aanvullende aspecten bij deze rol",
        TagAdd => "Toevoegen",
        TagRemove => "Verwijder",
        TagPlaceholder => "Typ en druk op Enter",
        FieldConflict => {
            "Iemand anders wijzigde intussen een veld; het formulier toont nu de opgeslagen waarde van:"
        }
        EditDetails => "Interviewgegevens bewerken",
        Consent => "Toestemming van de respondent vastgelegd",
        InterviewNotes => "Notities bij het interview",
        SaveDetails => "Gegevens opslaan",
        DetailsSaved => "Gegevens opgeslagen.",
        DetailsQueued => {
            "Bewaard op dit apparaat. De gegevens worden verstuurd zodra er weer verbinding is."
        }
        SaveSignedOut => "Niet aangemeld",
        SessionLostTitle => "Uw sessie is verlopen.",
        SessionLostBody => {
            "Uw wijzigingen wachten in deze browser en worden verstuurd zodra u weer bent aangemeld."
        }
        SessionLostSignIn => "Opnieuw aanmelden",
        DetailsStale => {
            "Niet opgeslagen: iemand anders heeft deze gegevens intussen gewijzigd. Nu opgeslagen:"
        }
        DetailsStaleHint => {
            "Uw versie staat nog in het formulier. Sla opnieuw op om die toch door te zetten."
        }
        DetailsTakeStored => "Opgeslagen gegevens overnemen (uw versie vervalt)",
        DashboardTitle => "Dashboard",
        DashboardOpen => "Dashboard: oordelen live",
        DashboardIntro => {
            "Per onderdeel van het beroepscompetentieprofiel: hoe goed het aansluit op de praktijk, live bijgewerkt terwijl de interviews lopen."
        }
        LiveLabel => "Live bijwerken:",
        LiveConnecting => "verbinden…",
        LiveLive => "live",
        LiveReconnecting => "verbinding verbroken, opnieuw verbinden…",
        ThresholdVersionN => "drempels versie {v}",
        RespondentsN => "{n} respondenten",
        Updating => "Bijwerken…",
        OnThisPage => "Op deze pagina",
        FiltersTitle => "Filters",
        FilterSource => "Bron",
        SourceInterview => "Interviews",
        SourceWorkshop => "Werksessies",
        FilterAll => "Alle",
        FilterQualification => "Kwalificatie",
        FilterFrom => "Vanaf",
        FilterTo => "Tot en met",
        FilterInterviewer => "Interviewer",
        FilterClear => "Filters wissen",
        FilterApply => "Toepassen",
        FilterActive => "Gefilterd: de cijfers tellen alleen de gekozen respondenten.",
        OverviewTitle => "Het hele profiel in één oogopslag",
        OverviewHelp => {
            "Elk vakje is één onderdeel, per rol. Kies een vakje voor de antwoorden, toelichtingen en citaten."
        }
        TablesTitle => "Oordelen per rol",
        ColNumber => "Nr.",
        ColItem => "Onderdeel",
        ColVerdict => "Oordeel",
        ColRate => "Herkenning met 90%-interval",
        NotStable => "Niet stabiel: het 90%-interval valt niet helemaal binnen dit oordeel.",
        RateDescribed => "{rate} herkend, 90%-interval {low} tot {high}",
        NoAnswersYet => "nog geen antwoorden",
        RoleVerdict => "Oordeel over de rol",
        ItemsPerVerdict => "Onderdelen per oordeel",
        DrillTitle => "Antwoorden op dit onderdeel",
        Close => "Sluiten",
        DrillBySource => "Verdeling per bron",
        DrillBySbi => "Verdeling per SBI-sectie",
        DrillAnswers => "Antwoorden per interview",
        DrillNoAnswers => "Nog geen antwoorden op dit onderdeel.",
        Note => "Toelichting",
        Quote => "Citaat",
        CoverageTitle => "Dekking per sector",
        CoverageHelp => {
            "Interviews per SBI-sectie naast het aandeel actieve erkende leerbedrijven in die sectie (tabel 1 van het rapport). Een sector met minder interviews dan zijn aandeel vraagt nog om interviews."
        }
        CoverageInterviews => "Interviews",
        CoverageReference => "Leerbedrijven {qualification}",
        CoverageShort => "nog interviews nodig",
        CoverageCompare => "Vergelijk met de leerbedrijven van",
        CoverageCompanies => "Leerbedrijven",
        CoverageExpected => "naar aandeel ≈ {x}",
        CoverageNoInterviews => "Nog geen interviews.",
        SbiUnknown => "Onbekend",
        ThresholdsTitle => "Drempels",
        ThresholdsSummary => {
            "Sluit goed aan vanaf {good}, gedeeltelijk vanaf {partial}, bij minstens {n} antwoorden."
        }
        ThresholdGood => "Sluit goed aan vanaf (%)",
        ThresholdPartial => "Sluit gedeeltelijk aan vanaf (%)",
        ThresholdMinN => "Minimaal aantal antwoorden",
        PreviewTitle => "Voorbeeld vóór het opslaan",
        PreviewChanges => "{n} oordelen veranderen:",
        PreviewOneChange => "1 oordeel verandert:",
        PreviewNoChange => "Met deze drempels verandert geen oordeel.",
        ThresholdSave => "Opslaan als nieuwe versie",
        ThresholdSaved => "Opgeslagen als versie {v}.",
        ThresholdInvalid => {
            "Kies percentages van 0 tot 100, gedeeltelijk lager dan goed, en minstens 1 antwoord."
        }
        ThresholdHistory => "Versies",
        ThresholdInForce => "geldt nu",
        ColSetBy => "Vastgesteld door",
        ColSetOn => "Datum",
        DefaultThresholds => "standaard",
        RemoteChanged => "Gewijzigd door iemand anders",
        RemoteAlsoElsewhere => "Ook elders gewijzigd — uw wijziging wordt vergeleken",
        ErrWorkshopClosed => "De bijeenkomst is gesloten.",
        ErrWorkshopFull => "Deze bijeenkomst zit vol.",
        ErrItemNotOpen => "Over dit onderdeel wordt nu niet gestemd.",
        ErrRoundClosed => "De uitslag van deze ronde is al getoond; stemmen kan niet meer.",
        ErrNotPaced => "Alleen in een begeleide bijeenkomst open je onderdelen één voor één.",
        ErrNoOpenItem => "Open eerst een onderdeel.",
        ErrAlreadyRevealed => "De uitslag van deze ronde wordt al getoond.",
        ErrNotRevealed => "Toon eerst de uitslag van deze ronde.",
        PhoneTitle => "Meedoen aan een werksessie",
        PhoneCode => "Code",
        PhoneCodeHint => "Staat op het scherm van de begeleider.",
        PhoneName => "Je naam",
        PhoneNameHint => "Alleen de begeleider ziet wie er meedoet; niemand ziet wat jij stemt.",
        PhoneOrganisation => "Organisatie (niet verplicht)",
        PhoneSbi => "Sector (SBI, niet verplicht)",
        PhoneSbiNone => "— geen keuze —",
        PhoneJoin => "Meedoen",
        PhoneJoining => "Bezig met aanmelden…",
        PhoneJoinedAs => "Je doet mee als {name}",
        PhoneWaiting => "Even wachten: de begeleider opent zo het volgende onderdeel.",
        PhoneRound => "Ronde {n}",
        PhoneRevote => "Herstemming na de bespreking",
        PhoneYourVote => "Jouw stem: {rating}",
        PhoneVoteClosed => "De uitslag is getoond; in deze ronde kun je niet meer stemmen.",
        PhoneResults => "Uitslag ronde {n}",
        PhoneVoters => "{n} stemmen",
        PhoneClosed => "De werksessie is afgesloten. Bedankt voor je bijdrage!",
        PhoneItemOf => "Onderdeel {i} van {n}",
        PhonePrevious => "Vorige",
        PhoneNext => "Volgende",
        PhoneRated => "{n} van {total} beoordeeld",
        PhoneSaved => "Je stem is opgeslagen.",
        PhoneSaving => "Je stem wordt verstuurd…",
        PhoneOffline => "Geen verbinding: je stem gaat mee zodra die er weer is.",
        PhoneLive => "Live verbonden",
        PhoneReconnecting => "Verbinding wordt hersteld…",
        PhoneJoinAgain => "Opnieuw meedoen",
        PhoneLeft => "Je deelname is verlopen. Doe opnieuw mee met de code.",
        PhonePrompt => "Herken je dit in de praktijk?",
        PhoneNotBuilt => "De pagina voor deelnemers is niet gebouwd op deze server.",
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
        HomeIntro => {
            "Interview companies item by item, let work-based learning advisers rate live in a workshop, and publish per item whether the competence profile fits well, partly or insufficiently."
        }
        HomeAudience => {
            "For researchers, interviewers, work-based learning advisers and coordinators."
        }
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
        OfflineTitle => "No connection",
        OfflineBody => {
            "This page has not been kept on this device yet, so it cannot open without a connection. Pages you opened before while online do work."
        }
        OfflinePending => {
            "Changes waiting safely on this device, sent as soon as their interview is open with a connection again:"
        }
        OfflineNothingPending => "No changes are waiting to be sent from this device.",
        OfflineRetry => "Try again",
        NotFoundTitle => "Page not found",
        NotFoundBody => {
            "This page does not exist (any more). Check the address or go back to the overview."
        }
        BackHome => "Back to the overview",
        ErrorTitle => "Something went wrong",
        ErrorBody => {
            "The page could not be loaded. Your data is not lost; please try again shortly."
        }
        Footer => "Aansluiting — research into how well competence profiles fit practice",
        NavCodebooks => "Codebooks",
        CodebooksTitle => "Codebooks",
        CodebooksIntro => {
            "A codebook is the tree of a competence profile: qualification, role, section and the items you rate. A study is always coded against one fixed version."
        }
        CodebooksAvailable => "Available codebooks",
        NoCodebooks => "There are no codebooks yet.",
        ColName => "Name",
        ColVersion => "Version",
        ColOrigin => "Origin",
        OriginBuiltin => "Built in",
        OriginImport => "Imported",
        CountQualifications => "Qualifications",
        CountRoles => "Roles",
        CountSections => "Sections",
        CountItems => "Items to rate",
        SectionDescription => "Role description",
        SectionTasks => "Tasks",
        SectionCompetencies => "Competencies",
        SectionKnowledgeSkills => "Knowledge and skills",
        ExportQdc => "Export as REFI-QDA (.qdc)",
        ExportJson => "Export as JSON",
        TreeTitle => "Structure",
        SearchItems => "Search items",
        ItemsFound => "items found",
        ImportTitle => "Import a codebook",
        ImportHelp => {
            "A JSON file in the Aansluiting format or a REFI-QDA codebook (.qdc) from, for instance, ATLAS.ti, MAXQDA or NVivo. If anything is wrong, nothing is saved."
        }
        ImportFileLabel => "File (.json or .qdc)",
        ImportButton => "Import",
        Importing => "Importing…",
        ImportDone => "Imported:",
        ImportAlreadyThere => "This version was already there; nothing changed:",
        ImportFailed => "Import failed.",
        ImportNoFile => "Choose a file first.",
        ImportUnreadable => "The file could not be read.",
        NavStudies => "Studies",
        SignIn => "Sign in",
        SignOut => "Sign out",
        SignInTitle => "Sign in",
        SignInNeeded => "Sign in to see this page",
        SignInWrong => "The email address or password is wrong.",
        SignInThrottled => "Too many failed attempts. Try again in fifteen minutes.",
        ErrNotFound => "This does not exist (any more), or you have no access to it.",
        ErrInvalid => {
            "That did not work: something in the form is not right. Check what you entered."
        }
        ErrInvalidField => "That did not work: check the field “{field}”.",
        ErrMalformed => "The request could not be read. Reload the page and try again.",
        ErrConflict => {
            "That is not possible: it clashes with what is already stored. Reload the page."
        }
        ErrOpConflict => {
            "This change had already been sent with other content and was not applied. Reload the page."
        }
        ErrStale => {
            "Someone else changed this meanwhile. Reload the page to see the latest version."
        }
        ErrUnauthorized => "You are not signed in (any more). Sign in and try again.",
        ErrForbidden => {
            "You are not allowed to do this. A coordinator of the study can change your role."
        }
        ErrCrossOrigin => {
            "This request did not come from this site and was refused. Reload the page."
        }
        ErrThrottled => "Too many attempts in a row. Wait a while, then try again.",
        ErrUnavailable => {
            "The data cannot be reached right now. Nothing is lost; try again shortly."
        }
        ErrTooLarge => "This is too large to send. Choose a smaller file or a shorter text.",
        ErrTransport => "No connection to the server. Check the connection and try again.",
        ErrInternal => "Something went wrong on the server's side. Please try again.",
        ErrStorage => {
            "This browser cannot keep the change (storage full or switched off). Keep this window open and ask the administrator for help."
        }
        ErrNoAccount => {
            "There is no account with this email address. Ask the administrator of this Aansluiting installation to create one, then add the person."
        }
        ErrAlreadyMember => {
            "This person is already a member of the study. Change their role in the member list if needed."
        }
        ErrLastCoordinator => {
            "A study needs at least one coordinator. Make someone else coordinator first."
        }
        ErrVersionExists => {
            "This version of the codebook already exists with other content. Give the changed codebook a higher version number."
        }
        ImportUnreadableFile => "The file is not a readable codebook; nothing was imported.",
        ImportBrokenRules => "The codebook breaks {n} rule(s); nothing was imported.",
        PlaceLineColumn => "line {line}, column {column}",
        PlaceLine => "line {line}",
        KindQualification => "qualification",
        KindRole => "role",
        KindSection => "section",
        KindItem => "item",
        ProbSyntax => "The file's syntax is broken here.",
        ProbTruncated => {
            "The file stops here while more was expected: it was probably cut off when copied or saved."
        }
        ProbEmpty => "The file is empty.",
        ProbMissingField => "The required field “{field}” is missing.",
        ProbWrongValue => "This value does not have the expected form.",
        ProbTooDeep => {
            "The file is nested deeper than a codebook can be (qualification → role → section → item)."
        }
        ProbTooLarge => "The file has more elements than an import accepts.",
        ProbNotACodebook => "This is not a REFI-QDA codebook: the root element must be <CodeBook>.",
        ProbNoCodes => "The codebook contains no <Codes>.",
        ProbWrongFormat => "Must be “{expected}”.",
        ProbNotAGuid => "Must be a GUID, such as 6f1d2a8e-3c59-4b7e-9a0d-5b1c2e7f4a10.",
        ProbDuplicateGuid => "This GUID occurs twice; first at {first}.",
        ProbEmptyText => "Must not be empty.",
        ProbTooLong => "Longer than {max} characters.",
        ProbMultiLine => "Must fit on one line.",
        ProbVersionZero => "The version must be 1 or higher.",
        ProbNoQualification => "A codebook needs at least one qualification.",
        ProbTooManyNodes => "Too many nodes: at most {max}.",
        ProbWrongKind => "A {expected} belongs here, but this is a {found}.",
        ProbSectionKindMissing => {
            "A section needs a kind: description, tasks, competencies or knowledge and skills."
        }
        ProbSectionKindNotAllowed => "Only sections have a kind.",
        ProbBadNumber => "Must be a short number, such as 3 or 2.1.",
        ProbBadColor => "Must be a colour such as #rrggbb.",
        ProbItemWithChildren => "An item cannot have anything below it.",
        ProbNoChildren => "At least one {kind} must sit below this.",
        ProbDuplicateSection => "This role already has this section: {kind}.",
        ProbUnknownParent => "No node has GUID {guid}.",
        ProbOwnParent => "A node cannot be its own parent.",
        ProbCycle => "This node is part of a cycle of parents.",
        ProbCodeWithoutGuid => "A <Code> needs a guid attribute.",
        ProbCodeWithoutName => "A <Code> needs a non-empty name.",
        ProbTooManySections => {
            "This role has {count} sections; a role has at most one of each kind."
        }
        ProbOther => "This part of the file is not right.",
        MonthJan => "Jan",
        MonthFeb => "Feb",
        MonthMar => "Mar",
        MonthApr => "Apr",
        MonthMay => "May",
        MonthJun => "Jun",
        MonthJul => "Jul",
        MonthAug => "Aug",
        MonthSep => "Sep",
        MonthOct => "Oct",
        MonthNov => "Nov",
        MonthDec => "Dec",
        DateUnknown => "—",
        BrowserOn => "{browser} on {os}",
        UnknownBrowser => "Unknown browser",
        UnknownSystem => "unknown system",
        CopyToken => "Copy",
        Copied => "Copied",
        CopyFailed => "Copying did not work; the token is selected: press Ctrl+C (or ⌘C).",
        AreYouSure => "Are you sure?",
        Cancel => "Cancel",
        LastActive => "last active",
        CreatedOn => "created",
        Email => "Email address",
        Password => "Password",
        AccountTitle => "My account",
        SessionsTitle => "Active sessions",
        ThisSession => "this session",
        SignOutThere => "Sign out there",
        SignOutEverywhere => "Sign out everywhere",
        TokensTitle => "API tokens",
        TokensHelp => "For scripts (R, Python, curl): send the token as Authorization: Bearer …",
        TokenName => "Token name",
        CreateToken => "Create token",
        TokenShownOnce => "Copy the token now; it will not be shown again:",
        Revoke => "Revoke",
        Revoked => "revoked",
        StudiesTitle => "My studies",
        NoStudies => "You are not a member of any study yet.",
        NewStudy => "New study",
        Create => "Create",
        MyRole => "My role",
        Role => "Role",
        RoleCoordinator => "Coordinator",
        RoleInterviewer => "Interviewer",
        RoleFacilitator => "Facilitator",
        RoleViewer => "Viewer",
        MembersTitle => "Members",
        AddMember => "Add member",
        Remove => "Remove",
        AuditTitle => "Audit log",
        AuditStudyCreated => "{actor} created the study “{name}”.",
        AuditMemberAdded => "{actor} added {subject} as {role}.",
        AuditRoleChanged => "{actor} changed the role of {subject} from {from} to {to}.",
        AuditMemberRemoved => "{actor} removed {subject} ({role}) from the study.",
        AuditInterviewCreated => "{actor} started an interview with {organisation}.",
        AuditOther => "{actor} made a change ({action}).",
        AuditAdministrator => "The administrator",
        AuditSomeone => "Someone",
        AuditEmpty => "Nothing recorded yet.",
        InterviewsTitle => "Interviews",
        NewInterview => "New interview",
        Organisation => "Organisation",
        SbiSection => "SBI section",
        RespondentFunction => "Respondent's job title",
        HeldOn => "Date",
        Mode => "Mode",
        ModeOnSite => "On site",
        ModeVideo => "Video",
        ModePhone => "Phone",
        Progress => "Progress",
        RatingRecognised => "Recognised",
        RatingPartly => "Partly recognised",
        RatingNotRecognised => "Not recognised",
        RatingNotDiscussed => "Not discussed",
        NoteToggle => "Note (n)",
        NoteLabel => "Note on this item",
        CaptureHelp => {
            "Keys: 1 recognised · 2 partly · 3 not recognised · 0 not discussed · j/k or arrows: next/previous item · u: next unrated item · n: note and quote · h: history · Esc: from a text field back to the item. Everything is kept at once, also without a connection."
        }
        ReadOnlyNotice => {
            "Only {name} (the interviewer) and the study's coordinators can edit this interview. You can read it."
        }
        InterviewerLabel => "Interviewer",
        InterviewerChanged => "Interviewer changed",
        InterviewDetailsTitle => "Interview details",
        JumpTo => "Go to",
        JumpMenu => "Parts of the interview",
        JobsAndEducation => "Jobs and education",
        NoteWaitsForRating => "Choose a rating first (1, 2, 3 or 0): then this note is saved.",
        ChooseOption => "Choose…",
        HistoryRatingChanged => "Rating",
        HistoryNoteChanged => "Note",
        HistoryQuoteChanged => "Quote",
        HistoryRemoved => "removed",
        SaveSaved => "Saved",
        SaveSaving => "Saving…",
        SaveOffline => "Offline",
        SaveWaiting => "waiting",
        SaveFailed => "Not saved:",
        ConflictTitle => {
            "Someone else changed these answers meanwhile. Your change was not applied:"
        }
        ConflictMine => "you:",
        ConflictServer => "now stored:",
        ConflictDismiss => "Understood",
        QuoteLabel => "Quote (verbatim)",
        HistoryToggle => "History (h)",
        HistoryTitle => "Changes of this answer",
        HistoryEmpty => "No saved changes yet.",
        HistoryNone => "none",
        DetailsTitle => "Trends, jobs and education",
        TrendsTitle => "Impact of the trends",
        TrendImpactLabel => "Impact",
        ImpactLarge => "Large",
        ImpactSome => "Some",
        ImpactNone => "None",
        ImpactNotDiscussed => "Not discussed",
        TrendNote => "Explanation",
        JobTitles => "Job titles used by the company",
        RelatedOccupations => "Related occupations",
        EducationNow => "Education level asked for now",
        EducationInFiveYears => "Education level asked for in five years",
        AspectsTitle => "Additional aspects for this role",
        TagAdd => "Add",
        TagRemove => "Remove",
        TagPlaceholder => "Type and press Enter",
        FieldConflict => {
            "Someone else changed a field meanwhile; the form now shows the stored value of:"
        }
        EditDetails => "Edit interview details",
        Consent => "Respondent's consent recorded",
        InterviewNotes => "Notes on the interview",
        SaveDetails => "Save details",
        DetailsSaved => "Details saved.",
        DetailsQueued => {
            "Kept on this device. The details are sent as soon as there is a connection."
        }
        SaveSignedOut => "Not signed in",
        SessionLostTitle => "Your session has expired.",
        SessionLostBody => {
            "Your changes wait in this browser and are sent once you have signed in again."
        }
        SessionLostSignIn => "Sign in again",
        DetailsStale => "Not saved: someone else changed these details meanwhile. Stored now:",
        DetailsStaleHint => {
            "Your version is still in the form. Save again to put it through anyway."
        }
        DetailsTakeStored => "Take the stored details (your version is dropped)",
        DashboardTitle => "Dashboard",
        DashboardOpen => "Dashboard: live verdicts",
        DashboardIntro => {
            "For every item of the occupational competence profile: how well it fits practice, updated live while the interviews run."
        }
        LiveLabel => "Live updates:",
        LiveConnecting => "connecting…",
        LiveLive => "live",
        LiveReconnecting => "connection lost, reconnecting…",
        ThresholdVersionN => "thresholds version {v}",
        RespondentsN => "{n} respondents",
        Updating => "Updating…",
        OnThisPage => "On this page",
        FiltersTitle => "Filters",
        FilterSource => "Source",
        SourceInterview => "Interviews",
        SourceWorkshop => "Workshops",
        FilterAll => "All",
        FilterQualification => "Qualification",
        FilterFrom => "From",
        FilterTo => "Up to and including",
        FilterInterviewer => "Interviewer",
        FilterClear => "Clear filters",
        FilterApply => "Apply",
        FilterActive => "Filtered: the figures count only the chosen respondents.",
        OverviewTitle => "The whole profile at a glance",
        OverviewHelp => {
            "Each square is one item, by role. Choose a square for its answers, notes and quotes."
        }
        TablesTitle => "Verdicts by role",
        ColNumber => "No.",
        ColItem => "Item",
        ColVerdict => "Verdict",
        ColRate => "Recognition with 90% interval",
        NotStable => "Not stable: the 90% interval does not lie wholly within this verdict.",
        RateDescribed => "{rate} recognised, 90% interval {low} to {high}",
        NoAnswersYet => "no answers yet",
        RoleVerdict => "Verdict on the role",
        ItemsPerVerdict => "Items per verdict",
        DrillTitle => "Answers to this item",
        Close => "Close",
        DrillBySource => "Distribution by source",
        DrillBySbi => "Distribution by SBI section",
        DrillAnswers => "Answers per interview",
        DrillNoAnswers => "No answers to this item yet.",
        Note => "Note",
        Quote => "Quote",
        CoverageTitle => "Coverage by sector",
        CoverageHelp => {
            "Interviews per SBI section beside that section's share of active accredited training companies (table 1 of the report). A sector with fewer interviews than its share still needs interviews."
        }
        CoverageInterviews => "Interviews",
        CoverageReference => "Training companies {qualification}",
        CoverageShort => "needs more interviews",
        CoverageCompare => "Compare with the training companies of",
        CoverageCompanies => "Training companies",
        CoverageExpected => "by share ≈ {x}",
        CoverageNoInterviews => "No interviews yet.",
        SbiUnknown => "Unknown",
        ThresholdsTitle => "Thresholds",
        ThresholdsSummary => {
            "Fits well from {good}, partly from {partial}, with at least {n} answers."
        }
        ThresholdGood => "Fits well from (%)",
        ThresholdPartial => "Fits partly from (%)",
        ThresholdMinN => "Minimum number of answers",
        PreviewTitle => "Preview before saving",
        PreviewChanges => "{n} verdicts change:",
        PreviewOneChange => "1 verdict changes:",
        PreviewNoChange => "No verdict changes with these thresholds.",
        ThresholdSave => "Save as a new version",
        ThresholdSaved => "Saved as version {v}.",
        ThresholdInvalid => {
            "Choose percentages from 0 to 100, partly below well, and at least 1 answer."
        }
        ThresholdHistory => "Versions",
        ThresholdInForce => "in force",
        ColSetBy => "Set by",
        ColSetOn => "Date",
        DefaultThresholds => "default",
        RemoteChanged => "Changed by someone else",
        RemoteAlsoElsewhere => "Also changed elsewhere — your change will be compared",
        ErrWorkshopClosed => "The workshop has been closed.",
        ErrWorkshopFull => "This workshop is full.",
        ErrItemNotOpen => "This item is not open for voting now.",
        ErrRoundClosed => "This round's results are shown; voting has ended.",
        ErrNotPaced => "Only a paced workshop opens items one by one.",
        ErrNoOpenItem => "Open an item first.",
        ErrAlreadyRevealed => "This round's results are already shown.",
        ErrNotRevealed => "Show this round's results first.",
        PhoneTitle => "Join a workshop",
        PhoneCode => "Code",
        PhoneCodeHint => "Shown on the facilitator's screen.",
        PhoneName => "Your name",
        PhoneNameHint => "Only the facilitator sees who takes part; nobody sees how you vote.",
        PhoneOrganisation => "Organisation (optional)",
        PhoneSbi => "Sector (SBI, optional)",
        PhoneSbiNone => "— none —",
        PhoneJoin => "Join",
        PhoneJoining => "Joining…",
        PhoneJoinedAs => "You are taking part as {name}",
        PhoneWaiting => "Please wait: the facilitator will open the next item.",
        PhoneRound => "Round {n}",
        PhoneRevote => "Re-vote after the discussion",
        PhoneYourVote => "Your vote: {rating}",
        PhoneVoteClosed => "The results are shown; voting in this round has ended.",
        PhoneResults => "Results of round {n}",
        PhoneVoters => "{n} votes",
        PhoneClosed => "The workshop has ended. Thank you for taking part!",
        PhoneItemOf => "Item {i} of {n}",
        PhonePrevious => "Previous",
        PhoneNext => "Next",
        PhoneRated => "{n} of {total} rated",
        PhoneSaved => "Your vote is saved.",
        PhoneSaving => "Sending your vote…",
        PhoneOffline => "No connection: your vote is sent as soon as it is back.",
        PhoneLive => "Connected live",
        PhoneReconnecting => "Reconnecting…",
        PhoneJoinAgain => "Join again",
        PhoneLeft => "Your participation has expired. Join again with the code.",
        PhonePrompt => "Do you recognise this in practice?",
        PhoneNotBuilt => "The participants' page has not been built on this server.",
    }
}

/// How a study role is named.
pub fn role_key(role: crate::domain::access::StudyRole) -> Key {
    use crate::domain::access::StudyRole;
    match role {
        StudyRole::Coordinator => Key::RoleCoordinator,
        StudyRole::Interviewer => Key::RoleInterviewer,
        StudyRole::Facilitator => Key::RoleFacilitator,
        StudyRole::Viewer => Key::RoleViewer,
    }
}

/// How a rating is named.
pub fn rating_key(r: crate::domain::rating::Rating) -> Key {
    use crate::domain::rating::Rating;
    match r {
        Rating::Recognised => Key::RatingRecognised,
        Rating::Partly => Key::RatingPartly,
        Rating::NotRecognised => Key::RatingNotRecognised,
        Rating::NotDiscussed => Key::RatingNotDiscussed,
    }
}
