use std::fmt;

use crate::error::ErrorCode;

/// A payer's name split the way Orkestra wants it: `firstName` and `lastName`.
///
/// The first word is the first name and the rest the last name ("José da Silva" is "José" /
/// "da Silva"). That misplaces some compound first names ("Maria José Santos"), but any split
/// does for someone, and a name is never rejected for it.
///
/// `Debug` shows initials only: a name is personal data.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct PersonName {
    first: String,
    last: String,
}

impl PersonName {
    pub fn first(&self) -> &str {
        &self.first
    }

    pub fn last(&self) -> &str {
        &self.last
    }

    /// The name as typed, with runs of whitespace collapsed.
    pub fn full(&self) -> String {
        format!("{} {}", self.first, self.last)
    }
}

const MAX_CHARS: usize = 100;

/// Parses a full name: trims, collapses whitespace runs to one space.
///
/// `Required` when empty; `TooLong` above 100 characters; `InvalidFormat` when it has no
/// letter, has a control character or a digit (in any script), or is a single word,
/// because Orkestra needs both a first and a last name.
pub fn person_name(input: &str) -> Result<PersonName, ErrorCode> {
    let words: Vec<&str> = input.split_whitespace().collect();
    let Some((first, rest)) = words.split_first() else {
        return Err(ErrorCode::Required);
    };
    let last = rest.join(" ");
    let chars = first.chars().count() + 1 + last.chars().count();
    if chars > MAX_CHARS {
        return Err(ErrorCode::TooLong);
    }
    let all = || words.iter().flat_map(|w| w.chars());
    if all().any(|c| c.is_control() || c.is_numeric()) || !all().any(char::is_alphabetic) {
        return Err(ErrorCode::InvalidFormat);
    }
    if last.is_empty() {
        return Err(ErrorCode::InvalidFormat);
    }
    Ok(PersonName {
        first: (*first).to_owned(),
        last,
    })
}

impl fmt::Debug for PersonName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let initial = |s: &str| {
            s.chars()
                .next()
                .map(|c| format!("{c}."))
                .unwrap_or_default()
        };
        f.debug_struct("PersonName")
            .field("first", &initial(&self.first))
            .field("last", &initial(&self.last))
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ErrorCode::*;

    #[test]
    fn the_first_word_is_the_first_name_and_the_rest_the_last_name() {
        let n = person_name("José da Silva").unwrap();
        assert_eq!((n.first(), n.last()), ("José", "da Silva"));
        assert_eq!(n.full(), "José da Silva");

        let n = person_name("Kwame Mensah").unwrap();
        assert_eq!((n.first(), n.last()), ("Kwame", "Mensah"));
    }

    #[test]
    fn surrounding_and_repeated_whitespace_is_collapsed() {
        let n = person_name("  María \t  José   O'Neill-Pérez \n").unwrap();
        assert_eq!((n.first(), n.last()), ("María", "José O'Neill-Pérez"));
        assert_eq!(n.full(), "María José O'Neill-Pérez");
    }

    #[test]
    fn names_in_other_scripts_are_names() {
        let n = person_name("محمد علي").unwrap();
        assert_eq!((n.first(), n.last()), ("محمد", "علي"));
        assert!(person_name("አበበ ቢቂላ").is_ok());
        assert!(person_name("Nguyễn Văn An").is_ok());
    }

    #[test]
    fn a_single_word_lacks_the_last_name_orkestra_needs() {
        assert_eq!(person_name("Madonna"), Err(InvalidFormat));
        assert_eq!(person_name("  Madonna  "), Err(InvalidFormat));
    }

    #[test]
    fn empty_is_required() {
        assert_eq!(person_name(""), Err(Required));
        assert_eq!(person_name(" \t\n "), Err(Required));
    }

    #[test]
    fn digits_control_characters_and_letterless_names_are_invalid() {
        for input in [
            "John Smith 3rd",
            "J0hn Smith",
            "Ana ٣ Souza",
            "Ana\u{0}Maria Souza",
            "Ana Souza\u{7f}",
            "Ana \u{1b}[31m Souza",
            "- -",
            "... ...",
        ] {
            assert_eq!(person_name(input), Err(InvalidFormat), "{input:?}");
        }
    }

    #[test]
    fn up_to_100_characters_fit_and_101_do_not() {
        let first = "A".repeat(50);
        let fits = format!("{first} {}", "B".repeat(49));
        assert_eq!(fits.chars().count(), 100);
        assert!(person_name(&fits).is_ok());
        assert_eq!(person_name(&format!("{fits}B")), Err(TooLong));
        // Whitespace that collapses away does not count.
        assert!(person_name(&format!("   {first}      {}   ", "B".repeat(49))).is_ok());
    }

    #[test]
    fn length_counts_characters_not_bytes() {
        let name = format!("{} {}", "É".repeat(50), "Ñ".repeat(49));
        assert!(person_name(&name).is_ok());
    }

    #[test]
    fn debug_shows_initials_only() {
        let n = person_name("José da Silva").unwrap();
        assert_eq!(
            format!("{n:?}"),
            "PersonName { first: \"J.\", last: \"d.\" }"
        );
    }
}
