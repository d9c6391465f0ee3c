//! EMV QRCPS "ID(2) LEN(2) VALUE" fields.

use std::fmt::Write;

use crate::error::ErrorCode;

/// Appends one field. The value must be ASCII (see [`super::ascii::fold`]); values longer
/// than the two-digit length allows are cut at 99 characters so the payload stays
/// well-formed.
pub(super) fn push(out: &mut String, id: &str, value: &str) {
    let value = super::ascii::truncate(value, 99);
    // Writing to a String cannot fail.
    let _ = write!(out, "{id}{:02}{value}", value.len());
}

/// Splits `s` into its fields, in order. Lengths count characters, as EMV readers do.
///
/// `InvalidFormat` when an id or length is not two ASCII digits or a length runs past the
/// end of the text.
pub(super) fn fields(mut s: &str) -> Result<Vec<(&str, &str)>, ErrorCode> {
    let mut out = Vec::new();
    while !s.is_empty() {
        let (id, rest) = split_chars(s, 2)?;
        let (len, rest) = split_chars(rest, 2)?;
        if !is_two_digits(id) || !is_two_digits(len) {
            return Err(ErrorCode::InvalidFormat);
        }
        let len: usize = len.parse().map_err(|_| ErrorCode::InvalidFormat)?;
        let (value, rest) = split_chars(rest, len)?;
        out.push((id, value));
        s = rest;
    }
    Ok(out)
}

fn is_two_digits(s: &str) -> bool {
    s.len() == 2 && s.bytes().all(|b| b.is_ascii_digit())
}

fn split_chars(s: &str, n: usize) -> Result<(&str, &str), ErrorCode> {
    let at = s
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(s.len()))
        .nth(n)
        .ok_or(ErrorCode::InvalidFormat)?;
    Ok(s.split_at(at))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_read_in_order() {
        assert_eq!(
            fields("000201010212").unwrap(),
            vec![("00", "01"), ("01", "12")]
        );
        assert_eq!(fields("").unwrap(), vec![]);
    }

    #[test]
    fn a_length_past_the_end_or_a_non_numeric_header_is_a_format_error() {
        for s in ["000301", "0002", "00", "0", "AB0201", "00x201", "00+101"] {
            assert_eq!(fields(s), Err(ErrorCode::InvalidFormat), "{s}");
        }
    }

    #[test]
    fn lengths_count_characters_not_bytes() {
        assert_eq!(fields("5909São Paulo").unwrap(), vec![("59", "São Paulo")]);
    }

    #[test]
    fn push_writes_a_two_digit_length() {
        let mut out = String::new();
        push(&mut out, "59", "LOJA EXEMPLO");
        push(&mut out, "05", "");
        assert_eq!(out, "5912LOJA EXEMPLO0500");
        let mut long = String::new();
        push(&mut long, "25", &"x".repeat(120));
        assert_eq!(long.len(), 4 + 99);
        assert!(long.starts_with("2599"));
    }
}
