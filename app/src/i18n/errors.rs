//! Failed requests and import problems, worded for the user from their machine fields
//! (`code`, `field`, `reason`; a problem's `kind` and `params`). The server's English `message`
//! and `reason` texts are for API clients and never reach the page.

use super::catalogue::{Key, text};
use super::locale::Locale;
use crate::error::{AppError, ErrorCode, Problem, ProblemKind, Reason};

pub fn error_text(locale: Locale, e: &AppError) -> String {
    if let Some(reason) = e.reason {
        return text(locale, reason_key(reason)).to_string();
    }
    if matches!(e.code, ErrorCode::Invalid | ErrorCode::Malformed) {
        if let Some(label) = e.field.as_deref().and_then(field_label) {
            return text(locale, Key::ErrInvalidField).replace("{field}", text(locale, label));
        }
    }
    text(locale, code_key(e.code)).to_string()
}

fn reason_key(reason: Reason) -> Key {
    match reason {
        Reason::NoAccount => Key::ErrNoAccount,
        Reason::AlreadyMember => Key::ErrAlreadyMember,
        Reason::AlreadyInvited => Key::ErrAlreadyInvited,
        Reason::LastCoordinator => Key::ErrLastCoordinator,
        Reason::VersionExists => Key::ErrVersionExists,
        Reason::WrongCredentials => Key::SignInWrong,
        Reason::WorkshopClosed => Key::ErrWorkshopClosed,
        Reason::WorkshopFull => Key::ErrWorkshopFull,
        Reason::ItemNotOpen => Key::ErrItemNotOpen,
        Reason::RoundClosed => Key::ErrRoundClosed,
        Reason::NotPaced => Key::ErrNotPaced,
        Reason::NoOpenItem => Key::ErrNoOpenItem,
        Reason::AlreadyRevealed => Key::ErrAlreadyRevealed,
        Reason::NotRevealed => Key::ErrNotRevealed,
        Reason::WrongPassword => Key::ErrWrongPassword,
        Reason::ReadOnlyToken => Key::ErrReadOnlyToken,
        Reason::SessionRequired => Key::ErrSessionRequired,
        Reason::PasswordTooShort => Key::ErrPasswordTooShort,
        Reason::PasswordTooCommon => Key::ErrPasswordTooCommon,
    }
}

fn code_key(code: ErrorCode) -> Key {
    match code {
        ErrorCode::NotFound => Key::ErrNotFound,
        ErrorCode::Invalid => Key::ErrInvalid,
        ErrorCode::Malformed => Key::ErrMalformed,
        ErrorCode::Conflict => Key::ErrConflict,
        ErrorCode::OpConflict => Key::ErrOpConflict,
        ErrorCode::Stale => Key::ErrStale,
        ErrorCode::Unauthorized => Key::ErrUnauthorized,
        ErrorCode::Forbidden => Key::ErrForbidden,
        ErrorCode::CrossOrigin => Key::ErrCrossOrigin,
        ErrorCode::Throttled => Key::ErrThrottled,
        ErrorCode::Unavailable => Key::ErrUnavailable,
        ErrorCode::TooLarge => Key::ErrTooLarge,
        ErrorCode::Transport => Key::ErrTransport,
        ErrorCode::Internal => Key::ErrInternal,
        ErrorCode::Storage => Key::ErrStorage,
    }
}

/// The form label of an input the server names in `field`.
fn field_label(field: &str) -> Option<Key> {
    Some(match field {
        "name" => Key::ColName,
        "email" => Key::Email,
        "password" => Key::Password,
        "role" => Key::Role,
        "codebook_id" => Key::NavCodebooks,
        "organisation" => Key::Organisation,
        "sbi_section" => Key::SbiSection,
        "respondent_function" => Key::RespondentFunction,
        "held_on" => Key::HeldOn,
        "mode" => Key::Mode,
        "title" => Key::WsColTitle,
        "role_ids" => Key::WsRoles,
        _ => return None,
    })
}

/// Where in the file: `regel 3, kolom 7`, or the JSON pointer as it is.
pub fn problem_place(locale: Locale, p: &Problem) -> String {
    match (p.line, p.column) {
        (Some(line), Some(column)) => text(locale, Key::PlaceLineColumn)
            .replace("{line}", &line.to_string())
            .replace("{column}", &column.to_string()),
        (Some(line), None) => text(locale, Key::PlaceLine).replace("{line}", &line.to_string()),
        _ => p.at.clone(),
    }
}

/// What is wrong at that place, with the problem's parameters filled in.
pub fn problem_text(locale: Locale, p: &Problem) -> String {
    let mut sentence = text(locale, problem_key(p.kind)).to_string();
    for (name, value) in &p.params {
        let value = match name.as_str() {
            "kind" | "expected" | "found" => kind_word(locale, value),
            _ => value.clone(),
        };
        sentence = sentence.replace(&format!("{{{name}}}"), &value);
    }
    sentence
}

