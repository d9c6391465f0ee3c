use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::ErrorCode;

/// An email address a receipt can be sent to.
///
/// Pragmatic, not RFC 5322: one `@`, a dot-atom local part of at most 64 characters, a
/// domain of at least two DNS labels, at most 254 characters in all, ASCII only. Quoted
/// local parts, IP-literal domains and internationalised addresses are valid on paper but
/// are typing mistakes far more often than real addresses at a checkout. The domain is
/// lower-cased; the local part is kept as typed because it may be case-sensitive.
///
/// `Debug` and `Display` mask the local part ("j***@example.com"); [`Email::as_str`] is the
/// address.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Email(String);

impl Email {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The first character of the local part, then `***`: enough to recognise one's own
    /// address, without its length.
    pub fn masked(&self) -> String {
        let (local, domain) = self.0.split_once('@').unwrap_or(("", &self.0));
        let first: String = local.chars().take(1).collect();
        format!("{first}***@{domain}")
    }
}

/// Parses an email address, trimming surrounding whitespace.
///
/// `Required` when empty, `TooLong` above 254 characters or a local part above 64,
/// `InvalidEmail` for anything else this pragmatic grammar refuses.
pub fn email(input: &str) -> Result<Email, ErrorCode> {
    let s = input.trim();
    if s.is_empty() {
        return Err(ErrorCode::Required);
    }
    if s.chars().count() > 254 {
        return Err(ErrorCode::TooLong);
    }
    let (local, domain) = s.split_once('@').ok_or(ErrorCode::InvalidEmail)?;
    if local.chars().count() > 64 {
        return Err(ErrorCode::TooLong);
    }
    if !is_dot_atom(local) || !is_domain(domain) {
        return Err(ErrorCode::InvalidEmail);
    }
    Ok(Email(format!("{local}@{}", domain.to_ascii_lowercase())))
}

/// RFC 5322 `atext` characters in dot-separated, non-empty runs.
fn is_dot_atom(local: &str) -> bool {
    const SPECIALS: &[u8] = b"!#$%&'*+/=?^_`{|}~-";
    !local.is_empty()
        && local.split('.').all(|run| {
            !run.is_empty()
                && run
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || SPECIALS.contains(&b))
        })
}

/// Two or more DNS labels of letters, digits and inner hyphens, and a top-level label that
/// is not all digits (so "1.2.3.4" is not taken for a domain).
fn is_domain(domain: &str) -> bool {
    let labels: Vec<&str> = domain.split('.').collect();
    let label_ok = |l: &&str| {
        (1..=63).contains(&l.len())
            && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            && !l.starts_with('-')
            && !l.ends_with('-')
    };
    labels.len() >= 2
        && labels.iter().all(label_ok)
        && labels
            .last()
            .is_some_and(|tld| !tld.bytes().all(|b| b.is_ascii_digit()))
}

impl fmt::Debug for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Email").field(&self.masked()).finish()
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.masked())
    }
}

impl Serialize for Email {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Email {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        email(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ErrorCode::*;

    #[test]
    fn ordinary_addresses_parse_and_keep_their_local_part_as_typed() {
        for (input, stored) in [
            ("joao@example.com", "joao@example.com"),
            (
                "  Maria.Silva+pix@Example.COM.br \n",
                "Maria.Silva+pix@example.com.br",
            ),
            ("a@b.co", "a@b.co"),
            (
                "o'neil_1@mail-server.example.org",
                "o'neil_1@mail-server.example.org",
            ),
            ("x@xn--80ak6aa92e.com", "x@xn--80ak6aa92e.com"),
        ] {
            assert_eq!(email(input).unwrap().as_str(), stored, "{input}");
        }
    }

    #[test]
    fn malformed_addresses_are_invalid() {
        for input in [
            "joao",
            "joao@",
            "@example.com",
            "joao@@example.com",
            "jo@ao@example.com",
            "joao@example",
            "joao@example.",
            "joao@.example.com",
            "joao@example..com",
            "joao@-example.com",
            "joao@example-.com",
            "joao@exa_mple.com",
            "joao@1.2.3.4",
            "jo ao@example.com",
            "joao@exam ple.com",
            ".joao@example.com",
            "joao.@example.com",
            "jo..ao@example.com",
            "joão@example.com",
            "joao@exámple.com",
            "\"joao\"@example.com",
            "joao@[127.0.0.1]",
            "joao@example.com,maria@example.com",
        ] {
            assert_eq!(email(input), Err(InvalidEmail), "{input}");
        }
    }

    #[test]
    fn empty_is_required() {
        assert_eq!(email(""), Err(Required));
        assert_eq!(email("   "), Err(Required));
    }

    #[test]
    fn long_addresses_and_local_parts_are_too_long() {
        let local64 = "a".repeat(64);
        assert!(email(&format!("{local64}@example.com")).is_ok());
        assert_eq!(email(&format!("a{local64}@example.com")), Err(TooLong));

        let domain = format!(
            "{}.{}.{}.com",
            "b".repeat(63),
            "c".repeat(63),
            "d".repeat(63)
        );
        let at_limit = format!("{}@{domain}", "a".repeat(254 - 1 - domain.len()));
        assert_eq!(at_limit.len(), 254);
        assert!(email(&at_limit).is_ok());
        assert_eq!(email(&format!("a{at_limit}")), Err(TooLong));
    }

    #[test]
    fn a_label_longer_than_63_characters_is_invalid() {
        let label = "b".repeat(64);
        assert_eq!(email(&format!("a@{label}.com")), Err(InvalidEmail));
    }

    #[test]
    fn debug_and_display_mask_the_local_part() {
        let e = email("joao.silva@example.com").unwrap();
        assert_eq!(e.masked(), "j***@example.com");
        assert_eq!(format!("{e:?}"), "Email(\"j***@example.com\")");
        assert_eq!(e.to_string(), "j***@example.com");
    }

    #[test]
    fn serde_writes_the_address_and_reads_only_valid_ones() {
        let e = email("joao@example.com").unwrap();
        assert_eq!(serde_json::to_string(&e).unwrap(), "\"joao@example.com\"");
        assert_eq!(
            serde_json::from_str::<Email>("\" joao@EXAMPLE.com\"").unwrap(),
            e
        );
        assert!(serde_json::from_str::<Email>("\"joao\"").is_err());
    }
}
