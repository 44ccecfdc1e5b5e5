//! What the demo interviews say: who held them, at which (invented) organisations, and the
//! short Dutch texts they draw notes, quotes and tags from. Every organisation is made up and
//! carries "(fictief)" in its name; none is one of the report's real interview partners. The
//! job titles, aspects and related occupations are generic words of the trade, as the report's
//! tables 2 and 3 and its sections 4.x.4 use them.

use app::domain::interview_fields::{EducationLevel, TrendImpact};
use app::features::interviews::dto::Mode;

/// The demo's interviewers: (email, name). Accounts with a random password nobody is shown;
/// `aansluiting admin set-password` gives one to whoever wants to sign in as them.
pub const INTERVIEWERS: [(&str, &str); 2] = [
    (
        "interviewer1@demo.aansluiting.test",
        "Demo-interviewer Noor (fictief)",
    ),
    (
        "interviewer2@demo.aansluiting.test",
        "Demo-interviewer Daan (fictief)",
    ),
];

/// Which qualifications of the codebook an interview went through. The built-in codebook has
/// two, in this order: commercieel medewerker, (junior) accountmanager.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Both,
    First,
    Second,
}

impl Focus {
    pub fn covers(self, qualification: usize) -> bool {
        match self {
            Focus::Both => qualification < 2,
            Focus::First => qualification == 0,
            Focus::Second => qualification == 1,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Meta {
    pub organisation: &'static str,
    pub sbi_section: &'static str,
    pub respondent_function: &'static str,
    /// How many days before the demo was made the interview was held.
    pub days_ago: u64,
    pub mode: Mode,
    /// An index into [`INTERVIEWERS`].
    pub interviewer: usize,
    pub focus: Focus,
}

const fn meta(
    organisation: &'static str,
    sbi_section: &'static str,
    respondent_function: &'static str,
    days_ago: u64,
    mode: Mode,
    interviewer: usize,
    focus: Focus,
) -> Meta {
    Meta {
        organisation,
        sbi_section,
        respondent_function,
        days_ago,
        mode,
        interviewer,
        focus,
    }
}

/// The twelve interviews, oldest first. Sections roughly as table 1 weighs them (G the most,
/// then C, N, M, J), with G below its 47 % and F, H, I, L and the rest not visited at all, so
/// that a coverage view has gaps to show.
#[rustfmt::skip]
pub const INTERVIEWS: [Meta; 12] = [
    meta("Voorbeeldgroothandel Noord (fictief)", "G", "Salesmanager", 40, Mode::OnSite, 0, Focus::Both),
    meta("Webwinkel Voorbeeld Oost (fictief)", "G", "Manager klantenservice", 38, Mode::Video, 1, Focus::First),
    meta("Voorbeeld Machinefabriek Midden (fictief)", "C", "Commercieel directeur", 35, Mode::OnSite, 0, Focus::Both),
    meta("Voorbeeld Verhuur Materieel (fictief)", "N", "Teamleider buitendienst", 33, Mode::Phone, 1, Focus::Second),
    meta("Voorbeeld Autobedrijf West (fictief)", "G", "Teamleider binnendienst", 29, Mode::OnSite, 0, Focus::First),
    meta("Voorbeeld Adviesbureau Zuid (fictief)", "M", "Eigenaar", 27, Mode::Video, 1, Focus::Second),
    meta("Voorbeeld Voedingsmiddelen Oost (fictief)", "C", "Accountmanager", 24, Mode::OnSite, 0, Focus::Second),
    meta("Voorbeeld Softwarehuis Noord (fictief)", "J", "Salesmanager", 21, Mode::Video, 0, Focus::Both),
    meta("Voorbeeld Bouwmaterialenhandel Zuid (fictief)", "G", "Praktijkopleider", 17, Mode::OnSite, 1, Focus::Both),
    meta("Voorbeeld Verzekeringen Midden (fictief)", "K", "HR-adviseur", 14, Mode::Phone, 0, Focus::First),
    meta("Voorbeeld Uitzendbureau West (fictief)", "N", "Vestigingsmanager", 10, Mode::Video, 1, Focus::Both),
    meta("Voorbeeld Sportcentrum Oost (fictief)", "R", "Manager verkoop", 7, Mode::OnSite, 0, Focus::Both),
];

/// The interview's own notes, which also say that it is made up.
pub const INTERVIEW_NOTE: &str =
    "Fictief demo-interview: organisatie, gesprekspartner en antwoorden zijn verzonnen.";

pub const NOTES_RECOGNISED: [&str; 4] = [
    "Sluit goed aan bij de dagelijkse praktijk.",
    "Dit is de kern van het werk.",
    "Herkenbaar; komt ook in het inwerkprogramma aan bod.",
    "Herkend, vooral bij de ervaren medewerkers.",
];

pub const NOTES_PARTLY: [&str; 5] = [
    "Herkenbaar, maar hier ligt dit deels bij een andere afdeling.",
    "Komt voor, maar minder vaak dan de beschrijving doet denken.",
    "Hangt af van de grootte van de klant en de order.",
    "Gebeurt steeds vaker online in plaats van telefonisch.",
    "Alleen bij de wat ervarener medewerkers.",
];

pub const NOTES_NOT_RECOGNISED: [&str; 4] = [
    "Dit doet de medewerker hier niet; dat hoort bij de buitendienst.",
    "Niet van toepassing in deze branche.",
    "Wordt volledig door een apart team gedaan.",
    "Is in dit bedrijf grotendeels geautomatiseerd.",
];

pub const NOTES_NOT_DISCUSSED: [&str; 2] = [
    "Geen tijd meer om dit te bespreken.",
    "Gesprekspartner kon hier niets over zeggen.",
];

pub const QUOTES_POSITIVE: [&str; 4] = [
    "Zonder goede productkennis kom je er bij onze klanten niet.",
    "Het contact met de klant loopt steeds vaker via de chat.",
    "We zoeken vooral mensen die zelf initiatief nemen.",
    "Klanten zijn beter geïnformeerd dan vroeger.",
];

pub const QUOTES_CRITICAL: [&str; 3] = [
    "Dit onderdeel zie ik bij ons eigenlijk niet terug.",
    "Dat doet bij ons de marketingafdeling.",
    "Zo zelfstandig werkt een beginner hier niet.",
];

/// Per trend (a key of `reference::TRENDS`): weights of large, some, none and not discussed,
/// and notes an interviewer might have written.
pub struct TrendLine {
    pub key: &'static str,
    pub weights: [u32; 4],
    pub notes: [&'static str; 2],
}

pub const IMPACTS: [TrendImpact; 4] = [
    TrendImpact::Large,
    TrendImpact::Some,
    TrendImpact::None,
    TrendImpact::NotDiscussed,
];

pub const TRENDS: [TrendLine; 6] = [
    TrendLine {
        key: "ecommerce_digitalisation",
        weights: [60, 30, 5, 5],
        notes: [
            "Klanten bestellen steeds vaker online.",
            "De webshop neemt eenvoudige vragen over.",
        ],
    },
    TrendLine {
        key: "changing_customer",
        weights: [45, 40, 10, 5],
        notes: [
            "Klanten verwachten meer advies.",
            "Meer vragen over herkomst van producten.",
        ],
    },
    TrendLine {
        key: "supply_chain_shift_upscaling",
        weights: [15, 40, 30, 15],
        notes: [
            "Het assortiment is flink breder geworden.",
            "Sinds kort ook leveringen aan particulieren.",
        ],
    },
    TrendLine {
        key: "big_smart_data",
        weights: [20, 45, 25, 10],
        notes: [
            "Het CRM-systeem stuurt steeds meer van het werk.",
            "Verkoopcijfers worden wekelijks besproken.",
        ],
    },
    TrendLine {
        key: "sustainability",
        weights: [20, 50, 20, 10],
        notes: [
            "Zakelijke klanten vragen naar duurzame alternatieven.",
            "Duurzaamheid staat in elke offerte.",
        ],
    },
    TrendLine {
        key: "covid19",
        weights: [35, 45, 15, 5],
        notes: [
            "Meer thuiswerken en videobellen met klanten.",
            "Beurzen zijn deels vervangen door webinars.",
        ],
    },
];

pub const ASPECTS: [&str; 10] = [
    "betrouwbaarheid",
    "communicatief vaardig",
    "deskundig",
    "netwerker",
    "adviseren",
    "proactief",
    "klantgericht",
    "productkennis",
    "samenwerken met marketing",
    "online communicatie",
];

pub const JOB_TITLES_FIRST: [&str; 6] = [
    "Verkoper binnendienst",
    "Inside sales representative",
    "Sales supporter",
    "Technisch adviseur binnendienst",
    "Medewerker customer service",
    "Binnendienst sales medewerker",
];

pub const JOB_TITLES_SECOND: [&str; 6] = [
    "Accountmanager",
    "Junior accountmanager",
    "Relatiemanager",
    "Sales professional",
    "Technisch adviseur buitendienst",
    "Business development manager",
];

pub const RELATED_OCCUPATIONS: [&str; 6] = [
    "Teamleider verkoop binnendienst",
    "Coördinator commerciële binnendienst",
    "Klantenservice manager",
    "Vestigingsmanager",
    "Salesmanager",
    "Marketingmedewerker",
];

/// Education now and in five years for each qualification, the second a step up (report 2.4).
pub const EDUCATION_FIRST: [(&[EducationLevel], &[EducationLevel]); 2] = [
    (
        &[EducationLevel::Mbo3, EducationLevel::Mbo4],
        &[EducationLevel::Mbo4, EducationLevel::MboPlus],
    ),
    (
        &[EducationLevel::Mbo4],
        &[EducationLevel::MboPlus, EducationLevel::Hbo],
    ),
];

pub const EDUCATION_SECOND: [(&[EducationLevel], &[EducationLevel]); 2] = [
    (
        &[EducationLevel::Mbo4, EducationLevel::Hbo],
        &[EducationLevel::Hbo],
    ),
    (
        &[EducationLevel::Mbo4],
        &[EducationLevel::MboPlus, EducationLevel::Hbo],
    ),
];