/// Node and section kinds by their code, in words.
fn kind_word(locale: Locale, code: &str) -> String {
    let key = match code {
        "qualification" => Key::KindQualification,
        "role" => Key::KindRole,
        "section" => Key::KindSection,
        "item" => Key::KindItem,
        "description" => Key::SectionDescription,
        "tasks" => Key::SectionTasks,
        "competencies" => Key::SectionCompetencies,
        "knowledge_skills" => Key::SectionKnowledgeSkills,
        other => return other.to_string(),
    };
    text(locale, key).to_string()
}

fn problem_key(kind: ProblemKind) -> Key {
    use ProblemKind as P;
    match kind {
        P::Syntax => Key::ProbSyntax,
        P::Truncated => Key::ProbTruncated,
        P::Empty => Key::ProbEmpty,
        P::MissingField => Key::ProbMissingField,
        P::WrongValue => Key::ProbWrongValue,
        P::TooDeep => Key::ProbTooDeep,
        P::TooLarge => Key::ProbTooLarge,
        P::NotACodebook => Key::ProbNotACodebook,
        P::NoCodes => Key::ProbNoCodes,
        P::WrongFormat => Key::ProbWrongFormat,
        P::NotAGuid => Key::ProbNotAGuid,
        P::DuplicateGuid => Key::ProbDuplicateGuid,
        P::EmptyText => Key::ProbEmptyText,
        P::TooLong => Key::ProbTooLong,
        P::MultiLine => Key::ProbMultiLine,
        P::VersionZero => Key::ProbVersionZero,
        P::NoQualification => Key::ProbNoQualification,
        P::TooManyNodes => Key::ProbTooManyNodes,
        P::WrongKind => Key::ProbWrongKind,
        P::SectionKindMissing => Key::ProbSectionKindMissing,
        P::SectionKindNotAllowed => Key::ProbSectionKindNotAllowed,
        P::BadNumber => Key::ProbBadNumber,
        P::BadColor => Key::ProbBadColor,
        P::ItemWithChildren => Key::ProbItemWithChildren,
        P::NoChildren => Key::ProbNoChildren,
        P::DuplicateSection => Key::ProbDuplicateSection,
        P::UnknownParent => Key::ProbUnknownParent,
        P::OwnParent => Key::ProbOwnParent,
        P::Cycle => Key::ProbCycle,
        P::CodeWithoutGuid => Key::ProbCodeWithoutGuid,
        P::CodeWithoutName => Key::ProbCodeWithoutName,
        P::TooManySections => Key::ProbTooManySections,
        P::Other => Key::ProbOther,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reason_beats_the_code_and_no_english_leaks() {
        let e = AppError::new(
            ErrorCode::Invalid,
            "no account for x; create it first with `aansluiting admin create-user`",
        )
        .with_field("email")
        .with_reason(Reason::NoAccount);
        let nl = error_text(Locale::Nl, &e);
        assert!(nl.contains("beheerder"), "{nl}");
        assert!(!nl.contains("aansluiting admin"), "{nl}");
        let en = error_text(Locale::En, &e);
        assert!(en.contains("administrator"), "{en}");
    }

    #[test]
    fn an_invalid_field_is_named_by_its_label() {
        let e = AppError::new(ErrorCode::Invalid, "bad").with_field("organisation");
        assert_eq!(
            error_text(Locale::Nl, &e),
            "Niet gelukt: controleer het veld „Organisatie”."
        );
        let unknown = AppError::new(ErrorCode::Invalid, "bad").with_field("/x");
        assert_eq!(
            error_text(Locale::En, &unknown),
            text(Locale::En, Key::ErrInvalid)
        );
    }

    #[test]
    fn problems_fill_in_their_parameters_and_place() {
        let p = Problem::at_position(4, Some(12), "EOF while parsing").kind(ProblemKind::Truncated);
        assert_eq!(problem_place(Locale::Nl, &p), "regel 4, kolom 12");
        let p = Problem::new("/nodes/0/children", "needs at least one role")
            .kind(ProblemKind::NoChildren)
            .param("kind", "role");
        assert_eq!(
            problem_text(Locale::Nl, &p),
            "Hieronder moet minstens één rol staan."
        );
        assert_eq!(problem_place(Locale::Nl, &p), "/nodes/0/children");
        let p = Problem::new("/", "missing field `guid`")
            .kind(ProblemKind::MissingField)
            .param("field", "guid");
        assert_eq!(
            problem_text(Locale::En, &p),
            "The required field “guid” is missing."
        );
    }
}
